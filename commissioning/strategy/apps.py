from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from commissioning.core.navigation import MenuItem


class StrategyConfig(AppConfig):
    """Plan: what the analysis means for what the council will buy. Each cycle's strategy and risk
    register, and the budget optimiser so far; gap analysis and the purchasing plan follow."""

    name = "commissioning.strategy"
    label = "strategy"
    verbose_name = "Plan"
    menu = (MenuItem("Plan", "strategy:index", 45, "commissioning.strategy.permissions.can_view_plans"),)

    def ready(self) -> None:
        # Apps above link the plan's records to what they do with them (see record_links).
        autodiscover_modules("record_links")
