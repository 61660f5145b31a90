from django.apps import AppConfig


class NeedsConfig(AppConfig):
    """Analyse: population needs assessment and demand forecasting."""

    name = "commissioning.needs"
    label = "needs"
    verbose_name = "Population needs"
