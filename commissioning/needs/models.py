from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import User
from commissioning.accounts.ownership import NOTHING, OwnedRecord
from commissioning.accounts.permissions import is_signed_in
from commissioning.analytics.forecast import band_label
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.models import AuditedModel
from commissioning.cycles.models import EvidenceLink
from commissioning.cycles.selectors import team_cycle_list
from commissioning.needs.choices import AdjustmentKind, RateKind, RatePeriod, RateUnit, Sex, VintageKind


class PopulationVintage(AuditedModel):
    """One edition of population figures: a projection (2022-based, a variant) or an estimate.

    Every vintage is kept side by side. The figures themselves (millions of cells) live in a
    Parquet file under the data directory, written by the import that created this record: a row
    an area, sex and age, a column a year (older imports stored a row a cell; readers take both).
    What pages ask of every vintage (its years, sexes and areas) is kept here, so no request
    reads the file to learn it.
    """

    name = models.CharField(max_length=200, help_text="For example, ONS 2022-based subnational population projections")
    variant = models.CharField(max_length=100, blank=True, help_text="For example, migration category variant")
    kind = models.CharField(max_length=12, choices=VintageKind.choices)
    base_year = models.PositiveSmallIntegerField(validators=limits.YEAR.validators)
    first_year = models.PositiveSmallIntegerField(validators=limits.YEAR.validators)
    last_year = models.PositiveSmallIntegerField(validators=limits.YEAR.validators)
    ages_from = models.PositiveSmallIntegerField(
        default=0, validators=limits.AGE.validators, help_text="Youngest single year of age in the files"
    )
    publisher = models.CharField(max_length=200, default="Office for National Statistics")
    source_url = models.URLField(blank=True)
    licence = models.CharField(max_length=200, default="Open Government Licence v3.0")
    notes = models.TextField(blank=True)
    files = models.TextField(help_text="The files imported, one a line")
    content_sha256 = models.CharField(max_length=64, unique=True)
    storage_name = models.CharField(max_length=100, unique=True)
    cells = models.PositiveIntegerField(default=0, validators=limits.ROWS.validators)
    sexes = models.JSONField(
        default=list, help_text="Which of male, female and persons the figures give, as the import found them"
    )
    areas = models.ManyToManyField("core.Area", related_name="population_vintages")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-base_year", "name", "variant"]
        constraints = [models.UniqueConstraint(fields=["name", "variant"], name="vintage_name_variant_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.variant})" if self.variant else self.name

    def get_absolute_url(self) -> str:
        return reverse("needs:vintage-detail", args=[self.pk])

    @property
    def path(self) -> Path:
        return Path(settings.POPULATION_DIR) / self.storage_name

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class RateSet(OwnedRecord):
    """A published (or local) set of rates by age band and sex for one need or service use.

    Need rates are prevalence: the share of people with the need. Service-use rates turn people
    (a population, or people with a need) into demand for a service type.
    """

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=RateKind.choices)
    measure = models.CharField(max_length=200, help_text="What is counted, for example People with dementia")
    period = models.CharField(max_length=6, choices=RatePeriod.choices, default=RatePeriod.POINT)
    display_unit = models.PositiveIntegerField(
        choices=RateUnit.choices, default=RateUnit.PERCENT, validators=limits.RATE_UNIT.validators
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices, blank=True)
    client_group = models.CharField(
        max_length=30,
        choices=ClientGroup.choices,
        blank=True,
        help_text="Who the rates are mainly about, so a cycle for that group can find them",
    )
    per_need = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_rates",
        help_text="If set, the rate is per person with this need rather than per person in the population.",
    )
    source = models.TextField(help_text="The citation: authors, title, publisher")
    source_url = models.URLField(blank=True)
    publication_year = models.PositiveSmallIntegerField(validators=limits.PUBLICATION_YEAR.validators)
    measured_in = models.CharField(max_length=300, help_text="The population and period the rates were measured in")
    licence = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    is_local = models.BooleanField(default=False, help_text="Set by a council, for example from its own client data")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank for a published set every organisation can use",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "measure", "is_local", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        """Published national sets for everyone signed in; local sets for their own organisation."""
        return (Q(is_local=False) | cls.owned_by(user)) if is_signed_in(user) else NOTHING

    def get_absolute_url(self) -> str:
        return reverse("needs:rate-set-detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == RateKind.SERVICE_USE and not self.service_type:
            raise ValidationError({"service_type": "Choose the type of service the rate counts"})
        if self.per_need_id and self.kind != RateKind.SERVICE_USE:
            raise ValidationError({"per_need": "Only a service-use rate can be per person with a need"})
        if self.is_local and not self.organisation_id:
            raise ValidationError({"organisation": "A local rate set belongs to an organisation"})

    @property
    def unit_label(self) -> str:
        if self.period == RatePeriod.WEEK:
            return "hours a week per person" + (" with the need" if self.per_need_id else "")
        per = RateUnit(self.display_unit).label
        return per + (" a year" if self.period == RatePeriod.YEAR else "")


class Rate(models.Model):
    """One band of a rate set: the rate for a sex (or persons) and an age band, per person."""

    rate_set = models.ForeignKey(RateSet, on_delete=models.CASCADE, related_name="rates")
    sex = models.CharField(max_length=8, choices=Sex.choices)
    age_from = models.PositiveSmallIntegerField(validators=limits.AGE.validators)
    age_to = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=limits.AGE.validators, help_text="Blank for 'and over'"
    )
    value = models.DecimalField(max_digits=14, decimal_places=6, validators=limits.RATE.validators)
    ci_lower = models.DecimalField(
        max_digits=14, decimal_places=6, null=True, blank=True, validators=limits.RATE.validators
    )
    ci_upper = models.DecimalField(
        max_digits=14, decimal_places=6, null=True, blank=True, validators=limits.RATE.validators
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rate_set", "sex", "age_from"]
        constraints = [
            models.UniqueConstraint(fields=["rate_set", "sex", "age_from"], name="rate_band_once"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.rate_set}: {self.sex} {self.band}"

    @property
    def band(self) -> str:
        return band_label(self.age_from, self.age_to)


class Scenario(OwnedRecord):
    """A named what-if: prevalence trends, prevention effects, or another projection variant."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    vintage = models.ForeignKey(
        PopulationVintage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Use this population projection instead of the one being viewed.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="scenario_name_per_organisation")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("needs:scenario-detail", args=[self.pk])


