"""Every write of plans: validated, atomic and audited, shared by the pages, the API and the CLI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_create
from commissioning.analytics.optimiser import ProblemError, optimise, problem_from_json
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import cycle_list
from commissioning.strategy.models import OptimiserRun


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
    if cycle is not None and not cycle_list(user=by).filter(pk=cycle.pk).exists():
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
