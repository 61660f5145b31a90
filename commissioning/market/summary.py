"""The market summaries: each council's, region's and England's supply, beds, ratings and
concentration, worked out from the register in one pass and stored (models.summary).

Imports rebuild them inside their own transaction, so a page never sees half a summary; a write
that does not (a single capacity return, the admin) marks them stale and the next reader rebuilds
them first. The figures are exactly those the overview used to work out per request: beds come
from `LocationQuerySet.with_beds`, concentration from analytics.market.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commissioning.analytics.market import hhi_of_weights
from commissioning.core.choices import ENGLAND, UPPER_TIER_LEVELS, ServiceType
from commissioning.core.models import Area
from commissioning.market.choices import MARKET_SERVICE_TYPES, Rating, RegistrationStatus
from commissioning.market.models import (
    Location,
    LocationRating,
    MarketSummary,
    MarketSummaryState,
    split_codes,
)

CARE_HOME_SERVICES = (ServiceType.RESIDENTIAL, ServiceType.NURSING)
GOOD = (Rating.OUTSTANDING, Rating.GOOD)
BATCH = 2000


@dataclass
class _Tally:
    """One place's figures for one service (or all), as the pass over the register adds them up."""

    locations: int = 0
    care_homes: int = 0
    beds: int = 0
    beds_unknown: int = 0
    rated: int = 0
    good: int = 0
    ratings: Counter[str] = field(default_factory=Counter)
    # Provider group -> [beds known, locations, locations without beds].
    groups: dict[str, list[int]] = field(default_factory=dict)

    def add(self, *, beds: int | None, rating: str, group: str | None, counts_beds: bool) -> None:
        self.locations += 1
        if counts_beds:
            self.care_homes += 1
            self.beds += beds or 0
            self.beds_unknown += beds is None
        self.rated += rating != ""
        self.good += rating in GOOD
        self.ratings[rating] += 1
        if group is None:  # every service together: no concentration
            return
        weights = self.groups.setdefault(group, [0, 0, 0])
        weights[0] += beds or 0
        weights[1] += 1
        weights[2] += beds is None

    def weights(self, service: str) -> tuple[str, dict[str, int]]:
        """The concentration basis and each group's weight: care homes by beds when every home's
        beds are known, otherwise (and for other services) by locations."""
        by_beds = service in CARE_HOME_SERVICES and not any(unknown for _, _, unknown in self.groups.values())
        return (
            ("beds", {g: w[0] for g, w in self.groups.items()})
            if by_beds
            else (
                "locations",
                {g: w[1] for g, w in self.groups.items()},
            )
        )


def _ratings_by_year(histories: dict[int, list[tuple[datetime.date, str]]], last_year: int) -> dict[str, list[int]]:
    """Rated, and rated good or outstanding, at each year end, for locations' rating histories."""
    if not histories:
        return {}
    first_year = min(published.year for history in histories.values() for published, _ in history)
    rated = [0] * (last_year - first_year + 2)
    good = [0] * (last_year - first_year + 2)
    for history in histories.values():
        # The rating that stands at a year end is the last published by then.
        standing: dict[int, str] = {}
        for published, overall in sorted(history):
            standing[published.year] = overall
        years = sorted(standing)
        for index, year in enumerate(years):
            until = years[index + 1] if index + 1 < len(years) else last_year + 1
            for span in range(year - first_year, until - first_year):
                rated[span] += 1
                good[span] += standing[year] in GOOD
    return {str(first_year + i): [rated[i], good[i]] for i in range(last_year - first_year + 1)}


@transaction.atomic
def market_summary_rebuild() -> None:
    """Work out every place's summary from the register and replace the stored ones."""
    # One rebuild at a time: the state row is locked until this transaction ends.
    state, _ = MarketSummaryState.objects.select_for_update().get_or_create(pk=1)
    areas = {pk: (code, level) for pk, code, level in Area.objects.values_list("pk", "code", "level")}
    upper_tier = {pk for pk, (_, level) in areas.items() if level in UPPER_TIER_LEVELS}
    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    client_groups: dict[str, Counter[str]] = defaultdict(Counter)
    held: dict[str, set[int]] = defaultdict(set)
    place_of: dict[int, str] = {}
    located = (
        Location.objects.exclude(registration_status=RegistrationStatus.DEREGISTERED)
        .with_beds()
        # Name order, so client groups counted equally keep the order the overview always gave them.
        .order_by("name", "pk")
        .values_list(
            "pk",
            "local_authority_id",
            "local_authority__region_id",
            "service_codes",
            "client_group_codes",
            "is_care_home",
            "known_beds",
            "overall_rating",
            "provider__group_name",
            "provider__name",
        )
    )
    for pk, council, region, services, groups, is_care_home, beds, rating, group_name, provider in located.iterator(
        chunk_size=BATCH
    ):
        places = [ENGLAND]
        if region is not None:
            places.append(areas[region][0])
        if council is not None:
            code = areas[council][0]
            places.append(code)
            place_of[pk] = code
            client_groups[code].update(split_codes(groups))
            if council in upper_tier:
                held[ENGLAND].add(council)
                if region is not None:
                    held[areas[region][0]].add(council)
        offered = [service for service in split_codes(services) if service in MARKET_SERVICE_TYPES]
        group = group_name or provider
        for place in places:
            tallies[place, ""].add(beds=beds, rating=rating, group=None, counts_beds=is_care_home)
            for service in offered:
                tallies[place, service].add(beds=beds, rating=rating, group=group, counts_beds=True)

    histories: dict[str, dict[int, list[tuple[datetime.date, str]]]] = defaultdict(lambda: defaultdict(list))
    ratings = LocationRating.objects.exclude(overall="").values_list("location_id", "published_on", "overall")
    for location_id, published_on, overall in ratings.iterator(chunk_size=BATCH):
        if location_id in place_of:
            histories[place_of[location_id]][location_id].append((published_on, overall))
    last_year = max(
        [timezone.localdate().year, *(p.year for h in histories.values() for r in h.values() for p, _ in r)]
    )

    summaries: list[MarketSummary] = []
    councils = {areas[pk][0] for pk in upper_tier} | set(client_groups)
    for (place, service), tally in tallies.items():
        summary = MarketSummary(
            place=place,
            service=service,
            locations=tally.locations,
            care_homes=tally.care_homes,
            beds=tally.beds,
            beds_unknown=tally.beds_unknown,
            rated=tally.rated,
            good=tally.good,
            ratings=dict(tally.ratings),
            councils_held=len(held.get(place, ())),
        )
        if service:
            basis, weights = tally.weights(service)
            summary.concentration_basis = basis
            index = hhi_of_weights(weights.values())
            summary.hhi = round(Decimal(index.numerator) / Decimal(index.denominator), 6)
            if place in councils:
                summary.shares = [[group, weight] for group, weight in weights.items()]
        elif place in councils:
            summary.client_groups = [list(pair) for pair in client_groups[place].most_common()]
            summary.ratings_by_year = _ratings_by_year(histories.get(place, {}), last_year)
        summaries.append(summary)
    MarketSummary.objects.all().delete()
    MarketSummary.objects.bulk_create(summaries, batch_size=BATCH)
    state.stale = False
    state.built_at = timezone.now()
    state.save()


def market_summary_mark_stale() -> None:
    """The register changed outside a service that rebuilds the summaries: the next reader will."""
    MarketSummaryState.objects.filter(stale=False).update(stale=True)


def market_summary_fresh() -> None:
    """Rebuild the summaries first if the register changed since they were built."""
    if not MarketSummaryState.objects.filter(pk=1, stale=False).exists():
        market_summary_rebuild()
