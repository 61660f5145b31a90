"""What higher apps show on a provider's page: its contracts with the council, say.

Market sits below the apps that hold those records, so it cannot import them. Each says what it
adds to a provider's page in its `provider_pages` module (found when Django starts), with a
function of the reader and the provider returning a section, or None when the reader may see none
of it; the provider's page lists the sections in the order registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProviderSection:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (text, address)
    empty: str = "None."
    more: tuple[str, str] | None = None  # (text, address) of a page with the rest


_SECTIONS: list[Callable[[Any, Any], ProviderSection | None]] = []


def provider_section_register(section: Callable[[Any, Any], ProviderSection | None]) -> None:
    """Add a section to every provider's page (apps call this from their `provider_pages` module)."""
    _SECTIONS.append(section)


def provider_sections(*, user: Any, provider: Any) -> list[ProviderSection]:
    return [found for section in _SECTIONS if (found := section(user, provider)) is not None]
