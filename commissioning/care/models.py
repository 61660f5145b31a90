"""Care for individuals: the only person-level records in the service.

A person is a pseudonymous reference from the council's social care record with only what
commissioning needs (age band, area, client group, primary support reason): never a name, address,
date of birth or NHS number, so whoever reads these records cannot tell who it is without the care
record. Each care package meets one need (a service, so many hours or nights a week, at a weekly
cost) from a start date, arranged one of the ways in `Arrangement`; its changes are dated records.
Other apps read these records only through `selectors` (an import contract says so)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.ownership import NOTHING, Owned, OwnedPart, OwnedRecord
from commissioning.care.choices import (
    AgeBand,
    Arrangement,
    ChangeKind,
    DirectPaymentUse,
    PackageStatus,
    SupportReason,
)
from commissioning.care.permissions import can_view_care, is_provider
from commissioning.contracts.choices import CapacityUnit
from commissioning.contracts.models import validate_package_reference
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.strategy.models import validate_pseudonym


class Person(OwnedRecord):
    """Someone the council arranges care for, known here only by a pseudonymous reference."""

    viewers = staticmethod(can_view_care)

    reference = models.CharField(
        "pseudonymous reference", max_length=13, validators=[validate_pseudonym],
        help_text="From the care record, for example P-0042. Never a name or NHS number.",
    )  # fmt: skip
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    area = models.ForeignKey(
        "core.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The council area the person lives in",
    )  # fmt: skip
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    support_reason = models.CharField("primary support reason", max_length=30, choices=SupportReason.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "reference"]
        constraints = [models.UniqueConstraint(fields=["organisation", "reference"], name="person_reference_once")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("care:person", args=[self.pk])


class PackageImport(Owned):
    """One file of packages loaded from a social care system: who, when and what it held. Its rows
    are bulk loaded, so this record is their audit: each package names the load it came from."""

    viewers = staticmethod(can_view_care)

    file_name = models.CharField(max_length=300)
    imported_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    packages = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    people = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    unchanged = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class CarePackage(OwnedRecord):
    """The care arranged for one person to meet one need, from a start date until it ends.

    A call-off package holds capacity in a block (its `call_off`); a spot purchase names its
    provider, and its framework when bought under one (`contract`); a direct payment has no
    provider (what it buys is in `uses`); an individual service fund names the provider that
    holds it. A placement made because the person chose a dearer provider records why."""

    reference = models.CharField(
        max_length=40, validators=[validate_package_reference],
        help_text="The package's reference in the social care system (letters, digits and - / _ . only)",
    )  # fmt: skip
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="packages")
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    support_reason = models.CharField("primary support reason", max_length=30, choices=SupportReason.choices)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    units = models.DecimalField(
        "hours, nights or places a week", max_digits=9, decimal_places=2, validators=limits.HOURS_A_WEEK.validators
    )
    unit = models.CharField(max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.HOURS)
    weekly_cost = models.DecimalField(
        max_digits=12, decimal_places=2, validators=limits.PRICE.validators,
        error_messages={"invalid": "Enter the weekly cost in pounds and pence, for example 412.50"},
    )  # fmt: skip
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty while it goes on")
    end_reason = models.CharField(max_length=300, blank=True)
    arrangement = models.CharField("arranged as", max_length=20, choices=Arrangement.choices)
    provider = models.ForeignKey(
        "market.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="care_packages"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="care_packages",
        help_text="The block it is called off, or the framework or spot contract it is bought under",
    )  # fmt: skip
    call_off = models.OneToOneField(
        "contracts.CallOff", null=True, blank=True, on_delete=models.PROTECT, related_name="care_package"
    )
    user_choice = models.BooleanField(
        "the person chose this provider", default=False,
        help_text="A placement the person chose that costs more than the council would usually pay",
    )  # fmt: skip
    preference = models.TextField(
        "the person's recorded preference", blank=True, help_text="Why this provider, in the person's words"
    )
    moved_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_to", editable=False
    )
    source = models.ForeignKey(PackageImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="care_package_reference_once"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="care_package_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(weekly_cost__gte=0), name="care_package_cost_not_negative"),
        ]
        indexes = [
            models.Index(fields=["organisation", "ends_on", "starts_on"]),
            models.Index(fields=["provider", "ends_on"]),
            models.Index(fields=["contract", "ends_on"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @classmethod
    def visible_rule(cls, user) -> Q:
        """The council's people who arrange care see its packages; a provider's, those it gives."""
        if can_view_care(user):
            return cls.owned_by(user)
        if is_provider(user):
            return Q(provider__organisation_id=user.organisation_id)
        return NOTHING

    def get_absolute_url(self) -> str:
        return reverse("care:package", args=[self.pk])

    def status_on(self, day: datetime.date | None = None) -> str:
        day = day or timezone.localdate()
        if self.starts_on > day:
            return PackageStatus.PLANNED
        if self.ends_on is not None and self.ends_on < day:
            return PackageStatus.ENDED
        return PackageStatus.LIVE

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return PackageStatus(self.status).label

    @property
    def yearly_cost(self) -> Decimal:
        return (self.weekly_cost * 52).quantize(Decimal("0.01"))

    def clean(self) -> None:
        super().clean()
        problems: dict[str, str] = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            problems["ends_on"] = "The package must end on or after the day it starts"
        needs_provider = self.arrangement in Arrangement.with_provider()
        if needs_provider and not self.provider_id:
            problems["provider"] = "Choose the provider that gives the care"
        if self.arrangement == Arrangement.DIRECT_PAYMENT and self.provider_id:
            problems["provider"] = "A direct payment is the person's to spend: record what it buys instead"
        if self.arrangement == Arrangement.SPOT_FRAMEWORK and not self.contract_id:
            problems["contract"] = "Choose the framework the spot purchase is made under"
        if self.user_choice and not self.preference.strip():
            problems["preference"] = "Record the person's preference that justifies the placement"
        if problems:
            raise ValidationError(problems)


class PackagePart(OwnedPart):
    """A record that belongs to a package, seen by whoever sees the package."""

    parent = "package"
    package = models.ForeignKey(CarePackage, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class PackageChange(PackagePart):
    """A dated change to a package: its hours or cost from a day, a move, or its end."""

    package = models.ForeignKey(CarePackage, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    effective_on = models.DateField("takes effect on")
    units_before = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=limits.HOURS_A_WEEK.validators
    )
    units_after = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=limits.HOURS_A_WEEK.validators
    )
    cost_before = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=limits.MONEY.validators
    )
    cost_after = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=limits.MONEY.validators
    )
    reason = models.TextField()
    made_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["package", "effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.effective_on}"


class DirectPaymentPurchase(PackagePart):
    """Something a direct payment buys, with its share of the weekly amount."""

    package = models.ForeignKey(CarePackage, on_delete=models.CASCADE, related_name="purchases")
    use = models.CharField("what it buys", max_length=30, choices=DirectPaymentUse.choices)
    hours_a_week = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=limits.HOURS_A_WEEK.validators
    )
    weekly_amount = models.DecimalField(max_digits=12, decimal_places=2, validators=limits.PRICE.validators)

    history = HistoricalRecords()

    class Meta:
        ordering = ["package", "pk"]

    def __str__(self) -> str:
        return self.get_use_display()


class PersonalBudget(OwnedRecord):
    """The money the council has agreed a person's eligible needs cost, a week, from a day; its
    reviews are dated records. Packages and direct payments are what it is spent on."""

    viewers = staticmethod(can_view_care)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="budgets")
    weekly_amount = models.DecimalField(max_digits=12, decimal_places=2, validators=limits.PRICE.validators)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    review_due = models.DateField("next review due")

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="personal_budget_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"£{self.weekly_amount:,.2f} a week from {self.starts_on}"


class BudgetReview(OwnedPart):
    """A review of a personal budget: when, what was found, the amount after it, the next review."""

    parent = "budget"
    budget = models.ForeignKey(PersonalBudget, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    outcome = models.TextField(help_text="What the review found and agreed")
    amount_before = models.DecimalField(max_digits=12, decimal_places=2, validators=limits.MONEY.validators)
    amount_after = models.DecimalField(max_digits=12, decimal_places=2, validators=limits.PRICE.validators)
    next_review_due = models.DateField()
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on}"


class ProviderFailure(OwnedRecord):
    """A provider's contingency plan put into action: from when, why, and who decided. Every
    package the provider gives is then listed with the capacity to absorb it, and moved."""

    viewers = staticmethod(can_view_care)

    provider = models.ForeignKey("market.Provider", on_delete=models.PROTECT, related_name="+")
    activated_on = models.DateField("contingency plan activated on")
    reason = models.TextField(help_text="What happened: closure, insolvency, loss of registration...")
    activated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-activated_on", "pk"]

    def __str__(self) -> str:
        return f"{self.provider}: from {self.activated_on}"

    def get_absolute_url(self) -> str:
        return reverse("care:failure", args=[self.pk])
