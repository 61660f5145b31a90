"""Filters for the contract register: one definition for the page's filter form and the API."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from commissioning.contracts.choices import ContractKind, ContractStatus
from commissioning.contracts.dates import add_months
from commissioning.contracts.models import CallOff, Contract, Kpi, Variation
from commissioning.contracts.selectors import contract_list, ending_soon, status_condition
from commissioning.core import limits
from commissioning.core.choices import ClientGroup
from commissioning.core.filtersets import FlagFilter, ListFilterSet, RecordIdFilter, search
from commissioning.market.models import Provider
from commissioning.procurement.choices import Regime


def _providers(request: object) -> QuerySet[Provider]:
    user = getattr(request, "user", None)
    if user is None:
        return Provider.objects.none()
    return Provider.objects.filter(pk__in=contract_list(user=user).values("provider_id")).order_by("name")


class ContractFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method=search(
            "title__icontains", "reference__icontains", "legacy_reference__iexact", "provider__name__icontains"
        ),
        help_text="Title, reference or provider",
    )
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, empty_label="All kinds")
    provider = django_filters.ModelChoiceFilter(queryset=_providers, empty_label="All providers")
    client_group = django_filters.ChoiceFilter(choices=ClientGroup.choices, empty_label="All client groups")
    regime = django_filters.ChoiceFilter(label="Legal regime", choices=Regime.choices, empty_label="Any regime")
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, empty_label="Any status", method="by_status")
    ending_soon = FlagFilter(label="Ending soon", method="by_ending_soon", help_text="Inside its renewal alert")
    ending_within = django_filters.NumberFilter(
        method="by_ending_within",
        help_text="Live contracts ending within this many months",
        validators=limits.CONTRACT_MONTHS.validators,
    )

    api_only = ("ending_within",)

    class Meta:
        model = Contract
        fields: list[str] = []

    def by_status(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        return queryset.filter(status_condition(value))

    def by_ending_soon(self, queryset: QuerySet[Contract], name: str, value: bool) -> QuerySet[Contract]:
        return ending_soon(queryset)

    def by_ending_within(self, queryset: QuerySet[Contract], name: str, value: int) -> QuerySet[Contract]:
        today = timezone.localdate()
        last: datetime.date = add_months(today, int(value))
        return queryset.filter(terminated_on__isnull=True, ends_on__gte=today, ends_on__lte=last)


class _OfContractFilterSet(ListFilterSet):
    contract = RecordIdFilter(field_name="contract_id", help_text="A contract's id")


class VariationFilterSet(_OfContractFilterSet):
    class Meta:
        model = Variation
        fields: list[str] = []


class KpiFilterSet(_OfContractFilterSet):
    class Meta:
        model = Kpi
        fields: list[str] = []


class CallOffFilterSet(_OfContractFilterSet):
    class Meta:
        model = CallOff
        fields: list[str] = ["status"]
