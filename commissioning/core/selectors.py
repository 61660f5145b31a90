"""Reads of areas (public reference data: every signed-in user may see them)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from commissioning.core.models import Area


def area_list() -> QuerySet[Area]:
    """Every area, by name (filtered by core.filtersets.AreaFilterSet on the page and the API)."""
    return Area.objects.select_related("parent", "region").order_by("name")


def area_get(*, code: str) -> Area:
    return get_object_or_404(Area.objects.select_related("parent", "region"), code=code.upper())


def area_ancestors(area: Area) -> list[Area]:
    """From the top (England) down to the area's parent."""
    chain: list[Area] = []
    current = area.parent
    while current is not None:
        chain.insert(0, current)
        current = current.parent
    return chain
