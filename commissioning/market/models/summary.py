"""The market's figures per area, kept by every change to supply rather than worked out per request.

`market.summary.market_summary_rebuild` writes them from the register (beds by
`LocationQuerySet.with_beds`, the one definition); the overview, statements and the API read them,
so a page costs the same however large the national register grows.
"""

from __future__ import annotations

from django.db import models

from commissioning.core import limits


class MarketSummary(models.Model):
    """One place's supply of one service (or, with `service` blank, of every service): a council,
    a region or England (`place` is its GSS code). Registered locations only."""

    place = models.CharField(max_length=9)
    service = models.CharField(max_length=30, blank=True, help_text="Blank: every location, whatever it offers")
    locations = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    care_homes = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    beds = models.PositiveIntegerField(
        default=0,
        validators=limits.ROWS.validators,
        help_text="Known beds: of the service's locations, or (service blank) of the care homes",
    )
    beds_unknown = models.PositiveIntegerField(
        default=0, validators=limits.ROWS.validators, help_text="How many of those locations have no bed count"
    )
    rated = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    good = models.PositiveIntegerField(
        default=0, validators=limits.ROWS.validators, help_text="Rated good or outstanding"
    )
    ratings = models.JSONField(default=dict, help_text="Locations by current overall rating ('' not rated)")
    councils_held = models.PositiveIntegerField(
        default=0, validators=limits.ROWS.validators, help_text="Councils here with a location in the register"
    )
    concentration_basis = models.CharField(max_length=10, blank=True)
    hhi = models.DecimalField(
        "HHI", max_digits=11, decimal_places=6, null=True, blank=True, validators=limits.HHI.validators
    )
    shares = models.JSONField(
        default=list, help_text="[provider group, weight (beds or locations)] for a council's service"
    )
    client_groups = models.JSONField(default=list, help_text="[client group, locations], most first")
    ratings_by_year = models.JSONField(
        default=dict, help_text="Year: [rated, good or outstanding] at the year end, from every rating held"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "service"], name="one_summary_per_place_service")]

    def __str__(self) -> str:
        return f"{self.place} {self.service or 'all services'}"


class MarketSummaryState(models.Model):
    """Whether the summaries still match the register. Services rebuild them as they write; any
    other write to a location, provider, rating or capacity return (the admin, a shell) marks
    them stale, and the next reader rebuilds them first."""

    stale = models.BooleanField(default=True)
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "stale" if self.stale else f"built {self.built_at}"
