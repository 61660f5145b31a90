"""Dynamic markets (Procurement Act 2023, in place of the 2015 Regulations' dynamic purchasing
systems): a list of suppliers that meet the market's conditions for membership, open to join at
any time, from which contracts are awarded by competition among the members.

The council announces the market (its intention notice, UK13), sets it up (UK14), may change it
(UK15, though never its conditions for membership) and ends it (UK16). Suppliers apply; each is
admitted if it meets the conditions, however many members there are, and is removed if it becomes
an excluded supplier. Each competition is a procurement of its own, offered to the members only."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.services import audited_save
from commissioning.procurement.choices import MembershipStatus, NoticeKind, Procedure, ProcurementStatus
from commissioning.procurement.models import MarketMembership, Procurement
from commissioning.procurement.permissions import can_apply_to_market, can_change_procurement
from commissioning.procurement.services.notices import notice_publish_if_required
from commissioning.procurement.services.tender import conflicts_problems, event_log, guarded, locked_current

__all__ = [
    "market_announce",
    "market_cease",
    "market_change",
    "market_establish",
    "market_problems",
    "membership_apply",
    "membership_decide",
    "membership_remove",
]


def _buyer(by: User, market: Procurement, what: str) -> Procurement:
    if not can_change_procurement(by, market):
        raise PermissionDenied(f"Only the buyer's commissioning workers {what}")
    market = locked_current(market)
    if market.procedure != Procedure.DYNAMIC_MARKET:
        raise ValidationError("This procurement is not a dynamic market")
    return market


def market_problems(market: Procurement) -> list[str]:
    """What must be put right before the market is announced, in plain English."""
    problems = []
    if not market.membership_conditions.strip():
        problems.append("Set the conditions for membership: suppliers need them to know whether they can join")
    if market.market_ends_on is None:
        problems.append("Say until when the market is expected to run")
    elif market.market_ends_on <= timezone.localdate():
        problems.append("The market must run until a day still to come")
    return problems + conflicts_problems(market)


@guarded("dynamic market announced")
@transaction.atomic
def market_announce(*, by: User, procurement: Procurement) -> Procurement:
    """Publish the intention to set up the market: suppliers may apply from now on."""
    market = _buyer(by, procurement, "announce a dynamic market")
    if market.is_published or market.status != ProcurementStatus.PLANNING:
        raise ValidationError("The dynamic market is already announced")
    problems = market_problems(market)
    if problems:
        raise ValidationError(problems)
    market.is_published, market.status = True, ProcurementStatus.OPEN
    market = audited_save(instance=market, by=by)
    notice_publish_if_required(by=by, procurement=market, kind=NoticeKind.UK13)
    event_log(procurement=market, by=by, action="dynamic market announced", detail="Open to applications")
    return market


@guarded("dynamic market set up")
@transaction.atomic
def market_establish(*, by: User, procurement: Procurement) -> Procurement:
    """Set the market up: competitions may be held among its members from now on."""
    market = _buyer(by, procurement, "set up a dynamic market")
    if market.status != ProcurementStatus.OPEN:
        raise ValidationError(
            "Announce the dynamic market first" if not market.is_published else "The dynamic market is already set up"
        )
    market.status, market.established_at = ProcurementStatus.ESTABLISHED, timezone.now()
    market = audited_save(instance=market, by=by)
    notice_publish_if_required(by=by, procurement=market, kind=NoticeKind.UK14)
    members = market.memberships.filter(status=MembershipStatus.ADMITTED).count()
    event_log(procurement=market, by=by, action="dynamic market set up", detail=f"{members} members")
    return market


@guarded("dynamic market changed")
@transaction.atomic
def market_change(
    *,
    by: User,
    procurement: Procurement,
    summary: str,
    description: str | None = None,
    market_ends_on: datetime.date | None = None,
) -> Procurement:
    """Change a market in operation: what it is for, or how long it runs. Its conditions for
    membership stay as announced, so a member is never put out by a change of rules."""
    market = _buyer(by, procurement, "change a dynamic market")
    if market.status not in (ProcurementStatus.OPEN, ProcurementStatus.ESTABLISHED):
        raise ValidationError("Only a dynamic market announced and not ended can be changed")
    if not summary.strip():
        raise ValidationError({"summary": "Say what changed and why"})
    if market_ends_on is not None and market_ends_on <= timezone.localdate():
        raise ValidationError({"market_ends_on": "The market must run until a day still to come"})
    if description is not None and description.strip():
        market.description = description
    if market_ends_on is not None:
        market.market_ends_on = market_ends_on
    market = audited_save(instance=market, by=by)
    event_log(procurement=market, by=by, action="dynamic market changed", detail=summary)
    notice_publish_if_required(by=by, procurement=market, kind=NoticeKind.UK15)
    return market


@guarded("dynamic market ended")
@transaction.atomic
def market_cease(*, by: User, procurement: Procurement, reason: str) -> Procurement:
    """End the market. Competitions still taking bids are finished or terminated first."""
    market = _buyer(by, procurement, "end a dynamic market")
    if market.status not in (ProcurementStatus.OPEN, ProcurementStatus.ESTABLISHED):
        raise ValidationError("Only a dynamic market announced and not ended can be ended")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the market is ending"})
    running = market.call_offs.filter(status__in=[ProcurementStatus.PLANNING, ProcurementStatus.OPEN])
    if running.exists():
        names = ", ".join(str(p) for p in running)
        raise ValidationError(f"Finish or terminate the competitions being planned or taking bids first: {names}")
    market.status, market.terminated_at, market.termination_reason = ProcurementStatus.CEASED, timezone.now(), reason
    market = audited_save(instance=market, by=by)
    notice_publish_if_required(by=by, procurement=market, kind=NoticeKind.UK16)
    event_log(procurement=market, by=by, action="dynamic market ended", detail=reason)
    return market


# Membership ----------------------------------------------------------------------------------------


@guarded("applied to join the dynamic market")
@transaction.atomic
def membership_apply(*, by: User, procurement: Procurement, statement: str) -> MarketMembership:
    """A supplier asks to join, saying how it meets each condition for membership."""
    market = locked_current(procurement)
    if not can_apply_to_market(by, market):
        raise PermissionDenied("Suppliers may apply to join a dynamic market that is announced and not ended")
    if not statement.strip():
        raise ValidationError({"statement": "Say how your organisation meets each condition for membership"})
    live = market.memberships.filter(supplier_id=by.organisation_id, status__in=MembershipStatus.live()).first()
    if live is not None:
        raise ValidationError(
            "Your organisation is already a member"
            if live.status == MembershipStatus.ADMITTED
            else "Your organisation's application is awaiting a decision"
        )
    membership = MarketMembership(
        procurement=market, supplier_id=by.organisation_id, statement=statement, applied_by=by
    )
    membership = audited_save(instance=membership, by=by)
    event_log(procurement=market, by=by, action="applied to join the dynamic market", detail=str(by.organisation))
    return membership


def _membership_step(by: User, membership: MarketMembership, what: str) -> tuple[MarketMembership, Procurement]:
    market = _buyer(by, membership.procurement, what)
    if market.status == ProcurementStatus.CEASED:
        raise ValidationError("The dynamic market has ended")
    return MarketMembership.objects.select_for_update().get(pk=membership.pk), market


@guarded("membership decided")
@transaction.atomic
def membership_decide(*, by: User, membership: MarketMembership, admit: bool, reason: str = "") -> MarketMembership:
    """Admit a supplier that meets the conditions for membership and is not excluded; otherwise say
    which condition it does not meet (the supplier reads the reason)."""
    membership, market = _membership_step(by, membership, "decide on applications")
    if membership.status != MembershipStatus.APPLIED:
        raise ValidationError(f"This application is already decided: {membership.get_status_display().lower()}")
    if not admit and not reason.strip():
        raise ValidationError({"reason": "Say which condition for membership is not met, or that it is excluded"})
    membership.status = MembershipStatus.ADMITTED if admit else MembershipStatus.REFUSED
    membership.decided_by, membership.decided_at, membership.reason = by, timezone.now(), reason
    membership = audited_save(instance=membership, by=by)
    event_log(
        procurement=market,
        by=by,
        action="membership decided",
        detail=f"{membership.supplier}: {membership.get_status_display().lower()}",
    )
    return membership


@guarded("member removed")
@transaction.atomic
def membership_remove(*, by: User, membership: MarketMembership, reason: str) -> MarketMembership:
    """Take a member off the market (an excluded supplier must be). From now on it can neither see
    nor bid in the market's competitions; a bid it sent before is still opened with the rest, and
    the panel disregards it if the supplier is excluded (as the law requires of an excluded
    supplier's tender)."""
    membership, market = _membership_step(by, membership, "remove members")
    if membership.status != MembershipStatus.ADMITTED:
        raise ValidationError("Only a member can be removed")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the supplier is removed"})
    membership.status, membership.reason = MembershipStatus.REMOVED, reason
    membership.decided_by, membership.decided_at = by, timezone.now()
    membership = audited_save(instance=membership, by=by)
    event_log(procurement=market, by=by, action="member removed", detail=f"{membership.supplier}: {reason}")
    return membership
