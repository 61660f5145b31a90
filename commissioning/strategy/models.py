from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.accounts.ownership import OwnedRecord
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
