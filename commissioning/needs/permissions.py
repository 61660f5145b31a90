"""Who may do what with needs evidence. Population and published rates are public information:
anyone signed in may read them. Councils add local rates and scenarios for their own use."""

from __future__ import annotations

from typing import Any

from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_administrator, is_operator, is_signed_in
from commissioning.cycles.permissions import WORK_ROLES


def can_view_needs(user: User) -> bool:
    return is_signed_in(user)


def can_add_local_evidence(user: User) -> bool:
    """Add local rate sets and scenarios (for the user's own organisation)."""
    return is_signed_in(user) and user.is_commissioning_staff and user.role in WORK_ROLES


def can_change_rate_set(user: User, rate_set: Any) -> bool:
    """Local sets by their own organisation; the published national sets by operators only."""
    if not rate_set.is_local:
        return is_operator(user)
    return can_add_local_evidence(user) and rate_set.belongs_to_organisation_of(user)


def can_change_scenario(user: User, scenario: Any) -> bool:
    return can_add_local_evidence(user) and scenario.belongs_to_organisation_of(user)


def can_import_population(user: User) -> bool:
    return is_administrator(user) or is_operator(user)


def can_save_forecast(user: User) -> bool:
    return can_add_local_evidence(user)
