"""Loads resources records into the analytics package and shapes the results: cost of care
exercises (the council's open model, built from its stored inputs, and the providers' survey
returns summarised line by line) and options appraisals. The arithmetic is in analytics."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from commissioning.analytics.cost_of_care import (
    CareHomeInputs,
    CostBuildUp,
    HomecareInputs,
    InputProblem,
    Quartiles,
    Uplift,
    care_home_fee,
    field_labels,
    homecare_rate,
    quartiles,
    summarise,
    validate_care_home,
    validate_homecare,
)
from commissioning.analytics.options import Appraisal, OptionInputs, appraise
from commissioning.finance.choices import ModelKind
from commissioning.finance.models import CostOfCareExercise, OptionAppraisal

INPUT_CLASSES = {ModelKind.HOMECARE: HomecareInputs, ModelKind.CARE_HOME: CareHomeInputs}
CALCULATORS = {ModelKind.HOMECARE: homecare_rate, ModelKind.CARE_HOME: care_home_fee}
VALIDATORS = {ModelKind.HOMECARE: validate_homecare, ModelKind.CARE_HOME: validate_care_home}
UNITS = {ModelKind.HOMECARE: "per contact hour", ModelKind.CARE_HOME: "per resident a week"}
# Quartiles of fewer returns than this could reveal a provider's own figures, so only the council
# that ran the exercise sees them (small-number suppression, as official statistics do).
FEWEST_RETURNS_SHOWN = 5

# Starting values for a new exercise, to be replaced with the council's own evidence. The
# National Living Wage is the rate for adults from April 2026.
STARTING_INPUTS: dict[str, dict[str, str]] = {
    ModelKind.HOMECARE: {
        "care_worker_hourly_pay": "13.00",
        "national_living_wage": "12.71",
        "visit_minutes": "30",
        "travel_minutes_per_visit": "10",
        "miles_per_visit": "2.5",
        "mileage_rate": "0.45",
        "holiday_percent": "12.07",
        "training_percent": "2.5",
        "sickness_percent": "2",
        "employer_ni_percent": "10",
        "pension_percent": "2.5",
        "back_office_per_hour": "6.50",
        "return_percent": "3",
    },
    ModelKind.CARE_HOME: {
        "care_hours_per_resident_week": "20",
        "care_worker_hourly_pay": "13.00",
        "nursing_hours_per_resident_week": "0",
        "nurse_hourly_pay": "23.00",
        "national_living_wage": "12.71",
        "staff_on_cost_percent": "22",
        "other_staff_per_resident_week": "180",
        "food": "45",
        "utilities": "35",
        "maintenance": "25",
        "insurance_and_registration": "12",
        "other_non_staff": "40",
        "return_on_operations_percent": "5",
        "capital_value_per_bed": "60000",
        "return_on_capital_percent": "6",
        "occupancy_percent": "90",
    },
}


def labels_for(kind: str) -> dict[str, Any]:
    return field_labels(INPUT_CLASSES[ModelKind(kind)])


def inputs_for(kind: str, stored: Any) -> Any | None:
    """The stored inputs as the calculator's dataclass, or None if any is missing or not a number."""
    if not isinstance(stored, dict):
        return None
    values = {}
    for field in dataclasses.fields(INPUT_CLASSES[ModelKind(kind)]):
        try:
            values[field.name] = Decimal(str(stored[field.name]))
        except (KeyError, InvalidOperation):
            return None
    return INPUT_CLASSES[ModelKind(kind)](**values)


@dataclass
class Model:
    build_up: CostBuildUp | None
    problems: list[InputProblem]


def council_model(exercise: CostOfCareExercise) -> Model:
    inputs = inputs_for(exercise.kind, exercise.inputs)
    if inputs is None:
        return Model(None, [InputProblem("", "Some inputs are missing: enter every input to build the model")])
    problems = VALIDATORS[ModelKind(exercise.kind)](inputs)
    try:
        return Model(CALCULATORS[ModelKind(exercise.kind)](inputs), problems)
    except ValueError as error:
        return Model(None, [*problems, InputProblem("", str(error))])


def survey_lines(kind: str) -> list[tuple[str, str]]:
    """The cost lines providers return: every line of the model that is not a subtotal."""
    inputs = inputs_for(kind, STARTING_INPUTS[ModelKind(kind)])
    build_up = CALCULATORS[ModelKind(kind)](inputs)
    return [(line.key, line.label) for line in build_up.lines if not line.is_total]


@dataclass
class SurveyLine:
    key: str
    label: str
    model: Decimal | None
    spread: Quartiles | None
    withheld: bool = False


@dataclass
class SurveySummary:
    lines: list[SurveyLine]
    totals: Quartiles | None  # of each return's total
    sum_of_medians: Decimal | None
    returns: int
    withheld: bool = False  # some lines hidden because too few providers returned them


def survey_summary(exercise: CostOfCareExercise, model: Model, *, suppress: bool = False) -> SurveySummary:
    """Lower quartile, median and upper quartile of each cost line across the providers' returns,
    beside the council's model; and of the returns' totals. With `suppress`, a line with fewer
    than FEWEST_RETURNS_SHOWN returns is withheld (for anyone but the council that ran it)."""
    keys = survey_lines(exercise.kind)
    amounts = [survey.amounts() for survey in exercise.returns.all()]
    spread = summarise(amounts, [key for key, _ in keys])
    withheld = {key for key, value in spread.items() if suppress and value and value.count < FEWEST_RETURNS_SHOWN}
    spread = {key: None if key in withheld else value for key, value in spread.items()}
    model_amounts = model.build_up.amounts() if model.build_up else {}
    lines = [SurveyLine(key, label, model_amounts.get(key), spread[key], key in withheld) for key, label in keys]
    totals = [sum(values.values(), Decimal(0)) for values in amounts if values]
    if suppress and len(totals) < FEWEST_RETURNS_SHOWN:
        totals = []
    medians = [line.spread.median for line in lines if line.spread]
    return SurveySummary(
        lines,
        quartiles(totals) if totals else None,
        sum(medians, Decimal(0)) if medians and not withheld else None,
        len(amounts),
        bool(withheld),
    )


def fee_uplift(exercise: CostOfCareExercise) -> Uplift | None:
    if exercise.current_fee and exercise.proposed_fee is not None:
        return Uplift(exercise.current_fee, exercise.proposed_fee)
    return None


def exercise_context(exercise: CostOfCareExercise, *, council_view: bool) -> dict[str, Any]:
    """What the exercise pages and downloads show; only the council that ran it sees the spread of
    fewer than FEWEST_RETURNS_SHOWN returns."""
    model = council_model(exercise)
    labels = labels_for(exercise.kind)
    stored = exercise.inputs if isinstance(exercise.inputs, dict) else {}
    return {
        "exercise": exercise,
        "model": model,
        "inputs": [(labels[key], stored.get(key)) for key in labels],
        "summary": survey_summary(exercise, model, suppress=not council_view),
        "fewest_shown": FEWEST_RETURNS_SHOWN,
        "uplift": fee_uplift(exercise),
        "unit": UNITS[exercise.kind],
    }


# Options appraisal ----------------------------------------------------------------------------


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
