"""In Chromium, with axe: a social worker adds a person, finds a care home bed from their page,
calls it off the council's block for them (putting a weekly cost right first), and the provider
sees the placement among its own care packages; a commissioner activates a provider's contingency
plan and sees each person affected."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.care.tests.factories import package_for, person_for
from commissioning.contracts.brokerage import area_centre
from commissioning.contracts.tests.factories import contract_for, providers_for
from commissioning.market.models import CapacityReturn, Location
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date.today()


def test_a_social_worker_arranges_a_bed_from_the_block_for_a_person(page, live_server, world, axe):
    providers = providers_for(world)
    lat, lon = area_centre(world.areas["trafford"])
    home = Location.objects.create(
        provider=providers.a, name="Oak House", service_codes="|residential|", latitude=lat, longitude=lon,
        overall_rating="good", is_care_home=True,
    )  # fmt: skip
    CapacityReturn.objects.create(location=home, return_date=TODAY, beds_capacity=30, beds_vacant_accepting=2)
    contract_for(world.alice, providers.a, kind="block", service_type="care_home", capacity=Decimal(10),
                 capacity_unit="beds", unit_price=Decimal("850.00"), title="Beds block")  # fmt: skip
    sign_in(page, live_server, axe, "sonia@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Care packages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Care packages")
    axe.check(page)
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Pseudonymous reference").fill("P-0100")
    page.get_by_label("85 and over").check()
    page.get_by_label("Client group").select_option(label="Older people")
    page.get_by_label("Primary support reason").select_option(label="Support with memory and cognition")
    axe.check(page)
    page.get_by_role("button", name="Add them").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("P-0100")
    axe.check(page)
    page.get_by_role("link", name="Find a provider").click()
    page.get_by_label("Service").select_option(label="Care home (residential or nursing)")
    page.get_by_label("Where the person lives").select_option(label="Trafford")
    page.get_by_role("button", name="Find providers").click()
    expect(page.get_by_text("10 left in the block contract")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Call off the block").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arrange care for P-0100")
    page.get_by_label("Weekly cost (£)").fill("850.005")
    page.get_by_role("button", name="Arrange it").click()
    expect(page.get_by_role("alert")).to_contain_text("pounds and pence")
    axe.check(page)
    page.get_by_label("Weekly cost (£)").fill("850.00")
    page.get_by_role("button", name="Arrange it").click()
    expect(page.get_by_text("Call-off CON-")).to_contain_text("waiting for the provider")
    axe.check(page)
    page.context.clear_cookies()  # the provider signs in on the same browser
    sign_in(page, live_server, axe, "pam@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your care packages").click()
    expect(page.get_by_role("link", name="P-0100").or_(page.get_by_text("P-0100"))).to_be_visible()
    axe.check(page)


def test_a_commissioner_activates_a_contingency_plan(page, live_server, world, axe):
    providers = providers_for(world)
    package_for(world.sonia, person_for(world.sonia, "P-0007"), provider=providers.b)
    sign_in(page, live_server, axe, "alice@example.org")
    page.goto(live_server.url + reverse("care:index"))
    page.get_by_role("link", name="Activate a provider's contingency plan").click()
    page.get_by_label("Provider").select_option(label=providers.b.name)
    page.get_by_label("Reason").fill("The agency has lost its registration")
    axe.check(page)
    page.get_by_role("button", name="Activate it").click()
    expect(page.get_by_text("1 package given by")).to_be_visible()
    expect(page.get_by_role("link", name="P-0007")).to_be_visible()
    axe.check(page)
