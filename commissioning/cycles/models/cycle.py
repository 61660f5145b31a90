"""A commissioning cycle and its working: activities, the evidence behind them, effort and findings."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import User
from commissioning.core import limits
from commissioning.core.choices import ClientGroup
from commissioning.core.models import AuditedModel, PublishedRecord
from commissioning.cycles.choices import (
    ELEMENT_ORDER,
    FINISHED_STATUSES,
    ActivityStatus,
    CycleStatus,
    Element,
    FindingStatus,
    Level,
)
from commissioning.cycles.evidence import EvidenceType, evidence_type_of
from commissioning.cycles.validators import validate_evidence_url


class CommissioningCycle(AuditedModel, PublishedRecord):
    """One turn of the IPC commissioning cycle for a client group, in an area, over a period.

    The lead organisation runs it; partner organisations (an NHS ICB, say) commission jointly
    and their staff share it. The purchasing and contracting cycle runs inside it.
    """

    title = models.CharField(max_length=200)
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    areas = models.ManyToManyField("core.Area", related_name="cycles")
    period_start = models.DateField("start of period")
    period_end = models.DateField("end of period")
    lead_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cycles_led")
    lead_commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cycles_led"
    )
    partner_organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="cycles_partnered",
        help_text="Organisations commissioning jointly, such as the NHS integrated care board.",
    )
    summary = models.TextField("purpose", blank=True, help_text="What this cycle sets out to achieve.")
    status = models.CharField(max_length=10, choices=CycleStatus.choices, default=CycleStatus.ACTIVE)
    previous_cycle = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_cycle"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[areas, partner_organisations])

    # Published cycles are read by providers and the public (without internal notes) while the
    # team goes on working on them.
    frozen_when_published = False

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="cycle_period_end_after_start",
                violation_error_message="The end of the period must be after its start",
            )
        ]
        indexes = [models.Index(fields=["lead_organisation", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycles:detail", args=[self.pk])

    def get_public_url(self) -> str:
        """Where anyone, signed in or not, reads the cycle once it is published."""
        return reverse("cycles:public", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "The end of the period must be after its start"})

    def publication_problems(self) -> dict[str, str]:
        if not self.public_summary.strip():
            return {"public_summary": "Enter a summary for the public before publishing the cycle"}
        return {}

    @property
    def is_active(self) -> bool:
        return self.status == CycleStatus.ACTIVE

    @property
    def is_joint(self) -> bool:
        return self.partner_organisations.exists()

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%b %Y} to {self.period_end:%b %Y}"

    def organisation_ids(self) -> set[int]:
        """The lead and partner organisations, whose staff share the cycle."""
        # .all() so a prefetch of partner_organisations is used when a selector made one.
        return {self.lead_organisation_id, *(org.pk for org in self.partner_organisations.all())}


class Activity(AuditedModel):
    """A piece of work in one element of a cycle, such as "Assess population need".

    Seeded from the IPC checklist (`checklist_key` set) or added by the team.
    """

    cycle = models.ForeignKey(CommissioningCycle, on_delete=models.CASCADE, related_name="activities")
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.STRATEGIC)
    element = models.CharField(max_length=10, choices=Element.choices)
    checklist_key = models.SlugField(max_length=40, blank=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField("what this involves", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities_owned"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED)
    notes = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0, validators=limits.POSITION.validators)
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["cycle", "level", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "level", "checklist_key"],
                condition=~models.Q(checklist_key=""),
                name="activity_checklist_key_once_per_cycle",
            )
        ]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["cycle", "level", "element"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycles:activity-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and not self.is_finished and self.due_date < today)

    @property
    def element_position(self) -> int:
        return ELEMENT_ORDER.index(Element(self.element))


class EvidenceRecord(AuditedModel):
    """Evidence behind a piece of work: a link to a document, dataset or page, or a typed link to
    a record in the service (a saved forecast, a market position statement, a gap analysis...)
    with its figures as they stood when it was attached. Activities hold it here; a strategy's
    priorities hold it in their own app, on the same base.

    `url` is where the evidence opens; for a record, `record` is the database link to it (None
    once the record is deleted) and `snapshot` the figures kept from the day it was attached.
    Concrete models add what the evidence belongs to, `history`, and the check that a record's
    type and id come together (`evidence_typed_constraint`).
    """

    title = models.CharField(max_length=200)
    url = models.CharField(
        "link",
        max_length=500,
        validators=[validate_evidence_url],
        help_text="A web address starting https://, or a page in this service starting /",
    )
    record_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    record_id = models.PositiveBigIntegerField(
        null=True, blank=True, editable=False, validators=limits.RECORD_ID.validators
    )
    record = GenericForeignKey("record_type", "record_id")
    snapshot = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The record's figures when it was attached"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def evidence_type(self) -> EvidenceType | None:
        return evidence_type_of(self.record_type.model_class()) if self.record_type_id else None

    @property
    def is_record(self) -> bool:
        return self.record_type_id is not None

    def live_snapshot(self) -> dict[str, Any] | None:
        """The record's figures today (None for a web link, or a record since deleted)."""
        kind, record = self.evidence_type, self.record if self.is_record else None
        return None if kind is None or record is None else kind.snapshot(record)

    def record_visible_to(self, user: User) -> bool:
        """Whether `user` may open the record itself (a partner on a shared cycle sees the evidence's
        title, but the figures only if the record is one they could open anyway)."""
        kind = self.evidence_type
        if kind is None:
            return False
        records = kind.model._default_manager
        visible = records.visible_to(user) if hasattr(records, "visible_to") else kind.choices(user)
        return visible.filter(pk=self.record_id).exists()

    def changed_since_attached(self) -> bool:
        """True when the record's figures differ from those kept (links typed before figures were
        kept have none, and are not said to have changed)."""
        live = self.live_snapshot() if self.snapshot else None
        return live is not None and live != self.snapshot


