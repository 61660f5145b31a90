"""Writes for needs: population imports, rate sets, scenarios and saved forecasts."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.ownership import owned_create, owned_save
from commissioning.analytics.population_checks import KnownArea, PopulationFile, Progress, check_population
from commissioning.analytics.problems import ImportRejected, RowProblem
from commissioning.core.geography import ABOLISHED_COUNTIES_2023, SUCCESSORS_2023
from commissioning.core.models import Area
from commissioning.core.services import audited_delete, audited_save, model_update
from commissioning.cycles.permissions import can_work_on_activity
from commissioning.cycles.services import evidence_add
from commissioning.needs.analysis import METHOD
from commissioning.needs.choices import RateKind, RatePeriod, Sex, VintageKind
from commissioning.needs.models import PopulationVintage, Rate, RateSet, SavedForecast, Scenario, ScenarioAdjustment


def _digest(files: Iterable[PopulationFile]) -> str:
    digest = hashlib.sha256()
    for content in sorted(file.content for file in files):
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def _area_lookup() -> dict[str, KnownArea]:
    return {
        code: KnownArea(name, level, parent)
        for code, name, level, parent in Area.objects.values_list("code", "name", "level", "parent__code")
    }


def population_import_steps(file_count: int) -> int:
    """How many times population_import reports progress: the areas, each file, saving, done."""
    return file_count + 3


def population_import(
    *,
    files: list[PopulationFile],
    name: str,
    variant: str = "",
    by: User | None = None,
    source_url: str = "",
    publisher: str = "Office for National Statistics",
    licence: str = "Open Government Licence v3.0",
    notes: str = "",
    estimate_year: int | None = None,
    ignore_unknown_areas: bool = False,
    replace: bool = False,
    is_demo: bool = False,
    progress: Progress | None = None,
) -> tuple[PopulationVintage, bool]:
    """Import population files as one vintage; returns the vintage and whether anything changed.

    All files are checked before anything is saved; a problem anywhere rejects the lot. The
    same files again change nothing. A different set of figures under an existing vintage's name
    and variant is refused unless `replace` is given. The checks run before the saving
    transaction opens, so a long check of national files holds no write lock; `progress` is told
    each step (see population_import_steps), for the command line's bar and background jobs.
    """
    progress = progress or (lambda message: None)
    if not files:
        raise ImportRejected([RowProblem("(no file)", None, None, "give at least one file")])
    if not name.strip():
        raise ImportRejected([RowProblem(files[0].name, None, None, "give the vintage a name")])
    digest = _digest(files)
    same = PopulationVintage.objects.filter(content_sha256=digest).first()
    if same is not None:
        progress(f"These files are already imported as {same}; nothing changed")
        return same, False
    checked = check_population(
        files,
        areas=_area_lookup(),
        successors=SUCCESSORS_2023,
        abolished=set(ABOLISHED_COUNTIES_2023),
        estimate_year=estimate_year,
        ignore_unknown_areas=ignore_unknown_areas,
        progress=progress,
    )
    frame, notes_made, skipped = checked.frame, checked.notes, checked.skipped
    kind = VintageKind.PROJECTION if checked.layout == "projection" else VintageKind.ESTIMATE
    years = sorted(frame["year"].unique().to_list())
    existing = PopulationVintage.objects.filter(name=name.strip(), variant=variant.strip()).first()
    if existing is not None and not replace:
        raise ImportRejected(
            [
                RowProblem(
                    files[0].name, None, None,
                    f"a vintage called '{existing}' was imported on {existing.created_at:%d %B %Y} from different "
                    "figures: give this one another name or variant, or replace it",
                )
            ]
        )  # fmt: skip
    progress("Saving")
    directory = Path(settings.POPULATION_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    storage_name = f"{digest[:24]}.parquet"
    temporary = directory / f".{storage_name}.{os.getpid()}.tmp"
    # Only a file this import creates is removed if saving fails: the same figures may already be
    # stored by an import running at the same moment.
    created = not (directory / storage_name).exists()
    frame.sort("area_code", "sex", "year", "age").write_parquet(temporary, statistics=True)
    os.replace(temporary, directory / storage_name)
    try:
        with transaction.atomic():
            fields = {
                "kind": kind,
                "base_year": years[0],
                "first_year": years[0],
                "last_year": years[-1],
                "ages_from": int(frame["age"].min()),
                "publisher": publisher,
                "source_url": source_url,
                "licence": licence,
                "notes": "\n".join(
                    [notes, *notes_made, *([f"Left out unknown areas: {', '.join(skipped)}"] if skipped else [])]
                ).strip(),
                "files": "\n".join(file.name for file in files),
                "content_sha256": digest,
                "storage_name": storage_name,
                "cells": frame.height,
            }
            old_storage = existing.storage_name if existing else None
            if existing is None:
                vintage = PopulationVintage(
                    name=name.strip(), variant=variant.strip(), imported_by=by, is_demo=is_demo, **fields
                )
                audited_save(instance=vintage, by=by)
            else:
                vintage, _ = model_update(instance=existing, fields=fields, by=by)
            vintage.areas.set(Area.objects.filter(code__in=frame["area_code"].unique().to_list()))
            if old_storage and old_storage != storage_name:
                transaction.on_commit(lambda: (directory / old_storage).unlink(missing_ok=True))
    except Exception:
        if created:
            (directory / storage_name).unlink(missing_ok=True)
        raise
    progress(
        f"Imported {frame.height:,} figures for {len(frame['area_code'].unique())} areas, {years[0]} to {years[-1]}"
    )
    return vintage, True


# Rate sets -----------------------------------------------------------------------------------

RATE_SET_FIELDS = (
    "name", "kind", "measure", "period", "display_unit", "service_type", "per_need", "source", "source_url",
    "publication_year", "measured_in", "licence", "notes",
)  # fmt: skip


SEX_WORDS = {"male": Sex.MALE, "males": Sex.MALE, "female": Sex.FEMALE, "females": Sex.FEMALE, "persons": Sex.PERSONS}


@dataclass(frozen=True)
class RateRow:
    sex: str
    age_from: int
    age_to: int | None
    value: Decimal
    ci_lower: Decimal | None = None
    ci_upper: Decimal | None = None
    line: int | None = None


def parse_rate_rows(text: str, *, name: str = "rates") -> list[RateRow]:
    """Rates typed or pasted as CSV lines: sex, age from, age to (blank for 'and over'), rate,
    lower, upper. Rates are per person (0.012 for 1.2%). A header line is allowed."""
    rows, problems = [], []
    for line_number, line in enumerate(text.strip().splitlines(), start=1):
        parts = [part.strip() for part in line.split(",")]
        if not any(parts) or (line_number == 1 and parts[0].lower() == "sex"):
            continue
        if len(parts) not in (4, 6):
            problems.append(
                RowProblem(name, line_number, None, "give sex, age from, age to, rate (and optionally lower and upper)")
            )
            continue
        sex = {
            "male": Sex.MALE,
            "males": Sex.MALE,
            "female": Sex.FEMALE,
            "females": Sex.FEMALE,
            "persons": Sex.PERSONS,
        }.get(parts[0].lower())
        if sex is None:
            problems.append(RowProblem(name, line_number, "sex", f"'{parts[0]}' is not male, female or persons"))
            continue
        try:
            age_from = int(parts[1])
            age_to = int(parts[2]) if parts[2] not in ("", "+") else None
        except ValueError:
            problems.append(RowProblem(name, line_number, "age", "ages must be whole numbers"))
            continue
        try:
            value = Decimal(parts[3])
            lower = Decimal(parts[4]) if len(parts) == 6 and parts[4] else None
            upper = Decimal(parts[5]) if len(parts) == 6 and parts[5] else None
        except InvalidOperation:
            problems.append(RowProblem(name, line_number, "rate", "rates must be numbers, like 0.012"))
            continue
        if not all(number.is_finite() for number in (value, lower, upper) if number is not None):
            problems.append(RowProblem(name, line_number, "rate", "rates must be numbers, like 0.012"))
            continue
        rows.append(RateRow(sex, age_from, age_to, value, lower, upper, line_number))
    if problems:
        raise ImportRejected(problems)
    return rows


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def check_rate_rows(rows: list[RateRow], *, kind: str, period: str, name: str = "rates") -> None:
    """Rates are not negative, proportions are not over 100%, intervals contain the rate, and
    each sex's bands follow one another with no overlap and no gap."""
    problems = []
    if not rows:
        problems.append(RowProblem(name, None, None, "give at least one rate"))
    is_proportion = period == RatePeriod.POINT or kind == RateKind.NEED
    for row in rows:
        if row.value < 0 or (row.ci_lower is not None and row.ci_lower < 0):
            problems.append(RowProblem(name, row.line, "rate", "a rate cannot be negative"))
        elif is_proportion and row.value > 1:
            problems.append(
                RowProblem(name, row.line, "rate", f"{row.value} is over 100%: give rates per person (0.012 for 1.2%)")
            )
        if (row.ci_lower is None) != (row.ci_upper is None):
            problems.append(
                RowProblem(name, row.line, "interval", "give both ends of the confidence interval, or neither")
            )
        elif row.ci_lower is not None and not row.ci_lower <= row.value <= row.ci_upper:
            problems.append(RowProblem(name, row.line, "interval", "the rate must lie within its confidence interval"))
        if any(_places(number) > 6 for number in (row.value, row.ci_lower, row.ci_upper) if number is not None):
            problems.append(RowProblem(name, row.line, "rate", "give rates to at most six decimal places"))
        if row.age_to is not None and row.age_to < row.age_from:
            problems.append(RowProblem(name, row.line, "age", "the band ends before it starts"))
    sexes = {row.sex for row in rows}
    if Sex.PERSONS in sexes and len(sexes) > 1:
        problems.append(RowProblem(name, None, "sex", "give rates for persons, or for males and females, not both"))
    elif sexes == {Sex.MALE} or sexes == {Sex.FEMALE}:
        problems.append(RowProblem(name, None, "sex", "give rates for both males and females"))
    for sex in sexes:
        bands = sorted((row for row in rows if row.sex == sex), key=lambda row: row.age_from)
        for previous, current in pairwise(bands):
            if previous.age_to is None or current.age_from <= previous.age_to:
                problems.append(RowProblem(name, current.line, "age", f"{sex} bands overlap at age {current.age_from}"))
            elif current.age_from > previous.age_to + 1:
                problems.append(
                    RowProblem(
                        name,
                        current.line,
                        "age",
                        f"{sex} bands leave a gap between {previous.age_to} and {current.age_from}",
                    )
                )
    if problems:
        raise ImportRejected(problems)


