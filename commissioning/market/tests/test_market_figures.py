"""Figures that agree: one definition of a location's beds on every page, download and the API;
concentration in the API exactly as the overview shows it."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils.html import escape
from docx import Document

from commissioning.core.jinja2 import format_number
from commissioning.core.models import Area
from commissioning.market import analysis, services
from commissioning.market.documents import statement_docx
from commissioning.market.models import CapacityReturn, Location, MarketPositionStatement, Provider
from commissioning.market.statement import statement_figures
from commissioning.needs.models import RateSet
from commissioning.needs.published import people_aged
from commissioning.needs.published_rates import CFAS_II
from commissioning.needs.services import parse_rate_rows, rate_set_create


def _home(provider: Provider, area: Area, name: str, service: str, beds: int | None, number: int) -> Location:
    return Location.objects.create(
        provider=provider,
        name=name,
        cqc_location_id=f"1-90000000{number}",
        local_authority=area,
        beds=beds,
        is_care_home=True,
        service_codes=f"|{service}|",
    )


@pytest.fixture
def durham_homes(world, durham_vintage) -> dict[str, Location]:
    """Three care homes in County Durham; Birch Lodge's beds are known only from capacity returns."""
    durham = Area.objects.get(code="E06000047")
    north = Provider.objects.create(name="North Care Ltd")
    dale = Provider.objects.create(name="Dale Homes Ltd", group_name="Dale Group")
    homes = {
        "oak": _home(north, durham, "Oak House", "nursing", 40, 1),
        "elm": _home(dale, durham, "Elm Court", "residential", 68, 2),
        "birch": _home(north, durham, "Birch Lodge", "residential", None, 3),
    }
    today = datetime.date.today()
    birch = homes["birch"]
    CapacityReturn.objects.create(location=birch, return_date=today - datetime.timedelta(days=40), beds_capacity=28)
    CapacityReturn.objects.create(location=birch, return_date=today - datetime.timedelta(days=10), beds_capacity=30)
    # A newer return that gives no bed figure does not hide the last one that did.
    CapacityReturn.objects.create(location=birch, return_date=today - datetime.timedelta(days=2), care_staff=12)
    return homes


def _cells(document: bytes) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in Document(io.BytesIO(document)).tables for row in table.rows]


def test_the_overview_statement_location_page_and_api_count_the_same_beds(world, durham_homes, client_for):
    client = client_for(world.alice)
    birch = durham_homes["birch"]
    returned_on = datetime.date.today() - datetime.timedelta(days=10)
    # 68 from the register and 30 from Birch Lodge's newest return that states its beds.
    residential, all_homes = 98, 138
    people = people_aged(["E06000047"], year=datetime.date.today().year)["E06000047"].people
    rate = format_number(all_homes * 1000 / people, 1)

    overview = client.get(reverse("market:index") + "?area=E06000047").content.decode()
    assert f">{residential}<" in overview and "1 not known" not in overview
    assert f">{all_homes}<" in overview and f">{rate}<" in overview

    statement = MarketPositionStatement(
        area=Area.objects.get(code="E06000047"),
        organisation=world.trafford,
        client_group="older_people",
        title="Durham older people",
        first_year=2026,
        last_year=2031,
    )
    figures = statement_figures(statement)
    supply = {row["service"]: row for row in figures["supply"]}
    assert (supply["Residential care home"]["beds"], supply["Residential care home"]["beds_not_known"]) == (98, 0)
    durham_row = figures["beds_per_thousand"][0]
    assert (durham_row["beds"], format_number(durham_row["per_thousand"], 1)) == (all_homes, rate)
    cells = _cells(statement_docx(statement, figures))
    assert ["Residential care home", "2", "98", "Not known"] in cells
    assert any(row[:2] == ["County Durham", "138"] and rate in row for row in cells)

    label = f"30 (capacity return, {returned_on.day} {returned_on:%b %Y})"
    assert label in client.get(birch.get_absolute_url()).content.decode()
    assert "40 (CQC register)" in client.get(durham_homes["oak"].get_absolute_url()).content.decode()
    api = {row["name"]: row for row in client.get("/api/v1/locations/?area=E06000047").json()["results"]}
    assert (api["Birch Lodge"]["beds"], api["Birch Lodge"]["beds_source"]) == (30, "capacity_return")
    assert (api["Birch Lodge"]["beds_as_of"], api["Birch Lodge"]["register_beds"]) == (returned_on.isoformat(), None)
    assert (api["Oak House"]["beds"], api["Oak House"]["beds_source"]) == (40, "register")
    # Concentration weighs the care homes by the same beds: none is left out for want of a count.
    residential_share = next(item for item in analysis.concentration(statement.area) if item.service == "residential")
    assert residential_share.basis == "beds" and [s.weight for s in residential_share.shares] == [68, 30]


