"""Links on the plan's pages to what higher apps do with its records: the care for each person a
decommissioning moves, say.

Strategy sits below those apps, so it cannot import them. Each registers, in its `record_links`
module (found when Django starts), a function of the reader and a record returning a link
(words, address) or None when the reader may not follow it; a page shows those that answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Link = tuple[str, str]
_LINKS: list[Callable[[Any, Any], Link | None]] = []


def record_link_register(link: Callable[[Any, Any], Link | None]) -> None:
    _LINKS.append(link)


def record_links(*, user: Any, record: Any) -> list[Link]:
    return [found for link in _LINKS if (found := link(user, record)) is not None]
