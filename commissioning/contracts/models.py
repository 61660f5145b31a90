"""The contract register: what a council has bought, from whom, for how much and how long, under
which law, and why (the award it came from or the reason it was entered directly, the strategy
priority it delivers). Variations and price reviews are dated, approved records checked against
the law's rules on change (rules.py); service levels are what monitoring will measure.

Later parts of the purchasing cycle hang off these records: block capacity and call-offs off a
Contract (and spot contracts off their framework, `Contract.framework`), care packages in `care`
off both, and open contracting data off the register."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.ownership import NOTHING, OwnedPart, OwnedRecord
from commissioning.contracts import rules
from commissioning.contracts.choices import (
    CallOffStatus,
    CapacityUnit,
    ContractKind,
    ContractStatus,
    KpiDirection,
    KpiFrequency,
    Reporter,
    StandardKind,
    VariationKind,
)
from commissioning.contracts.dates import add_months, months_between
from commissioning.contracts.permissions import can_view_contracts, is_provider
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.procurement.choices import Regime
from commissioning.strategy.choices import VatRate

DEFAULT_ALERT_MONTHS = 6


class Contract(OwnedRecord):
    """One contract the council (or ICB) holds with a provider on the market register.

    It came from a signed award (once only) or was entered directly, with the reason: councils hold
    thousands that predate this service. `value` and `ends_on` are as they stand now, after approved
    variations and extensions used; `original_value` and `original_ends_on` are as awarded, which
    the law's tests of a change are measured against. It is flagged for renewal from `alert_from`
    (`alert_months` before it ends) until it ends, unless terminated."""

    viewers = staticmethod(can_view_contracts)

    reference = models.CharField(max_length=30, editable=False)
    legacy_reference = models.CharField(
        "reference in your earlier register",
        max_length=60,
        blank=True,
        help_text="The contract's number in the register it came from, if any",
    )
    title = models.CharField(max_length=200, help_text="For example, Trafford homecare, north")
    description = models.TextField(blank=True, help_text="What is bought, for whom, and any capacity")
    kind = models.CharField(max_length=20, choices=ContractKind.choices)
    provider = models.ForeignKey(
        "market.Provider",
        on_delete=models.PROTECT,
        related_name="contracts",
        help_text="The provider on the market register that holds the contract",
        error_messages={"null": "Choose the provider that holds the contract"},
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    areas = models.ManyToManyField("core.Area", blank=True, related_name="+", help_text="Where the service is given")
    procurement = models.ForeignKey(
        "procurement.Procurement", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    lot = models.ForeignKey(
        "procurement.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    award = models.OneToOneField(
        "procurement.Award", null=True, blank=True, on_delete=models.PROTECT, related_name="contract", editable=False
    )
    entered_directly_reason = models.TextField(
        "why it was entered directly",
        blank=True,
        help_text="For a contract not awarded through this service: where it came from",
    )
    priority = models.ForeignKey(
        "strategy.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
        verbose_name="strategy priority it delivers",
    )
    framework = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_offs",
        verbose_name="framework or dynamic market it is made under",
    )
    regime = models.CharField("legal regime", max_length=20, choices=Regime.choices)
    light_touch = models.BooleanField(
        "light-touch services",
        default=False,
        help_text="Social and other specific services under the light-touch rules (most care contracts)",
    )
    value = models.DecimalField(
        "value excluding VAT",
        max_digits=14,
        decimal_places=2,
        validators=limits.MONEY.validators,
        help_text="For the whole term, in pounds and pence",
    )
    original_value = models.DecimalField(
        max_digits=14, decimal_places=2, validators=limits.MONEY.validators, editable=False
    )
    vat_rate = models.PositiveSmallIntegerField(
        "VAT", choices=VatRate.choices, default=VatRate.EXEMPT, validators=limits.PERCENT.validators
    )
    starts_on = models.DateField("starts on")
    ends_on = models.DateField("ends on", help_text="Without extension options not yet used")
    original_ends_on = models.DateField(editable=False)
    alert_months = models.PositiveSmallIntegerField(
        "alert this many months before it ends",
        default=DEFAULT_ALERT_MONTHS,
        validators=limits.CONTRACT_MONTHS.validators,
        help_text="Time to decide whether to extend, re-procure or end it",
    )
    alert_from = models.DateField(editable=False)
    capacity = models.DecimalField(
        "capacity bought",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=limits.HOURS_A_WEEK.validators,
        help_text="For a block contract: how much it buys, for example 2000 (hours a week) or 20 (beds)",
    )
    capacity_unit = models.CharField(max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.HOURS)
    unit_price = models.DecimalField(
        "price of one unit for a week",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=limits.PRICE.validators,
        help_text="An hour's price for hours; a bed's or place's weekly fee: what an unused unit costs",
    )
    terminated_on = models.DateField(null=True, blank=True, editable=False)
    termination_reason = models.TextField(blank=True, editable=False)
    terminated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["ends_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="contract_reference_once"),
            models.UniqueConstraint(
                fields=["organisation", "legacy_reference"],
                condition=~Q(legacy_reference=""),
                name="contract_legacy_reference_once",
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="contract_ends_after_start"),
            models.CheckConstraint(
                condition=Q(award__isnull=False) | ~Q(entered_directly_reason=""),
                name="contract_awarded_or_reason_given",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """The buyer's staff see its contracts; a provider's people see those their organisation holds."""
        if can_view_contracts(user):
            return cls.owned_by(user)
        if is_provider(user):
            return Q(provider__organisation_id=user.organisation_id)
        return NOTHING

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    def entered_directly_problem(self) -> dict[str, str]:
        """A contract without an award says why (a constraint too; here in words, for services to raise,
        as a form changing other fields must not meet it)."""
        if self.award_id is None and not self.entered_directly_reason.strip():
            return {"entered_directly_reason": "Say why the contract is entered directly, not from an award"}
        return {}

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date"
        if self.framework_id is not None:
            if self.framework_id == self.pk:
                errors["framework"] = "A contract cannot be made under itself"
            elif self.framework.kind not in ContractKind.agreements():
                errors["framework"] = "Choose a framework agreement or dynamic market"
            elif self.organisation_id and self.framework.organisation_id != self.organisation_id:
                errors["framework"] = "Choose one of your organisation's frameworks"
        if self.capacity is not None and self.kind != ContractKind.BLOCK:
            errors["capacity"] = "Only a block contract buys capacity"
        if errors:
            raise ValidationError(errors)
        if self.pk is None or not self.original_ends_on:
            self.original_ends_on = self.ends_on
        if self.pk is None or self.original_value is None:
            self.original_value = self.value
        if self.ends_on and self.alert_months:
            self.alert_from = add_months(self.ends_on, -self.alert_months)

    # What the pages show ------------------------------------------------------------------------

    @property
    def value_gross(self) -> Decimal:
        return (self.value * (100 + self.vat_rate) / 100).quantize(Decimal("0.01"))

    @property
    def is_terminated(self) -> bool:
        return self.terminated_on is not None

    def status_on(self, day: datetime.date) -> str:
        if self.is_terminated:
            return ContractStatus.TERMINATED
        if day < self.starts_on:
            return ContractStatus.NOT_STARTED
        return ContractStatus.LIVE if day <= self.ends_on else ContractStatus.ENDED

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return ContractStatus(self.status).label

    def maximum_term_months(self) -> int:
        """The term on award with every extension option: what a change of term is measured against."""
        offered = sum(option.months for option in self.extensions.all())
        return months_between(self.starts_on, self.original_ends_on) + offered

    def earlier_changes(self, ground: str | None = None) -> Decimal:
        changes = self.variations.all() if ground is None else self.variations.filter(ground=ground)
        return changes.aggregate(total=Sum("value_change"))["total"] or Decimal(0)


class ContractPart(OwnedPart):
    """Something that belongs to one contract and is seen by whoever sees it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    parent = "contract"

    class Meta:
        abstract = True


