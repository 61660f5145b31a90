"""Reads for resources, each already limited to what the user may see (the models' rules)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from commissioning.accounts.models import User
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
from commissioning.finance.reports import BudgetReport, budget_report


def budget_list(*, user: User, financial_year: int | None = None) -> QuerySet[Budget]:
    budgets = Budget.objects.visible_to(user).select_related("partner")
    return budgets.filter(financial_year=financial_year) if financial_year else budgets


def budget_get(*, user: User, pk: int) -> Budget:
    return get_object_or_404(budget_list(user=user), pk=pk)


def budget_report_get(
    *, user: User, financial_year: int, organisation_id: int | None = None, as_of: datetime.date | None = None
) -> BudgetReport:
    """Budget against spend for a year, of the user's own organisation: the only budget its staff
    may see (another organisation's is not found, as its budget lines are not)."""
    if not can.can_view_finance(user) or organisation_id not in (None, user.organisation_id):
        raise Http404("No such budget")
    return budget_report(organisation_id=user.organisation_id, financial_year=financial_year, as_of=as_of)


def cost_centre_list(*, user: User) -> QuerySet[CostCentre]:
    return CostCentre.objects.visible_to(user)


def cost_centre_get(*, user: User, pk: int) -> CostCentre:
    return get_object_or_404(cost_centre_list(user=user), pk=pk)


def spend_import_list(*, user: User) -> QuerySet[SpendImport]:
    return SpendImport.objects.visible_to(user).select_related("imported_by")


def spend_import_get(*, user: User, pk: int) -> SpendImport:
    return get_object_or_404(spend_import_list(user=user), pk=pk)


def transaction_list(*, user: User) -> QuerySet[SpendTransaction]:
    return SpendTransaction.objects.visible_to(user).select_related("cost_centre")


def unit_cost_list(*, user: User) -> QuerySet[UnitCost]:
    """The organisation's own unit costs and the shared published benchmarks."""
    return UnitCost.objects.visible_to(user)


def unit_cost_get(*, user: User, pk: int) -> UnitCost:
    return get_object_or_404(unit_cost_list(user=user), pk=pk)


def exercise_list(*, user: User) -> QuerySet[CostOfCareExercise]:
    return CostOfCareExercise.objects.visible_to(user)


def exercise_get(*, user: User, pk: int) -> CostOfCareExercise:
    return get_object_or_404(exercise_list(user=user), pk=pk)


def published_exercise_list() -> QuerySet[CostOfCareExercise]:
    """Every published exercise, for anyone (the public pages): newest first."""
    return (
        CostOfCareExercise.objects.filter(is_published=True)
        .select_related("organisation")
        .order_by("-published_at", "title")
    )


def published_exercise_get(*, pk: int) -> CostOfCareExercise:
    """A published exercise, for anyone (the public page)."""
    return get_object_or_404(CostOfCareExercise.objects.filter(is_published=True), pk=pk)


def survey_return_list(*, user: User, exercise: CostOfCareExercise | None = None) -> QuerySet[CostSurveyReturn]:
    """Every return to an exercise for the staff of the organisation that ran it; a provider's
    own returns for its people. With `exercise`, that exercise's only."""
    returns = CostSurveyReturn.objects.select_related("provider", "submitted_by")
    if exercise is not None:
        returns = returns.filter(exercise=exercise)
    if can.can_view_finance(user):
        return returns.filter(exercise__organisation_id=user.organisation_id)
    if can.is_provider_user(user):
        return returns.filter(provider__organisation_id=user.organisation_id)
    return returns.none()


def option_list(*, user: User) -> QuerySet[OptionAppraisal]:
    return OptionAppraisal.objects.visible_to(user)


def option_get(*, user: User, pk: int) -> OptionAppraisal:
    return get_object_or_404(option_list(user=user), pk=pk)
