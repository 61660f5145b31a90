"""A commissioner walks the analysis for a cycle, need to supply to money and back, for the
cycle's area and client group, without the top menu."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from commissioning.analytics.population_checks import PopulationFile
from commissioning.finance import services as finance
from commissioning.market.tests.factories import market_for
from commissioning.needs.published_rates import load_published_rates
from commissioning.needs.services import population_import
from commissioning.needs.tests.conftest import DATA

pytestmark = pytest.mark.django_db

TRAFFORD = "E08000009"


@pytest.fixture
def analysed(world):
    """A demo-like council: Trafford's projection, its market, and budgets for two client groups."""
    load_published_rates()
    population_import(
        files=[PopulationFile.from_path(DATA / "snpp2022_migcat_persons_trafford.csv")],
        name="ONS 2022-based subnational population projections",
        variant="Migration category variant",
    )
    market_for(world)
    for client_group, amount in (("older_people", "1000.00"), ("carers", "250.00")):
        finance.budget_create(
            by=world.alice, financial_year=2026, client_group=client_group, service_type="homecare",
            funding_source="council", amount=Decimal(amount),
        )  # fmt: skip
    return world


def _section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def _links(html: str) -> dict[str, str]:
    """Link text to address."""
    return {
        re.sub(r"<[^>]+>", "", unescape(text)).strip(): unescape(href)
        for href, text in re.findall(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', html)
    }


def _trail(page: str) -> dict[str, str]:
    return _links(_section(page, 'class="app-journey"', "</nav>"))


def test_a_cycles_analyse_page_leads_to_need_supply_and_money_for_its_area_and_client_group(analysed, client_for):
    client = client_for(analysed.alice)
    cycle = analysed.cycle  # older people, in Trafford
    analyse = client.get(reverse("cycles:element", args=[cycle.pk, "strategic", "analyse"])).content.decode()
    links = _links(_section(analyse, 'id="analysis"', "</dl>"))
    assert links == {
        "Needs profile for Trafford": f"/needs/areas/{TRAFFORD}/",
        "The market in Trafford": f"/market/?area={TRAFFORD}",
        "Locations in Trafford for older people": f"/market/locations/?area={TRAFFORD}&client_group=older_people",
        "Provider risk in Trafford": f"/market/risk/?area={TRAFFORD}",
        "Trafford Council: budgets and spend for older people": (
            f"/resources/?area={TRAFFORD}&client_group=older_people"
        ),
        "Cost of care exercises": "/cost-of-care/",
        "Unit costs": "/resources/unit-costs/",
    }

    # Need: Trafford's profile, linking on to supply and money for Trafford, and back to the
    # cycles that cover Trafford.
    need = client.get(links["Needs profile for Trafford"])
    assert need.status_code == 200
    need_page = need.content.decode()
    assert '<span class="govuk-caption-l">Needs profile</span>Trafford</h1>' in need_page
    assert _trail(need_page) == {
        "Carers 2026 to 2029: Analyse": f"/cycles/{analysed.published.pk}/strategic/analyse/",
        "Older people 2026 to 2029: Analyse": f"/cycles/{cycle.pk}/strategic/analyse/",
        "The market in Trafford": f"/market/?area={TRAFFORD}",
        "Trafford Council: budgets and spend": f"/resources/?area={TRAFFORD}",
    }

    # Supply: the market in Trafford, and the locations for older people, linking back to need.
    market_page = client.get(links["The market in Trafford"]).content.decode()
    assert '<span class="govuk-caption-l">Provider market</span>Trafford</h1>' in market_page
    assert _trail(market_page)["Needs profile for Trafford"] == f"/needs/areas/{TRAFFORD}/"
    locations = client.get(links["Locations in Trafford for older people"])
    assert locations.status_code == 200
    trail = _trail(locations.content.decode())
    assert trail["Needs profile for Trafford"] == f"/needs/areas/{TRAFFORD}/"
    assert (
        trail["Trafford Council: budgets and spend for older people"]
        == links["Trafford Council: budgets and spend for older people"]
    )

    # Money: older people's lines added up (not the carers' budget), linking back to need and supply.
    money = client.get(links["Trafford Council: budgets and spend for older people"] + "&year=2026").content.decode()
    focus = _section(money, 'id="client-group-total"', "</div>")
    assert "Older people, 2026 to 2027" in focus
    assert "Budget £1,000.00" in focus
    assert "£250.00" not in focus
    assert _trail(money) == {
        "Older people 2026 to 2029: Analyse": f"/cycles/{cycle.pk}/strategic/analyse/",
        "Needs profile for Trafford": f"/needs/areas/{TRAFFORD}/",
        "The market in Trafford": f"/market/?area={TRAFFORD}",
    }


def test_the_journey_offers_only_pages_the_person_may_open(analysed, client_for):
    # A provider reads the published carers cycle: the needs profile is open to everyone signed
    # in, the market analysis and the council's money are not.
    published = analysed.published
    url = reverse("cycles:element", args=[published.pk, "strategic", "analyse"])
    page = client_for(analysed.pam).get(url).content.decode()
    assert _links(_section(page, 'id="analysis"', "</dl>")) == {
        "Needs profile for Trafford": f"/needs/areas/{TRAFFORD}/"
    }
    need_page = client_for(analysed.pam).get(f"/needs/areas/{TRAFFORD}/").content.decode()
    assert 'class="app-journey"' not in need_page


def test_a_cycle_without_a_projection_for_its_area_still_leads_to_supply_and_money(world, client_for):
    page = client_for(world.alice).get(reverse("cycles:element", args=[world.cycle.pk, "strategic", "analyse"]))
    links = _links(_section(page.content.decode(), 'id="analysis"', "</dl>"))
    assert "Needs profile for Trafford" not in links
    assert links["The market in Trafford"] == f"/market/?area={TRAFFORD}"
