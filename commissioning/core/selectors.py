"""Reads of areas (public reference data: every signed-in user may see them)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from commissioning.core.models import Area


def area_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Area]:
    queryset = Area.objects.select_related("parent", "region")
    filters = filters or {}
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    if filters.get("region"):
        queryset = queryset.filter(Q(region__code=filters["region"]) | Q(code=filters["region"]))
    if filters.get("parent"):
        queryset = queryset.filter(parent__code=filters["parent"])
    if filters.get("q"):
        queryset = queryset.filter(Q(name__icontains=filters["q"]) | Q(code__iexact=filters["q"]))
    return queryset.order_by("name")


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
