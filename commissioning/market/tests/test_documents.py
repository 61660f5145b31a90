import copy
import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from docx import Document

from commissioning.accounts.tests.factories import OrganisationFactory
from commissioning.core.choices import ClientGroup
from commissioning.core.jinja2 import format_number
from commissioning.core.tests.factories import AreaFactory
from commissioning.market.documents import format_figure, paragraphs, statement_docx, statement_pdf
from commissioning.market.models import MarketPositionStatement
from commissioning.market.tests.factories import market_for

FIGURES = {
    "generated_on": "2026-11-24",
    "area": {"code": "E08000009", "name": "Trafford"},
    "client_group": "Older people",
    "demand": {
        "available": True,
        "note": "Prevalence rates applied to the projected population.",
        "vintage": "ONS 2022-based SNPP",
        "years": [2025, 2030, 2035],
        "needs": [
            {
                "measure": "People aged 65+ with dementia",
                "values": {"2025": "3012.4", "2030": "3390.1", "2035": "3800.0"},
            }
        ],
    },
    "supply": [
        {"service": "Residential care home", "locations": 37, "beds": 1200, "good_share_percent": 81.5},
        {"service": "Homecare", "locations": 41, "beds": None, "good_share_percent": None},
    ],
    "beds_per_thousand": [
        {
            "place": "Trafford",
            "beds": 1800,
            "older_people": "41000.5",
            "per_thousand": 43.9,
            "year": 2026,
            "note": "",
        }
    ],
    "ratings": [
        {"rating": "Outstanding", "locations": 3},
        {"rating": "Not rated or not known", "locations": 10},
    ],
    "concentration": [
        {
            "service": "Nursing home",
            "basis": "beds",
            "hhi": 1234,
            "band": "Concentrated",
            "top": [{"group": "Big Care Group", "percent": 22.5}],
        }
    ],
    "vacancies": {"care_homes_reporting": 12, "vacant_accepting": 35, "as_of": "2026-11-20"},
}

# Every part of the figures present but empty, as a new council with no data would have them.
EMPTY_FIGURES = {
    "generated_on": None,
    "area": None,
    "client_group": None,
    "demand": {"available": True, "note": None, "vintage": None, "years": [2025], "needs": [{"values": None}]},
    "supply": [{"service": None, "locations": None, "beds": None, "good_share_percent": None}],
    "beds_per_thousand": [{"place": None, "beds": None, "older_people": None, "per_thousand": None}],
    "ratings": None,
    "concentration": [{"service": "Homecare", "basis": None, "hhi": None, "band": None, "top": None}],
    "vacancies": None,
}


@pytest.fixture
def statement():
    return MarketPositionStatement.objects.create(
        organisation=OrganisationFactory(name="Trafford Council"),
        area=AreaFactory(code="E08000009", name="Trafford"),
        client_group=ClientGroup.OLDER_PEOPLE,
        title="Care for older people in Trafford 2026 to 2029",
        first_year=2026,
        last_year=2029,
        introduction="We want a market that keeps people at home.\n\nThis statement is for providers.",
        gaps="Too few nursing beds for people with dementia.",
        buy_more="Extra care housing.",
        buy_less="Short homecare visits.",
        fees="We review fees every April.\n\nWe use the cost of care exercise.",
        is_published=True,
        published_at=timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)),
        figures=FIGURES,
    )


def docx_text(data: bytes) -> tuple[list[tuple[str, str]], str, set[str]]:
    """(style, text) of each paragraph, all paragraph text, and every table cell's text."""
    document = Document(io.BytesIO(data))
    paras = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    return paras, "\n".join(text for _, text in paras), cells


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "statement.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)  # noqa: S607
    return result.stdout


@pytest.mark.django_db
def test_word_document_has_title_demand_table_and_concentration(statement):
    paras, text, cells = docx_text(statement_docx(statement, statement.figures))

    assert ("Heading 1", statement.title) in paras
    assert ("Heading 2", "Demand") in paras
    assert "3,012" in cells  # demand for 2025, rounded to whole people
    assert "1,234" in cells  # the HHI
    assert "Big Care Group (22.5%)" in cells
    assert "81.5" in cells and "43.9" in cells and "41,000" in cells  # 41000.5: half to even, as on the page
    assert "Contains public sector information licensed under the Open Government Licence v3.0" in text
    assert "As at 20 November 2026, 12 care homes had reported 35 vacant beds accepting admissions." in text
    assert "We use the cost of care exercise." in text


