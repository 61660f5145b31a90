"""Who may see and do what in the market. Predicates take the user, then the record.

The register (CQC's public data plus what the council adds) is open to council and ICB staff.
A provider's people see only their own provider: its details, locations, ratings and capacity
returns, never another provider's. The relationship log, concerns, risk and contingency plans
are the commissioning team's, per organisation. Published market position statements are
public.
"""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import Role
from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_administrator, is_operator, is_signed_in
from commissioning.cycles.permissions import WORK_ROLES


def is_market_staff(user: User) -> bool:
    """Council and ICB staff (councillors included, read-only) see the whole register."""
    return is_signed_in(user) and user.is_commissioning_staff


def is_provider_user(user: User) -> bool:
    return is_signed_in(user) and user.role == Role.PROVIDER_USER and user.organisation_id is not None


def acts_for(user: User, provider: Any) -> bool:
    return is_provider_user(user) and provider.organisation_id == user.organisation_id


def can_view_market(user: User, _obj: Any = None) -> bool:
    return is_market_staff(user) or is_operator(user) or is_provider_user(user)


def can_view_register(user: User, _obj: Any = None) -> bool:
    """The directory, map and market analysis across providers."""
    return is_market_staff(user) or is_operator(user)


def can_view_provider(user: User, provider: Any) -> bool:
    return can_view_register(user) or acts_for(user, provider)


def can_view_internal(user: User, _obj: Any = None) -> bool:
    """Risk, concerns, relationship log, plans and forums (the user's organisation's)."""
    return is_market_staff(user)


def can_manage_market(user: User, _obj: Any = None) -> bool:
    """Record concerns, contacts, forums, plans and statements; set market facts."""
    return is_market_staff(user) and user.role in WORK_ROLES


def can_change_record(user: User, record: Any) -> bool:
    """A concern, plan, contact or forum belongs to the organisation that recorded it."""
    return can_manage_market(user) and record.belongs_to_organisation_of(user)


def can_import_cqc(user: User, _obj: Any = None) -> bool:
    """CQC files change the shared register (and which locations a provider's people reach)."""
    return is_administrator(user) or is_operator(user)


def can_import_capacity(user: User, _obj: Any = None) -> bool:
    """Providers upload their own capacity returns; operators may upload anyone's."""
    return is_provider_user(user) or is_operator(user)


def can_link_provider(user: User, provider: Any) -> bool:
    """Say which organisation's people act for a provider: operators, and administrators of the
    council that looks after that organisation's accounts."""
    return is_operator(user) or (is_administrator(user) and user.is_commissioning_staff)


def can_update_own_details(user: User, provider: Any) -> bool:
    return acts_for(user, provider)


def can_submit_capacity(user: User, location: Any) -> bool:
    """A provider's people enter their own returns; operators may correct any."""
    return acts_for(user, location.provider) or is_operator(user)


def can_view_capacity(user: User, location: Any) -> bool:
    return can_view_register(user) or acts_for(user, location.provider)


def can_change_statement(user: User, statement: Any) -> bool:
    return can_change_record(user, statement) and not statement.is_published


def can_confirm_closure(user: User, event: Any) -> bool:
    """Say whether a location missing from CQC's active list has closed: the commissioning team
    (or administrators) of the council it is in, and operators; once per event."""
    if not getattr(event, "awaits_confirmation", False):
        return False
    if is_operator(user):
        return True
    location = event.location
    team = can_manage_market(user) or (is_administrator(user) and is_market_staff(user))
    organisation = getattr(user, "organisation", None)
    return bool(team and organisation and location and organisation.area_id == location.local_authority_id)
