"""Evaluation and award: assessors score on their own, moderators agree each score with a reason,
the lot is evaluated once (analytics.evaluation) and kept; abnormally low prices are explained;
every assessed bidder gets its summary before the award; the award waits out its standstill,
counted as the regime says, before the contract can be signed; or the procurement ends unawarded."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.ownership import owned_save
from commissioning.analytics import evaluation as scoring
from commissioning.analytics import working_days
from commissioning.core import limits
from commissioning.core.jinja2 import format_date
from commissioning.core.services import audited_save
from commissioning.procurement import rules
from commissioning.procurement.choices import (
    AwardStatus,
    BidStatus,
    ExplanationDecision,
    NoticeKind,
    PanelRole,
    Procedure,
    ProcurementStatus,
    Regime,
)
from commissioning.procurement.models import (
    AssessmentSummary,
    Award,
    Bid,
    Lot,
    LotResult,
    ModeratedScore,
    Procurement,
    QualityQuestion,
    Score,
)
from commissioning.procurement.permissions import can_change_procurement, is_bidder
from commissioning.procurement.services.notices import notice_publish_if_required, notice_required
from commissioning.procurement.services.tender import event_log, guarded, locked_current

__all__ = [
    "EvaluationState",
    "award_decide",
    "award_sign",
    "direct_award_decide",
    "evaluable_bids",
    "evaluation_finish",
    "evaluation_state",
    "lot_questions",
    "low_price_decide",
    "low_price_explain",
    "low_price_request",
    "moderation_record",
    "procurement_terminate",
    "score_record",
    "standstill_for",
    "summaries_send",
]


def _panel_role(procurement: Procurement, person: User) -> str | None:
    return procurement.panel.filter(person=person).values_list("role", flat=True).first()


def _require_opened(procurement: Procurement) -> None:
    if procurement.status != ProcurementStatus.OPENED:
        raise ValidationError(
            "The bids have not been opened yet"
            if procurement.status == ProcurementStatus.OPEN
            else "The evaluation is finished: scores can no longer change"
        )


def lot_questions(procurement: Procurement, lot: Lot) -> list[QualityQuestion]:
    return [q for q in procurement.questions.all() if q.lot_id in (None, lot.pk)]


def _check_score(procurement: Procurement, bid: Bid, question: QualityQuestion, score: int, reason: str) -> None:
    if bid.procurement_id != procurement.pk or bid.status != BidStatus.OPENED:
        raise ValidationError("Choose an opened bid of this procurement")
    if question.procurement_id != procurement.pk or question.lot_id not in (None, bid.lot_id):
        raise ValidationError("That question is not asked of this bid's lot")
    if not 0 <= score <= procurement.scoring_scale:
        raise ValidationError({"score": f"Scores run from 0 to {procurement.scoring_scale}"})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the score"})


@guarded("score recorded")
@transaction.atomic
def score_record(*, by: User, bid: Bid, question: QualityQuestion, score: int, reason: str) -> Score:
    """An assessor's own score for one answer (changed freely until the evaluation is finished)."""
    procurement = locked_current(bid.procurement)
    if _panel_role(procurement, by) != PanelRole.ASSESSOR:
        raise PermissionDenied("Only the panel's assessors score answers")
    _require_opened(procurement)
    _check_score(procurement, bid, question, score, reason)
    record = Score.objects.filter(bid=bid, question=question, assessor=by).first() or Score(
        bid=bid, question=question, assessor=by
    )
    record.score, record.reason = score, reason
    return audited_save(instance=record, by=by)


@guarded("score moderated")
@transaction.atomic
def moderation_record(*, by: User, bid: Bid, question: QualityQuestion, score: int, reason: str) -> ModeratedScore:
    """The agreed score for one answer, once every assessor has scored it, with the reason the
    bidder will read."""
    procurement = locked_current(bid.procurement)
    if _panel_role(procurement, by) != PanelRole.MODERATOR:
        raise PermissionDenied("Only the panel's moderators agree scores")
    _require_opened(procurement)
    _check_score(procurement, bid, question, score, reason)
    assessors = set(procurement.panel.filter(role=PanelRole.ASSESSOR).values_list("person_id", flat=True))
    scored = set(Score.objects.filter(bid=bid, question=question).values_list("assessor_id", flat=True))
    if not assessors or assessors - scored:
        raise ValidationError("Every assessor must score this answer before it is moderated")
    record = ModeratedScore.objects.filter(bid=bid, question=question).first() or ModeratedScore(
        bid=bid, question=question
    )
    record.score, record.reason, record.moderated_by = score, reason, by
    return audited_save(instance=record, by=by)


