"""Reads for commissioning cycles, already limited to what the user may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.permissions import is_signed_in
from commissioning.accounts.selectors import colleagues_for
from commissioning.cycles.choices import FINISHED_STATUSES, ActivityStatus, CycleStatus, FindingStatus
from commissioning.cycles.models import Activity, CommissioningCycle, EffortEntry, EvidenceLink, Finding
from commissioning.cycles.permissions import RUN_ROLES, WORK_ROLES
from commissioning.cycles.progress import CycleProgress, EffortBalance, effort_balance


def _involving(user: Any) -> Q:
    """Cycles led by, or jointly commissioned with, the user's organisation."""
    partners = CommissioningCycle.partner_organisations.through.objects.filter(
        commissioningcycle_id=OuterRef("pk"), organisation_id=user.organisation_id
    )
    return Q(lead_organisation_id=user.organisation_id) | Q(Exists(partners))


def cycles_involving(user: Any) -> QuerySet[CommissioningCycle]:
    """Cycles whose internal working the user can see (their team's, or all for administrators)."""
    queryset = CommissioningCycle.objects.all()
    if not (is_signed_in(user) and user.is_commissioning_staff):
        return queryset.none()
    return queryset.filter(_involving(user))


def cycle_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[CommissioningCycle]:
    """Cycles the user may open: their team's, plus any published cycle."""
    if not is_signed_in(user):
        return CommissioningCycle.objects.none()
    if user.is_commissioning_staff:
        queryset = CommissioningCycle.objects.filter(_involving(user) | Q(is_published=True))
    else:
        queryset = CommissioningCycle.objects.filter(is_published=True)
    queryset = queryset.select_related("lead_organisation", "lead_commissioner").prefetch_related(
        Prefetch("areas"), Prefetch("partner_organisations", queryset=Organisation.objects.only("pk", "name"))
    )
    filters = filters or {}
    if filters.get("client_group"):
        queryset = queryset.filter(client_group=filters["client_group"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("area"):
        queryset = queryset.filter(areas__code=filters["area"])
    if filters.get("organisation"):
        partners = CommissioningCycle.partner_organisations.through.objects.filter(
            commissioningcycle_id=OuterRef("pk"), organisation_id=filters["organisation"]
        )
        queryset = queryset.filter(Q(lead_organisation_id=filters["organisation"]) | Q(Exists(partners)))
    if filters.get("q"):
        queryset = queryset.filter(Q(title__icontains=filters["q"]) | Q(summary__icontains=filters["q"]))
    return queryset.order_by("status", "-period_start", "title")


def cycle_get(*, user: Any, pk: int) -> CommissioningCycle:
    return get_object_or_404(cycle_list(user=user), pk=pk)


def progress_for(cycle_ids: list[int], *, today: datetime.date | None = None) -> dict[int, CycleProgress]:
    """Each cycle's progress by level and element, from one grouped query."""
    today = today or timezone.localdate()
    rows = (
        Activity.objects.filter(cycle_id__in=cycle_ids)
        .values("cycle_id", "level", "element")
        .annotate(
            total=Count("pk"),
            finished=Count("pk", filter=Q(status__in=FINISHED_STATUSES)),
            done=Count("pk", filter=Q(status=ActivityStatus.DONE)),
            overdue=Count("pk", filter=Q(due_date__lt=today) & ~Q(status__in=FINISHED_STATUSES)),
        )
    )
    progress: dict[int, CycleProgress] = {pk: CycleProgress() for pk in cycle_ids}
    for row in rows:
        element = progress[row["cycle_id"]].get(row["level"], row["element"])
        element.total, element.finished = row["total"], row["finished"]
        element.done, element.overdue = row["done"], row["overdue"]
    return progress


def activity_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Activity]:
    """Activities in cycles the user's team runs (activities are internal working)."""
    queryset = Activity.objects.filter(cycle__in=cycles_involving(user)).select_related(
        "cycle", "owner", "cycle__lead_organisation"
    )
    filters = filters or {}
    for key in ("cycle", "level", "element", "status", "owner"):
        if filters.get(key):
            queryset = queryset.filter(**{f"{key}_id" if key in ("cycle", "owner") else key: filters[key]})
    if filters.get("overdue"):
        queryset = queryset.filter(due_date__lt=timezone.localdate()).exclude(status__in=FINISHED_STATUSES)
    return queryset


def activity_get(*, user: Any, pk: int) -> Activity:
    return get_object_or_404(activity_list(user=user).select_related("carried_from__cycle"), pk=pk)


def overdue_activities(*, cycle: CommissioningCycle, today: datetime.date | None = None) -> QuerySet[Activity]:
    today = today or timezone.localdate()
    return (
        cycle.activities.filter(due_date__lt=today)
        .exclude(status__in=FINISHED_STATUSES)
        .select_related("owner")
        .order_by("due_date")
    )


def activities_assigned_to(*, user: Any) -> QuerySet[Activity]:
    """The user's unfinished activities in active cycles, soonest due first."""
    return (
        activity_list(user=user)
        .filter(owner=user, cycle__status=CycleStatus.ACTIVE)
        .exclude(status__in=FINISHED_STATUSES)
        .order_by("due_date", "cycle__title", "position")
    )


def finding_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Finding]:
    queryset = Finding.objects.filter(cycle__in=cycles_involving(user)).select_related(
        "cycle", "raised_in_cycle", "raised_by", "activity"
    )
    filters = filters or {}
    for key in ("cycle", "status", "level", "element"):
        if filters.get(key):
            queryset = queryset.filter(**{f"{key}_id" if key == "cycle" else key: filters[key]})
    return queryset