def test_each_demand_row_names_the_rates_it_uses_and_their_source(world, durham_vintage, client_for):
    local = rate_set_create(
        by=world.alice, rows=parse_rate_rows("persons, 65, , 0.05"), organisation=world.trafford, is_local=True,
        name="Memory clinic diagnoses", kind="need", measure="People with dementia", source="Trafford memory clinic",
        publication_year=2025, measured_in="Trafford, 2024",
    )  # fmt: skip
    cfas = RateSet.objects.get(name=CFAS_II)
    statement = services.statement_create(
        by=world.alice, area=Area.objects.get(code="E06000047"), client_group="older_people",
        title="Durham older people", first_year=2026, last_year=2031,
    )  # fmt: skip
    services.statement_publish(statement=statement, figures=statement_figures(statement), by=world.alice)
    page = client_for(None).get(statement.get_public_url()).content.decode()
    rows = re.findall(r'<th scope="row"[^>]*>People with dementia</th>\s*<td[^>]*>([^<]*)</td>', page)
    assert sorted(row.strip() for row in rows) == [CFAS_II, f"{local.name} (local rates)"]
    assert f"{local.name}: Trafford memory clinic (2025)" in page
    assert f"{escape(cfas.name)}: {escape(cfas.source)} ({cfas.publication_year})" in page
    word = _cells(statement_docx(statement, statement.figures))
    assert any(row[:2] == ["Measure", "Rates used"] for row in word)
    assert {row[1] for row in word if row[0] == "People with dementia"} == {CFAS_II, f"{local.name} (local rates)"}


def test_the_api_gives_the_overviews_concentration_exactly(world, durham_homes, client_for):
    client = client_for(world.alice)
    durham = Area.objects.get(code="E06000047")
    Location.objects.create(
        provider=Provider.objects.create(name="Fell Care Ltd"), name="Fell View", local_authority=durham,
        beds=13, is_care_home=True, service_codes="|residential|",
    )  # fmt: skip
    api = client.get("/api/v1/market-concentration/?area=E06000047").json()
    assert (api["area"], api["area_name"]) == ("E06000047", "County Durham")
    page = client.get(reverse("market:index") + "?area=E06000047").content.decode()
    expected = analysis.concentration(durham)
    assert [item["service"] for item in api["services"]] == [item.service for item in expected]
    for item, figures in zip(api["services"], expected, strict=True):
        assert Fraction(item["hhi_exact"]) == figures.index and item["basis"] == figures.basis
        assert [(share["group"], share["weight"], Fraction(share["share"])) for share in item["shares"]] == [
            (share.group, share.weight, share.share) for share in figures.shares
        ]
        # What the page shows, to the figure.
        assert f"{item['label']}: HHI {format_number(Fraction(item['hhi_exact']))} ({item['band'].lower()})" in page
        for share in item["shares"]:
            assert f"{format_number(Decimal(share['percent']), 1)}%" in page
    residential = next(item for item in api["services"] if item["service"] == "residential")
    # Beds 68, 30 and 13 of 111: (68² + 30² + 13²) / 111², in per cent squared.
    assert Fraction(residential["hhi_exact"]) == Fraction((68**2 + 30**2 + 13**2) * 10000, 111**2)
    assert residential["hhi"] == str(round(Decimal(5693 * 10000) / Decimal(12321), 6))
    # Scoped as the page is: staff only, and only a council's area.
    wrong = client.get("/api/v1/market-concentration/?area=E12000001")
    assert wrong.status_code == 400 and "area" in wrong.json()
    assert client.get("/api/v1/market-concentration/").json()["area"] == "E08000009"
    assert client_for(world.pam).get("/api/v1/market-concentration/").status_code == 403
