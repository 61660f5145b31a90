"""Service designs and each cycle's purchasing plan: procurements with values with and without VAT,
routes, dates and who is best placed; market development; decommissioning with a transition for each
person (by pseudonymous reference only) and provider; the effect of direct payments."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.market.tests.factories import market_for
from commissioning.strategy import services
from commissioning.strategy.models import PersonTransition, PlannedProcurement, PurchasingPlan
from commissioning.strategy.tests.factories import strategy_for
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

TEAM = {"alice", "carl", "sonia", "colin", "ada", "iris"}
TEAM_WORKERS = {"alice", "carl", "ada", "iris"}
STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}


@pytest.fixture
def plan(world):
    return services.purchasing_plan_create(
        by=world.alice, cycle=world.cycle, title="Older people 2027 to 2030", first_year=2027, last_year=2029,
        market_development="Grow extra care housing", direct_payments_percent=Decimal("12.5"),
    )  # fmt: skip


def _procurement(plan, by, **fields):
    values = {
        "title": "Home first reablement", "service_type": "reablement", "value": Decimal("1250000.00"),
        "vat_rate": 20, "route": "open_tender", "contract_starts": datetime.date(2027, 10, 1),
        "contract_months": 36, "best_placed": "Local voluntary sector partners", "reasoning": "They know the area",
    }  # fmt: skip
    values.update(fields)
    return services.procurement_add(plan=plan, by=by, **values)


def _decommissioning(plan, by):
    return services.decommissioning_add(
        plan=plan, by=by, service="Oak Road day centre", service_type="day_services", reason="Few people use it",
        ends_on=datetime.date(2028, 3, 31),
    )  # fmt: skip


MATRIX = [
    ("plans", lambda w, p, d: reverse("strategy:plan-list", args=[w.cycle.pk]), expect(TEAM)),
    ("plan", lambda w, p, d: p.get_absolute_url(), expect(TEAM)),
    ("plan history", lambda w, p, d: reverse("strategy:plan-history", args=[p.pk]), expect(TEAM)),
    ("decommissioning", lambda w, p, d: d.get_absolute_url(), expect(TEAM)),
    ("add procurement", lambda w, p, d: reverse("strategy:procurement-create", args=[p.pk]),
     expect(TEAM_WORKERS, forbidden=TEAM)),
    ("add person", lambda w, p, d: reverse("strategy:person-transition-create", args=[d.pk]),
     expect(TEAM_WORKERS, forbidden=TEAM)),
    ("designs", lambda w, p, d: reverse("strategy:design-list"), expect(STAFF, forbidden=EVERYONE)),
    ("plan index", lambda w, p, d: reverse("strategy:index"), expect(STAFF, forbidden=EVERYONE)),
]  # fmt: skip


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_purchasing_page_access(world, plan, client_for, page, url_for, expected):
    decommissioning = _decommissioning(plan, world.alice)
    check_page_access(world, client_for, page, url_for(world, plan, decommissioning), expected)


def test_no_plan_page_runs_more_queries_as_the_plan_grows(world, plan, client_for):
    decommissioning = _decommissioning(plan, world.alice)
    market = market_for(world)
    pages = [(page, url_for(world, plan, decommissioning), expected) for page, url_for, expected in MATRIX[:4]]
    count = iter(range(1000))

    def grow() -> None:
        number = next(count)
        _procurement(plan, world.alice, title=f"Purchase {number}")
        services.person_transition_add(
            decommissioning=decommissioning, by=world.alice, reference=f"P-{number:04d}", plan="Moves",
            move_by=datetime.date(2028, 1, 31),
        )  # fmt: skip
        services.provider_transition_add(
            decommissioning=decommissioning, by=world.alice, provider=market.provider_a, plan="Notice"
        )

    check_queries_do_not_grow(client_for, pages, grow)


def _form(**changes):
    data = {
        "title": "Home first reablement", "service_type": "reablement", "design": "", "priority": "",
        "value": "1250000.00", "vat_rate": "20", "route": "framework", "tender_starts-day": "",
        "tender_starts-month": "", "tender_starts-year": "", "contract_starts-day": "1",
        "contract_starts-month": "10", "contract_starts-year": "2027", "contract_months": "36",
        "best_placed": "Local voluntary sector partners", "reasoning": "They know the area",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_procurement_shows_its_value_with_and_without_vat_and_the_priority_it_serves(world, plan, client_for):
    version = strategy_for(world.alice, world.cycle)
    priority = version.priorities.get()
    client = client_for(world.alice)
    response = client.post(reverse("strategy:procurement-create", args=[plan.pk]), _form(priority=priority.pk))
    assert response.status_code == 302
    item = PlannedProcurement.objects.get()
    assert item.value_with_vat == Decimal("1500000.00") and item.priority == priority
    page = html.unescape(client.get(plan.get_absolute_url()).content.decode())
    assert "£1,250,000.00" in page and "£1,500,000.00" in page and "Call-off from a framework" in page
    assert "serves Priority 1" in re.sub(r"<[^>]+>", "", page) and "12.5% of what the plan would otherwise buy" in page


def test_a_value_that_is_negative_or_not_pounds_and_pence_is_refused(world, plan, client_for):
    client = client_for(world.alice)
    url = reverse("strategy:procurement-create", args=[plan.pk])
    negative = html.unescape(client.post(url, _form(value="-5")).content.decode())
    assert "Amounts cannot be negative" in negative
    pence = html.unescape(client.post(url, _form(value="10.505")).content.decode())
    assert "Enter the value in pounds and pence" in pence
    words = html.unescape(client.post(url, _form(value="a lot")).content.decode())
    assert "Enter the value in pounds and pence, for example 1250000.00" in words
    assert not PlannedProcurement.objects.exists()


def test_a_plan_covers_one_to_three_years(world):
    with pytest.raises(ValidationError, match="A purchasing plan covers one to three years"):
        services.purchasing_plan_create(
            by=world.alice, cycle=world.cycle, title="Long", first_year=2027, last_year=2031
        )
    assert not PurchasingPlan.objects.exists()


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("Mary Smith", "Use a pseudonymous reference"),
        ("943 476 5919", "This looks like an NHS number"),
        ("9434765919", "This looks like an NHS number"),
    ],
)
def test_a_person_is_named_only_by_a_pseudonymous_reference(world, plan, client_for, reference, message):
    decommissioning = _decommissioning(plan, world.alice)
    url = reverse("strategy:person-transition-create", args=[decommissioning.pk])
    data = {"reference": reference, "plan": "Moves to day opportunities", "move_by-day": "31", "move_by-month": "1",
            "move_by-year": "2028"}  # fmt: skip
    page = html.unescape(client_for(world.alice).post(url, data).content.decode())
    assert message in page
    assert not PersonTransition.objects.exists()
    made = client_for(world.alice).post(url, {**data, "reference": "p-0042"})
    assert made.status_code == 302 and PersonTransition.objects.get().reference == "P-0042"


def test_the_api_plans_purchases_within_the_team(world, plan):
    alice, steve = APIClient(), APIClient()
    alice.force_authenticate(world.alice)
    steve.force_authenticate(world.steve)
    body = {
        "plan": plan.pk, "title": "Reablement", "service_type": "reablement", "value": "-1", "route": "grant",
        "contract_starts": "2027-10-01", "contract_months": 36, "best_placed": "Us", "reasoning": "Why",
    }  # fmt: skip
    refused = alice.post("/api/v1/planned-procurements/", body, format="json")
    assert refused.status_code == 400 and "Amounts cannot be negative" in str(refused.json()["value"])
    made = alice.post("/api/v1/planned-procurements/", {**body, "value": "100000.00", "vat_rate": 20}, format="json")
    assert made.status_code == 201 and made.json()["value_with_vat"] == "120000.00"
    assert alice.get(f"/api/v1/purchasing-plans/{plan.pk}/").json()["procurements"][0]["title"] == "Reablement"
    assert steve.get(f"/api/v1/purchasing-plans/{plan.pk}/").status_code == 404
    assert steve.post("/api/v1/planned-procurements/", {**body, "value": "1"}, format="json").status_code == 400


def test_the_api_plans_a_decommissioning_with_pseudonymous_transitions(world, plan):
    alice, steve = APIClient(), APIClient()
    alice.force_authenticate(world.alice)
    steve.force_authenticate(world.steve)
    body = {"plan": plan.pk, "service": "Day centre", "service_type": "day_services", "reason": "Few use it",
            "ends_on": "2028-03-31"}  # fmt: skip
    assert steve.post("/api/v1/decommissionings/", body, format="json").status_code == 400  # not his plan
    made = alice.post("/api/v1/decommissionings/", body, format="json")
    assert made.status_code == 201
    person = {"decommissioning": made.json()["id"], "reference": "9434765919", "plan": "Moves", "move_by": "2028-01-31"}
    refused = alice.post("/api/v1/person-transitions/", person, format="json")
    assert refused.status_code == 400 and "NHS number" in str(refused.json()["reference"])
    moved = alice.post("/api/v1/person-transitions/", {**person, "reference": "p-7"}, format="json")
    assert moved.status_code == 201 and moved.json()["reference"] == "P-7"
    again = alice.post("/api/v1/person-transitions/", {**person, "reference": "P-7"}, format="json")
    assert again.status_code == 400 and "already has a transition plan" in str(again.json())
    read = alice.get(f"/api/v1/purchasing-plans/{plan.pk}/").json()
    assert read["decommissionings"][0]["people"][0]["reference"] == "P-7"
