"""The market summaries give exactly the figures the overview used to work out from the register
per request, stay current whichever way the register changes, and keep the overview's cost flat."""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command

from commissioning.analytics.market import concentration_band, hhi, market_shares, per_thousand
from commissioning.core.choices import ENGLAND, UPPER_TIER_LEVELS, ClientGroup, ServiceType
from commissioning.core.models import Area
from commissioning.market import analysis, services
from commissioning.market.choices import MARKET_SERVICE_TYPES, Rating
from commissioning.market.models import (
    CapacityReturn,
    Location,
    LocationRating,
    MarketSummary,
    MarketSummaryState,
    Provider,
)
from commissioning.needs.published import people_aged

CARE_HOME_SERVICES = (ServiceType.RESIDENTIAL, ServiceType.NURSING)
GOOD = (Rating.OUTSTANDING, Rating.GOOD)


# --- The overview's figures as it worked them out per request before the summaries -------------


def _registered(locations):
    return locations.exclude(registration_status="deregistered").with_beds()


def _area_locations(area):
    return _registered(Location.objects.filter(local_authority=area))


def reference_supply(area):
    rows = []
    for service in MARKET_SERVICE_TYPES:
        offering = [loc for loc in _area_locations(area) if f"|{service}|" in loc.service_codes]
        if offering:
            care_homes = service in CARE_HOME_SERVICES
            rows.append(
                (
                    service,
                    len(offering),
                    sum(loc.known_beds or 0 for loc in offering) if care_homes else None,
                    sum(1 for loc in offering if loc.overall_rating),
                    sum(1 for loc in offering if loc.overall_rating in GOOD),
                    sum(1 for loc in offering if loc.known_beds is None) if care_homes else 0,
                )
            )
    return rows


def reference_client_groups(area):
    counts = Counter()
    for codes in _area_locations(area).order_by("name", "pk").values_list("client_group_codes", flat=True):
        counts.update(code for code in codes.split("|") if code)
    labels = dict(ClientGroup.choices)
    return [(labels.get(code, code), count) for code, count in counts.most_common()]


def reference_beds(area, year):
    places = [(area.name, area, _area_locations(area), [area.code])]
    councils = Area.objects.filter(level__in=UPPER_TIER_LEVELS)
    if area.region_id:
        places.append(
            (
                area.region.name,
                area.region,
                _registered(Location.objects.filter(local_authority__region=area.region_id)),
                list(councils.filter(region=area.region_id).values_list("code", flat=True)),
            )
        )
    places.append(("England", None, _registered(Location.objects.all()), list(councils.values_list("code", flat=True))))
    codes = [place.code if place else ENGLAND for _, place, _, _ in places]
    population = people_aged(codes, year=year)
    rows = []
    for (name, place, locations, council_codes), code in zip(places, codes, strict=True):
        homes = [loc for loc in locations if loc.is_care_home]
        held = {loc.local_authority.code if loc.local_authority else None for loc in locations}
        missing = [c for c in council_codes if c not in held]
        known = [loc.known_beds for loc in homes if loc.known_beds is not None]
        beds = sum(known) if known else None
        unknown = len(homes) - len(known)
        people = population.get(code)
        if missing and place is not area:
            beds = None
        rate = per_thousand(beds, Fraction(people.people)) if beds is not None and people and not unknown else None
        rows.append((name, beds, rate))
    return rows


def reference_ratings(area):
    counts = Counter(_area_locations(area).values_list("overall_rating", flat=True))
    return [*((label, counts.get(value, 0)) for value, label in Rating.choices), ("Not rated or not known", counts[""])]


