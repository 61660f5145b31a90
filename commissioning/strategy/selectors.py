"""Every read of plans, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from commissioning.accounts.models import User
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy.models import OptimiserRun, Risk
from commissioning.strategy.permissions import can_view_plans


def optimiser_run_list(*, user: User) -> QuerySet[OptimiserRun]:
    return OptimiserRun.objects.visible_to(user).select_related("cycle", "organisation")


def optimiser_run_get(*, user: User, pk: int) -> OptimiserRun:
    return get_object_or_404(optimiser_run_list(user=user), pk=pk)


def risk_list(*, user: User) -> QuerySet[Risk]:
    return Risk.objects.visible_to(user).select_related("cycle", "mitigation_owner")


def risk_get(*, user: User, pk: int) -> Risk:
    return get_object_or_404(risk_list(user=user), pk=pk)


def cycle_risk_list(*, user: User, cycle: CommissioningCycle) -> QuerySet[Risk]:
    """A cycle's register, highest residual score first (closed risks last)."""
    risks = risk_list(user=user).filter(cycle=cycle)
    return risks.annotate(residual=F("residual_likelihood") * F("residual_impact")).order_by(
        "status", "-residual", "-pk"
    )


def risk_cycle_get(*, user: User, pk: int) -> CommissioningCycle:
    """A cycle whose register the user may read: their team's."""
    if not can_view_plans(user):
        raise Http404
    return get_object_or_404(team_cycle_list(user), pk=pk)
