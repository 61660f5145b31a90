"""A market position statement as a Word document or a PDF, for councils to publish or edit further.

Both take the statement and its figures (the dict the statement page shows: live for a draft, frozen
when published). Any figure may be missing or None; it then reads "Not known". The PDF renders
market/statement_document.html, which includes the same body partial as the web pages.
"""

from __future__ import annotations

import copy
import datetime
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from commissioning.core.documents import html_to_pdf
from commissioning.core.downloads import document_text, docx_bytes
from commissioning.market.models import MarketPositionStatement

NOT_KNOWN = "Not known"
FONT = "Arial"
OGL = "Contains public sector information licensed under the Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
HHI_EXPLAINED = (
    "The Herfindahl-Hirschman index (HHI) adds up the squares of each provider group's market share in per "
    "cent. It runs from near 0 (many small providers) to 10,000 (one provider). Above 1,000 a market is "
    "concentrated; above 2,000 it is highly concentrated."
)


# --- Formatting shared by both documents -------------------------------------------------------------


def format_figure(value: Any, places: int = 0) -> str:
    """1234.56 -> "1,235" (or "1,234.6" with places=1); None, "" or nonsense -> "Not known"."""
    if value is None or value == "" or isinstance(value, bool):
        return NOT_KNOWN
    try:
        number = (
            Decimal(value.numerator) / Decimal(value.denominator)
            if isinstance(value, Fraction)
            else Decimal(str(value))
        )
        if not number.is_finite():
            return NOT_KNOWN
        return f"{round(number, places):,.{places}f}"
    except (InvalidOperation, ValueError, TypeError):
        return str(value)


def format_day(value: Any) -> str:
    """An ISO date ("2026-11-20") or date as "20 November 2026"."""
    if not value:
        return NOT_KNOWN
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}" if isinstance(value, datetime.date) else str(value)