def _save_rates(rate_set: RateSet, rows: list[RateRow], by: User | None) -> None:
    for rate in rate_set.rates.all():
        audited_delete(instance=rate, by=by)
    for row in rows:
        audited_save(
            instance=Rate(
                rate_set=rate_set, sex=row.sex, age_from=row.age_from, age_to=row.age_to,
                value=row.value, ci_lower=row.ci_lower, ci_upper=row.ci_upper,
            ),
            by=by,
        )  # fmt: skip


def _check_per_need(per_need: RateSet | None, rows: list[RateRow]) -> None:
    if per_need is not None and (len(rows) != 1 or rows[0].sex != Sex.PERSONS):
        raise ValidationError({"rates": "A rate per person with a need is one figure: give a single persons row"})


def _rejected_as_validation(rejected: ImportRejected) -> ValidationError:
    return ValidationError({"rates": [str(problem) for problem in rejected.problems]})


@transaction.atomic
def rate_set_create(*, by: User | None, rows: list[RateRow], organisation: Organisation | None = None,
                    is_local: bool = False, is_demo: bool = False, **fields: Any) -> RateSet:  # fmt: skip
    """Add a rate set with its bands (a national published set, or a council's local one)."""
    fields = {key: value for key, value in fields.items() if key in RATE_SET_FIELDS}
    try:
        check_rate_rows(rows, kind=fields.get("kind", RateKind.NEED), period=fields.get("period", RatePeriod.POINT))
    except ImportRejected as rejected:
        raise _rejected_as_validation(rejected) from rejected
    _check_per_need(fields.get("per_need"), rows)
    rate_set = RateSet(organisation=organisation, is_local=is_local, is_demo=is_demo, **fields)
    audited_save(instance=rate_set, by=by)
    _save_rates(rate_set, rows, by)
    return rate_set


