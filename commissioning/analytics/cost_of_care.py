"""Cost of care: an open calculator for homecare hourly rates and care home weekly fees.

English councils set fees from "cost of care" exercises; the 2022 Fair Cost of Care used the
median of providers' actual operating costs for 65+ care homes and 18+ homecare. This module
builds a rate up line by line so that every input, every output line and the formula that
produced it can be shown and challenged. Framework-free (import-linter checks).

Money is Decimal throughout, never float. Arithmetic runs in a 100-digit Decimal context and
every division is done last, so sums, products and percentages are exact and a quotient is
exact whenever it terminates; one that does not (dividing by 52 weeks rarely does) is held to
28 decimal places. Each subtotal is exactly the sum of the lines it names (check that with
Fractions or a wide context: Python's default 28-digit context would round the check). `rounded`
gives pence for display only, so a subtotal shown rounded may differ by a penny from the sum of
its lines shown rounded: the exact figures are the ones that add up.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

PRECISION = 100  # significant digits for the exact arithmetic
PLACES = 28  # decimal places a non-terminating quotient is held to
PENNY = Decimal("0.01")
MINUTES_PER_HOUR = 60
WEEKS_PER_YEAR = 52

TIMES = "\u00d7"  # the multiplication sign, written out because linters mistake it for "x"
DIVIDE = "\u00f7"

_CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)
_LAST_PLACE = Decimal(1).scaleb(-PLACES)
_SIX_PLACES = Decimal("0.000001")  # ratios shown in formulas


def rounded(amount: Decimal) -> Decimal:
    """Pounds and pence for display (half up, as people round); never fed back into sums."""
    with localcontext(_CONTEXT):
        return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """Exact if the quotient terminates within PLACES decimal places, else held to PLACES."""
    quotient = numerator / denominator
    held = quotient.quantize(_LAST_PLACE)
    return quotient if held == quotient else held


def _percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return amount * percent / 100  # dividing by 100 always terminates, so this is exact


def _exact(name: str, value: object) -> Decimal:
    """An input as an exact Decimal: floats are refused rather than silently made inexact."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    decimal = Decimal(value)
    if not decimal.is_finite():
        raise ValueError(f"{name} must be a number, not {decimal}")
    return decimal


# --- Showing numbers in formulas and messages ---------------------------------------------------


def _number(value: Decimal) -> str:
    """A plain number without trailing zeros or exponent: 12.07, 30, 52,000."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return f"{normal:,f}"


def _money(value: Decimal) -> str:
    """£ with pence; more places only when an input really has them (a mileage rate of £0.455)."""
    sign = "-" if value < 0 else ""
    size = abs(value)
    shown = f"{size:,.2f}" if size == size.quantize(PENNY) else _number(size)
    return f"{sign}£{shown}"


def _pounds(value: Decimal) -> str:
    """A calculated amount as shown on the page: rounded to the penny."""
    return _money(rounded(value))


def _ratio(value: Decimal) -> str:
    """A ratio in a formula, to six places: 1.333333 paid hours per contact hour."""
    return _number(value.quantize(_SIX_PLACES, ROUND_HALF_UP))


def _percent(value: Decimal) -> str:
    return f"{_number(value)}%"


# --- The build-up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    """One line of a build-up: what it is, how much, and the arithmetic with the real numbers."""

    key: str
    label: str
    amount: Decimal  # exact; round only for display
    formula: str
    is_total: bool = False
    parts: tuple[str, ...] = ()  # for a total, the keys of the lines it adds up

    @property
    def rounded(self) -> Decimal:
        return rounded(self.amount)


@dataclass(frozen=True)
class CostBuildUp:
    """Every line of a rate in order, ending with the rate itself (`total`)."""

    lines: list[CostLine]
    total: Decimal

    def line(self, key: str) -> CostLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def amounts(self) -> dict[str, Decimal]:
        return {line.key: line.amount for line in self.lines}


class _Builder:
    """Collects lines; totals are always the exact sum of the lines they name."""

    def __init__(self) -> None:
        self.lines: list[CostLine] = []
        self._amounts: dict[str, Decimal] = {}
        self._names: dict[str, str] = {}

    def add(self, key: str, label: str, amount: Decimal, formula: str, short: str = "") -> Decimal:
        """A line; `short` names it in the totals' formulas (default: the label, lower-cased)."""
        self.lines.append(CostLine(key, label, amount, formula))
        self._amounts[key] = amount
        self._names[key] = short or label[0].lower() + label[1:]
        return amount

    def total(self, key: str, label: str, parts: tuple[str, ...]) -> Decimal:
        amount = sum((self._amounts[part] for part in parts), Decimal(0))
        formula = " + ".join(f"{_pounds(self._amounts[part])} {self._names[part]}" for part in parts)
        self.lines.append(CostLine(key, label, amount, formula, is_total=True, parts=parts))
        self._amounts[key] = amount
        self._names[key] = label[0].lower() + label[1:]
        return amount

    def build(self) -> CostBuildUp:
        return CostBuildUp(self.lines, self.lines[-1].amount)


