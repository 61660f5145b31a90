"""Every read of plans, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from commissioning.accounts.models import User
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy.models import (
    Decommissioning,
    GapAnalysis,
    OptimiserRun,
    PersonTransition,
    PlannedProcurement,
    Priority,
    PriorityEvidence,
    PurchasingPlan,
    Risk,
    ServiceDesign,
    StrategyVersion,
    Target,
)
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


def plan_cycle_get(*, user: User, pk: int) -> CommissioningCycle:
    """A cycle whose register the user may read: their team's."""
    if not can_view_plans(user):
        raise Http404
    return get_object_or_404(team_cycle_list(user), pk=pk)


def version_list(*, user: User) -> QuerySet[StrategyVersion]:
    return StrategyVersion.objects.visible_to(user).select_related("cycle", "organisation")


def version_get(*, user: User, pk: int) -> StrategyVersion:
    return get_object_or_404(version_list(user=user), pk=pk)


def cycle_version_list(*, user: User, cycle: CommissioningCycle) -> QuerySet[StrategyVersion]:
    """A cycle's strategy versions, newest first."""
    return version_list(user=user).filter(cycle=cycle).order_by("-number")


def priorities_of(version: StrategyVersion) -> list[Priority]:
    """A version's priorities in order, each with its targets (and their owners) and evidence."""
    return list(
        version.priorities.order_by("position", "pk").prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("owner").order_by("pk")),
            Prefetch("evidence", queryset=PriorityEvidence.objects.select_related("record_type").order_by("title")),
        )
    )


def priority_get(*, user: User, pk: int) -> Priority:
    return get_object_or_404(
        Priority.objects.filter(version__in=version_list(user=user)).select_related("version__cycle"), pk=pk
    )


def target_get(*, user: User, pk: int) -> Target:
    return get_object_or_404(
        Target.objects.filter(priority__version__in=version_list(user=user)).select_related(
            "priority__version__cycle", "owner"
        ),
        pk=pk,
    )


def priority_evidence_get(*, user: User, pk: int) -> PriorityEvidence:
    return get_object_or_404(
        PriorityEvidence.objects.filter(priority__version__in=version_list(user=user)).select_related(
            "priority__version__cycle"
        ),
        pk=pk,
    )


def published_version_list() -> QuerySet[StrategyVersion]:
    """Strategies published for everyone, newest decision first."""
    return (
        StrategyVersion.objects.filter(is_published=True)
        .select_related("cycle", "organisation")
        .order_by("-decided_on", "-pk")
    )


def published_version_get(*, pk: int) -> StrategyVersion:
    return get_object_or_404(published_version_list(), pk=pk)


def gap_analysis_list(*, user: User) -> QuerySet[GapAnalysis]:
    return GapAnalysis.objects.visible_to(user).select_related("cycle", "area", "organisation")


def gap_analysis_get(*, user: User, pk: int) -> GapAnalysis:
    return get_object_or_404(gap_analysis_list(user=user), pk=pk)


def service_design_list(*, user: User) -> QuerySet[ServiceDesign]:
    return ServiceDesign.objects.visible_to(user)


def service_design_get(*, user: User, pk: int) -> ServiceDesign:
    return get_object_or_404(service_design_list(user=user), pk=pk)


def purchasing_plan_list(*, user: User) -> QuerySet[PurchasingPlan]:
    return PurchasingPlan.objects.visible_to(user).select_related("cycle", "organisation")


def purchasing_plan_get(*, user: User, pk: int) -> PurchasingPlan:
    return get_object_or_404(purchasing_plan_list(user=user), pk=pk)


def procurements_of(plan: PurchasingPlan) -> list[PlannedProcurement]:
    return list(plan.procurements.select_related("design", "priority__version").order_by("contract_starts", "pk"))


def decommissionings_of(plan: PurchasingPlan) -> list[Decommissioning]:
    return list(plan.decommissionings.prefetch_related("people", "providers__provider").order_by("ends_on", "pk"))


def procurement_get(*, user: User, pk: int) -> PlannedProcurement:
    plans = purchasing_plan_list(user=user)
    return get_object_or_404(PlannedProcurement.objects.filter(plan__in=plans).select_related("plan__cycle"), pk=pk)


def person_transitions_of(*, reference: str, organisation_id: int, service_type: str) -> QuerySet[PersonTransition]:
    """One person's transitions in the plans of an organisation stopping a service."""
    return PersonTransition.objects.filter(
        reference=reference,
        decommissioning__service_type=service_type,
        decommissioning__plan__cycle__lead_organisation_id=organisation_id,
    )


def decommissioning_get(*, user: User, pk: int) -> Decommissioning:
    plans = purchasing_plan_list(user=user)
    return get_object_or_404(Decommissioning.objects.filter(plan__in=plans).select_related("plan__cycle"), pk=pk)


def procurement_totals(plans: QuerySet[PurchasingPlan]) -> dict[str, Any]:
    """How many procurements `plans` intend, and their value without VAT (None when there are none)."""
    return PlannedProcurement.objects.filter(plan__in=plans).aggregate(count=Count("pk"), value=Sum("value"))
