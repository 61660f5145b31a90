"""The policy territory: laws, guidance, frameworks and local strategies, and the cycles they apply to."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.choices import OrganisationKind
from commissioning.accounts.models import User
from commissioning.accounts.ownership import NOTHING, OwnedRecord
from commissioning.accounts.permissions import is_signed_in
from commissioning.core import limits
from commissioning.core.choices import ClientGroup
from commissioning.core.models import AuditedModel
from commissioning.cycles.choices import (
    PolicyKind,
)
from commissioning.cycles.models.cycle import CommissioningCycle
from commissioning.cycles.validators import validate_client_groups, validate_web_url


def client_groups_value(codes: Iterable[str]) -> str:
    """Client groups as stored on a policy item: |code|code| in the list's order, blank for every group."""
    chosen = set(codes)
    ordered = [code for code in ClientGroup.values if code in chosen]
    return f"|{'|'.join(ordered)}|" if ordered else ""


YEAR_MESSAGE = "Enter a year between 1800 and 2100, like 2014"


class PolicyItem(OwnedRecord):
    """A law, statutory guidance, national framework or local strategy in the policy territory,
    with the duties or priorities it sets (the IPC model's Analyse element).

    With no organisation it is part of the shared national register, which operators keep; with
    one, it is that council's own item, seen by its staff only. It applies to a cycle when its
    client groups (blank meaning every group) include the cycle's, or when it is linked to the
    cycle. Links go through PolicyLink so each is audited on its own and shown only to people who
    can see the cycle: every council reads a national item, but not each other's cycles.
    """

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PolicyKind.choices)
    issued_by = models.CharField(
        max_length=200, help_text="For example, UK Parliament, Department of Health and Social Care, or your council"
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=limits.LAW_YEAR.validators,
        help_text="The year it was passed or first published",
    )
    url = models.CharField(
        "link to the official text",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="For example, the page on legislation.gov.uk or GOV.UK",
    )
    summary = models.TextField("what it is", help_text="In plain English")
    duties = models.TextField("duties or priorities it sets", help_text="One a line")
    review_due = models.DateField("next review date", help_text="When the team should next check it is still current")
    client_groups = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_client_groups],
        help_text="Client group codes between bars (|older_people|carers|); blank for every client group.",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council whose own item this is; blank for the shared national register.",
    )
    cycles = models.ManyToManyField(
        CommissioningCycle,
        through="PolicyLink",
        blank=True,
        related_name="policy_items",
        help_text="Cycles it explicitly applies to, besides those of its client groups.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title"],
                condition=models.Q(organisation__isnull=True),
                name="policy_item_national_title_once",
                violation_error_message="The national register already has an item with this title",
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "title"],
                name="policy_item_local_title_once",
                violation_error_message="Your council already has a policy item with this title",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "kind"]), models.Index(fields=["review_due"])]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        """The national register for everyone signed in; a council's own items for its staff."""
        if not is_signed_in(user):
            return NOTHING
        national = Q(organisation__isnull=True)
        return national | cls.owned_by(user) if user.is_commissioning_staff else national

    def get_absolute_url(self) -> str:
        return reverse("cycles:policy-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.organisation is not None and self.organisation.kind != OrganisationKind.COUNCIL:
            errors["organisation"] = "Only a council keeps its own policy items"
        if self.organisation_id is None and self.kind == PolicyKind.LOCAL_STRATEGY:
            errors["kind"] = "A local strategy belongs to a council: add it as one of the council's own items"
        if errors:
            raise ValidationError(errors)

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def client_group_codes(self) -> list[str]:
        return [code for code in self.client_groups.split("|") if code]

    @property
    def client_group_labels(self) -> list[str]:
        labels = dict(ClientGroup.choices)
        return [str(labels.get(code, code)) for code in self.client_group_codes]

    def applies_to_client_group(self, client_group: str) -> bool:
        return not self.client_groups or client_group in self.client_group_codes

    @property
    def duty_list(self) -> list[str]:
        """The duties, one a line, without blank lines or bullets people typed."""
        lines = (line.strip().lstrip("-*\u2022").strip() for line in self.duties.splitlines())
        return [line for line in lines if line]

    def is_review_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.review_due and self.review_due < today)


class PolicyLink(AuditedModel):
    """A policy item applied to a cycle explicitly (beyond the items that match its client group).

    A council's own item applies only to cycles that council leads, so one council's local items
    never reach another's cycles.
    """

    item = models.ForeignKey(PolicyItem, on_delete=models.CASCADE, related_name="links")
    cycle = models.ForeignKey(CommissioningCycle, on_delete=models.CASCADE, related_name="policy_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "link to a cycle"
        ordering = ["item", "cycle"]
        constraints = [models.UniqueConstraint(fields=["item", "cycle"], name="policy_link_once_per_cycle")]

    def __str__(self) -> str:
        try:
            return f"{self.item} applies to {self.cycle}"
        except ObjectDoesNotExist:  # a history entry whose item or cycle has since been deleted
            return f"Link {self.pk}"

    def clean(self) -> None:
        if self.item.organisation_id is not None and self.cycle.lead_organisation_id != self.item.organisation_id:
            raise ValidationError("A council's own policy item can apply only to cycles that council leads")
