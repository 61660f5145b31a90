"""End to end in Chromium: sign in, dashboard, start a cycle, complete an activity, history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from commissioning.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, axe, email: str) -> None:
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Commissioning")
    axe.check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_commissioner_runs_a_cycle(page, live_server, world, axe):
    sign_in(page, live_server, axe, "alice@example.org")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your commissioning work")
    axe.check(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cycles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning cycles")
    axe.check(page)
    page.get_by_role("link", name="Start a cycle").click()
    axe.check(page)

    # A mistake first: the error summary lists it and links to the field.
    page.get_by_role("button", name="Start the cycle").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter the title")
    axe.check(page)

    page.get_by_label("Title").fill("Mental health support 2026 to 2029")
    page.get_by_label("Mental health").check()
    start = page.get_by_role("group", name="Start of period")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("4")
    start.get_by_label("Year").fill("2026")
    end = page.get_by_role("group", name="End of period")
    end.get_by_label("Day").fill("31")
    end.get_by_label("Month").fill("3")
    end.get_by_label("Year").fill("2029")
    page.get_by_label("NHS Greater Manchester ICB").check()
    page.get_by_role("button", name="Start the cycle").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Mental health support 2026 to 2029")
    expect(page.get_by_text("Cycle started")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("The two cycles of"))).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name=re.compile(r"^Analyse \(commissioning cycle\)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Analyse")
    axe.check(page)
    page.get_by_role("link", name="Assess population need, now and in future").click()
    axe.check(page)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Marked as done: Assess population need, now and in future")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="History of changes").click()
    history = page.get_by_role("table")
    expect(history).to_contain_text("Alice")
    expect(history).to_contain_text("Done")
    axe.check(page)


def test_social_worker_records_a_finding_that_lands_in_the_review(page, live_server, world, axe):
    sign_in(page, live_server, axe, "sonia@example.org")
    page.goto(f"{live_server.url}{world.cycle.get_absolute_url()}")
    axe.check(page)
    page.get_by_role("link", name="Record a finding").first.click()
    axe.check(page)
    page.get_by_label("Title").fill("People want evening calls")
    page.get_by_label("What was learned").fill("At annual reviews, 14 of 40 people asked for later calls.")
    page.get_by_role("group", name="Element").get_by_label("Review").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("People want evening calls")
    axe.check(page)
    page.goto(f"{live_server.url}/cycles/{world.cycle.pk}/strategic/review/")
    expect(page.get_by_role("link", name="People want evening calls")).to_be_visible()
    axe.check(page)


def test_provider_reads_a_published_cycle_and_not_internal_ones(page, live_server, world, axe):
    sign_in(page, live_server, axe, "pam@example.org")
    expect(page.get_by_role("link", name="Carers 2026 to 2029")).to_be_visible()
    expect(page.get_by_text("Older people 2026 to 2029")).to_have_count(0)
    axe.check(page)
    page.get_by_role("link", name="Carers 2026 to 2029").click()
    expect(page.get_by_text("Plans for care in the area.")).to_be_visible()
    expect(page.get_by_text("Balance of effort")).to_have_count(0)
    axe.check(page)
    response = page.goto(f"{live_server.url}{world.cycle.get_absolute_url()}")
    assert response.status == 404
    axe.check(page)


def test_dashboards_areas_and_account_pages_are_accessible(page, live_server, world, axe):
    sign_in(page, live_server, axe, "ada@example.org")
    for path in (
        "/",
        "/areas/",
        "/areas/E08000009/",
        "/organisations/",
        "/people/",
        "/account/",
        "/help/api/",
        f"/cycles/{world.cycle.pk}/effort/",
        f"/cycles/{world.cycle.pk}/history/",
        "/accessibility/",
    ):
        page.goto(f"{live_server.url}{path}")
        axe.check(page)
    assert len(axe.checked) == 11


def test_commissioner_reads_a_needs_profile_and_attaches_it(page, live_server, world, durham_vintage, axe):
    from commissioning.core.models import Area
    from commissioning.cycles.tests.factories import CycleFactory

    CycleFactory(by=world.alice, title="Durham older people", areas=[Area.objects.get(code="E06000047")])
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Needs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Population needs")
    axe.check(page)
    page.get_by_role("link", name="County Durham").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("County Durham")
    expect(page.get_by_role("img", name=re.compile("People with dementia in County Durham"))).to_be_visible()
    axe.check(page)
    # The projection is offered by its whole name, and the contents lead straight to one need.
    expect(
        page.get_by_label("ONS 2022-based subnational population projections (Migration category variant)")
    ).to_be_checked()
    contents = page.get_by_role("navigation", name="Contents")
    england = re.compile(r"Permanent care home admissions 65\+, England")
    contents.get_by_role("link", name=england).click()
    expect(page.get_by_role("heading", name=england)).to_be_in_viewport()
    page.get_by_role("link", name="Back to contents").first.click()
    expect(contents).to_be_in_viewport()
    page.get_by_label("Attach to").select_option(label="Durham older people: Assess population need, now and in future")
    page.get_by_role("button", name="Attach this forecast").click()
    expect(page.get_by_text("Forecast saved and attached")).to_be_visible()
    axe.check(page)
    for path in ("/needs/rates/", "/needs/scenarios/new/", "/needs/population/"):
        page.goto(f"{live_server.url}{path}")
        axe.check(page)


def test_commissioner_reviews_the_market_and_a_provider_updates_its_vacancies(page, live_server, world, axe):
    from commissioning.market.tests.factories import market_for

    market = market_for(world)
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Market").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trafford")
    axe.check(page)
    page.get_by_role("navigation", name="Market pages").get_by_role("link", name="Map").click()
    expect(page.locator(".app-map svg")).to_be_visible()
    axe.check(page)
    page.get_by_role("navigation", name="Market pages").get_by_role("link", name="Provider risk").click()
    expect(page.get_by_text("Elm Court is rated Inadequate")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Provider B Homes Ltd").first.click()
    expect(page.get_by_role("heading", name="Relationship log")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Log a contact").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe.check(page)
    for path in (
        "/market/locations/",
        "/market/vacancies/",
        "/market/relationships/",
        "/market/forums/",
        "/market/changes/",
        "/market/statements/",
        market.draft.get_absolute_url(),
        "/market/statements/new/",
        f"/market/providers/{market.provider_b.pk}/contingency-plan/",
        "/market/import/",
    ):
        page.goto(f"{live_server.url}{path}")
        axe.check(page)
    page.context.clear_cookies()

    sign_in(page, live_server, axe, "pam@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your services").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Provider A Care Ltd")
    axe.check(page)
    page.get_by_role("link", name="Oak House").click()
    page.get_by_role("link", name="Enter a capacity return").click()
    page.get_by_label("Beds capacity").fill("40")
    page.get_by_label("Beds occupied").fill("45")
    page.get_by_role("button", name="Save return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be more than capacity")
    axe.check(page)
    page.get_by_label("Beds occupied").fill("36")
    page.get_by_label("Vacant beds accepting admissions").fill("4")
    page.get_by_role("button", name="Save return").click()
    expect(page.get_by_text("Capacity return saved")).to_be_visible()
    axe.check(page)
    response = page.goto(f"{live_server.url}{market.home_b.get_absolute_url()}")
    assert response.status == 404
    page.goto(f"{live_server.url}{market.published.get_public_url()}")
    axe.check(page)


def test_resources_pages_and_a_provider_returning_its_costs(page, live_server, world, axe):
    from decimal import Decimal

    from commissioning.finance import services
    from commissioning.finance.analysis import STARTING_INPUTS
    from commissioning.finance.choices import ModelKind
    from commissioning.market.tests.factories import market_for

    market_for(world)
    services.budget_create(
        by=world.alice,
        financial_year=2026,
        client_group="older_people",
        service_type="homecare",
        funding_source="council",
        amount=Decimal("1000.00"),
    )
    exercise = services.exercise_create(
        by=world.alice,
        title="Homecare 2027",
        kind=ModelKind.HOMECARE,
        financial_year=2027,
        current_fee=Decimal("25.00"),
        inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Resources").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budgets and spend")
    axe.check(page)
    for path in (
        "/resources/spend/",
        "/resources/spend/import/",
        "/resources/cost-centres/",
        "/resources/unit-costs/",
        "/resources/unit-costs/new/",
        "/resources/options/",
        "/resources/options/new/",
        "/cost-of-care/",
        exercise.get_absolute_url(),
        f"/cost-of-care/{exercise.pk}/inputs/",
        f"/cost-of-care/{exercise.pk}/fee/",
    ):
        page.goto(f"{live_server.url}{path}")
        axe.check(page)
    page.goto(f"{live_server.url}/cost-of-care/{exercise.pk}/inputs/")
    page.get_by_label("Visit length (minutes)").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe.check(page)
    page.context.clear_cookies()

    sign_in(page, live_server, axe, "pam@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cost of care").click()
    page.get_by_role("link", name="Homecare 2027").click()
    page.get_by_role("link", name="Return your costs").click()
    axe.check(page)
    page.get_by_label("Care worker pay, including paid travel time (£ per contact hour)").fill("17.40")
    page.get_by_role("button", name="Save your costs").click()
    expect(page.get_by_text("Your costs are saved")).to_be_visible()
    axe.check(page)
    exercise.refresh_from_db()
    services.exercise_update(
        exercise=exercise, by=world.alice, proposed_fee=Decimal("26.25"), reasoning="Pay above the National Living Wage"
    )
    services.exercise_publish(exercise=exercise, by=world.alice)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/cost-of-care/{exercise.pk}/")
    expect(page.get_by_text("Pay above the National Living Wage")).to_be_visible()
    axe.check(page)