class ExtensionOption(ContractPart):
    """An option to extend the contract by a stated number of months. Using it moves the end date."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="extensions")
    position = models.PositiveSmallIntegerField(validators=limits.POSITION.validators, editable=False)
    months = models.PositiveSmallIntegerField(validators=limits.CONTRACT_MONTHS.validators)
    used_on = models.DateField(null=True, blank=True, editable=False)
    used_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "position"]
        constraints = [models.UniqueConstraint(fields=["contract", "position"], name="extension_position_once")]

    def __str__(self) -> str:
        return f"Extension option {self.position}: {self.months} months"

    @property
    def is_used(self) -> bool:
        return self.used_on is not None


class Variation(ContractPart):
    """A dated change to a contract (or a review of its price), with its reason, the change in
    value and term, the legal ground it rests on (checked against the regime's rules) and who
    approved it. Never changed once recorded: a correction is another variation."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="variations")
    number = models.PositiveSmallIntegerField(validators=limits.POSITION.validators, editable=False)
    kind = models.CharField(max_length=20, choices=VariationKind.choices, default=VariationKind.VARIATION)
    effective_on = models.DateField("takes effect on")
    reason = models.TextField(help_text="What changes and why")
    ground = models.CharField(
        "legal ground",
        max_length=30,
        choices=rules.GROUND_CHOICES,
        blank=True,
        help_text="Not needed for light-touch or below-threshold contracts, which may be freely modified",
    )
    value_change = models.DecimalField(
        "change in value excluding VAT",
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=limits.SPEND.validators,
        help_text="Over the rest of the term; negative for a reduction",
    )
    new_ends_on = models.DateField("new end date", null=True, blank=True, help_text="Only if the term changes")
    cost_of_care = models.ForeignKey(
        "finance.CostOfCareExercise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cost of care exercise it cites",
    )
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField()
    change_notice = models.TextField(editable=False, help_text="Whether a contract change notice is needed")

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="variation_number_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def ground_label(self) -> str:
        chosen = rules.ground(self.ground)
        return chosen.label if chosen else "None needed: the contract may be freely modified"


class Kpi(ContractPart):
    """A key performance indicator in the contract's service levels: what is measured, in what
    unit, the target and the tolerance around it, how often, how, and who reports it. A KPI copied
    from the tender keeps the question it came from; its target is agreed afterwards."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    position = models.PositiveSmallIntegerField(validators=limits.POSITION.validators, editable=False)
    name = models.CharField(max_length=200, help_text="For example, Visits on time")
    definition = models.TextField(help_text="Exactly what is counted, and what is not")
    unit = models.CharField(max_length=60, help_text="For example, % of visits, or hours a week")
    target = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=limits.TARGET_FIGURE.validators
    )
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=limits.TARGET_FIGURE.validators,
        help_text="How far from the target is still acceptable, in the same unit",
    )
    direction = models.CharField(max_length=10, choices=KpiDirection.choices, default=KpiDirection.HIGHER)
    frequency = models.CharField(max_length=20, choices=KpiFrequency.choices, default=KpiFrequency.QUARTERLY)
    measured_how = models.TextField("how it is measured", blank=True)
    reported_by = models.CharField(max_length=20, choices=Reporter.choices, default=Reporter.PROVIDER)
    source_question = models.ForeignKey(
        "procurement.QualityQuestion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "position"]
        verbose_name = "KPI"
        constraints = [
            models.UniqueConstraint(fields=["contract", "position"], name="kpi_position_once"),
            models.UniqueConstraint(
                fields=["contract", "source_question"],
                condition=Q(source_question__isnull=False),
                name="kpi_copied_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.tolerance is not None and self.tolerance < 0:
            raise ValidationError({"tolerance": "A tolerance cannot be negative"})


class ServiceStandard(ContractPart):
    """A quality criterion the service must meet, or an outcome it is for."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="standards")
    kind = models.CharField(max_length=10, choices=StandardKind.choices, default=StandardKind.OUTCOME)
    description = models.TextField()
    measured_by = models.TextField("how it is checked", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "kind", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class ContractDocument(ContractPart):
    """A document kept with the contract (the signed contract, a specification, a variation
    letter), checked to be what its name says and kept byte for byte under MEDIA_ROOT."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(validators=limits.FILE_BYTES.validators)
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


PACKAGE_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}")
NHS_NUMBER = re.compile(r"\d{10}")
TEN_DIGITS_INSIDE = re.compile(r"(?<!\d)\d{10}(?!\d)")  # an NHS number with a prefix or suffix


def validate_package_reference(value: str) -> None:
    """A care package's reference from the social care system: letters, digits and - / _ . only,
    so a name (with its space) or an NHS number (ten digits) is refused, never stored."""
    if not value:
        return
    if NHS_NUMBER.fullmatch(value.replace("-", "").replace(" ", "")) or TEN_DIGITS_INSIDE.search(value):
        raise ValidationError("That looks like an NHS number: give the care package's reference instead")
    if not PACKAGE_REFERENCE.fullmatch(value):
        raise ValidationError("Use the package's reference: letters, digits and - / _ . only, no spaces or names")


class CallOff(ContractPart):
    """Capacity called off a block contract for one person's care: so many units a week from a
    start date, until it ends. The provider accepts or declines it. Only the care package's own
    reference is kept here: who the person is stays in `care`."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="block_call_offs")
    reference = models.CharField(max_length=30, editable=False)
    units = models.DecimalField(
        "units a week", max_digits=9, decimal_places=2, validators=limits.HOURS_A_WEEK.validators
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty while it goes on")
    weekly_cost = models.DecimalField(max_digits=12, decimal_places=2, validators=limits.MONEY.validators)
    status = models.CharField(max_length=10, choices=CallOffStatus.choices, default=CallOffStatus.REQUESTED)
    package_reference = models.CharField(
        max_length=40,
        blank=True,
        validators=[validate_package_reference],
        help_text="The care package it is for (a reference, never a person's details)",
    )
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "reference"], name="call_off_reference_once"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="call_off_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["contract", "status", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.units:g} {self.contract.get_capacity_unit_display().lower()})"

    @property
    def holds_capacity(self) -> bool:
        return self.status in CallOffStatus.holding()
