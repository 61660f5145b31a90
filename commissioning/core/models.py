from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from commissioning.core import limits
from commissioning.core.choices import FINISHED_JOB_STATUSES, UPPER_TIER_LEVELS, AreaLevel, JobStatus

gss_code_validator = RegexValidator(r"^[EWSN]\d{8}$", "Enter a GSS code: a letter and eight digits, like E08000009")


class AuditedModel(models.Model):
    """A domain record whose every create, update and delete is kept: who, when and what.

    Each concrete model declares `history = HistoricalRecords(...)` (a test checks they all do).
    Services set `_history_user` before saving; on web and API requests the history
    middleware supplies the signed-in user as well.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublishedRecord(models.Model):
    """A record the council publishes: a draft until then, public afterwards (strategies, market
    position statements, cost of care exercises, cycles, the contract register).

    Publishing goes through `core.services.record_publish`, which can freeze the figures the
    record showed. Whatever the entry point, a record is published only once its
    `publication_problems` are put right, and one that is `frozen_when_published` (a statement, a
    fee) cannot be changed afterwards: the next one is written instead. A cycle stays open to
    change while published.
    """

    is_published = models.BooleanField(
        "published", default=False, help_text="Published records can be read by providers and the public."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    public_summary = models.TextField(
        blank=True, help_text="Plain English summary for people who draw on care, carers and providers."
    )

    frozen_when_published: ClassVar[bool] = True
    frozen_message: ClassVar[str] = "A published record cannot be changed"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_not_frozen()
        if not self.is_published:
            self.published_at = None
        elif self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)
        self._published_when_loaded = self.is_published

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        record = super().from_db(db, field_names, values)
        record._published_when_loaded = record.__dict__.get("is_published", False)
        return record

    @property
    def publication_status(self) -> str:
        return "published" if self.is_published else "draft"

    def publication_problems(self) -> dict[str, str]:
        """What must be put right before the record can be published (field, or `__all__`, to message)."""
        return {}

    def check_not_frozen(self) -> None:
        if self.frozen_when_published and getattr(self, "_published_when_loaded", False):
            raise ValidationError(self.frozen_message)

    def clean(self) -> None:
        super().clean()
        self.check_not_frozen()
        problems = self.publication_problems() if self.is_published else {}
        if problems:
            raise ValidationError(problems)


class Area(models.Model):
    """A statistical or administrative area keyed by its ONS GSS code.

    Districts sit under their county (two-tier areas) or directly under their region; upper-tier
    councils under their region; regions under England. Reference data loaded from the ONS
    lookups, so it is not audited record by record.
    """

    code = models.CharField(max_length=9, unique=True, validators=[gss_code_validator])
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=20, choices=AreaLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The region the area lies in (for fast filtering).",
    )
    source = models.CharField(max_length=200, blank=True, help_text="Lookup the area came from")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_upper_tier(self) -> bool:
        """True for councils with adult social care duties."""
        return self.level in UPPER_TIER_LEVELS


class DataVersion(models.Model):
    """One number that grows each time a transaction writing any record commits (core.kept_pages):
    a signed-in page kept under an older number is never shown again."""

    number = models.PositiveBigIntegerField(default=0, editable=False, validators=limits.CHANGES.validators)

    def __str__(self) -> str:
        return f"Data version {self.number}"


class BackgroundJob(models.Model):
    """Work someone started that runs outside their request: an import or a document build.

    A job belongs to the person who asked for it; only they, and operators, can see it. Its task
    reports progress (steps done of the total, and the stage in words) and ends with an outcome:
    what was created, updated or left unchanged, or every problem with the file, line and column.
    The services a job calls are all or nothing, so a failed job has changed nothing. Uploads wait
    under JOBS_DIR until the task has run; a built document stays there for its owner.
    """

    kind = models.CharField(max_length=100, help_text="The task that does the work, like market.cqc_import")
    title = models.CharField(max_length=300, help_text="What the job does, in plain English")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="background_jobs")
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    progress_total = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    stage = models.CharField(max_length=300, blank=True, help_text="What the job is doing now")
    outcome = models.JSONField(
        default=dict, blank=True, help_text="What changed (message, counts, links), or every problem found"
    )
    failure = models.TextField(blank=True, help_text="Why the job failed, in words")
    uploads = models.JSONField(default=list, blank=True, help_text="Files waiting for the task: name and path")
    result_path = models.CharField(max_length=300, blank=True, help_text="The built file, under JOBS_DIR")
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    back_url = models.CharField(max_length=1000, blank=True, help_text="Where to start again, say with a new file")
    reuse_key = models.CharField(max_length=64, blank=True, help_text="The same document asked for again (a hash)")
    task_id = models.CharField(max_length=64, blank=True, help_text="The task's id in the task backend")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "kind", "reuse_key"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total")), name="job_progress_within_total"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:job-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_JOB_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return self.progress_done * 100 // self.progress_total if self.progress_total else 0

    @property
    def problems(self) -> list[dict[str, Any]]:
        """Every problem with the files, each with its file, line, column and reason."""
        return list(self.outcome.get("problems", [])) if isinstance(self.outcome, dict) else []

    @property
    def has_file(self) -> bool:
        return self.status == JobStatus.SUCCEEDED and bool(self.result_path)


class Submission(models.Model):
    """A create request answered once: a page's one-time form token, or an API call's
    Idempotency-Key, with what its first answer was.

    The row is written first, in the same transaction as whatever the request creates, so a
    second request with the same key (a double click, a retried call, the same form sent from
    two tabs) meets the unique constraint and is answered as the first was, creating nothing.
    A request that creates nothing (a form shown again with errors, a refused API call) leaves
    no row, so the same key can be sent again once put right.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300, help_text="form:<token> for a page, api:<key> for an API call")
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="API calls: a hash of the method, address and body first sent"
    )
    result_url = models.CharField(max_length=1000, blank=True, help_text="Where the first answer led")
    response = models.JSONField(
        null=True, blank=True, help_text="API calls: the first answer's status and body, given again to a repeat"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submission_once_per_user_and_key")]

    def __str__(self) -> str:
        return self.key
