"""Read the files CQC publishes about care locations into one shape, checking every record.

Four layouts are read: CQC's care directory CSV, the HSCA active locations sheet saved as CSV,
CQC API location records (JSON), and a local extract of the directory (as data labs publish
it, with coordinates). Each gives LocationRecords; every bad value becomes a RowProblem naming
the record and field, and nothing is loaded unless the whole file is good.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from commissioning.analytics.cqc.api import read_api
from commissioning.analytics.cqc.records import Checker, LocationRecord, ParsedFile
from commissioning.analytics.cqc.sheets import read_directory, read_extract, read_hsca
from commissioning.analytics.cqc.words import Layout
from commissioning.analytics.problems import ImportRejected, RowProblem


def detect_format(name: str, content: bytes) -> str:
    """Tell the layout from the file: JSON is API records; CSV by its header."""
    head = content[:20000].decode("utf-8-sig", errors="replace")
    if head.lstrip().startswith(("{", "[")):
        return Layout.API
    lowered = head.lower()
    if "location id" in lowered and "care homes beds" in lowered:
        return Layout.HSCA
    if "cqc_id" in lowered:
        return Layout.EXTRACT
    if "service types" in lowered and "cqc location" in lowered:
        return Layout.DIRECTORY
    raise ImportRejected(
        [
            RowProblem(
                name,
                1,
                None,
                "is not a CQC file this service reads: expected the care directory CSV, the HSCA active "
                "locations CSV, CQC API location JSON, or a directory extract with a cqc_id column",
            )
        ]
    )


def workbook_as_csv(name: str, content: bytes) -> bytes:
    """CQC publishes the HSCA active locations as a workbook: read its locations sheet as CSV."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not a readable Excel workbook ({error})")]) from error
    sheet = next((book[title] for title in book.sheetnames if "location" in title.lower()), book.worksheets[0])
    output = io.StringIO()
    writer = csv.writer(output)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([_cell_text(value) for value in row])
    book.close()
    return output.getvalue().encode("utf-8")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_cqc_file(name: str, content: bytes, file_format: str | None = None) -> ParsedFile:
    """Read and check a whole CQC file (CSV, JSON, or the HSCA workbook). Raises ImportRejected
    listing every problem."""
    if content[:2] == b"PK":  # an Excel workbook (a zip)
        content = workbook_as_csv(name, content)
    file_format = file_format or detect_format(name, content)
    checker = Checker(name)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    readers = {
        Layout.API: read_api,
        Layout.HSCA: read_hsca,
        Layout.DIRECTORY: read_directory,
        Layout.EXTRACT: read_extract,
    }
    if file_format not in readers:
        raise ValueError(f"{file_format!r} is not a CQC file layout ({', '.join(readers)})")
    parsed = readers[file_format](text, checker)
    _check_duplicates(parsed.records, checker)
    _check_provider_names(parsed.records, checker)
    if checker.problems:
        raise ImportRejected(checker.problems)
    return parsed


def _check_duplicates(records: list[LocationRecord], checker: Checker) -> None:
    first_line: dict[str, int | None] = {}
    for record in records:
        if not record.location_id:
            continue
        if record.location_id in first_line:
            where = first_line[record.location_id]
            checker.add(
                record.line,
                "location id",
                f"{record.location_id} appears twice (first at {f'line {where}' if where else 'an earlier record'})",
            )
        else:
            first_line[record.location_id] = record.line


def _check_provider_names(records: list[LocationRecord], checker: Checker) -> None:
    """One provider id, one name: a file that disagrees with itself is refused."""
    first: dict[str, LocationRecord] = {}
    for record in records:
        if not record.provider_id or not record.provider_name:
            continue
        earlier = first.setdefault(record.provider_id, record)
        if earlier.provider_name.lower() != record.provider_name.lower():
            where = f"line {earlier.line}" if earlier.line else "an earlier record"
            checker.add(
                record.line,
                "provider name",
                f"provider {record.provider_id} is {record.provider_name!r} here "
                f"but {earlier.provider_name!r} at {where}",
            )
