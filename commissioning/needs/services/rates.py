"""The rate library: published and local rate sets, read from text and checked band by band."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.analytics.problems import ImportRejected, RowProblem
from commissioning.core import limits
from commissioning.core.services import audited_delete, audited_save, model_update
from commissioning.needs import forecast_cache
from commissioning.needs.choices import RateKind, RatePeriod, Sex
from commissioning.needs.models import Rate, RateSet

RATE_SET_FIELDS = (
    "name", "kind", "measure", "period", "display_unit", "service_type", "client_group", "per_need", "source",
    "source_url",
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
        if any(limits.AGE.problem(age) for age in (row.age_from, row.age_to) if age is not None):
            problems.append(RowProblem(name, row.line, "age", limits.AGE.too_high))
        if any(number > limits.RATE.high for number in (row.value, row.ci_lower, row.ci_upper) if number is not None):
            problems.append(RowProblem(name, row.line, "rate", limits.RATE.too_high))
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
    rate_set, changed = model_update(instance=rate_set, fields=fields, by=by)
    if rows is not None:
        _save_rates(rate_set, rows, by)
    if changed or rows is not None:
        # Its kept forecasts are keyed on its bands and kind, so none would be read again.
        forecast_cache.forget(rate_set=rate_set)
    return rate_set
