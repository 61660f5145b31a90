"""Resources: budgets by year, client group, service and funding source; spend from the finance
system; unit costs with their sources; cost of care exercises and options appraisals."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import User
from commissioning.accounts.ownership import NOTHING, Owned, OwnedRecord
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.imports import formula_notes
from commissioning.core.models import AuditedModel, PublishedRecord
from commissioning.finance.choices import (
    CostSource,
    CostUnit,
    ExerciseStatus,
    FundingSource,
    ModelKind,
    SpendStatus,
)
from commissioning.finance.permissions import can_view_finance, is_provider_user
from commissioning.needs.published import forecast_measure_get

MONEY = {"max_digits": 14, "decimal_places": 2}


def financial_year_of(day: datetime.date) -> int:
    """English public sector years run from 1 April: 2026 means April 2026 to March 2027."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year} to {year + 1}"


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


year_validators = limits.FINANCIAL_YEAR.validators


class Budget(OwnedRecord):
    """One line of a commissioning budget: a year, client group, service and funding source."""

    viewers = staticmethod(can_view_finance)

    financial_year = models.PositiveSmallIntegerField(validators=year_validators, help_text="2026 means 2026 to 2027")
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    funding_source = models.CharField(max_length=10, choices=FundingSource.choices)
    amount = models.DecimalField(**MONEY, validators=limits.MONEY.validators)
    partner = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The joint commissioning partner contributing to this line, if any",
    )
    partner_share_percent = models.DecimalField(
        "partner's share (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=limits.PERCENT.validators,
    )
    notes = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "client_group", "service_type", "funding_source"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "financial_year", "client_group", "service_type", "funding_source"],
                name="one_budget_line_per_heading",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{financial_year_label(self.financial_year)}: {self.get_client_group_display()}, "
            f"{self.get_service_type_display()} ({self.get_funding_source_display()})"
        )

    def clean(self) -> None:
        super().clean()
        if (self.partner_id is None) != (self.partner_share_percent is None):
            raise ValidationError({"partner_share_percent": "Give both the partner and its share, or neither"})

    @property
    def partner_amount(self) -> Decimal:
        """The partner's contribution, to the penny (half up)."""
        if not self.partner_share_percent:
            return Decimal("0.00")
        return (self.amount * self.partner_share_percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class CostCentre(OwnedRecord):
    """A finance system cost centre, mapped to the service and client group its spend is for."""

    viewers = staticmethod(can_view_finance)

    code = models.CharField(
        max_length=20, validators=[RegexValidator(r"^[A-Za-z0-9_./-]+$", "Letters, digits and - _ . / only")]
    )
    name = models.CharField(max_length=200)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="cost_centre_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SpendImport(Owned):
    """One finance file loaded: who, when, and what it held. Its transactions are its rows."""

    viewers = staticmethod(can_view_finance)

    file_name = models.CharField(max_length=300)
    content_sha256 = models.CharField(max_length=64)
    financial_year = models.PositiveSmallIntegerField(validators=year_validators)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    total = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=limits.SPEND.validators)
    # The transactions' own fingerprint (spend_row_values), so the same rows are refused whatever
    # bytes carry them. Blank only for a repeat loaded before fingerprints were kept.
    rows_sha256 = models.CharField(max_length=64, blank=True, default="")
    rows_seen_before = models.PositiveIntegerField(
        default=0,
        validators=limits.ROWS.validators,
        help_text="Rows that matched transactions already loaded from other files when this one was",
    )

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "content_sha256"], name="spend_file_imported_once"),
            models.UniqueConstraint(
                fields=["organisation", "rows_sha256"], condition=~Q(rows_sha256=""), name="spend_rows_imported_once"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    def import_notes(self) -> list[str]:
        """What the person who imported the file should know about its text (read from the rows,
        so the import itself stays one path)."""
        rows = self.transactions.values_list("supplier", "reference", "description")
        return formula_notes(value for row in rows for value in row)


def spend_row_values(
    *,
    cost_centre_id: int,
    transaction_date: datetime.date,
    supplier: str,
    amount: Decimal,
    status: str,
    reference: str,
    description: str,
) -> tuple[int | str, ...]:
    """A transaction as the values that make it the same transaction, normalised as stored: the
    date as ISO text, the amount to the penny (no minus zero), the cost centre by record (whatever
    case the file wrote its code in), the type after "" became actual. What a file's columns were
    called, their order and its line endings are gone by now. (Migration 0004 repeats this.)"""
    return (
        cost_centre_id,
        transaction_date.isoformat(),
        supplier,
        f"{amount:.2f}" if amount else "0.00",
        status,
        reference,
        description,
    )


class SpendTransaction(Owned):
    """A payment (actual) or order (committed) from the finance system. Written only by imports,
    which record who ran them, so rows are not separately audited."""

    viewers = staticmethod(can_view_finance)

    cost_centre = models.ForeignKey(CostCentre, on_delete=models.PROTECT, related_name="transactions")
    transaction_date = models.DateField()
    financial_year = models.PositiveSmallIntegerField(validators=year_validators)
    supplier = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY, validators=limits.SPEND.validators)
    status = models.CharField(max_length=10, choices=SpendStatus.choices, default=SpendStatus.ACTUAL)
    reference = models.CharField(max_length=60, blank=True)
    description = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(SpendImport, on_delete=models.CASCADE, related_name="transactions")

    class Meta:
        ordering = ["-transaction_date", "pk"]
        indexes = [models.Index(fields=["organisation", "financial_year", "cost_centre"])]

    def __str__(self) -> str:
        return f"{self.transaction_date}: {self.supplier} £{self.amount}"

    def row_values(self) -> tuple[int | str, ...]:
        return spend_row_values(
            cost_centre_id=self.cost_centre_id,
            transaction_date=self.transaction_date,
            supplier=self.supplier,
            amount=self.amount,
            status=self.status,
            reference=self.reference,
            description=self.description,
        )


