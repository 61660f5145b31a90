"""The one guard every download goes through, and the writers that apply it.

Names and text in downloads come from people and imports (a scenario's name, a provider's notes,
a supplier in a finance file). A spreadsheet runs a cell starting with "=", "+", "-", "@", a tab
or a carriage return as a formula, so such text is written with a leading apostrophe, which
keeps it text wherever it is opened or pasted. Numbers stay numbers. Control characters, which
Excel and Word cannot hold, are removed. Apps build their files with these writers:

- CSV: `csv_text(rows)` or `csv_write(handle, rows)`;
- Excel: any openpyxl workbook, rows added with `sheet_append(sheet, values)` and saved with
  `workbook_bytes(book)`, which guards every cell however it was written;
- Word: any python-docx document, text written through `document_text` and the file saved with
  `docx_bytes(document)`, which guards every line of every paragraph and table cell;
- PDF: `core.documents.html_to_pdf`, from autoescaped Jinja templates, so text shows as written;
- the response: `attachment(content, content_type=..., file_name=...)`, with a safe file name.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from commissioning.analytics.text import FORMULA_STARTS, looks_like_formula, without_control_characters

__all__ = [
    "FORMULA_STARTS", "attachment", "csv_text", "csv_write", "document_text", "docx_bytes", "is_download",
    "looks_like_formula",
    "safe_cell", "safe_file_name", "sheet_append", "workbook_bytes",
]  # fmt: skip


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet should hold it: numbers, dates and blanks as they are; text
    without control characters, and with an apostrophe in front if it would run as a formula."""
    if not isinstance(value, str):
        return value
    value = without_control_characters(value)
    return f"'{value}" if looks_like_formula(value) else value


def document_text(value: Any) -> str:
    """Text a Word document can hold (python-docx refuses control characters as they are
    written); docx_bytes guards formulas when the document is saved."""
    return without_control_characters("" if value is None else str(value))


# --- CSV -----------------------------------------------------------------------------------------------


def csv_write(handle: IO[str], rows: Iterable[Iterable[Any]]) -> None:
    writer = csv.writer(handle)
    writer.writerows([safe_cell(value) for value in row] for row in rows)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    handle = io.StringIO()
    csv_write(handle, rows)
    return handle.getvalue()


# --- Excel ---------------------------------------------------------------------------------------------


def sheet_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Add a row of values to a sheet, each through the guard (openpyxl refuses control
    characters as they are written, so they go before)."""
    sheet.append([safe_cell(value) for value in values])


def workbook_bytes(book: Workbook) -> bytes:
    """Save a workbook after passing every cell through the guard: downloads hold values, never
    formulas, however a cell was written."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) or cell.data_type == "f":
                    guarded = safe_cell(str(cell.value))
                    if guarded != cell.value or cell.data_type == "f":
                        cell.value = guarded
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


# --- Word ----------------------------------------------------------------------------------------------


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _table_paragraphs(inner)


def _all_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    yield from document.paragraphs
    for table in document.tables:
        yield from _table_paragraphs(table)
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs
            for table in part.tables:
                yield from _table_paragraphs(table)


def docx_bytes(document: DocxDocument) -> bytes:
    """Save a Word document after guarding every line of every paragraph and table cell (each
    line becomes a cell when pasted into a spreadsheet)."""
    for paragraph in _all_paragraphs(document):
        line_starts = True
        for run in paragraph.runs:
            text = run.text
            if not text:
                continue
            lines = text.split("\n")
            guarded = [
                f"'{line}" if (number or line_starts) and looks_like_formula(line) else line
                for number, line in enumerate(lines)
            ]
            if guarded != lines:
                run.text = "\n".join(guarded)
            line_starts = text.endswith("\n")
    handle = io.BytesIO()
    document.save(handle)
    return handle.getvalue()


# --- The response --------------------------------------------------------------------------------------

UNSAFE_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str) -> str:
    """A file name any browser and disk accepts: letters, digits, dots, hyphens and underscores
    (no quotes, slashes or line breaks from text people typed)."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return UNSAFE_IN_FILE_NAMES.sub("-", letters).strip("-.") or "download"


def attachment(content: bytes | str, *, content_type: str, file_name: str) -> HttpResponse:
    """A download: the file, offered to save under a safe version of `file_name`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_file_name(file_name))
    return response


def streamed_attachment(
    chunks: Iterable[str | bytes], *, content_type: str, file_name: str, inline: bool = False
) -> StreamingHttpResponse:
    """A download sent as it is made (a bulk export of any size, in flat memory)."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, safe_file_name(file_name))
    return response


def is_download(response: HttpResponse) -> bool:
    """Whether `response` is a file offered to save (built by `attachment` or otherwise)."""
    return response.has_header("Content-Disposition")
