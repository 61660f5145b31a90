"""The service navigation: what each signed-in user sees in the header menu."""

from __future__ import annotations

from typing import Any

from commissioning.accounts.permissions import can_manage_people
from commissioning.finance.permissions import can_view_exercises, can_view_finance
from commissioning.market.permissions import can_view_market, can_view_register


def navigation_for(user: Any) -> list[tuple[str, str]]:
    """(label, URL name) pairs; every link leads to a page the user may open."""
    items = [("Home", "core:home")]
    if user.is_commissioning_staff:
        items.append(("Cycles", "cycles:list"))
    else:
        items.append(("Published cycles", "cycles:list"))
    items.append(("Needs", "needs:index"))
    if can_view_market(user):
        items.append(("Market" if can_view_register(user) else "Your services", "market:index"))
    if can_view_finance(user):
        items.append(("Resources", "finance:index"))
    elif can_view_exercises(user):
        items.append(("Cost of care", "finance:exercise-list"))
    items.append(("Organisations", "accounts:organisation-list"))
    items.append(("Areas", "core:area-list"))
    if can_manage_people(user):
        items.append(("People", "accounts:user-list"))
    items.append(("API", "core:api-guide"))
    return items
