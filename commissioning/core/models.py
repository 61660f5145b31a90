from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

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