# --- Homecare ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomecareInputs:
    """What a homecare hour costs to deliver; percents as percent numbers (12.07 for 12.07%)."""

    care_worker_hourly_pay: Decimal
    national_living_wage: Decimal
    visit_minutes: Decimal  # average contact time per visit
    travel_minutes_per_visit: Decimal
    miles_per_visit: Decimal
    mileage_rate: Decimal  # £ a mile
    holiday_percent: Decimal
    training_percent: Decimal
    sickness_percent: Decimal
    employer_ni_percent: Decimal
    pension_percent: Decimal
    back_office_per_hour: Decimal  # £ per contact hour
    return_percent: Decimal  # surplus on total cost


def paid_hours_per_contact_hour(visit_minutes: Decimal, travel_minutes_per_visit: Decimal) -> Decimal:
    """Travel between visits is paid time, so each contact hour costs 1 + travel / visit paid hours."""
    with localcontext(_CONTEXT):
        return _divide(visit_minutes + travel_minutes_per_visit, visit_minutes)


def homecare_rate(inputs: HomecareInputs) -> CostBuildUp:
    """The hourly rate per contact hour, built up line by line.

    Raises ValueError if the visit length is not positive (the rate is per contact hour, so it
    cannot be calculated); other bad inputs still calculate: `validate_homecare` reports them.
    """
    i = {field.name: _exact(field.name, getattr(inputs, field.name)) for field in dataclasses.fields(inputs)}
    visit, travel = i["visit_minutes"], i["travel_minutes_per_visit"]
    if visit <= 0:
        raise ValueError(f"Visit length must be more than 0 minutes to calculate a rate ({_number(visit)} given)")
    with localcontext(_CONTEXT):
        b = _Builder()
        paid = _divide(visit + travel, visit)
        # Multiply before dividing, so a pay figure that comes out in whole pence is exact.
        pay = b.add(
            "pay",
            "Care worker pay, including paid travel time",
            _divide(i["care_worker_hourly_pay"] * (visit + travel), visit),
            f"{_money(i['care_worker_hourly_pay'])} {TIMES} {_ratio(paid)} paid hours"
            f" per contact hour (1 + {_number(travel)} travel minutes {DIVIDE} {_number(visit)} visit minutes)",
            short="pay",
        )
        for key, label in (("holiday", "Holiday pay"), ("training", "Training time"), ("sickness", "Sick pay")):
            percent = i[f"{key}_percent"]
            b.add(key, label, _percent_of(pay, percent), f"{_pounds(pay)} pay {TIMES} {_percent(percent)}")
        gross = b.total("gross_pay", "Gross pay", ("pay", "holiday", "training", "sickness"))
        for key, label in (("employer_ni", "Employer's National Insurance"), ("pension", "Employer's pension")):
            percent = i[f"{key}_percent"]
            b.add(key, label, _percent_of(gross, percent), f"{_pounds(gross)} gross pay {TIMES} {_percent(percent)}")
        visits_per_hour = _divide(Decimal(MINUTES_PER_HOUR), visit)
        b.add(
            "mileage",
            "Mileage",
            _divide(i["miles_per_visit"] * i["mileage_rate"] * MINUTES_PER_HOUR, visit),
            f"{_number(i['miles_per_visit'])} miles a visit {TIMES} {_money(i['mileage_rate'])} a mile {TIMES} "
            f"{_ratio(visits_per_hour)} visits per contact hour "
            f"({MINUTES_PER_HOUR} {DIVIDE} {_number(visit)} visit minutes)",
        )
        b.total("care_cost", "Direct care cost", ("gross_pay", "employer_ni", "pension", "mileage"))
        b.add(
            "back_office",
            "Back office",
            i["back_office_per_hour"],
            f"{_money(i['back_office_per_hour'])} per contact hour, as entered",
        )
        total_cost = b.total("total_cost", "Total cost", ("care_cost", "back_office"))
        b.add(
            "surplus",
            "Surplus",
            _percent_of(total_cost, i["return_percent"]),
            f"{_pounds(total_cost)} total cost {TIMES} {_percent(i['return_percent'])}",
        )
        b.total("rate", "Hourly rate", ("total_cost", "surplus"))
        return b.build()


