from __future__ import annotations

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.choices import (
    COMMISSIONING_KINDS,
    ROLE_ORGANISATION_KINDS,
    STAFF_ROLES,
    OrganisationKind,
    Role,
)
from commissioning.core import limits
from commissioning.core.models import AuditedModel


class Organisation(AuditedModel):
    """A council, NHS integrated care board, care provider or voluntary group using the service.

    Councils and ICBs commission; providers and voluntary groups deliver. Users belong to one.
    """

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    area = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="For a council, the area it serves.",
    )
    ods_code = models.CharField(
        "ODS code",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[A-Z0-9]{3,10}$", "Enter an ODS code in capital letters and digits")],
        help_text="NHS Organisation Data Service code, for NHS bodies.",
    )
    companies_house_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[A-Z0-9]{8}$", "Enter the 8-character Companies House number")],
    )
    charity_number = models.CharField(max_length=8, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    managed_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation whose administrators look after this record (besides its own).",
    )
    is_demo = models.BooleanField(default=False, help_text="Invented for the demonstration; shown as demo data.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def commissions(self) -> bool:
        """Councils and ICBs commission care; providers and voluntary groups do not."""
        return self.kind in COMMISSIONING_KINDS


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. Their role and organisation decide what they may see and do."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    managed_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation whose administrators look after this account (besides its own).",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("can use the Django admin site", default=False, help_text="For operators only.")
    date_joined = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()
        allowed = ROLE_ORGANISATION_KINDS.get(self.role, ())
        if self.organisation is None:
            if self.role != Role.PERSON and not self.is_superuser:
                raise ValidationError({"organisation": "Choose the organisation this person works for"})
        elif self.organisation.kind not in allowed:
            raise ValidationError(
                {
                    "organisation": f"A {self.get_role_display().lower()} cannot belong to a "
                    f"{self.organisation.get_kind_display().lower()}"
                }
            )

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_commissioning_staff(self) -> bool:
        """Works for a council or ICB in a role that sees its commissioning work."""
        return (
            self.is_active
            and self.role in STAFF_ROLES
            and self.organisation is not None
            and self.organisation.commissions
        )


class SignInUnlock(models.Model):
    """An administrator let an email address sign in again before its lock ran out.

    Locks themselves are django-axes's records (and vanish on unlock); this row is the lasting
    audit of who lifted which lock, when, and how many wrong passwords had been tried.
    """

    email = models.EmailField()
    person = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    failures = models.PositiveIntegerField(
        validators=limits.ATTEMPTS.validators, help_text="Wrong passwords tried before the unlock."
    )
    unlocked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    unlocked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-unlocked_at"]

    def __str__(self) -> str:
        return f"{self.email} unlocked by {self.unlocked_by} at {self.unlocked_at:%d %b %Y %H:%M}"
