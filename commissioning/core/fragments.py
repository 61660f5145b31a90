"""Parts of a page rendered once and kept under a key made of everything they show.

A needs profile's tables come from figures that never change for the same inputs, yet rendering
them is most of the page's cost. Each part's key is a fingerprint of what it shows (the content
keys of its figures, the words and addresses around them) and of the source of the templates and
code that render it, so an edited record, a new release or another user's choices give another
key and a part is never shown out of date: nothing has to be invalidated. Parts live in Django's
cache (a store per worker unless CACHES names a shared one); a part not kept is rendered and kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import cache
from markupsafe import Markup

Part = TypeVar("Part", bound=Hashable)

# A day: keys never go stale, this only lets unused parts leave the cache.
KEEP_SECONDS = 24 * 60 * 60


def source_version(*paths: Path | str) -> str:
    """A fingerprint of the files that render a part (templates, chart code): part of every key."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def part_key(version: str, what: Any) -> str:
    """The cache key of a part: `what` is a JSON-able description of everything it shows."""
    text = json.dumps([version, what], separators=(",", ":"), default=str)
    return "part:" + hashlib.sha256(text.encode()).hexdigest()


def kept_parts(keys: dict[Part, str], render: Callable[[list[Part]], dict[Part, str]]) -> dict[Part, Markup]:
    """The parts named by `keys` ({part: key from part_key}): those kept are read in one cache
    call; the rest are rendered together by `render(missing parts)` and kept."""
    found = cache.get_many(list(set(keys.values()))) if keys else {}
    missing = [part for part, key in keys.items() if key not in found]
    if missing:
        rendered = {part: str(html) for part, html in render(missing).items()}
        cache.set_many({keys[part]: html for part, html in rendered.items()}, KEEP_SECONDS)
        found.update({keys[part]: html for part, html in rendered.items()})
    # Markup: each part was rendered, and escaped, by our own templates.
    return {part: Markup(found[key]) for part, key in keys.items()}  # noqa: S704
