"""Reads for needs: vintages, rate sets, scenarios and saved forecasts, scoped to the user."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from commissioning.accounts.models import User
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.models import Area
from commissioning.cycles.models import Activity
from commissioning.cycles.permissions import can_work_on_activity
from commissioning.cycles.selectors import activity_list
from commissioning.needs.choices import RateKind, VintageKind
from commissioning.needs.models import PopulationVintage, Rate, RateSet, SavedForecast, Scenario


def vintage_list() -> QuerySet[PopulationVintage]:
    """Every population vintage (public figures), newest first."""
    return PopulationVintage.objects.order_by("-base_year", "name", "variant")


def vintage_get(*, pk: int) -> PopulationVintage:
    return get_object_or_404(PopulationVintage, pk=pk)


def projection_list(*, area: Area) -> QuerySet[PopulationVintage]:
    """Projections covering the area, newest first (the first is the default)."""
    return vintage_list().filter(areas=area, kind=VintageKind.PROJECTION)


def areas_with_projections() -> QuerySet[Area]:
    """Upper-tier councils with at least one projection loaded (the needs profiles available)."""
    return (
        Area.objects.filter(level__in=UPPER_TIER_LEVELS, population_vintages__kind=VintageKind.PROJECTION)
        .distinct()
        .order_by("name")
    )


def rate_set_list(*, user: User) -> QuerySet[RateSet]:
    queryset = (
        RateSet.objects.visible_to(user)
        .select_related("organisation", "per_need")
        .prefetch_related(Prefetch("rates", queryset=Rate.objects.order_by("sex", "age_from")))
    )
    return queryset.order_by("kind", "measure", "is_local", "name")


def rate_set_get(*, user: User, pk: int) -> RateSet:
    return get_object_or_404(rate_set_list(user=user), pk=pk)


def need_list(*, user: User) -> QuerySet[RateSet]:
    return rate_set_list(user=user).filter(kind=RateKind.NEED)


def same_measure(*, user: User, rate_set: RateSet) -> QuerySet[RateSet]:
    """Other sets counting the same thing: local rates beside national ones, for comparison."""
    return rate_set_list(user=user).filter(measure__iexact=rate_set.measure).exclude(pk=rate_set.pk)


def scenario_list(*, user: User) -> QuerySet[Scenario]:
    return (
        Scenario.objects.visible_to(user)
        .select_related("vintage", "organisation")
        .prefetch_related("adjustments__rate_set")
        .order_by("name")
    )


def scenario_get(*, user: User, pk: int) -> Scenario:
    return get_object_or_404(scenario_list(user=user), pk=pk)


def attachable_activity_list(*, user: User, area: Area) -> list[Activity]:
    """Strategic Analyse activities in active cycles covering the area that the user works on:
    where a forecast of the area can be attached as evidence."""
    activities = (
        activity_list(user=user)
        .filter(cycle__status="active", cycle__areas=area, element="analyse", level="strategic")
        # Whether the user works on each cycle depends on its partners: fetched once, not per activity.
        .prefetch_related("cycle__partner_organisations")
        .order_by("cycle__title", "position")
    )
    return [activity for activity in activities if can_work_on_activity(user, activity)]


def saved_forecast_list(*, user: User) -> QuerySet[SavedForecast]:
    """The user's organisation's saved forecasts, and those attached as evidence to their cycles."""
    return (
        SavedForecast.objects.visible_to(user)
        .select_related("area", "vintage", "scenario", "created_by")
        .order_by("-created_at")
    )


def saved_forecast_get(*, user: User, pk: int) -> SavedForecast:
    return get_object_or_404(saved_forecast_list(user=user), pk=pk)
