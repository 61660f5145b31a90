"""Who may do what with organisations and people. Predicates take the user first.

Row scoping (which records a user may see at all) lives in selectors; these predicates decide
actions on records the user can already see.
"""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import Role


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_administrator(user: Any) -> bool:
    return is_signed_in(user) and user.role == Role.ADMINISTRATOR


def can_manage_people(user: Any, _obj: Any = None) -> bool:
    """Create and edit organisations and user accounts."""
    return is_administrator(user)


def can_see_members(user: Any, organisation: Any) -> bool:
    """Names and roles of an organisation's people: administrators and colleagues only."""
    return is_administrator(user) or (is_signed_in(user) and user.organisation_id == organisation.pk)
