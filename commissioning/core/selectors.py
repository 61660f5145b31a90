"""Reads of areas (public reference data: every signed-in user may see them) and of background
jobs (each person's own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from commissioning.core.models import Area, BackgroundJob


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


def job_list(*, user: Any) -> QuerySet[BackgroundJob]:
    """The jobs the person started, newest first."""
    return BackgroundJob.objects.filter(requested_by_id=user.pk).order_by("-created_at", "-pk")


def job_visible(*, user: Any) -> QuerySet[BackgroundJob]:
    """The jobs the person may open: their own; operators (superusers) may open anyone's."""
    jobs = BackgroundJob.objects.select_related("requested_by").order_by("-created_at", "-pk")
    return jobs if user.is_superuser else jobs.filter(requested_by_id=user.pk)


def job_get(*, user: Any, pk: int) -> BackgroundJob:
    return get_object_or_404(job_visible(user=user), pk=pk)
