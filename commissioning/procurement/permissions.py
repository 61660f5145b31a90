"""Who may see and do what in a procurement.

The buying organisation's commissioning staff see its procurements and run them; those who do the
commissioning work change them. Providers see a tender once it is published, ask questions and
bid; they see only their own bids, questions and assessment summaries. Nobody reads a bid before
opening, and opening needs two officers (see sealing.py): these predicates decide who may try.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from commissioning.accounts.choices import Role
from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_signed_in
from commissioning.cycles.permissions import WORK_ROLES


def can_view_procurements(user: User, _obj: Any = None) -> bool:
    """The procurement pages: the buyer's commissioning staff (councillors read them too)."""
    return is_signed_in(user) and user.is_commissioning_staff


def can_run_procurements(user: User, _obj: Any = None) -> bool:
    return can_view_procurements(user) and user.role in WORK_ROLES


def is_bidder(user: User, _obj: Any = None) -> bool:
    """Acts for a provider or voluntary group: sees published opportunities and bids for them."""
    return is_signed_in(user) and user.role == Role.PROVIDER_USER and user.organisation_id is not None


def is_buyer_staff(user: User, procurement: Any) -> bool:
    return can_view_procurements(user) and user.organisation_id == procurement.organisation_id


def can_change_procurement(user: User, procurement: Any) -> bool:
    """The buying organisation's commissioning workers."""
    return can_run_procurements(user) and user.organisation_id == procurement.organisation_id


def can_change_part(user: User, part: Any) -> bool:
    """A lot, question, panel place or clarification: whoever may change its procurement."""
    return can_change_procurement(user, part.procurement)


def can_bid(user: User, procurement: Any) -> bool:
    """A published tender; a call-off only for the suppliers on its framework or dynamic market."""
    return is_bidder(user) and procurement.is_published and on_agreement(user, procurement)


def on_agreement(user: User, procurement: Any) -> bool:
    """Whether the supplier may take part: anyone in an advertised tender; in a call-off, the
    framework's suppliers (a signed award); in a dynamic market's competition, its members."""
    if procurement.framework_id is None:
        return True
    agreement = procurement.framework
    return agreement.awards.filter(supplier_id=user.organisation_id, status="signed").exists() or (
        agreement.memberships.filter(supplier_id=user.organisation_id, status="admitted").exists()
    )


def can_apply_to_market(user: User, procurement: Any) -> bool:
    """A supplier may ask to join a dynamic market announced and not ended."""
    return (
        is_bidder(user)
        and procurement.procedure == "dynamic_market"
        and procurement.is_published
        and procurement.status in ("open", "established")
        and (procurement.market_ends_on is None or procurement.market_ends_on >= timezone.localdate())
    )


def can_hold_opening_key(user: User, _obj: Any = None) -> bool:
    """Opening officers are the buyer's own staff: any commissioning worker may set up a key."""
    return can_run_procurements(user)
