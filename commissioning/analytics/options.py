"""Cost of a proposed change against the status quo, year by year, in exact Decimal arithmetic.

People needing the service grow by a steady yearly rate (taken from the needs forecast). The
status quo serves everyone with the current service; the option moves a share of them to an
alternative (for example reablement instead of a care home placement) and pays a one-off cost in
the first year. Differences are discounted at the Green Book rate to a present value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class OptionInputs:
    first_year: int
    last_year: int
    people_first_year: Decimal
    growth_percent: Decimal
    current_cost: Decimal  # per person a year
    alternative_cost: Decimal  # per person a year
    shift_percent: Decimal
    one_off_cost: Decimal
    discount_rate_percent: Decimal
    # People each year from a saved needs forecast; when given, it replaces steady growth.
    people_by_year: dict[int, Decimal] | None = None


@dataclass(frozen=True)
class OptionYear:
    year: int
    people: Decimal
    status_quo: Decimal
    option: Decimal
    difference: Decimal  # option less status quo: negative is a saving
    discount_factor: Decimal
    present_value: Decimal


@dataclass(frozen=True)
class Appraisal:
    years: list[OptionYear]
    status_quo_total: Decimal
    option_total: Decimal
    difference_total: Decimal
    present_value_total: Decimal


def appraise(inputs: OptionInputs) -> Appraisal:
    rows = []
    with localcontext() as context:
        context.prec = 40
        growth = 1 + inputs.growth_percent / 100
        discount = 1 + inputs.discount_rate_percent / 100
        shifted = inputs.shift_percent / 100
        for offset, year in enumerate(range(inputs.first_year, inputs.last_year + 1)):
            if inputs.people_by_year is not None:
                if year not in inputs.people_by_year:
                    raise ValueError(f"The forecast has no figure for {year}")
                people = inputs.people_by_year[year]
            else:
                people = inputs.people_first_year * growth**offset
            status_quo = (people * inputs.current_cost).quantize(PENNY)
            option = people * (1 - shifted) * inputs.current_cost + people * shifted * inputs.alternative_cost
            if offset == 0:
                option += inputs.one_off_cost
            option = option.quantize(PENNY)
            factor = 1 / discount**offset
            difference = option - status_quo
            rows.append(
                OptionYear(year, people, status_quo, option, difference, factor, (difference * factor).quantize(PENNY))
            )
    return Appraisal(
        rows,
        sum((row.status_quo for row in rows), Decimal("0.00")),
        sum((row.option for row in rows), Decimal("0.00")),
        sum((row.difference for row in rows), Decimal("0.00")),
        sum((row.present_value for row in rows), Decimal("0.00")),
    )
