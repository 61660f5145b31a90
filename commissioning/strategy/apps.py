from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class StrategyConfig(AppConfig):
    """Plan: what the analysis means for what the council will buy. The budget optimiser and each
    cycle's risk register so far; gap analysis, strategies and the purchasing plan follow."""

    name = "commissioning.strategy"
    label = "strategy"
    verbose_name = "Plan"
    menu = (MenuItem("Plan", "strategy:optimiser-list", 45, "commissioning.strategy.permissions.can_view_plans"),)
