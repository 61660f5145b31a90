"""In Chromium, with axe: a commissioner starts a procurement and reads why the law that applies
applies; a provider finds a published tender, bids with a document and keeps its receipt; after
the deadline two opening officers, each in their own browser, open the bids."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.procurement import services
from commissioning.procurement.tests.factories import (
    PASSPHRASES,
    deadline_passes,
    dynamic_market,
    published_tender,
    tender_ready,
)
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_starts_a_procurement(page, live_server, world, axe):
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Procurement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Procurement")
    axe.check(page)
    page.get_by_role("link", name="Start a procurement").click()
    page.get_by_label("Title").fill("Extra care housing support")
    page.get_by_label("Description").fill("Care and support in two extra care schemes")
    page.get_by_label("Service type").select_option(label="Extra care housing")
    page.get_by_label("CPV code").fill("not a code")
    page.get_by_label("Estimated value excluding VAT").fill("900000")
    page.get_by_label("Open procedure").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("CPV")
    axe.check(page)
    page.get_by_label("CPV code").fill("85311100-3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Extra care housing support")
    expect(page.get_by_role("paragraph").filter(has_text="light-touch threshold")).to_be_visible()
    axe.check(page)


def test_a_provider_bids_and_two_officers_open_after_the_deadline(page, browser, live_server, world, axe, tmp_path):
    procurement = published_tender(world)
    sign_in(page, live_server, axe, "pam@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Opportunities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities to bid")
    axe.check(page)
    page.get_by_role("link", name=procurement.title).click()
    page.get_by_role("link", name="Bid for lot 1").click()
    axe.check(page)
    page.get_by_label("Your price for the whole contract").fill("5400000")
    for textbox in page.get_by_role("textbox", name="Question").all():
        textbox.fill("We will, and here is how.")
    statement = tmp_path / "method.txt"
    statement.write_text("Our method statement")
    page.get_by_label("Documents").set_input_files(str(statement))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Receipt")
    expect(page.get_by_text("Fingerprint (SHA-256)")).to_be_visible()
    axe.check(page)

    deadline_passes(procurement)
    for email, name in (("carl@example.org", "carl"), ("ada@example.org", "ada")):
        officer = browser.new_context().new_page()
        sign_in(officer, live_server, axe, email)
        officer.goto(f"{live_server.url}{procurement.get_absolute_url()}")
        officer.get_by_role("link", name="Open the bids").click()
        axe.check(officer)
        officer.get_by_label("Your opening passphrase").fill(PASSPHRASES[name])
        officer.get_by_role("button", name="Unlock my part").click()
    expect(officer.get_by_text("1 bids opened, each matching its receipt")).to_be_visible()
    officer.get_by_role("link", name=world.provider_a.name).click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text(world.provider_a.name)
    expect(officer.get_by_role("link", name="method.txt")).to_be_visible()
    axe.check(officer)


def test_a_provider_applies_to_a_dynamic_market_and_the_buyer_admits_it(page, browser, live_server, world, axe):
    market = services.market_announce(by=world.alice, procurement=dynamic_market(world))
    sign_in(page, live_server, axe, "pam@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Opportunities").click()
    page.get_by_role("link", name=market.title).click()
    expect(page.get_by_role("heading", name="Conditions for membership")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Apply to join").click()
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter")  # the statement is needed
    axe.check(page)
    page.get_by_label("How your organisation meets each condition for membership").fill("Registered; rated good")
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_text("Applied, awaiting a decision")).to_be_visible()

    buyer = browser.new_context().new_page()
    sign_in(buyer, live_server, axe, "alice@example.org")
    buyer.goto(live_server.url + market.get_absolute_url())
    expect(buyer.get_by_role("heading", name="Applications and members")).to_be_visible()
    axe.check(buyer)
    buyer.get_by_role("link", name="Decide on").click()
    buyer.get_by_label("Yes: admit it to the market").check()
    axe.check(buyer)
    buyer.get_by_role("button", name="Record the decision").click()
    expect(buyer.get_by_text("1 member", exact=False)).to_be_visible()


def test_a_staged_tender_shows_its_stages_to_a_provider(page, live_server, world, axe):
    procurement = tender_ready(world, procedure="competitive_flexible", title="Supported living, flexible")
    services.stage_create(
        by=world.alice, procurement=procurement, kind="participation", title="Conditions of participation",
        description="Evidence of CQC registration", closes_at=procurement.deadline - datetime.timedelta(days=10),
    )  # fmt: skip
    services.tender_publish(by=world.alice, procurement=procurement)
    sign_in(page, live_server, axe, "pam@example.org")
    page.goto(live_server.url + reverse("procurement:opportunity", args=[procurement.pk]))
    expect(page.get_by_role("heading", name="Stages before the final tender")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Ask to take part").click()
    page.get_by_label("How your organisation meets the conditions of participation").fill("Registered since 2015")
    axe.check(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("has asked to take part")).to_be_visible()
