"""A budget larger than any council spends is refused in plain words, on the page and through the
API, and nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissioning.finance.models import Budget

pytestmark = pytest.mark.django_db

PLAIN = "Amounts must be £5,000,000,000 or less"
LINE = {"financial_year": 2026, "client_group": "older_people", "service_type": "homecare", "funding_source": "council"}


@pytest.mark.parametrize("amount", ["5000000000.01", "9000000000000000000", "1e30"])
def test_a_budget_over_the_limit_is_refused_on_the_page_and_through_the_api(world, client_for, amount):
    client = client_for(world.alice)
    page = client.post(reverse("finance:budget-create"), {**LINE, "amount": amount})
    assert page.status_code == 200 and PLAIN in page.content.decode()
    assert "Ensure that" not in page.content.decode()
    api = client.post("/api/v1/budgets/", {**LINE, "amount": amount}, content_type="application/json")
    assert api.status_code == 400 and api.json()["amount"] == [PLAIN]
    assert not Budget.objects.exists()


def test_a_budget_at_the_limit_is_kept(world, client_for):
    response = client_for(world.alice).post(
        "/api/v1/budgets/", {**LINE, "amount": "5000000000.00"}, content_type="application/json"
    )
    assert response.status_code == 201 and Budget.objects.get().amount == 5_000_000_000
