"""A strategy version as a Word document or a PDF a council can circulate: the decision that
approved it, the vision, and each priority with its targets and the evidence behind it, with that
evidence's figures as they were kept (on approval day, for an approved version).

The PDF renders strategy/strategy_document.html, which includes the same body as the web pages.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from docx import Document
from docx.shared import Pt

from commissioning.core.documents import html_to_pdf
from commissioning.core.downloads import document_text, docx_bytes
from commissioning.strategy.models import Priority, StrategyVersion, Target
from commissioning.strategy.selectors import priorities_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STRATEGY_FORMATS = {"docx": ("Word document", DOCX), "pdf": ("PDF", "application/pdf")}
SHOWN_FIGURES = 12


def day(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return "Not recorded"
    return f"{value.day} {value:%B %Y}"


def figure(value: Decimal | str | None, unit: str = "") -> str:
    """A target's figure as people read it: 78.50 with unit % as 78.5%; anything else as given."""
    try:
        number = Decimal(str(value)) if value is not None else None
    except (ArithmeticError, ValueError):
        return str(value)
    if number is None:
        return "Not known"
    if not number.is_finite():
        return str(value)
    text = f"{number.normalize():,f}"
    if unit == "%":
        return f"{text}%"
    if unit in ("£", "pounds"):
        return f"£{text}"
    return f"{text} {unit}".strip()


def status_line(version: StrategyVersion) -> str:
    """Where the version stands, in a sentence: approved by whom and when, or a draft."""
    if version.is_approved:
        decision = f"Approved by {version.get_decision_maker_display().lower()} on {day(version.decided_on)}"
        if version.minute_reference:
            decision += f" ({version.minute_reference})"
        if version.status == "superseded":
            decision += "; since superseded by a later version"
        return decision
    if version.status == "consultation":
        return f"Out to consultation until {day(version.consultation_closes_on)}: not approved"
    return "Draft: not approved"


def trajectory_line(target: Target) -> str:
    return ", ".join(f"{year}: {figure(value, target.unit)}" for year, value in target.trajectory_years())


def snapshot_lines(snapshot: Any, prefix: str = "") -> list[str]:
    """A record's kept figures as short lines ("needs, People with dementia, 2026: 3,120")."""
    if isinstance(snapshot, dict):
        lines: list[str] = []
        for key, value in snapshot.items():
            label = str(key).replace("_", " ")
            lines += snapshot_lines(value, f"{prefix}, {label}" if prefix else label)
        return lines
    if isinstance(snapshot, list):
        return [line for item in snapshot for line in snapshot_lines(item, prefix)]
    if snapshot is None or snapshot == "":
        return []
    value = _readable(snapshot)
    return [f"{prefix[:1].upper()}{prefix[1:]}: {value}" if prefix else value]


def _readable(value: Any) -> str:
    """A kept figure as people read it: 3998.722007 as 3,998.7, 912.00 as 912 (text as it is)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError):
        return str(value)
    if not number.is_finite() or (isinstance(value, str) and not value.lstrip("-").replace(".", "", 1).isdigit()):
        return str(value)
    if number == number.to_integral():
        return f"{number:.0f}"  # whole numbers as given: they may be years
    return f"{number.quantize(Decimal('0.1')):,}"


def shown_figures(snapshot: Any) -> tuple[list[str], int]:
    """The first lines of a record's kept figures, and how many more there are."""
    lines = snapshot_lines(snapshot)
    return lines[:SHOWN_FIGURES], max(0, len(lines) - SHOWN_FIGURES)


# How the pages and the PDF write figures, trajectories and evidence's kept figures.
FORMATTERS = {"figure": figure, "trajectory_line": trajectory_line, "shown_figures": shown_figures}


def body_context(version: StrategyVersion) -> dict[str, Any]:
    """What the strategy's body (strategy/_strategy_body.html) shows, on every page and the PDF."""
    return {
        "version": version,
        "priorities": priorities_of(version),
        "status_line": status_line(version),
        **FORMATTERS,
    }


def strategy_file_name(version: StrategyVersion, file_format: str) -> str:
    return f"strategy-{version.cycle_id}-version-{version.number}.{file_format}"


def strategy_file(version: StrategyVersion, file_format: str) -> bytes:
    if file_format == "docx":
        return strategy_docx(version)
    if file_format == "pdf":
        return html_to_pdf("strategy/strategy_document.html", body_context(version))
    raise ValueError(f"{file_format!r} is not one of {', '.join(STRATEGY_FORMATS)}")


def _paragraphs(document: Any, text: str) -> None:
    for block in [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]:
        document.add_paragraph(document_text(block))


def _priority_docx(document: Any, number: int, priority: Priority) -> None:
    document.add_heading(document_text(f"Priority {number}: {priority.title}"), level=2)
    _paragraphs(document, priority.description)
    targets = list(priority.targets.all())
    document.add_heading("Targets", level=3)
    if not targets:
        document.add_paragraph("No targets set.")
    for target in targets:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in (
            ("Measure", target.measure),
            ("Baseline", f"{figure(target.baseline, target.unit)} on {day(target.baseline_on)}"),
            ("Baseline source", target.baseline_source),
            ("Target", f"{figure(target.target_figure, target.unit)} by {target.target_year}"),
            ("Trajectory", trajectory_line(target)),
            ("Owner", target.owner.full_name if target.owner else "Not named"),
            ("How it will be monitored", target.monitoring),
        ):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, document_text(value)
        document.add_paragraph()
    evidence = list(priority.evidence.all())
    document.add_heading("Evidence", level=3)
    if not evidence:
        document.add_paragraph("No evidence attached.")
    for item in evidence:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(document_text(item.title)).bold = True
        paragraph.add_run(document_text(f" ({item.url})"))
        lines, more = shown_figures(item.snapshot) if item.shareable else ([], 0)
        if lines:
            document.add_paragraph(f"Figures as they stood on {day(item.figures_on or item.created_at)}:")
            for line in lines:
                document.add_paragraph(document_text(line), style="List Bullet 2")
            if more:
                document.add_paragraph(f"and {more} more figures, on the record's page.", style="List Bullet 2")


def strategy_docx(version: StrategyVersion) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = version.title
    properties.subject = "Commissioning strategy"
    properties.author = version.organisation.name if version.organisation else ""
    document.add_heading(document_text(version.title), level=0)
    document.add_paragraph(document_text(f"{version.cycle.title}. Version {version.number}. {status_line(version)}."))
    if version.is_demo:
        document.add_paragraph("Demo data: this strategy was invented to show the service.")
    if version.decision_url:
        document.add_paragraph(document_text(f"The decision: {version.decision_url}"))
    document.add_heading("Vision", level=1)
    _paragraphs(document, version.vision)
    document.add_heading("Priorities", level=1)
    priorities = priorities_of(version)
    if not priorities:
        document.add_paragraph("No priorities yet.")
    for number, priority in enumerate(priorities, start=1):
        _priority_docx(document, number, priority)
    return docx_bytes(document)
