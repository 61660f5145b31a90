"""Brokerage: which providers could meet one person's need now, and why each is shown or left out.

Given the need (the service, any specialism it calls for, where the person lives, how far they
will go, how many hours or nights) and the candidate locations (what they provide, their latest
capacity return, their rating, where they are, their price and any block capacity the council
already pays for), each candidate is either shown, with what recommends it and what to check, or
left out with the reason, so a social worker can say why a provider was or was not offered.

Order of those shown: capacity in a block contract first (the council pays for it whether used or
not), then better rated, then nearer, then cheaper. Framework-free, like the rest of analytics.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from commissioning.analytics.text import plain_number

RATING_ORDER = {"outstanding": 0, "good": 1, "requires improvement": 2, "not rated": 3, "": 3, "inadequate": 4}
EARTH_RADIUS_KM = 6371.0088
STALE_RETURN_DAYS = 14  # a capacity return older than this is shown as needing a call


@dataclass(frozen=True)
class Need:
    service_type: str
    service_label: str
    units: Decimal  # hours a week, or beds
    latitude: float | None
    longitude: float | None
    within_km: float = 15.0
    specialisms: frozenset[str] = frozenset()
    needs_bed: bool = False  # a care home placement, judged on vacant beds; otherwise on care hours
    # The register's codes that meet the need: a care home need is met by residential or nursing homes.
    offered_as: frozenset[str] = frozenset()
    today: datetime.date | None = None
    exclude_inadequate: bool = True


@dataclass(frozen=True)
class Candidate:
    location_id: int
    provider_id: int
    name: str
    services: frozenset[str]
    specialisms: frozenset[str] = frozenset()
    rating: str = ""
    latitude: float | None = None
    longitude: float | None = None
    vacant_beds: int | None = None  # accepting admissions, from the latest capacity return
    takes_homecare: bool | None = None  # from the latest capacity return
    return_date: datetime.date | None = None
    weekly_price: Decimal | None = None  # the provider's price for this need, a week
    framework_rate: Decimal | None = None  # the council's rate for this need, a week
    block_left: Decimal | None = None  # units left in a block contract the council holds with it
    block_contract: str = ""


@dataclass
class Match:
    candidate: Candidate
    shown: bool
    reasons: list[str] = field(default_factory=list)  # why left out, or what recommends it
    checks: list[str] = field(default_factory=list)  # what the social worker should check
    distance_km: float | None = None
    from_block: bool = False

    @property
    def sort_key(self) -> tuple:
        rating = RATING_ORDER.get(self.candidate.rating.lower(), 3)
        distance = self.distance_km if self.distance_km is not None else math.inf
        price = self.candidate.weekly_price if self.candidate.weekly_price is not None else Decimal("Infinity")
        return (not self.from_block, rating, distance, price, self.candidate.name)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): close enough for 'how far is the home'."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(latitude: float, longitude: float, km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point: a cheap first filter for a database query; the
    distance test then trims the corners."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * max(math.cos(math.radians(latitude)), 0.01)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def _of(day: datetime.date | None) -> str:
    return f" ({day.day} {day:%b %Y})" if day else ""


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _judge(need: Need, c: Candidate) -> Match:
    match = Match(candidate=c, shown=False)
    if not (need.offered_as or {need.service_type}) & c.services:
        match.reasons.append(f"Does not provide {need.service_label.lower()}")
        return match
    missing = sorted(need.specialisms - c.specialisms)
    if missing:
        match.reasons.append("No specialism in " + ", ".join(missing))
        return match
    if need.exclude_inadequate and c.rating.lower() == "inadequate":
        match.reasons.append("Rated inadequate by the CQC")
        return match
    if need.latitude is not None and need.longitude is not None and c.latitude is not None and c.longitude is not None:
        match.distance_km = distance_km(need.latitude, need.longitude, c.latitude, c.longitude)
        if match.distance_km > need.within_km:
            match.reasons.append(f"{match.distance_km:.1f} km away, beyond the {need.within_km:g} km asked for")
            return match
    elif need.latitude is not None:
        match.checks.append("Where it is is not known: check the distance")
    if c.block_left is not None and c.block_left >= need.units:
        match.from_block = True
        match.reasons.append(f"{plain_number(c.block_left)} left in the block contract {c.block_contract}".strip())
    elif need.needs_bed:
        if c.vacant_beds is not None and c.vacant_beds <= 0:
            match.reasons.append(
                "No vacant bed accepting admissions in its latest capacity return" + _of(c.return_date)
            )
            return match
        if c.vacant_beds:
            match.reasons.append(f"{c.vacant_beds} vacant bed{'s' if c.vacant_beds != 1 else ''} accepting admissions")
    elif c.takes_homecare is False:
        match.reasons.append("Not taking new homecare packages in its latest return" + _of(c.return_date))
        return match
    elif c.takes_homecare:
        match.reasons.append("Taking new homecare packages")
    if c.return_date is None:
        match.checks.append("No capacity return: ring to check it can take the person")
    elif need.today and (need.today - c.return_date).days > STALE_RETURN_DAYS:
        match.checks.append(f"Latest capacity return is from {c.return_date:%d %b %Y}: ring to check")
    if c.rating:
        match.reasons.append(f"Rated {c.rating.lower()}")
    if match.distance_km is not None:
        match.reasons.append(f"{match.distance_km:.1f} km away")
    if c.weekly_price is None and c.framework_rate is not None and not match.from_block:
        match.reasons.append(f"On the council's framework at {_money(c.framework_rate)} a week")
    if c.weekly_price is not None and c.framework_rate is not None and not match.from_block:
        difference = c.weekly_price - c.framework_rate
        if difference > 0:
            match.checks.append(f"{_money(difference)} a week above the framework rate: a top-up or approval is needed")
        else:
            match.reasons.append("At or below the framework rate")
    match.shown = True
    return match


def broker(need: Need, candidates: Iterable[Candidate]) -> tuple[list[Match], list[Match]]:
    """(shown, best first; left out, by name) for the need, each with its reasons."""
    judged = [_judge(need, c) for c in candidates]
    shown = sorted((m for m in judged if m.shown), key=lambda m: m.sort_key)
    left_out = sorted((m for m in judged if not m.shown), key=lambda m: m.candidate.name)
    return shown, left_out