def paragraphs(text: str | None) -> list[list[str]]:
    """Plain text as paragraphs (split on blank lines), each a list of its lines."""
    blocks = re.split(r"\n[ \t]*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = ([line.strip() for line in block.split("\n") if line.strip()] for block in blocks)
    return [block for block in lines if block]


def _get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


def _rows(value: Any) -> list[dict[str, Any]]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def _place(statement: MarketPositionStatement, figures: dict[str, Any]) -> str:
    area = getattr(statement, "area", None)
    return document_text(area.name) if area else (_get(_get(figures, "area"), "name") or "")


def _client_group(statement: MarketPositionStatement, figures: dict[str, Any]) -> str:
    return statement.get_client_group_display() if statement.client_group else (_get(figures, "client_group") or "")


def _organisation(statement: MarketPositionStatement, empty: str = NOT_KNOWN) -> str:
    organisation = getattr(statement, "organisation", None)
    return document_text(organisation.name) if organisation else empty


def _status(statement: MarketPositionStatement) -> str:
    if statement.is_published:
        return f"Published on {format_day(statement.published_at)}" if statement.published_at else "Published"
    return "Draft: not published"


def supply_beds(row: dict[str, Any]) -> str:
    """A supply row's beds, in the same words as the web page: "108", "108 (1 not known)", or
    "Not applicable" for services without beds. Figures frozen before `beds_not_known` existed
    read as they did."""
    if "beds_not_known" not in row:
        return format_figure(row.get("beds"))
    if row.get("beds") is None:
        return "Not applicable"
    missing = row.get("beds_not_known") or 0
    return format_figure(row["beds"]) + (f" ({format_figure(missing)} not known)" if missing else "")


def rates_used(need: dict[str, Any]) -> str:
    """The rate set behind a demand row, in the same words as the web page."""
    name = str(need.get("source") or "Not stated")
    return f"{name} (local rates)" if need.get("is_local") else name


def vacancies_sentence(vacancies: Any) -> str:
    """The vacancies paragraph, in the same words as the web page."""
    reporting = _get(vacancies, "care_homes_reporting")
    if not reporting:
        return "Not known: no care homes have reported their vacancies yet."
    accepting = _get(vacancies, "vacant_accepting")
    homes = f"{format_figure(reporting)} care home{'' if reporting == 1 else 's'}"
    beds = f"{format_figure(accepting)} vacant bed{'' if accepting == 1 else 's'}"
    as_of = _get(vacancies, "as_of")
    opening = f"As at {format_day(as_of)}, " if as_of else ""
    return f"{opening}{homes} had reported {beds} accepting admissions."


# --- Word ----------------------------------------------------------------------------------------------


def _use_font(style: Any, size: float | None = None, bold: bool | None = None, colour: str | None = None) -> None:
    """Set a style's font, removing theme fonts, which would otherwise win over the name."""
    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = RGBColor.from_string(colour)


def _page_field(paragraph: Any, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_up(document: DocxDocument, statement: MarketPositionStatement) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    _use_font(document.styles["Normal"], size=10.5)
    _use_font(document.styles["Heading 1"], size=22, bold=True, colour="0B0C0C")
    _use_font(document.styles["Heading 2"], size=15, bold=True, colour="0B0C0C")
    _use_font(document.styles["Caption"], size=10.5, bold=True, colour="0B0C0C")
    document.styles["Caption"].font.italic = False
    _use_font(document.styles["Footer"], size=8, colour="505A5F")

    footer = section.footer.paragraphs[0]
    footer.text = f"{statement.title}\t\tPage "
    _page_field(footer, "PAGE")
    footer.add_run(" of ")
    _page_field(footer, "NUMPAGES")

    properties = document.core_properties
    properties.title = statement.title
    properties.subject = "Market position statement"
    properties.author = _organisation(statement, "")
    properties.keywords = "market position statement"


def _add_text(document: DocxDocument, text: str | None, empty: str = "Nothing written yet.") -> None:
    blocks = paragraphs(text)
    if not blocks:
        document.add_paragraph(empty).runs[0].font.color.rgb = RGBColor.from_string("505A5F")
    for block in blocks:
        paragraph = document.add_paragraph()
        for number, line in enumerate(block):
            run = paragraph.add_run(line)
            if number < len(block) - 1:
                run.add_break()


def _add_table(
    document: DocxDocument,
    caption: str,
    headers: list[str],
    rows: list[list[str]],
    numeric: set[int],
) -> None:
    """A captioned grid table; the header row repeats on each page and first-column cells are row headers."""
    caption_paragraph = document.add_paragraph(caption, style="Caption")
    caption_paragraph.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header_row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    for index, (cell, text) in enumerate(zip(header_row.cells, headers, strict=True)):
        cell.text = text
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "F3F2F1")
        cell._tc.get_or_add_tcPr().append(shading)
        paragraph = cell.paragraphs[0]
        paragraph.runs[0].bold = True
        if index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in rows:
        for index, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
            cell.text = text
            paragraph = cell.paragraphs[0]
            if index == 0 and paragraph.runs:
                paragraph.runs[0].bold = True
            if index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _add_demand(document: DocxDocument, demand: Any, place: str, group: str) -> None:
    document.add_heading("Demand", level=2)
    note = _get(demand, "note")
    years = _get(demand, "years") if isinstance(_get(demand, "years"), list) else []
    needs = _rows(_get(demand, "needs"))
    if not _get(demand, "available"):
        document.add_paragraph(
            f"Demand forecasts are not available: {note}" if note else "Demand forecasts are not available."
        )
    elif not needs or not years:
        document.add_paragraph(f"No demand forecasts were found for {group or 'this client group'}.")
    else:
        caption = "Forecast need" + (f", {group.lower()}" if group else "") + (f" in {place}" if place else "")
        rows = []
        for need in needs:
            values = _get(need, "values") or {}
            cells = [format_figure(values.get(str(year), values.get(year))) for year in years]
            rows.append([str(_get(need, "measure") or NOT_KNOWN), rates_used(need), *cells])
        _add_table(
            document,
            f"{caption} (people)",
            ["Measure", "Rates used", *(str(year) for year in years)],
            rows,
            numeric=set(range(2, len(years) + 2)),
        )
        if note:
            document.add_paragraph(str(note))
        sources = {need["source"]: need for need in needs if need.get("citation") and need.get("source")}
        if sources:
            document.add_paragraph("Sources of the rates:")
            for name, need in sources.items():
                year = f" ({need['publication_year']})" if need.get("publication_year") else ""
                document.add_paragraph(f"{name}: {need['citation']}{year}", style="List Bullet")
    if _get(demand, "vintage"):
        document.add_paragraph(f"Population projections: {_get(demand, 'vintage')}.")


TEXT_FIELDS = ("title", "introduction", "gaps", "buy_more", "buy_less", "fees")


def _scrub(value: Any) -> Any:
    """Word documents cannot hold control characters (a form or an import may let them in)."""
    if isinstance(value, str):
        return document_text(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def statement_docx(statement: MarketPositionStatement, figures: dict[str, Any]) -> bytes:
    """The statement as a Word document (.docx bytes)."""
    statement = copy.copy(statement)
    for name in TEXT_FIELDS:
        setattr(statement, name, _scrub(getattr(statement, name)))
    figures = _scrub(figures)
    figures = figures if isinstance(figures, dict) else {}
    place, group = _place(statement, figures), _client_group(statement, figures)
    in_place = f" in {place}" if place else ""
    document = Document()
    _set_up(document, statement)

    document.add_heading(statement.title, level=1)
    area = getattr(statement, "area", None)
    details = {
        "Council": _organisation(statement),
        "Area": document_text(f"{area.name} ({area.code})") if area else NOT_KNOWN,
        "Client group": group or NOT_KNOWN,
        "Period": f"{statement.first_year or NOT_KNOWN} to {statement.last_year or NOT_KNOWN}",
        "Status": _status(statement),
    }
    intro = document.add_paragraph()
    intro.add_run("Market position statement").bold = True
    for label, value in details.items():
        intro.add_run().add_break()
        intro.add_run(f"{label}: ").bold = True
        intro.add_run(value)
    if statement.is_demo:
        run = document.add_paragraph().add_run(
            "Demo data: this statement uses made-up figures and text, for demonstration only."
        )
        run.bold = True
        run.font.color.rgb = RGBColor.from_string("D4351C")

    document.add_heading("Introduction", level=2)
    _add_text(document, statement.introduction)

    _add_demand(document, _get(figures, "demand"), place, group)

    document.add_heading("Current supply", level=2)
    supply = _rows(_get(figures, "supply"))
    if supply:
        _add_table(
            document,
            f"Registered services{in_place}",
            ["Service", "Locations", "Beds", "Rated good or outstanding (%)"],
            [
                [
                    str(row.get("service") or NOT_KNOWN),
                    format_figure(row.get("locations")),
                    supply_beds(row),
                    format_figure(row.get("good_share_percent"), 1),
                ]
                for row in supply
            ],
            numeric={1, 2, 3},
        )
    else:
        document.add_paragraph(f"No registered services were found{in_place}.")

    document.add_heading("Care home beds per 1,000 people aged 65 and over", level=2)
    beds = _rows(_get(figures, "beds_per_thousand"))
    if beds:
        with_notes = any(row.get("note") for row in beds)
        headers = ["Place", "Care home beds", "People aged 65 and over", "Beds per 1,000", "Population year"]
        rows = [
            [
                str(row.get("place") or NOT_KNOWN),
                format_figure(row.get("beds")),
                format_figure(row.get("older_people")),
                format_figure(row.get("per_thousand"), 1),
                str(row.get("year") or NOT_KNOWN),
                *([str(row.get("note") or "")] if with_notes else []),
            ]
            for row in beds
        ]
        caption = "Care home beds per 1,000 people aged 65 and over" + (f", {place} and comparators" if place else "")
        _add_table(document, caption, headers + (["Note"] if with_notes else []), rows, numeric={1, 2, 3, 4})
    else:
        document.add_paragraph("Not known: there are no care home bed or population figures yet.")

    document.add_heading("Quality: CQC ratings", level=2)
    ratings = _rows(_get(figures, "ratings"))
    if ratings:
        _add_table(
            document,
            f"Overall CQC rating of registered locations{in_place}",
            ["Rating", "Locations"],
            [[str(row.get("rating") or NOT_KNOWN), format_figure(row.get("locations"))] for row in ratings],
            numeric={1},
        )
    else:
        document.add_paragraph("Not known: there are no CQC ratings for these services yet.")

    document.add_heading("Market concentration", level=2)
    concentration = _rows(_get(figures, "concentration"))
    if concentration:
        document.add_paragraph(HHI_EXPLAINED)
        rows = []
        for row in concentration:
            top = "; ".join(
                f"{top.get('group') or NOT_KNOWN} ({format_figure(top.get('percent'), 1)}%)"
                for top in _rows(row.get("top"))
            )
            rows.append(
                [
                    str(row.get("service") or NOT_KNOWN),
                    str(row.get("basis") or NOT_KNOWN).capitalize(),
                    format_figure(row.get("hhi")),
                    str(row.get("band") or NOT_KNOWN),
                    top or NOT_KNOWN,
                ]
            )
        _add_table(
            document,
            f"Market concentration by service{in_place}",
            ["Service", "Share measured by", "HHI", "Band", "Largest provider groups (share)"],
            rows,
            numeric={2},
        )
    else:
        document.add_paragraph("Not known: there are not enough providers recorded to measure concentration.")

    document.add_heading("Vacancies", level=2)
    document.add_paragraph(vacancies_sentence(_get(figures, "vacancies")))

    for heading, text in (
        ("Gaps we see", statement.gaps),
        ("What we want to buy more of", statement.buy_more),
        ("What we want to buy less of", statement.buy_less),
        ("Fees and how we set them", statement.fees),
    ):
        document.add_heading(heading, level=2)
        _add_text(document, text)

    document.add_heading("Sources", level=2)
    vintage = _get(_get(figures, "demand"), "vintage")
    document.add_paragraph(
        f"Care services, beds and ratings: Care Quality Commission (CQC) data. {OGL} ({OGL_URL}). "
        f"Population and projections: Office for National Statistics (ONS){f', {vintage}' if vintage else ''}. "
        f"{OGL}. Vacancies: returns made by care homes to "
        f"{_organisation(statement, 'the council')}."
        + (f" Figures as at {format_day(_get(figures, 'generated_on'))}." if _get(figures, "generated_on") else "")
    )

    return docx_bytes(document)


# --- PDF ------------------------------------------------------------------------------------------------


def statement_pdf(statement: MarketPositionStatement, figures: dict[str, Any]) -> bytes:
    """The statement as an A4 PDF, from the same body partial as the web pages."""
    return html_to_pdf(
        "market/statement_document.html",
        {"statement": statement, "figures": figures if isinstance(figures, dict) else {}},
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Each download's format: (its name in words, content type).
STATEMENT_FORMATS = {"docx": ("Word document", DOCX), "pdf": ("PDF", "application/pdf")}


def statement_file_name(statement: MarketPositionStatement, file_format: str) -> str:
    return f"market-position-statement-{statement.area.code}-{statement.first_year}.{file_format}"


def statement_file(statement: MarketPositionStatement, figures: dict[str, Any], file_format: str) -> bytes:
    """The statement as a Word document (docx) or a PDF (pdf)."""
    if file_format == "docx":
        return statement_docx(statement, figures)
    if file_format == "pdf":
        return statement_pdf(statement, figures)
    raise ValueError(f"{file_format!r} is not one of {', '.join(STATEMENT_FORMATS)}")
