"""Reads for commissioning cycles, already limited to what the user may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.permissions import is_signed_in
from commissioning.accounts.selectors import colleague_list
from commissioning.cycles.choices import (
    FINISHED_STATUSES,
    ActivityStatus,
    CycleStatus,
    FindingStatus,
    Level,
    PolicyKind,
)
from commissioning.cycles.models import (
    Activity,
    CommissioningCycle,
    EffortEntry,
    EvidenceLink,
    Finding,
    PolicyItem,
    PolicyLink,
)
from commissioning.cycles.permissions import RUN_ROLES, WORK_ROLES, is_involved
from commissioning.cycles.progress import CycleProgress, EffortBalance, effort_balance


def led_or_partnered_by(organisation_id: int | None) -> Q:
    """Cycles an organisation leads or commissions jointly as a partner."""
    partners = CommissioningCycle.partner_organisations.through.objects.filter(
        commissioningcycle_id=OuterRef("pk"), organisation_id=organisation_id
    )
    return Q(lead_organisation_id=organisation_id) | Q(Exists(partners))


def _involving(user: User) -> Q:
    """Cycles led by, or jointly commissioned with, the user's organisation."""
    return led_or_partnered_by(user.organisation_id)


def team_cycle_list(user: User) -> QuerySet[CommissioningCycle]:
    """Cycles whose internal working the user can see (their team's, or all for administrators)."""
    queryset = CommissioningCycle.objects.all()
    if not (is_signed_in(user) and user.is_commissioning_staff):
        return queryset.none()
    return queryset.filter(_involving(user))


def cycle_list(*, user: User) -> QuerySet[CommissioningCycle]:
    """Cycles the user may open: their team's, plus any published cycle."""
    if not is_signed_in(user):
        return CommissioningCycle.objects.none()
    if user.is_commissioning_staff:
        queryset = CommissioningCycle.objects.filter(_involving(user) | Q(is_published=True))
    else:
        queryset = CommissioningCycle.objects.filter(is_published=True)
    return (
        queryset.select_related("lead_organisation", "lead_commissioner")
        .prefetch_related(
            Prefetch("areas"), Prefetch("partner_organisations", queryset=Organisation.objects.only("pk", "name"))
        )
        .order_by("status", "-period_start", "title")
    )


def cycle_get(*, user: User, pk: int) -> CommissioningCycle:
    return get_object_or_404(cycle_list(user=user), pk=pk)


def published_cycle_list() -> QuerySet[CommissioningCycle]:
    """Every published cycle, for anyone (the public pages): newest period first."""
    return (
        CommissioningCycle.objects.filter(is_published=True)
        .select_related("lead_organisation")
        .prefetch_related("areas", Prefetch("partner_organisations", queryset=Organisation.objects.only("pk", "name")))
        .order_by("status", "-period_start", "title")
    )


def published_cycle_get(*, pk: int) -> CommissioningCycle:
    return get_object_or_404(published_cycle_list(), pk=pk)


def cycle_progress(cycle_ids: list[int], *, today: datetime.date | None = None) -> dict[int, CycleProgress]:
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


def activity_list(*, user: User) -> QuerySet[Activity]:
    """Activities in cycles the user's team runs (activities are internal working)."""
    return Activity.objects.filter(cycle__in=team_cycle_list(user)).select_related(
        "cycle", "owner", "cycle__lead_organisation"
    )


def workable_activity_list(*, user: User) -> QuerySet[Activity]:
    """Activities the user may work on (add evidence to, log effort for): their team's active cycles."""
    if not (is_signed_in(user) and user.role in WORK_ROLES):
        return Activity.objects.none()
    return (
        activity_list(user=user)
        .filter(cycle__status=CycleStatus.ACTIVE)
        .order_by("cycle__title", "cycle_id", "level", "position", "pk")
    )


def activity_get(*, user: User, pk: int) -> Activity:
    return get_object_or_404(activity_list(user=user).select_related("carried_from__cycle"), pk=pk)


