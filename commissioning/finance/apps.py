from django.apps import AppConfig


class FinanceConfig(AppConfig):
    """Analyse: resources. Budgets, spend, unit costs, the cost of care and options appraisal."""

    name = "commissioning.finance"
    label = "finance"
    verbose_name = "Resources and costs"
