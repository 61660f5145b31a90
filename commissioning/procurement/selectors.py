"""Every read of procurements, already scoped to what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.procurement.choices import BidStatus, Procedure, ProcurementStatus
from commissioning.procurement.models import (
    Bid,
    Clarification,
    ConflictDeclaration,
    MarketMembership,
    Procurement,
    ProcurementEvent,
)
from commissioning.procurement.permissions import on_agreement


def procurement_list(*, user: User) -> QuerySet[Procurement]:
    return (
        Procurement.objects.visible_to(user)
        .select_related("cycle", "lead_officer")
        .annotate(lot_count=Count("lots", distinct=True))
    )


def procurement_get(*, user: User, pk: Any) -> Procurement:
    found = Procurement.objects.visible_to(user).select_related("cycle", "lead_officer", "planned", "service_design")
    try:
        return found.get(pk=pk)
    except (Procurement.DoesNotExist, ValueError, TypeError):
        raise Http404("No such procurement") from None


def opportunity_list(*, user: User | None = None) -> QuerySet[Procurement]:
    """Tenders taking bids now and dynamic markets open to join, for the public; for a supplier,
    also the call-offs and competitions under the frameworks and markets it is on."""
    taking_bids = Q(status=ProcurementStatus.OPEN, deadline__gt=timezone.now())
    open_market = Q(
        procedure=Procedure.DYNAMIC_MARKET, status__in=[ProcurementStatus.OPEN, ProcurementStatus.ESTABLISHED]
    )
    return (
        Procurement.objects.filter(is_published=True)
        .filter(taking_bids | open_market)
        .filter(Procurement.offered_to(user))
        .select_related("organisation")
        .annotate(lot_count=Count("lots"))
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def opportunity_get(*, pk: Any, user: User | None = None) -> Procurement:
    """A published tender, for anyone; a call-off only for its framework's suppliers."""
    try:
        found = Procurement.objects.select_related("organisation", "framework").get(pk=pk, is_published=True)
    except (Procurement.DoesNotExist, ValueError, TypeError):
        raise Http404("No such tender") from None
    if found.framework_id is not None and (user is None or not on_agreement(user, found)):
        raise Http404("No such tender")
    return found


def published_clarifications(procurement: Procurement) -> QuerySet[Clarification]:
    """Questions and answers every bidder sees; who asked is never part of them."""
    return (
        procurement.clarifications.filter(answered_at__isnull=False).select_related("lot").order_by("answered_at", "pk")
    )


def clarification_list(*, user: User, procurement: Procurement) -> QuerySet[Clarification]:
    return Clarification.objects.visible_to(user).filter(procurement=procurement).select_related("lot", "asked_by")


def clarification_get(*, user: User, pk: Any) -> Clarification:
    try:
        return Clarification.objects.visible_to(user).select_related("procurement").get(pk=pk)
    except (Clarification.DoesNotExist, ValueError, TypeError):
        raise Http404("No such question") from None


def own_bid_list(*, user: User, procurement: Procurement) -> QuerySet[Bid]:
    """The bidder's own bids for the tender, newest first: receipts, withdrawn and replaced too."""
    return (
        Bid.objects.visible_to(user)
        .filter(procurement=procurement, organisation_id=user.organisation_id)
        .select_related("lot")
        .order_by("-created_at")
    )


def bid_get(*, user: User, pk: Any) -> Bid:
    try:
        return (
            Bid.objects.visible_to(user).select_related("procurement", "lot", "organisation", "submitted_by").get(pk=pk)
        )
    except (Bid.DoesNotExist, ValueError, TypeError):
        raise Http404("No such bid") from None


def opened_bid_list(*, user: User, procurement: Procurement) -> QuerySet[Bid]:
    return (
        Bid.objects.visible_to(user)
        .filter(procurement=procurement, status=BidStatus.OPENED)
        .select_related("lot", "organisation")
    )


def bids_received(procurement: Procurement) -> int:
    """How many live sealed bids there are: the buyer may know how many, not whose or what."""
    return procurement.bids.filter(status=BidStatus.SUBMITTED).count()


def latest_declarations(procurement: Procurement) -> dict[int, ConflictDeclaration]:
    latest: dict[int, ConflictDeclaration] = {}
    for declaration in procurement.declarations.select_related("person").order_by("created_at", "pk"):
        latest[declaration.person_id] = declaration
    return latest


def event_list(procurement: Procurement) -> QuerySet[ProcurementEvent]:
    return procurement.events.select_related("by")


def plan_lines_for(*, user: User) -> Q:
    """Lines of purchasing plans the user's team may start a procurement from."""
    return Q(plan__cycle__lead_organisation_id=user.organisation_id) | Q(
        plan__cycle__partner_organisations=user.organisation_id
    )


def membership_list(*, user: User, procurement: Procurement) -> QuerySet[MarketMembership]:
    """Applications to a dynamic market: all of them for the buyer's staff, a supplier's own for it."""
    return (
        MarketMembership.objects.visible_to(user)
        .filter(procurement=procurement)
        .select_related("supplier", "decided_by")
        .order_by("-applied_at", "-pk")
    )