def evidence_typed_constraint(name: str) -> models.CheckConstraint:
    """A record's type and id are both set (a record) or both empty (a web link)."""
    return models.CheckConstraint(
        condition=models.Q(record_type__isnull=True, record_id__isnull=True)
        | models.Q(record_type__isnull=False, record_id__isnull=False),
        name=name,
    )


class EvidenceLink(EvidenceRecord):
    """Evidence behind an activity's work (see EvidenceRecord)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "title"]
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [evidence_typed_constraint("evidence_record_typed")]


class EffortEntry(AuditedModel):
    """Time spent on one element of a cycle, so the team can see whether all four get equal attention."""

    cycle = models.ForeignKey(CommissioningCycle, on_delete=models.CASCADE, related_name="effort")
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.STRATEGIC)
    element = models.CharField(max_length=10, choices=Element.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="effort")
    worked_on = models.DateField("date")
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=limits.HOURS_A_DAY.validators,
    )
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "effort entry"
        verbose_name_plural = "effort entries"
        ordering = ["-worked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24), name="effort_hours_in_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.get_element_display()} ({self.worked_on:%d %b %Y})"


class Finding(AuditedModel):
    """A lesson learned anywhere in a cycle, for the commissioning cycle's next review.

    `cycle` is the cycle whose review will consider it; `raised_in_cycle` is where it was first
    raised. Starting the next cycle moves open findings forward.
    """

    cycle = models.ForeignKey(CommissioningCycle, on_delete=models.CASCADE, related_name="findings")
    raised_in_cycle = models.ForeignKey(CommissioningCycle, on_delete=models.CASCADE, related_name="findings_raised")
    level = models.CharField("raised in", max_length=12, choices=Level.choices, default=Level.PURCHASING)
    element = models.CharField(max_length=10, choices=Element.choices)
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings")
    title = models.CharField(max_length=200)
    detail = models.TextField("what was learned")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="findings_raised"
    )
    status = models.CharField(max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    response = models.TextField("what we did", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycles:finding-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == FindingStatus.OPEN
