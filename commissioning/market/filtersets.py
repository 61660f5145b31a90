"""Filters for the market's lists: one definition for the directory page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from commissioning.core.choices import UPPER_TIER_LEVELS, ClientGroup, ServiceType
from commissioning.core.filtersets import ListFilterSet, RecordIdFilter, search
from commissioning.core.models import Area
from commissioning.market.choices import MARKET_SERVICE_TYPES, EventKind, Rating
from commissioning.market.models import CapacityReturn, Location, MarketEvent, Provider

SERVICE_CHOICES = [(value, label) for value, label in ServiceType.choices if value in MARKET_SERVICE_TYPES]
NOT_RATED = "none"


def _council(**kwargs: object) -> django_filters.ModelChoiceFilter:
    # Every council is offered: working out which have locations would scan the whole register.
    return django_filters.ModelChoiceFilter(
        queryset=Area.objects.filter(level__in=UPPER_TIER_LEVELS).order_by("name"),
        to_field_name="code",
        empty_label="All areas",
        help_text="GSS code of a council",
        **kwargs,
    )


class ProviderFilterSet(ListFilterSet):
    q = django_filters.CharFilter(method=search("name__icontains", "group_name__icontains"), help_text="Name or group")
    area = _council(method="filter_area")

    class Meta:
        model = Provider
        fields: list[str] = []

    def filter_area(self, queryset: QuerySet[Provider], name: str, value: Area) -> QuerySet[Provider]:
        return queryset.filter(locations__local_authority=value).distinct()


class LocationFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Name, provider or postcode", method="filter_q", max_length=100)
    area = _council(label="Council area", field_name="local_authority")
    service = django_filters.ChoiceFilter(
        label="Service", choices=SERVICE_CHOICES, empty_label="Any service", method="filter_service"
    )
    client_group = django_filters.ChoiceFilter(
        label="People supported", choices=ClientGroup.choices, empty_label="Anyone", method="filter_client_group"
    )
    rating = django_filters.ChoiceFilter(
        label="CQC rating", choices=[*Rating.choices, (NOT_RATED, "Not rated")], empty_label="Any rating",
        method="filter_rating",
    )  # fmt: skip

    class Meta:
        model = Location
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Location], name: str, value: str) -> QuerySet[Location]:
        words = value.strip()
        return queryset.filter(
            Q(name__icontains=words) | Q(provider__name__icontains=words) | Q(postcode__istartswith=words.upper())
        )

    def filter_service(self, queryset: QuerySet[Location], name: str, value: str) -> QuerySet[Location]:
        return queryset.filter(service_codes__contains=f"|{value}|")

    def filter_client_group(self, queryset: QuerySet[Location], name: str, value: str) -> QuerySet[Location]:
        return queryset.filter(client_group_codes__contains=f"|{value}|")

    def filter_rating(self, queryset: QuerySet[Location], name: str, value: str) -> QuerySet[Location]:
        return queryset.filter(overall_rating="" if value == NOT_RATED else value)


class CapacityReturnFilterSet(ListFilterSet):
    location = RecordIdFilter(field_name="location_id")

    class Meta:
        model = CapacityReturn
        fields: list[str] = []


class MarketEventFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)

    class Meta:
        model = MarketEvent
        fields: list[str] = []
