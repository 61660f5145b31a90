"""Dynamic markets and staged competitive flexible procedures through the API: the buyer's staff
announce, set up, change and end a market and decide on applications, and design and decide the
stages of a tender; suppliers apply to join and ask to take part, and only ever see their own
application or place. The same rules and refusals (in the same words) as the pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning.procurement import services
from commissioning.procurement.models import MarketMembership, Participant, Procurement, ProcurementEvent, TenderStage
from commissioning.procurement.tests.factories import dynamic_market, procurement_for, tender_ready

pytestmark = pytest.mark.django_db

STATEMENT = "CQC registered for accommodation with nursing; rated good; insured to £10m"
MARKET = "Trafford care home placements market"
DRAFT_STAGED = "Supported living, stages being designed"
STAGED = "Supported living, flexible"


def api_for(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _refusals(procurement: Procurement, action: str) -> list[ProcurementEvent]:
    return list(ProcurementEvent.objects.filter(procurement=procurement, action=action, refused=True))


def _later(days: int) -> str:
    """A moment `days` from today at noon (UTC), the same however often it is asked for."""
    return f"{timezone.localdate() + datetime.timedelta(days=days)}T12:00:00Z"


# Records at each step, made through the services, each once (tests/test_submit_once.py uses them) ---------


def planned_market(world: Any) -> Procurement:
    """A Trafford dynamic market ready to announce."""
    return Procurement.objects.filter(title=MARKET).first() or dynamic_market(world, title=MARKET)


def announced_market(world: Any) -> Procurement:
    market = planned_market(world)
    return market if market.is_published else services.market_announce(by=world.alice, procurement=market)


def pams_application(world: Any) -> MarketMembership:
    """Provider A's application to the announced market, awaiting a decision."""
    market = announced_market(world)
    found = MarketMembership.objects.filter(procurement=market, supplier=world.pam.organisation).first()
    return found or services.membership_apply(by=world.pam, procurement=market, statement=STATEMENT)


def pams_membership(world: Any) -> MarketMembership:
    """Provider A admitted to the market."""
    membership = pams_application(world)
    if membership.status == "applied":
        membership = services.membership_decide(by=world.alice, membership=membership, admit=True)
    return membership


def draft_staged_tender(world: Any) -> Procurement:
    """A competitive flexible procurement ready to publish once its stages are designed."""
    found = Procurement.objects.filter(title=DRAFT_STAGED).first()
    return found or tender_ready(world, procedure="competitive_flexible", title=DRAFT_STAGED)


def stage_body(world: Any) -> dict[str, Any]:
    return {
        "procurement": draft_staged_tender(world).pk,
        "kind": "participation",
        "title": "Conditions of participation",
        "description": "Evidence of CQC registration and two years' accounts",
        "closes_at": _later(5),
    }


def staged_tender(world: Any) -> Procurement:
    """A published competitive flexible tender whose first stage (conditions of participation) is open."""
    found = Procurement.objects.filter(title=STAGED).first()
    if found is not None:
        return found
    procurement = tender_ready(world, procedure="competitive_flexible", title=STAGED)
    services.stage_create(
        by=world.alice, procurement=procurement, kind="participation", title="Conditions of participation",
        description="Evidence of CQC registration and two years' accounts",
        closes_at=timezone.now() + datetime.timedelta(days=5),
    )  # fmt: skip
    return services.tender_publish(by=world.alice, procurement=procurement)