@transaction.atomic
def rate_set_update(*, rate_set: RateSet, by: User | None, rows: list[RateRow] | None = None, **fields: Any) -> RateSet:
    fields = {key: value for key, value in fields.items() if key in RATE_SET_FIELDS}
    if rows is not None:
        try:
            check_rate_rows(rows, kind=fields.get("kind", rate_set.kind), period=fields.get("period", rate_set.period))
        except ImportRejected as rejected:
            raise _rejected_as_validation(rejected) from rejected
    if rows is not None:
        _check_per_need(fields.get("per_need", rate_set.per_need), rows)
    rate_set, _ = model_update(instance=rate_set, fields=fields, by=by)
    if rows is not None:
        _save_rates(rate_set, rows, by)
    return rate_set


# Scenarios -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdjustmentInput:
    kind: str
    percent: Decimal
    from_year: int
    rate_set: RateSet | None = None


def _check_scenario(adjustments: list[AdjustmentInput], vintage: PopulationVintage | None) -> None:
    if not adjustments and vintage is None:
        raise ValidationError({"adjustments": "A scenario needs at least one change, or another projection"})
    if vintage is not None and vintage.kind != VintageKind.PROJECTION:
        raise ValidationError({"vintage": "Choose a population projection"})
    if any(item.rate_set is not None and item.rate_set.kind != RateKind.NEED for item in adjustments):
        raise ValidationError({"adjustments": "Adjust needs (prevalence), not service-use rates"})


