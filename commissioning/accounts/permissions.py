"""Who may do what with organisations and people. Predicates take the user first.

Row scoping (which records a user may see at all) lives in selectors; these predicates decide
actions on records the user can already see.

Administrators look after their own organisation's accounts and details, and those of the
organisations and people their organisation added (for example the providers in their market);
never another council's or ICB's. Operators (superusers) look after the whole installation.
"""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import Role
from commissioning.accounts.models import User


def is_signed_in(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_administrator(user: User) -> bool:
    return is_signed_in(user) and user.role == Role.ADMINISTRATOR


def is_operator(user: User) -> bool:
    """Runs the installation (Django superuser): every organisation and account."""
    return is_signed_in(user) and user.is_superuser


def can_manage_people(user: User, _obj: Any = None) -> bool:
    """Open the people pages and add organisations and accounts."""
    return is_administrator(user) or is_operator(user)


def manages_organisation(user: User, organisation: Any) -> bool:
    if is_operator(user):
        return True
    return is_administrator(user) and user.organisation_id in (organisation.pk, organisation.managed_by_id)


def can_manage_person(user: User, person: Any) -> bool:
    if is_operator(user):
        return True
    return is_administrator(user) and user.organisation_id in (person.organisation_id, person.managed_by_id)


def can_see_members(user: User, organisation: Any) -> bool:
    """Names and roles of an organisation's people: its administrators and colleagues only."""
    return manages_organisation(user, organisation) or (is_signed_in(user) and user.organisation_id == organisation.pk)


def is_commissioning_staff(user: User) -> bool:
    """Works for a council or ICB in a role that sees its commissioning work."""
    return is_signed_in(user) and user.is_commissioning_staff
