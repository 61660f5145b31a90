"""Streamed OCDS release packages: as many releases as there are, in memory one at a time.

Why: a full export (every notice of every procurement, call-offs included) can run to hundreds of
thousands of releases; building the package as one dict and `json.dump`-ing it holds all of them,
and their encoded text, at once. Here the package head is written, then each release as it comes
from the iterable (a queryset's `.iterator()`, a generator), then the closing brackets. The output
is byte for byte what `json.dump(package, separators=(",", ":"))` gives for the same package.

Nothing here validates: run `ocds_schema.validate_package` on a sample (or in the tests) for that.
No Django imports; `iter_release_package` feeds a `StreamingHttpResponse`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from commissioning.procurement.ocds_schema import EXTENSIONS

OCDS_VERSION = "1.1"

# What Find a Tender declares in its packages, in its order (procurement-facts.md section 2.1, checked
# against FTS packages of 2025-2026; the performance failures extension appears from 2026). For
# reference and comparison: we declare (and validate against) `vendored_extensions()` instead.
UK_EXTENSIONS: tuple[str, ...] = (
    "https://standard.open-contracting.org/profiles/eu/latest/en/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_amendment_rationale_classifications_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_breakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_contract_completion_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_documentation_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_suitability_extension/master/extension.json",
    "https://raw.githubusercontent.com/portaledcahn/ocds_Links_extension/main/extension.json",
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_performance_failures_extension/master/extension.json",
)  # fmt: skip

# Compact and ASCII-only (any text encoding of the target can carry it), like json.dumps with
# separators=(",", ":"). One encoder for everything, so every release is encoded by the C encoder.
_ENCODER = json.JSONEncoder(separators=(",", ":"))
_CHUNK = 64 * 1024  # characters per chunk handed to a streaming response


def vendored_extensions(*, pinned: bool = True) -> list[str]:
    """The extension.json URLs of the extensions `ocds_schema` validates against, to declare in
    `extensions`. Pinned to the vendored commits by default, so a reader fetches exactly the schema
    we checked; `pinned=False` gives the branch or tag URLs the upstream declarations use."""
    if pinned:
        return [extension.url for extension in EXTENSIONS]
    return [
        f"https://raw.githubusercontent.com/{extension.repository}/{extension.ref}/extension.json"
        for extension in EXTENSIONS
    ]


def _head(
    *, uri: str, published_date: str, publisher: dict, license: str, publication_policy: str, extensions: list[str]
) -> str:
    """The package up to and including `"releases":[`, keys in the order the OCDS examples use."""
    metadata: dict[str, Any] = {
        "uri": uri,
        "publishedDate": published_date,
        "publisher": publisher,
        "license": license,
        "publicationPolicy": publication_policy,
        "version": OCDS_VERSION,
        "extensions": list(extensions),
    }
    return _ENCODER.encode(metadata)[:-1] + ',"releases":['


def _first(releases: Iterable[dict]) -> tuple[dict, Iterator[dict]]:
    """The first release and the rest: a package needs at least one (`minItems: 1`), and saying so
    before anything is written beats a truncated, invalid file."""
    iterator = iter(releases)
    for release in iterator:
        return release, iterator
    raise ValueError("an OCDS release package needs at least one release")


def iter_release_package(
    releases: Iterable[dict],
    *,
    uri: str,
    published_date: str,
    publisher: dict,
    license: str,
    publication_policy: str,
    extensions: list[str],
) -> Iterator[str]:
    """The release package as str chunks of about 64 KiB (for a StreamingHttpResponse); each release
    is encoded when reached, so memory stays flat however many there are."""
    first, rest = _first(releases)
    parts = [
        _head(
            uri=uri,
            published_date=published_date,
            publisher=publisher,
            license=license,
            publication_policy=publication_policy,
            extensions=extensions,
        ),
        _ENCODER.encode(first),
    ]
    size = len(parts[0]) + len(parts[1])
    for release in rest:
        text = _ENCODER.encode(release)
        parts.append(",")
        parts.append(text)
        size += len(text) + 1
        if size >= _CHUNK:
            yield "".join(parts)
            parts.clear()
            size = 0
    parts.append("]}")
    yield "".join(parts)


def write_release_package(
    target: TextIO,
    releases: Iterable[dict],
    *,
    uri: str,
    published_date: str,
    publisher: dict,
    license: str,
    publication_policy: str,
    extensions: list[str],
) -> int:
    """Write the release package to `target`, one chunk at a time, exactly as the public download
    streams it (the same code, so the benchmark times what the page sends); returns how many releases.

    Raises ValueError, having written nothing, when `releases` is empty."""
    count = 0

    def counted() -> Iterator[dict]:
        nonlocal count
        for release in releases:
            count += 1
            yield release

    for chunk in iter_release_package(
        counted(),
        uri=uri,
        published_date=published_date,
        publisher=publisher,
        license=license,
        publication_policy=publication_policy,
        extensions=extensions,
    ):
        target.write(chunk)
    return count
