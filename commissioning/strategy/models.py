from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.accounts.ownership import NOTHING, OwnedRecord
from commissioning.core import limits
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy.choices import RiskKind, RiskRating, RiskStatus, risk_rating
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
