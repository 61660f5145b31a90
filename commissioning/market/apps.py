from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from commissioning.core.navigation import MenuItem


class MarketConfig(AppConfig):
    """Analyse and Do: the provider market, its capacity and risks, and market shaping."""

    name = "commissioning.market"
    label = "market"
    verbose_name = "Provider market"
    menu = (
        MenuItem("Market", "market:index", 30, "commissioning.market.permissions.can_view_register"),
        MenuItem("Your services", "market:index", 30, "commissioning.market.permissions.can_view_market"),
    )

    def ready(self) -> None:
        # Connects the signals that keep the market summaries honest (see that module).
        import_module(f"{self.name}.signals")
        # Higher apps add sections to a provider's page in their provider_pages module.
        autodiscover_modules("provider_pages")
