"""In Chromium, with axe: a commissioner runs the budget optimiser from the menu, first with a
mistake in the inputs, then as meant, and reads which limit holds the cost up; then records a risk
in the cycle's register and reads it on the heat map. One journey, to start the browser once."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from commissioning.strategy.tests.factories import TRAFFORD, optimiser_inputs
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_plans_with_the_optimiser_and_the_risk_register(page, live_server, world, axe):
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan").click()
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
