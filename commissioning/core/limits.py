"""The smallest and largest number the service accepts, by kind, with a plain message for each.

Every numeric model field carries one kind's `validators` (a test walks every model to check),
so pages, the API, imports and `full_clean()` in services all refuse the same values in the same
words. A ceiling is set well above any real figure, so it never turns away a true one but does
catch a slip of the keyboard, and always below what the database column holds, so Django's own
"less than or equal to 9223372036854775807" can never be what a user reads.

Forms pick a field's limit up through `limit_form_field` (the GOV.UK form mixin calls it);
serializers through `commissioning.core.api.serializers.ModelSerializer` and `limited_field`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible

Number = int | Decimal


@dataclass(frozen=True)
class Limit:
    """One kind of number: the range it may take and what to say when a value is outside it."""

    kind: str
    low: Number
    high: Number
    too_low: str
    too_high: str

    @property
    def validators(self) -> list[MinValueValidator | MaxValueValidator]:
        """For a model or form field: `validators=limits.BEDS.validators`."""
        return [Floor(self.kind), Ceiling(self.kind)]

    def problem(self, value: Number | float) -> str | None:
        """The message for a value outside the range, or None (for imports checking a cell)."""
        if value < self.low:
            return self.too_low
        if value > self.high:
            return self.too_high
        return None


def _count(value: Number) -> str:
    return f"{value:,}"


def _pounds(value: Number) -> str:
    return f"£{value:,.2f}" if value != int(value) else f"£{int(value):,}"


def _counted(kind: str, noun: str, high: int, low: int = 0) -> Limit:
    """Whole things (beds, people, staff): never negative, never more than `high`."""
    return Limit(kind, low, high, f"{noun} cannot be negative", f"{noun} must be {_count(high)} or fewer")


def _money(kind: str, noun: str, high: int, low: Number = 0) -> Limit:
    too_low = f"{noun} cannot be negative" if low == 0 else f"{noun} must be at least {_pounds(low)}"
    if low < 0:
        too_low = f"{noun} must be more than minus {_pounds(-low)}"
    return Limit(kind, low, high, too_low, f"{noun} must be {_pounds(high)} or less")


def _years(kind: str, low: int, high: int) -> Limit:
    message = f"Enter a year between {low} and {high}"
    return Limit(kind, low, high, message, message)


def _between(kind: str, noun: str, low: Number, high: Number, unit: str = "") -> Limit:
    message = f"{noun} must be between {low:,}{unit} and {high:,}{unit}"
    return Limit(kind, low, high, message, message)


LIMITS: dict[str, Limit] = {
    limit.kind: limit
    for limit in [
        # Care homes: the largest in England have a few hundred beds.
        _counted("beds", "Beds", 1_000),
        # Staff at one location: the biggest homecare branches employ a few hundred, some over a thousand.
        _counted("staff", "Staff", 10_000),
        # People one service or provider supports: the largest homecare providers reach tens of thousands.
        _counted("people_supported", "People", 100_000),
        # People in an area or a forecast: England has under 60 million people.
        _counted("population", "People", 100_000_000),
        # Homecare delivered by one location in a week: the largest deliver tens of thousands of hours.
        Limit("hours_a_week", 0, 1_000_000, "Hours cannot be negative", "Hours in a week must be 1,000,000 or fewer"),
        # Time logged against a cycle on one day: from a quarter of an hour to the whole day.
        Limit(
            "hours_a_day",
            Decimal("0.25"),
            24,
            "Enter at least a quarter of an hour (0.25)",
            "A day has at most 24 hours",
        ),
        # Rows in one import or job: CQC's whole-country file has about 100,000 locations.
        _counted("rows", "Rows", 100_000_000),
        # Wrong passwords counted against one address: locked out after a handful.
        _counted("attempts", "Attempts", 1_000_000),
        # Committed changes counted by the data version (core.kept_pages): a million a day for
        # a thousand years is under a trillion.
        _counted("changes", "Changes", 1_000_000_000_000_000),
        # Places in a cycle's checklist: a few dozen activities each.
        _counted("position", "Positions", 10_000),
        # A record's number, as kept in a 32-bit column (this service numbers records from 1).
        Limit("record_id", 1, 2_147_483_647, "Choose a record that exists", "Choose a record that exists"),
        # Ages in years: nobody is older than 120.
        _between("age", "Ages", 0, 120),
        # A risk's likelihood or impact on the usual five-point scale.
        _between("risk_scale", "Likelihood and impact", 1, 5),
        # A tender's quality score: scales run 0 to 4 or 0 to 5.
        _between("score", "Scores", 0, 5),
        # Shares of a whole.
        _between("percent", "Percentages", 0, 100, "%"),
        # A scenario's change to a rate: halving it at most, doubling it at most.
        _between("percent_change", "Changes", -50, 100, "%"),
        # Steady growth a year in an options appraisal.
        _between("growth_percent", "Growth a year", -50, 50, "%"),
        # A discount rate a year (the Green Book's is 3.5%).
        _between("discount_rate", "Discount rates", 0, 20, "%"),
        # A rate per person: a prevalence is at most 1; a service rate (hours a year per person) a few thousand.
        _between("rate", "Rates per person", 0, 100_000),
        # What rates are shown per: per person up to per 100,000 people.
        _between("rate_unit", "Rates", 1, 100_000),
        # Money for a budget line or a one-off cost: the largest councils spend a few billion pounds a
        # year in all, so no single line comes near this.
        _money("money", "Amounts", 5_000_000_000),
        # Spend can be a refund or credit, so it may be negative.
        _money("spend", "Amounts", 5_000_000_000, low=-5_000_000_000),
        # A unit cost or a year of care for one person: the costliest placements are a few hundred thousand a year.
        _money("price", "Costs", 1_000_000, low=Decimal("0.01")),
        _money("cost_a_year", "Costs a year", 1_000_000),
        # A fee per contact hour or per week: a week of the costliest nursing care is a few thousand pounds.
        _money("fee", "Fees", 10_000, low=Decimal("0.01")),
        # One input of a cost of care model (pay, minutes, £ a week, value of a bed): a guard on size
        # only, as the calculator's own rules say what is sensible for each, negatives included.
        _between("cost_model_input", "Figures", -1_000_000, 1_000_000),
        # One line of a provider's costs, in £ an hour or a week.
        _money("cost_line", "Costs", 1_000_000),
        # Years: laws still in force go back to the 1800s; population figures and rates to the 1950s.
        _years("year", 1900, 2100),
        _years("law_year", 1800, 2100),
        _years("publication_year", 1950, 2100),
        _years("projection_year", 1990, 2100),
        # Financial and planning years the service works in.
        _years("financial_year", 2000, 2100),
        # An uploaded document: 20 MB at most.
        _counted("file_bytes", "Files", 20 * 1024 * 1024),
        # A sealed bid: its documents (100 MB at most) with its price and answers.
        _counted("bid_bytes", "Bids", 200 * 1024 * 1024),
        # A contract's length: ten years at most for care contracts, with extensions.
        Limit("contract_months", 1, 240, "A contract lasts at least a month", "A contract lasts 240 months or fewer"),
        # A strategy target's figure (people, a percentage, pounds, weeks...): a guard on size only.
        _between("target_figure", "Figures", -1_000_000_000, 1_000_000_000),
        # Concentration: the Herfindahl-Hirschman index runs from 0 to 10,000.
        _between("hhi", "Concentration (HHI)", 0, 10_000),
        # England's mainland and islands lie within these, for the map.
        _between("latitude", "Latitude", 49, 61),
        _between("longitude", "Longitude", -9, 3),
    ]
}

BEDS, STAFF, PEOPLE_SUPPORTED, POPULATION = (LIMITS[k] for k in ("beds", "staff", "people_supported", "population"))
HOURS_A_WEEK, HOURS_A_DAY, ROWS, POSITION = (LIMITS[k] for k in ("hours_a_week", "hours_a_day", "rows", "position"))
ATTEMPTS, CHANGES, RISK_SCALE, SCORE = (LIMITS[k] for k in ("attempts", "changes", "risk_scale", "score"))
RECORD_ID, AGE, PERCENT, PERCENT_CHANGE = (LIMITS[k] for k in ("record_id", "age", "percent", "percent_change"))
GROWTH_PERCENT, DISCOUNT_RATE, RATE, RATE_UNIT = (
    LIMITS[k] for k in ("growth_percent", "discount_rate", "rate", "rate_unit")
)
MONEY, SPEND, PRICE, COST_A_YEAR, FEE = (LIMITS[k] for k in ("money", "spend", "price", "cost_a_year", "fee"))
COST_MODEL_INPUT, COST_LINE = LIMITS["cost_model_input"], LIMITS["cost_line"]
YEAR, LAW_YEAR, PUBLICATION_YEAR, PROJECTION_YEAR, FINANCIAL_YEAR = (
    LIMITS[k] for k in ("year", "law_year", "publication_year", "projection_year", "financial_year")
)
LATITUDE, LONGITUDE = LIMITS["latitude"], LIMITS["longitude"]
HHI, TARGET_FIGURE, CONTRACT_MONTHS = LIMITS["hhi"], LIMITS["target_figure"], LIMITS["contract_months"]
FILE_BYTES, BID_BYTES = LIMITS["file_bytes"], LIMITS["bid_bytes"]


class _Bound:
    """One end of a limit, named by kind, so a migration records the kind, not the figures."""

    end = ""  # "low" or "high"

    def __init__(self, kind: str) -> None:
        self.kind = kind

    @property
    def limit(self) -> Limit:
        return LIMITS[self.kind]

    @property
    def limit_value(self) -> Number:
        return getattr(self.limit, self.end)

    @property
    def message(self) -> str:
        # The message is %-formatted with the value.
        return getattr(self.limit, "too_" + self.end).replace("%", "%%")


@deconstructible(path="commissioning.core.limits.Floor")
class Floor(_Bound, MinValueValidator):  # type: ignore[misc]
    """A limit's lower bound."""

    end = "low"