# --- Care homes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CareHomeInputs:
    """What a care home place costs a week; all £ figures are per occupied bed (resident) a week."""

    care_hours_per_resident_week: Decimal
    care_worker_hourly_pay: Decimal
    nursing_hours_per_resident_week: Decimal  # 0 for residential care
    nurse_hourly_pay: Decimal
    national_living_wage: Decimal
    staff_on_cost_percent: Decimal  # employer's NI, pension and holiday together
    other_staff_per_resident_week: Decimal  # management, catering, domestic, activities
    food: Decimal
    utilities: Decimal
    maintenance: Decimal
    insurance_and_registration: Decimal
    other_non_staff: Decimal
    return_on_operations_percent: Decimal  # of operating cost
    capital_value_per_bed: Decimal
    return_on_capital_percent: Decimal  # a year
    occupancy_percent: Decimal


NON_STAFF = (
    ("food", "Food"),
    ("utilities", "Utilities"),
    ("maintenance", "Maintenance"),
    ("insurance_and_registration", "Insurance and registration"),
    ("other_non_staff", "Other non-staff costs"),
)


def care_home_fee(inputs: CareHomeInputs) -> CostBuildUp:
    """The weekly fee per resident, built up line by line.

    Costs are per occupied bed already; the capital tied up in an empty bed still has to earn
    its return, so occupancy scales only the return on capital. Raises ValueError if occupancy
    is not positive; `validate_care_home` reports every other bad input.
    """
    i = {field.name: _exact(field.name, getattr(inputs, field.name)) for field in dataclasses.fields(inputs)}
    occupancy = i["occupancy_percent"]
    if occupancy <= 0:
        raise ValueError(f"Occupancy must be more than 0% to calculate a fee ({_percent(occupancy)} given)")
    with localcontext(_CONTEXT):
        b = _Builder()
        care = b.add(
            "care_staff",
            "Care staff",
            i["care_hours_per_resident_week"] * i["care_worker_hourly_pay"],
            f"{_number(i['care_hours_per_resident_week'])} care hours a week {TIMES} "
            f"{_money(i['care_worker_hourly_pay'])} an hour",
        )
        nursing = b.add(
            "nursing",
            "Nursing staff",
            i["nursing_hours_per_resident_week"] * i["nurse_hourly_pay"],
            f"{_number(i['nursing_hours_per_resident_week'])} nursing hours a week {TIMES} "
            f"{_money(i['nurse_hourly_pay'])} an hour",
        )
        b.add(
            "staff_on_costs",
            "Staff on-costs (NI, pension, holiday)",
            _percent_of(care + nursing, i["staff_on_cost_percent"]),
            f"({_pounds(care)} care staff + {_pounds(nursing)} nursing staff) {TIMES} "
            f"{_percent(i['staff_on_cost_percent'])}",
            short="on-costs",
        )
        b.add(
            "other_staff",
            "Other staff (management, catering, domestic, activities)",
            i["other_staff_per_resident_week"],
            f"{_money(i['other_staff_per_resident_week'])} a week, as entered",
            short="other staff",
        )
        b.total("staff_total", "Staff costs", ("care_staff", "nursing", "staff_on_costs", "other_staff"))
        for key, label in NON_STAFF:
            b.add(key, label, i[key], f"{_money(i[key])} a week, as entered")
        b.total("non_staff_total", "Non-staff costs", tuple(key for key, _ in NON_STAFF))
        operating = b.total("operating_cost", "Operating cost", ("staff_total", "non_staff_total"))
        b.add(
            "return_on_operations",
            "Return on operations",
            _percent_of(operating, i["return_on_operations_percent"]),
            f"{_pounds(operating)} operating cost {TIMES} {_percent(i['return_on_operations_percent'])}",
        )
        value, percent = i["capital_value_per_bed"], i["return_on_capital_percent"]
        # value x percent / 100 / 52 / (occupancy / 100), as one division so it is exact when it can be.
        b.add(
            "return_on_capital",
            "Return on capital",
            _divide(value * percent, WEEKS_PER_YEAR * occupancy),
            f"{_money(value)} a bed {TIMES} {_percent(percent)} a year {DIVIDE} {WEEKS_PER_YEAR} weeks "
            f"{DIVIDE} {_percent(occupancy)} occupancy",
        )
        b.total("fee", "Weekly fee", ("operating_cost", "return_on_operations", "return_on_capital"))
        return b.build()


