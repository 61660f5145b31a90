"""Every write of plans: validated, atomic and audited, shared by the pages, the API and the CLI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_create
from commissioning.analytics.optimiser import ProblemError, optimise, problem_from_json
from commissioning.core.services import model_update
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy.models import OptimiserRun, Risk
from commissioning.strategy.permissions import can_change_risks


def optimiser_solve(inputs: Any) -> dict[str, Any]:
    """The optimiser's result for `inputs` (the documented JSON), or a ValidationError on `inputs`
    listing every problem in them, each naming its field. Saves nothing (the command line's
    `commissioning optimise FILE` uses it on its own)."""
    try:
        problem = problem_from_json(inputs)
    except ProblemError as error:
        raise ValidationError({"inputs": error.problems}) from error
    return optimise(problem).as_json()


@transaction.atomic
def optimiser_run_create(
    *, by: User, title: str, inputs: Any, cycle: CommissioningCycle | None = None, is_demo: bool = False
) -> OptimiserRun:
    """Run the optimiser on `inputs` and keep the run, with its result, for `by`'s organisation."""
    if cycle is not None and not team_cycle_list(by).filter(pk=cycle.pk).exists():
        raise ValidationError({"cycle": "Choose one of your organisation's cycles"})
    result = optimiser_solve(inputs)
    return owned_create(
        OptimiserRun,
        by=by,
        title=title,
        cycle=cycle,
        inputs=inputs,
        result=result,
        feasible=result["feasible"],
        is_demo=is_demo,
    )


@transaction.atomic
def risk_create(*, by: User, cycle: CommissioningCycle, **fields: Any) -> Risk:
    """Add a risk to a cycle's register (the cycle must be the person's team's)."""
    if not can_change_risks(by, cycle):
        raise ValidationError({"cycle": "Choose one of your team's cycles"})
    _check_owner(cycle, fields.get("mitigation_owner"))
    return owned_create(Risk, by=by, cycle=cycle, **fields)


def risk_update(*, risk: Risk, by: User, **fields: Any) -> Risk:
    """Change a risk: its scores, mitigation, review date or status (history keeps each change)."""
    fields.pop("cycle", None)  # a risk stays in its cycle's register
    _check_owner(risk.cycle, fields.get("mitigation_owner"))
    return model_update(instance=risk, fields=fields, by=by)[0]


def _check_owner(cycle: CommissioningCycle, person: User | None) -> None:
    """Whoever mitigates a risk works for the cycle's lead or a partner organisation."""
    if person is None:
        return
    team = {cycle.lead_organisation_id, *cycle.partner_organisations.values_list("pk", flat=True)}
    if person.organisation_id not in team or not person.is_active:
        raise ValidationError(
            {"mitigation_owner": "Choose someone who works for the cycle's lead or partner organisations"}
        )
