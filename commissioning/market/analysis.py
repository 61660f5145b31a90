"""Market analysis from the register: supply, beds per 1,000 older people, ratings, concentration,
dependency and provider risk. Loads from the database; the arithmetic is in analytics.market."""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from commissioning.accounts.models import User
from commissioning.analytics.market import (
    RISK_ORDER,
    Concern,
    RiskAssessment,
    RiskInputs,
    Share,
    assess_risk,
    concentration_band,
    hhi_of_weights,
    market_shares,
    per_thousand,
)
from commissioning.core.choices import ENGLAND, UPPER_TIER_LEVELS, ClientGroup, ServiceType
from commissioning.core.models import Area
from commissioning.market.choices import MARKET_SERVICE_TYPES, RATING_SCORE, EventKind, Rating
from commissioning.market.models import (
    ContingencyPlan,
    Location,
    MarketEvent,
    MarketSummary,
    Provider,
    ProviderConcern,
    ProviderFunding,
)
from commissioning.market.selectors import latest_returns
from commissioning.market.summary import market_summary_fresh
from commissioning.needs.published import people_aged

BENCHMARK_FILE = (
    Path(__file__).resolve().parent / "data" / "care_homes_rated_good_or_outstanding_pct_trafford_peers.csv"
)
CARE_HOME_SERVICES = (ServiceType.RESIDENTIAL, ServiceType.NURSING)
GOOD = (Rating.OUTSTANDING, Rating.GOOD)


def registered(locations: QuerySet[Location]) -> QuerySet[Location]:
    """Locations still in the market (not deregistered), with their beds by the one definition."""
    return locations.exclude(registration_status="deregistered").with_beds()


def area_locations(area: Area) -> QuerySet[Location]:
    return registered(Location.objects.filter(local_authority=area))


@dataclass
class SupplyRow:
    service: str
    label: str
    locations: int
    beds: int | None
    rated: int
    good: int
    beds_unknown: int = 0

    @property
    def good_share(self) -> Fraction | None:
        return Fraction(self.good, self.rated) if self.rated else None


@dataclass
class AreaFigures:
    """An area's stored summaries (market.summary) with its region's and England's: what the
    overview, statements and the API show, read in a few queries whatever the register's size."""

    area: Area
    region: tuple[str, str] | None  # (code, name)
    rows: dict[tuple[str, str], MarketSummary]

    def row(self, place: str, service: str = "") -> MarketSummary | None:
        return self.rows.get((place, service))


def area_figures(area: Area) -> AreaFigures:
    """The area's summaries, rebuilt first if the register changed since they were built."""
    market_summary_fresh()
    region = Area.objects.filter(pk=area.region_id).values_list("code", "name").first() if area.region_id else None
    places = [area.code, ENGLAND, *([region[0]] if region else [])]
    rows = {(row.place, row.service): row for row in MarketSummary.objects.filter(place__in=places)}
    return AreaFigures(area, region, rows)


def registered_total(area: Area, figures: AreaFigures | None = None) -> int:
    """How many registered locations the area has."""
    row = (figures or area_figures(area)).row(area.code)
    return row.locations if row else 0


def registered_total_in_england() -> int:
    """How many locations the register holds that are not deregistered (England's summary: the
    national list's total without counting the national table)."""
    market_summary_fresh()
    row = MarketSummary.objects.filter(place=ENGLAND, service="").values_list("locations", flat=True).first()
    return row or 0


def supply(area: Area, figures: AreaFigures | None = None) -> list[SupplyRow]:
    """Locations, beds and quality by service type in an area."""
    figures = figures or area_figures(area)
    labels = dict(ServiceType.choices)
    rows = []
    for service in MARKET_SERVICE_TYPES:
        row = figures.row(area.code, service)
        if row is None or not row.locations:
            continue
        care_homes = service in CARE_HOME_SERVICES
        rows.append(
            SupplyRow(
                service,
                labels[service],
                row.locations,
                row.beds if care_homes else None,
                row.rated,
                row.good,
                row.beds_unknown if care_homes else 0,
            )
        )
    return rows


def client_group_supply(area: Area, figures: AreaFigures | None = None) -> list[tuple[str, int]]:
    row = (figures or area_figures(area)).row(area.code)
    labels = dict(ClientGroup.choices)
    return [(labels.get(code, code), count) for code, count in (row.client_groups if row else [])]


@dataclass
class BedsComparison:
    place: str
    beds: int | None
    older_people: Decimal | None
    per_thousand: Fraction | None
    year: int | None
    note: str = ""


