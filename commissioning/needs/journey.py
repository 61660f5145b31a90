"""The needs profile's place in the analysis journey (see `cycles.journey`)."""

from __future__ import annotations

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.models import Area
from commissioning.cycles.journey import JourneyLink, JourneyStep, journey_step_register
from commissioning.needs.permissions import can_view_needs
from commissioning.needs.selectors import projection_list


def need_links(user: User, area: Area, client_group: str) -> list[JourneyLink]:
    """The area's needs profile, once a population projection covers it."""
    if not can_view_needs(user) or not projection_list(area=area).exists():
        return []
    return [JourneyLink(f"Needs profile for {area.name}", reverse("needs:area-profile", args=[area.code]))]


journey_step_register(JourneyStep("need", "Need", 10, need_links))
