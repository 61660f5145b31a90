"""Every read of plans, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from commissioning.accounts.models import User
from commissioning.strategy.models import OptimiserRun


def optimiser_run_list(*, user: User) -> QuerySet[OptimiserRun]:
    return OptimiserRun.objects.visible_to(user).select_related("cycle", "organisation")


def optimiser_run_get(*, user: User, pk: int) -> OptimiserRun:
    return get_object_or_404(optimiser_run_list(user=user), pk=pk)
