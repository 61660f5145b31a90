from __future__ import annotations

from django.db import models


class ContractKind(models.TextChoices):
    """How a council buys: capacity paid for whether used or not, one placement at a time, an
    agreement others call off, a grant, or its own service under an internal agreement."""

    BLOCK = "block", "Block contract"
    SPOT = "spot", "Spot contract"
    FRAMEWORK = "framework", "Framework agreement"
    DYNAMIC_MARKET = "dynamic_market", "Dynamic market (or dynamic purchasing system)"
    GRANT = "grant", "Grant agreement"
    IN_HOUSE = "in_house", "In-house service agreement"

    @classmethod
    def agreements(cls) -> tuple[str, ...]:
        """Kinds that others call off (spot contracts and, later, call-offs hang off them)."""
        return (cls.FRAMEWORK, cls.DYNAMIC_MARKET)


class ContractStatus(models.TextChoices):
    """Where a contract stands today (worked out from its dates and any termination)."""

    NOT_STARTED = "not_started", "Not started"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Terminated"


class VariationKind(models.TextChoices):
    VARIATION = "variation", "Variation"
    PRICE_REVIEW = "price_review", "Price review"


class KpiFrequency(models.TextChoices):
    """How often a KPI is reported, in months between reports."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Every six months"
    ANNUALLY = "annually", "Annually"


FREQUENCY_MONTHS = {
    KpiFrequency.MONTHLY: 1,
    KpiFrequency.QUARTERLY: 3,
    KpiFrequency.SIX_MONTHLY: 6,
    KpiFrequency.ANNUALLY: 12,
}


class KpiDirection(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Reporter(models.TextChoices):
    PROVIDER = "provider", "The provider"
    COUNCIL = "council", "The council"
    BOTH = "both", "The provider, checked by the council"


class StandardKind(models.TextChoices):
    QUALITY = "quality", "Quality criterion"
    OUTCOME = "outcome", "Outcome for people"


class CapacityUnit(models.TextChoices):
    """What a block contract buys a number of, each week."""

    HOURS = "hours", "Hours a week"
    BEDS = "beds", "Beds"
    PLACES = "places", "Places"
    NIGHTS = "nights", "Nights a week"


class CallOffStatus(models.TextChoices):
    """A call-off from a block: asked of the provider, then accepted or declined by it. When it
    ends is its end date, not a status."""

    REQUESTED = "requested", "Waiting for the provider"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined by the provider"

    @classmethod
    def holding(cls) -> tuple[str, ...]:
        """Call-offs that hold capacity: the provider is asked, or has accepted."""
        return (cls.REQUESTED, cls.ACCEPTED)
