from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from commissioning.core.navigation import MenuItem


class FinanceConfig(AppConfig):
    """Analyse: resources. Budgets, spend, unit costs, the cost of care and options appraisal."""

    name = "commissioning.finance"
    label = "finance"
    verbose_name = "Resources and costs"
    menu = (
        MenuItem("Resources", "finance:index", 40, "commissioning.finance.permissions.can_view_finance"),
        MenuItem("Cost of care", "finance:exercise-list", 40, "commissioning.finance.permissions.can_view_exercises"),
    )

    def ready(self) -> None:
        # Higher apps (contracts, care) say what spend they commit in their commitments module.
        autodiscover_modules("commitments")
