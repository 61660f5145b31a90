"""The Plan element of a cycle shows where its gap analysis, strategy, purchasing plan, risk register and
optimiser runs stand, each linking to its pages."""

from __future__ import annotations

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.jinja2 import plural
from commissioning.cycles.choices import Element, Level
from commissioning.cycles.element_pages import element_pages_register
from commissioning.cycles.journey import JourneyLink
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors


def plan_pages(user: User, cycle: CommissioningCycle) -> list[JourneyLink]:
    if not (can.can_view_plans(user) and team_cycle_list(user).filter(pk=cycle.pk).exists()):
        return []
    runs = selectors.optimiser_run_list(user=user).filter(cycle=cycle).count()
    risks = selectors.risk_list(user=user).filter(cycle=cycle, status="open").count()
    latest = selectors.cycle_version_list(user=user, cycle=cycle).first()
    strategy = (
        f"Strategy: version {latest.number}, {latest.get_status_display().lower()}"
        if latest
        else "Strategy: not started"
    )
    gap = selectors.gap_analysis_list(user=user).filter(cycle=cycle).defer("result").first()
    gaps = (
        f"Gap analysis: {plural(gap.shortfalls, 'shortfall')}, {plural(gap.data_gaps, 'data gap')}"
        if gap
        else "Gap analysis: none yet"
    )
    plans = selectors.purchasing_plan_list(user=user).filter(cycle=cycle)
    planned = selectors.procurement_totals(plans)
    purchasing = (
        f"Purchasing plan: {plural(planned['count'], 'procurement')}, £{planned['value'] or 0:,.0f} without VAT"
        if plans.exists()
        else "Purchasing plan: none yet"
    )
    return [
        JourneyLink(gaps, reverse("strategy:gap-list", args=[cycle.pk])),
        JourneyLink(strategy, reverse("strategy:cycle-strategy", args=[cycle.pk])),
        JourneyLink(purchasing, reverse("strategy:plan-list", args=[cycle.pk])),
        JourneyLink(f"Risk register ({risks} open)", reverse("strategy:risk-register", args=[cycle.pk])),
        JourneyLink(
            f"Budget optimiser ({runs} {'run' if runs == 1 else 'runs'} for this cycle)",
            reverse("strategy:optimiser-list"),
        ),
    ]


element_pages_register(Level.STRATEGIC, Element.PLAN, plan_pages)