def _adjustments_add(scenario: Scenario, adjustments: list[AdjustmentInput], by: User) -> None:
    for item in adjustments:
        adjustment = ScenarioAdjustment(
            scenario=scenario, kind=item.kind, percent=item.percent, from_year=item.from_year, rate_set=item.rate_set
        )
        audited_save(instance=adjustment, by=by)


@transaction.atomic
def scenario_create(
    *,
    by: User,
    name: str,
    adjustments: list[AdjustmentInput],
    description: str = "",
    vintage: PopulationVintage | None = None,
    organisation: Organisation | None = None,
    is_demo: bool = False,
) -> Scenario:
    """Add a scenario (for the creator's organisation unless one is given) with its adjustments."""
    organisation = organisation or by.organisation
    if organisation is None:
        raise ValidationError({"name": "Scenarios belong to an organisation"})
    _check_scenario(adjustments, vintage)
    scenario = owned_create(
        Scenario,
        by=by,
        name=name,
        description=description,
        vintage=vintage,
        organisation=organisation,
        created_by=by,
        is_demo=is_demo,
    )
    _adjustments_add(scenario, adjustments, by)
    return scenario


@transaction.atomic
def scenario_update(
    *,
    scenario: Scenario,
    by: User,
    name: str,
    adjustments: list[AdjustmentInput],
    description: str = "",
    vintage: PopulationVintage | None = None,
) -> Scenario:
    """Change a scenario and replace its adjustments."""
    _check_scenario(adjustments, vintage)
    model_update(instance=scenario, fields={"name": name, "description": description, "vintage": vintage}, by=by)
    for adjustment in scenario.adjustments.all():
        audited_delete(instance=adjustment, by=by)
    _adjustments_add(scenario, adjustments, by)
    return scenario


def scenario_delete(*, scenario: Scenario, by: User) -> None:
    for adjustment in scenario.adjustments.all():
        audited_delete(instance=adjustment, by=by)
    audited_delete(instance=scenario, by=by)


# Saved forecasts and evidence -----------------------------------------------------------------


def _figure_json(figure: Any) -> dict[str, str | None]:
    return {
        "people": str(figure.people),
        "lower": None if figure.lower is None else str(figure.lower),
        "upper": None if figure.upper is None else str(figure.upper),
    }


@transaction.atomic
def forecast_save(*, by: User, forecast: Any, title: str = "") -> SavedForecast:
    """Keep a forecast as it stands, with its inputs named, so evidence does not shift later."""
    scenario = forecast.scenario
    results = {
        "years": forecast.years,
        "needs": [
            {
                "rate_set": item.rate_set.pk,
                "name": item.rate_set.name,
                "measure": item.rate_set.measure,
                "unit": item.rate_set.unit_label,
                "totals": {str(year): _figure_json(figure) for year, figure in item.totals.items()},
            }
            for item in [*forecast.needs, *forecast.demand]
        ],
    }
    saved = SavedForecast(
        title=title or f"Needs forecast for {forecast.area.name}" + (f", {scenario.name}" if scenario else ""),
        area=forecast.area,
        vintage=forecast.vintage,
        scenario=scenario,
        created_by=by,
        results=results,
        method=METHOD,
    )
    owned_save(record=saved, by=by)
    saved.rate_sets.set([item.rate_set for item in [*forecast.needs, *forecast.demand]])
    return saved


@transaction.atomic
def forecast_attach(*, by: User, forecast: Any, activity: Any) -> SavedForecast:
    """Save the forecast and attach it as evidence to a cycle's activity (usually Analyse: needs)."""
    if not can_work_on_activity(by, activity):
        raise ValidationError({"activity": "Choose an activity in a cycle you work on"})
    saved = forecast_save(by=by, forecast=forecast)
    evidence_add(activity=activity, by=by, record=saved)
    return saved
