"""The stages of a competitive flexible procedure (Procurement Act 2023 s.20): the council designs
them (conditions of participation, shortlisting, negotiation) and publishes them with the tender.
Suppliers ask to take part until the first stage closes; each stage is decided in turn once it has
closed, every supplier not taken further told why; only those taken through every stage send a
final, sealed tender, which is opened and evaluated like any other."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.services import audited_delete, audited_save
from commissioning.procurement.choices import Procedure, StageKind
from commissioning.procurement.models import Participant, Procurement, TenderStage
from commissioning.procurement.permissions import can_bid, can_change_procurement
from commissioning.procurement.services.tender import event_log, guarded, locked_current

__all__ = [
    "participation_request",
    "stage_create",
    "stage_decide",
    "stage_delete",
]


def _staged(by: User, procurement: Procurement) -> None:
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers design the procedure's stages")
    if procurement.procedure != Procedure.COMPETITIVE_FLEXIBLE:
        raise ValidationError("Only a competitive flexible procedure has stages")
    if procurement.is_published:
        raise ValidationError("The stages are fixed once the tender is published")


@guarded("stage added")
@transaction.atomic
def stage_create(
    *, by: User, procurement: Procurement, kind: str, title: str, description: str, closes_at: datetime.datetime
) -> TenderStage:
    """Add the next stage. Stages run in the order they are added, each closing after the last."""
    procurement = locked_current(procurement)  # not while it is being published, nor two at once
    _staged(by, procurement)
    if closes_at <= timezone.now():
        raise ValidationError({"closes_at": "A stage must close in the future"})
    last = procurement.stages.order_by("-number").first()
    if last is not None and closes_at <= last.closes_at:
        raise ValidationError(
            {"closes_at": f"Stage {last.number} closes {last.closes_at:%d %B %Y %H:%M}: close after it"}
        )
    if kind == StageKind.PARTICIPATION and last is not None:
        raise ValidationError({"kind": "Conditions of participation are the first stage, or none"})
    number = (procurement.stages.aggregate(n=Max("number"))["n"] or 0) + 1
    stage = TenderStage(
        procurement=procurement, number=number, kind=kind, title=title, description=description, closes_at=closes_at
    )
    return audited_save(instance=stage, by=by)


@guarded("stage taken out")
@transaction.atomic
def stage_delete(*, by: User, stage: TenderStage) -> None:
    """Take out the last stage (stages keep their order, so only the last can go)."""
    _staged(by, locked_current(stage.procurement))
    if stage.procurement.stages.filter(number__gt=stage.number).exists():
        raise ValidationError("Take out the later stages first")
    audited_delete(instance=stage, by=by)


@guarded("asked to take part")
@transaction.atomic
def participation_request(*, by: User, procurement: Procurement, statement: str) -> Participant:
    """A supplier asks to take part in a staged procedure, until its first stage closes."""
    procurement = locked_current(procurement)
    if not can_bid(by, procurement):
        raise PermissionDenied("Suppliers may ask to take part in a published tender")
    first = procurement.stages.order_by("number").first()
    if first is None:
        raise ValidationError("This tender has no stages: send a bid instead")
    if first.closed:
        raise ValidationError(f"Stage 1 closed {first.closes_at:%d %B %Y %H:%M}: no more suppliers can take part")
    if not statement.strip():
        raise ValidationError({"statement": "Say how your organisation meets the conditions of participation"})
    if procurement.participants.filter(supplier_id=by.organisation_id).exists():
        raise ValidationError("Your organisation is already taking part")
    participant = Participant(
        procurement=procurement, supplier_id=by.organisation_id, statement=statement, requested_by=by
    )
    participant = audited_save(instance=participant, by=by)
    event_log(procurement=procurement, by=by, action="asked to take part", detail=str(by.organisation))
    return participant


@guarded("stage decided")
@transaction.atomic
def stage_decide(*, by: User, stage: TenderStage, taken_forward: set[int], reasons: dict[int, str]) -> TenderStage:
    """Decide a closed stage: which suppliers still in go on (by organisation id), and why each of
    the others does not. Stages are decided in order, once each."""
    procurement = locked_current(stage.procurement)
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers decide a stage")
    stage = TenderStage.objects.select_for_update().get(pk=stage.pk)
    if stage.decided_at is not None:
        raise ValidationError(f"Stage {stage.number} is already decided")
    if not stage.closed:
        raise ValidationError(f"Stage {stage.number} is open until {stage.closes_at:%d %B %Y %H:%M}: decide it after")
    if procurement.stages.filter(number__lt=stage.number, decided_at__isnull=True).exists():
        raise ValidationError("Decide the earlier stages first")
    still_in = list(procurement.participants.filter(through_stage=stage.number - 1, out_at_stage__isnull=True))
    unknown = taken_forward - {p.supplier_id for p in still_in}
    if unknown:
        raise ValidationError("Only suppliers still taking part can be taken forward")
    missing = [
        str(p.supplier)
        for p in still_in
        if p.supplier_id not in taken_forward and not reasons.get(p.supplier_id, "").strip()
    ]
    if missing:
        raise ValidationError(f"Say why each supplier is not taken further: {', '.join(missing)}")
    for participant in still_in:
        if participant.supplier_id in taken_forward:
            participant.through_stage = stage.number
        else:
            participant.out_at_stage, participant.reason = stage.number, reasons[participant.supplier_id]
        audited_save(instance=participant, by=by)
    stage.decided_at, stage.decided_by = timezone.now(), by
    stage = audited_save(instance=stage, by=by)
    event_log(
        procurement=procurement,
        by=by,
        action="stage decided",
        detail=f"Stage {stage.number}: {len(taken_forward)} of {len(still_in)} taken forward",
    )
    return stage
