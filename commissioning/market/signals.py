"""Writes to the register that do not rebuild the market summaries themselves (the admin, a
shell, a single capacity return or closure) mark them stale, so the next reader rebuilds them
first. Imports write in bulk, which sends no signals, and rebuild them in their own transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from commissioning.market.models import CapacityReturn, Location, LocationRating, Provider
from commissioning.market.summary import market_summary_mark_stale


def summary_stale(**kwargs: Any) -> None:
    market_summary_mark_stale()


for model in (Location, Provider, LocationRating, CapacityReturn):
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(summary_stale, sender=model, dispatch_uid=f"market-summary-{model.__name__}-{name}")
