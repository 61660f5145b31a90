"""Finding a provider for a person's need on the page: those that could meet it, best first (block
capacity the council pays for before anything else), and every one left out with its reason."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.contracts.brokerage import area_centre
from commissioning.contracts.tests.factories import contract_for, providers_for
from commissioning.market.models import CapacityReturn, Location
from commissioning.testing import EVERYONE, check_page_access, expect

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _home(provider, name, lat, lon, vacant, rating="good", specialisms="|dementia|", codes="|residential|"):
    location = Location.objects.create(
        provider=provider, name=name, service_codes=codes, specialisms=specialisms, latitude=lat,
        longitude=lon, overall_rating=rating, is_care_home=True,
    )  # fmt: skip
    CapacityReturn.objects.create(
        location=location, return_date=datetime.date.today(), beds_capacity=40, beds_vacant_accepting=vacant
    )
    return location


def test_a_social_worker_finds_a_bed_with_the_reason_for_every_home(world, client_for):
    providers = providers_for(world)
    lat, lon = area_centre(world.areas["trafford"])
    _home(providers.a, "Oak House", lat + 0.01, lon, vacant=2)
    _home(providers.b, "Full House", lat, lon + 0.01, vacant=0, codes="|nursing|")
    _home(providers.b, "No Dementia House", lat, lon - 0.01, vacant=3, specialisms="")
    _home(providers.b, "Far House", lat + 1.0, lon, vacant=5)  # over 100 km north
    contract_for(world.alice, providers.a, kind="block", service_type="care_home", capacity=Decimal(10),
                 capacity_unit="beds", title="Beds block")  # fmt: skip
    query = {"service_type": "care_home", "area": world.areas["trafford"].pk, "within_km": "15", "units": "1",
             "specialisms": "dementia"}  # fmt: skip
    page = _words(client_for(world.sonia).get(reverse("contracts:find-provider"), query))
    assert "1 provider could meet the need" in page
    assert "Oak House" in page and "10 left in the block contract" in page and "Call off the block" in page
    assert f"Full House ({providers.b.name}) : No vacant bed accepting admissions" in page
    assert f"No Dementia House ({providers.b.name}) : No specialism in dementia" in page
    assert "Far House" not in page  # beyond the distance asked: not even a candidate


def test_a_care_home_need_is_met_by_residential_and_nursing_homes_as_the_register_codes_them(world, client_for):
    providers = providers_for(world)
    lat, lon = area_centre(world.areas["trafford"])
    _home(providers.a, "Residential House", lat, lon, vacant=1)
    _home(providers.b, "Nursing House", lat, lon + 0.01, vacant=1, codes="|nursing|")
    _home(providers.b, "Homecare Office", lat, lon - 0.01, vacant=1, codes="|homecare|")
    query = {"service_type": "care_home", "area": world.areas["trafford"].pk, "within_km": "15", "units": "1"}
    page = _words(client_for(world.sonia).get(reverse("contracts:find-provider"), query))
    assert "2 providers could meet the need" in page
    assert "Residential House" in page and "Nursing House" in page and "Homecare Office" not in page


def test_only_those_who_arrange_care_may_search(world, client_for):
    url = reverse("contracts:find-provider")
    check_page_access(
        world, client_for, "find a provider", url,
        expect({"alice", "carl", "sonia", "ada", "iris", "steve", "sally"} & EVERYONE, forbidden=EVERYONE),
    )  # fmt: skip
