"""The market pages' place in the analysis journey (see `cycles.journey`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.choices import UPPER_TIER_LEVELS, ClientGroup
from commissioning.core.models import Area
from commissioning.cycles.journey import JourneyLink, JourneyStep, journey_step_register
from commissioning.market.permissions import can_view_register


def supply_links(user: User, area: Area, client_group: str) -> list[JourneyLink]:
    """The market overview and provider risk for a council area, and the locations supporting
    the client group when there is one."""
    if not can_view_register(user) or area.level not in UPPER_TIER_LEVELS:
        return []
    query = urlencode({"area": area.code})
    links = [JourneyLink(f"The market in {area.name}", f"{reverse('market:index')}?{query}")]
    if client_group:
        group = urlencode({"area": area.code, "client_group": client_group})
        links.append(
            JourneyLink(
                f"Locations in {area.name} for {ClientGroup(client_group).label.lower()}",
                f"{reverse('market:location-list')}?{group}",
            )
        )
    links.append(JourneyLink(f"Provider risk in {area.name}", f"{reverse('market:risk')}?{query}"))
    return links


journey_step_register(JourneyStep("supply", "Supply", 20, supply_links))