def beds_per_thousand(
    area: Area, *, year: int | None = None, figures: AreaFigures | None = None
) -> list[BedsComparison]:
    """Care home beds per 1,000 people aged 65+, in the area, its region and England. Region and
    England are shown only when the register holds every council there (else they mislead)."""
    year = year or datetime.date.today().year
    figures = figures or area_figures(area)
    council_regions = list(Area.objects.filter(level__in=UPPER_TIER_LEVELS).values_list("region_id", flat=True))
    places: list[tuple[str, str, int | None]] = [(area.name, area.code, None)]
    if figures.region:
        places.append((figures.region[1], figures.region[0], council_regions.count(area.region_id)))
    places.append(("England", ENGLAND, len(council_regions)))
    population = people_aged([code for _, code, _ in places], year=year)
    rows = []
    for name, code, councils in places:
        summary = figures.row(code)
        held = summary.councils_held if summary else 0
        # Care homes whose beds are known: with none, there is no total (as a sum of nothing).
        known = summary.care_homes - summary.beds_unknown if summary else 0
        beds = summary.beds if known else None
        unknown_beds = summary.beds_unknown if summary else 0
        people = population.get(code)
        note = ""
        if councils is not None and held < councils:
            note = (
                f"The register holds locations in {held} of {councils} councils here: "
                "import the national CQC file to compare"
            )
            beds = None
        elif unknown_beds:
            note = (
                f"{unknown_beds} care home(s) have no bed count in the register or a capacity return: import the "
                "CQC HSCA file or API records for beds"
            )
        if people is None:
            note = note or "No population figures for this place: import them on the Needs pages"
        rows.append(
            BedsComparison(
                name,
                beds,
                people.people if people else None,
                # A rate from a partial bed count would understate supply: show none.
                per_thousand(beds, Fraction(people.people))
                if beds is not None and people and not unknown_beds
                else None,
                people.year if people else None,
                note,
            )
        )
    return rows


def ratings_mix(area: Area, figures: AreaFigures | None = None) -> list[tuple[str, int]]:
    row = (figures or area_figures(area)).row(area.code)
    counts = row.ratings if row else {}
    mix = [(label, counts.get(value, 0)) for value, label in Rating.choices]
    mix.append(("Not rated or not known", counts.get("", 0)))
    return mix


def ratings_trend(area: Area, years: list[int], figures: AreaFigures | None = None) -> list[tuple[int, int, int]]:
    """(year, locations rated, rated good or outstanding) at each year end, from every rating
    the register holds."""
    row = (figures or area_figures(area)).row(area.code)
    by_year = {int(year): counts for year, counts in (row.ratings_by_year if row else {}).items()}
    first, last = (min(by_year), max(by_year)) if by_year else (0, 0)
    trend = []
    for year in years:
        # Before the first rating none; after the last year built, nothing has been published since.
        rated, good = by_year[min(year, last)] if by_year and year >= first else (0, 0)
        trend.append((year, rated, good))
    return trend


@lru_cache(maxsize=1)
def _benchmark_rows() -> tuple[tuple[str, str, str, float], ...]:
    with BENCHMARK_FILE.open(encoding="utf-8") as handle:
        return tuple(
            (row["area_code"], row["area_name"], row["period"], float(row["value"])) for row in csv.DictReader(handle)
        )


def published_benchmark(area: Area) -> dict[str, list[tuple[str, float]]]:
    """CQC's monthly share of care homes rated good or outstanding (via LG Inform) for the area
    and England, where the shipped file covers the area."""
    series: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for code, name, period, value in _benchmark_rows():
        if code in (area.code, ENGLAND):
            series[name].append((period, value))
    return dict(series) if area.name in series else {}


@dataclass
class Concentration:
    service: str
    label: str
    basis: str  # "beds" or "locations"
    shares: list[Share]
    index: Fraction
    band: str

    # The overview names the largest few groups and adds up the rest.
    NAMED = 5

    @property
    def others(self) -> tuple[int, int, float]:
        """How many groups are not named, their weight, and their percentage: the same float
        as adding each one's `percent` (100 x weight / total is rounded once either way), without
        a fraction per group."""
        rest = self.shares[self.NAMED :]
        total = sum(share.weight for share in self.shares)
        return len(rest), sum(share.weight for share in rest), sum((share.weight * 100) / total for share in rest)


def concentration(area: Area, figures: AreaFigures | None = None) -> list[Concentration]:
    """Each provider group's share of each service in the area, and the HHI. Care homes are
    weighed by beds when every home's beds are known, otherwise by locations (and it says so)."""
    figures = figures or area_figures(area)
    labels = dict(ServiceType.choices)
    result = []
    for service in MARKET_SERVICE_TYPES:
        row = figures.row(area.code, service)
        if row is None or not row.locations:
            continue
        shares = market_shares((group, weight) for group, weight in row.shares)
        index = hhi_of_weights(share.weight for share in shares)
        result.append(
            Concentration(service, labels[service], row.concentration_basis, shares, index, concentration_band(index))
        )
    return result


def provider_share(area: Area) -> dict[int, Fraction]:
    """Each provider's share of the area's care home beds (or of its locations, if beds are not known)."""
    rows = list(area_locations(area).values_list("provider_id", "known_beds", "is_care_home"))
    homes = [(provider, beds) for provider, beds, is_home in rows if is_home]
    if homes and all(beds is not None for _, beds in homes):
        shares = market_shares((str(provider), beds) for provider, beds in homes)
    else:
        shares = market_shares((str(provider), 1) for provider, _, _ in rows)
    return {int(share.group): share.share for share in shares}


