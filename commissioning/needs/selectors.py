"""Reads for needs: vintages, rate sets, scenarios and saved forecasts, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from commissioning.accounts.permissions import is_signed_in
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.models import Area
from commissioning.cycles.selectors import cycles_involving
from commissioning.needs.choices import RateKind, VintageKind
from commissioning.needs.models import PopulationVintage, Rate, RateSet, SavedForecast, Scenario


def vintage_list(*, filters: dict[str, Any] | None = None) -> QuerySet[PopulationVintage]:
    queryset = PopulationVintage.objects.all()
    filters = filters or {}
    if filters.get("area"):
        queryset = queryset.filter(areas__code=filters["area"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    return queryset.order_by("-base_year", "name", "variant")


def vintage_get(*, pk: int) -> PopulationVintage:
    return get_object_or_404(PopulationVintage, pk=pk)


def projection_list(*, area: Area) -> QuerySet[PopulationVintage]:
    """Projections covering the area, newest first (the first is the default)."""
    return vintage_list(filters={"area": area.code, "kind": VintageKind.PROJECTION})


def areas_with_projections() -> QuerySet[Area]:
    """Upper-tier councils with at least one projection loaded (the needs profiles available)."""
    return (
        Area.objects.filter(level__in=UPPER_TIER_LEVELS, population_vintages__kind=VintageKind.PROJECTION)
        .distinct()
        .order_by("name")
    )


def _visible_to(user: Any) -> Q:
    """Published national sets for everyone; local sets for their own organisation."""
    own = Q(organisation_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return Q(is_local=False) | own


def rate_set_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[RateSet]:
    if not is_signed_in(user):
        return RateSet.objects.none()
    queryset = (
        RateSet.objects.filter(_visible_to(user))
        .select_related("organisation", "per_need")
        .prefetch_related(Prefetch("rates", queryset=Rate.objects.order_by("sex", "age_from")))
    )
    filters = filters or {}
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("q"):
        queryset = queryset.filter(Q(name__icontains=filters["q"]) | Q(measure__icontains=filters["q"]))
    return queryset.order_by("kind", "measure", "is_local", "name")


def rate_set_get(*, user: Any, pk: int) -> RateSet:
    return get_object_or_404(rate_set_list(user=user), pk=pk)


def needs_for(*, user: Any) -> QuerySet[RateSet]:
    return rate_set_list(user=user, filters={"kind": RateKind.NEED})


def same_measure(*, user: Any, rate_set: RateSet) -> QuerySet[RateSet]:
    """Other sets counting the same thing: local rates beside national ones, for comparison."""
    return rate_set_list(user=user).filter(measure__iexact=rate_set.measure).exclude(pk=rate_set.pk)


def scenario_list(*, user: Any) -> QuerySet[Scenario]:
    if not (is_signed_in(user) and user.organisation_id):
        return Scenario.objects.none()
    return (
        Scenario.objects.filter(organisation_id=user.organisation_id)
        .select_related("vintage", "organisation")
        .prefetch_related("adjustments__rate_set")
        .order_by("name")
    )


def scenario_get(*, user: Any, pk: int) -> Scenario:
    return get_object_or_404(scenario_list(user=user), pk=pk)


def saved_forecast_list(*, user: Any) -> QuerySet[SavedForecast]:
    """The user's organisation's saved forecasts, and those attached as evidence to cycles the
    user's team works on (a partner's forecast in a shared cycle, say)."""
    if not (is_signed_in(user) and user.organisation_id):
        return SavedForecast.objects.none()

    return (
        SavedForecast.objects.filter(
            Q(organisation_id=user.organisation_id) | Q(attached_to__cycle__in=cycles_involving(user))
        )
        .select_related("area", "vintage", "scenario", "created_by")
        .order_by("-created_at")
    )


def saved_forecast_get(*, user: Any, pk: int) -> SavedForecast:
    return get_object_or_404(saved_forecast_list(user=user), pk=pk)
