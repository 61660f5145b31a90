"""Forecast downloads: CSV (exact figures) and Excel (with the method and sources)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from commissioning.needs.analysis import METHOD, AreaForecast

TOTAL_HEADER = [
    "area_code", "area_name", "vintage", "scenario", "rate_set", "kind", "measure", "unit", "year",
    "population", "people", "lower_95", "upper_95",
]  # fmt: skip
DETAIL_HEADER = [*TOTAL_HEADER[:9], "sex", "age_band", *TOTAL_HEADER[9:]]


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def forecast_csv_rows(forecast: AreaForecast, *, detail: bool = False) -> list[list[Any]]:
    """Rows for a CSV: exact figures (no rounding), one row a need and year (or band, with detail)."""
    rows: list[list[Any]] = [DETAIL_HEADER if detail else TOTAL_HEADER]
    scenario = forecast.scenario.name if forecast.scenario else "Baseline"
    for item in [*forecast.needs, *forecast.demand]:
        rate_set = item.rate_set
        lead = [forecast.area.code, forecast.area.name, str(forecast.vintage), scenario, rate_set.name,
                rate_set.get_kind_display(), rate_set.measure, rate_set.unit_label]  # fmt: skip
        if detail and item.bands:
            for band in item.bands:
                for year, figure in sorted(band.by_year.items()):
                    rows.append([*lead, year, band.sex, band.band, _text(figure.population), _text(figure.people),
                                 _text(figure.lower), _text(figure.upper)])  # fmt: skip
        else:
            for year, figure in sorted(item.totals.items()):
                extra = ["", ""] if detail else []
                rows.append([*lead, year, *extra, _text(figure.population), _text(figure.people),
                             _text(figure.lower), _text(figure.upper)])  # fmt: skip
    return rows


def write_csv(handle: IO[str], rows: list[list[Any]]) -> None:
    writer = csv.writer(handle)
    writer.writerows(rows)


def forecast_csv(forecast: AreaForecast, *, detail: bool = False) -> str:
    handle = io.StringIO()
    write_csv(handle, forecast_csv_rows(forecast, detail=detail))
    return handle.getvalue()


def forecast_xlsx(forecast: AreaForecast) -> bytes:
    """A workbook: a summary sheet (needs by year), the detail by band, and the sources and method."""
    book = Workbook()
    summary = book.active
    summary.title = "Forecast"
    bold = Font(bold=True)
    summary.append([f"Needs forecast: {forecast.area.name} ({forecast.area.code})"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"Population: {forecast.vintage}"])
    summary.append([f"Scenario: {forecast.scenario.name if forecast.scenario else 'Baseline'}"])
    summary.append([])
    header = ["Need or service", "Unit", *forecast.years]
    summary.append(header)
    for cell in summary[summary.max_row]:
        cell.font = bold
    for item in [*forecast.needs, *forecast.demand]:
        summary.append(
            [item.rate_set.name, item.rate_set.unit_label, *[_number(item.totals.get(year)) for year in forecast.years]]
        )
    detail = book.create_sheet("By age and sex")
    for row in forecast_csv_rows(forecast, detail=True):
        detail.append([_maybe_number(value) for value in row])
    for cell in detail[1]:
        cell.font = bold
    sources = book.create_sheet("Sources and method")
    sources.append(["Method"])
    sources.append([METHOD])
    sources.append([])
    sources.append(["Population", str(forecast.vintage), forecast.vintage.publisher, forecast.vintage.licence,
                    forecast.vintage.source_url])  # fmt: skip
    for item in [*forecast.needs, *forecast.demand]:
        rate_set = item.rate_set
        sources.append([rate_set.name, rate_set.source, str(rate_set.publication_year), rate_set.measured_in,
                        rate_set.licence, rate_set.source_url])  # fmt: skip
    if forecast.scenario:
        sources.append([])
        sources.append(["Scenario", forecast.scenario.name, forecast.scenario.description])
        for adjustment in forecast.scenario.adjustments.all():
            sources.append(["", str(adjustment)])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _number(figure: Any) -> float | None:
    return None if figure is None else float(figure.people)


def _maybe_number(value: Any) -> Any:
    if isinstance(value, str) and value and value.replace(".", "", 1).isdigit():
        return float(value)
    return value