def reference_trend(area, years):
    history = defaultdict(list)
    for location_id, published_on, overall in (
        LocationRating.objects.filter(location__in=_area_locations(area))
        .exclude(overall="")
        .values_list("location_id", "published_on", "overall")
    ):
        history[location_id].append((published_on, overall))
    trend = []
    for year in years:
        end = datetime.date(year, 12, 31)
        current = [max((r for r in ratings if r[0] <= end), default=None) for ratings in history.values()]
        trend.append((year, sum(1 for c in current if c), sum(1 for c in current if c and c[1] in GOOD)))
    return trend


def reference_concentration(area):
    result = []
    for service in MARKET_SERVICE_TYPES:
        rows = [
            (loc.provider.group_name, loc.provider.name, loc.known_beds)
            for loc in _area_locations(area).select_related("provider")
            if f"|{service}|" in loc.service_codes
        ]
        if not rows:
            continue
        by_beds = service in CARE_HOME_SERVICES and all(beds is not None for _, _, beds in rows)
        shares = market_shares(((group or name), beds if by_beds else 1) for group, name, beds in rows)
        index = hhi(shares)
        result.append((service, "beds" if by_beds else "locations", shares, index, concentration_band(index)))
    return result


# --- A varied register ---------------------------------------------------------------------------


@pytest.fixture
def register(world, durham):
    trafford = world.areas["trafford"]
    Area.objects.create(code="E08000003", name="Manchester", level=trafford.level, parent=trafford.parent,
                        region=trafford.region)  # fmt: skip
    areas = {
        "trafford": world.areas["trafford"],
        "stockport": world.areas["stockport"],
        "durham": durham,
        "darlington": Area.objects.get(code="E06000005"),
    }
    groups = ["Oak Group", "", "Oak Group", "Elm Homes", "", ""]
    providers = [
        Provider.objects.create(name=f"Provider {n}", group_name=group, cqc_provider_id=f"1-20000000{n}")
        for n, group in enumerate(groups)
    ]
    services = ["|residential|", "|nursing|residential|", "|homecare|", "|nursing|", "|supported_living|homecare|"]
    bands = ["|older_people|dementia|", "|learning_disability|", "", "|older_people|", "|dementia|physical|"]
    ratings = [Rating.GOOD, Rating.OUTSTANDING, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE, ""]
    today = datetime.date.today()
    locations = []
    for n in range(40):
        area = [areas["trafford"], areas["stockport"], areas["durham"], areas["darlington"], None][n % 5]
        service = services[n % 5]
        care_home = "residential" in service or "nursing" in service
        location = Location.objects.create(
            provider=providers[n % 6],
            name=f"{['Oak', 'Elm', 'Ash'][n % 3]} {n % 7}",  # names repeat, as real ones do
            cqc_location_id=f"1-1000000{n:02d}",
            local_authority=area,
            service_codes=service,
            client_group_codes=bands[n % 5],
            is_care_home=care_home,
            beds=(10 + n) if care_home and n % 4 else None,
            overall_rating=ratings[n % 5],
            registration_status="deregistered" if n % 11 == 10 else "registered",
        )
        locations.append(location)
        if location.beds is None and n % 3:
            CapacityReturn.objects.create(location=location, return_date=today, beds_capacity=5 + n)
        for years_ago in range(n % 4):
            LocationRating.objects.create(
                location=location,
                published_on=datetime.date(today.year - years_ago * 2, 1 + n % 12, 1),
                overall=ratings[(n + years_ago) % 5],
            )
    return areas, locations


def _same_figures(area: Area) -> None:
    years = list(range(datetime.date.today().year - 8, datetime.date.today().year + 2))
    assert [
        (row.service, row.locations, row.beds, row.rated, row.good, row.beds_unknown) for row in analysis.supply(area)
    ] == reference_supply(area)
    assert analysis.client_group_supply(area) == reference_client_groups(area)
    assert [(row.place, row.beds, row.per_thousand) for row in analysis.beds_per_thousand(area)] == reference_beds(
        area, datetime.date.today().year
    )
    assert analysis.ratings_mix(area) == reference_ratings(area)
    assert analysis.ratings_trend(area, years) == reference_trend(area, years)
    assert [
        (item.service, item.basis, item.shares, item.index, item.band) for item in analysis.concentration(area)
    ] == reference_concentration(area)
    assert analysis.registered_total(area) == _area_locations(area).count()