def checklist_activity_get(*, cycle: CommissioningCycle, key: str, level: str = Level.STRATEGIC) -> Activity | None:
    """The cycle's checklist activity with this key (see cycles.checklist), if it has one."""
    return cycle.activities.filter(level=level, checklist_key=key).first()


def overdue_activity_list(*, cycle: CommissioningCycle, today: datetime.date | None = None) -> QuerySet[Activity]:
    today = today or timezone.localdate()
    return (
        cycle.activities.filter(due_date__lt=today)
        .exclude(status__in=FINISHED_STATUSES)
        .select_related("owner")
        .order_by("due_date")
    )


def assigned_activity_list(*, user: User) -> QuerySet[Activity]:
    """The user's unfinished activities in active cycles, soonest due first."""
    return (
        activity_list(user=user)
        .filter(owner=user, cycle__status=CycleStatus.ACTIVE)
        .exclude(status__in=FINISHED_STATUSES)
        .order_by("due_date", "cycle__title", "position")
    )


def evidence_list(*, user: User) -> QuerySet[EvidenceLink]:
    """Evidence behind activities in cycles the user's team runs."""
    return EvidenceLink.objects.filter(activity__in=activity_list(user=user)).select_related(
        "added_by", "activity__cycle", "record_type"
    )


def finding_list(*, user: User) -> QuerySet[Finding]:
    """Findings in cycles the user's team runs."""
    return Finding.objects.filter(cycle__in=team_cycle_list(user)).select_related(
        "cycle", "raised_in_cycle", "raised_by", "activity"
    )


def finding_get(*, user: User, pk: int) -> Finding:
    return get_object_or_404(finding_list(user=user), pk=pk)


def review_finding_list(*, cycle: CommissioningCycle) -> QuerySet[Finding]:
    """Findings waiting for this cycle's review, wherever in the cycles they were raised."""
    return cycle.findings.filter(status=FindingStatus.OPEN).select_related("raised_by", "raised_in_cycle")


def effort_list(*, user: User) -> QuerySet[EffortEntry]:
    """Time logged on cycles the user's team runs."""
    return EffortEntry.objects.filter(cycle__in=team_cycle_list(user)).select_related("person", "cycle")


def effort_get(*, user: User, pk: int) -> EffortEntry:
    return get_object_or_404(effort_list(user=user), pk=pk)


def effort_balance_of(entries: QuerySet[EffortEntry]) -> EffortBalance:
    rows = entries.order_by().values("level", "element").annotate(hours=Sum("hours"))
    return effort_balance([(row["level"], row["element"], row["hours"]) for row in rows])


def assignable_person_list(*, cycle: CommissioningCycle) -> QuerySet[User]:
    """Who can own an activity or log effort: staff of the cycle's organisations who do the work."""
    return colleague_list(organisation_ids=list(cycle.organisation_ids()), roles=WORK_ROLES)


def cycle_colleague_list(*, user: User) -> QuerySet[User]:
    """Active people in the organisations the user commissions with (their own and partners').

    API inputs that name a person resolve only within these, so ids of anyone else are unknown.
    """
    cycles = team_cycle_list(user)
    partner_ids = CommissioningCycle.partner_organisations.through.objects.filter(commissioningcycle__in=cycles).values(
        "organisation_id"
    )
    return User.objects.filter(is_active=True).filter(
        Q(organisation_id=user.organisation_id)
        | Q(organisation_id__in=cycles.values("lead_organisation_id"))
        | Q(organisation_id__in=partner_ids)
    )


def lead_commissioner_list(*, organisation_ids: list[int]) -> QuerySet[User]:
    return colleague_list(organisation_ids=organisation_ids, roles=RUN_ROLES)


