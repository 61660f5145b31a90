"""Reads for resources, scoped to the user's organisation."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from commissioning.finance import permissions as can
from commissioning.finance.models import (
    Budget,
    CostCentre,
    CostOfCareExercise,
    CostSurveyReturn,
    OptionAppraisal,
    SpendImport,
    SpendTransaction,
    UnitCost,
)


def _own(model: Any, user: Any) -> QuerySet[Any]:
    if not can.can_view_finance(user):
        return model.objects.none()
    return model.objects.filter(organisation_id=user.organisation_id)


def budgets_for(*, user: Any, financial_year: int | None = None) -> QuerySet[Budget]:
    budgets = _own(Budget, user).select_related("partner")
    return budgets.filter(financial_year=financial_year) if financial_year else budgets


def cost_centres_for(*, user: Any) -> QuerySet[CostCentre]:
    return _own(CostCentre, user)


def spend_imports_for(*, user: Any) -> QuerySet[SpendImport]:
    return _own(SpendImport, user).select_related("imported_by")


def transactions_for(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[SpendTransaction]:
    rows = _own(SpendTransaction, user).select_related("cost_centre")
    filters = filters or {}
    if filters.get("financial_year"):
        rows = rows.filter(financial_year=filters["financial_year"])
    if filters.get("cost_centre"):
        rows = rows.filter(cost_centre__code=filters["cost_centre"])
    if filters.get("q"):
        rows = rows.filter(Q(supplier__icontains=filters["q"]) | Q(description__icontains=filters["q"]))
    return rows


def unit_costs_for(*, user: Any) -> QuerySet[UnitCost]:
    """The organisation's own unit costs and the shared published benchmarks."""
    if not can.can_view_finance(user):
        return UnitCost.objects.none()
    return UnitCost.objects.filter(Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id))


def exercises_for(*, user: Any) -> QuerySet[CostOfCareExercise]:
    if can.can_view_finance(user):
        return CostOfCareExercise.objects.filter(organisation_id=user.organisation_id)
    if can.is_provider_user(user):
        # Providers answer open exercises and read published ones.
        return CostOfCareExercise.objects.filter(status__in=("open", "published"))
    return CostOfCareExercise.objects.none()


def returns_for(*, user: Any, exercise: CostOfCareExercise) -> QuerySet[CostSurveyReturn]:
    returns = exercise.returns.select_related("provider", "submitted_by")
    if can.can_view_finance(user) and exercise.organisation_id == user.organisation_id:
        return returns
    if can.is_provider_user(user):
        return returns.filter(provider__organisation_id=user.organisation_id)
    return returns.none()


def options_for(*, user: Any) -> QuerySet[OptionAppraisal]:
    return _own(OptionAppraisal, user)


def get_or_404(queryset: QuerySet[Any], pk: int) -> Any:
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404("Not found")
    return record
