"""The contracts API: the same selectors and services as the pages, so the same scoping and refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from commissioning.contracts.models import Contract
from commissioning.contracts.tests.factories import contract_for, providers_for, signed_award

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_each_reader_lists_only_the_contracts_they_may_see(world):
    providers = providers_for(world)
    mine = contract_for(world.alice, providers.a)
    contract_for(world.alice, providers.b)
    found = _api(world.pam).get("/api/v1/contracts/").json()["results"]
    assert [row["id"] for row in found] == [mine.pk]
    assert _api(world.pete).get(f"/api/v1/contracts/{mine.pk}/").status_code == 404
    assert _api(world.steve).get("/api/v1/contracts/").json()["count"] == 0
    assert _api(world.penny).get("/api/v1/contracts/").status_code == 403
    assert _api(world.alice).get("/api/v1/contracts/", {"kind": "spot"}).json()["count"] == 0
    assert _api(world.alice).get("/api/v1/contracts/", {"q": providers.b.name}).json()["count"] == 1


def test_a_contract_is_entered_varied_and_given_kpis_through_the_api(world):
    providers = providers_for(world)
    api = _api(world.carl)
    body = {
        "title": "Supported living, Sale", "kind": "block", "provider": providers.a.pk,
        "service_type": "supported_living", "client_group": "learning_disability", "areas": ["E08000009"],
        "regime": "pcr2015", "value": "800000.00",
        "starts_on": "2025-01-01", "ends_on": "2027-12-31", "entered_directly_reason": "Let in 2024",
        "extension_months": [12],
    }  # fmt: skip
    created = api.post("/api/v1/contracts/", body, format="json")
    assert created.status_code == 201, created.json()
    contract = created.json()
    assert contract["reference"] == "CON-2025-001" and contract["extensions"][0]["months"] == 12
    assert contract["status"] == "live" and contract["areas"] == ["E08000009"]
    variation = {
        "contract": contract["id"], "effective_on": "2026-01-01", "reason": "More tenants", "value_change": "40000",
        "approved_by": world.alice.pk, "approved_on": TODAY.isoformat(),
    }  # fmt: skip
    refused = api.post("/api/v1/contract-variations/", variation, format="json")
    assert refused.status_code == 400 and "Choose the legal ground" in refused.json()["ground"][0]
    made = api.post("/api/v1/contract-variations/", {**variation, "ground": "pcr_review_clause"}, format="json")
    assert made.status_code == 201 and made.json()["number"] == 1
    kpi = {"contract": contract["id"], "name": "Tenancies kept", "definition": "Tenancies still held", "unit": "%"}
    assert api.post("/api/v1/contract-kpis/", kpi, format="json").status_code == 201
    assert Contract.objects.get().value == Decimal("840000.00")
    # Providers and other councils cannot write, nor reach another's contract.
    assert _api(world.pam).post("/api/v1/contracts/", body, format="json").status_code == 403
    assert _api(world.steve).post("/api/v1/contract-kpis/", kpi, format="json").status_code == 400


def test_a_terminated_contract_refuses_a_variation_and_an_award_enters_once(world):
    providers = providers_for(world)
    contract = contract_for(world.alice, providers.a)
    api = _api(world.alice)
    ended = api.post(
        f"/api/v1/contracts/{contract.pk}/terminate/", {"terminated_on": TODAY.isoformat(), "reason": "Closed"}
    )
    assert ended.status_code == 200 and ended.json()["status"] == "terminated"
    variation = {
        "contract": contract.pk, "effective_on": "2026-05-01", "reason": "More", "value_change": "1",
        "approved_by": world.alice.pk, "approved_on": TODAY.isoformat(),
    }  # fmt: skip
    refused = api.post("/api/v1/contract-variations/", variation, format="json")
    assert refused.status_code == 400 and "cannot be varied" in str(refused.json())
    award = signed_award(world)
    body = {"award": award.pk, "ends_on": (TODAY + datetime.timedelta(days=365)).isoformat()}
    assert api.post("/api/v1/contracts/from-award/", body, format="json").status_code == 201
    again = api.post("/api/v1/contracts/from-award/", body, format="json")
    assert again.status_code == 400 and Contract.objects.filter(award=award).count() == 1


def test_a_block_is_called_off_decided_and_ended_through_the_api(world):
    providers = providers_for(world)
    block = contract_for(world.alice, providers.a, capacity=Decimal(20), capacity_unit="beds", title="Beds")
    body = {"contract": block.pk, "units": "18", "starts_on": "2026-05-01", "weekly_cost": "800.00"}
    made = _api(world.sonia).post("/api/v1/call-offs/", body, format="json")
    assert made.status_code == 201 and made.json()["status"] == "requested"
    over = _api(world.sonia).post("/api/v1/call-offs/", {**body, "units": "3"}, format="json")
    assert over.status_code == 400 and over.json()["units"] == [
        "Beyond the block's capacity: 2 beds left at the busiest point from 1 May 2026, and 3 asked for"
    ]
    call_off = made.json()["id"]
    assert _api(world.pete).post(f"/api/v1/call-offs/{call_off}/decide/", {"accept": True}).status_code == 404
    assert _api(world.alice).post(f"/api/v1/call-offs/{call_off}/decide/", {"accept": True}).status_code == 403
    assert _api(world.pam).get("/api/v1/call-offs/").json()["results"][0]["id"] == call_off
    assert _api(world.pete).get("/api/v1/call-offs/").json()["results"] == []
    decided = _api(world.pam).post(f"/api/v1/call-offs/{call_off}/decide/", {"accept": True}, format="json")
    assert decided.json()["status"] == "accepted"
    ended = _api(world.sonia).post(f"/api/v1/call-offs/{call_off}/end/", {"ends_on": "2026-04-01"}, format="json")
    assert ended.status_code == 400 and "End on or after its start" in ended.json()["ends_on"][0]
