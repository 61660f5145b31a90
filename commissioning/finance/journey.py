"""The resources pages' place in the analysis journey (see `cycles.journey`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.choices import ClientGroup
from commissioning.core.models import Area
from commissioning.cycles.journey import JourneyLink, JourneyStep, journey_step_register
from commissioning.finance.permissions import can_view_finance


def money_links(user: User, area: Area, client_group: str) -> list[JourneyLink]:
    """The organisation's budgets and spend (for the client group, when there is one), its cost
    of care exercises and its unit costs. Budgets belong to an organisation, not an area, so the
    link names whose they are; the area rides along so the page can link back to its need."""
    if not can_view_finance(user) or user.organisation is None:
        return []
    query = {"area": area.code}
    text = f"{user.organisation.name}: budgets and spend"
    if client_group:
        query["client_group"] = client_group
        text += f" for {ClientGroup(client_group).label.lower()}"
    return [
        JourneyLink(text, f"{reverse('finance:index')}?{urlencode(query)}"),
        JourneyLink("Cost of care exercises", reverse("finance:exercise-list")),
        JourneyLink("Unit costs", reverse("finance:unit-cost-list")),
    ]


journey_step_register(JourneyStep("money", "Money", 30, money_links))
