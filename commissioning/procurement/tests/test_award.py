"""After opening: assessors score alone, a moderator agrees each score with a reason, the lot is
ranked by the stated formula; a very low price is explained before anything is sent; every
assessed bidder gets its summary before the award; the award waits out standstill; or the
procurement ends without one. Each refusal is kept in the log."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.analytics import working_days
from commissioning.procurement import services
from commissioning.procurement.choices import AwardStatus, ProcurementStatus
from commissioning.procurement.models import AssessmentSummary, Award, LotResult, ProcurementEvent
from commissioning.procurement.tests.factories import PASSPHRASES, bid_for, deadline_passes, published_tender

pytestmark = pytest.mark.django_db


# Scores: Pam strong, Pete middling, Olive fails the first question's minimum of 2.
SCORES = {"pam": (4, 3, 3), "pete": (3, 3, 2), "olive": (1, 4, 4)}


def _score_all(world, procurement, bids, moderate=True):
    questions = list(procurement.questions.order_by("number"))
    for name, bid in bids.items():
        for question, score in zip(questions, SCORES[name], strict=True):
            services.score_record(by=world.alice, bid=bid, question=question, score=score, reason=f"Scored {score}")
            if moderate:
                services.moderation_record(
                    by=world.carl, bid=bid, question=question, score=score, reason=f"Agreed {score}: evidence given"
                )


def _refused(procurement, action):
    return ProcurementEvent.objects.filter(procurement=procurement, action=action, refused=True).count()


def test_only_the_panel_scores_and_moderation_waits_for_every_assessor(world, opened):
    procurement, bids, _ = opened
    question = procurement.questions.first()
    with pytest.raises(PermissionDenied):
        services.score_record(by=world.carl, bid=bids["pam"], question=question, score=3, reason="Moderator")
    with pytest.raises(ValidationError, match="Scores run from 0 to 4"):
        services.score_record(by=world.alice, bid=bids["pam"], question=question, score=6, reason="Too high")
    with pytest.raises(ValidationError, match="Every assessor must score"):
        services.moderation_record(by=world.carl, bid=bids["pam"], question=question, score=3, reason="Early")
    with pytest.raises(ValidationError, match="reason"):
        services.score_record(by=world.alice, bid=bids["pam"], question=question, score=3, reason=" ")
    assert _refused(procurement, "score recorded") == 3
    assert _refused(procurement, "score moderated") == 1


def test_no_award_before_moderation_is_finished(world, opened):
    procurement, bids, _ = opened
    _score_all(world, procurement, bids, moderate=False)
    with pytest.raises(ValidationError, match="answers still to moderate"):
        services.evaluation_finish(by=world.alice, procurement=procurement)
    with pytest.raises(ValidationError, match="after the evaluation is moderated"):
        services.award_decide(by=world.alice, procurement=procurement, lot=procurement.lots.first())
    assert not Award.objects.exists()
    assert _refused(procurement, "award decided") == 1


def test_the_lot_is_ranked_and_a_bid_under_a_minimum_drops_out(world, opened):
    procurement, bids, _ = opened
    _score_all(world, procurement, bids)
    services.evaluation_finish(by=world.alice, procurement=procurement)
    result = LotResult.objects.get(lot=procurement.lots.first()).result
    ranked = {row["bidder"]: row for row in result["bids"]}
    assert ranked[world.provider_a.name]["rank"] == 1
    assert ranked[world.provider_b.name]["rank"] == 2
    assert ranked["Olive Tree Care"]["rank"] is None and not ranked["Olive Tree Care"]["compliant"]
    assert result["most_advantageous"] == bids["pam"].pk
    # Price marks among the bids still in: Pete's is the lowest, so it gets all 40.
    assert ranked[world.provider_b.name]["price_score"] == "40.00"


def test_an_abnormally_low_price_is_explained_before_summaries_go(world, opened):
    procurement, bids, olive = opened
    # Olive passes the minimum this time, so her price stays in and is flagged.
    SCORES_OLIVE_PASS = {"pam": (4, 3, 3), "pete": (3, 3, 2), "olive": (2, 4, 4)}
    questions = list(procurement.questions.order_by("number"))
    for name, bid in bids.items():
        for question, score in zip(questions, SCORES_OLIVE_PASS[name], strict=True):
            services.score_record(by=world.alice, bid=bid, question=question, score=score, reason="Scored")
            services.moderation_record(by=world.carl, bid=bid, question=question, score=score, reason="Agreed")
    services.evaluation_finish(by=world.alice, procurement=procurement)
    bids["olive"].refresh_from_db()
    assert bids["olive"].low_price_percent > 20
    with pytest.raises(ValidationError, match="abnormally low"):
        services.summaries_send(by=world.alice, procurement=procurement)
    services.low_price_request(by=world.alice, bid=bids["olive"])
    with pytest.raises(PermissionDenied):
        services.low_price_explain(by=world.pam, bid=bids["olive"], explanation="Not mine")
    services.low_price_explain(by=olive, bid=bids["olive"], explanation="We pay the Real Living Wage but no travel")
    services.low_price_decide(by=world.alice, bid=bids["olive"], accepted=False, reason="Travel time must be paid")
    result = LotResult.objects.get(lot=procurement.lots.first()).result
    assert [row["bidder"] for row in result["bids"]] == [world.provider_a.name, world.provider_b.name]
    assert services.summaries_send(by=world.alice, procurement=procurement) == 2


def test_summaries_come_before_the_award_and_standstill_blocks_signing(world, opened, client_for):
    procurement, bids, _ = opened
    _score_all(world, procurement, bids)
    services.evaluation_finish(by=world.alice, procurement=procurement)
    lot = procurement.lots.first()
    with pytest.raises(ValidationError, match="assessment summary"):
        services.award_decide(by=world.alice, procurement=procurement, lot=lot)
    services.low_price_request(by=world.alice, bid=bids["olive"]) if bids["olive"].low_price_percent else None
    sent = services.summaries_send(by=world.alice, procurement=procurement)
    assert sent == 3  # Olive was assessed too, though she fell below a minimum
    # Pete reads his own summary with the winner's marks beside his; never Pam's bid.
    summary = AssessmentSummary.objects.get(bid=bids["pete"])
    lines = {line["key"]: line for line in summary.lines}
    assert lines["price"]["winner_marks"] is not None and lines["total"]["marks"] is not None
    assert any(line.get("reason") == "Agreed 2: evidence given" for line in summary.lines)
    pete = client_for(world.pete)
    assert pete.get(reverse("procurement:summary", args=[bids["pete"].pk])).status_code == 200
    assert pete.get(reverse("procurement:summary", args=[bids["pam"].pk])).status_code == 404
    # A homecare contract is light touch: no standstill is required, so hold a voluntary one.
    with pytest.raises(ValidationError, match="cannot be dated before today"):
        services.award_decide(
            by=world.alice, procurement=procurement, lot=lot, notice_published_on=datetime.date(2020, 1, 1)
        )
    award = services.award_decide(by=world.alice, procurement=procurement, lot=lot, voluntary_standstill=True)
    assert award.bid == bids["pam"] and award.status == AwardStatus.STANDSTILL
    assert award.standstill_last_day == working_days.standstill(timezone.localdate()).last_day
    assert "Voluntary standstill" in award.standstill_rule
    if timezone.localdate() < award.earliest_signing:
        with pytest.raises(ValidationError, match="Standstill"):
            services.award_sign(by=world.alice, award=award)
        assert _refused(procurement, "contract signed") == 1
    Award.objects.filter(pk=award.pk).update(earliest_signing=timezone.localdate() - datetime.timedelta(days=1))
    award.refresh_from_db()
    services.award_sign(by=world.alice, award=award)
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.AWARDED


def test_a_standstill_is_required_above_threshold_outside_light_touch(world):
    procurement = published_tender(world, cpv_code="48000000-8", title="Care records system")
    last_day, earliest, rule = services.standstill_for(procurement, datetime.date(2026, 11, 27), voluntary=False)
    assert (last_day, earliest) == (datetime.date(2026, 12, 9), datetime.date(2026, 12, 10))
    assert "St Andrew" in rule or "working day" in rule


def test_a_pcr_2015_award_waits_ten_days_even_for_light_touch_homecare(world):
    # Begun before 24 February 2025, so the Public Contracts Regulations 2015 govern it.
    procurement = published_tender(world, commenced_on=datetime.date(2025, 1, 6))
    assert procurement.regime == "pcr2015" and procurement.light_touch
    bids = {
        "pam": bid_for(world.pam, procurement, price=Decimal("5500000")),
        "pete": bid_for(world.pete, procurement, price=Decimal("5200000")),
    }
    deadline_passes(procurement)
    services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    services.opening_act(by=world.ada, procurement=procurement, passphrase=PASSPHRASES["ada"])
    for bid in bids.values():
        bid.refresh_from_db()
    _score_all(world, procurement, bids)
    services.evaluation_finish(by=world.alice, procurement=procurement)
    services.summaries_send(by=world.alice, procurement=procurement)
    award = services.award_decide(by=world.alice, procurement=procurement, lot=procurement.lots.first())
    today = timezone.localdate()
    period = working_days.pcr_standstill(today)
    assert award.status == AwardStatus.STANDSTILL
    assert (award.standstill_last_day, award.earliest_signing) == (period.last_day, period.earliest_signing)
    assert award.standstill_last_day >= today + datetime.timedelta(days=10)
    assert "reg 87" in award.standstill_rule and "Voluntary" not in award.standstill_rule
    with pytest.raises(ValidationError, match="Standstill"):
        services.award_sign(by=world.alice, award=award)
    assert _refused(procurement, "contract signed") == 1


def test_a_pcr_2015_call_off_or_direct_award_needs_no_standstill_but_may_hold_one(world):
    procurement = published_tender(world, commenced_on=datetime.date(2025, 1, 6))
    sent = datetime.date(2010, 3, 23)
    assert services.standstill_for(procurement, sent, voluntary=False)[:2] == (
        datetime.date(2010, 4, 6),
        datetime.date(2010, 4, 7),
    )
    for procedure in ("framework_call_off", "direct_award"):
        procurement.procedure = procedure  # unsaved: only the rule is under test
        last_day, earliest, rule = services.standstill_for(procurement, sent, voluntary=False)
        assert (last_day, earliest) == (None, sent) and "No standstill" in rule
        last_day, _, rule = services.standstill_for(procurement, sent, voluntary=True)
        assert last_day == datetime.date(2010, 4, 6) and rule.startswith("Voluntary standstill. ")


def test_a_procurement_can_end_without_an_award(world, opened):
    procurement, _, _ = opened
    with pytest.raises(ValidationError, match="reason"):
        services.procurement_terminate(by=world.alice, procurement=procurement, reason="")
    services.procurement_terminate(by=world.alice, procurement=procurement, reason="Every bid was over budget")
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.TERMINATED and procurement.termination_reason
    with pytest.raises(ValidationError, match="already terminated"):
        services.procurement_terminate(by=world.alice, procurement=procurement, reason="Again")


def test_the_panel_scores_moderates_and_awards_through_the_pages(world, opened, client_for):
    procurement, bids, _ = opened
    questions = list(procurement.questions.order_by("number"))
    evaluation = reverse("procurement:evaluation", args=[procurement.pk])
    for name, bid in bids.items():
        form = {f"score_{q.pk}": str(s) for q, s in zip(questions, SCORES[name], strict=True)}
        form |= {f"reason_{q.pk}": "Clear evidence" for q in questions}
        alice = client_for(world.alice)
        assert alice.post(reverse("procurement:bid-score", args=[procurement.pk, bid.pk]), form).status_code == 302
        ada = client_for(world.ada)
        assert ada.get(reverse("procurement:bid-score", args=[procurement.pk, bid.pk])).status_code == 403
        carl = client_for(world.carl)  # the same test client, signed in as Carl now
        assert carl.post(reverse("procurement:bid-moderate", args=[procurement.pk, bid.pk]), form).status_code == 302
    page = carl.get(evaluation).content.decode()
    assert "Ranking from the moderated scores" in page
    assert carl.post(reverse("procurement:evaluation-finish", args=[procurement.pk]), {}).status_code == 302
    carl.post(reverse("procurement:summaries-send", args=[procurement.pk]), {})
    lot = procurement.lots.first()
    day = timezone.localdate()
    response = carl.post(
        reverse("procurement:award-create", args=[procurement.pk]),
        {"lot": lot.pk, "notice_published_on-day": day.day, "notice_published_on-month": day.month,
         "notice_published_on-year": day.year, "voluntary_standstill": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    award = Award.objects.get()
    response = carl.post(
        reverse("procurement:award-sign", args=[procurement.pk, award.pk]),
        {"signed_on-day": day.day, "signed_on-month": day.month, "signed_on-year": day.year},
    )
    assert (
        response.status_code == 200 and "Standstill: the contract cannot be signed before" in response.content.decode()
    )
    page = client_for(world.pam).get(reverse("procurement:summary", args=[bids["pam"].pk])).content.decode()
    # (one test client: signing Pam in signs Carl out)
    assert "Your assessment summary" in page and "Clear evidence" in page
