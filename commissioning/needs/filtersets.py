"""Filters for the population and rate library lists: one definition for pages and the API."""

from __future__ import annotations

import django_filters

from commissioning.core.filtersets import ListFilterSet, search
from commissioning.needs.choices import RateKind, VintageKind
from commissioning.needs.models import PopulationVintage, RateSet


class PopulationVintageFilterSet(ListFilterSet):
    area = django_filters.CharFilter(field_name="areas__code", help_text="GSS code of an area it covers")
    kind = django_filters.ChoiceFilter(choices=VintageKind.choices)

    class Meta:
        model = PopulationVintage
        fields: list[str] = []


class RateSetFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(choices=RateKind.choices)
    q = django_filters.CharFilter(method=search("name__icontains", "measure__icontains"), help_text="Name or measure")

    class Meta:
        model = RateSet
        fields: list[str] = []