def evaluable_bids(procurement: Procurement, lot: Lot) -> list[Bid]:
    """Opened bids for the lot that stay in: confirmed against the latest amendment and not set
    aside for an unexplained abnormally low price."""
    latest = procurement.amendments.count()
    return [
        bid
        for bid in procurement.bids.filter(lot=lot, status=BidStatus.OPENED).select_related("organisation")
        if bid.confirmed_amendment >= latest and not bid.set_aside
    ]


class EvaluationState:
    """Where a procurement's evaluation stands: for each lot, the answers still to moderate, and
    the evaluation itself once every answer is moderated (read by the evaluation page)."""

    def __init__(self, procurement: Procurement) -> None:
        self.procurement = procurement
        self.lots: list[dict[str, Any]] = []
        moderated = {
            (m.bid_id, m.question_id): m.score
            for m in ModeratedScore.objects.filter(bid__procurement=procurement).only("bid_id", "question_id", "score")
        }
        questions = list(procurement.questions.all())
        for lot in procurement.lots.all():
            asked = [q for q in questions if q.lot_id in (None, lot.pk)]
            bids = evaluable_bids(procurement, lot)
            missing = [(bid, q) for bid in bids for q in asked if (bid.pk, q.pk) not in moderated]
            outcome = None
            if bids and not missing:
                outcome = _evaluated(
                    [
                        scoring.BidInput(
                            bid.pk, str(bid.organisation), bid.price, {q.pk: moderated[bid.pk, q.pk] for q in asked}
                        )
                        for bid in bids
                    ],
                    [
                        scoring.Question(
                            q.pk, q.section, q.weight, procurement.scoring_scale, q.minimum_score, q.question
                        )
                        for q in asked
                    ],
                    scoring.Weights(
                        procurement.price_weight, procurement.quality_weight, procurement.social_value_weight
                    ),
                    price_formula=procurement.price_formula,
                    abnormally_low_percent=procurement.abnormally_low_percent,
                )
            self.lots.append({"lot": lot, "bids": bids, "questions": asked, "missing": missing, "evaluation": outcome})

    @property
    def problems(self) -> list[str]:
        """Why the evaluation cannot be finished yet. A lot nobody bid for is simply not awarded."""
        problems = [
            f"Lot {entry['lot'].number}: {len(entry['missing'])} answers still to moderate"
            for entry in self.lots
            if entry["missing"]
        ]
        if not any(entry["bids"] for entry in self.lots):
            problems.append("There is no bid to evaluate")
        return problems


def _evaluated(*args: Any, **kwargs: Any) -> scoring.LotEvaluation:
    try:
        return scoring.evaluate_lot(*args, **kwargs)
    except scoring.EvaluationInputError as error:
        raise ValidationError(list(error.problems)) from None


def evaluation_state(procurement: Procurement) -> EvaluationState:
    return EvaluationState(procurement)


def _result_json(evaluation: scoring.LotEvaluation | None) -> dict[str, Any]:
    if evaluation is None:  # nobody bid for the lot
        return {"price_formula": "", "tie": False, "most_advantageous": None, "bids": [], "summaries": {}}

    def number(value: Decimal | None) -> str | None:
        return None if value is None else str(value.quantize(Decimal("0.01")))

    return {
        "price_formula": evaluation.price_formula_text,
        "tie": evaluation.tie,
        "most_advantageous": evaluation.most_advantageous,
        "bids": [
            {
                "bid": result.key,
                "bidder": result.bidder,
                "price": str(result.price),
                "price_score": number(result.price_score),
                "quality_score": number(result.quality_score),
                "social_value_score": number(result.social_value_score),
                "total": number(result.total),
                "rank": result.rank,
                "compliant": result.compliant,
                "failed_thresholds": list(result.failed_thresholds),
                "abnormally_low": number(result.abnormally_low),
            }
            for result in evaluation.results
        ],
        "summaries": {
            str(result.key): [_summary_line(line) for line in scoring.assessment_summary(evaluation, result.key)]
            for result in evaluation.results
        },
    }


