"""In Chromium, with axe: a commissioner runs the budget optimiser from the menu, first with a
mistake in the inputs, then as meant, and reads which limit holds the cost up; then records a risk
in the cycle's register and reads it on the heat map. Then a strategy: a commissioner adds a target
(first skipping a year), records cabinet's approval, and a councillor reads the approved priority's
evidence as it stood that day and downloads the strategy as Word."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from playwright.sync_api import expect

from commissioning.cycles.tests.factories import CycleFactory
from commissioning.finance.tests.factories import option_for
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet
from commissioning.needs.services import forecast_save
from commissioning.strategy import services
from commissioning.strategy.tests.factories import TRAFFORD, optimiser_inputs, strategy_for
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_plans_with_the_optimiser_and_the_risk_register(page, live_server, world, axe):
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan")
    axe.check(page)
    page.get_by_role("link", name="Budget optimiser").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budget optimiser")
    axe.check(page)
    page.get_by_role("link", name="How to write the inputs").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How to write the inputs")
    axe.check(page)
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Run the optimiser").click()
    page.get_by_label("Name this run").fill("Homecare and reablement 2027")
    page.get_by_label("Commissioning cycle").select_option(label=world.cycle.title)
    wrong = optimiser_inputs(demand=[{"service": "homecare", "area": TRAFFORD, "year": 2027, "units": -1}])
    page.get_by_label("Or paste the inputs").fill(json.dumps(wrong))
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_role("alert")).to_contain_text("demand[0].units: must be 0 or more")
    axe.check(page)

    page.get_by_label("Or paste the inputs").fill(json.dumps(optimiser_inputs()))
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Homecare and reablement 2027")
    expect(page.get_by_text("Least cost: £23,500.00")).to_be_visible()
    expect(page.get_by_text("each further hour it could replace would save £5.00")).to_be_visible()
    axe.check(page)

    # Then the cycle's Plan element, and its risk register.
    page.goto(f"{live_server.url}/cycles/{world.cycle.pk}/strategic/plan/")
    page.get_by_role("link", name="Risk register (0 open)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Risk register")
    page.get_by_role("link", name="Add a risk").click()
    page.get_by_label("Risk", exact=True).fill("Care homes close")
    page.get_by_label("Risk of carrying on as now").check()
    page.get_by_label("Likelihood", exact=True).select_option("4")
    page.get_by_label("Impact", exact=True).select_option("5")
    page.get_by_label("Likelihood after mitigation").select_option("2")
    page.get_by_label("Impact after mitigation").select_option("5")
    review = page.get_by_role("group", name="Next review")
    review.get_by_label("Day").fill("30")
    review.get_by_label("Month").fill("6")
    review.get_by_label("Year").fill("2027")
    axe.check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("img", name="Before mitigation: 1 open risk by likelihood and impact")).to_be_visible()
    expect(page.get_by_role("row", name="Very high (20 to 25) 1")).to_be_visible()
    axe.check(page)


def test_a_strategy_is_written_approved_and_read_by_a_councillor(page, browser, live_server, world, axe):
    version = strategy_for(world.alice, world.cycle)
    priority = version.priorities.get()
    services.priority_evidence_add(priority=priority, by=world.alice, record=option_for(world.alice))
    sign_in(page, live_server, axe, "alice@example.org")
    page.goto(f"{live_server.url}/cycles/{world.cycle.pk}/strategic/plan/")
    page.get_by_role("link", name="Strategy: version 1, draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commissioning strategy")
    axe.check(page)
    page.get_by_role("link", name="Open version 1").click()
    page.get_by_role("link", name="Priority 1").click()
    page.get_by_role("link", name="Add a target").click()
    page.get_by_label("Measure", exact=True).fill("People waiting for homecare")
    page.get_by_label("Baseline figure").fill("46")
    baseline = page.get_by_role("group", name="Baseline date")
    baseline.get_by_label("Day").fill("31")
    baseline.get_by_label("Month").fill("3")
    baseline.get_by_label("Year").fill("2026")
    page.get_by_label("Baseline source").fill("Brokerage waiting list")
    page.get_by_label("Target figure").fill("10")
    page.get_by_label("Target year").fill("2029")
    page.get_by_label("Trajectory").fill("2027: 25\n2029: 10")
    page.get_by_label("How it will be monitored").fill("Weekly")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The trajectory skips 2028")
    axe.check(page)
    page.get_by_label("Trajectory").fill("2027: 25\n2028: 15\n2029: 10")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("2027: 25, 2028: 15, 2029: 10")).to_be_visible()
    page.get_by_role("link", name="Strategy, version 1").click()
    page.get_by_role("link", name="Record the approval").click()
    page.get_by_label("Cabinet").check()
    decided = page.get_by_role("group", name="Date of the decision")
    decided.get_by_label("Day").fill("12")
    decided.get_by_label("Month").fill("11")
    decided.get_by_label("Year").fill("2026")
    page.get_by_label("Minute or decision reference").fill("Minute 42/2026")
    axe.check(page)
    page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_text("Approved by cabinet on 12 November 2026 (Minute 42/2026)")).to_be_visible()
    axe.check(page)

    # A councillor, in their own browser, reads the approved priority and takes the strategy away.
    councillor = browser.new_context().new_page()
    sign_in(councillor, live_server, axe, "colin@example.org")
    councillor.goto(f"{live_server.url}{version.get_absolute_url()}")
    councillor.get_by_role("link", name="Priority 1").click()
    recorded = f"{datetime.date.today().day} {datetime.date.today():%B %Y}"
    expect(
        councillor.get_by_text(f"Figures as they stood on {recorded}, when the decision of 12 November")
    ).to_be_visible()
    expect(councillor.get_by_role("link", name="Options appraisal: More reablement")).to_be_visible()
    axe.check(councillor)
    councillor.get_by_role("link", name="Strategy, version 1").click()
    with councillor.expect_download() as download:
        councillor.get_by_role("link", name="as a Word document").click()
    assert download.value.suggested_filename == f"strategy-{world.cycle.pk}-version-1.docx"


def test_the_plan_pages_for_gaps_purchasing_designs_and_documents_are_accessible(
    page, live_server, world, axe, durham_vintage
):
    durham = durham_vintage.areas.get(code="E06000047")
    cycle = CycleFactory(by=world.alice, title="Durham older people", areas=[durham])
    rate_set = RateSet.objects.filter(service_type="care_home").first()
    forecast = forecast_save(
        by=world.alice, forecast=area_forecast(area=durham, vintage=durham_vintage, rate_sets=[rate_set])
    )
    services.gap_analysis_create(
        by=world.alice, cycle=cycle, title="Durham need and supply",
        demand=[{"service": "residential", "forecast": forecast.pk, "rate_set": rate_set.pk, "units_per_person": 2}],
    )  # fmt: skip
    plan = services.purchasing_plan_create(
        by=world.alice, cycle=cycle, title="Durham plan", first_year=2027, last_year=2029
    )
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan").click()
    page.locator("tr", has_text="Durham older people").get_by_role("link", name=re.compile("Gap analyses")).click()
    page.get_by_role("link", name="Durham need and supply").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Durham need and supply")
    expect(page.get_by_role("img", name=re.compile("Residential care home needed and available"))).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Gap analyses", exact=True).click()
    page.get_by_role("link", name="Make a gap analysis").click()
    page.get_by_label("Title").fill("Durham again")
    page.get_by_role("button", name="Make the gap analysis").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a forecast measure for at least one service")
    axe.check(page)

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Add a planned procurement").click()
    page.get_by_label("Title").fill("Reablement")
    page.get_by_label("Estimated value without VAT").fill("-3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Amounts cannot be negative")
    axe.check(page)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Plan to stop buying a service").click()
    page.get_by_label("Service to stop buying").fill("Oak Road day centre")
    page.get_by_label("Service type").select_option("day_services")
    page.get_by_label("Why it no longer meets need").fill("Few use it")
    ends = page.get_by_role("group", name="Last day of the service")
    ends.get_by_label("Day").fill("31")
    ends.get_by_label("Month").fill("3")
    ends.get_by_label("Year").fill("2028")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oak Road day centre")
    axe.check(page)
    page.get_by_role("link", name="Plan a person's transition").click()
    page.get_by_label("Pseudonymous reference").fill("Mary Smith")
    page.get_by_label("Transition plan").fill("Day opportunities")
    move = page.get_by_role("group", name="Move by")
    move.get_by_label("Day").fill("31")
    move.get_by_label("Month").fill("1")
    move.get_by_label("Year").fill("2028")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Use a pseudonymous reference")
    axe.check(page)
    page.get_by_label("Pseudonymous reference").fill("P-0042")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name=re.compile("P-0042"))).to_be_visible()

    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Service designs").click()
    page.get_by_role("link", name="Write a service design").click()
    axe.check(page)
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Documents kept as evidence").click()
    axe.check(page)
    page.get_by_role("link", name="Upload a document").click()
    axe.check(page)
