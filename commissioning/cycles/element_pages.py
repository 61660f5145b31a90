"""Pages of higher apps that belong to an element of a cycle: the Plan element links to the
cycle's risk register and budget optimiser runs, say.

Cycles sits below the apps that own those pages, so it cannot import them. Each says which of
its pages belong to which element in its `cycle_pages` module (found when Django starts, as
evidence types and journey steps are), with a function that returns the links a person may open
for a cycle; the element's page lists them.
"""

from __future__ import annotations

from collections.abc import Callable

from commissioning.accounts.models import User
from commissioning.cycles.journey import JourneyLink
from commissioning.cycles.models import CommissioningCycle

# (level, element) -> functions of (user, cycle) giving the links the user may open.
_PAGES: dict[tuple[str, str], list[Callable[[User, CommissioningCycle], list[JourneyLink]]]] = {}


def element_pages_register(
    level: str, element: str, links: Callable[[User, CommissioningCycle], list[JourneyLink]]
) -> None:
    """Add pages to an element of every cycle (apps call this from their `cycle_pages` module)."""
    _PAGES.setdefault((level, element), []).append(links)


def element_pages(*, user: User, cycle: CommissioningCycle, level: str, element: str) -> list[JourneyLink]:
    return [link for links in _PAGES.get((level, element), []) for link in links(user, cycle)]
