"""Forecast downloads: CSV (exact figures) and Excel (with the method and sources)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from commissioning.core.downloads import csv_text, sheet_append, workbook_bytes
from commissioning.needs.analysis import METHOD, AreaForecast

TOTAL_HEADER = [
    "area_code", "area_name", "vintage", "scenario", "rate_set", "kind", "measure", "unit", "year",
    "population", "people", "lower_95", "upper_95",
]  # fmt: skip
DETAIL_HEADER = [*TOTAL_HEADER[:9], "sex", "age_band", *TOTAL_HEADER[9:]]


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _forecast_rows(forecast: AreaForecast, *, detail: bool) -> Iterator[list[Any]]:
    """One row a need and year (or band, with detail): the words, then the figures as Decimals."""
    scenario = forecast.scenario.name if forecast.scenario else "Baseline"
    for item in [*forecast.needs, *forecast.demand]:
        rate_set = item.rate_set
        lead = [forecast.area.code, forecast.area.name, str(forecast.vintage), scenario, rate_set.name,
                rate_set.get_kind_display(), rate_set.measure, rate_set.unit_label]  # fmt: skip
        if detail and item.bands:
            for band in item.bands:
                for year, figure in sorted(band.by_year.items()):
                    yield [*lead, year, band.sex, band.band, figure.population, figure.people, figure.lower,
                           figure.upper]  # fmt: skip
        else:
            for year, figure in sorted(item.totals.items()):
                extra = ["", ""] if detail else []
                yield [*lead, year, *extra, figure.population, figure.people, figure.lower, figure.upper]


FIGURE_COLUMNS = 4  # population, people, lower_95, upper_95: the last columns of every row


def forecast_csv_rows(forecast: AreaForecast, *, detail: bool = False) -> list[list[Any]]:
    """Rows for a CSV: exact figures (no rounding), one row a need and year (or band, with detail)."""
    return [
        DETAIL_HEADER if detail else TOTAL_HEADER,
        *(
            [*row[:-FIGURE_COLUMNS], *(_text(value) for value in row[-FIGURE_COLUMNS:])]
            for row in _forecast_rows(forecast, detail=detail)
        ),
    ]


def forecast_csv(forecast: AreaForecast, *, detail: bool = False) -> str:
    return csv_text(forecast_csv_rows(forecast, detail=detail))


def forecast_xlsx(forecast: AreaForecast) -> bytes:
    """A workbook: a summary sheet (needs by year), the detail by band, and the sources and method."""
    book = Workbook()
    summary = book.active
    summary.title = "Forecast"
    bold = Font(bold=True)
    sheet_append(summary, [f"Needs forecast: {forecast.area.name} ({forecast.area.code})"])
    summary["A1"].font = Font(bold=True, size=14)
    sheet_append(summary, [f"Population: {forecast.vintage}"])
    sheet_append(summary, [f"Scenario: {forecast.scenario.name if forecast.scenario else 'Baseline'}"])
    sheet_append(summary, [])
    sheet_append(summary, ["Need or service", "Unit", *forecast.years])
    for cell in summary[summary.max_row]:
        cell.font = bold
    for item in [*forecast.needs, *forecast.demand]:
        sheet_append(
            summary,
            [
                item.rate_set.name,
                item.rate_set.unit_label,
                *[_number(item.totals.get(year)) for year in forecast.years],
            ],
        )
    detail = book.create_sheet("By age and sex")
    sheet_append(detail, DETAIL_HEADER)
    for cell in detail[1]:
        cell.font = bold
    for row in _forecast_rows(forecast, detail=True):
        sheet_append(detail, [*row[:-FIGURE_COLUMNS], *(_float(value) for value in row[-FIGURE_COLUMNS:])])
    sources = book.create_sheet("Sources and method")
    sheet_append(sources, ["Method"])
    sheet_append(sources, [METHOD])
    sheet_append(sources, [])
    sheet_append(sources, ["Population", str(forecast.vintage), forecast.vintage.publisher, forecast.vintage.licence,
                           forecast.vintage.source_url])  # fmt: skip
    for item in [*forecast.needs, *forecast.demand]:
        rate_set = item.rate_set
        sheet_append(sources, [rate_set.name, rate_set.source, str(rate_set.publication_year), rate_set.measured_in,
                               rate_set.licence, rate_set.source_url])  # fmt: skip
    if forecast.scenario:
        sheet_append(sources, [])
        sheet_append(sources, ["Scenario", forecast.scenario.name, forecast.scenario.description])
        for adjustment in forecast.scenario.adjustments.all():
            sheet_append(sources, ["", str(adjustment)])
    return workbook_bytes(book)


def _number(figure: Any) -> float | None:
    return None if figure is None else float(figure.people)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
