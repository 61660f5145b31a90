"""The API's lists run the same number of queries whatever their length (issue 17): a list that
looked up each row's organisation or owner one by one would slow down as a council's data grew."""

from __future__ import annotations

from commissioning.finance.tests.factories import grow_finance
from commissioning.testing import EVERYONE, check_queries_do_not_grow, expect

LISTS = [
    "areas", "jobs", "organisations", "cycles", "activities", "evidence-links", "effort-entries", "findings",
    "policy-items", "budgets", "spend-transactions", "unit-costs", "cost-of-care-exercises", "options-appraisals",
    "cost-centres",
]  # fmt: skip


def test_api_lists_run_the_same_queries_however_long_they_are(world, client_for):
    # Alice (a commissioner) reads every one of these lists; `expect` names her first.
    pages = [(name, f"/api/v1/{name}/", expect({"alice"}, forbidden=EVERYONE)) for name in LISTS]
    rounds = iter(range(10))
    check_queries_do_not_grow(client_for, pages, lambda: grow_finance(world, round_=next(rounds)))
