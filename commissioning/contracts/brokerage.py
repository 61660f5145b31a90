"""Finding a provider for one person's need: the locations offering the service near the area,
with their latest capacity return, rating and distance, the council's block capacity left with
each provider and its framework rate, judged by `analytics.brokerage` (which gives the reason for
each one shown or left out). One query for the locations (a bounding box on their coordinates, so
the national register is never scanned whole), one for the council's blocks and frameworks."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from commissioning.analytics import brokerage as b
from commissioning.analytics.maps import load_boundaries
from commissioning.contracts import capacity
from commissioning.contracts.choices import ContractKind
from commissioning.contracts.models import Contract
from commissioning.core.choices import ServiceType
from commissioning.core.models import Area
from commissioning.market.choices import Rating, RegistrationStatus
from commissioning.market.models import CapacityReturn, Location

BOUNDARIES = Path(__file__).resolve().parents[1] / "core" / "data" / "geography" / "ctyua_dec2021_buc_england.geojson"
BED_SERVICES = (ServiceType.CARE_HOME, ServiceType.RESIDENTIAL, ServiceType.NURSING)
# The market register codes homes as residential or nursing (the CQC's service types), so a need for
# a care home of either kind is met by both.
OFFERED_AS = {
    ServiceType.CARE_HOME: frozenset(BED_SERVICES),
    # A council's block or framework for care home places (of either kind) serves both.
    ServiceType.RESIDENTIAL: frozenset({ServiceType.RESIDENTIAL, ServiceType.CARE_HOME}),
    ServiceType.NURSING: frozenset({ServiceType.NURSING, ServiceType.CARE_HOME}),
}


def offered_as(service_type: str) -> frozenset[str]:
    """The register's service codes that meet a need for `service_type`."""
    return OFFERED_AS.get(service_type, frozenset({service_type}))


MOST_CANDIDATES = 3000  # a radius that catches more than this is too wide to be useful


@dataclass(frozen=True)
class Search:
    service_type: str
    area: Area
    within_km: float
    units: Decimal
    specialisms: frozenset[str] = frozenset()


@dataclass
class Found:
    shown: list[b.Match]
    left_out: list[b.Match]
    centre: tuple[float, float] | None
    blocks: dict[int, Contract]  # provider id -> the block the council holds with it
    too_many: bool = False
    frameworks: dict[int, Contract] = field(default_factory=dict)  # provider id -> its framework agreement


@dataclass(frozen=True)
class Choice:
    """What choosing a provider shown does: a link's words and address."""

    text: str
    address: str


# Choosing a provider calls off the council's block with it, or records a spot contract; an app
# above (care, which holds the person) registers a maker that arranges the person's package instead,
# in its `brokerage_choices` module, found when Django starts. The first maker to answer wins.
ChoiceMaker = Callable[[Any, Mapping[str, str], b.Match, Found, Search], "Choice | None"]
_MAKERS: list[ChoiceMaker] = []


def choice_register(maker: ChoiceMaker) -> None:
    _MAKERS.append(maker)


def choice_for(user: Any, asked: Mapping[str, str], match: b.Match, found: Found, search: Search) -> Choice:
    for maker in _MAKERS:
        if (choice := maker(user, asked, match, found, search)) is not None:
            return choice
    provider = match.candidate.provider_id
    if match.from_block:
        block = found.blocks[provider]
        return Choice(f"Call off the block {block.reference}", reverse("contracts:call-off-create", args=[block.pk]))
    return Choice("Record a spot purchase", reverse("contracts:create") + f"?kind=spot&provider={provider}")


def area_centre(area: Area) -> tuple[float, float] | None:
    boundary = load_boundaries(BOUNDARIES).get(area.code)
    return boundary.centre if boundary else None


def _locations(search: Search, centre: tuple[float, float] | None) -> list[Location]:
    latest = CapacityReturn.objects.filter(location=OuterRef("pk")).order_by("-return_date")
    near = Q(local_authority=search.area)
    if centre is not None:
        south, north, west, east = b.bounding_box(centre[0], centre[1], search.within_km)
        near |= Q(latitude__range=(south, north), longitude__range=(west, east))
    return list(
        Location.objects.filter(near, registration_status=RegistrationStatus.REGISTERED)
        .filter(_offering(search.service_type))
        .select_related("provider")
        .annotate(
            vacant=Subquery(latest.values("beds_vacant_accepting")[:1]),
            takes=Subquery(latest.values("can_take_homecare_packages")[:1]),
            returned=Subquery(latest.values("return_date")[:1]),
        )
        .order_by("pk")[: MOST_CANDIDATES + 1]
    )


def _offering(service_type: str) -> Q:
    offers = Q(pk__in=[])
    for code in sorted(offered_as(service_type)):
        offers |= Q(service_codes__contains=f"|{code}|")
    return offers


def _council_agreements(
    user: Any, provider_ids: set[int], service_type: str, today: datetime.date
) -> tuple[dict, dict]:
    """The council's live blocks with capacity (for this service) and frameworks, by provider."""
    live = Contract.objects.filter(
        organisation_id=user.organisation_id,
        provider_id__in=provider_ids,
        terminated_on__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
    )
    blocks = {
        c.provider_id: c
        for c in live.filter(kind=ContractKind.BLOCK, capacity__isnull=False, service_type__in=offered_as(service_type))
    }
    frameworks = {
        c.provider_id: c
        for c in live.filter(
            kind=ContractKind.FRAMEWORK, unit_price__isnull=False, service_type__in=offered_as(service_type)
        ).order_by("pk")
    }
    return blocks, frameworks


def find_providers(*, user: Any, search: Search) -> Found:
    today = timezone.localdate()
    centre = area_centre(search.area)
    locations = _locations(search, centre)
    too_many = len(locations) > MOST_CANDIDATES
    locations = locations[:MOST_CANDIDATES]
    blocks, frameworks = _council_agreements(user, {loc.provider_id for loc in locations}, search.service_type, today)
    left = {provider: capacity.capacity_left(block, today) for provider, block in blocks.items()}
    labels = dict(Rating.choices)
    candidates = [
        b.Candidate(
            location_id=loc.pk,
            provider_id=loc.provider_id,
            name=f"{loc.name} ({loc.provider.name})",
            services=frozenset(code for code in loc.service_codes.split("|") if code),
            specialisms=frozenset(code for code in loc.specialisms.split("|") if code),
            rating=str(labels.get(loc.overall_rating, "")) if loc.overall_rating else "",
            latitude=loc.latitude,
            longitude=loc.longitude,
            vacant_beds=loc.vacant,
            takes_homecare=loc.takes,
            return_date=loc.returned,
            framework_rate=frameworks[loc.provider_id].unit_price if loc.provider_id in frameworks else None,
            block_left=left.get(loc.provider_id),
            block_contract=blocks[loc.provider_id].reference if loc.provider_id in blocks else "",
        )
        for loc in locations
    ]
    need = b.Need(
        service_type=search.service_type,
        service_label=ServiceType(search.service_type).label,
        units=search.units,
        latitude=centre[0] if centre else None,
        longitude=centre[1] if centre else None,
        within_km=search.within_km,
        specialisms=search.specialisms,
        needs_bed=search.service_type in BED_SERVICES,
        offered_as=offered_as(search.service_type),
        today=today,
    )
    shown, left_out = b.broker(need, candidates)
    return Found(shown=shown, left_out=left_out, centre=centre, blocks=blocks, too_many=too_many, frameworks=frameworks)