def cycle_history_records(*, cycle: CommissioningCycle) -> list[QuerySet[Any]]:
    """History of the cycle and everything in it, including records since deleted."""
    activity_ids = Activity.history.filter(cycle_id=cycle.pk).values("id")
    return [
        CommissioningCycle.history.filter(id=cycle.pk),
        Activity.history.filter(cycle_id=cycle.pk),
        EvidenceLink.history.filter(activity_id__in=activity_ids),
        Finding.history.filter(cycle_id=cycle.pk),
        EffortEntry.history.filter(cycle_id=cycle.pk),
        PolicyLink.history.filter(cycle_id=cycle.pk),
    ]


# Policy territory register --------------------------------------------------------------------


def _in_kind_order(queryset: QuerySet[PolicyItem]) -> QuerySet[PolicyItem]:
    """Legislation first, then statutory guidance, national frameworks and local strategies."""
    rank = Case(
        *(When(kind=kind, then=Value(position)) for position, kind in enumerate(PolicyKind.values)),
        default=Value(len(PolicyKind.values)),
        output_field=IntegerField(),
    )
    return queryset.annotate(kind_rank=rank).order_by("kind_rank", "title", "pk")


def _with_visible_cycles(queryset: QuerySet[PolicyItem], user: User) -> QuerySet[PolicyItem]:
    """Each item's linked cycles, as `visible_cycles`: only those the user may open.

    A national item is read by every council, but one council's cycles are not another's to see.
    """
    visible = CommissioningCycle.objects.filter(pk__in=cycle_list(user=user).values("pk")).only(
        "pk", "title", "status", "lead_organisation_id"
    )
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("cycles", queryset=visible.order_by("-period_start", "title"), to_attr="visible_cycles")
    )


def policy_territory_list(cycle: CommissioningCycle, *, user: User = None) -> QuerySet[PolicyItem]:
    """The policy items that apply to a cycle, legislation first.

    National items, and the lead council's own, whose client groups are blank or include the
    cycle's; plus any of those linked to the cycle explicitly. Another council's items never
    apply, even if a link said so. Given a `user` who is not on the cycle's team (someone reading
    a published cycle), only national items are returned.
    """
    return _in_kind_order(_territory(cycle, user=user).select_related("organisation"))


def _territory(cycle: CommissioningCycle, *, user: User = None) -> QuerySet[PolicyItem]:
    matches = Q(client_groups="") | Q(client_groups__contains=f"|{cycle.client_group}|")
    linked = Q(Exists(PolicyLink.objects.filter(item_id=OuterRef("pk"), cycle_id=cycle.pk)))
    whose = Q(organisation__isnull=True)
    # A council's own items are its staff's alone, even on a cycle it leads with partners.
    if user is None or (is_involved(user, cycle) and user.organisation_id == cycle.lead_organisation_id):
        whose |= Q(organisation_id=cycle.lead_organisation_id)
    return PolicyItem.objects.filter(whose & (matches | linked))


def policy_item_list(*, user: User) -> QuerySet[PolicyItem]:
    """Policy items the user may read, legislation first, with the cycles they apply to that the
    user may open."""
    return _with_visible_cycles(_in_kind_order(PolicyItem.objects.visible_to(user)), user)


def policy_item_get(*, user: User, pk: int) -> PolicyItem:
    return get_object_or_404(policy_item_list(user=user), pk=pk)


def linkable_cycle_list(*, user: User) -> QuerySet[CommissioningCycle]:
    """Active cycles the user's organisation leads, which they run: where they may apply items."""
    if not (is_signed_in(user) and user.is_commissioning_staff and user.role in RUN_ROLES):
        return CommissioningCycle.objects.none()
    return CommissioningCycle.objects.filter(
        lead_organisation_id=user.organisation_id, status=CycleStatus.ACTIVE
    ).order_by("-period_start", "title")


def policy_history_records(*, item: PolicyItem, user: User) -> list[QuerySet[Any]]:
    """The item's history, and its links to the cycles the user works on (others' links, even to
    published cycles, are those councils' internal records)."""
    visible = team_cycle_list(user).values("pk")
    return [
        PolicyItem.history.filter(id=item.pk),
        PolicyLink.history.filter(item_id=item.pk, cycle_id__in=visible),
    ]
