"""Checks of a model's inputs against sensible ranges, with labels and units for the forms."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from commissioning.analytics.cost_of_care.arithmetic import money, number, percent_text
from commissioning.analytics.cost_of_care.calculators import CareHomeInputs, HomecareInputs


@dataclass(frozen=True)
class SensibleRange:
    """The values a field may take, its unit, and why the limits are where they are."""

    unit: str  # "£ an hour", "%", "minutes"...: money units start with £, percents with %
    minimum: Decimal = Decimal(0)
    maximum: Decimal | None = None
    above_minimum: bool = False  # the minimum itself is not allowed (a 0-minute visit)
    note: str = ""

    def show(self, value: Decimal) -> str:
        """A value in this field's unit, as messages quote it: £11.00, 12.07%, 30 minutes."""
        if self.unit.startswith("£"):
            return money(value)
        if self.unit.startswith("%"):
            return percent_text(value)
        return f"{number(value)} {self.unit.split()[0]}"

    @property
    def hint(self) -> str:
        """The allowed range in words, for showing next to the field: "0 to 240 minutes"."""
        low = self.show(self.minimum)
        if self.maximum is None:
            text = f"more than {low}" if self.above_minimum else f"{low} or more"
        elif self.above_minimum:
            text = f"more than {low}, up to {self.show(self.maximum)}"
        else:
            text = f"{low} to {self.show(self.maximum)}"
        return f"{text} ({self.note})" if self.note else text


_HUNDRED = Decimal(100)


_PERCENT = SensibleRange("%", maximum=_HUNDRED)


_MOST_POUNDS_A_WEEK = Decimal(10000)


_POUNDS_A_WEEK = SensibleRange("£ a week", maximum=_MOST_POUNDS_A_WEEK)


_PAY = Decimal(100)  # £ an hour: far above any care wage, so a typo in pence or thousands is caught


SENSIBLE_RANGES: dict[str, SensibleRange] = {
    "care_worker_hourly_pay": SensibleRange("£ an hour", maximum=_PAY, note="and at least the National Living Wage"),
    "national_living_wage": SensibleRange("£ an hour", maximum=_PAY, above_minimum=True),
    "visit_minutes": SensibleRange(
        "minutes",
        minimum=Decimal(5),
        maximum=Decimal(240),
        note="longer visits are sitting or live-in care",
    ),
    "travel_minutes_per_visit": SensibleRange("minutes", maximum=Decimal(120)),
    "miles_per_visit": SensibleRange("miles", maximum=Decimal(100)),
    "mileage_rate": SensibleRange("£ a mile", maximum=Decimal(2), note="in pounds, not pence"),
    "holiday_percent": _PERCENT,
    "training_percent": _PERCENT,
    "sickness_percent": _PERCENT,
    "employer_ni_percent": _PERCENT,
    "pension_percent": _PERCENT,
    "back_office_per_hour": SensibleRange("£ per contact hour", maximum=_PAY),
    "return_percent": _PERCENT,
    "care_hours_per_resident_week": SensibleRange(
        "hours a week", maximum=Decimal(168), note="168 is one-to-one care round the clock"
    ),
    "nursing_hours_per_resident_week": SensibleRange(
        "hours a week", maximum=Decimal(168), note="0 for residential care"
    ),
    "nurse_hourly_pay": SensibleRange("£ an hour", maximum=_PAY),
    "staff_on_cost_percent": _PERCENT,
    "other_staff_per_resident_week": _POUNDS_A_WEEK,
    "food": _POUNDS_A_WEEK,
    "utilities": _POUNDS_A_WEEK,
    "maintenance": _POUNDS_A_WEEK,
    "insurance_and_registration": _POUNDS_A_WEEK,
    "other_non_staff": _POUNDS_A_WEEK,
    "return_on_operations_percent": _PERCENT,
    "capital_value_per_bed": SensibleRange("£ a bed", maximum=Decimal(1000000)),
    "return_on_capital_percent": SensibleRange("% a year", maximum=Decimal(50)),
    "occupancy_percent": SensibleRange("%", minimum=Decimal(10), maximum=_HUNDRED, note="the share of beds filled"),
}


