"""In Chromium, with axe: an anonymous visitor finds what councils have published from the sign-in
page, and a commissioner walks a cycle's analysis from need to market to money and back."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set SCREENSHOTS to a directory to keep a picture of each page checked.
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def _check(page, axe, name: str) -> None:
    axe.check(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_an_anonymous_visitor_finds_what_councils_have_published(page, live_server, world, axe):
    from commissioning.finance import services
    from commissioning.finance.analysis import STARTING_INPUTS
    from commissioning.finance.choices import ModelKind
    from commissioning.market.tests.factories import market_for

    market_for(world)
    exercise = services.exercise_create(
        by=world.alice, title="Homecare 2027", kind=ModelKind.HOMECARE, financial_year=2027,
        current_fee=Decimal("25.00"), inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )  # fmt: skip
    services.exercise_update(exercise=exercise, by=world.alice, proposed_fee=Decimal("26.25"), reasoning="Pay")
    services.exercise_publish(exercise=exercise, by=world.alice)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Commissioning")
    page.get_by_role("link", name="market position statements, cost of care exercises and commissioning cycles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Published by councils")
    expect(page.get_by_role("heading", level=2, name="Trafford Council")).to_be_visible()
    expect(page.get_by_text("Older people draft")).to_have_count(0)
    _check(page, axe, "public")

    for name in ("Carers 2026 to 2029", "Older people 2026", "Homecare 2027"):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
        expect(page.locator("header").get_by_role("link", name="Trafford Council")).to_be_visible()
        _check(page, axe, f"public-{name}")
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Published by councils").click()


def test_a_commissioner_walks_a_cycles_analysis_without_the_top_menu(page, live_server, world, axe):
    from commissioning.analytics.population_checks import PopulationFile
    from commissioning.finance import services
    from commissioning.market.tests.factories import market_for
    from commissioning.needs.published_rates import load_published_rates
    from commissioning.needs.services import population_import
    from commissioning.needs.tests.conftest import DATA

    load_published_rates()
    population_import(
        files=[PopulationFile.from_path(DATA / "snpp2022_migcat_persons_trafford.csv")],
        name="ONS 2022-based subnational population projections",
        variant="Migration category variant",
    )
    market_for(world)
    services.budget_create(
        by=world.alice, financial_year=2026, client_group="older_people", service_type="homecare",
        funding_source="council", amount=Decimal("1000.00"),
    )  # fmt: skip
    sign_in(page, live_server, axe, "alice@example.org")
    page.goto(f"{live_server.url}/cycles/{world.cycle.pk}/strategic/analyse/")
    expect(page.get_by_role("heading", name="Need, supply and money")).to_be_visible()
    _check(page, axe, "analyse")

    page.get_by_role("link", name="Needs profile for Trafford").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trafford")
    trail = page.get_by_role("navigation", name="Analysis of Trafford")
    _check(page, axe, "need")

    trail.get_by_role("link", name="The market in Trafford").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trafford")
    expect(page.get_by_role("navigation", name="Market pages").locator('[aria-current="page"]')).to_have_text(
        "Overview"
    )
    _check(page, axe, "supply")

    trail.get_by_role("link", name="Trafford Council: budgets and spend").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budgets and spend")
    _check(page, axe, "money")

    trail.get_by_role("link", name="Older people 2026 to 2029: Analyse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Analyse")
    page.get_by_role("link", name="Trafford Council: budgets and spend for older people").click()
    expect(page.locator("#client-group-total")).to_contain_text("Budget £1,000.00")
    _check(page, axe, "money-older-people")
