"""Shared shape of every import: validate all rows first, report each bad one, then load.

An import either loads completely or not at all. Validation collects every problem with the
file, line and column it was found at, so a user can fix a file in one pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from commissioning.analytics.problems import ImportRejected, RowProblem
from commissioning.analytics.text import looks_like_formula, without_control_characters

__all__ = [
    "ImportRejected", "ImportResult", "Progress", "RowProblem", "formula_notes", "no_progress", "read_csv_rows",
    "without_control_characters",
]  # fmt: skip

# Told each step of an import, in words: the command line's progress bar and background jobs.
Progress = Callable[[str], None]


def no_progress(message: str) -> None:
    """For imports nobody is watching."""


@dataclass
class ImportResult:
    """What an import changed, for the command line, pages and logs."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def formula_notes(values: Iterable[object]) -> list[str]:
    """A note for an import's results when text in the file starts as a spreadsheet formula does
    (a name like "=HYPERLINK(...)"): such text is kept as written, and the service only ever
    shows and downloads it as text (core.downloads). No note when there is none."""
    count = sum(1 for value in values if isinstance(value, str) and looks_like_formula(value))
    if not count:
        return []
    values_start = "value in this file starts" if count == 1 else "values in this file start"
    return [
        f"{count:,} {values_start} with =, +, -, @ or a tab, as spreadsheet formulas do. They are kept "
        "exactly as written, and pages and downloads show them as text, never as formulas."
    ]


def read_csv_rows(
    path: Path | str, *, required_columns: list[str], text: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a CSV file, first checking its header.

    Tolerates a UTF-8 byte order mark and stray spaces in header names (both seen in ONS and
    NHS files). Raises ImportRejected naming the missing columns.
    """
    name = Path(path).name
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not a readable CSV file ({error})")]) from error
    header = rows[0] if rows else None
    if not header:
        raise ImportRejected([RowProblem(name, 1, None, "the file is empty: no header row")])
    header = [column.strip() for column in header]
    missing = [column for column in required_columns if column not in header]
    if missing:
        raise ImportRejected([RowProblem(name, 1, None, f"missing column(s): {', '.join(missing)}")])
    for line_number, values in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield line_number, {"__width__": f"{len(values)} values for {len(header)} columns"}
            continue
        yield line_number, {column: value.strip() for column, value in zip(header, values, strict=True)}
