"""Downloads for resources: the budget report and cost of care models as Excel and PDF, with
every input, assumption and method written out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from commissioning.core.documents import html_to_pdf
from commissioning.core.downloads import sheet_append, workbook_bytes
from commissioning.finance.models import financial_year_label
from commissioning.finance.reports import CONTRACTED_METHOD, OUTTURN_METHOD, BudgetReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "£#,##0.00;-£#,##0.00"


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]], *, first: bool = False) -> Worksheet:
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet_append(sheet, row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    return sheet


def budget_xlsx(report: BudgetReport, organisation: Any) -> bytes:
    book = Workbook()
    rows = [
        [
            row.label, row.budget, row.actual, row.committed, row.outturn, row.variance, row.partner, row.contracted,
            row.headroom,
        ]
        for row in [*report.rows, *report.unbudgeted_spend]
    ]  # fmt: skip
    total = report.total
    rows.append(
        [
            "Total", total.budget, total.actual, total.committed, total.outturn, total.variance, total.partner,
            total.contracted, total.headroom,
        ]
    )  # fmt: skip
    _sheet(
        book,
        "Budget and spend",
        [
            "Client group and service", "Budget", "Actual", "Committed", "Forecast outturn", "Variance",
            "Partner share", "Contracted for the rest of the year", "Left after commitments",
        ],
        rows,
        first=True,
    )  # fmt: skip
    _sheet(
        book, "By funding source", ["Funding source", "Budget"], [[label, amount] for label, amount in report.by_source]
    )
    _sheet(
        book,
        "Method",
        ["Item", "Detail"],
        [
            ["Organisation", str(organisation)],
            ["Financial year", financial_year_label(report.financial_year)],
            ["Figures as at", report.as_of.isoformat()],
            ["Months of the year so far", report.months_elapsed],
            ["Forecast outturn", OUTTURN_METHOD],
            ["Variance", "Forecast outturn less budget: positive is an overspend"],
            ["Contracted for the rest of the year and left after commitments", CONTRACTED_METHOD],
        ],
    )
    return workbook_bytes(book)


def budget_pdf(report: BudgetReport, organisation: Any) -> bytes:
    return html_to_pdf(
        "finance/budget_document.html",
        {
            "report": report,
            "organisation": organisation,
            "year_label": financial_year_label(report.financial_year),
            "method": OUTTURN_METHOD,
            "contracted_method": CONTRACTED_METHOD,
        },
    )


def exercise_xlsx(context: dict[str, Any]) -> bytes:
    """Every input, every line of the model with its formula, the survey spread and each return."""
    exercise = context["exercise"]
    book = Workbook()
    _sheet(
        book,
        "Inputs",
        ["Input", "Value", "Unit", "Allowed range"],
        [[label.label, value, label.unit, label.hint] for label, value in context["inputs"]],
        first=True,
    )
    model = context["model"]
    if model.build_up:
        _sheet(
            book,
            "Model",
            ["Line", f"Amount (£ {context['unit']})", "Rounded", "How it is worked out"],
            [[line.label, line.amount, line.rounded, line.formula] for line in model.build_up.lines],
        )
    summary = context["summary"]
    _sheet(
        book,
        "Provider returns summary",
        ["Line", "Council model", "Lower quartile", "Median", "Upper quartile", "Returns"],
        [
            [
                line.label,
                line.model,
                line.spread.lower if line.spread else None,
                line.spread.median if line.spread else None,
                line.spread.upper if line.spread else None,
                line.spread.count if line.spread else 0,
            ]
            for line in summary.lines
        ],
    )
    returns = context.get("returns") or []
    if returns:
        keys = [line.key for line in summary.lines]
        _sheet(
            book,
            "Each return",
            ["Provider", *[line.label for line in summary.lines], "Notes"],
            [[survey.provider.name, *[survey.amounts().get(key) for key in keys], survey.notes] for survey in returns],
        )
    uplift = context["uplift"]
    _sheet(
        book,
        "Fee proposal",
        ["Item", "Detail"],
        [
            ["Exercise", exercise.title],
            ["Model", exercise.get_kind_display()],
            ["Year", financial_year_label(exercise.financial_year)],
            ["Current fee", exercise.current_fee],
            ["Proposed fee", exercise.proposed_fee],
            ["Uplift", uplift.formula if uplift else "Not set"],
            ["Reasoning", exercise.reasoning],
            [
                "Quartiles",
                "Linear interpolation between closest ranks (the same as NumPy's default percentile method); "
                "a line no provider returned is left blank.",
            ],
        ],
    )
    return workbook_bytes(book)


def exercise_pdf(context: dict[str, Any]) -> bytes:
    return html_to_pdf("finance/exercise_document.html", {**context, "document": True})


# Each download's format: (its name in words, content type).
EXERCISE_FORMATS = {"xlsx": ("an Excel workbook", XLSX), "pdf": ("a PDF", "application/pdf")}


def exercise_file_name(exercise: Any, file_format: str) -> str:
    return f"cost-of-care-{exercise.kind}-{exercise.financial_year}.{file_format}"


def exercise_file(context: dict[str, Any], file_format: str) -> bytes:
    """A cost of care model (finance.analysis.exercise_context, with its returns) as Excel or PDF."""
    if file_format == "xlsx":
        return exercise_xlsx(context)
    if file_format == "pdf":
        return exercise_pdf(context)
    raise ValueError(f"{file_format!r} is not one of {', '.join(EXERCISE_FORMATS)}")