def stage_to_decide(world: Any) -> TenderStage:
    """The staged tender's first stage, closed, with Provider A taking part."""
    procurement = staged_tender(world)
    if not procurement.participants.filter(supplier=world.pam.organisation).exists():
        services.participation_request(by=world.pam, procurement=procurement, statement="Registered since 2015")
    stage = procurement.stages.get(number=1)
    if not stage.closed:
        TenderStage.objects.filter(pk=stage.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
        stage.refresh_from_db()
    return stage


# Dynamic markets -------------------------------------------------------------------------------


def test_the_buyer_runs_a_dynamic_market_and_each_supplier_sees_only_its_own_application(world):
    alice, pam, pete = api_for(world.alice), api_for(world.pam), api_for(world.pete)
    market = planned_market(world)
    announced = alice.post(f"/api/v1/procurements/{market.pk}/announce-market/")
    assert announced.status_code == 200, announced.json()
    assert announced.json()["status"] == "open" and [n["kind"] for n in announced.json()["notices"]] == ["UK13"]

    found = pam.get(f"/api/v1/opportunities/{market.pk}/").json()
    assert found["status"] == "open" and found["procedure"] == "dynamic_market"
    assert found["membership_conditions"].startswith("Registered with the CQC")
    assert found["market_ends_on"] == market.market_ends_on.isoformat()

    applied = pam.post("/api/v1/market-memberships/", {"procurement": market.pk, "statement": STATEMENT})
    assert applied.status_code == 201, applied.json()
    assert applied.json()["status"] == "applied" and applied.json()["supplier_name"] == "Provider A Care Ltd"
    petes = pete.post("/api/v1/market-memberships/", {"procurement": market.pk, "statement": "We are keen"}).json()

    # Each supplier sees its own application, never another's, nor anyone's in the opportunity.
    assert [m["supplier_name"] for m in pam.get("/api/v1/market-memberships/").json()["results"]] == [
        "Provider A Care Ltd"
    ]
    assert pam.get(f"/api/v1/market-memberships/{petes['id']}/").status_code == 404
    assert "Provider B" not in str(pam.get(f"/api/v1/opportunities/{market.pk}/").json())
    # The buyer's staff see both; another council sees none.
    listed = alice.get(f"/api/v1/market-memberships/?procurement={market.pk}").json()["results"]
    assert {m["supplier_name"] for m in listed} == {"Provider A Care Ltd", "Provider B Homes Ltd"}
    assert api_for(world.steve).get("/api/v1/market-memberships/").json()["results"] == []

    # A supplier decides nothing, not even on its own application.
    assert pam.post(f"/api/v1/market-memberships/{applied.json()['id']}/decide/", {"admit": True}).status_code == 403
    admitted = alice.post(f"/api/v1/market-memberships/{applied.json()['id']}/decide/", {"admit": True})
    assert admitted.status_code == 200 and admitted.json()["status"] == "admitted"
    refused = alice.post(
        f"/api/v1/market-memberships/{petes['id']}/decide/",
        {"admit": False, "reason": "No evidence of CQC registration for nursing"},
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    told = pete.get(f"/api/v1/market-memberships/{petes['id']}/").json()
    assert told["reason"] == "No evidence of CQC registration for nursing"

    set_up = alice.post(f"/api/v1/procurements/{market.pk}/set-up-market/")
    assert set_up.status_code == 200 and set_up.json()["status"] == "established"
    assert set_up.json()["established_at"]
    later = timezone.localdate() + datetime.timedelta(days=5 * 365)
    changed = alice.post(
        f"/api/v1/procurements/{market.pk}/change-market/",
        {"summary": "Runs a year longer, to match the strategy", "market_ends_on": later.isoformat()},
    )
    assert changed.status_code == 200 and changed.json()["market_ends_on"] == later.isoformat()
    assert changed.json()["membership_conditions"] == market.membership_conditions  # never changes

    removed = alice.post(
        f"/api/v1/market-memberships/{applied.json()['id']}/remove/", {"reason": "Now an excluded supplier"}
    )
    assert removed.status_code == 200 and removed.json()["status"] == "removed"
    ended = alice.post(f"/api/v1/procurements/{market.pk}/end-market/", {"reason": "Replaced by block contracts"})
    assert ended.status_code == 200 and ended.json()["status"] == "ceased"
    assert [n["kind"] for n in ended.json()["notices"]] == ["UK13", "UK14", "UK15", "UK16"]
    assert ended.json()["termination_reason"] == "Replaced by block contracts"


def test_a_second_application_is_refused_in_words_and_logged(world):
    market = announced_market(world)
    pam = api_for(world.pam)
    body = {"procurement": market.pk, "statement": STATEMENT}
    assert pam.post("/api/v1/market-memberships/", body).status_code == 201
    again = pam.post("/api/v1/market-memberships/", body)
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Your organisation's application is awaiting a decision"]}
    assert MarketMembership.objects.count() == 1
    [refusal] = _refusals(market, "applied to join the dynamic market")
    assert refusal.by == world.pam and refusal.detail == "Your organisation's application is awaiting a decision"

    services.membership_decide(by=world.alice, membership=MarketMembership.objects.get(), admit=True)
    member = pam.post("/api/v1/market-memberships/", body, HTTP_IDEMPOTENCY_KEY="join-again-0000000001")
    assert member.status_code == 400 and member.json()["non_field_errors"] == ["Your organisation is already a member"]
    assert len(_refusals(market, "applied to join the dynamic market")) == 2


def test_refusals_name_the_field_in_the_pages_words(world):
    market = announced_market(world)
    alice, pam = api_for(world.alice), api_for(world.pam)
    empty = pam.post("/api/v1/market-memberships/", {"procurement": market.pk, "statement": " "})
    assert empty.status_code == 400
    assert empty.json() == {"statement": ["Say how your organisation meets each condition for membership"]}
    unknown = pam.post("/api/v1/market-memberships/", {"procurement": 999999, "statement": STATEMENT})
    assert unknown.status_code == 400 and "procurement" in unknown.json()
    unannounced = procurement_for(world.alice, procedure="dynamic_market", title="Not yet announced")
    hidden = pam.post("/api/v1/market-memberships/", {"procurement": unannounced.pk, "statement": STATEMENT})
    assert hidden.status_code == 400 and "procurement" in hidden.json()
    # The buyer's staff do not apply.
    assert alice.post("/api/v1/market-memberships/", {"procurement": market.pk, "statement": "x"}).status_code == 403

    membership = pams_application(world)
    decide = f"/api/v1/market-memberships/{membership.pk}/decide/"
    no_answer = alice.post(decide, {"reason": "Looks fine"})
    assert no_answer.status_code == 400 and "admit" in no_answer.json()
    assert alice.post(decide, {"admit": "perhaps"}, format="json").status_code == 400
    no_reason = alice.post(decide, {"admit": False}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["Say which condition for membership is not met, or that it is excluded"]}
    assert _refusals(market, "membership decided")[0].by == world.alice
    membership.refresh_from_db()
    assert membership.status == "applied"

    change = f"/api/v1/procurements/{market.pk}/change-market/"
    assert alice.post(change, {"summary": ""}).json() == {"summary": ["Say what changed and why"]}
    past = alice.post(change, {"summary": "Shorter", "market_ends_on": "2020-01-01"})
    assert past.json() == {"market_ends_on": ["The market must run until a day still to come"]}
    assert "market_ends_on" in alice.post(change, {"summary": "x", "market_ends_on": "soon"}).json()
    end = f"/api/v1/procurements/{market.pk}/end-market/"
    assert alice.post(end, {"reason": " "}).json() == {"reason": ["Say why the market is ending"]}
    assert alice.post(end, {}).status_code == 400 and "reason" in alice.post(end, {}).json()
    assert len(_refusals(market, "dynamic market changed")) == 2
    assert len(_refusals(market, "dynamic market ended")) == 1  # a reason left out never reaches the service


def test_only_the_buyers_commissioning_workers_run_a_market(world):
    market = announced_market(world)
    for person in (world.pam, world.colin):  # a supplier, a councillor who only reads
        assert api_for(person).post(f"/api/v1/procurements/{market.pk}/set-up-market/").status_code == 403
    assert api_for(world.steve).post(f"/api/v1/procurements/{market.pk}/set-up-market/").status_code == 404
    again = api_for(world.alice).post(f"/api/v1/procurements/{market.pk}/announce-market/")
    assert again.status_code == 400 and again.json() == {
        "non_field_errors": ["The dynamic market is already announced"]
    }
    tender = procurement_for(world.alice, title="Not a market")
    wrong = api_for(world.alice).post(f"/api/v1/procurements/{tender.pk}/announce-market/")
    assert wrong.json() == {"non_field_errors": ["This procurement is not a dynamic market"]}
    assert _refusals(tender, "dynamic market announced")[0].detail == "This procurement is not a dynamic market"


def test_a_market_is_started_through_the_api_with_its_conditions(world):
    body = {
        "title": "Trafford nursing placements", "description": "Nursing placements", "service_type": "care_home",
        "cpv_code": "85311000-2", "estimated_value": "30000000.00", "procedure": "dynamic_market",
        "membership_conditions": "Registered with the CQC; not rated inadequate",
        "market_ends_on": (timezone.localdate() + datetime.timedelta(days=1000)).isoformat(),
    }  # fmt: skip
    started = api_for(world.alice).post("/api/v1/procurements/", body, format="json")
    assert started.status_code == 201, started.json()
    assert started.json()["membership_conditions"] == "Registered with the CQC; not rated inadequate"
    assert started.json()["market_ends_on"] == body["market_ends_on"] and started.json()["stages"] == []


# Staged competitive flexible procedures --------------------------------------------------------------


def test_the_buyer_designs_the_stages_before_publication(world):
    procurement = draft_staged_tender(world)
    alice = api_for(world.alice)
    first = alice.post("/api/v1/tender-stages/", stage_body(world), format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["number"] == 1 and first.json()["decided_at"] is None
    second = {
        **stage_body(world), "kind": "negotiation", "title": "Negotiation on the model of care",
        "description": "A meeting with each supplier taken forward",
    }  # fmt: skip
    too_early = alice.post("/api/v1/tender-stages/", second, format="json")
    assert too_early.status_code == 400 and "closes_at" in too_early.json()
    assert too_early.json()["closes_at"][0].startswith("Stage 1 closes") and "close after it" in str(too_early.json())
    participation_again = alice.post(
        "/api/v1/tender-stages/", {**second, "kind": "participation", "closes_at": _later(10)}, format="json"
    )
    assert participation_again.json() == {"kind": ["Conditions of participation are the first stage, or none"]}
    assert alice.post("/api/v1/tender-stages/", {**second, "kind": "auction"}, format="json").json().keys() == {"kind"}
    made = alice.post("/api/v1/tender-stages/", {**second, "closes_at": _later(10)}, format="json")
    assert made.status_code == 201 and made.json()["number"] == 2

    # Only the last stage can be taken out, by the buyer's commissioning workers.
    assert alice.delete(f"/api/v1/tender-stages/{first.json()['id']}/").json() == {
        "non_field_errors": ["Take out the later stages first"]
    }
    assert api_for(world.carl).delete(f"/api/v1/tender-stages/{made.json()['id']}/").status_code == 204
    assert alice.get(f"/api/v1/tender-stages/?procurement={procurement.pk}").json()["results"][0]["number"] == 1
    assert [s["title"] for s in alice.get(f"/api/v1/procurements/{procurement.pk}/").json()["stages"]] == [
        "Conditions of participation"
    ]
    # Suppliers design nothing, and see no stage of an unpublished tender; other councils see none.
    assert api_for(world.pam).post("/api/v1/tender-stages/", second, format="json").status_code == 403
    assert api_for(world.pam).get("/api/v1/tender-stages/").json()["results"] == []
    assert api_for(world.steve).get(f"/api/v1/tender-stages/{first.json()['id']}/").status_code == 404
    open_tender = procurement_for(world.alice, title="Open one")
    not_staged = alice.post("/api/v1/tender-stages/", {**stage_body(world), "procurement": open_tender.pk})
    assert not_staged.json() == {"non_field_errors": ["Only a competitive flexible procedure has stages"]}


def test_suppliers_take_part_and_each_sees_only_its_own_place(world):
    procurement = staged_tender(world)
    pam, pete, alice = api_for(world.pam), api_for(world.pete), api_for(world.alice)
    shown = pam.get(f"/api/v1/opportunities/{procurement.pk}/").json()
    assert [(s["number"], s["kind"], s["title"]) for s in shown["stages"]] == [
        (1, "participation", "Conditions of participation")
    ]
    # The stages are fixed once the tender is published.
    fixed = alice.delete(f"/api/v1/tender-stages/{shown['stages'][0]['id']}/")
    assert fixed.json() == {"non_field_errors": ["The stages are fixed once the tender is published"]}

    asked = pam.post("/api/v1/participants/", {"procurement": procurement.pk, "statement": "Registered since 2015"})
    assert asked.status_code == 201, asked.json()
    assert asked.json()["through_stage"] == 0 and asked.json()["out_at_stage"] is None
    petes = pete.post("/api/v1/participants/", {"procurement": procurement.pk, "statement": "Registered last month"})
    again = pam.post("/api/v1/participants/", {"procurement": procurement.pk, "statement": "Again"})
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Your organisation is already taking part"]}
    assert _refusals(procurement, "asked to take part")[0].by == world.pam
    empty = pete.post("/api/v1/participants/", {"procurement": procurement.pk, "statement": ""})
    assert empty.json() == {"statement": ["Say how your organisation meets the conditions of participation"]}
    assert alice.post("/api/v1/participants/", {"procurement": procurement.pk, "statement": "x"}).status_code == 403

    assert [p["supplier_name"] for p in pam.get("/api/v1/participants/").json()["results"]] == ["Provider A Care Ltd"]
    assert pam.get(f"/api/v1/participants/{petes.json()['id']}/").status_code == 404
    assert "Provider B" not in str(pam.get(f"/api/v1/opportunities/{procurement.pk}/").json())
    staff = alice.get(f"/api/v1/participants/?procurement={procurement.pk}").json()["results"]
    assert {p["supplier_name"] for p in staff} == {"Provider A Care Ltd", "Provider B Homes Ltd"}


def test_the_buyer_decides_a_closed_stage_with_a_reason_for_each_supplier_not_taken_further(world):
    procurement = staged_tender(world)
    services.participation_request(by=world.pete, procurement=procurement, statement="Registered last month")
    stage = stage_to_decide(world)
    alice, pam, pete = api_for(world.alice), api_for(world.pam), api_for(world.pete)
    decide = f"/api/v1/tender-stages/{stage.pk}/decide/"
    forward = {"taken_forward": [world.pam.organisation_id]}

    assert pam.post(decide, forward, format="json").status_code == 403
    assert api_for(world.steve).post(decide, forward, format="json").status_code == 404
    no_reason = alice.post(decide, forward, format="json")
    assert no_reason.status_code == 400
    missing = "Say why each supplier is not taken further: Provider B Homes Ltd"
    assert no_reason.json() == {"non_field_errors": [missing]}
    [refusal] = _refusals(procurement, "stage decided")
    assert refusal.by == world.alice and "Provider B Homes Ltd" in refusal.detail
    assert alice.post(decide, {"taken_forward": ["Provider A"]}, format="json").json().keys() == {"taken_forward"}
    assert alice.post(decide, {**forward, "reasons": {"Provider B": "x"}}, format="json").json().keys() == {"reasons"}
    assert alice.post(decide, {"reasons": {}}, format="json").json().keys() == {"taken_forward"}

    decided = alice.post(
        decide,
        {**forward, "reasons": {str(world.pete.organisation_id): "Less than two years' accounts"}},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["decided_at"]
    mine = pam.get("/api/v1/participants/").json()["results"]
    assert [(p["through_stage"], p["out_at_stage"], p["reason"]) for p in mine] == [(1, None, "")]
    theirs = pete.get("/api/v1/participants/").json()["results"]
    assert [(p["out_at_stage"], p["reason"]) for p in theirs] == [(1, "Less than two years' accounts")]
    assert "two years" not in str(pam.get("/api/v1/participants/").json())
    twice = alice.post(decide, forward, format="json")
    assert twice.json() == {"non_field_errors": ["Stage 1 is already decided"]}
    assert Participant.objects.get(supplier=world.pete.organisation).out_at_stage == 1


def test_a_competition_in_a_dynamic_market_is_started_through_the_api(world):
    market = services.market_establish(by=world.alice, procurement=announced_market(world))
    body = {
        "title": "Nursing beds, spring 2027", "description": "Four nursing beds", "service_type": "care_home",
        "cpv_code": "85311000-2", "commenced_on": "2026-11-02", "estimated_value": "400000",
        "procedure": "dynamic_market_competition", "framework": market.pk,
    }  # fmt: skip
    made = api_for(world.alice).post("/api/v1/procurements/", body, format="json")
    assert made.status_code == 201 and made.json()["framework"] == market.pk
    elsewhere = api_for(world.steve).post("/api/v1/procurements/", body, format="json")
    assert elsewhere.status_code in (400, 403)