def _summary_line(line: scoring.SummaryLine) -> dict[str, Any]:
    def number(value: Decimal | None) -> str | None:
        return None if value is None else str(value.quantize(Decimal("0.01")))

    return {
        "key": str(line.key),
        "section": line.section,
        "label": line.label,
        "available": number(line.available),
        "score": line.score,
        "scale_max": line.scale_max,
        "marks": number(line.marks),
        "minimum": line.minimum,
        "below_minimum": line.below_minimum,
        "winner_score": line.winner_score,
        "winner_marks": number(line.winner_marks),
    }


def _store_results(procurement: Procurement, by: User, state: EvaluationState) -> None:
    for entry in state.lots:
        evaluation = entry["evaluation"]
        LotResult.objects.update_or_create(
            lot=entry["lot"],
            defaults={"procurement": procurement, "result": _result_json(evaluation), "evaluated_by": by},
        )
        flags = {result.key: result.abnormally_low for result in evaluation.results} if evaluation else {}
        for bid in entry["bids"]:
            if bid.low_price_percent != flags.get(bid.pk):
                bid.low_price_percent = None if flags.get(bid.pk) is None else flags[bid.pk].quantize(Decimal("0.01"))
                audited_save(instance=bid, by=by)


@guarded("evaluation finished")
@transaction.atomic
def evaluation_finish(*, by: User, procurement: Procurement) -> Procurement:
    """Close the scoring: every answer of every lot moderated; each lot evaluated and kept."""
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers finish an evaluation")
    procurement = locked_current(procurement)
    _require_opened(procurement)
    state = evaluation_state(procurement)
    if state.problems:
        raise ValidationError(state.problems)
    _store_results(procurement, by, state)
    procurement.status = ProcurementStatus.EVALUATED
    procurement = audited_save(instance=procurement, by=by)
    event_log(procurement=procurement, by=by, action="evaluation finished")
    return procurement


# Abnormally low prices --------------------------------------------------------------------------------


@transaction.atomic
def low_price_request(*, by: User, bid: Bid) -> Bid:
    """Ask the bidder to explain a price flagged as abnormally low."""
    if not can_change_procurement(by, bid.procurement):
        raise PermissionDenied("Only the buyer asks for an explanation")
    if bid.low_price_percent is None:
        raise ValidationError("This bid's price was not flagged as abnormally low")
    bid.explanation_requested_at = bid.explanation_requested_at or timezone.now()
    bid = audited_save(instance=bid, by=by)
    event_log(procurement=bid.procurement, by=by, action="explanation of a low price asked for", detail=bid.receipt)
    return bid


@transaction.atomic
def low_price_explain(*, by: User, bid: Bid, explanation: str) -> Bid:
    if not (is_bidder(by) and bid.organisation_id == by.organisation_id):
        raise PermissionDenied("Only the bidder explains its price")
    if bid.explanation_requested_at is None:
        raise ValidationError("No explanation of this bid's price has been asked for")
    if bid.explanation_decision:
        raise ValidationError("The buyer has already decided on your explanation")
    if not explanation.strip():
        raise ValidationError({"explanation": "Explain how the price is made up"})
    bid.explanation, bid.explained_at = explanation, timezone.now()
    return audited_save(instance=bid, by=by)


@guarded("low price decided")
@transaction.atomic
def low_price_decide(*, by: User, bid: Bid, accepted: bool, reason: str) -> Bid:
    """Accept the bidder's explanation, or set the bid aside and evaluate its lot again without it."""
    procurement = locked_current(bid.procurement)
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer decides on an explanation")
    if procurement.status != ProcurementStatus.EVALUATED:
        raise ValidationError("Decide on explanations after the evaluation is finished and before any award")
    if not bid.explained_at:
        raise ValidationError("The bidder has not explained its price yet")
    if bid.explanation_decision:
        raise ValidationError("The explanation has already been decided")
    if AssessmentSummary.objects.filter(bid__procurement=procurement).exists():
        raise ValidationError("The assessment summaries have been sent: the evaluation can no longer change")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision"})
    bid.explanation_decision = ExplanationDecision.ACCEPTED if accepted else ExplanationDecision.REJECTED
    bid.explanation_reason = reason
    bid = audited_save(instance=bid, by=by)
    if not accepted:
        state = evaluation_state(procurement)
        _store_results(procurement, by, state)
    event_log(
        procurement=procurement, by=by, action="low price " + ("accepted" if accepted else "set aside"), detail=reason
    )
    return bid


