"""Tender set-up, publishing, sealed bids and their opening. A refused attempt at one of the guarded
acts (a late bid, opening alone, a second opening) is written to the procurement's log whatever the
entry point."""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import io
import json
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_create, owned_save
from commissioning.analytics.evaluation import question_weights_problem, weights_problem
from commissioning.core import limits
from commissioning.core.services import audited_delete, audited_save, model_update
from commissioning.cycles.selectors import team_cycle_list
from commissioning.cycles.services.documents import document_checked
from commissioning.procurement import sealing
from commissioning.procurement.choices import (
    BidStatus,
    InvolvementRole,
    NoticeKind,
    Procedure,
    ProcurementStatus,
    QuestionSection,
)
from commissioning.procurement.models import (
    Bid,
    Clarification,
    ConflictDeclaration,
    ConflictsAssessment,
    KeyShare,
    Lot,
    OpeningKey,
    OpeningOfficer,
    OpeningStep,
    PanelMember,
    Procurement,
    ProcurementEvent,
    QualityQuestion,
    TenderAmendment,
)
from commissioning.procurement.permissions import (
    can_bid,
    can_change_procurement,
    can_hold_opening_key,
    can_run_procurements,
    is_bidder,
    on_agreement,
)
from commissioning.procurement.services.notices import notice_publish_if_required

P = ParamSpec("P")
R = TypeVar("R")

# What a bid's documents may add up to: a tender's method statements, policies and accounts.
BID_DOCUMENTS_LIMIT = 100 * 1024 * 1024
BID_DOCUMENTS_MAX = 20


def event_log(
    *, procurement: Procurement | None, by: User | None, action: str, refused: bool = False, detail: str = ""
) -> None:
    ProcurementEvent.objects.create(
        procurement=procurement,
        by=by if getattr(by, "pk", None) else None,
        action=action,
        refused=refused,
        detail=detail[:2000],
    )


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error) or error.__class__.__name__


