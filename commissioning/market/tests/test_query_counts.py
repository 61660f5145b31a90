"""Market pages cost the same number of queries however many locations, providers, ratings,
returns and changes the register holds: a page whose count grows with the data fails here."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.market.choices import EventKind, Rating
from commissioning.market.models import (
    CapacityReturn,
    Location,
    LocationRating,
    MarketEvent,
    Provider,
    ProviderFunding,
)
from commissioning.market.summary import market_summary_rebuild
from commissioning.market.tests.factories import market_for

TRAFFORD = "?area=E08000009"
PAGES = {
    "overview": lambda m: reverse("market:index") + TRAFFORD,
    "directory": lambda m: reverse("market:location-list"),
    "directory for an area": lambda m: reverse("market:location-list") + TRAFFORD,
    "map": lambda m: reverse("market:map") + TRAFFORD,
    "vacancies": lambda m: reverse("market:vacancies") + TRAFFORD,
    "risk": lambda m: reverse("market:risk") + TRAFFORD,
    "changes": lambda m: reverse("market:events"),
    "provider": lambda m: m.provider_a.get_absolute_url(),
    "location": lambda m: m.home_a.get_absolute_url(),
}
# core's history page looks up each entry's previous version on its own (issue 17 item 8 mends it
# there, for every history page); these pass once it does.
HISTORY_PAGES = {
    "location history": lambda m: reverse("market:location-history", args=[m.home_a.pk]),
    "provider history": lambda m: reverse("market:provider-history", args=[m.provider_a.pk]),
}
PAGES.update(HISTORY_PAGES)


def _grow(market, world, count: int) -> None:
    """`count` more locations in Trafford (and as many elsewhere), with ratings, returns, changes
    and funding shares, some under the providers whose pages are measured."""
    trafford, stockport = world.areas["trafford"], world.areas["stockport"]
    today = datetime.date.today()
    for n in range(count):
        provider = [market.provider_a, Provider.objects.create(name=f"Grown {n} Ltd", group_name=f"G{n % 3}")][n % 2]
        for area in (trafford, stockport):
            location = Location.objects.create(
                provider=provider, name=f"Grown {area.name} {n}", local_authority=area, is_care_home=True,
                beds=None if n % 3 else 20 + n, service_codes="|residential|nursing|",
                client_group_codes="|older_people|", overall_rating=[Rating.GOOD, Rating.INADEQUATE][n % 2],
                latitude=53.4, longitude=-2.3,
            )  # fmt: skip
            CapacityReturn.objects.create(
                location=location, return_date=today, beds_capacity=30, beds_occupied=20, beds_vacant_accepting=5
            )
            LocationRating.objects.create(location=location, published_on=today, overall=Rating.GOOD)
            MarketEvent.objects.create(
                kind=EventKind.RATING_FELL, location=location, provider=provider, before="good", after="inadequate"
            )
        ProviderFunding.objects.create(
            provider=provider, organisation=world.trafford, council_funded_share=50
        ) if provider != market.provider_a and n < 4 else None
    # Updated in place so the home and provider pages also show more history.
    for n in range(count):
        market.home_a.name = f"Oak House {n}"
        market.home_a.save()
        market.provider_a.telephone = f"0161 000 {n:04d}"
        market.provider_a.save()


def _queries(client, url: str) -> int:
    client.get(url)  # a first request warms what any first request does (sessions, caches)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.parametrize("page", list(PAGES))
def test_a_market_page_runs_as_many_queries_with_30_locations_as_with_3(world, client_for, page):
    market = market_for(world)
    client = client_for(world.alice)
    url = PAGES[page](market)
    _grow(market, world, 1)
    market_summary_rebuild()
    small = _queries(client, url)
    _grow(market, world, 14)
    market_summary_rebuild()
    large = _queries(client, url)
    assert large == small, f"{page}: {small} queries with a few locations, {large} with more"


def test_the_overview_reads_the_summaries_not_the_register(world, client_for):
    market = market_for(world)
    _grow(market, world, 3)
    market_summary_rebuild()
    client = client_for(world.alice)
    client.get(PAGES["overview"](market))
    with CaptureQueriesContext(connection) as captured:
        client.get(PAGES["overview"](market))
    scans = [query["sql"] for query in captured if "with_beds" in query["sql"] or "capacityreturn" in query["sql"]]
    # No query reaches capacity returns (beds come from the summaries) and none runs per service.
    assert scans == []
    assert sum("LIKE" in query["sql"] and "service_codes" in query["sql"] for query in captured) == 0
