"""The guard every download goes through: text a spreadsheet would run stays text, numbers stay
numbers, and file names are safe in a response header."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from commissioning.core.downloads import attachment, csv_text, safe_cell, safe_file_name, workbook_bytes


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Oak\x00 House", "Oak House"),
        ("-12.5", "-12.5"),
        ("-1,234", "-1,234"),
        (Decimal("-50.05"), Decimal("-50.05")),
        (-3, -3),
        (None, None),
        (datetime.date(2026, 5, 1), datetime.date(2026, 5, 1)),
    ],
)
def test_text_that_would_run_gets_an_apostrophe_and_numbers_stay_as_they_are(value, written):
    assert safe_cell(value) == written


def test_a_csv_cell_never_starts_a_formula():
    assert csv_text([["=1+1", "-4", "Oak"]]) == "'=1+1,-4,Oak\r\n"


def test_a_formula_written_straight_into_a_sheet_is_saved_as_text():
    book = Workbook()
    book.active["A1"] = "=1+1"
    book.active["A2"] = -4
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A2"].value) == ("'=1+1", "s", -4)


def test_file_names_keep_only_safe_characters():
    assert safe_file_name('needs-E0"\r\n/../x.csv') == "needs-E0-..-x.csv"
    assert safe_file_name("Budget 2026–27 café.xlsx") == "Budget-2026-27-cafe.xlsx"
    assert safe_file_name('"') == "download"
    response = attachment(b"x", content_type="text/csv", file_name="a\nb.csv")
    assert response["Content-Disposition"] == 'attachment; filename="a-b.csv"'