@pytest.mark.django_db
def test_word_document_shows_why_demand_is_missing(statement):
    figures = copy.deepcopy(FIGURES)
    figures["demand"] = {"available": False, "note": "no population projections have been imported", "needs": []}

    _, text, cells = docx_text(statement_docx(statement, figures))
    html = render_to_string("market/_statement_body.html", {"statement": statement, "figures": figures})

    assert "Demand forecasts are not available: no population projections have been imported" in text
    assert "3,012" not in cells
    assert "Demand forecasts are not available: no population projections have been imported" in html


@pytest.mark.django_db
def test_word_document_marks_demo_data(statement):
    statement.is_demo = True

    _, text, _ = docx_text(statement_docx(statement, statement.figures))

    assert "Demo data" in text


@pytest.mark.django_db
def test_pdf_has_title_page_numbers_and_supply_figures(statement, tmp_path):
    data = statement_pdf(statement, statement.figures)

    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert statement.title in text
    assert "Page 1 of" in text
    assert re.search(r"Residential care home\s+37\s+1,200\s+81\.5", text)
    assert re.search(r"Big Care Group \(22\.5%\)", text)


@pytest.mark.django_db
def test_draft_pdf_says_it_is_not_published(statement, tmp_path):
    statement.is_published = False

    text = pdf_text(statement_pdf(statement, statement.figures), tmp_path)

    assert "Draft: not published" in text


@pytest.mark.django_db
def test_statement_text_is_escaped_in_the_page_body(statement):
    statement.gaps = "Too few beds.\n\n<script>alert('x')</script>"

    html = render_to_string("market/_statement_body.html", {"statement": statement, "figures": statement.figures})

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert '<p class="govuk-body">Too few beds.</p>' in html


@pytest.mark.django_db
def test_page_body_has_headings_from_h2_and_captioned_tables(statement):
    html = render_to_string("market/_statement_body.html", {"statement": statement, "figures": statement.figures})

    assert "<h1" not in html
    assert {level for level in re.findall(r"<h(\d)", html)} == {"2"}
    assert html.count("<table") == html.count('<caption class="govuk-table__caption govuk-table__caption--s">') == 5
    assert '<th scope="row" class="govuk-table__header">People aged 65+ with dementia</th>' in html
    assert "3,012" in html and "1,234" in html and "20 November 2026" in html


@pytest.mark.django_db
@pytest.mark.parametrize("figures", [{}, EMPTY_FIGURES], ids=["no figures", "empty figures"])
def test_missing_figures_read_not_known(statement, figures, tmp_path):
    statement.introduction = ""

    html = render_to_string("market/_statement_body.html", {"statement": statement, "figures": figures})
    _, text, cells = docx_text(statement_docx(statement, figures))
    pdf = statement_pdf(statement, figures)

    assert "Not known" in html and ("Not known" in cells or "Not known" in text)
    assert "Nothing written yet." in html and "Nothing written yet." in text
    assert pdf.startswith(b"%PDF")


def test_figures_are_formatted_with_separators_and_places():
    assert format_figure("41000.6") == "41,001"
    assert format_figure("41000.5") == format_number("41000.5") == "41,000"  # the page's rounding
    assert format_figure(43.94, 1) == "43.9"
    assert format_figure(1234) == "1,234"
    assert format_figure(None) == "Not known"
    assert format_figure("") == "Not known"


def test_text_splits_into_paragraphs_on_blank_lines():
    assert paragraphs("One\r\nline two\n  \nThree\n\n\n") == [["One", "line two"], ["Three"]]
    assert paragraphs(None) == []


def test_word_export_survives_control_characters(world, client_for):
    market = market_for(world)
    market.draft.title = "Older people\x0b2026"
    market.draft.save()
    market.provider_b.group_name = "B\x1bGroup"
    market.provider_b.save()
    response = client_for(world.alice).get(reverse("market:statement-download", args=[market.draft.pk, "docx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