def test_the_summaries_give_the_figures_the_register_gives(register, durham_vintage):
    areas, _ = register
    for area in areas.values():
        _same_figures(area)
    # North East is complete (both its councils hold locations), so it has a rate; North West is not.
    durham_beds = {row.place: row for row in analysis.beds_per_thousand(areas["durham"])}
    assert durham_beds["North East"].beds is not None
    # North West is not: Manchester holds no location.
    trafford_beds = {row.place: row for row in analysis.beds_per_thousand(areas["trafford"])}
    assert trafford_beds["North West"].beds is None
    assert "holds locations in 2 of 3 councils" in trafford_beds["North West"].note


def test_any_change_to_the_register_shows_at_once(register, durham_vintage):
    areas, locations = register
    durham = areas["durham"]
    _same_figures(durham)
    # Writes outside the imports: a new home, a capacity return, a provider joining a group, a closure.
    Location.objects.create(
        provider=locations[0].provider, name="New Home", local_authority=durham, beds=30, is_care_home=True,
        service_codes="|residential|", overall_rating=Rating.GOOD,
    )  # fmt: skip
    _same_figures(durham)
    unknown = next(loc for loc in locations if loc.local_authority == durham and loc.beds is None)
    services.capacity_return_save(
        location=unknown, return_date=datetime.date.today(), values={"beds_capacity": 12}, by=None
    )
    _same_figures(durham)
    Provider.objects.filter(pk=locations[1].provider_id).update(group_name="Changed")
    Provider.objects.get(pk=locations[1].provider_id).save()
    _same_figures(durham)
    open_home = next(loc for loc in locations if loc.local_authority == durham and loc.is_registered)
    open_home.registration_status = "deregistered"
    open_home.save()
    _same_figures(durham)
    assert MarketSummaryState.objects.get().stale is False


def test_the_command_rebuilds_the_summaries(register):
    MarketSummary.objects.all().delete()
    call_command("market-summary", stdout=io.StringIO())
    assert MarketSummary.objects.filter(place=ENGLAND, service="").get().locations == (
        Location.objects.exclude(registration_status="deregistered").count()
    )


def test_a_capacity_import_rebuilds_the_summaries_in_its_transaction(register):
    areas, _ = register
    home = next(
        loc
        for loc in Location.objects.filter(local_authority=areas["trafford"], is_care_home=True, beds__isnull=True)
        .exclude(registration_status="deregistered")
        .with_beds()
        if loc.known_beds is None
    )
    services.capacity_import(
        name="returns.csv",
        content=f"Location ID,Date,Beds capacity\n{home.cqc_location_id},{datetime.date.today()},44\n".encode(),
        by=None,
    )
    assert MarketSummaryState.objects.get().stale is False
    _same_figures(areas["trafford"])


def test_the_stored_index_is_the_overviews_to_six_places(register):
    areas, _ = register
    for area in areas.values():
        analysis.area_figures(area)  # builds the summaries
        stored = {row.service: row.hhi for row in MarketSummary.objects.filter(place=area.code).exclude(service="")}
        for item in analysis.concentration(area):
            assert stored[item.service] == round(Decimal(item.index.numerator) / Decimal(item.index.denominator), 6)


def test_the_others_row_adds_up_as_the_shares_do():
    weights = [(f"Group {n}", weight) for n, weight in enumerate([68, 30, 13, 13, 9, 7, 7, 5, 3, 1, 1, 1])]
    shares = market_shares(weights)
    item = analysis.Concentration("residential", "Residential", "beds", shares, hhi(shares), "")
    assert item.others == (7, 25, sum(share.percent for share in shares[5:]))
