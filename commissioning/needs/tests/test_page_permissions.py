"""Who reaches which needs page: population figures and the published national rates are public
to anyone signed in; a council's local rates, scenarios and saved forecasts are its own (and a
saved forecast also its cycle team's); commissioning workers add local evidence and only
administrators import population figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.core.models import Area
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet
from commissioning.needs.published_rates import CFAS_II
from commissioning.needs.services import (
    AdjustmentInput,
    forecast_attach,
    forecast_save,
    parse_rate_rows,
    rate_set_create,
    scenario_create,
)
from commissioning.testing import (
    EVERYONE,
    activity_in,
    check_page_access,
    check_queries_do_not_grow,
    expect,
    grow_world,
)

TRAFFORD_STAFF = {"alice", "carl", "sonia", "colin", "ada"}
TRAFFORD_WORKERS = {"alice", "carl", "ada"}  # commissioners, contracts officers, administrators
WORKERS = TRAFFORD_WORKERS | {"iris", "steve", "sally"}  # of every council and the ICB
STOCKPORT = {"steve", "sally"}
ADMINS = {"ada", "sally"}
CYCLE_TEAM = TRAFFORD_STAFF | {"iris"}  # the ICB is the partner in Trafford's cycle


def _rates(*, by, organisation, name):
    return rate_set_create(
        by=by, rows=parse_rate_rows("persons, 65, , 0.3"), organisation=organisation, is_local=organisation is not None,
        name=name, kind="need", measure="People who fall", source="Records", publication_year=2025,
        measured_in="People aged 65+",
    )  # fmt: skip


@pytest.fixture
def evidence(world):
    """National rates, and each council's own local rates and scenario."""
    effect = [AdjustmentInput("effect", Decimal(10), 2030)]
    return {
        "national": _rates(by=None, organisation=None, name="National falls"),
        "trafford_rates": _rates(by=world.alice, organisation=world.trafford, name="Trafford falls"),
        "stockport_rates": _rates(by=world.steve, organisation=world.stockport, name="Stockport falls"),
        "trafford_scenario": scenario_create(by=world.alice, name="Trafford prevention", adjustments=effect),
        "stockport_scenario": scenario_create(by=world.steve, name="Stockport prevention", adjustments=effect),
    }


def _rate_set(name, action="detail"):
    return lambda e: reverse(f"needs:rate-set-{action}", args=[e[name].pk])


def _scenario(name, action="detail"):
    return lambda e: reverse(f"needs:scenario-{action}", args=[e[name].pk])


