"""commissioning market-summary : rebuild the market summaries (per area supply, beds, ratings and
concentration) from the register. Imports rebuild them; this is for after changes made otherwise."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from commissioning.market.models import MarketSummary
from commissioning.market.summary import market_summary_rebuild


class Command(BaseCommand):
    help = "Rebuild the market summaries (supply, beds, ratings and concentration per area) from the register."

    def handle(self, *args, **options) -> None:
        market_summary_rebuild()
        places = MarketSummary.objects.filter(service="").count()
        self.stdout.write(self.style.SUCCESS(f"Market summaries rebuilt for {places:,} places"))
