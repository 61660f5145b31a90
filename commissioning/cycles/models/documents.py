"""Documents uploaded as evidence: a report, a consultation summary, minutes. Kept as uploaded (its
SHA-256 fingerprint says so), readable by the organisation that uploaded it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.accounts.ownership import OwnedRecord
from commissioning.accounts.permissions import is_signed_in
from commissioning.core import limits


def _staff(user: object) -> bool:
    return is_signed_in(user) and getattr(user, "is_commissioning_staff", False)


class EvidenceDocument(OwnedRecord):
    """A file uploaded to stand as evidence, stored under the data directory by a random name."""

    viewers = staticmethod(_staff)

    title = models.CharField(max_length=200, help_text="For example, Carers' survey 2026: summary of findings")
    file_name = models.CharField(max_length=200, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False, validators=limits.FILE_BYTES.validators)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    stored_as = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycles:document-file", args=[self.pk])
