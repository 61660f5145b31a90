from django.apps import AppConfig

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
        from django.db.models.signals import post_delete, post_save

        from commissioning.market.models import CapacityReturn, Location, LocationRating, Provider

        # Writes that do not rebuild the market summaries themselves leave them stale (imports
        # write in bulk, which sends no signals, and rebuild them in their own transaction).
        for model in (Location, Provider, LocationRating, CapacityReturn):
            for signal in (post_save, post_delete):
                signal.connect(_summary_stale, sender=model, dispatch_uid=f"market-summary-{model.__name__}-{signal}")


def _summary_stale(**kwargs: object) -> None:
    from commissioning.market.summary import market_summary_mark_stale

    market_summary_mark_stale()
