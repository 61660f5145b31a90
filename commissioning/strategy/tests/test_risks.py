"""A cycle's risk register: its team records risks of the change and of the status quo, scored
likelihood x impact before and after mitigation, sees them on a heat map with a table beside it,
and every change is kept. Scores outside 1 to 5 are refused in plain words, nothing saved."""

from __future__ import annotations

import html
from itertools import count

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.strategy.models import Risk
from commissioning.strategy.tests.factories import risk_for
from commissioning.testing import check_page_access, check_queries_do_not_grow, expect

# world.cycle is Trafford's, with the ICB as a partner: its team is Trafford's staff and Iris.
TEAM = {"alice", "carl", "sonia", "colin", "ada", "iris"}
TEAM_WORKERS = {"alice", "carl", "ada", "iris"}


@pytest.fixture
def risk(world):
    return risk_for(world.alice, world.cycle)


MATRIX = [
    ("risk register", lambda w, r: reverse("strategy:risk-register", args=[w.cycle.pk]), expect(TEAM)),
    (
        "add a risk",
        lambda w, r: reverse("strategy:risk-create", args=[w.cycle.pk]),
        expect(TEAM_WORKERS, forbidden=TEAM),
    ),
    ("change a risk", lambda w, r: r.get_absolute_url(), expect(TEAM_WORKERS, forbidden=TEAM)),
    ("risk history", lambda w, r: reverse("strategy:risk-history", args=[r.pk]), expect(TEAM)),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_risk_page_access(world, risk, client_for, page, url_for, expected):
    check_page_access(world, client_for, page, url_for(world, risk), expected)


def test_no_risk_page_runs_more_queries_as_the_register_grows(world, risk, client_for):
    rounds = count()
    pages = [(page, url_for(world, risk), expected) for page, url_for, expected in MATRIX]
    check_queries_do_not_grow(
        client_for,
        pages,
        lambda: risk_for(world.iris, world.cycle, f"Risk {next(rounds)}", mitigation_owner=world.carl),
    )


def _form(**changes):
    data = {
        "title": "Homecare agencies cannot recruit", "description": "", "kind": "status_quo",
        "likelihood": "4", "impact": "4", "mitigation": "Pay the real living wage", "mitigation_owner": "",
        "residual_likelihood": "3", "residual_impact": "3",
        "review_on-day": "30", "review_on-month": "9", "review_on-year": "2027",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_commissioner_adds_a_risk_and_sees_it_on_the_heat_map(world, risk, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("strategy:risk-create", args=[world.cycle.pk]), _form(mitigation_owner=world.iris.pk)
    )
    assert response.status_code == 302
    added = Risk.objects.get(title="Homecare agencies cannot recruit")
    assert (added.score, added.residual_score, added.organisation) == (16, 9, world.trafford)
    page = html.unescape(client.get(response.url).content.decode())
    # Before mitigation: one risk at likelihood 4 x impact 5 (very high), one at 4 x 4 (high).
    assert "Before mitigation: 2 open risks by likelihood and impact" in page
    assert "Likelihood 4, impact 5: 1. Likelihood 4, impact 4: 1." in page
    assert "Likelihood 2, impact 5: 1." in page  # after mitigation
    assert "Iris" in page and "Pay the real living wage" in page


def test_scores_outside_one_to_five_and_a_worse_residual_are_refused(world, client_for):
    client = client_for(world.alice)
    url = reverse("strategy:risk-create", args=[world.cycle.pk])
    page = client.post(url, _form(likelihood="0", impact="6", **{"review_on-day": ""})).content.decode()
    assert "Choose the likelihood from 1 to 5" in page
    assert "Choose the impact from 1 to 5" in page
    assert "The next review must include a day" in page
    worse = client.post(url, _form(residual_likelihood="5", residual_impact="5")).content.decode()
    assert "After mitigation the score cannot be higher than before it" in html.unescape(worse)
    assert not Risk.objects.exists()


def test_a_change_of_score_is_kept_in_the_risks_history(world, risk, client_for):
    client = client_for(world.carl)
    response = client.post(
        risk.get_absolute_url(),
        _form(title=risk.title, likelihood="4", impact="5", residual_likelihood="1", residual_impact="5",
              status="closed"),
    )  # fmt: skip
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.residual_score, risk.status) == (5, "closed")
    history = client.get(reverse("strategy:risk-history", args=[risk.pk])).content.decode()
    assert "Carl" in history and "Closed" in history


def test_the_api_keeps_registers_to_the_cycles_team_and_refuses_bad_scores(world, risk):
    alice, steve = APIClient(), APIClient()
    alice.force_authenticate(world.alice)
    steve.force_authenticate(world.steve)
    body = {
        "cycle": world.cycle.pk, "title": "Fees rise", "likelihood": 6, "impact": 0, "residual_likelihood": 1,
        "residual_impact": 1, "review_on": "2027-03-31",
    }  # fmt: skip
    refused = alice.post("/api/v1/risks/", body, format="json").json()
    assert "Likelihood and impact must be between 1 and 5" in str(refused["likelihood"])
    assert "Likelihood and impact must be between 1 and 5" in str(refused["impact"])
    made = alice.post("/api/v1/risks/", {**body, "likelihood": 3, "impact": 2}, format="json")
    assert made.status_code == 201 and made.json()["score"] == 6 and made.json()["rating"] == "medium"
    outsider = alice.post(
        "/api/v1/risks/", {**body, "likelihood": 3, "impact": 2, "mitigation_owner": world.steve.pk}, format="json"
    )
    assert outsider.status_code == 400 and "mitigation_owner" in outsider.json()
    listed = alice.get(f"/api/v1/risks/?cycle={world.cycle.pk}").json()["results"]
    assert {r["title"] for r in listed} == {risk.title, "Fees rise"}
    assert steve.get("/api/v1/risks/").json()["results"] == []
    assert steve.get(f"/api/v1/risks/{risk.pk}/").status_code == 404
    changed = alice.patch(f"/api/v1/risks/{risk.pk}/", {"status": "closed"}, format="json")
    assert changed.status_code == 200 and changed.json()["status"] == "closed"
