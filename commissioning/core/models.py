from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from commissioning.core.choices import UPPER_TIER_LEVELS, AreaLevel

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
