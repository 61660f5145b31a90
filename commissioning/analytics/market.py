"""Market arithmetic: shares, concentration and provider risk. Framework-free, exact.

Concentration is the Herfindahl-Hirschman index (HHI): the sum of each group's squared share in
per cent, from 0 (many small providers) to 10,000 (one provider). The bands follow the UK
competition authorities' merger guidance: above 1,000 a market is concentrated, above 2,000
highly concentrated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

CONCENTRATED = 1000
HIGHLY_CONCENTRATED = 2000


@dataclass(frozen=True)
class Share:
    group: str
    weight: int
    share: Fraction  # 0..1

    @property
    def percent(self) -> float:
        return float(self.share * 100)


def market_shares(weights: Iterable[tuple[str, int]]) -> list[Share]:
    """Each group's share of the total weight (beds, or locations where beds do not apply),
    largest first; groups appearing more than once are added together."""
    totals: dict[str, int] = {}
    for group, weight in weights:
        totals[group] = totals.get(group, 0) + weight
    grand = sum(totals.values())
    if grand == 0:
        return []
    return sorted(
        (Share(group, weight, Fraction(weight, grand)) for group, weight in totals.items()),
        key=lambda share: (-share.weight, share.group),
    )


def hhi(shares: Iterable[Share]) -> Fraction:
    """Sum of squared percentage shares, exact."""
    return sum((share.share * 100) ** 2 for share in shares) or Fraction(0)


def hhi_of_weights(weights: Iterable[int]) -> Fraction:
    """`hhi(market_shares(...))` from the groups' total weights, in integers: the same exact
    value (10,000 x the sum of squared weights over the squared total), without adding up one
    fraction per group."""
    values = list(weights)
    total = sum(values)
    return Fraction(10_000 * sum(value * value for value in values), total * total) if total else Fraction(0)


def concentration_band(index: Fraction | int) -> str:
    if index > HIGHLY_CONCENTRATED:
        return "Highly concentrated"
    if index > CONCENTRATED:
        return "Concentrated"
    return "Not concentrated"


def per_thousand(count: int, population: Fraction | int | float | None) -> Fraction | None:
    if not population:
        return None
    return Fraction(count) * 1000 / Fraction(population)


# --- Provider risk ------------------------------------------------------------------------------

# Thresholds, stated on the risk page so they can be challenged.
OCCUPANCY_RED = Fraction(70, 100)  # below this a care home is unlikely to cover its costs
OCCUPANCY_AMBER = Fraction(85, 100)  # the level homes commonly budget to break even
SHARE_AMBER = Fraction(25, 100)  # a failure this large would be hard for the rest to absorb
SIGNIFICANT_SHARE = Fraction(10, 100)  # providers this big need a contingency plan
DEPENDENCY_AMBER = Fraction(75, 100)  # so reliant on the council that fee decisions decide viability


@dataclass(frozen=True)
class Concern:
    kind: str  # safeguarding, financial, quality, workforce, other
    severity: str  # low, medium, high
    summary: str


@dataclass
class RiskInputs:
    worst_rating: str = ""  # overall rating code of the provider's worst-rated location
    worst_rated_location: str = ""
    rating_falls: list[str] = field(default_factory=list)  # "Home X: Good to Inadequate"
    lowest_occupancy: Fraction | None = None
    lowest_occupancy_location: str = ""
    concerns: list[Concern] = field(default_factory=list)  # open ones only
    market_share: Fraction | None = None  # of the area's beds (or locations)
    council_funded_share: Fraction | None = None
    has_plan: bool = False
    plan_overdue: bool = False


@dataclass(frozen=True)
class Reason:
    level: str  # red, amber, or unknown
    text: str


@dataclass(frozen=True)
class RiskAssessment:
    level: str  # red, amber, green, or unknown (nothing to judge by)
    reasons: list[Reason]
    significant: bool


# Worst first; "unknown" sits before green, since it asks someone to find out.
RISK_ORDER = {"red": 0, "amber": 1, "unknown": 2, "green": 3}


def assess_risk(inputs: RiskInputs) -> RiskAssessment:
    """A red, amber or green rating with the reasons behind it; the worst reason decides. With
    no reason for concern and nothing to judge by (no CQC rating of any location and no
    occupancy figure), the rating is "unknown", never green: missing data is not low risk."""
    reasons: list[Reason] = []

    def add(level: str, text: str) -> None:
        reasons.append(Reason(level, text))

    if inputs.worst_rating == "inadequate":
        add("red", f"{inputs.worst_rated_location} is rated Inadequate")
    elif inputs.worst_rating == "requires_improvement":
        add("amber", f"{inputs.worst_rated_location} is rated Requires improvement")
    for fall in inputs.rating_falls:
        add("amber", f"Rating fell in the last year: {fall}")
    if inputs.lowest_occupancy is not None:
        percent = round(float(inputs.lowest_occupancy * 100))
        where = inputs.lowest_occupancy_location
        if inputs.lowest_occupancy < OCCUPANCY_RED:
            add("red", f"{where} is {percent}% occupied (below {int(OCCUPANCY_RED * 100)}%)")
        elif inputs.lowest_occupancy < OCCUPANCY_AMBER:
            add("amber", f"{where} is {percent}% occupied (below {int(OCCUPANCY_AMBER * 100)}%)")
    for concern in inputs.concerns:
        serious = concern.severity == "high"
        if concern.kind in ("safeguarding", "financial"):
            add("red" if serious else "amber", f"Open {concern.kind} concern: {concern.summary}")
        elif serious:
            add("amber", f"Open {concern.kind} concern: {concern.summary}")
    share = inputs.market_share
    if share is not None and share >= SHARE_AMBER:
        add("amber", f"Holds {round(float(share * 100))}% of the local market: a failure would be hard to absorb")
    dependency = inputs.council_funded_share
    if dependency is not None and dependency >= DEPENDENCY_AMBER:
        add(
            "amber",
            f"{round(float(dependency * 100))}% of its business is council-funded: fee decisions decide viability",
        )
    significant = bool(
        (share is not None and share >= SIGNIFICANT_SHARE) or any(reason.level == "red" for reason in reasons)
    )
    if significant and not inputs.has_plan:
        add("amber", "Significant provider with no contingency plan")
    elif inputs.has_plan and inputs.plan_overdue:
        add("amber", "Contingency plan is past its review date")
    if any(r.level == "red" for r in reasons):
        level = "red"
    elif reasons:
        level = "amber"
    elif inputs.worst_rating or inputs.lowest_occupancy is not None:
        level = "green"
    else:
        level = "unknown"
        add("unknown", "Not enough data to judge: no CQC rating and no occupancy figure from a capacity return")
    reasons.sort(key=lambda reason: RISK_ORDER[reason.level])
    return RiskAssessment(level, reasons, significant)
