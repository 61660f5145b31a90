"""The resources API keeps the pages' rules: providers send and read only their own cost returns,
councils see only their own cost centres and returns, and a budget's partner is another council
or ICB."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.finance.models import CostSurveyReturn

pytestmark = pytest.mark.django_db


def post(client, body):
    return client.post("/api/v1/cost-of-care-returns/", body, content_type="application/json")


def test_providers_send_their_costs_through_the_api(world, exercise, client_for):
    # client_for signs one test client in as each person in turn.
    pam = client_for(world.pam)
    assert post(pam, {"exercise": exercise.pk, "lines": {"pay": "17.10"}}).status_code == 201
    assert post(pam, {"exercise": exercise.pk, "lines": {"pay": "17.20"}}).status_code == 201  # a correction
    survey = CostSurveyReturn.objects.get()
    assert (survey.provider.organisation, survey.amounts()) == (world.provider_a, {"pay": Decimal("17.2000")})
    assert pam.get("/api/v1/cost-of-care-returns/").json()["count"] == 1
    pete = client_for(world.pete)
    assert post(pete, {"exercise": exercise.pk, "lines": {"nonsense": "1"}}).status_code == 400
    assert post(pete, {"exercise": exercise.pk, "lines": {"pay": "-1"}}).status_code == 400
    assert pete.get("/api/v1/cost-of-care-returns/").json()["count"] == 0
    assert post(client_for(world.alice), {"exercise": exercise.pk, "lines": {"pay": "1"}}).status_code == 403
    assert client_for(world.alice).get("/api/v1/cost-of-care-returns/").json()["count"] == 1
    assert client_for(world.steve).get("/api/v1/cost-of-care-returns/").json()["count"] == 0
    exercise.status = "closed"
    exercise.save()
    # A closed exercise is out of providers' reach altogether.
    assert post(client_for(world.pete), {"exercise": exercise.pk, "lines": {"pay": "18"}}).status_code == 400


def test_cost_centres_belong_to_their_council(world, client_for):
    body = {"code": "OP-1", "name": "Older people", "service_type": "homecare", "client_group": "older_people"}
    alice = client_for(world.alice)
    assert alice.post("/api/v1/cost-centres/", body, content_type="application/json").status_code == 201
    assert alice.post("/api/v1/cost-centres/", body, content_type="application/json").status_code == 400
    assert client_for(world.steve).get("/api/v1/cost-centres/").json()["count"] == 0
    assert (
        client_for(world.colin).post("/api/v1/cost-centres/", body, content_type="application/json").status_code == 403
    )


def test_the_budget_api_takes_only_another_council_or_icb_as_partner(world, client_for):
    body = {
        "financial_year": 2026, "client_group": "carers", "service_type": "short_breaks", "funding_source": "grant",
        "amount": "10.00", "partner_share_percent": "10",
    }  # fmt: skip
    client = client_for(world.alice)
    for partner in (world.provider_a, world.trafford):
        response = client.post("/api/v1/budgets/", {**body, "partner": partner.pk}, content_type="application/json")
        assert response.status_code == 400
    response = client.post("/api/v1/budgets/", {**body, "partner": world.icb.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["partner_amount"] == "1.00"
