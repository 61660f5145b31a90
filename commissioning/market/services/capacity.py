"""Capacity returns: a provider's figures for a date, entered on a page or loaded from a file."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.core.imports import ImportRejected, ImportResult, Progress, RowProblem, no_progress, read_csv_rows
from commissioning.core.limits import limit_of
from commissioning.core.services import audited_save, model_update
from commissioning.market.choices import ReturnSource
from commissioning.market.models import (
    CAPACITY_FIGURES,
    CapacityReturn,
    Location,
)
from commissioning.market.summary import market_summary_rebuild

CAPACITY_IMPORT_STEPS = 4
# Each figure's limit (core.limits), as its model field states it.
LIMITS_BY_FIELD = {
    field.name: limit
    for field in CapacityReturn._meta.concrete_fields
    if field.name in CAPACITY_FIGURES and (limit := limit_of(field.validators)) is not None
}


@transaction.atomic
def capacity_return_save(
    *, location: Location, return_date: datetime.date, values: dict[str, Any], by: User | None, source: str = ""
) -> CapacityReturn:
    """Record (or correct) a location's capacity on a date. One return per location a day.

    A correction changes only the figures given; the others keep what was entered before.
    """
    capacity = CapacityReturn.objects.filter(location=location, return_date=return_date).first()
    fields = {key: values[key] for key in CAPACITY_FIGURES if key in values}
    fields["source"] = source or ReturnSource.PROVIDER
    if capacity is None:
        capacity = CapacityReturn(location=location, return_date=return_date, entered_by=by, **fields)
        return audited_save(instance=capacity, by=by)
    fields["entered_by"] = by
    capacity, _ = model_update(instance=capacity, fields=fields, by=by)
    return capacity


CAPACITY_COLUMNS = {
    "Location ID": None,
    "Date": None,
    "Beds capacity": "beds_capacity",
    "Beds occupied": "beds_occupied",
    "Vacant beds accepting admissions": "beds_vacant_accepting",
    "Vacant beds not accepting admissions": "beds_vacant_reserved",
    "Care staff": "care_staff",
    "Nurses": "nursing_staff",
    "Agency staff": "agency_staff",
    "Staff absent": "staff_absent",
    "People receiving homecare": "homecare_people",
    "Homecare hours last week": "homecare_hours",
    "Homecare care workers": "homecare_care_workers",
}


def capacity_import(
    *,
    name: str,
    content: bytes,
    by: User | None,
    allowed: Iterable[Location] | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import capacity returns (one row per location and date, Capacity Tracker fields).

    `allowed` limits which locations the file may touch (a provider's own); every problem is
    reported by line and column and nothing is saved unless the whole file is good. `progress`
    is told each of CAPACITY_IMPORT_STEPS steps.
    """
    progress(f"Reading {name}")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    problems: list[RowProblem] = []
    rows = list(read_csv_rows(name, required_columns=["Location ID", "Date"], text=text))
    progress(f"Checking {len(rows):,} returns")
    ids = {row.get("Location ID", "") for _, row in rows}
    scope = Location.objects.filter(cqc_location_id__in=ids)
    if allowed is not None:
        scope = scope.filter(pk__in=[location.pk for location in allowed])
    locations = {location.cqc_location_id: location for location in scope}
    parsed: list[tuple[Location, datetime.date, dict[str, Any]]] = []
    seen: dict[tuple[str, datetime.date], int] = {}
    for line, row in rows:
        if "__width__" in row:
            problems.append(RowProblem(name, line, None, row["__width__"]))
            continue
        location = locations.get(row["Location ID"])
        if location is None:
            problems.append(
                RowProblem(name, line, "Location ID", f"{row['Location ID']!r} is not a location you can report for")
            )
            continue
        try:
            return_date = datetime.date.fromisoformat(row["Date"])
        except ValueError:
            problems.append(RowProblem(name, line, "Date", f"{row['Date']!r} is not a date like 2026-11-24"))
            continue
        key = (location.cqc_location_id, return_date)
        if key in seen:
            problems.append(
                RowProblem(
                    name, line, "Date", f"a second return for this location and date (first at line {seen[key]})"
                )
            )
            continue
        seen[key] = line
        values: dict[str, Any] = {}
        for column, field_name in CAPACITY_COLUMNS.items():
            raw = row.get(column, "")
            if field_name is None or raw == "":
                continue
            try:
                number = Decimal(raw)
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                problems.append(RowProblem(name, line, column, f"{raw[:40]!r} is not a number"))
                continue
            if number < 0 or (field_name != "homecare_hours" and number != number.to_integral_value()):
                problems.append(RowProblem(name, line, column, f"{raw[:40]!r} is not a whole number of zero or more"))
                continue
            # Checked here, before the number is made an int, so a huge figure is refused in plain words.
            problem = LIMITS_BY_FIELD[field_name].problem(number)
            if problem is not None:
                problems.append(RowProblem(name, line, column, problem))
                continue
            values[field_name] = number if field_name == "homecare_hours" else int(number)
        candidate = CapacityReturn(location=location, return_date=return_date, **values)
        try:
            candidate.full_clean(exclude=["location", "entered_by"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = next((c for c, f in CAPACITY_COLUMNS.items() if f == field_name), "Date")
                problems.extend(RowProblem(name, line, column, message) for message in messages)
        parsed.append((location, return_date, values))
    if problems:
        raise ImportRejected(problems)
    result = ImportResult()
    progress(f"Saving {len(parsed):,} returns")
    with transaction.atomic():
        for location, return_date, values in parsed:
            existed = CapacityReturn.objects.filter(location=location, return_date=return_date).exists()
            capacity_return_save(
                location=location, return_date=return_date, values=values, by=by, source=ReturnSource.IMPORT
            )
            if existed:
                result.updated += 1
            else:
                result.created += 1
        # Returns can give a home the beds the register lacks: the summaries count them at once.
        market_summary_rebuild()
    progress(f"Imported {name}: {result}")
    return result
