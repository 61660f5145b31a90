"""Filters for care packages: one definition for the page's filter form and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from commissioning.care.choices import Arrangement, PackageStatus
from commissioning.care.models import CarePackage
from commissioning.care.selectors import package_list, status_condition
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.filtersets import ListFilterSet, RecordIdFilter, search
from commissioning.market.models import Provider


def _providers(request: object) -> QuerySet[Provider]:
    user = getattr(request, "user", None)
    if user is None:
        return Provider.objects.none()
    return Provider.objects.filter(pk__in=package_list(user=user).values("provider_id")).order_by("name")


class PackageFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method=search("reference__icontains", "person__reference__iexact"),
        help_text="A package's or person's reference",
    )
    status = django_filters.ChoiceFilter(choices=PackageStatus.choices, empty_label="Any status", method="by_status")
    arrangement = django_filters.ChoiceFilter(
        label="Arranged as", choices=Arrangement.choices, empty_label="Arranged any way"
    )
    service_type = django_filters.ChoiceFilter(label="Service", choices=ServiceType.choices, empty_label="All services")
    client_group = django_filters.ChoiceFilter(choices=ClientGroup.choices, empty_label="All client groups")
    provider = django_filters.ModelChoiceFilter(queryset=_providers, empty_label="All providers")
    contract = RecordIdFilter(field_name="contract_id", help_text="A contract's id")
    person = RecordIdFilter(field_name="person_id", help_text="A person's id")

    api_only = ("contract", "person")

    class Meta:
        model = CarePackage
        fields: list[str] = []

    def by_status(self, queryset: QuerySet[CarePackage], name: str, value: str) -> QuerySet[CarePackage]:
        return queryset.filter(status_condition(value))
