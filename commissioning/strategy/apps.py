from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class StrategyConfig(AppConfig):
    """Plan: what the analysis means for what the council will buy. The budget optimiser so far;
    gap analysis, strategies, risks and the purchasing plan follow (issue 11)."""

    name = "commissioning.strategy"
    label = "strategy"
    verbose_name = "Plan"
    menu = (MenuItem("Plan", "strategy:optimiser-list", 45, "commissioning.strategy.permissions.can_view_plans"),)
