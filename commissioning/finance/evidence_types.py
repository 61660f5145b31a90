"""Resources records that can be evidence for a cycle's activity (see cycles.evidence)."""

from __future__ import annotations

from typing import Any

from commissioning.cycles.evidence import EvidenceType, evidence_type_register
from commissioning.finance.analysis import appraisal_for
from commissioning.finance.models import CostOfCareExercise, OptionAppraisal
from commissioning.finance.selectors import exercise_list, option_list


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def exercise_snapshot(exercise: CostOfCareExercise) -> dict[str, Any]:
    return {
        "stage": exercise.stage,
        "current_fee": _money(exercise.current_fee),
        "proposed_fee": _money(exercise.proposed_fee),
        "returns": exercise.returns.count(),
    }


def option_snapshot(option: OptionAppraisal) -> dict[str, Any]:
    """The appraisal's totals over its years (or why it cannot be worked out)."""
    appraisal = appraisal_for(option)
    if isinstance(appraisal, str):
        return {"years": [option.first_year, option.last_year], "problem": appraisal}
    return {
        "years": [option.first_year, option.last_year],
        "status_quo_total": str(appraisal.status_quo_total),
        "option_total": str(appraisal.option_total),
        "difference_total": str(appraisal.difference_total),
        "present_value_total": str(appraisal.present_value_total),
    }


evidence_type_register(
    EvidenceType(
        key="finance.cost_of_care",
        label="A cost of care exercise",
        model=CostOfCareExercise,
        choices=lambda user: exercise_list(user=user).filter(organisation_id=user.organisation_id),
        title=lambda exercise: f"Cost of care: {exercise.title}",
        snapshot=exercise_snapshot,
    )
)
evidence_type_register(
    EvidenceType(
        key="finance.option",
        label="An options appraisal",
        model=OptionAppraisal,
        choices=lambda user: option_list(user=user),
        title=lambda option: f"Options appraisal: {option.title}",
        snapshot=option_snapshot,
    )
)
