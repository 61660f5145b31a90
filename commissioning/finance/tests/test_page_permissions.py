"""Who reaches which resources page: a council's own staff see its figures; providers see only
open and published cost of care exercises and their own returns; the public sees published ones."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.finance import services
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.finance.tests.factories import grow_finance, option_for
from commissioning.market.tests.factories import market_for
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}
WORKERS = {"alice", "carl", "ada", "iris", "steve", "sally"}
TRAFFORD_STAFF = {"alice", "carl", "sonia", "colin", "ada"}
TRAFFORD_WORKERS = {"alice", "carl", "ada"}
PROVIDERS = {"pam", "pete"}


@pytest.fixture
def records(world):
    market_for(world)
    budget = services.budget_create(
        by=world.alice,
        financial_year=2026,
        client_group="older_people",
        service_type="homecare",
        funding_source="council",
        amount=Decimal("100.00"),
    )
    exercise = services.exercise_create(
        by=world.alice,
        title="Homecare",
        kind=ModelKind.HOMECARE,
        financial_year=2027,
        inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )
    option = option_for(world.alice, title="Option", last_year=2027)
    return {"budget": budget, "exercise": exercise, "option": option}


MATRIX = [
    ("budgets", lambda r: reverse("finance:index"), expect(STAFF, forbidden=EVERYONE)),
    ("budget download", lambda r: reverse("finance:budget-download", args=["xlsx"]), expect(STAFF, forbidden=EVERYONE)),
    ("add budget", lambda r: reverse("finance:budget-create"), expect(WORKERS, forbidden=EVERYONE)),
    (
        "change budget",
        lambda r: reverse("finance:budget-edit", args=[r["budget"].pk]),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF),
    ),
    ("cost centres", lambda r: reverse("finance:cost-centres"), expect(STAFF, forbidden=EVERYONE)),
    ("spend", lambda r: reverse("finance:spend"), expect(STAFF, forbidden=EVERYONE)),
    ("import spend", lambda r: reverse("finance:spend-import"), expect(WORKERS, forbidden=EVERYONE)),
    ("unit costs", lambda r: reverse("finance:unit-cost-list"), expect(STAFF, forbidden=EVERYONE)),
    ("add unit cost", lambda r: reverse("finance:unit-cost-create"), expect(WORKERS, forbidden=EVERYONE)),
    ("options", lambda r: reverse("finance:option-list"), expect(STAFF, forbidden=EVERYONE)),
    ("option", lambda r: r["option"].get_absolute_url(), expect(TRAFFORD_STAFF)),
    (
        "change option",
        lambda r: reverse("finance:option-edit", args=[r["option"].pk]),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF),
    ),
    ("exercises", lambda r: reverse("finance:exercise-list"), expect(STAFF | PROVIDERS, forbidden=EVERYONE)),
    ("exercise", lambda r: r["exercise"].get_absolute_url(), expect(TRAFFORD_STAFF | PROVIDERS)),
    (
        "exercise inputs",
        lambda r: reverse("finance:exercise-inputs", args=[r["exercise"].pk]),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF | PROVIDERS),
    ),
    (
        "exercise fee",
        lambda r: reverse("finance:exercise-fee", args=[r["exercise"].pk]),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF | PROVIDERS),
    ),
    (
        "return costs",
        lambda r: reverse("finance:survey-return", args=[r["exercise"].pk]),
        expect(PROVIDERS, forbidden=TRAFFORD_STAFF),
    ),
    (
        "exercise download",
        lambda r: reverse("finance:exercise-download", args=[r["exercise"].pk, "xlsx"]),
        expect(TRAFFORD_STAFF | PROVIDERS),
    ),
    (
        "unpublished exercise, public page",
        lambda r: reverse("finance:exercise-public", args=[r["exercise"].pk]),
        expect(set()),
    ),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_finance_page_access(world, records, client_for, page, url_for, expected):
    check_page_access(world, client_for, page, url_for(records), expected)


def test_no_page_runs_more_queries_as_the_data_grows(world, records, client_for):
    rounds = iter(range(10))
    pages = [(page, url_for(records), expected) for page, url_for, expected in MATRIX]
    check_queries_do_not_grow(client_for, pages, lambda: grow_finance(world, round_=next(rounds)))


def test_api_scopes_budgets_and_exercises(world, records, client_for):
    assert client_for(world.alice).get("/api/v1/budgets/").json()["count"] == 1
    assert client_for(world.steve).get("/api/v1/budgets/").json()["count"] == 0
    assert client_for(world.pam).get("/api/v1/budgets/").json()["count"] == 0
    exercise = client_for(world.pam).get(f"/api/v1/cost-of-care-exercises/{records['exercise'].pk}/").json()
    assert exercise["model"][-1]["key"] == "rate"
    response = client_for(world.carl).post(
        "/api/v1/budgets/",
        {"financial_year": 2026, "client_group": "carers", "service_type": "short_breaks", "funding_source": "grant",
         "amount": "10.00"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    assert client_for(world.colin).post("/api/v1/budgets/", {}, content_type="application/json").status_code == 403