# Summaries and award ------------------------------------------------------------------------------------


def _labels(procurement: Procurement) -> dict[str, str]:
    return {str(q.pk): f"Question {q.number}: {q.question}" for q in procurement.questions.all()}


@guarded("assessment summaries sent")
@transaction.atomic
def summaries_send(*, by: User, procurement: Procurement) -> int:
    """Send every assessed bidder its assessment summary: its marks and the winner's for each
    criterion, with the moderated reasons. Required before the award notice."""
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer sends assessment summaries")
    procurement = locked_current(procurement)
    if procurement.status != ProcurementStatus.EVALUATED:
        raise ValidationError("Finish the evaluation before sending assessment summaries")
    unexplained = [
        b.receipt
        for b in procurement.bids.filter(status=BidStatus.OPENED, low_price_percent__isnull=False)
        if not b.explanation_decision
    ]
    if unexplained:
        raise ValidationError("Decide on every abnormally low price first: " + ", ".join(unexplained))
    reasons = {
        (m.bid_id, str(m.question_id)): m.reason for m in ModeratedScore.objects.filter(bid__procurement=procurement)
    }
    labels = _labels(procurement)
    sent = 0
    for result in procurement.results.select_related("lot"):
        for key, lines in result.result["summaries"].items():
            bid = Bid.objects.get(pk=int(key))
            for line in lines:
                line["reason"] = reasons.get((bid.pk, line["key"]), "")
                line["label"] = labels.get(line["key"], line["label"])
            summary = AssessmentSummary.objects.filter(bid=bid).first() or AssessmentSummary(
                bid=bid, organisation_id=bid.organisation_id
            )
            summary.lines, summary.sent_at = lines, timezone.now()
            owned_save(record=summary, by=by, stamp=False)
            sent += 1
    event_log(procurement=procurement, by=by, action="assessment summaries sent", detail=f"{sent} bidders")
    return sent


def _notice_day(day: datetime.date | None) -> datetime.date:
    """The day the award notice is published: today, or a day soon to come; never a day gone, which
    would count the standstill from before the award."""
    today = timezone.localdate()
    day = day or today
    if day < today:
        raise ValidationError({"notice_published_on": "The award notice cannot be dated before today"})
    if day > today + datetime.timedelta(days=366):
        raise ValidationError({"notice_published_on": "Publish the award notice within a year"})
    return day


def standstill_for(
    procurement: Procurement, notice_on: datetime.date, *, voluntary: bool
) -> tuple[datetime.date | None, datetime.date, str]:
    """(last day of standstill, earliest signing, the rule in words) for an award notice published
    on `notice_on`: eight working days under the 2023 Act (voluntary for light-touch contracts and
    below threshold), ten calendar days under the Public Contracts Regulations 2015 (voluntary for
    call-offs and direct awards), the Provider Selection Regime's own count, and none otherwise."""
    regime = procurement.regime
    if regime == Regime.PA23:
        # Light-touch contracts and call-offs under a framework are exempt (s.51(3)): a voluntary one may be held.
        mandatory = not procurement.light_touch and procurement.procedure != Procedure.FRAMEWORK_CALL_OFF
    elif regime == Regime.PCR2015:
        # Reg 87 covers light-touch contracts too; only call-offs under a framework or DPS, and contracts
        # lawfully awarded without prior publication, are exempt.
        mandatory = procurement.procedure not in (Procedure.FRAMEWORK_CALL_OFF, *Procedure.direct())
    else:
        mandatory = False
    counts = {
        Regime.PA23: working_days.standstill,
        Regime.BELOW_THRESHOLD: working_days.standstill,
        Regime.PCR2015: working_days.pcr_standstill,
    }
    if regime == Regime.PSR:
        period = working_days.psr_standstill(notice_on)
    elif mandatory or (voluntary and regime in counts):
        period = counts[regime](notice_on)
    else:
        return None, notice_on, "No standstill applies: the contract may be signed once the award is notified"
    prefix = "Voluntary standstill. " if not mandatory and regime != Regime.PSR else ""
    return period.last_day, period.earliest_signing, prefix + period.rule


