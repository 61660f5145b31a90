"""Notices: which the record requires (by its regime, procedure and value), which the council may
choose to publish, and publishing one, with its OCDS release built from the record there and then."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.procurement import ocds, rules
from commissioning.procurement.choices import NoticeKind, Procedure, ProcurementStatus, Regime
from commissioning.procurement.models import Award, Notice, Procurement
from commissioning.procurement.permissions import can_change_procurement

__all__ = ["NoticeNeed", "notice_needs", "notice_publish", "notice_publish_if_required", "notice_required"]

REQUIRED, OPTIONAL, NOT_NEEDED = "required", "optional", "not needed"
# Published by the steps of a dynamic market's life, each when it happens.
MARKET_NOTICES = {
    NoticeKind.UK13: "When the market is announced: suppliers may apply from then on",
    NoticeKind.UK14: "When the market is set up",
    NoticeKind.UK15: "Each time the market is changed",
    NoticeKind.UK16: "When the market ends",
}


@dataclass(frozen=True)
class NoticeNeed:
    kind: str
    label: str
    need: str  # required, optional or not needed
    reason: str
    published: list[Notice]


def _below_threshold_notices_due(procurement: Procurement) -> bool:
    """Below threshold, the Act's notices are due for contracts of at least £30,000 with VAT."""
    threshold = rules.threshold_on("below_threshold_notice_sub_central", procurement.commenced_on)
    return procurement.value_gross >= threshold.amount_gross


def notice_required(procurement: Procurement, kind: str) -> tuple[str, str]:
    """Whether `kind` is required, optional or not needed for this procurement, and why."""
    regime, procedure = procurement.regime, procurement.procedure
    if kind in NoticeKind.optional():
        return OPTIONAL, "The council may publish it, to tell the market early"
    if regime in (Regime.PCR2015, Regime.PSR):
        return NOT_NEEDED, f"Runs under the {procurement.get_regime_display()}: its own notices apply, not the Act's"
    user_choice = procedure == Procedure.USER_CHOICE
    below = regime == Regime.BELOW_THRESHOLD
    if kind in MARKET_NOTICES:
        if procedure != Procedure.DYNAMIC_MARKET:
            return NOT_NEEDED, "Only for a dynamic market"
        return REQUIRED, MARKET_NOTICES[kind]
    if procedure == Procedure.DYNAMIC_MARKET:
        return NOT_NEEDED, "A dynamic market awards no contract itself: each competition among its members does"
    if kind == NoticeKind.UK4:
        if not procurement.is_competitive:
            return NOT_NEEDED, "Not for this procedure"
        if procedure == Procedure.FRAMEWORK_CALL_OFF:
            return NOT_NEEDED, "A call-off's competition is among the agreement's suppliers: no tender notice"
        if below and not _below_threshold_notices_due(procurement):
            return NOT_NEEDED, "Below £30,000 including VAT"
        return REQUIRED, "Invites tenders" + (" (below threshold, advertised)" if below else "")
    if kind == NoticeKind.UK5:
        if procedure != Procedure.DIRECT_AWARD or below:
            return NOT_NEEDED, "Only for a direct award above threshold (not an individual's choice of provider)"
        return REQUIRED, "A direct award: the transparency notice comes before the award"
    if kind == NoticeKind.UK6:
        if user_choice:
            return NOT_NEEDED, "An individual's choice of provider needs no award notice (section 50(6)(b))"
        if below:
            return NOT_NEEDED, "Below threshold: no award notice, only the contract details notice"
        return REQUIRED, "Starts the standstill, where one applies"
    if kind == NoticeKind.UK7:
        if user_choice:
            return NOT_NEEDED, "An individual's choice of provider needs no contract details notice (section 53(6)(b))"
        if below and not _below_threshold_notices_due(procurement):
            return NOT_NEEDED, "Below £30,000 including VAT"
        days = 120 if procurement.light_touch else 30
        return REQUIRED, f"Within {days} days of the contract being signed"
    if kind == NoticeKind.UK12:
        if procurement.status != ProcurementStatus.TERMINATED:
            return NOT_NEEDED, "Only when a procurement ends without an award"
        if not procurement.notices.filter(kind__in=[NoticeKind.UK3, NoticeKind.UK4, NoticeKind.UK5]).exists():
            return NOT_NEEDED, "No tender or transparency notice was published"
        return REQUIRED, "Tells the market the procurement has ended without an award"
    return NOT_NEEDED, ""


def notice_needs(procurement: Procurement) -> list[NoticeNeed]:
    published: dict[str, list[Notice]] = {}
    for notice in procurement.notices.all():
        published.setdefault(notice.kind, []).append(notice)
    needs = []
    for kind, label in NoticeKind.choices:
        need, reason = notice_required(procurement, kind)
        needs.append(NoticeNeed(kind, label, need, reason, published.get(kind, [])))
    return needs


def _number(procurement: Procurement, kind: str) -> str:
    count = procurement.notices.filter(kind=kind).count() + 1
    return f"{procurement.organisation_id}-{procurement.reference}-{kind}" + (f"-{count}" if count > 1 else "")


@transaction.atomic
def notice_publish(*, by: User | None, procurement: Procurement, kind: str, award: Award | None = None) -> Notice:
    """Publish a notice: its OCDS release is built from the record now and kept with it."""
    if by is not None and not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers publish its notices")
    need, reason = notice_required(procurement, kind)
    if need == NOT_NEEDED:
        raise ValidationError(f"A {NoticeKind(kind).label.lower()} is not for this procurement: {reason}")
    if kind in NoticeKind.optional() and procurement.is_published:
        raise ValidationError("Planning notices come before the tender is published")
    if kind == NoticeKind.UK5 and (procurement.notices.filter(kind=kind).exists() or procurement.awards.exists()):
        raise ValidationError("The transparency notice is published once, before the direct award")
    notice = Notice.objects.create(
        procurement=procurement, kind=kind, number=_number(procurement, kind), published_by=by, award=award, release={}
    )
    notice.release = ocds.release_for(notice)
    notice.save(update_fields=["release"])
    return notice


def notice_publish_if_required(
    *, by: User | None, procurement: Procurement, kind: str, award: Award | None = None
) -> Notice | None:
    """The notice a step of the procurement calls for, when the record requires it."""
    need, _ = notice_required(procurement, kind)
    if need != REQUIRED:
        return None
    return notice_publish(by=by, procurement=procurement, kind=kind, award=award)