def guarded(action: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Log the act, or the refusal and its reason, to the procurement's log. The refusal is
    written after the refused change is rolled back, so it is kept and nothing else is."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            procurement = kwargs.get("procurement")
            for part in ("bid", "award", "clarification", "membership", "stage"):
                if procurement is None and kwargs.get(part) is not None:
                    procurement = kwargs[part].procurement
            try:
                result = function(*args, **kwargs)
            except (ValidationError, PermissionDenied, sealing.SealingError) as error:
                event_log(
                    procurement=procurement, by=kwargs.get("by"), action=action, refused=True, detail=_message(error)
                )
                raise
            return result

        return wrapper

    return decorate


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Procurements -------------------------------------------------------------------------------------


def _next_reference(organisation_id: int, commenced_on: datetime.date) -> str:
    prefix = f"PROC-{commenced_on.year}-"
    taken = Procurement.objects.filter(organisation_id=organisation_id, reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


@transaction.atomic
def procurement_create(*, by: User, is_demo: bool = False, **fields: Any) -> Procurement:
    """Start a procurement for `by`'s organisation; its regime is worked out from its dates, value
    and services. From a line of the purchasing plan, its title, value and service carry over
    unless given."""
    _require(can_run_procurements(by), "Only those who do the commissioning work start procurements")
    planned = fields.get("planned")
    if planned is not None:
        if not team_cycle_list(by).filter(pk=planned.plan.cycle_id).exists():
            raise ValidationError({"planned": "Choose a line of one of your team's purchasing plans"})
        fields.setdefault("cycle", planned.plan.cycle)
        fields.setdefault("title", planned.title)
        fields.setdefault("service_type", planned.service_type)
        fields.setdefault("estimated_value", planned.value)
        fields.setdefault("vat_rate", planned.vat_rate)
        fields.setdefault("service_design", planned.design)
    cycle = fields.get("cycle")
    if cycle is not None and not team_cycle_list(by).filter(pk=cycle.pk).exists():
        raise ValidationError({"cycle": "Choose one of your team's cycles"})
    design = fields.get("service_design")
    if design is not None and design.organisation_id != by.organisation_id:
        raise ValidationError({"service_design": "Choose one of your organisation's service designs"})
    if design is not None and not fields.get("specification"):
        fields["specification"] = design.specification
    fields.setdefault("lead_officer", by)
    fields.setdefault("commenced_on", timezone.localdate())
    procurement = Procurement(
        organisation=by.organisation,
        reference=_next_reference(by.organisation_id, fields["commenced_on"]),
        is_demo=is_demo,
        **fields,
    )
    procurement = owned_save(record=procurement, by=by)
    event_log(procurement=procurement, by=by, action="started", detail=procurement.regime_reason)
    return procurement


def _check_not_published(procurement: Procurement, what: str) -> None:
    if procurement.is_published:
        raise ValidationError(f"The tender is published: {what} can no longer change. Make an amendment instead.")


@transaction.atomic
def procurement_update(*, by: User, procurement: Procurement, **fields: Any) -> Procurement:
    _require(can_change_procurement(by, procurement), "Only the buyer's commissioning workers change a procurement")
    _check_not_published(procurement, "its terms")
    if procurement.status != ProcurementStatus.PLANNING:
        raise ValidationError(
            f"This procurement is {procurement.get_status_display().lower()}: it can no longer change"
        )
    procurement, _ = model_update(instance=procurement, fields=fields, by=by)
    return procurement


def _part_check(by: User, procurement: Procurement) -> None:
    _require(can_change_procurement(by, procurement), "Only the buyer's commissioning workers change a procurement")
    _check_not_published(procurement, "its lots, questions and people")


@transaction.atomic
def lot_create(*, by: User, procurement: Procurement, **fields: Any) -> Lot:
    _part_check(by, procurement)
    if not procurement.is_competitive:
        raise ValidationError(f"A {procurement.get_procedure_display().lower()} has no lots: it is not bid for")
    number = (procurement.lots.aggregate(n=Max("number"))["n"] or 0) + 1
    return audited_save(instance=Lot(procurement=procurement, number=number, **fields), by=by)


@transaction.atomic
def lot_update(*, by: User, lot: Lot, **fields: Any) -> Lot:
    _part_check(by, lot.procurement)
    lot, _ = model_update(instance=lot, fields=fields, by=by)
    return lot


@transaction.atomic
def lot_delete(*, by: User, lot: Lot) -> None:
    _part_check(by, lot.procurement)
    audited_delete(instance=lot, by=by)


@transaction.atomic
def question_create(*, by: User, procurement: Procurement, **fields: Any) -> QualityQuestion:
    _part_check(by, procurement)
    lot = fields.get("lot")
    if lot is not None and lot.procurement_id != procurement.pk:
        raise ValidationError({"lot": "Choose one of this tender's lots"})
    number = (procurement.questions.aggregate(n=Max("number"))["n"] or 0) + 1
    return audited_save(instance=QualityQuestion(procurement=procurement, number=number, **fields), by=by)


@transaction.atomic
def question_update(*, by: User, question: QualityQuestion, **fields: Any) -> QualityQuestion:
    _part_check(by, question.procurement)
    question, _ = model_update(instance=question, fields=fields, by=by)
    return question


@transaction.atomic
def question_delete(*, by: User, question: QualityQuestion) -> None:
    _part_check(by, question.procurement)
    audited_delete(instance=question, by=by)


def _staff_of(procurement: Procurement, person: User) -> None:
    if person.organisation_id != procurement.organisation_id or not person.is_commissioning_staff:
        raise ValidationError({"person": "Choose a member of the buying organisation's commissioning staff"})


@transaction.atomic
def panel_member_add(*, by: User, procurement: Procurement, person: User, role: str) -> PanelMember:
    _part_check(by, procurement)
    _staff_of(procurement, person)
    if procurement.panel.filter(person=person).exists():
        raise ValidationError({"person": f"{person} is already on the panel"})
    return audited_save(instance=PanelMember(procurement=procurement, person=person, role=role), by=by)


@transaction.atomic
def panel_member_remove(*, by: User, member: PanelMember) -> None:
    _part_check(by, member.procurement)
    audited_delete(instance=member, by=by)


@transaction.atomic
def opening_officer_add(*, by: User, procurement: Procurement, person: User) -> OpeningOfficer:
    _part_check(by, procurement)
    _staff_of(procurement, person)
    if procurement.opening_officers.filter(person=person).exists():
        raise ValidationError({"person": f"{person} is already an opening officer"})
    return audited_save(instance=OpeningOfficer(procurement=procurement, person=person), by=by)


@transaction.atomic
def opening_officer_remove(*, by: User, officer: OpeningOfficer) -> None:
    _part_check(by, officer.procurement)
    audited_delete(instance=officer, by=by)


# Conflicts of interest ------------------------------------------------------------------------------


def involved_people(procurement: Procurement) -> dict[int, tuple[User, str]]:
    """Everyone who must declare their interests: the lead, the panel and the opening officers."""
    people: dict[int, tuple[User, str]] = {
        procurement.lead_officer_id: (procurement.lead_officer, InvolvementRole.LEAD)
    }
    for member in procurement.panel.select_related("person"):
        people.setdefault(member.person_id, (member.person, member.role))
    for officer in procurement.opening_officers.select_related("person"):
        people.setdefault(officer.person_id, (officer.person, InvolvementRole.OPENING_OFFICER))
    return people


@transaction.atomic
def conflict_declare(
    *, by: User, procurement: Procurement, has_interest: bool, interest: str = "", mitigation: str = ""
) -> ConflictDeclaration:
    """`by` declares their own interests (or that they have none) in `procurement`."""
    people = involved_people(procurement)
    if by.pk not in people:
        raise PermissionDenied("Only the people involved in this procurement declare their interests in it")
    declaration = ConflictDeclaration(
        procurement=procurement,
        person=by,
        role=people[by.pk][1],
        has_interest=has_interest,
        interest=interest,
        mitigation=mitigation,
    )
    return audited_save(instance=declaration, by=by)


@transaction.atomic
def conflicts_assessment_create(*, by: User, procurement: Procurement, assessment: str) -> ConflictsAssessment:
    """A new version of the conflicts assessment, made after reading the declarations."""
    _require(can_change_procurement(by, procurement), "Only the buyer's commissioning workers assess conflicts")
    version = (procurement.conflicts_assessments.aggregate(n=Max("version"))["n"] or 0) + 1
    record = ConflictsAssessment(procurement=procurement, version=version, assessment=assessment, prepared_by=by)
    return audited_save(instance=record, by=by)


def conflicts_problems(procurement: Procurement) -> list[str]:
    """Why the conflicts record is not current: someone involved has not declared, or the latest
    assessment is older than a declaration or a change of the people involved."""
    problems: list[str] = []
    declared = {d.person_id: d for d in procurement.declarations.order_by("created_at")}
    missing = [str(person) for pk, (person, _) in involved_people(procurement).items() if pk not in declared]
    if missing:
        problems.append("Not yet declared their interests: " + ", ".join(sorted(missing)))
    latest = procurement.conflicts_assessments.order_by("-version").first()
    if latest is None:
        problems.append("No conflicts assessment has been prepared")
        return problems
    changed = [d.created_at for d in declared.values()]
    changed += list(procurement.panel.values_list("created_at", flat=True))
    changed += list(procurement.opening_officers.values_list("created_at", flat=True))
    if changed and max(changed) > latest.created_at:
        problems.append("The conflicts assessment is older than the latest declaration or change of people: revise it")
    return problems


# Publishing the tender ---------------------------------------------------------------------------


def publication_problems(procurement: Procurement) -> list[str]:
    """What must be put right before the tender can be published, in plain English."""
    problems: list[str] = []
    if not procurement.is_competitive:
        problems.append(f"A {procurement.get_procedure_display().lower()} is not put out to tender")
    market = procurement.framework if procurement.procedure == Procedure.DYNAMIC_MARKET_COMPETITION else None
    if market is not None and market.status != ProcurementStatus.ESTABLISHED:
        problems.append(
            f"The dynamic market {market.reference} is {market.get_status_display().lower()}: competitions are "
            "held only while it is set up"
        )
    if not procurement.specification.strip():
        problems.append("Write the specification")
    weights = weights_problem(procurement.price_weight, procurement.quality_weight, procurement.social_value_weight)
    if weights:
        problems.append(weights)
    if not procurement.lots.exists():
        problems.append("Add at least one lot")
    questions = list(procurement.questions.all())
    # Each lot is scored on the questions asked of it: its own and those for every lot.
    for lot in procurement.lots.all():
        asked = [q for q in questions if q.lot_id in (None, lot.pk)]
        for section, weight in (
            (QuestionSection.QUALITY, procurement.quality_weight),
            (QuestionSection.SOCIAL_VALUE, procurement.social_value_weight),
        ):
            name = section.label.lower()
            in_section = [q.weight for q in asked if q.section == section]
            if weight and not in_section:
                problems.append(f"Lot {lot.number}: add at least one {name} question, or give {name} no weight")
            elif in_section:
                problem = question_weights_problem(in_section)
                if problem:
                    problems.append(f"Lot {lot.number}, {name} questions: {problem}")
    if not 0 < procurement.abnormally_low_percent < 100:
        problems.append("Set how far below the others a price is flagged as abnormally low: between 1% and 99%")
    if procurement.deadline is None:
        problems.append("Set the deadline for bids")
    elif procurement.deadline <= timezone.now() + datetime.timedelta(hours=1):
        problems.append("The deadline must be more than an hour from now")
    problems += stage_problems(procurement)
    problems += _opening_officer_problems(procurement)
    problems += conflicts_problems(procurement)
    return problems


def stage_problems(procurement: Procurement) -> list[str]:
    """What stops a staged tender being published: each stage must close before bids are due."""
    stages = list(procurement.stages.all())
    if not stages or procurement.deadline is None:
        return []
    if stages[-1].closes_at >= procurement.deadline:
        return [f"Stage {stages[-1].number} must close before the final tenders are due"]
    if stages[0].closes_at <= timezone.now():
        return ["Stage 1 has already closed: move it, so suppliers have time to ask to take part"]
    return []


def stages_block_bid(procurement: Procurement, organisation_id: int) -> str | None:
    """Why a supplier may not send a final tender yet in a staged procedure; None if it may."""
    stages = list(procurement.stages.all())
    if not stages:
        return None
    if any(stage.decided_at is None for stage in stages):
        return "Final tenders are sent once every stage is decided"
    if not procurement.participants.filter(supplier_id=organisation_id, through_stage=stages[-1].number).exists():
        return "Only suppliers taken through every stage may send a final tender"
    return None


def _opening_officer_problems(procurement: Procurement) -> list[str]:
    officers = list(procurement.opening_officers.select_related("person__opening_key"))
    panel = set(procurement.panel.values_list("person_id", flat=True))
    problems = []
    if len(officers) < 2:
        problems.append("Name at least two opening officers")
    elif all(o.person_id in panel for o in officers):
        problems.append("At least one opening officer must be independent of the evaluation panel")
    without = [str(o.person) for o in officers if not hasattr(o.person, "opening_key")]
    if without:
        problems.append("Opening officers without an opening key yet: " + ", ".join(sorted(without)))
    return problems


@guarded("tender published")
@transaction.atomic
def tender_publish(*, by: User, procurement: Procurement) -> Procurement:
    """Open the tender to bids. Its key pair is made here: the public key seals every bid, and
    the private key is kept only as pieces sealed to pairs of officers, then forgotten."""
    _require(can_change_procurement(by, procurement), "Only the buyer's commissioning workers publish a tender")
    procurement = locked_current(procurement)
    if procurement.is_published:
        raise ValidationError("The tender is already published")
    if procurement.status != ProcurementStatus.PLANNING:
        raise ValidationError(f"This procurement is {procurement.get_status_display().lower()}: it cannot be published")
    problems = publication_problems(procurement)
    if problems:
        raise ValidationError(problems)
    panel = set(procurement.panel.values_list("person_id", flat=True))
    officers = [
        sealing.Officer(
            ref=str(o.person_id),
            public_key=bytes(o.person.opening_key.public_key),
            independent=o.person_id not in panel,
        )
        for o in procurement.opening_officers.select_related("person__opening_key")
    ]
    key = sealing.tender_key_create(officers)
    KeyShare.objects.filter(procurement=procurement).delete()
    KeyShare.objects.bulk_create(
        KeyShare(procurement=procurement, inner_id=int(inner), outer_id=int(outer), sealed=share)
        for (inner, outer), share in key.shares.items()
    )
    procurement.tender_public_key = key.public_key
    procurement.is_published = True
    procurement.status = ProcurementStatus.OPEN
    procurement = audited_save(instance=procurement, by=by)
    notice_publish_if_required(by=by, procurement=procurement, kind=NoticeKind.UK4)
    event_log(
        procurement=procurement,
        by=by,
        action="tender published",
        detail=f"Bids due by {procurement.deadline:%d %B %Y %H:%M}",
    )
    return procurement


@transaction.atomic
def amendment_make(
    *,
    by: User,
    procurement: Procurement,
    summary: str,
    new_deadline: datetime.datetime | None = None,
    specification: str | None = None,
) -> TenderAmendment:
    """Change a published tender. Every bid made before it must be confirmed again by its bidder."""
    _require(can_change_procurement(by, procurement), "Only the buyer's commissioning workers amend a tender")
    procurement = locked_current(procurement)
    if not procurement.taking_bids:
        raise ValidationError("Only a tender still taking bids can be amended")
    if not summary.strip():
        raise ValidationError({"summary": "Say what changed"})
    if new_deadline is not None and new_deadline <= timezone.now():
        raise ValidationError({"new_deadline": "The new deadline must be in the future"})
    if new_deadline is not None and procurement.deadline and new_deadline < procurement.deadline:
        raise ValidationError({"new_deadline": "An amendment can give bidders more time, never less"})
    number = (procurement.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = audited_save(
        instance=TenderAmendment(
            procurement=procurement, number=number, summary=summary, new_deadline=new_deadline, made_by=by
        ),
        by=by,
    )
    changes: dict[str, Any] = {}
    if new_deadline is not None:
        changes["deadline"] = new_deadline
    if specification is not None:
        changes["specification"] = specification
    if changes:
        model_update(instance=procurement, fields=changes, by=by)
    event_log(procurement=procurement, by=by, action=f"amendment {number}", detail=summary)
    return amendment


# Clarifications ----------------------------------------------------------------------------------


@transaction.atomic
def clarification_ask(*, by: User, procurement: Procurement, question: str, lot: Lot | None = None) -> Clarification:
    """A bidder asks a question; the buyer sees who asked, other bidders never do."""
    procurement = locked_current(procurement)
    _require(can_bid(by, procurement), "Only providers can ask about a published tender")
    if not procurement.taking_bids:
        raise ValidationError("Questions close with the deadline for bids")
    if not question.strip():
        raise ValidationError({"question": "Enter your question"})
    if lot is not None and lot.procurement_id != procurement.pk:
        raise ValidationError({"lot": "Choose one of this tender's lots"})
    record = Clarification(procurement=procurement, lot=lot, asked_by_id=by.organisation_id, question=question)
    return audited_save(instance=record, by=by)


@transaction.atomic
def clarification_answer(
    *, by: User, clarification: Clarification, answer: str, question: str | None = None
) -> Clarification:
    """Answer (and so publish to every bidder) a question. The wording of the question may be
    edited first, so that it does not give away who asked."""
    _require(can_change_procurement(by, clarification.procurement), "Only the buyer answers questions")
    if not answer.strip():
        raise ValidationError({"answer": "Enter the answer"})
    fields: dict[str, Any] = {"answer": answer, "answered_at": clarification.answered_at or timezone.now()}
    if question is not None and question.strip():
        fields["question"] = question
    clarification, _ = model_update(instance=clarification, fields=fields, by=by)
    return clarification


@transaction.atomic
def clarification_publish(*, by: User, procurement: Procurement, question: str, answer: str) -> Clarification:
    """The buyer publishes a clarification nobody asked for."""
    _require(can_change_procurement(by, procurement), "Only the buyer publishes clarifications")
    if not procurement.is_published:
        raise ValidationError("Publish the tender first")
    record = Clarification(procurement=procurement, question=question, answer=answer, answered_at=timezone.now())
    record.full_clean()
    return audited_save(instance=record, by=by)


# Opening keys ------------------------------------------------------------------------------------


def _pwhash_limits() -> dict[str, int]:
    return dict(settings.OPENING_KEY_PWHASH)


@transaction.atomic
def opening_key_set(*, by: User, passphrase: str, current: str | None = None) -> OpeningKey:
    """Make `by`'s opening key, locked with a passphrase only they know; or change its passphrase
    (the key stays the same, so tenders already published can still be opened)."""
    _require(can_hold_opening_key(by), "Only the buyer's commissioning workers hold opening keys")
    problem = sealing.passphrase_problem(passphrase)
    if problem:
        raise ValidationError({"passphrase": problem})
    existing = OpeningKey.objects.filter(person=by).first()
    if existing is None:
        made = sealing.officer_key_create(passphrase, **_pwhash_limits())
        record = OpeningKey(person=by, public_key=made.public_key, locked_private_key=made.locked_private_key)
    else:
        try:
            locked = sealing.officer_key_change_passphrase(
                bytes(existing.locked_private_key), current or "", passphrase
            )
        except sealing.WrongPassphrase:
            raise ValidationError({"current": "That is not your current passphrase"}) from None
        record = existing
        record.locked_private_key = locked
    return audited_save(instance=record, by=by)


# Bids ----------------------------------------------------------------------------------------------


def bids_dir(kind: str) -> Path:
    directory = Path(settings.MEDIA_ROOT) / "bids" / kind
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def bid_files_sweep(*, older_than: datetime.timedelta, dry_run: bool = False) -> list[Path]:
    """Sealed files and opened folders no bid refers to: left behind when the transaction that
    stored them was rolled back after they were written (a refused request, a crash). Only those
    older than `older_than` go, so a bid being stored right now is never touched."""
    known = set(Bid.objects.values_list("stored_as", flat=True))
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    orphans = [
        path
        for kind in ("sealed", "opened")
        for path in bids_dir(kind).iterdir()
        if path.name not in known and path.stat().st_mtime < cutoff
    ]
    if not dry_run:
        for path in orphans:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    return orphans


@dataclass(frozen=True)
class BidDocument:
    file_name: str
    content: bytes


def _bid_bundle(*, price: Decimal, answers: dict[str, str], documents: Sequence[BidDocument], target: Any) -> None:
    """Write a bid's contents as one zip file: bid.json (price, answers, the documents' names) and
    the documents themselves, so that sealing covers everything the bidder sent."""
    manifest = {
        "price": str(price),
        "answers": answers,
        "documents": [
            {"name": d.file_name, "size": len(d.content), "sha256": hashlib.sha256(d.content).hexdigest()}
            for d in documents
        ],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as bundle:
        bundle.writestr("bid.json", json.dumps(manifest))
        for index, document in enumerate(documents):
            bundle.writestr(f"documents/{index}", document.content)


def _checked_documents(documents: Iterable[BidDocument]) -> list[BidDocument]:
    checked = []
    for document in documents:
        name, _ = document_checked(document.file_name, document.content)
        checked.append(BidDocument(name, document.content))
    if len(checked) > BID_DOCUMENTS_MAX:
        raise ValidationError({"documents": f"Send at most {BID_DOCUMENTS_MAX} documents with one bid"})
    if sum(len(d.content) for d in checked) > BID_DOCUMENTS_LIMIT:
        raise ValidationError({"documents": "A bid's documents can add up to 100 MB at most"})
    return checked


def _checked_answers(procurement: Procurement, lot: Lot, answers: dict[str, str]) -> dict[str, str]:
    questions = {str(q.pk): q for q in procurement.questions.all() if q.lot_id in (None, lot.pk)}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError({"answers": "Answer only this lot's questions"})
    missing = [f"question {questions[key].number}" for key in questions if not str(answers.get(key, "")).strip()]
    if missing:
        raise ValidationError({"answers": "Answer " + ", ".join(missing)})
    return {key: str(answers[key]) for key in questions}


def _latest_amendment(procurement: Procurement) -> int:
    return procurement.amendments.aggregate(n=Max("number"))["n"] or 0


@guarded("bid submitted")
@transaction.atomic
def bid_submit(
    *,
    by: User,
    procurement: Procurement,
    lot: Lot,
    price: Decimal,
    answers: dict[str, str],
    documents: Iterable[BidDocument] = (),
) -> Bid:
    """Seal and keep a provider's bid for a lot, replacing any bid it made for the lot before.
    Refused after the deadline by the server's clock, whatever the bidder's clock says."""
    _require(is_bidder(by), "Only providers bid")
    procurement = locked_current(procurement)
    _require(on_agreement(by, procurement), "This call-off is for the suppliers on its framework only")
    if not procurement.is_competitive:
        raise ValidationError(f"A {procurement.get_procedure_display().lower()} is not bid for")
    if not procurement.taking_bids:
        raise ValidationError(
            "The deadline for bids has passed" if procurement.deadline_passed else "This tender is not taking bids"
        )
    staged = stages_block_bid(procurement, by.organisation_id)
    if staged:
        raise ValidationError(staged)
    if lot.procurement_id != procurement.pk:
        raise ValidationError({"lot": "Choose one of this tender's lots"})
    problem = limits.MONEY.problem(price) if price is not None else "Enter your price"
    if problem or price <= 0:
        raise ValidationError({"price": problem or "Enter a price above £0"})
    answers = _checked_answers(procurement, lot, answers)
    documents = _checked_documents(documents)
    stored_as = secrets.token_hex(16)
    receipt = f"{procurement.reference}-{secrets.token_hex(4).upper()}"
    path = bids_dir("sealed") / stored_as
    try:
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as plain:
            _bid_bundle(price=price, answers=answers, documents=documents, target=plain)
            plain.seek(0)
            with path.open("wb") as target:
                sealed = sealing.bid_seal(
                    bytes(procurement.tender_public_key),
                    plain,
                    target,
                    bound_to=bid_identity(procurement.pk, lot.pk, by.organisation_id, receipt),
                )
        for earlier in Bid.objects.filter(
            procurement=procurement, lot=lot, organisation_id=by.organisation_id, status=BidStatus.SUBMITTED
        ):
            earlier.status = BidStatus.REPLACED
            audited_save(instance=earlier, by=by)
            _forget_sealed(earlier)
        bid = owned_create(
            Bid,
            by=by,
            procurement=procurement,
            lot=lot,
            receipt=receipt,
            submitted_by=by,
            sha256=sealed.sha256,
            size=sealed.size,
            sealed_key=sealed.sealed_key,
            stored_as=stored_as,
            confirmed_amendment=_latest_amendment(procurement),
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    # Who bid stays sealed until opening: the log names no bidder and no lot.
    event_log(procurement=procurement, by=None, action="bid received", detail=f"Receipt {bid.receipt}")
    return bid


def bid_identity(procurement_id: int, lot_id: int, organisation_id: int, receipt: str) -> bytes:
    """What a sealed bid is bound to: it opens only as this supplier's bid for this tender's lot,
    under this receipt."""
    return f"commissioning-bid|{procurement_id}|{lot_id}|{organisation_id}|{receipt}".encode()


def _forget_sealed(bid: Bid) -> None:
    """A replaced or withdrawn bid is never opened: its sealed file goes once the change commits."""
    path = bids_dir("sealed") / bid.stored_as
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def locked_current(procurement: Procurement) -> Procurement:
    """The procurement as it stands now, locked: the deadline and status decide, not a copy read
    earlier in the request."""
    return Procurement.objects.select_for_update().get(pk=procurement.pk)


def _own_live_bid(by: User, bid: Bid) -> Bid:
    _require(is_bidder(by) and bid.organisation_id == by.organisation_id, "Only the bidder can change its bid")
    bid.procurement = locked_current(bid.procurement)
    if bid.status != BidStatus.SUBMITTED:
        raise ValidationError(f"This bid is {bid.get_status_display().lower()}")
    if not bid.procurement.taking_bids:
        raise ValidationError("The deadline for bids has passed")
    return bid


@guarded("bid withdrawn")
@transaction.atomic
def bid_withdraw(*, by: User, bid: Bid) -> Bid:
    bid = _own_live_bid(by, bid)
    bid.status = BidStatus.WITHDRAWN
    bid.withdrawn_at = timezone.now()
    bid = audited_save(instance=bid, by=by)
    _forget_sealed(bid)
    return bid


@guarded("bid confirmed after amendment")
@transaction.atomic
def bid_confirm(*, by: User, bid: Bid) -> Bid:
    """The bidder confirms its bid stands after the tender was amended."""
    bid = _own_live_bid(by, bid)
    bid.confirmed_amendment = _latest_amendment(bid.procurement)
    return audited_save(instance=bid, by=by)


# Opening ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningResult:
    finished: bool
    opened: int = 0
    message: str = ""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@guarded("opening")
@transaction.atomic
def opening_act(*, by: User, procurement: Procurement, passphrase: str) -> OpeningResult:
    """One officer's part in opening the bids. The first officer's passphrase removes their layer
    from the key pieces sealed to them first; what is left is still sealed to a second officer.
    The second, a different person with at least one of the two independent of the panel,
    finishes: the tender's key is recovered in memory, every bid opened and its hash checked, and
    the key forgotten. Refused before the deadline, for anyone."""
    procurement = locked_current(procurement)
    officer = procurement.opening_officers.filter(person=by).first()
    _require(officer is not None, "Only the tender's named opening officers can open its bids")
    if procurement.status != ProcurementStatus.OPEN:
        raise ValidationError(
            "The bids have already been opened"
            if procurement.status == ProcurementStatus.OPENED
            else "This tender is not open"
        )
    if not procurement.deadline_passed:
        raise ValidationError(
            f"Bids cannot be opened before the deadline, {timezone.localtime(procurement.deadline):%d %B %Y at %H:%M}"
        )
    key = OpeningKey.objects.filter(person=by).first()
    if key is None:
        raise ValidationError("You have no opening key")
    try:
        private = sealing.officer_key_unlock(bytes(key.locked_private_key), passphrase)
    except sealing.WrongPassphrase:
        raise ValidationError({"passphrase": "That passphrase does not unlock your opening key"}) from None
    panel = set(procurement.panel.values_list("person_id", flat=True))
    for step in procurement.opening_steps.exclude(officer=by).select_related("officer").order_by("acted_at"):
        peeled = step.peeled.get(str(by.pk))
        if peeled is None or (step.officer_id in panel and by.pk in panel):
            continue  # no piece for this pair, or neither of the two is independent of the panel now
        tender_key = sealing.share_finish(base64.b64decode(peeled), private)
        opened = _open_bids(procurement, tender_key, by=by)
        detail = f"Opened by {step.officer} and {by}: {opened} bids, each matching its receipt"
        event_log(procurement=procurement, by=by, action="bids opened", detail=detail)
        return OpeningResult(True, opened, f"{opened} bids opened, each matching its receipt")
    peeled_now = {
        str(share.inner_id): _b64(sealing.share_peel(bytes(share.sealed), private))
        for share in procurement.key_shares.filter(outer=by)
    }
    procurement.opening_steps.filter(officer=by).delete()
    OpeningStep.objects.create(procurement=procurement, officer=by, peeled=peeled_now)
    event_log(procurement=procurement, by=by, action="opening started", detail="Waiting for a second officer")
    return OpeningResult(
        False, 0, "Your part is done. A second opening officer, one of you independent of the panel, must now act."
    )


def _open_bids(procurement: Procurement, tender_key: Any, *, by: User) -> int:
    """Open every live bid, check each against its receipt's hash, and keep its contents."""
    opened_at = timezone.now()
    count = 0
    unpacked: list[Path] = []
    try:
        for bid in procurement.bids.filter(status=BidStatus.SUBMITTED).select_related("lot"):
            source = bids_dir("sealed") / bid.stored_as
            with tempfile.TemporaryFile() as plain:
                with source.open("rb") as sealed_file:
                    sealing.bid_open(
                        tender_key,
                        bytes(bid.sealed_key),
                        sealed_file,
                        plain,
                        expected_sha256=bid.sha256,
                        bound_to=bid_identity(bid.procurement_id, bid.lot_id, bid.organisation_id, bid.receipt),
                    )
                plain.seek(0)
                unpacked.append(bids_dir("opened") / bid.stored_as)
                _unpack(bid, plain)
            bid.status = BidStatus.OPENED
            bid.opened_at = opened_at
            audited_save(instance=bid, by=by)
            count += 1
    except Exception:
        # One bid that fails its check stops the opening: nothing already opened stays on disk.
        for folder in unpacked:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    procurement.status = ProcurementStatus.OPENED
    audited_save(instance=procurement, by=by)
    return count


def _unpack(bid: Bid, plain: Any) -> None:
    folder = bids_dir("opened") / bid.stored_as
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(plain) as bundle:
        manifest = json.loads(bundle.read("bid.json"))
        documents = []
        for index, entry in enumerate(manifest["documents"]):
            content = bundle.read(f"documents/{index}")
            stored = secrets.token_hex(16)
            (folder / stored).write_bytes(content)
            documents.append({**entry, "stored_as": f"{bid.stored_as}/{stored}"})
    bid.price = Decimal(manifest["price"])
    bid.answers = manifest["answers"]
    bid.documents = documents


def opened_document_path(bid: Bid, index: int) -> Path:
    return bids_dir("opened") / bid.documents[index]["stored_as"]


def bid_bundle_bytes(**kwargs: Any) -> bytes:
    """The zip a bid is sealed as (for tests and the benchmark)."""
    buffer = io.BytesIO()
    _bid_bundle(target=buffer, **kwargs)
    return buffer.getvalue()