# --- Checking inputs -----------------------------------------------------------------------------


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
            return _money(value)
        if self.unit.startswith("%"):
            return _percent(value)
        return f"{_number(value)} {self.unit.split()[0]}"

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
                    f"{LABELS[name]} ({_money(pay)}) is below the National Living Wage ({_money(Decimal(wage))})"
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


# --- Survey returns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quartiles:
    """The spread of providers' returns: the 2022 exercise set fees from the median."""

    lower: Decimal
    median: Decimal
    upper: Decimal
    count: int

    @property
    def interquartile_range(self) -> Decimal:
        return self.upper - self.lower


def _survey_value(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"survey values must be Decimal, not {type(value).__name__}")
    decimal = Decimal(value)
    if not decimal.is_finite():
        raise ValueError(f"survey values must be numbers, not {decimal}")
    return decimal


def percentile(values: Iterable[Decimal], percent: Decimal | int) -> Decimal:
    """Linear interpolation between closest ranks (Hyndman and Fan type 7, NumPy's default).

    The rank (n - 1) x percent / 100 terminates for any Decimal percent, so the result is exact.
    """
    ordered = sorted(_survey_value(value) for value in values)
    if not ordered:
        raise ValueError("cannot take a percentile of no values")
    if not 0 <= percent <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {percent}")
    with localcontext(_CONTEXT):
        rank = (len(ordered) - 1) * Decimal(percent) / 100
        below = int(rank)
        fraction = rank - below
        if fraction == 0:
            return ordered[below]
        return ordered[below] + fraction * (ordered[below + 1] - ordered[below])


def quartiles(values: list[Decimal]) -> Quartiles:
    """Lower quartile, median and upper quartile, exactly; raises ValueError on no values."""
    if not values:
        raise ValueError("cannot summarise no values")
    return Quartiles(percentile(values, 25), percentile(values, 50), percentile(values, 75), len(values))


def summarise(returns: Iterable[Mapping[str, Decimal | None]], keys: Iterable[str]) -> dict[str, Quartiles | None]:
    """Quartiles of each key across providers' returns, skipping returns that leave it blank.

    A key no provider answered maps to None rather than inventing a figure.
    """
    returns = list(returns)
    summary: dict[str, Quartiles | None] = {}
    for key in keys:
        values = [value for response in returns if (value := response.get(key)) is not None]
        summary[key] = quartiles(values) if values else None
    return summary


# --- Fee uplifts ---------------------------------------------------------------------------------


def uplift(current: Decimal, proposed: Decimal) -> Decimal:
    """The percent change from the current fee to the proposed one (negative for a cut)."""
    current, proposed = _exact("current", current), _exact("proposed", proposed)
    if current == 0:
        raise ValueError("cannot express an uplift from a fee of £0 as a percent")
    with localcontext(_CONTEXT):
        return _divide((proposed - current) * 100, current)


def uplifted(current: Decimal, percent: Decimal) -> Decimal:
    """The fee after an uplift of `percent`, exact (round with `rounded` to publish it)."""
    current, percent = _exact("current", current), _exact("percent", percent)
    with localcontext(_CONTEXT):
        return current + _percent_of(current, percent)


@dataclass(frozen=True)
class Uplift:
    """A proposed fee against the current one, with the working shown."""

    current: Decimal
    proposed: Decimal

    @property
    def change(self) -> Decimal:
        return self.proposed - self.current

    @property
    def percent(self) -> Decimal:
        return uplift(self.current, self.proposed)

    @property
    def formula(self) -> str:
        return (
            f"({_money(self.proposed)} - {_money(self.current)}) {DIVIDE} {_money(self.current)} {TIMES} 100"
            f" = {_number(self.percent.quantize(PENNY, rounding=ROUND_HALF_UP))}%"
        )
