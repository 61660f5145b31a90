"""Who may see and do what with contracts.

A council's or ICB's contracts are its commissioning staff's (councillors read them for scrutiny);
those who do the commissioning work (commissioners, contracts officers, administrators) record
and change them. A provider's people see the contracts their organisation holds, with their
service levels, variations and documents, and never another provider's.
"""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import Role
from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_signed_in
from commissioning.cycles.permissions import WORK_ROLES


def can_view_contracts(user: User, _obj: Any = None) -> bool:
    """The register: the buyer's commissioning staff."""
    return is_signed_in(user) and user.is_commissioning_staff


def can_manage_contracts(user: User, _obj: Any = None) -> bool:
    return can_view_contracts(user) and user.role in WORK_ROLES


def is_provider(user: User, _obj: Any = None) -> bool:
    """Acts for a provider or voluntary group: sees the contracts it holds."""
    return is_signed_in(user) and user.role == Role.PROVIDER_USER and user.organisation_id is not None


def can_open_contract(user: User, _contract: Any = None) -> bool:
    """A contract's page: whoever the selector lets reach it (the buyer's staff, the provider)."""
    return can_view_contracts(user) or is_provider(user)


def is_buyer_staff(user: User, contract: Any) -> bool:
    return can_view_contracts(user) and user.organisation_id == contract.organisation_id


def can_change_contract(user: User, contract: Any) -> bool:
    """The buying organisation's commissioning workers."""
    return can_manage_contracts(user) and user.organisation_id == contract.organisation_id


def can_change_part(user: User, part: Any) -> bool:
    return can_change_contract(user, part.contract)


def can_call_off(user: User, contract: Any) -> bool:
    """Calling off a block for someone's care: the council's commissioning workers and its social
    workers, who arrange care for individuals."""
    return (
        is_signed_in(user)
        and user.role in (*WORK_ROLES, Role.SOCIAL_WORKER)
        and user.organisation_id == contract.organisation_id
    )


def can_decide_call_off(user: User, call_off: Any) -> bool:
    """Accepting or declining a call-off: the people of the provider holding the contract."""
    return is_provider(user) and call_off.contract.provider.organisation_id == user.organisation_id


def can_broker(user: User, _obj: Any = None) -> bool:
    """Finding a provider for someone's care: the council's social workers and commissioning workers."""
    return can_view_contracts(user) and user.role in (*WORK_ROLES, Role.SOCIAL_WORKER)
