from __future__ import annotations

import re
import uuid
from decimal import Context, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.accounts.ownership import NOTHING, OwnedRecord
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.models import AuditedModel, PublishedRecord
from commissioning.cycles.models import EvidenceRecord, evidence_typed_constraint
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy.choices import (
    DecisionMaker,
    ProcurementRoute,
    RiskKind,
    RiskRating,
    RiskStatus,
    StrategyStatus,
    TransitionStatus,
    VatRate,
    risk_rating,
)
from commissioning.strategy.permissions import can_view_plans


class OptimiserRun(OwnedRecord):
    """One run of the budget optimiser (analytics.optimiser): the inputs as given, in the
    documented JSON (docs/optimiser.md), and the service mix it proposed or the limits that
    conflict. Kept as it was run, so a plan can cite it; a changed input is a new run."""

    viewers = staticmethod(can_view_plans)

    title = models.CharField(max_length=200)
    cycle = models.ForeignKey(
        "cycles.CommissioningCycle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="optimiser_runs",
        help_text="The commissioning cycle whose plan this informs",
    )
    inputs = models.JSONField()
    result = models.JSONField()
    feasible = models.BooleanField()

    history = HistoricalRecords(excluded_fields=["inputs", "result"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:optimiser-detail", args=[self.pk])

    @property
    def total_cost(self) -> Any:
        return self.result.get("total_cost")


class Risk(OwnedRecord):
    """A risk in a cycle's register: of the change the cycle plans, or of carrying on as now.
    Scored likelihood x impact on five-point scales, before and after its mitigation (residual),
    with who mitigates it by when and when it is next reviewed. The cycle's team (its lead and
    partner organisations) see the register; history keeps every change of score."""

    cycle = models.ForeignKey("cycles.CommissioningCycle", on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=RiskKind.choices, default=RiskKind.CHANGE)
    likelihood = models.PositiveSmallIntegerField(validators=limits.RISK_SCALE.validators)
    impact = models.PositiveSmallIntegerField(validators=limits.RISK_SCALE.validators)
    mitigation = models.TextField(blank=True)
    mitigation_owner = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mitigation_due = models.DateField("mitigation due by", null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        "likelihood after mitigation", validators=limits.RISK_SCALE.validators
    )
    residual_impact = models.PositiveSmallIntegerField(
        "impact after mitigation", validators=limits.RISK_SCALE.validators
    )
    review_on = models.DateField("next review")
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """The cycle's team sees its register: its lead and partner organisations' staff."""
        if not can_view_plans(user):
            return NOTHING
        return Q(cycle__in=team_cycle_list(user).values("pk"))

    def get_absolute_url(self) -> str:
        return reverse("strategy:risk-edit", args=[self.pk])

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact

    @property
    def rating(self) -> RiskRating:
        return risk_rating(self.score)

    @property
    def residual_rating(self) -> RiskRating:
        return risk_rating(self.residual_score)

    def clean(self) -> None:
        super().clean()
        if None not in (self.residual_likelihood, self.residual_impact, self.likelihood, self.impact) and (
            self.residual_score > self.score
        ):
            raise ValidationError({"residual_impact": "After mitigation the score cannot be higher than before it"})


def _team_rule(user: Any, path: str = "cycle") -> Q:
    """Plans are their cycle's team's: its lead and partner organisations' staff."""
    if not can_view_plans(user):
        return NOTHING
    return Q(**{f"{path}__in": team_cycle_list(user).values("pk")})


class StrategyVersion(OwnedRecord, PublishedRecord):
    """One version of a cycle's commissioning strategy: its vision and priorities, each priority
    with measurable targets and the evidence behind it.

    A version is written as a draft, may go out to consultation, and is approved by a democratic
    decision (who decided, when, the minute). Only a draft can be changed: to change an approved
    strategy a new draft is made from it, and approving that supersedes the old one. An approved
    version can be published for everyone to read."""

    frozen_when_published = False  # approval freezes a version, not publishing (see is_editable)

    cycle = models.ForeignKey("cycles.CommissioningCycle", on_delete=models.CASCADE, related_name="strategy_versions")
    number = models.PositiveSmallIntegerField(validators=limits.POSITION.validators)
    title = models.CharField(max_length=200, help_text="For example, Living well in later life 2027 to 2030")
    vision = models.TextField(help_text="What life should be like for the people this strategy is for")
    status = models.CharField(max_length=12, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    consultation_closes_on = models.DateField("consultation closes on", null=True, blank=True)
    decision_maker = models.CharField(max_length=30, choices=DecisionMaker.choices, blank=True)
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True, help_text="For example, Minute 42/2027")
    decision_url = models.URLField(
        "link to the decision", blank=True, help_text="The published minutes or decision notice"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "-number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="strategy_version_number_once")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        return _team_rule(user)

    def get_absolute_url(self) -> str:
        return reverse("strategy:version-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("strategy:version-public", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == StrategyStatus.DRAFT

    @property
    def is_approved(self) -> bool:
        return self.status in (StrategyStatus.APPROVED, StrategyStatus.SUPERSEDED)

    def publication_problems(self) -> dict[str, str]:
        if not self.is_approved:
            return {"__all__": "Only an approved strategy can be published"}
        if not self.public_summary.strip():
            return {"public_summary": "Write a summary for the public page"}
        return {}


class Priority(AuditedModel):
    """What the strategy will do, and why: a priority with its targets and evidence."""

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveSmallIntegerField(default=1, validators=limits.POSITION.validators)
    title = models.CharField(max_length=200, help_text="For example, More people return home after hospital")
    description = models.TextField("what will change and why", blank=True)
    # The same priority in every version it is carried into, so two versions can be compared.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:priority-detail", args=[self.pk])


# Room for any figure within the target limit, so checking one never signals.
_WIDE = Context(prec=40, traps=[])


def trajectory_problem(
    *, baseline_year: int, target_year: int, target: Decimal, trajectory: dict[str, Any]
) -> str | None:
    """Why a yearly trajectory does not work (None if it does): it gives a figure for every year
    after the baseline's up to the target year, no others, and reaches the target."""
    if target_year <= baseline_year:
        return f"The target year must come after the baseline's year, {baseline_year}"
    if not isinstance(trajectory, dict):
        return "Give the trajectory as each year and its figure, for example 2028: 120"
    try:
        years = {int(year): Decimal(str(value)) for year, value in trajectory.items()}
    except (TypeError, ValueError, InvalidOperation):
        return "Give each year of the trajectory as a year and a figure, for example 2028: 120"
    limit = limits.TARGET_FIGURE
    for year, value in sorted(years.items()):
        if not value.is_finite():
            return f"The figure for {year} must be a number"
        if limit.problem(value):
            return f"The figure for {year}: {limit.problem(value)}"
        if value != value.quantize(Decimal("0.01"), context=_WIDE):
            return f"The figure for {year} must have at most two decimal places"
    wanted = range(baseline_year + 1, target_year + 1)
    outside = sorted(set(years) - set(wanted))
    if outside:
        return f"{outside[0]} is outside the years from {wanted[0]} to {wanted[-1]}"
    missing = [year for year in wanted if year not in years]
    if missing:
        return f"The trajectory skips {missing[0]}: give a figure for every year from {wanted[0]} to {wanted[-1]}"
    if years[target_year] != target:
        return f"The trajectory should reach the target, {target:,}, in {target_year}"
    return None


class Target(AuditedModel):
    """A measurable (SMART) target of a priority: the measure, where it stands now (the baseline,
    dated and sourced), the figure to reach by a year, the path there year by year, who owns it
    and how it will be monitored."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(max_length=200, help_text="For example, Older people at home 91 days after reablement")
    unit = models.CharField(max_length=40, blank=True, help_text="For example, %, people, weeks")
    baseline = models.DecimalField(max_digits=14, decimal_places=2, validators=limits.TARGET_FIGURE.validators)
    baseline_on = models.DateField("baseline date")
    baseline_source = models.CharField(max_length=300, help_text="Where the baseline figure comes from")
    target_figure = models.DecimalField(
        "target figure", max_digits=14, decimal_places=2, validators=limits.TARGET_FIGURE.validators
    )
    target_year = models.PositiveSmallIntegerField(validators=limits.FINANCIAL_YEAR.validators)
    trajectory = models.JSONField(default=dict, help_text="The figure expected each year, up to the target year")
    owner = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    monitoring = models.TextField("how it will be monitored", blank=True)
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.measure

    def trajectory_years(self) -> list[tuple[int, Decimal]]:
        return sorted((int(year), Decimal(str(value))) for year, value in (self.trajectory or {}).items())

    def clean(self) -> None:
        super().clean()
        if self.baseline_on is not None and self.target_year is not None and self.target_figure is not None:
            problem = trajectory_problem(
                baseline_year=self.baseline_on.year,
                target_year=self.target_year,
                target=Decimal(str(self.target_figure)),
                trajectory=self.trajectory or {},
            )
            if problem:
                raise ValidationError({"trajectory": problem})


class PriorityEvidence(EvidenceRecord):
    """Evidence behind a priority (see cycles.EvidenceRecord). A record's figures are kept as they
    stood when it was attached, and again on the day the version is approved (`figures_on`)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="evidence")
    figures_on = models.DateField(null=True, blank=True, editable=False)
    # The record is the strategy's own organisation's, no one's, or published: its kept figures go
    # wherever the strategy goes (its pages, documents and public page). A partner's record shows
    # its title there, and its figures only on the priority's page, to those who may open it.
    shareable = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "title"]
        verbose_name_plural = "priority evidence"
        constraints = [evidence_typed_constraint("priority_evidence_record_typed")]


class GapAnalysis(OwnedRecord):
    """A cycle's gap analysis in one of its areas, as computed when it was made (analytics.gap):
    demand from saved forecast measures as the commissioner stated them, supply from the register,
    cost against the budget. Kept as made, so a strategy can cite it; the live figures move on, and
    a new analysis is made to follow them."""

    cycle = models.ForeignKey("cycles.CommissioningCycle", on_delete=models.CASCADE, related_name="gap_analyses")
    title = models.CharField(max_length=200)
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    demand_choices = models.JSONField(
        default=list, help_text="Each service's forecast measure and the units each person needs"
    )
    result = models.JSONField(help_text="The analysis as analytics.gap stores it")
    shortfalls = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    data_gaps = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)

    history = HistoricalRecords(excluded_fields=["result"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "gap analyses"

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """Its organisation's staff in the cycle's team: it holds their budgets and unit costs."""
        return _team_rule(user) & cls.owned_by(user)

    def get_absolute_url(self) -> str:
        return reverse("strategy:gap-detail", args=[self.pk])


class ServiceDesign(OwnedRecord):
    """A model of a service the council may buy (reablement, extra care housing, homecare...): an
    outline specification, the outcomes it seeks and the needs it meets. The organisation's library,
    reused by plans now and by a tender's specification later."""

    viewers = staticmethod(can_view_plans)

    title = models.CharField(max_length=200, help_text="For example, Home first reablement")
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices, blank=True)
    specification = models.TextField(
        "outline specification", help_text="What the service does, for whom, where and when, and how it is staffed"
    )
    outcomes = models.TextField("outcomes sought", help_text="One a line, for example People regain their independence")
    needs_met = models.TextField("needs it meets", help_text="One a line, for example Frailty after a hospital stay")

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:design-detail", args=[self.pk])

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    @property
    def need_list(self) -> list[str]:
        return [line.strip() for line in self.needs_met.splitlines() if line.strip()]


class PurchasingPlan(OwnedRecord):
    """What a cycle will buy, stop buying or change over one to three years: planned procurements,
    the market development intended, decommissioning with its transitions, and the expected effect
    of direct payments and individual budgets on the volumes bought."""

    cycle = models.ForeignKey("cycles.CommissioningCycle", on_delete=models.CASCADE, related_name="purchasing_plans")
    title = models.CharField(max_length=200, help_text="For example, Older people's purchasing plan 2027 to 2030")
    first_year = models.PositiveSmallIntegerField(validators=limits.FINANCIAL_YEAR.validators)
    last_year = models.PositiveSmallIntegerField(validators=limits.FINANCIAL_YEAR.validators)
    market_development = models.TextField(
        "market development intentions", blank=True,
        help_text="What the council will do to grow, shape or steady the market: new providers, support, fees",
    )  # fmt: skip
    direct_payments_percent = models.DecimalField(
        "share of volumes expected to move to direct payments", max_digits=5, decimal_places=2, null=True,
        blank=True, validators=limits.PERCENT.validators,
        help_text="Of the hours or places the plan would otherwise buy, by the last year",
    )  # fmt: skip
    direct_payments_effect = models.TextField(
        "effect of direct payments and individual budgets", blank=True,
        help_text="How people choosing their own support changes what the council buys",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        return _team_rule(user)

    def get_absolute_url(self) -> str:
        return reverse("strategy:plan-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.first_year is not None and self.last_year is not None:
            if self.last_year < self.first_year:
                raise ValidationError({"last_year": "The last year cannot come before the first"})
            if self.last_year - self.first_year > 2:
                raise ValidationError({"last_year": "A purchasing plan covers one to three years"})


class PlannedProcurement(AuditedModel):
    """A purchase the plan intends: the service, the priority it serves, its estimated value, the
    route, the dates, and who is best placed to provide it, with the reasoning."""

    plan = models.ForeignKey(PurchasingPlan, on_delete=models.CASCADE, related_name="procurements")
    title = models.CharField(max_length=200, help_text="For example, Home first reablement service")
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    design = models.ForeignKey(
        ServiceDesign, null=True, blank=True, on_delete=models.SET_NULL, related_name="procurements",
        verbose_name="service design",
    )  # fmt: skip
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="procurements",
        verbose_name="strategy priority it serves",
    )  # fmt: skip
    value = models.DecimalField(
        "estimated value without VAT", max_digits=14, decimal_places=2, validators=limits.MONEY.validators,
        help_text="For the whole contract, in pounds and pence",
    )  # fmt: skip
    vat_rate = models.PositiveSmallIntegerField(
        "VAT", choices=VatRate.choices, default=VatRate.EXEMPT, validators=limits.PERCENT.validators
    )
    route = models.CharField(max_length=20, choices=ProcurementRoute.choices)
    tender_starts = models.DateField("tender or award process starts", null=True, blank=True)
    contract_starts = models.DateField("contract starts")
    contract_months = models.PositiveSmallIntegerField("length in months", validators=limits.CONTRACT_MONTHS.validators)
    best_placed = models.CharField(
        "who is best placed to provide it", max_length=300,
        help_text="For example, Local voluntary sector partners, or The council's own reablement team",
    )  # fmt: skip
    reasoning = models.TextField("why they are best placed")

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "contract_starts", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def value_with_vat(self) -> Decimal:
        return (self.value * (100 + self.vat_rate) / 100).quantize(Decimal("0.01"))

    def clean(self) -> None:
        super().clean()
        if self.tender_starts and self.contract_starts and self.tender_starts > self.contract_starts:
            raise ValidationError({"tender_starts": "The tender must start before the contract does"})
        if self.priority_id and self.plan_id and self.priority.version.cycle_id != self.plan.cycle_id:
            raise ValidationError({"priority": "Choose a priority of this cycle's strategy"})


class Decommissioning(AuditedModel):
    """A service the plan will stop buying, why, by when, and how each person and provider affected
    moves on (PersonTransition, ProviderTransition)."""

    plan = models.ForeignKey(PurchasingPlan, on_delete=models.CASCADE, related_name="decommissionings")
    service = models.CharField("service to stop buying", max_length=200)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    reason = models.TextField("why it no longer meets need")
    ends_on = models.DateField("last day of the service")

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "ends_on", "pk"]
        verbose_name_plural = "decommissionings"

    def __str__(self) -> str:
        return self.service

    def get_absolute_url(self) -> str:
        return reverse("strategy:decommissioning-detail", args=[self.pk])


PSEUDONYM = re.compile(r"^[A-Z]{1,4}-?\d{1,8}$")


def validate_pseudonym(value: str) -> None:
    """A pseudonymous reference (P-0042), never a name or an NHS number: this plan is read widely, so
    whoever holds the key (the care record) is the only one who can tell who it is."""
    compact = value.replace(" ", "")
    if compact.isdigit() and len(compact) == 10:
        raise ValidationError("This looks like an NHS number: use the person's pseudonymous reference, such as P-0042")
    if not PSEUDONYM.match(value):
        raise ValidationError("Use a pseudonymous reference: up to four capital letters and a number, such as P-0042")


class PersonTransition(AuditedModel):
    """How one person using a service being stopped moves to other support. Pseudonymous only."""

    decommissioning = models.ForeignKey(Decommissioning, on_delete=models.CASCADE, related_name="people")
    reference = models.CharField(
        "pseudonymous reference", max_length=13, validators=[validate_pseudonym],
        help_text="From the care record, for example P-0042. Never a name or NHS number.",
    )  # fmt: skip
    plan = models.TextField(
        "transition plan", help_text="Where their support will come from, and how they will be helped to move"
    )
    move_by = models.DateField("move by")
    status = models.CharField(max_length=10, choices=TransitionStatus.choices, default=TransitionStatus.PLANNED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decommissioning", "move_by", "reference"]
        constraints = [models.UniqueConstraint(fields=["decommissioning", "reference"], name="person_transition_once")]

    def __str__(self) -> str:
        return self.reference


class ProviderTransition(AuditedModel):
    """How a provider of a service being stopped is helped through it (notice, staff, other work)."""

    decommissioning = models.ForeignKey(Decommissioning, on_delete=models.CASCADE, related_name="providers")
    provider = models.ForeignKey("market.Provider", on_delete=models.PROTECT, related_name="+")
    plan = models.TextField("transition plan", help_text="Notice given, staff transfer (TUPE), other work offered")
    status = models.CharField(max_length=10, choices=TransitionStatus.choices, default=TransitionStatus.PLANNED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decommissioning", "pk"]

    def __str__(self) -> str:
        return str(self.provider)
