"""Who may see and change resources. A council's or ICB's budgets, spend, unit costs, models and
appraisals are its own staff's (councillors read them for scrutiny). Providers see only their own
cost of care survey returns, and published exercises. Published benchmarks are for everyone."""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import Role
from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_operator, is_signed_in
from commissioning.cycles.permissions import WORK_ROLES


def can_view_finance(user: User, _obj: Any = None) -> bool:
    return is_signed_in(user) and user.is_commissioning_staff


def can_manage_finance(user: User, _obj: Any = None) -> bool:
    return can_view_finance(user) and user.role in WORK_ROLES


def owns(user: User, record: Any) -> bool:
    return can_manage_finance(user) and record.belongs_to_organisation_of(user)


def can_change_unit_cost(user: User, unit_cost: Any) -> bool:
    if unit_cost.organisation_id is None:
        return is_operator(user)
    return owns(user, unit_cost)


def can_view_exercises(user: User, _obj: Any = None) -> bool:
    """Staff see their organisation's; providers see published ones and answer open ones."""
    return can_view_finance(user) or is_provider_user(user)


def is_provider_user(user: User) -> bool:
    return is_signed_in(user) and user.role == Role.PROVIDER_USER and user.organisation_id is not None


def can_submit_return(user: User, exercise: Any) -> bool:
    return is_provider_user(user) and exercise.is_open and hasattr(user.organisation, "provider_record")


def can_change_exercise(user: User, exercise: Any) -> bool:
    return owns(user, exercise) and not exercise.is_published


def owns_exercise(user: User, exercise: Any) -> bool:
    """Staff of the organisation that ran the exercise (they see every return)."""
    return can_view_finance(user) and exercise.belongs_to_organisation_of(user)
