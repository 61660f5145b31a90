"""What the commissioning team keeps about its market: funding shares, concerns, contingency plans,
the relationship log, provider forums and market position statements."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import User
from commissioning.accounts.ownership import NOTHING, OwnedRecord
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.models import PublishedRecord
from commissioning.market.choices import (
    ConcernKind,
    ContactKind,
    Severity,
)
from commissioning.market.models.register import Location, Provider
from commissioning.market.permissions import can_view_internal


class ProviderFunding(OwnedRecord):
    """How much of a provider's local business one council (or ICB) funds: its dependency.

    Kept per organisation, because each council knows only its own share and it is internal.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="funding")
    council_funded_share = models.DecimalField(
        "share of its business funded by us (%)",
        max_digits=5,
        decimal_places=2,
        validators=limits.PERCENT.validators,
    )
    viewers = staticmethod(can_view_internal)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "organisation"], name="one_funding_share_each")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.council_funded_share}% funded by {self.organisation}"


class ProviderConcern(OwnedRecord):
    """Something the council knows about a provider that bears on its risk: a safeguarding
    enquiry, a financial warning sign, a quality or workforce worry."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="concerns")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=ConcernKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    raised_on = models.DateField()
    summary = models.CharField(max_length=300)
    details = models.TextField(blank=True, help_text="No names of people who draw on care")
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewers = staticmethod(can_view_internal)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clean(self) -> None:
        super().clean()
        if self.closed_on and self.raised_on and self.closed_on < self.raised_on:
            raise ValidationError({"closed_on": "The date closed must be on or after the date raised"})


class ContingencyPlan(OwnedRecord):
    """What the council and its partners will do if a significant provider fails: where people
    would move, who has room to take them, and whom to call."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contingency_plans")
    summary = models.TextField(help_text="The response in brief, agreed with partners")
    people_affected = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=limits.PEOPLE_SUPPORTED.validators,
        help_text="People the council funds with this provider",
    )
    moves = models.TextField("who moves where", blank=True)
    absorbing_capacity = models.TextField(
        "capacity to absorb", blank=True, help_text="Which providers could take people, and how many"
    )
    contacts = models.TextField(blank=True, help_text="Roles and organisations, not private phone numbers")
    reviewed_on = models.DateField()
    review_due = models.DateField()
    viewers = staticmethod(can_view_internal)
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "organisation"], name="one_plan_per_provider_and_council")
        ]

    def __str__(self) -> str:
        return f"Contingency plan for {self.provider}"

    def clean(self) -> None:
        super().clean()
        if self.review_due and self.reviewed_on and self.review_due <= self.reviewed_on:
            raise ValidationError({"review_due": "The next review must be after the last one"})

    @property
    def is_overdue(self) -> bool:
        return self.review_due < datetime.date.today()


class RelationshipEntry(OwnedRecord):
    """One contact with a provider: a meeting, visit, call, letter or issue raised, with what
    was agreed. Seen by the commissioning team of the organisation that recorded it."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="relationship_entries")
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    occurred_on = models.DateField()
    subject = models.CharField(max_length=200)
    notes = models.TextField("issues raised", blank=True)
    actions_agreed = models.TextField(blank=True)
    action_owner = models.CharField(max_length=150, blank=True)
    action_due = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewers = staticmethod(can_view_internal)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = "relationship entries"

    def __str__(self) -> str:
        return self.subject


class ProviderForum(OwnedRecord):
    """A meeting the council holds with providers in its market, with who came."""

    title = models.CharField(max_length=200)
    held_on = models.DateField()
    service_type = models.CharField(max_length=30, choices=ServiceType.choices, blank=True)
    attendees = models.ManyToManyField(Provider, blank=True, related_name="forums")
    other_attendees = models.TextField(blank=True, help_text="Partners and others, one a line")
    notes = models.TextField(blank=True)
    viewers = staticmethod(can_view_internal)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("market:forum-detail", args=[self.pk])


class MarketPositionStatement(OwnedRecord, PublishedRecord):
    """A council's statement to its market for one client group and area: the demand it sees
    coming, what is there now, the gaps, and what it intends to buy. Figures come live from
    the register and forecasts; publishing freezes them."""

    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    title = models.CharField(max_length=200)
    first_year = models.PositiveSmallIntegerField(validators=limits.FINANCIAL_YEAR.validators)
    last_year = models.PositiveSmallIntegerField(validators=limits.FINANCIAL_YEAR.validators)
    introduction = models.TextField(blank=True)
    buy_more = models.TextField("what we want to buy more of", blank=True)
    buy_less = models.TextField("what we want to buy less of", blank=True)
    gaps = models.TextField("gaps we see", blank=True)
    fees = models.TextField("fees and how we set them", blank=True)
    figures = models.JSONField(default=dict, blank=True, help_text="The live figures, frozen when published")
    cycle = models.ForeignKey(
        "cycles.CommissioningCycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frozen_message = "A published statement cannot be changed: write the next one instead"
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year", "title"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        """Every published statement, for anyone; drafts for their organisation's staff."""
        return Q(is_published=True) | (cls.owned_by(user) if can_view_internal(user) else NOTHING)

    def get_absolute_url(self) -> str:
        return reverse("market:statement-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("market:statement-public", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.first_year and self.last_year and not self.first_year <= self.last_year <= self.first_year + 10:
            raise ValidationError({"last_year": "The last year must be within ten years after the first"})
