"""Who may see and do what with care for individuals.

Person-level records are seen by the fewest people who need them: the council's social workers,
who arrange care, and its commissioning workers (commissioners, contracts officers and
administrators), who plan and pay for it. Councillors and the public see only counts and totals.
A provider's people see the packages it gives, and never another provider's."""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import Role
from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_signed_in
from commissioning.cycles.permissions import WORK_ROLES

CARE_ROLES = (*WORK_ROLES, Role.SOCIAL_WORKER)


def can_view_care(user: User, _obj: Any = None) -> bool:
    """The council's people who arrange or commission care."""
    return is_signed_in(user) and user.is_commissioning_staff and user.role in CARE_ROLES


def can_arrange_care(user: User, _obj: Any = None) -> bool:
    """Arranging, changing and ending packages, budgets and direct payments for the council."""
    return can_view_care(user)


def can_manage_disruption(user: User, _obj: Any = None) -> bool:
    """Ending a service or activating a provider's contingency plan: the commissioning workers."""
    return can_view_care(user) and user.role in WORK_ROLES


def is_provider(user: User, _obj: Any = None) -> bool:
    """Acts for a provider: sees the packages it gives."""
    return is_signed_in(user) and user.role == Role.PROVIDER_USER and user.organisation_id is not None


def can_open_package(user: User, _obj: Any = None) -> bool:
    return can_view_care(user) or is_provider(user)


def can_import_packages(user: User, _obj: Any = None) -> bool:
    return can_view_care(user) and user.role in WORK_ROLES
