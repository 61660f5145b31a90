"""Every download in the service, with every free-text field of the records behind it set to text
a spreadsheet would run as a formula: no CSV cell, Excel cell or line of a Word document can
start a formula, and PDFs show the text as it was typed, markup included.

Records are filled through their `_meta`, so a text field added later is covered without
changing this test; only fields the service reads as codes are left as they are.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from commissioning.core.models import Area
from commissioning.finance import services as finance_services
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.finance.models import CostOfCareExercise, CostSurveyReturn
from commissioning.market.models import Location, MarketPositionStatement, Provider
from commissioning.market.statement import figures_for
from commissioning.market.tests.factories import market_for
from commissioning.needs.models import PopulationVintage, RateSet
from commissioning.needs.published_rates import CFAS_II
from commissioning.needs.services import AdjustmentInput, scenario_create

PAYLOADS = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\t=1+1"]
# For documents read by people (PDF): a formula and markup, to show both come out as typed.
TYPED = '=HYPERLINK("http://evil.example","x") <b>bold</b>'

# Fields the service reads as codes or keys, not words a person typed.
CODES = {
    Area: {"code"},
    PopulationVintage: {"storage_name", "content_sha256"},
    Location: {"cqc_location_id", "service_codes", "client_group_codes"},
    Provider: {"cqc_provider_id"},
}


def fill(record: models.Model, text: str) -> None:
    """Set every free-text field of the record (character and text fields without choices) to
    `text`, cut to the field's length, with the record's id after it where values must differ."""
    values = {}
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if field.name in CODES.get(type(record), set()):
            continue
        value = f"{text} {record.pk}" if field.unique else text
        values[field.attname] = value[: field.max_length] if field.max_length else value
    # An update, not a save: published records refuse changes, and this is a test of what is shown.
    type(record).objects.filter(pk=record.pk).update(**values)
    record.refresh_from_db()


def fill_strings(value: Any, text: str) -> Any:
    """Every string in a statement's figures replaced by `text` (numbers kept)."""
    if isinstance(value, str):
        return text
    if isinstance(value, dict):
        return {key: fill_strings(item, text) for key, item in value.items()}
    if isinstance(value, list):
        return [fill_strings(item, text) for item in value]
    return value


def build_everything(world: Any, text: str) -> dict[str, Any]:
    """A needs scenario, a market with statements, a budget and a cost of care exercise with a
    provider's return, every text field of each set to `text`."""
    cfas = RateSet.objects.get(name=CFAS_II)
    scenario = scenario_create(
        by=world.alice, name="Prevention", adjustments=[AdjustmentInput("effect", Decimal("20"), 2030, cfas)]
    )
    market = market_for(world)
    finance_services.cost_centre_create(
        by=world.alice, code="OP-RES", name="Residential", service_type="residential", client_group="older_people"
    )
    budget = finance_services.budget_create(
        by=world.alice, financial_year=2026, client_group="older_people", service_type="residential",
        funding_source="council", amount=Decimal("1000.00"),
    )  # fmt: skip
    exercise = finance_services.exercise_create(
        by=world.alice,
        title="Homecare 2027",
        kind=ModelKind.HOMECARE,
        financial_year=2027,
        current_fee=Decimal("25.00"),
        inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )
    finance_services.survey_return_save(
        exercise=exercise, provider=market.provider_a, lines={"pay": Decimal("17.00")}, notes="", by=world.pam
    )
    durham = Area.objects.get(code="E06000047")
    records = [
        scenario, durham, *PopulationVintage.objects.all(), *RateSet.objects.all(), world.trafford,
        market.provider_a, market.provider_b, market.home_a, market.home_b, market.draft, market.published,
        budget, exercise, *CostSurveyReturn.objects.filter(exercise=exercise),
    ]  # fmt: skip
    for record in records:
        fill(record, text)
    frozen = fill_strings(figures_for(market.draft), text)
    MarketPositionStatement.objects.filter(pk=market.published.pk).update(figures=frozen)
    CostOfCareExercise.objects.filter(pk=exercise.pk).update(is_published=True)
    return {"scenario": scenario, "market": market, "exercise": exercise, "durham": durham}


def downloads(client: Any, built: dict[str, Any], *, documents: str) -> dict[str, Any]:
    """Every download of one kind ("spreadsheets and Word", or "PDF"), by name: its response."""
    market, exercise = built["market"], built["exercise"]
    needs = {"scenario": built["scenario"].pk}
    urls = {
        "forecast csv": (reverse("needs:area-profile-download", args=["E06000047", "csv"]), needs),
        "forecast csv by age": (
            reverse("needs:area-profile-download", args=["E06000047", "csv"]),
            {**needs, "detail": 1},
        ),
        "forecast xlsx": (reverse("needs:area-profile-download", args=["E06000047", "xlsx"]), needs),
        "budget xlsx": (reverse("finance:budget-download", args=["xlsx"]), {"year": 2026}),
        "budget pdf": (reverse("finance:budget-download", args=["pdf"]), {"year": 2026}),
        "exercise xlsx": (reverse("finance:exercise-download", args=[exercise.pk, "xlsx"]), {}),
        "exercise pdf": (reverse("finance:exercise-download", args=[exercise.pk, "pdf"]), {}),
        "public exercise xlsx": (reverse("finance:exercise-public-download", args=[exercise.pk, "xlsx"]), {}),
        "public exercise pdf": (reverse("finance:exercise-public-download", args=[exercise.pk, "pdf"]), {}),
        "draft statement docx": (reverse("market:statement-download", args=[market.draft.pk, "docx"]), {}),
        "draft statement pdf": (reverse("market:statement-download", args=[market.draft.pk, "pdf"]), {}),
        "published statement docx": (
            reverse("market:statement-public-download", args=[market.published.pk, "docx"]),
            {},
        ),
        "published statement pdf": (reverse("market:statement-public-download", args=[market.published.pk, "pdf"]), {}),
    }
    wanted = {name: url for name, url in urls.items() if name.endswith(" pdf") == (documents == "PDF")}
    responses = {name: client.get(url, query) for name, (url, query) in wanted.items()}
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 200)
    return responses


