"""In Chromium, with axe: a commissioner enters a contract in the register (putting a value right
first), records a price review, and sees the contract ending soon flagged; a provider finds its own
contract and its KPIs under Your contracts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.contracts import services
from commissioning.contracts.brokerage import area_centre
from commissioning.contracts.tests.factories import contract_for, providers_for
from commissioning.market.models import CapacityReturn, Location
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date.today()


def test_a_commissioner_enters_and_varies_a_contract(page, live_server, world, axe):
    providers = providers_for(world)
    contract_for(
        world.alice, providers.b, title="Day opportunities grant", kind="grant", service_type="day_services",
        starts_on=TODAY - datetime.timedelta(days=300), ends_on=TODAY + datetime.timedelta(days=40),
    )  # fmt: skip
    sign_in(page, live_server, axe, "alice@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contracts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contract register")
    expect(page.get_by_text("1 contract is ending soon")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Enter a contract").click()
    page.get_by_label("Title").fill("Homecare, south Trafford")
    page.get_by_label("Block contract").check()
    page.get_by_label("Provider", exact=True).select_option(label=providers.a.name)
    page.get_by_label("Service type").select_option(label="Homecare")
    page.get_by_label("Client group").select_option(label="Older people")
    page.get_by_label("Procurement Act 2023").check()
    page.get_by_label("Light-touch services").check()
    ends = page.get_by_role("group", name="Ends on")
    for part, value in (("Day", "31"), ("Month", "3"), ("Year", str(TODAY.year + 3))):
        ends.get_by_label(part).fill(value)
    page.get_by_label("Value excluding VAT").fill("two million")
    page.get_by_label("Why it was entered directly").fill("Let on paper in 2025")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("pounds and pence")
    axe.check(page)
    page.get_by_label("Value excluding VAT").fill("2000000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Homecare, south Trafford")
    axe.check(page)
    page.get_by_role("link", name="Record a variation or price review").click()
    axe.check(page)
    page.get_by_label("Price review").check()
    page.get_by_label("Reason").fill("Annual uplift")
    page.get_by_label("Change in value excluding VAT").fill("50000")
    page.get_by_label("Approved by").select_option(label="Alice")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("£2,050,000.00 excluding VAT")).to_be_visible()
    axe.check(page)


def test_a_provider_sees_its_own_contract_and_kpis(page, live_server, world, axe):
    providers = providers_for(world)
    contract = contract_for(world.alice, providers.a)
    services.kpi_add(
        by=world.alice, contract=contract, name="Visits on time", definition="Within 15 minutes", unit="%",
        target=Decimal(95),
    )  # fmt: skip
    contract_for(world.alice, providers.b, title="Elm Court beds")
    sign_in(page, live_server, axe, "pam@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your contracts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contracts")
    expect(page.get_by_text("Elm Court beds")).to_have_count(0)
    axe.check(page)
    page.get_by_role("link", name=contract.title).click()
    expect(page.get_by_text("Visits on time", exact=True)).to_be_visible()
    axe.check(page)


def test_a_social_worker_finds_a_provider_and_calls_off_the_block(page, live_server, world, axe):
    providers = providers_for(world)
    lat, lon = area_centre(world.areas["trafford"])
    home = Location.objects.create(
        provider=providers.a, name="Oak House", service_codes="|care_home|", specialisms="|dementia|",
        latitude=lat, longitude=lon, overall_rating="good", is_care_home=True,
    )  # fmt: skip
    CapacityReturn.objects.create(location=home, return_date=TODAY, beds_capacity=30, beds_vacant_accepting=2)
    contract_for(world.alice, providers.a, kind="block", service_type="care_home", capacity=Decimal(10),
                 capacity_unit="beds", unit_price=Decimal("850.00"), title="Beds block")  # fmt: skip
    sign_in(page, live_server, axe, "sonia@example.org")
    page.goto(live_server.url + reverse("contracts:find-provider"))
    axe.check(page)
    page.get_by_label("Service").select_option(label="Care home (residential or nursing)")
    page.get_by_label("Where the person lives").select_option(label="Trafford")
    page.get_by_label("Dementia").check()
    page.get_by_role("button", name="Find providers").click()
    expect(page.get_by_text("10 left in the block contract")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Call off the block").click()
    page.get_by_label("How many a week").fill("1")
    page.get_by_label("Weekly cost (£)").fill("850.00")
    axe.check(page)
    page.get_by_role("button", name="Call it off").click()
    expect(page.get_by_role("cell", name="Waiting for the provider")).to_be_visible()
    axe.check(page)