@deconstructible(path="commissioning.core.limits.Ceiling")
class Ceiling(_Bound, MaxValueValidator):  # type: ignore[misc]
    """A limit's upper bound. Being a MaxValueValidator below the column's own limit, it stops
    Django adding its "less than or equal to 9223372036854775807" check to the field."""

    end = "high"


def limit_of(validators: Any) -> Limit | None:
    """The limit among a field's validators, if it has one."""
    return next((v.limit for v in validators if isinstance(v, Ceiling)), None)


def limit_form_field(field: forms.Field, model_field: models.Field | None = None) -> None:
    """Make a numeric form field check its limit, and only that, for size.

    The limit comes from the form field's own validators or the model field it was made from.
    Django's range and digit checks are dropped (the limit lies inside them), keeping only the
    check on decimal places, so a too-large value gets one plain message.
    """
    if not isinstance(field, forms.IntegerField):  # DecimalField and FloatField are IntegerFields
        return
    limit = limit_of(field.validators) or (limit_of(model_field.validators) if model_field is not None else None)
    if limit is None:
        return
    size_checks = (MinValueValidator, MaxValueValidator, DecimalValidator)
    kept = [v for v in field.validators if not isinstance(v, size_checks)]
    if isinstance(field, forms.DecimalField) and field.decimal_places is not None:
        kept.append(DecimalValidator(None, field.decimal_places))
    field.validators = [*limit.validators, *kept]
    field.min_value, field.max_value = limit.low, limit.high