@dataclass
class ProviderRisk:
    provider: Provider
    assessment: RiskAssessment
    locations: int
    share: Fraction | None
    plan: ContingencyPlan | None = None
    reasons: list[str] = field(default_factory=list)


def provider_risks(
    *, area: Area, organisation_id: int | None, today: datetime.date | None = None, provider_id: int | None = None
) -> list[ProviderRisk]:
    """Every provider with a location in the area (or just `provider_id`), assessed, worst first.
    Market shares are always of the whole area."""
    today = today or datetime.date.today()
    located = area_locations(area).select_related("provider").order_by("name", "pk")
    locations = list(located.filter(provider_id=provider_id) if provider_id else located)
    by_provider: dict[int, list[Location]] = defaultdict(list)
    for location in locations:
        by_provider[location.provider_id].append(location)
    shares = provider_share(area)
    latest = latest_returns([location.pk for location in locations])
    falls: dict[int, list[str]] = defaultdict(list)
    for event in MarketEvent.objects.filter(
        kind=EventKind.RATING_FELL,
        location__in=[location.pk for location in locations],
        detected_at__date__gte=today - datetime.timedelta(days=365),
    ).select_related("location"):
        falls[event.location.provider_id].append(
            f"{event.location.name}: {Rating(event.before).label} to {Rating(event.after).label}"
        )
    concerns: dict[int, list[Concern]] = defaultdict(list)
    plans: dict[int, ContingencyPlan] = {}
    if organisation_id:
        for concern in ProviderConcern.objects.filter(
            organisation_id=organisation_id, closed_on__isnull=True, provider_id__in=by_provider
        ):
            concerns[concern.provider_id].append(Concern(concern.kind, concern.severity, concern.summary))
        plans = {
            plan.provider_id: plan
            for plan in ContingencyPlan.objects.filter(organisation_id=organisation_id, provider_id__in=by_provider)
        }
    providers = Provider.objects.in_bulk(list(by_provider))
    funding = dict(
        ProviderFunding.objects.filter(organisation_id=organisation_id, provider_id__in=by_provider).values_list(
            "provider_id", "council_funded_share"
        )
    )
    result = []
    for provider_id, own in by_provider.items():
        provider = providers[provider_id]
        rated = [location for location in own if location.overall_rating]
        worst = min(rated, key=lambda home: RATING_SCORE[Rating(home.overall_rating)], default=None)
        occupancies = [
            (latest[home.pk].occupancy, home.name)
            for home in own
            if home.pk in latest and latest[home.pk].occupancy is not None
        ]
        lowest = min(occupancies, default=None)
        plan = plans.get(provider_id)
        inputs = RiskInputs(
            worst_rating=worst.overall_rating if worst else "",
            worst_rated_location=worst.name if worst else "",
            rating_falls=falls.get(provider_id, []),
            lowest_occupancy=Fraction(lowest[0]) if lowest else None,
            lowest_occupancy_location=lowest[1] if lowest else "",
            concerns=concerns.get(provider_id, []),
            market_share=shares.get(provider_id),
            council_funded_share=Fraction(funding[provider_id]) / 100 if provider_id in funding else None,
            has_plan=plan is not None,
            plan_overdue=bool(plan and plan.review_due < today),
        )
        result.append(ProviderRisk(provider, assess_risk(inputs), len(own), shares.get(provider_id), plan))
    result.sort(key=lambda risk: (RISK_ORDER[risk.assessment.level], -(risk.share or 0), risk.provider.name))
    return result


def dependency(area: Area, organisation_id: int | None) -> list[tuple[Provider, Decimal]]:
    """Providers in the area with the share of their business the organisation funds, highest first."""
    located = Location.objects.filter(local_authority=area).exclude(registration_status="deregistered")
    funding = ProviderFunding.objects.filter(
        organisation_id=organisation_id, provider__in=located.values("provider_id")
    ).select_related("provider")
    return sorted(((f.provider, f.council_funded_share) for f in funding), key=lambda pair: -pair[1])


def vacancies(area: Area) -> list[tuple[Location, Any]]:
    """Care homes in the area with their newest capacity return, most vacant beds first."""
    homes = list(area_locations(area).filter(is_care_home=True).select_related("provider").order_by("name", "pk"))
    latest = latest_returns([home.pk for home in homes])
    rows = [(home, latest.get(home.pk)) for home in homes]
    rows.sort(key=lambda row: (-(row[1].beds_vacant_accepting or 0) if row[1] else 1, row[0].name))
    return rows


def market_area_for(user: User) -> Area | None:
    """The area a user's market pages open on: their council's, else the first with locations."""
    organisation = getattr(user, "organisation", None)
    if organisation is not None and organisation.area_id:
        return organisation.area
    return areas_with_locations(Area.objects.all()).first()


def areas_with_locations(areas: QuerySet[Area]) -> QuerySet[Area]:
    """Those of `areas` with a location in the register (registered or not), by name: one index
    look-up per area, rather than a join over the whole register."""
    return areas.filter(Exists(Location.objects.filter(local_authority=OuterRef("pk")))).order_by("name")