class UnitCost(OwnedRecord):
    """What a unit of a service costs in a year, and where the figure comes from."""

    viewers = staticmethod(can_view_finance)

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank for a published benchmark every council can see",
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    unit = models.CharField(max_length=10, choices=CostUnit.choices)
    financial_year = models.PositiveSmallIntegerField(validators=year_validators)
    amount = models.DecimalField(max_digits=10, decimal_places=2, validators=limits.PRICE.validators)
    source_kind = models.CharField(max_length=20, choices=CostSource.choices)
    source = models.CharField(max_length=300, help_text="Contract, publication or model the figure comes from")
    source_url = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "service_type", "unit"]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()} £{self.amount} {self.get_unit_display()} ({self.financial_year})"

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        """The organisation's own unit costs and the shared published benchmarks."""
        return (Q(organisation__isnull=True) | cls.owned_by(user)) if can_view_finance(user) else NOTHING

    def get_absolute_url(self) -> str:
        return reverse("finance:unit-cost-list")


class CostOfCareExercise(OwnedRecord, PublishedRecord):
    """An open cost of care model for one kind of service and year: the council's assumptions,
    the providers' survey returns, and the fee it proposes, with its reasoning."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ModelKind.choices)
    financial_year = models.PositiveSmallIntegerField(
        validators=year_validators, help_text="The year the fees would apply to"
    )
    inputs = models.JSONField(default=dict, help_text="The model's inputs and assumptions, by field")
    status = models.CharField(max_length=10, choices=ExerciseStatus.choices, default=ExerciseStatus.OPEN)
    current_fee = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=limits.FEE.validators
    )
    proposed_fee = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=limits.FEE.validators
    )
    reasoning = models.TextField("why we propose this fee", blank=True)
    history = HistoricalRecords()

    frozen_message = "A published exercise cannot be changed: start next year's instead"

    class Meta:
        ordering = ["-financial_year", "title"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        """Staff see their organisation's; providers answer open exercises and read published ones."""
        if can_view_finance(user):
            return cls.owned_by(user)
        if is_provider_user(user):
            return Q(status=ExerciseStatus.OPEN) | Q(is_published=True)
        return NOTHING

    def get_absolute_url(self) -> str:
        return reverse("finance:exercise-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("finance:exercise-public", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == ExerciseStatus.OPEN

    @property
    def stage(self) -> str:
        return "published" if self.is_published else self.status

    @property
    def stage_label(self) -> str:
        """Where it stands: taking provider returns, closed, or published."""
        return "Published" if self.is_published else self.get_status_display()

    def publication_problems(self) -> dict[str, str]:
        if self.proposed_fee is None or not self.reasoning.strip():
            return {NON_FIELD_ERRORS: "Give the proposed fee and the reasoning before publishing"}
        return {}


class CostSurveyReturn(AuditedModel):
    """A provider's own costs, line by line, returned to a cost of care exercise."""

    exercise = models.ForeignKey(CostOfCareExercise, on_delete=models.CASCADE, related_name="returns")
    provider = models.ForeignKey("market.Provider", on_delete=models.PROTECT, related_name="cost_returns")
    lines = models.JSONField(default=dict, help_text="Cost line key -> amount (pounds, as text)")
    notes = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["exercise", "provider__name"]
        constraints = [models.UniqueConstraint(fields=["exercise", "provider"], name="one_return_per_provider")]

    def __str__(self) -> str:
        return f"{self.provider} for {self.exercise}"

    def amounts(self) -> dict[str, Decimal]:
        return {key: Decimal(value) for key, value in self.lines.items() if value not in (None, "")}


class OptionAppraisal(OwnedRecord):
    """The cost of a proposed change against the status quo over the forecast years."""

    viewers = staticmethod(can_view_finance)

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    first_year = models.PositiveSmallIntegerField(validators=year_validators)
    last_year = models.PositiveSmallIntegerField(validators=year_validators)
    people_first_year = models.DecimalField(
        "people needing the service in the first year",
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=limits.POPULATION.validators,
    )
    growth_percent = models.DecimalField(
        "yearly growth in need (%)",
        max_digits=6,
        decimal_places=3,
        default=Decimal(0),
        validators=limits.GROWTH_PERCENT.validators,
        help_text="From the forecast: -50 to 50",
    )
    forecast = models.ForeignKey(
        "needs.SavedForecast",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A saved needs forecast giving the people each year (instead of steady growth)",
    )
    forecast_measure = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=limits.RECORD_ID.validators,
        help_text="The rate set in the forecast whose totals are the people",
    )
    current_service = models.CharField(max_length=30, choices=ServiceType.choices)
    current_cost_per_person_year = models.DecimalField(
        max_digits=12, decimal_places=2, validators=limits.COST_A_YEAR.validators
    )
    alternative_service = models.CharField(max_length=30, choices=ServiceType.choices)
    alternative_cost_per_person_year = models.DecimalField(
        max_digits=12, decimal_places=2, validators=limits.COST_A_YEAR.validators
    )
    shift_percent = models.DecimalField(
        "share moved to the alternative (%)",
        max_digits=5,
        decimal_places=2,
        validators=limits.PERCENT.validators,
    )
    one_off_cost = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal(0), validators=limits.MONEY.validators
    )
    discount_rate_percent = models.DecimalField(
        "discount rate (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("3.5"),
        validators=limits.DISCOUNT_RATE.validators,
        help_text="HM Treasury Green Book: 3.5",
    )
    assumptions = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("finance:option-detail", args=[self.pk])

    def people_by_year(self) -> dict[int, Decimal] | None:
        """People each year from the chosen saved forecast, if one is chosen (and still there)."""
        if self.forecast_id is None or self.forecast_measure is None:
            return None
        measure = forecast_measure_get(forecast_id=self.forecast_id, rate_set_id=self.forecast_measure)
        return None if measure is None else measure.people_by_year

    def clean(self) -> None:
        super().clean()
        if self.first_year and self.last_year and not self.first_year <= self.last_year <= self.first_year + 25:
            raise ValidationError({"last_year": "The last year must be from the first year to 25 years after it"})
