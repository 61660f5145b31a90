"""The shape of a header menu entry, so each app can declare its own without core knowing it.

An app lists its entries as `menu` on its AppConfig; the site package gathers them. Entries that
share a `position` are alternatives: the first one the user may open is shown (a provider sees
"Your services" where a commissioner sees "Market").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    position: int
    # Dotted path of a predicate taking the user; None means every signed-in user.
    permission: str | None = None
