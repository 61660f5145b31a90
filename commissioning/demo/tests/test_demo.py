"""The demo council loads, loads again without duplicates, and has no dead links."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from commissioning.accounts.choices import Role
from commissioning.accounts.models import Organisation, User
from commissioning.core.models import Area
from commissioning.cycles.choices import Level
from commissioning.cycles.models import Activity, CommissioningCycle, EffortEntry, Finding
from commissioning.demo.people import PEOPLE
from commissioning.market.models import CapacityReturn, Location, MarketEvent, Provider, RelationshipEntry
from commissioning.needs.models import CachedForecast, PopulationVintage, SavedForecast
from commissioning.needs.published_rates import (
    CARERS_19_HOURS_2021,
    CARERS_20_49_HOURS_2021,
    CARERS_50_HOURS_2021,
    CARERS_ANY_2021,
    LD_KNOWN_2004,
)
from commissioning.testing import signs_in


def _counts() -> Counter:
    return Counter(
        {
            model.__name__: model.objects.count()
            for model in (
                Area,
                Organisation,
                User,
                CommissioningCycle,
                Activity,
                EffortEntry,
                Finding,
                Provider,
                Location,
                MarketEvent,
                CapacityReturn,
                RelationshipEntry,
            )
        }
    )


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_has_every_role_three_cycles_at_different_stages(demo):
    assert {user.role for user in User.objects.all()} == set(Role.values)
    assert all(user.is_demo for user in User.objects.all())
    from commissioning.cycles.selectors import cycle_progress

    cycles = list(CommissioningCycle.objects.order_by("title"))
    assert len(cycles) == 3
    stages = {cycle.client_group: cycle_progress([cycle.pk])[cycle.pk].stage for cycle in cycles}
    assert stages == {"carers": "review", "learning_disability": "analyse", "older_people": "do"}
    assert all(cycle.is_demo for cycle in cycles)
    assert EffortEntry.objects.exists() and Finding.objects.exists()
    # Real public data: Trafford's area, and care home providers from the CQC directory.
    trafford = Organisation.objects.get(name="Trafford Council")
    assert trafford.area.code == "E08000009" and not trafford.is_demo
    assert Organisation.objects.filter(kind="provider", is_demo=False).count() >= 40
    assert not Organisation.objects.filter(name__startswith="Mr ").exists()


def test_loading_the_demo_twice_duplicates_nothing(demo):
    before = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == before


def test_demo_accounts_can_sign_in(demo, client):
    from commissioning.demo.people import DEMO_PASSWORD

    for person in PEOPLE:
        assert signs_in(client, person.email, DEMO_PASSWORD), person.email
        client.logout()


LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/api/", "/django-admin/")


def _crawl(client, start: str = "/", limit: int = 250) -> dict[str, int]:
    """Follow every internal link from the start page (breadth first); status by address."""
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for href in LINK.findall(response.content.decode()):
                href = href.replace("&amp;", "&")
                # Area pages are many and alike: one level of them is enough.
                if href.startswith(SKIP) or "page=" in href or (href.startswith("/areas/E07") and url != "/areas/"):
                    continue
                if href not in seen:
                    queue.append(href)
    return seen


@pytest.mark.parametrize(
    "email",
    [
        "priya.shah@trafford.example",
        "tom.walsh@trafford.example",
        "alex.reed@trafford.example",
        "sam.patel@trafford.example",
        "helen.moore@gmicb.example",
        "joanne.price@mha.example",
        "maureen.ellis@carers.example",
    ],
)
def test_no_link_leads_nowhere(demo, client, email):
    client.force_login(User.objects.get(email=email))
    statuses = _crawl(client)
    broken = {url: status for url, status in statuses.items() if status not in (200, 302)}
    assert len(statuses) > 20
    assert not broken, broken


def test_demo_market_real_homes_risks_and_a_provider_updating_its_vacancies(demo, client):
    from commissioning.demo.people import DEMO_PASSWORD

    # The real Trafford care homes from the CQC directory extract, on the map and in the directory.
    assert Location.objects.filter(is_demo=False, local_authority__code="E08000009").count() == 56
    assert signs_in(client, "priya.shah@trafford.example", DEMO_PASSWORD)
    page = client.get("/market/map/").content.decode()
    assert "Allingham House Care Centre" in page and "<svg" in page
    risk = client.get("/market/risk/").content.decode()
    assert "Brookvale Lodge (demo) is rated Inadequate" in risk
    overview = client.get("/market/").content.decode()
    assert "HHI" in overview and "Rating fell" in overview
    brookvale = Provider.objects.get(name="Brookvale Care Group (demo)")
    assert "Quality visit after the inspection (demo)" in client.get(brookvale.get_absolute_url()).content.decode()
    statement = client.get("/market/statements/").content.decode()
    assert "Care and support for older people in Trafford (demo)" in statement

    client.logout()
    assert signs_in(client, "joanne.price@mha.example", DEMO_PASSWORD)
    handsworth = Location.objects.get(name="Handsworth")
    assert client.get(handsworth.get_absolute_url()).status_code == 200
    assert client.get(Location.objects.get(name="Brookvale Lodge (demo)").get_absolute_url()).status_code == 404
    import datetime

    today = datetime.date.today()
    response = client.post(
        f"/market/locations/{handsworth.pk}/capacity/",
        {
            "return_date-day": today.day, "return_date-month": today.month, "return_date-year": today.year,
            "beds_capacity": 30, "beds_occupied": 27, "beds_vacant_accepting": 3,
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert CapacityReturn.objects.get(location=handsworth).beds_vacant_accepting == 3


def test_demo_resources_budget_against_spend_and_a_traceable_cost_of_care(demo, client):
    from commissioning.finance.models import CostOfCareExercise

    client.force_login(User.objects.get(email="priya.shah@trafford.example"))
    page = client.get("/resources/").content.decode()
    assert "Forecast outturn" in page and "Older people: Residential care home" in page
    assert "Local contract price" in client.get("/resources/unit-costs/").content.decode()
    exercise = CostOfCareExercise.objects.get()
    detail = client.get(exercise.get_absolute_url()).content.decode()
    assert "5 providers returned their actual costs" in detail
    assert "£958.00" in detail and "5.04%" in detail
    public = client.get(f"/public/cost-of-care/{exercise.pk}/").content.decode()
    assert "Lower quartile" in public and "Too few returns" not in public


def test_the_learning_disability_cycle_has_a_forecast_from_published_rates(demo, client):
    cycle = CommissioningCycle.objects.get(client_group="learning_disability")
    needs = cycle.activities.get(level=Level.STRATEGIC, checklist_key="needs")
    link = needs.evidence.get(record_id__isnull=False)
    forecast = SavedForecast.objects.get(pk=link.record_id)
    assert [item["name"] for item in forecast.results["needs"]] == [LD_KNOWN_2004]
    assert forecast.vintage.ages_from == 0 and forecast.area.code == "E08000009"
    client.force_login(User.objects.get(email="priya.shah@trafford.example"))
    assert "Adults with learning disabilities known to services" in client.get(link.url).content.decode()


def test_the_carers_cycle_has_a_forecast_from_census_2021_unpaid_care(demo, client):
    cycle = CommissioningCycle.objects.get(client_group="carers")
    needs = cycle.activities.get(level=Level.STRATEGIC, checklist_key="needs")
    link = needs.evidence.get(record_id__isnull=False)
    forecast = SavedForecast.objects.get(pk=link.record_id)
    assert {item["name"] for item in forecast.results["needs"]} == {
        CARERS_ANY_2021,
        CARERS_50_HOURS_2021,
        CARERS_20_49_HOURS_2021,
        CARERS_19_HOURS_2021,
    }
    assert forecast.vintage.ages_from == 0 and forecast.area.code == "E08000009"
    client.force_login(User.objects.get(email="priya.shah@trafford.example"))
    page = client.get(link.url).content.decode()
    assert "People giving 50 or more hours of unpaid care a week" in page and "Census 2021 (TS039)" in page
    # The three bands by hours a week add up to everyone giving care, year by year.
    people = {item["name"]: item["totals"] for item in forecast.results["needs"]}
    for year, figure in people[CARERS_ANY_2021].items():
        bands = [CARERS_50_HOURS_2021, CARERS_20_49_HOURS_2021, CARERS_19_HOURS_2021]
        assert sum(Decimal(str(people[name][year]["people"])) for name in bands) == Decimal(str(figure["people"]))


def test_the_demo_keeps_its_region_and_england_comparisons_from_the_import(demo, client):
    # Computed when the population was loaded, so Trafford's profile only looks them up.
    estimate = PopulationVintage.objects.get(name="ONS mid-2020 population estimates")
    kept = CachedForecast.objects.filter(vintage=estimate, rate_set__isnull=False)
    assert {"E12000002", "E92000001"} <= set(kept.values_list("area_code", flat=True))
    client.force_login(User.objects.get(email="priya.shah@trafford.example"))
    page = client.get("/needs/areas/E08000009/").content.decode()
    assert "Compared with the region and England" in page and "North West" in page
