"""Filters for cycle lists: one definition each for the page's filter form and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from commissioning.core.choices import ClientGroup
from commissioning.core.filtersets import FlagFilter, ListFilterSet, RecordIdFilter, search
from commissioning.core.models import Area
from commissioning.cycles.choices import (
    FINISHED_STATUSES,
    ActivityStatus,
    CycleStatus,
    Element,
    FindingStatus,
    Level,
    PolicyKind,
)
from commissioning.cycles.models import Activity, CommissioningCycle, EffortEntry, EvidenceLink, Finding, PolicyItem
from commissioning.cycles.selectors import cycle_list, led_or_partnered_by, policy_territory_list


def _areas_of_visible_cycles(request: object) -> QuerySet[Area]:
    user = getattr(request, "user", None)
    if user is None:
        return Area.objects.none()
    visible = cycle_list(user=user).values("pk")
    links = CommissioningCycle.areas.through.objects.filter(commissioningcycle__in=visible)
    return Area.objects.filter(pk__in=links.values("area_id")).order_by("name")


class CycleFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Search", method=search("title__icontains", "summary__icontains"))
    client_group = django_filters.ChoiceFilter(choices=ClientGroup.choices, empty_label="All client groups")
    status = django_filters.ChoiceFilter(choices=CycleStatus.choices, empty_label="Any status")
    area = django_filters.ModelChoiceFilter(
        label="Area",
        queryset=_areas_of_visible_cycles,
        to_field_name="code",
        field_name="areas",
        empty_label="All areas",
        help_text="GSS code of an area the cycle covers",
    )
    organisation = RecordIdFilter(method="filter_organisation", help_text="Lead or partner organisation id")

    api_only = ("organisation",)

    class Meta:
        model = CommissioningCycle
        fields: list[str] = []

    def filter_organisation(self, queryset: QuerySet[CommissioningCycle], name: str, value: int) -> QuerySet:
        return queryset.filter(led_or_partnered_by(value))


class _ElementFilterSet(ListFilterSet):
    cycle = RecordIdFilter(field_name="cycle_id")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    element = django_filters.ChoiceFilter(choices=Element.choices)


class ActivityFilterSet(_ElementFilterSet):
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices)
    owner = RecordIdFilter(field_name="owner_id")
    overdue = FlagFilter(method="filter_overdue", help_text="Only activities past their due date")

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet[Activity], name: str, value: bool) -> QuerySet[Activity]:
        return queryset.filter(due_date__lt=timezone.localdate()).exclude(status__in=FINISHED_STATUSES)


class EffortEntryFilterSet(_ElementFilterSet):
    person = RecordIdFilter(field_name="person_id")

    class Meta:
        model = EffortEntry
        fields: list[str] = []


class FindingFilterSet(_ElementFilterSet):
    status = django_filters.ChoiceFilter(choices=FindingStatus.choices)

    class Meta:
        model = Finding
        fields: list[str] = []


class EvidenceLinkFilterSet(ListFilterSet):
    activity = RecordIdFilter(field_name="activity_id")

    class Meta:
        model = EvidenceLink
        fields: list[str] = []


class PolicyItemFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        help_text="Title, summary, duties or who issued it",
        method=search("title__icontains", "summary__icontains", "duties__icontains", "issued_by__icontains"),
    )
    kind = django_filters.ChoiceFilter(label="Kind", choices=PolicyKind.choices, empty_label="All kinds")
    client_group = django_filters.ChoiceFilter(
        label="Applies to", choices=ClientGroup.choices, empty_label="All client groups", method="filter_client_group"
    )
    overdue = FlagFilter(label="Review overdue only", method="filter_overdue")
    cycle = RecordIdFilter(method="filter_cycle", help_text="Items that apply to this cycle (its territory)")

    api_only = ("cycle",)

    class Meta:
        model = PolicyItem
        fields: list[str] = []

    def filter_client_group(self, queryset: QuerySet[PolicyItem], name: str, value: str) -> QuerySet[PolicyItem]:
        # Items that apply to the group: those for every group as well as those naming it.
        return queryset.filter(Q(client_groups="") | Q(client_groups__contains=f"|{value}|"))

    def filter_overdue(self, queryset: QuerySet[PolicyItem], name: str, value: bool) -> QuerySet[PolicyItem]:
        return queryset.filter(review_due__lt=timezone.localdate())

    def filter_cycle(self, queryset: QuerySet[PolicyItem], name: str, value: int) -> QuerySet[PolicyItem]:
        user = self.request.user
        cycle = cycle_list(user=user).filter(pk=value).first()
        if cycle is None:
            return queryset.none()
        return queryset.filter(pk__in=policy_territory_list(cycle, user=user).values("pk"))
