"""Exact money arithmetic for cost of care models, how numbers are shown in formulas, and the
line-by-line build-up every model produces."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

PRECISION = 100  # significant digits for the exact arithmetic


PLACES = 28  # decimal places a non-terminating quotient is held to


PENNY = Decimal("0.01")


MINUTES_PER_HOUR = 60


WEEKS_PER_YEAR = 52


TIMES = "\u00d7"  # the multiplication sign, written out because linters mistake it for "x"


DIVIDE = "\u00f7"


CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)


LAST_PLACE = Decimal(1).scaleb(-PLACES)


SIX_PLACES = Decimal("0.000001")  # ratios shown in formulas


def rounded(amount: Decimal) -> Decimal:
    """Pounds and pence for display (half up, as people round); never fed back into sums."""
    with localcontext(CONTEXT):
        return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """Exact if the quotient terminates within PLACES decimal places, else held to PLACES."""
    quotient = numerator / denominator
    held = quotient.quantize(LAST_PLACE)
    return quotient if held == quotient else held


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return amount * percent / 100  # dividing by 100 always terminates, so this is exact


def exact(name: str, value: object) -> Decimal:
    """An input as an exact Decimal: floats are refused rather than silently made inexact."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    decimal = Decimal(value)
    if not decimal.is_finite():
        raise ValueError(f"{name} must be a number, not {decimal}")
    return decimal


def number(value: Decimal) -> str:
    """A plain number without trailing zeros or exponent: 12.07, 30, 52,000."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return f"{normal:,f}"


def money(value: Decimal) -> str:
    """£ with pence; more places only when an input really has them (a mileage rate of £0.455)."""
    sign = "-" if value < 0 else ""
    size = abs(value)
    shown = f"{size:,.2f}" if size == size.quantize(PENNY) else number(size)
    return f"{sign}£{shown}"


def pounds(value: Decimal) -> str:
    """A calculated amount as shown on the page: rounded to the penny."""
    return money(rounded(value))


def ratio(value: Decimal) -> str:
    """A ratio in a formula, to six places: 1.333333 paid hours per contact hour."""
    return number(value.quantize(SIX_PLACES, ROUND_HALF_UP))


def percent_text(value: Decimal) -> str:
    return f"{number(value)}%"


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


class Builder:
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
        formula = " + ".join(f"{pounds(self._amounts[part])} {self._names[part]}" for part in parts)
        self.lines.append(CostLine(key, label, amount, formula, is_total=True, parts=parts))
        self._amounts[key] = amount
        self._names[key] = label[0].lower() + label[1:]
        return amount

    def build(self) -> CostBuildUp:
        return CostBuildUp(self.lines, self.lines[-1].amount)
