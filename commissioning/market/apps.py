from django.apps import AppConfig


class MarketConfig(AppConfig):
    """Analyse and Do: the provider market, its capacity and risks, and market shaping."""

    name = "commissioning.market"
    label = "market"
    verbose_name = "Provider market"
