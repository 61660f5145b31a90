"""The provider register: providers, their locations and ratings, CQC imports and the changes they
found, and providers' capacity returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.analytics.text import POSTCODE_PATTERN
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.models import AuditedModel
from commissioning.market.choices import (
    RATING_SCORE,
    BedsSource,
    EventKind,
    EventOutcome,
    ImportFormat,
    OwnershipType,
    Rating,
    RegistrationStatus,
    ReturnSource,
)

postcode_validator = RegexValidator(POSTCODE_PATTERN, "Enter a real postcode, like M32 0TH")


cqc_id_validator = RegexValidator(r"^1-\d{6,12}$", "Enter a CQC id, like 1-101641521")


def codes_field_value(codes: list[str] | tuple[str, ...]) -> str:
    """Codes stored as "|a|b|" so one LIKE finds a location offering a service (portable SQL)."""
    return f"|{'|'.join(sorted(set(codes)))}|" if codes else ""


def split_codes(value: str) -> list[str]:
    return [code for code in value.split("|") if code]


class Provider(AuditedModel):
    """A registered provider: the legal organisation that runs one or more locations."""

    name = models.CharField(max_length=300)
    cqc_provider_id = models.CharField(
        "CQC provider id", max_length=20, unique=True, null=True, blank=True, validators=[cqc_id_validator]
    )
    group_name = models.CharField(
        "provider group",
        max_length=300,
        blank=True,
        help_text="The brand or group it belongs to, for market share (CQC's brand name where given).",
    )
    ownership_type = models.CharField(max_length=20, choices=OwnershipType.choices, default=OwnershipType.UNKNOWN)
    companies_house_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[A-Z0-9]{8}$", "Enter the 8-character Companies House number")],
    )
    charity_number = models.CharField(max_length=12, blank=True)
    organisation = models.OneToOneField(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provider_record",
        help_text="The organisation whose people act for this provider in the service.",
    )
    telephone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True, max_length=300)
    email = models.EmailField(blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["group_name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:provider-detail", args=[self.pk])

    @property
    def group(self) -> str:
        return self.group_name or self.name


@dataclass(frozen=True)
class BedsFigure:
    """A location's beds with where the figure comes from, as every page, download and the API
    show it: "40 (CQC register)", "30 (capacity return, 1 Nov 2026)" or "Not known"."""

    beds: int | None
    source: str  # a BedsSource, or "" when not known
    as_of: datetime.date | None = None  # the capacity return's date

    def __str__(self) -> str:
        if self.beds is None:
            return "Not known"
        if self.source == BedsSource.CAPACITY_RETURN and self.as_of:
            return f"{self.beds:,} ({BedsSource(self.source).label}, {self.as_of.day} {self.as_of:%b %Y})"
        return f"{self.beds:,} ({BedsSource(self.source).label})"


class LocationQuerySet(models.QuerySet["Location"]):
    def with_beds(self) -> LocationQuerySet:
        """The one definition of a location's beds: the register's figure (CQC's), else the bed
        capacity of its newest capacity return that states one. Annotates `known_beds` and, when
        that came from a return, `known_beds_on` (the return's date). Supply, beds per 1,000,
        concentration, risk, statements, location pages and the API all read these; a stored
        summary can replace this annotation without changing its readers."""
        stated = CapacityReturn.objects.filter(location=OuterRef("pk"), beds_capacity__isnull=False).order_by(
            "-return_date"
        )
        return self.annotate(
            known_beds=Coalesce("beds", Subquery(stated.values("beds_capacity")[:1])),
            returned_beds_on=Subquery(stated.values("return_date")[:1]),
        )


class Location(AuditedModel):
    """A place or service a provider runs: a care home, a homecare branch, a day centre, a
    community group. CQC-registered locations carry CQC's id; others do not."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=300)
    cqc_location_id = models.CharField(
        "CQC location id", max_length=20, unique=True, null=True, blank=True, validators=[cqc_id_validator]
    )
    service_codes = models.CharField(max_length=200, blank=True, help_text="Our service types, as |a|b|")
    cqc_service_types = models.CharField("CQC service types", max_length=500, blank=True)
    client_group_codes = models.CharField(max_length=200, blank=True)
    specialisms = models.CharField(max_length=300, blank=True)
    is_care_home = models.BooleanField(default=False)
    beds = models.PositiveIntegerField(null=True, blank=True, validators=limits.BEDS.validators)
    address = models.CharField(max_length=400, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator])
    latitude = models.FloatField(null=True, blank=True, validators=limits.LATITUDE.validators)
    longitude = models.FloatField(null=True, blank=True, validators=limits.LONGITUDE.validators)
    local_authority = models.ForeignKey(
        "core.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="care_locations"
    )
    local_authority_name = models.CharField(max_length=120, blank=True, help_text="As the source file gave it")
    telephone = models.CharField(max_length=30, blank=True)
    website = models.CharField(max_length=300, blank=True)
    registration_status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    registered_on = models.DateField(null=True, blank=True)
    deregistered_on = models.DateField(null=True, blank=True)
    overall_rating = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    safe_rating = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    effective_rating = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    caring_rating = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    responsive_rating = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    well_led_rating = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    rating_published_on = models.DateField(null=True, blank=True)
    last_checked_on = models.DateField("date of latest check", null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    objects = LocationQuerySet.as_manager()

    class Meta:
        # No default ordering: a DISTINCT over locations' councils would otherwise be one row per
        # location (the ordering column joins the SELECT). Pages order explicitly.
        indexes = [
            models.Index(fields=["local_authority", "name"]),
            models.Index(fields=["name"]),
            models.Index(fields=["overall_rating"]),
            models.Index(fields=["registration_status", "name"]),
            models.Index(fields=["postcode"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:location-detail", args=[self.pk])

    @property
    def services(self) -> list[str]:
        labels = dict(ServiceType.choices)
        return [labels.get(code, code) for code in split_codes(self.service_codes)]

    @property
    def client_groups(self) -> list[str]:
        labels = dict(ClientGroup.choices)
        return [labels.get(code, code) for code in split_codes(self.client_group_codes)]

    @property
    def cqc_url(self) -> str:
        return f"https://www.cqc.org.uk/location/{self.cqc_location_id}" if self.cqc_location_id else ""

    @property
    def is_registered(self) -> bool:
        return self.registration_status == RegistrationStatus.REGISTERED

    @property
    def beds_figure(self) -> BedsFigure:
        """The location's beds by `LocationQuerySet.with_beds`, with their source."""
        if not hasattr(self, "known_beds"):
            self.known_beds, self.returned_beds_on = (
                Location.objects.filter(pk=self.pk).with_beds().values_list("known_beds", "returned_beds_on").get()
                if self.pk
                else (self.beds, None)
            )
        if self.known_beds is None:
            return BedsFigure(None, "")
        if self.beds is not None:
            return BedsFigure(self.beds, BedsSource.REGISTER)
        return BedsFigure(self.known_beds, BedsSource.CAPACITY_RETURN, self.returned_beds_on)


class LocationRating(models.Model):
    """A rating CQC published for a location, current or past. Written only by imports, which
    record who ran them, so rows are not separately audited."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="ratings")
    published_on = models.DateField()
    overall = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    safe = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    effective = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    caring = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    responsive = models.CharField(max_length=24, choices=Rating.choices, blank=True)
    well_led = models.CharField(max_length=24, choices=Rating.choices, blank=True)

    class Meta:
        ordering = ["location", "-published_on"]
        constraints = [models.UniqueConstraint(fields=["location", "published_on"], name="rating_once_a_day")]

    def __str__(self) -> str:
        return f"{self.location}: {self.get_overall_display()} ({self.published_on})"


class CqcImport(models.Model):
    """One run of a CQC import: the file, who ran it, and what it changed."""

    file_name = models.CharField(max_length=300)
    file_format = models.CharField(max_length=12, choices=ImportFormat.choices)
    content_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    created = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    updated = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    unchanged = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d %b %Y})"


class MarketEvent(models.Model):
    """A change an import found (a rating that fell, a home that closed), for commissioners."""

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    before = models.CharField(max_length=300, blank=True)
    after = models.CharField(max_length=300, blank=True)
    detected_at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(CqcImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    # For a location missing from a file that covers its area: what the team decided, and who.
    outcome = models.CharField(max_length=12, choices=EventOutcome.choices, blank=True, default=EventOutcome.PENDING)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        indexes = [models.Index(fields=["kind", "detected_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.location or self.provider}"

    @property
    def before_label(self) -> str:
        return dict(Rating.choices).get(self.before, self.before)

    @property
    def after_label(self) -> str:
        return dict(Rating.choices).get(self.after, self.after)

    @property
    def is_warning(self) -> bool:
        return self.kind in (EventKind.RATING_FELL, EventKind.DEREGISTERED, EventKind.NOT_IN_ACTIVE_LIST)

    @property
    def awaits_confirmation(self) -> bool:
        return self.kind == EventKind.NOT_IN_ACTIVE_LIST and self.outcome == EventOutcome.PENDING


# The figures of a capacity return, by what they describe.
BED_FIGURES = ("beds_capacity", "beds_occupied", "beds_vacant_accepting", "beds_vacant_reserved")


STAFF_FIGURES = ("care_staff", "nursing_staff", "agency_staff", "staff_absent")


HOMECARE_FIGURES = ("homecare_people", "homecare_hours", "homecare_care_workers")


CAPACITY_FIGURES = (*BED_FIGURES, *STAFF_FIGURES, *HOMECARE_FIGURES, "can_take_homecare_packages")


class CapacityReturn(AuditedModel):
    """A location's capacity on a date, in the Capacity Tracker's terms: beds and their use,
    workforce headcounts, and for homecare the people served and hours."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="capacity_returns")
    return_date = models.DateField()
    beds_capacity = models.PositiveIntegerField(
        null=True, blank=True, validators=limits.BEDS.validators, help_text="Beds the home can use now"
    )
    beds_occupied = models.PositiveIntegerField(null=True, blank=True, validators=limits.BEDS.validators)
    beds_vacant_accepting = models.PositiveIntegerField(
        "vacant beds accepting admissions", null=True, blank=True, validators=limits.BEDS.validators
    )
    beds_vacant_reserved = models.PositiveIntegerField(
        "vacant beds not accepting admissions",
        null=True,
        blank=True,
        validators=limits.BEDS.validators,
        help_text="Reserved, closed or out of use",
    )
    care_staff = models.PositiveIntegerField(
        "care staff (headcount)", null=True, blank=True, validators=limits.STAFF.validators
    )
    nursing_staff = models.PositiveIntegerField(
        "nurses (headcount)", null=True, blank=True, validators=limits.STAFF.validators
    )
    agency_staff = models.PositiveIntegerField(
        "agency staff used (headcount)", null=True, blank=True, validators=limits.STAFF.validators
    )
    staff_absent = models.PositiveIntegerField(
        "staff absent today", null=True, blank=True, validators=limits.STAFF.validators
    )
    homecare_people = models.PositiveIntegerField(
        "people receiving homecare", null=True, blank=True, validators=limits.PEOPLE_SUPPORTED.validators
    )
    homecare_hours = models.DecimalField(
        "homecare hours delivered last week",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=limits.HOURS_A_WEEK.validators,
    )
    homecare_care_workers = models.PositiveIntegerField(
        "homecare care workers", null=True, blank=True, validators=limits.STAFF.validators
    )
    can_take_homecare_packages = models.BooleanField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=ReturnSource.choices, default=ReturnSource.PROVIDER)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["location", "-return_date"]
        constraints = [models.UniqueConstraint(fields=["location", "return_date"], name="one_return_a_day")]
        indexes = [models.Index(fields=["return_date"])]

    def __str__(self) -> str:
        return f"{self.location} on {self.return_date:%d %b %Y}"

    def clean(self) -> None:
        super().clean()
        errors = capacity_problems(self)
        if errors:
            raise ValidationError(errors)

    @property
    def beds_vacant(self) -> int | None:
        if self.beds_vacant_accepting is None and self.beds_vacant_reserved is None:
            return None
        return (self.beds_vacant_accepting or 0) + (self.beds_vacant_reserved or 0)

    @property
    def occupancy(self) -> Decimal | None:
        """Occupied beds as a share (0-1) of capacity."""
        if not self.beds_capacity or self.beds_occupied is None:
            return None
        return Decimal(self.beds_occupied) / Decimal(self.beds_capacity)


def capacity_problems(capacity: CapacityReturn) -> dict[str, str]:
    """Field -> message for a return whose bed figures do not add up."""
    errors: dict[str, str] = {}
    if capacity.return_date and capacity.return_date > datetime.date.today():
        errors["return_date"] = "The return date must be today or in the past"
    bed_figures = (capacity.beds_occupied, capacity.beds_vacant_accepting, capacity.beds_vacant_reserved)
    if capacity.beds_capacity is None:
        if any(value is not None for value in bed_figures):
            errors["beds_capacity"] = "Enter the bed capacity as well as how the beds are used"
        return errors
    if capacity.beds_occupied is not None and capacity.beds_occupied > capacity.beds_capacity:
        errors["beds_occupied"] = (
            f"Occupied beds ({capacity.beds_occupied}) cannot be more than capacity ({capacity.beds_capacity})"
        )
    elif sum(value or 0 for value in bed_figures) > capacity.beds_capacity:
        errors["beds_vacant_accepting"] = (
            f"Occupied and vacant beds ({sum(value or 0 for value in bed_figures)}) cannot be more than "
            f"capacity ({capacity.beds_capacity})"
        )
    return errors


def rating_fell(before: str, after: str) -> bool:
    return bool(before and after and RATING_SCORE[Rating(after)] < RATING_SCORE[Rating(before)])
