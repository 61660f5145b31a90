"""End to end in Chromium: a record attached to a cycle as evidence, from either side, with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from commissioning.finance.tests.factories import option_for
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_attaches_an_appraisal_and_a_link_as_evidence(page, live_server, world, axe):
    option = option_for(world.alice)
    sign_in(page, live_server, axe, "alice@example.org")

    # From the record: choose the activity it supports.
    page.goto(f"{live_server.url}{option.get_absolute_url()}")
    page.get_by_role("link", name="Attach to a cycle as evidence").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attach as evidence")
    axe.check(page)
    page.get_by_label("Which activity does it support?").select_option(
        label="Older people 2026 to 2029: Identify resources and costs"
    )
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_text("Attached to Older people 2026 to 2029: Identify resources and costs")).to_be_visible()

    # From the activity: the appraisal is there with its figures kept; add a web link beside it.
    activity = world.cycle.activities.get(level="strategic", checklist_key="resources")
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    expect(page.get_by_role("link", name="Options appraisal: More reablement", exact=True)).to_be_visible()
    expect(page.get_by_text("Figures kept as they were on")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Add evidence").click()
    axe.check(page)
    page.get_by_label("A link to a web page or document").check()
    page.get_by_role("button", name="Continue").click()
    axe.check(page)
    page.get_by_label("Title").fill("Joint strategic needs assessment")
    page.get_by_label("Link").fill("https://www.example.gov.uk/jsna")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("link", name="Joint strategic needs assessment", exact=True)).to_be_visible()
    axe.check(page)
