from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class NeedsConfig(AppConfig):
    """Analyse: population needs assessment and demand forecasting."""

    name = "commissioning.needs"
    label = "needs"
    verbose_name = "Population needs"
    menu = (MenuItem("Needs", "needs:index", 20),)