LABELS: dict[str, str] = {
    "care_worker_hourly_pay": "Care worker pay",
    "national_living_wage": "National Living Wage",
    "visit_minutes": "Visit length",
    "travel_minutes_per_visit": "Travel time per visit",
    "miles_per_visit": "Miles per visit",
    "mileage_rate": "Mileage rate",
    "holiday_percent": "Holiday pay",
    "training_percent": "Training time",
    "sickness_percent": "Sick pay",
    "employer_ni_percent": "Employer's National Insurance",
    "pension_percent": "Employer's pension",
    "back_office_per_hour": "Back office cost",
    "return_percent": "Surplus",
    "care_hours_per_resident_week": "Care hours per resident",
    "nursing_hours_per_resident_week": "Nursing hours per resident",
    "nurse_hourly_pay": "Nurse pay",
    "staff_on_cost_percent": "Staff on-costs (NI, pension, holiday)",
    "other_staff_per_resident_week": "Other staff (management, catering, domestic, activities)",
    "food": "Food",
    "utilities": "Utilities",
    "maintenance": "Maintenance",
    "insurance_and_registration": "Insurance and registration",
    "other_non_staff": "Other non-staff costs",
    "return_on_operations_percent": "Return on operations",
    "capital_value_per_bed": "Capital value per bed",
    "return_on_capital_percent": "Return on capital",
    "occupancy_percent": "Occupancy",
}


@dataclass(frozen=True)
class FieldLabel:
    label: str
    unit: str
    hint: str


def field_labels(inputs: type[HomecareInputs] | type[CareHomeInputs]) -> dict[str, FieldLabel]:
    """Plain-English label, unit and allowed range for each input, in form order."""
    return {
        field.name: FieldLabel(LABELS[field.name], SENSIBLE_RANGES[field.name].unit, SENSIBLE_RANGES[field.name].hint)
        for field in dataclasses.fields(inputs)
    }


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with an input, named so the form can show it against the field."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _range_problem(name: str, value: object) -> str | None:
    label, limits = LABELS[name], SENSIBLE_RANGES[name]
    if value is None:
        return f"{label} is missing"
    if isinstance(value, bool) or not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
        return f"{label} must be a number"
    value = Decimal(value)
    if limits.above_minimum and value <= limits.minimum:
        return f"{label} ({limits.show(value)}) must be more than {limits.show(limits.minimum)}"
    if value < limits.minimum:
        if limits.minimum == 0:
            return f"{label} ({limits.show(value)}) cannot be negative"
        return f"{label} ({limits.show(value)}) must be at least {limits.show(limits.minimum)}"
    if limits.maximum is not None and value > limits.maximum:
        return f"{label} ({limits.show(value)}) is over {limits.show(limits.maximum)}"
    return None


def _validate(inputs: HomecareInputs | CareHomeInputs, paid_roles: list[str]) -> list[InputProblem]:
    problems: dict[str, str] = {}
    for field in dataclasses.fields(inputs):
        message = _range_problem(field.name, getattr(inputs, field.name))
        if message:
            problems[field.name] = message
    wage = inputs.national_living_wage
    if "national_living_wage" not in problems:
        for name in paid_roles:
            pay = getattr(inputs, name)
            if name not in problems and pay < wage:
                problems[name] = (
                    f"{LABELS[name]} ({money(pay)}) is below the National Living Wage ({money(Decimal(wage))})"
                )
    order = [field.name for field in dataclasses.fields(inputs)]
    return [InputProblem(name, problems[name]) for name in order if name in problems]


def validate_homecare(inputs: HomecareInputs) -> list[InputProblem]:
    """What is wrong with homecare inputs, at most one problem a field, in form order."""
    return _validate(inputs, ["care_worker_hourly_pay"])


def validate_care_home(inputs: CareHomeInputs) -> list[InputProblem]:
    """What is wrong with care home inputs. Nurse pay is held to the wage only where nursing is costed."""
    roles = ["care_worker_hourly_pay"]
    nursing = inputs.nursing_hours_per_resident_week
    if isinstance(nursing, Decimal | int) and not isinstance(nursing, bool) and nursing > 0:
        roles.append("nurse_hourly_pay")
    return _validate(inputs, roles)