def formula_free(text: str) -> bool:
    """What a spreadsheet would not run: text not starting = + - @ tab or return, or a number."""
    return text[:1] not in ("=", "+", "-", "@", "\t", "\r") or bool(re.fullmatch(r"-?[\d,]+(\.\d+)?%?", text))


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode())) for cell in row]


def excel_cells(content: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    return [cell.value for cell in cells]


def word_lines(content: bytes) -> list[str]:
    """Every line of every paragraph and table cell, and of the footer."""
    document = Document(io.BytesIO(content))
    paragraphs = [*document.paragraphs, *document.sections[0].footer.paragraphs]
    paragraphs += [p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [line for paragraph in paragraphs for line in paragraph.text.split("\n")]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_download_can_start_a_formula(world, durham_vintage, client_for, payload):
    built = build_everything(world, payload)
    responses = downloads(client_for(world.alice), built, documents="spreadsheets and Word")
    guarded = f"'{payload}"

    for name in ("forecast csv", "forecast csv by age"):
        cells = csv_cells(responses[name].content)
        assert [cell for cell in cells if not formula_free(cell)] == [], name
        assert guarded in cells, name  # the scenario, area and rate set names are there, as text

    for name in ("forecast xlsx", "budget xlsx", "exercise xlsx", "public exercise xlsx"):
        values = excel_cells(responses[name].content)
        assert [v for v in values if isinstance(v, str) and not formula_free(v)] == [], name
        assert any(isinstance(v, str) and v.startswith(guarded) for v in values), name
    forecast = load_workbook(io.BytesIO(responses["forecast xlsx"].content))
    for sheet in ("By age and sex", "Sources and method"):
        assert guarded in [cell for row in forecast[sheet].iter_rows(values_only=True) for cell in row], sheet
    exercise = load_workbook(io.BytesIO(responses["exercise xlsx"].content))
    assert guarded in [cell for row in exercise["Each return"].iter_rows(values_only=True) for cell in row]

    for name in ("draft statement docx", "published statement docx"):
        lines = word_lines(responses[name].content)
        assert [line for line in lines if not formula_free(line)] == [], name
        assert any(line.startswith(guarded.strip()) for line in lines), name


def test_numbers_in_downloads_stay_numbers(world, durham_vintage, client_for):
    """A refund makes spend negative: the budget workbook keeps it a number, not guarded text."""
    build_everything(world, "-2+3")
    finance_services.spend_import(
        organisation=world.trafford,
        name="refunds.csv",
        content=b"Date,Supplier,Cost centre,Amount,Type\n2026-05-15,-2+3,OP-RES,(50.05),actual\n",
        financial_year=2026,
        by=world.alice,
    )
    response = client_for(world.alice).get(reverse("finance:budget-download", args=["xlsx"]), {"year": 2026})
    assert Decimal("-50.05") in [Decimal(str(v)) for v in excel_cells(response.content) if isinstance(v, float)]


def pdf_text(content: bytes, tmp_path: Any) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "download.pdf"
    path.write_bytes(content)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)  # noqa: S607
    return "".join(result.stdout.split())


def test_pdfs_show_text_as_typed_never_as_markup(world, durham_vintage, client_for, tmp_path):
    built = build_everything(world, TYPED)
    responses = downloads(client_for(world.alice), built, documents="PDF")
    typed = "".join(TYPED.split())
    for name, response in responses.items():
        assert typed in pdf_text(response.content, tmp_path), name
    statement = MarketPositionStatement.objects.get(pk=built["market"].published.pk)
    html = render_to_string("market/statement_document.html", {"statement": statement, "figures": statement.figures})
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_download_file_names_are_safe_whatever_they_are_built_from(world, client_for):
    """A file name never carries quotes, line breaks or slashes into the response header."""
    market = market_for(world)
    Area.objects.filter(pk=market.draft.area_id).update(code='E0"\r\n/x')
    response = client_for(world.alice).get(reverse("market:statement-download", args=[market.draft.pk, "docx"]))
    assert response["Content-Disposition"] == 'attachment; filename="market-position-statement-E0-x-2026.docx"'


def test_a_location_named_like_a_formula_shows_as_written(world, client_for):
    market = market_for(world)
    fill(market.home_a, '=HYPERLINK("http://evil.example","x")')
    page = client_for(world.alice).get(market.home_a.get_absolute_url()).content.decode()
    assert "<h1" in page and "=HYPERLINK(&#34;http://evil.example&#34;,&#34;x&#34;)" in page


def test_every_file_the_service_writes_goes_through_the_shared_guard():
    """A new download that writes its own CSV, workbook, Word document or response header would
    skip the guard: outside core.downloads, none does (analytics only reads files)."""
    package = Path(__file__).resolve().parents[1] / "commissioning"
    writers = re.compile(r"Content-Disposition|csv\.(writer|DictWriter)\(|\b(Workbook|Document)\(\)")
    found = []
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if "/tests/" in relative or relative.startswith("analytics/") or relative == "core/downloads.py":
            continue
        text = path.read_text()
        if writers.search(text) and "commissioning.core.downloads import" not in text:
            found.append(relative)
    assert found == []
