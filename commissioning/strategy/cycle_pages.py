"""The Plan element of a cycle links to its gap analyses, strategy, risk register and optimiser runs."""

from __future__ import annotations

from django.urls import reverse

from commissioning.accounts.models import User
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
    gaps = selectors.gap_analysis_list(user=user).filter(cycle=cycle).count()
    plans = selectors.purchasing_plan_list(user=user).filter(cycle=cycle).count()
    return [
        JourneyLink(f"Gap analyses ({gaps})", reverse("strategy:gap-list", args=[cycle.pk])),
        JourneyLink(strategy, reverse("strategy:cycle-strategy", args=[cycle.pk])),
        JourneyLink(f"Purchasing plans ({plans})", reverse("strategy:plan-list", args=[cycle.pk])),
        JourneyLink(f"Risk register ({risks} open)", reverse("strategy:risk-register", args=[cycle.pk])),
        JourneyLink(
            f"Budget optimiser ({runs} {'run' if runs == 1 else 'runs'} for this cycle)",
            reverse("strategy:optimiser-list"),
        ),
    ]


element_pages_register(Level.STRATEGIC, Element.PLAN, plan_pages)
