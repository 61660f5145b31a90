"""Loads resources records into the analytics package's pure functions and shapes the results."""

from __future__ import annotations

from decimal import Decimal

from commissioning.analytics.options import Appraisal, OptionInputs, appraise
from commissioning.finance.models import OptionAppraisal


def appraisal_for(option: OptionAppraisal) -> Appraisal | str:
    """The appraisal, or the reason it cannot be worked out (shown on the page)."""
    if option.forecast_measure and option.people_by_year() is None:
        return "The saved forecast this option took its people from has been removed: choose another."
    try:
        return _appraise(option)
    except (ArithmeticError, ValueError) as error:
        return f"The appraisal cannot be worked out from these assumptions: {error}"


def _appraise(option: OptionAppraisal) -> Appraisal:
    return appraise(
        OptionInputs(
            first_year=option.first_year,
            last_year=option.last_year,
            people_first_year=option.people_first_year or Decimal(0),
            growth_percent=option.growth_percent,
            current_cost=option.current_cost_per_person_year,
            alternative_cost=option.alternative_cost_per_person_year,
            shift_percent=option.shift_percent,
            one_off_cost=option.one_off_cost,
            discount_rate_percent=option.discount_rate_percent,
            people_by_year=option.people_by_year(),
        )
    )