def finding_get(*, user: Any, pk: int) -> Finding:
    return get_object_or_404(finding_list(user=user), pk=pk)


def open_findings_for_review(*, cycle: CommissioningCycle) -> QuerySet[Finding]:
    """Findings waiting for this cycle's review, wherever in the cycles they were raised."""
    return cycle.findings.filter(status=FindingStatus.OPEN).select_related("raised_by", "raised_in_cycle")


def effort_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[EffortEntry]:
    queryset = EffortEntry.objects.filter(cycle__in=cycles_involving(user)).select_related("person", "cycle")
    filters = filters or {}
    for key in ("cycle", "level", "element", "person"):
        if filters.get(key):
            queryset = queryset.filter(**{f"{key}_id" if key in ("cycle", "person") else key: filters[key]})
    return queryset


def effort_get(*, user: Any, pk: int) -> EffortEntry:
    return get_object_or_404(effort_list(user=user), pk=pk)


def effort_balance_for(entries: QuerySet[EffortEntry]) -> EffortBalance:
    rows = entries.order_by().values("level", "element").annotate(hours=Sum("hours"))
    return effort_balance([(row["level"], row["element"], row["hours"]) for row in rows])


def assignable_people(*, cycle: CommissioningCycle) -> QuerySet[User]:
    """Who can own an activity or log effort: staff of the cycle's organisations who do the work."""
    return colleagues_for(organisation_ids=list(cycle.organisation_ids()), roles=WORK_ROLES)


def people_sharing_cycles(*, user: Any) -> QuerySet[User]:
    """Active people in the organisations the user commissions with (their own and partners').

    API inputs that name a person resolve only within these, so ids of anyone else are unknown.
    """
    cycles = cycles_involving(user)
    partner_ids = CommissioningCycle.partner_organisations.through.objects.filter(commissioningcycle__in=cycles).values(
        "organisation_id"
    )
    return User.objects.filter(is_active=True).filter(
        Q(organisation_id=user.organisation_id)
        | Q(organisation_id__in=cycles.values("lead_organisation_id"))
        | Q(organisation_id__in=partner_ids)
    )


def lead_commissioner_choices(*, organisation_ids: list[int]) -> QuerySet[User]:
    return colleagues_for(organisation_ids=organisation_ids, roles=RUN_ROLES)


def cycle_history_records(*, cycle: CommissioningCycle) -> list[QuerySet[Any]]:
    """History of the cycle and everything in it, including records since deleted."""
    activity_ids = Activity.history.filter(cycle_id=cycle.pk).values("id")
    return [
        CommissioningCycle.history.filter(id=cycle.pk),
        Activity.history.filter(cycle_id=cycle.pk),
        EvidenceLink.history.filter(activity_id__in=activity_ids),
        Finding.history.filter(cycle_id=cycle.pk),
        EffortEntry.history.filter(cycle_id=cycle.pk),
    ]