@guarded("award decided")
@transaction.atomic
def award_decide(
    *,
    by: User,
    procurement: Procurement,
    lot: Lot,
    notice_published_on: datetime.date | None = None,
    voluntary_standstill: bool = False,
) -> Award:
    """Award a lot to its most advantageous tender, once the evaluation is finished and every
    assessed bidder has its summary; the standstill is counted from the award notice."""
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers award")
    procurement = locked_current(procurement)
    if procurement.status not in (ProcurementStatus.EVALUATED, ProcurementStatus.STANDSTILL):
        raise ValidationError("A lot can be awarded only after the evaluation is moderated and finished")
    if lot.procurement_id != procurement.pk:
        raise ValidationError({"lot": "Choose one of this procurement's lots"})
    if Award.objects.filter(lot=lot).exists():
        raise ValidationError(f"Lot {lot.number} is already awarded")
    result = LotResult.objects.filter(lot=lot).first()
    if result is None or result.winner_id is None:
        raise ValidationError(
            f"Lot {lot.number} has no single most advantageous tender: a tie is for the panel to resolve"
            if result is not None and result.result.get("tie")
            else f"Lot {lot.number} has no compliant bid to award"
        )
    assessed = [int(key) for key in result.result["summaries"]]
    if AssessmentSummary.objects.filter(bid_id__in=assessed).count() < len(assessed):
        raise ValidationError("Send every assessed bidder its assessment summary before the award notice")
    notice_on = _notice_day(notice_published_on)
    last_day, earliest, rule = standstill_for(procurement, notice_on, voluntary=voluntary_standstill)
    award = Award(
        procurement=procurement,
        lot=lot,
        bid_id=result.winner_id,
        supplier_id=Bid.objects.values_list("organisation_id", flat=True).get(pk=result.winner_id),
        value=Bid.objects.values_list("price", flat=True).get(pk=result.winner_id),
        decided_by=by,
        notice_published_on=notice_on,
        standstill_rule=rule,
        standstill_last_day=last_day,
        earliest_signing=earliest,
        status=AwardStatus.STANDSTILL if last_day else AwardStatus.READY,
    )
    award = audited_save(instance=award, by=by)
    procurement.status = ProcurementStatus.STANDSTILL
    audited_save(instance=procurement, by=by)
    notice_publish_if_required(by=by, procurement=procurement, kind=NoticeKind.UK6, award=award)
    event_log(procurement=procurement, by=by, action=f"lot {lot.number} awarded", detail=rule)
    return award