MATRIX = [
    ("needs", lambda e: reverse("needs:index"), expect(EVERYONE)),
    ("rate library", lambda e: reverse("needs:rate-set-list"), expect(EVERYONE)),
    ("add local rates", lambda e: reverse("needs:rate-set-create"), expect(WORKERS, forbidden=EVERYONE)),
    ("national rates", _rate_set("national"), expect(EVERYONE)),
    ("change national rates", _rate_set("national", "update"), expect(set(), forbidden=EVERYONE)),
    ("national rates' history", _rate_set("national", "history"), expect(EVERYONE)),
    ("Trafford's local rates", _rate_set("trafford_rates"), expect(TRAFFORD_STAFF)),
    (
        "change Trafford's local rates",
        _rate_set("trafford_rates", "update"),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF),
    ),
    ("Trafford's local rates' history", _rate_set("trafford_rates", "history"), expect(TRAFFORD_STAFF)),
    ("Stockport's local rates", _rate_set("stockport_rates"), expect(STOCKPORT)),
    ("change Stockport's local rates", _rate_set("stockport_rates", "update"), expect(STOCKPORT)),
    ("scenarios", lambda e: reverse("needs:scenario-list"), expect(EVERYONE)),
    ("new scenario", lambda e: reverse("needs:scenario-create"), expect(WORKERS, forbidden=EVERYONE)),
    ("Trafford's scenario", _scenario("trafford_scenario"), expect(TRAFFORD_STAFF)),
    (
        "change Trafford's scenario",
        _scenario("trafford_scenario", "update"),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF),
    ),
    (
        "delete Trafford's scenario",
        _scenario("trafford_scenario", "delete"),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF),
    ),
    ("Trafford's scenario's history", _scenario("trafford_scenario", "history"), expect(TRAFFORD_STAFF)),
    ("Stockport's scenario", _scenario("stockport_scenario"), expect(STOCKPORT)),
    ("delete Stockport's scenario", _scenario("stockport_scenario", "delete"), expect(STOCKPORT)),
    ("population figures", lambda e: reverse("needs:vintage-list"), expect(EVERYONE)),
    ("import population", lambda e: reverse("needs:vintage-import"), expect(ADMINS, forbidden=EVERYONE)),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_needs_page_access(world, evidence, client_for, page, url_for, expected):
    url = url_for(evidence)
    check_page_access(world, client_for, page, url, expected)
    response = client_for(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _grow_needs(world, round_: int, forecast=None) -> None:
    """More of every needs record: national and local rates, scenarios, and (given a forecast)
    saved forecasts, for Trafford and for Stockport."""
    grow_world(world, round_=round_)
    _rates(by=None, organisation=None, name=f"National falls {round_}")
    effect = [AdjustmentInput("effect", Decimal(5), 2030)]
    for person, organisation in ((world.alice, world.trafford), (world.steve, world.stockport)):
        _rates(by=person, organisation=organisation, name=f"{organisation} falls {round_}")
        scenario_create(by=person, name=f"Prevention {round_}", adjustments=effect)
        if forecast is not None:
            forecast_save(by=person, forecast=forecast, title=f"Forecast {round_}")
    if forecast is not None:
        forecast_attach(by=world.alice, forecast=forecast, activity=activity_in(world.cycle))


def test_no_needs_page_runs_more_queries_as_the_data_grows(world, evidence, client_for):
    rounds = iter(range(10))
    pages = [(page, url_for(evidence), expected) for page, url_for, expected in MATRIX]
    check_queries_do_not_grow(client_for, pages, lambda: _grow_needs(world, next(rounds)))


@pytest.fixture
def forecasts(world, durham_vintage):
    """County Durham's projection, a forecast Trafford attached to its cycle (with the ICB as
    partner) and one Stockport kept for itself."""
    durham = Area.objects.get(code="E06000047")
    forecast = area_forecast(area=durham, vintage=durham_vintage, rate_sets=list(RateSet.objects.filter(name=CFAS_II)))
    return {
        "vintage": durham_vintage,
        "trafford": forecast_attach(by=world.alice, forecast=forecast, activity=activity_in(world.cycle)),
        "stockport": forecast_save(by=world.steve, forecast=forecast),
    }


FORECAST_MATRIX = [
    ("Durham's needs profile", lambda f: reverse("needs:area-profile", args=["E06000047"]), expect(EVERYONE)),
    ("printable profile", lambda f: reverse("needs:area-profile-print", args=["E06000047"]), expect(EVERYONE)),
    (
        "forecast as CSV",
        lambda f: reverse("needs:area-profile-download", args=["E06000047", "csv"]),
        expect(EVERYONE),
    ),
    (
        "forecast as a spreadsheet",
        lambda f: reverse("needs:area-profile-download", args=["E06000047", "xlsx"]),
        expect(EVERYONE),
    ),
    (
        "profile of an area without projections",
        lambda f: reverse("needs:area-profile", args=["E08000009"]),
        expect(set()),
    ),
    ("population vintage", lambda f: f["vintage"].get_absolute_url(), expect(EVERYONE)),
    ("Trafford's saved forecast", lambda f: f["trafford"].get_absolute_url(), expect(CYCLE_TEAM)),
    ("Stockport's saved forecast", lambda f: f["stockport"].get_absolute_url(), expect(STOCKPORT)),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), FORECAST_MATRIX, ids=[row[0] for row in FORECAST_MATRIX])
def test_needs_profile_and_forecast_access(world, forecasts, client_for, page, url_for, expected):
    url = url_for(forecasts)
    check_page_access(world, client_for, page, url, expected)
    response = client_for(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_no_profile_or_forecast_page_runs_more_queries_as_the_data_grows(world, forecasts, client_for):
    forecast = area_forecast(
        area=Area.objects.get(code="E06000047"), vintage=forecasts["vintage"],
        rate_sets=list(RateSet.objects.filter(name=CFAS_II)),
    )  # fmt: skip
    rounds = iter(range(10))
    pages = [(page, url_for(forecasts), expected) for page, url_for, expected in FORECAST_MATRIX]
    check_queries_do_not_grow(client_for, pages, lambda: _grow_needs(world, next(rounds), forecast))


def test_only_commissioning_workers_may_attach_a_forecast_to_a_cycle(world, durham_vintage, client_for):
    """Attaching is a POST from the profile: workers without a choice are sent back to it."""
    url = reverse("needs:area-profile-attach", args=["E06000047"])
    statuses = {persona: client_for(world.people[persona]).post(url).status_code for persona in sorted(EVERYONE)}
    assert statuses == expect(set(), redirected=WORKERS, forbidden=EVERYONE)
    assert client_for(None).post(url).url.startswith(reverse("login"))