class ScenarioAdjustment(AuditedModel):
    """One change a scenario makes to a need's rate (or to every need's, with no rate set)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=8, choices=AdjustmentKind.choices)
    rate_set = models.ForeignKey(
        RateSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Blank for every need"
    )
    percent = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        validators=limits.PERCENT_CHANGE.validators,
        help_text="A trend can be negative (falling prevalence); an effect is a reduction",
    )
    from_year = models.PositiveSmallIntegerField(validators=limits.PROJECTION_YEAR.validators)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "from_year", "pk"]

    def __str__(self) -> str:
        target = self.rate_set or "every need"
        if self.kind == AdjustmentKind.TREND:
            return f"{target}: {self.percent:+}% a year from {self.from_year}"
        return f"{target}: {self.percent}% lower from {self.from_year}"

    def clean(self) -> None:
        if self.kind == AdjustmentKind.EFFECT and not Decimal(0) < self.percent <= 100:
            raise ValidationError({"percent": "An effect is a reduction between 0 and 100%"})
        if self.kind == AdjustmentKind.TREND and not Decimal(-20) <= self.percent <= 20:
            raise ValidationError({"percent": "A trend must be between -20% and 20% a year"})


class SavedForecast(OwnedRecord):
    """A forecast kept as it was run, so evidence attached to a cycle does not change under it."""

    title = models.CharField(max_length=300)
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="+")
    vintage = models.ForeignKey(PopulationVintage, on_delete=models.PROTECT, related_name="+")
    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rate_sets = models.ManyToManyField(RateSet, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    results = models.JSONField(help_text="Totals by need and year, as computed")
    method = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        """The organisation's own, and those its own people attached as evidence to cycles the
        user's team works on (a partner's forecast in a shared cycle, say). A link someone else
        made to a forecast does not open it to them."""
        if not is_signed_in(user):
            return NOTHING
        attached_by_owner = EvidenceLink.objects.filter(
            record_type=ContentType.objects.get_for_model(cls),
            record_id=OuterRef("pk"),
            added_by__organisation_id=OuterRef("organisation_id"),
            activity__cycle__in=team_cycle_list(user),
        )
        return cls.owned_by(user) | Q(Exists(attached_by_owner))

    def get_absolute_url(self) -> str:
        return reverse("needs:saved-forecast", args=[self.pk])


class CachedForecast(models.Model):
    """One area's figures from one vintage, computed once and kept: a rate set's forecast (totals
    and band rows, as pages show them), or with no rate set the area's residents of all ages.

    A vintage never changes after import, so the same inputs always give the same figures. `key`
    is a fingerprint of every input's content (the vintage's figures, the area, the rate set's
    kind and bands, and the scenario adjustments that apply to it), so changed inputs look for
    another key and a figure computed from old inputs is never read back. Rows are derived data,
    not records anyone edits: no history; they go with their vintage, rate set or scenario, the
    services that change one of those delete its rows, and rows computed by an earlier release
    go when this one keeps its first (see needs/forecast_cache.py).
    """

    key = models.CharField(max_length=64, unique=True)
    vintage = models.ForeignKey(PopulationVintage, on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(max_length=9)
    rate_set = models.ForeignKey(RateSet, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="If adjusted by one"
    )
    totals = models.JSONField(help_text="By year: people, lower and upper limits, population (exact decimals)")
    bands = models.JSONField(default=list, help_text="By sex and age band, the same figures by year")
    computed_by = models.CharField(max_length=64, db_index=True, help_text="A fingerprint of the code that did")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.area_code} from vintage {self.vintage_id}, rate set {self.rate_set_id}"