@guarded("direct award decided")
@transaction.atomic
def direct_award_decide(
    *,
    by: User,
    procurement: Procurement,
    supplier: Organisation,
    value: Decimal,
    notice_published_on: datetime.date | None = None,
    voluntary_standstill: bool = False,
) -> Award:
    """Award a direct award to the supplier its Schedule 5 ground points to: after the transparency
    notice where the law asks for one; an individual's choice of provider needs none, nor an award
    notice or a standstill."""
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers award")
    procurement = locked_current(procurement)
    if procurement.procedure not in Procedure.direct():
        raise ValidationError("Only a direct award is awarded without a competition")
    if procurement.awards.exists():
        raise ValidationError("This direct award has already been made")
    if procurement.status != ProcurementStatus.PLANNING:
        raise ValidationError(f"This procurement is {procurement.get_status_display().lower()}")
    if supplier.commissions:
        raise ValidationError({"supplier": "Choose a provider or voluntary organisation"})
    if limits.MONEY.problem(value) or value <= 0:
        raise ValidationError({"value": "Enter the contract's value in pounds, above £0"})
    need, _ = notice_required(procurement, NoticeKind.UK5)
    if need == "required" and not procurement.notices.filter(kind=NoticeKind.UK5).exists():
        raise ValidationError("Publish the transparency notice before the direct award")
    lot = procurement.lots.first() or audited_save(
        instance=Lot(procurement=procurement, number=1, title="The whole contract", estimated_value=value), by=by
    )
    notice_on = _notice_day(notice_published_on)
    ground = rules.direct_award_ground(procurement.direct_award_ground) if procurement.direct_award_ground else None
    if procurement.procedure == Procedure.USER_CHOICE or (ground and (ground.user_choice or ground.standstill_exempt)):
        # An individual's choice of provider, and extreme urgency, are exempt (s.51(3)).
        last_day, earliest, rule = (
            None,
            notice_on,
            f"No standstill: {ground.title if ground else 'user choice'} is exempt",
        )
    else:
        last_day, earliest, rule = standstill_for(procurement, notice_on, voluntary=voluntary_standstill)
    award = audited_save(
        instance=Award(
            procurement=procurement,
            lot=lot,
            supplier=supplier,
            value=value,
            decided_by=by,
            notice_published_on=notice_on,
            standstill_rule=rule,
            standstill_last_day=last_day,
            earliest_signing=earliest,
            status=AwardStatus.STANDSTILL if last_day else AwardStatus.READY,
        ),
        by=by,
    )
    procurement.status = ProcurementStatus.STANDSTILL
    audited_save(instance=procurement, by=by)
    notice_publish_if_required(by=by, procurement=procurement, kind=NoticeKind.UK6, award=award)
    event_log(procurement=procurement, by=by, action=f"direct award to {supplier}", detail=rule)
    return award


@guarded("contract signed")
@transaction.atomic
def award_sign(*, by: User, award: Award, signed_on: datetime.date | None = None) -> Award:
    """Record the contract signed: never before the standstill ends, whatever date is typed."""
    procurement = locked_current(award.procurement)
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers record a signed contract")
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.status == AwardStatus.SIGNED:
        raise ValidationError("This contract is already signed")
    if procurement.status != ProcurementStatus.STANDSTILL:
        raise ValidationError(f"This procurement is {procurement.get_status_display().lower()}: nothing can be signed")
    today = timezone.localdate()
    signed_on = signed_on or today
    if signed_on > today:
        raise ValidationError({"signed_on": "The contract cannot be signed on a day still to come"})
    if today < award.earliest_signing or signed_on < award.earliest_signing:
        raise ValidationError(f"Standstill: the contract cannot be signed before {format_date(award.earliest_signing)}")
    award.status, award.signed_on, award.signed_by = AwardStatus.SIGNED, signed_on, by
    award = audited_save(instance=award, by=by)
    if not procurement.awards.exclude(status=AwardStatus.SIGNED).exists():
        procurement.status = ProcurementStatus.AWARDED
        audited_save(instance=procurement, by=by)
    notice_publish_if_required(by=by, procurement=procurement, kind=NoticeKind.UK7, award=award)
    event_log(
        procurement=procurement, by=by, action=f"contract for lot {award.lot.number} signed", detail=f"{signed_on}"
    )
    return award


@guarded("procurement terminated")
@transaction.atomic
def procurement_terminate(*, by: User, procurement: Procurement, reason: str) -> Procurement:
    """End the procurement without awarding (or without awarding the rest), with the reason."""
    if not can_change_procurement(by, procurement):
        raise PermissionDenied("Only the buyer's commissioning workers terminate a procurement")
    procurement = locked_current(procurement)
    if procurement.procedure == Procedure.DYNAMIC_MARKET:
        raise ValidationError("End a dynamic market from its page: its ending is published in its own notice")
    if procurement.status in (ProcurementStatus.AWARDED, ProcurementStatus.TERMINATED):
        raise ValidationError(f"This procurement is already {procurement.get_status_display().lower()}")
    if procurement.awards.filter(status=AwardStatus.SIGNED).exists():
        raise ValidationError(
            "A contract has been signed: end it under the contract, not by terminating the procurement"
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for not awarding"})
    procurement.status = ProcurementStatus.TERMINATED
    procurement.terminated_at, procurement.termination_reason = timezone.now(), reason
    procurement = audited_save(instance=procurement, by=by)
    notice_publish_if_required(by=by, procurement=procurement, kind=NoticeKind.UK12)
    event_log(procurement=procurement, by=by, action="procurement terminated", detail=reason)
    return procurement
