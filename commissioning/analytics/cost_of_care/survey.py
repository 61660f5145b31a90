"""Providers' survey returns summarised as quartiles (NumPy's linear method, exactly), and fee uplifts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from commissioning.analytics.cost_of_care.arithmetic import (
    CONTEXT,
    DIVIDE,
    PENNY,
    TIMES,
    divide,
    exact,
    money,
    number,
    percent_of,
)


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
    with localcontext(CONTEXT):
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


def uplift(current: Decimal, proposed: Decimal) -> Decimal:
    """The percent change from the current fee to the proposed one (negative for a cut)."""
    current, proposed = exact("current", current), exact("proposed", proposed)
    if current == 0:
        raise ValueError("cannot express an uplift from a fee of £0 as a percent")
    with localcontext(CONTEXT):
        return divide((proposed - current) * 100, current)


def uplifted(current: Decimal, percent: Decimal) -> Decimal:
    """The fee after an uplift of `percent`, exact (round with `rounded` to publish it)."""
    current, percent = exact("current", current), exact("percent", percent)
    with localcontext(CONTEXT):
        return current + percent_of(current, percent)


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
            f"({money(self.proposed)} - {money(self.current)}) {DIVIDE} {money(self.current)} {TIMES} 100"
            f" = {number(self.percent.quantize(PENNY, rounding=ROUND_HALF_UP))}%"
        )
