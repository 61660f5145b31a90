"""The procurement API: the buyer's staff set up and run tenders, providers find them, ask and bid,
the panel scores, and awards wait out their standstill, with the same rules and refusals (in the
same words) as the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from commissioning.procurement import services
from commissioning.procurement.choices import ProcurementStatus
from commissioning.procurement.models import Bid, Clarification, ProcurementEvent, Score
from commissioning.procurement.tests.factories import (
    answers_for,
    bid_for,
    deadline_passes,
    procurement_for,
    published_tender,
)

pytestmark = pytest.mark.django_db

SCORES = {"pam": (4, 3, 3), "pete": (3, 3, 2), "olive": (1, 4, 4)}


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _bid_body(procurement, lot=None, price="5500000.00"):
    lot = lot or procurement.lots.first()
    return {"procurement": procurement.pk, "lot": lot.pk, "price": price, "answers": answers_for(procurement, lot)}


def _score_and_moderate(world, procurement, bids):
    questions = list(procurement.questions.order_by("number"))
    for name, bid in bids.items():
        for question, score in zip(questions, SCORES[name], strict=True):
            services.score_record(by=world.alice, bid=bid, question=question, score=score, reason=f"Scored {score}")
            services.moderation_record(by=world.carl, bid=bid, question=question, score=score, reason="Agreed")


def test_a_provider_finds_a_tender_bids_and_gets_a_receipt_that_no_other_provider_sees(world):
    procurement = published_tender(world)
    pam, pete = api_for(world.pam), api_for(world.pete)
    found = pam.get("/api/v1/opportunities/").json()["results"]
    assert [o["reference"] for o in found] == [procurement.reference]
    assert found[0]["buyer"] == "Trafford Council" and len(found[0]["lots"]) == 2
    assert {q["question"] for q in found[0]["questions"]} >= {"How will you recruit and keep care workers?"}

    sent = pam.post("/api/v1/bids/", _bid_body(procurement), format="json")
    assert sent.status_code == 201, sent.json()
    receipt = sent.json()
    assert receipt["receipt"].startswith(procurement.reference) and receipt["status"] == "submitted"
    assert len(receipt["sha256"]) == 64 and receipt["size"] > 0
    assert [b["receipt"] for b in pam.get("/api/v1/bids/").json()["results"]] == [receipt["receipt"]]

    assert pete.get(f"/api/v1/bids/{receipt['id']}/").status_code == 404
    assert pete.get("/api/v1/bids/").json()["results"] == []
    assert pete.post(f"/api/v1/bids/{receipt['id']}/withdraw/").status_code == 404
    # The buyer sees no bid before opening, and cannot bid.
    assert api_for(world.alice).get("/api/v1/bids/").status_code == 403
    assert api_for(world.alice).post("/api/v1/bids/", _bid_body(procurement), format="json").status_code == 403

    withdrawn = pam.post(f"/api/v1/bids/{receipt['id']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = pam.post(f"/api/v1/bids/{receipt['id']}/withdraw/")
    assert again.status_code == 400 and "This bid is withdrawn" in str(again.json())


def test_a_bid_after_the_deadline_is_refused_with_the_reason(world):
    procurement = published_tender(world)
    deadline_passes(procurement)
    late = api_for(world.pam).post("/api/v1/bids/", _bid_body(procurement), format="json")
    assert late.status_code == 400
    assert late.json() == {"non_field_errors": ["The deadline for bids has passed"]}
    assert not Bid.objects.exists()
    # The tender is no longer listed as taking bids, but can still be read.
    assert api_for(world.pam).get("/api/v1/opportunities/").json()["results"] == []
    assert api_for(world.pam).get(f"/api/v1/opportunities/{procurement.pk}/").status_code == 200


def test_a_bid_missing_an_answer_is_refused_by_field(world):
    procurement = published_tender(world)
    body = {**_bid_body(procurement), "answers": {}}
    refused = api_for(world.pam).post("/api/v1/bids/", body, format="json")
    assert refused.status_code == 400 and "Answer question 1" in refused.json()["answers"][0]
    huge = api_for(world.pam).post("/api/v1/bids/", {**body, "price": "9000000000000"}, format="json")
    assert huge.status_code == 400 and huge.json()["price"] == ["Amounts must be £5,000,000,000 or less"]


def test_another_provider_never_learns_who_asked_a_question(world):
    procurement = published_tender(world)
    asked = api_for(world.pam).post(
        "/api/v1/clarifications/", {"procurement": procurement.pk, "question": "Is travel time paid?"}, format="json"
    )
    assert asked.status_code == 201 and asked.json()["asked_by_you"] is True
    assert "asked_by" not in asked.json()
    pete = api_for(world.pete)
    # Unanswered, it is Pam's alone.
    assert pete.get(f"/api/v1/clarifications/?procurement={procurement.pk}").json()["results"] == []

    services.clarification_answer(
        by=world.alice, clarification=Clarification.objects.get(), answer="Yes, at the Real Living Wage"
    )
    seen = pete.get(f"/api/v1/clarifications/?procurement={procurement.pk}").json()["results"]
    assert [(c["question"], c["answer"]) for c in seen] == [("Is travel time paid?", "Yes, at the Real Living Wage")]
    assert seen[0]["asked_by_you"] is False and "asked_by" not in seen[0]
    assert "Provider A" not in str(pete.get(f"/api/v1/clarifications/{seen[0]['id']}/").json())
    opportunity = pete.get(f"/api/v1/opportunities/{procurement.pk}/").json()
    assert opportunity["clarifications"][0]["answer"] == "Yes, at the Real Living Wage"
    assert "Provider A" not in str(opportunity)
    # The buyer's staff see who asked.
    staff = api_for(world.alice).get(f"/api/v1/clarifications/?procurement={procurement.pk}").json()["results"]
    assert staff[0]["asked_by"] == "Provider A Care Ltd"
    # Only providers ask.
    refused = api_for(world.alice).post(
        "/api/v1/clarifications/", {"procurement": procurement.pk, "question": "?"}, format="json"
    )
    assert refused.status_code == 403


def test_another_council_cannot_see_traffords_procurements(world):
    procurement = procurement_for(world.alice)
    steve = api_for(world.steve)
    assert steve.get("/api/v1/procurements/").json()["results"] == []
    assert steve.get(f"/api/v1/procurements/{procurement.pk}/").status_code == 404
    assert steve.post(f"/api/v1/procurements/{procurement.pk}/terminate/", {"reason": "x"}).status_code == 404
    assert api_for(world.pam).get("/api/v1/procurements/").status_code == 403
    alice = api_for(world.alice)
    assert [p["reference"] for p in alice.get("/api/v1/procurements/?status=planning").json()["results"]] == [
        procurement.reference
    ]
    assert alice.get("/api/v1/procurements/?status=open").json()["results"] == []
    assert alice.get("/api/v1/procurements/?status=nonsense").status_code == 400


def test_the_buyer_starts_a_procurement_and_is_told_what_stops_its_publication(world):
    alice = api_for(world.alice)
    body = {
        "title": "Trafford homecare 2027", "description": "Homecare for older people", "service_type": "homecare",
        "cpv_code": "85312000-9", "commenced_on": "2026-11-02", "estimated_value": "12000000.00",
        "procedure": "open", "specification": "Seven days a week",
    }  # fmt: skip
    bad_cpv = alice.post("/api/v1/procurements/", {**body, "cpv_code": "12"}, format="json")
    assert bad_cpv.status_code == 400 and "cpv_code" in bad_cpv.json()
    assert api_for(world.colin).post("/api/v1/procurements/", body, format="json").status_code == 403
    started = alice.post("/api/v1/procurements/", body, format="json")
    assert started.status_code == 201, started.json()
    procurement = started.json()
    assert procurement["reference"] == "PROC-2026-001" and procurement["status"] == "planning"
    assert procurement["regime"] == "pa23" and procurement["light_touch"] is True and procurement["regime_reason"]
    assert procurement["weights"] == {"price": "40.00", "quality": "50.00", "social_value": "10.00"}

    lot = alice.post(
        "/api/v1/lots/", {"procurement": procurement["id"], "title": "North", "estimated_value": "6000000"}
    )
    assert lot.status_code == 201 and lot.json()["number"] == 1
    question = alice.post(
        "/api/v1/quality-questions/",
        {"procurement": procurement["id"], "question": "How will you recruit?", "weight": "100", "minimum_score": 5},
    )
    assert question.status_code == 400 and "Scores run from 0 to 4" in str(question.json())
    refused = alice.post(f"/api/v1/procurements/{procurement['id']}/publish/")
    assert refused.status_code == 400 and "Name at least two opening officers" in refused.json()["non_field_errors"]
    shown = alice.get(f"/api/v1/procurements/{procurement['id']}/").json()
    assert [lot["title"] for lot in shown["lots"]] == ["North"] and shown["is_published"] is False


def test_only_the_panels_assessors_score_and_its_moderators_moderate(world, opened):
    procurement, bids, _ = opened
    question = procurement.questions.order_by("number").first()
    body = {"bid": bids["pam"].pk, "question": question.pk, "score": 3, "reason": "Good evidence"}
    for person in (world.carl, world.ada, world.pam):
        assert api_for(person).post("/api/v1/scores/", body).status_code == 403
    assert not Score.objects.exists()
    assert api_for(world.alice).post("/api/v1/scores/", {**body, "score": 9}).status_code == 400
    scored = api_for(world.alice).post("/api/v1/scores/", body)
    assert scored.status_code == 201 and scored.json()["score"] == 3
    assert api_for(world.alice).post("/api/v1/moderated-scores/", body).status_code == 403
    moderated = api_for(world.carl).post("/api/v1/moderated-scores/", {**body, "reason": "Agreed"})
    assert moderated.status_code == 201 and moderated.json()["reason"] == "Agreed"


def test_an_award_before_moderation_is_refused(world, opened):
    procurement, _, _ = opened
    alice = api_for(world.alice)
    award = alice.post("/api/v1/awards/", {"procurement": procurement.pk, "lot": procurement.lots.first().pk})
    assert award.status_code == 400
    assert award.json()["non_field_errors"] == [
        "A lot can be awarded only after the evaluation is moderated and finished"
    ]
    early = alice.post(f"/api/v1/procurements/{procurement.pk}/finish-evaluation/")
    assert early.status_code == 400 and "answers still to moderate" in str(early.json())


def test_a_contract_cannot_be_signed_during_standstill(world, opened):
    procurement, bids, _ = opened
    _score_and_moderate(world, procurement, bids)
    alice = api_for(world.alice)
    finished = alice.post(f"/api/v1/procurements/{procurement.pk}/finish-evaluation/")
    assert finished.status_code == 200 and finished.json()["status"] == ProcurementStatus.EVALUATED
    lot = procurement.lots.first()
    too_soon = alice.post("/api/v1/awards/", {"procurement": procurement.pk, "lot": lot.pk})
    assert too_soon.status_code == 400 and "assessment summary" in str(too_soon.json())
    assert alice.post(f"/api/v1/procurements/{procurement.pk}/send-summaries/").status_code == 200

    # Pete reads his own summary, with the winner's marks beside his; never Pam's.
    summaries = api_for(world.pete).get("/api/v1/assessment-summaries/").json()["results"]
    assert [summary["bid"] for summary in summaries] == [bids["pete"].pk]
    assert api_for(world.pete).get(f"/api/v1/bids/{bids['pam'].pk}/").status_code == 404

    award = alice.post(
        "/api/v1/awards/", {"procurement": procurement.pk, "lot": lot.pk, "voluntary_standstill": True}, format="json"
    )
    assert award.status_code == 201, award.json()
    assert award.json()["supplier_name"] == "Provider A Care Ltd" and award.json()["status"] == "standstill"
    signed = alice.post(f"/api/v1/awards/{award.json()['id']}/sign/", {})
    assert signed.status_code == 400
    assert signed.json()["non_field_errors"][0].startswith("Standstill: the contract cannot be signed before")
    assert api_for(world.steve).get(f"/api/v1/awards/{award.json()['id']}/").status_code == 404
    assert api_for(world.pam).get("/api/v1/awards/").status_code == 403


def test_notices_are_public_with_their_release(world):
    procurement = published_tender(world)
    notices = api_for(world.pete).get("/api/v1/notices/").json()["results"]
    assert [(n["kind"], n["procurement"]) for n in notices] == [("UK4", procurement.reference)]
    release = notices[0]["release"]
    assert release["tag"] == ["tender"] and release["tender"]["title"] == "Trafford homecare 2027"
    assert notices[0]["url"].endswith(f"/public/notices/{notices[0]['id']}/")
    shown = api_for(world.alice).get(f"/api/v1/procurements/{procurement.pk}/").json()
    assert [(n["kind"], n["url"]) for n in shown["notices"]] == [("UK4", notices[0]["url"])]


def test_a_provider_explains_a_low_price_only_when_asked(world):
    procurement = published_tender(world)
    bid = bid_for(world.pam, procurement, price=Decimal("3900000"))
    pam = api_for(world.pam)
    early = pam.post(f"/api/v1/bids/{bid.pk}/explain/", {"explanation": "Fewer managers"})
    assert early.status_code == 400 and "No explanation of this bid's price has been asked for" in str(early.json())
    assert api_for(world.pete).post(f"/api/v1/bids/{bid.pk}/explain/", {"explanation": "x"}).status_code == 404


def test_a_refusal_is_logged_even_when_sent_with_an_idempotency_key(world):
    procurement = published_tender(world)
    deadline_passes(procurement)
    late = api_for(world.pam).post(
        "/api/v1/bids/", _bid_body(procurement), format="json", HTTP_IDEMPOTENCY_KEY="late-bid-0000000001"
    )
    assert late.status_code == 400 and late.json() == {"non_field_errors": ["The deadline for bids has passed"]}
    assert not Bid.objects.exists()
    refusal = ProcurementEvent.objects.get(procurement=procurement, refused=True)
    assert refusal.by == world.pam and "deadline" in refusal.detail
    # The key was not kept for the refusal: sent again, it is answered afresh (and logged again).
    again = api_for(world.pam).post(
        "/api/v1/bids/", _bid_body(procurement), format="json", HTTP_IDEMPOTENCY_KEY="late-bid-0000000001"
    )
    assert again.status_code == 400
    assert ProcurementEvent.objects.filter(procurement=procurement, refused=True).count() == 2
