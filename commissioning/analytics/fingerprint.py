"""Fingerprints of imported rows by their values, so a file saved again (other line endings, a
byte order mark, its columns or rows in another order) is known for the same data."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence

Row = Sequence[str | int]


def _line(row: Row) -> str:
    return json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))


def rows_fingerprint(rows: Iterable[Row]) -> str:
    """SHA-256 of the rows' values, whatever order the rows come in; a row given twice counts
    twice. Callers give each value already normalised (dates as ISO text, amounts to the penny)."""
    digest = hashlib.sha256()
    for line in sorted(_line(row) for row in rows):
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def rows_in_common(rows: Iterable[Row], earlier: Iterable[Row]) -> int:
    """How many of `rows` are already among `earlier`, one for one (two equal rows match two)."""
    return sum((Counter(map(_line, rows)) & Counter(map(_line, earlier))).values())
