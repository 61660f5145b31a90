"""Procurements: from a line of the purchasing plan (or on their own) to a tender, sealed bids,
their opening, evaluation and award. The law each runs under is worked out from its dates, value
and services (rules.py) and kept with the reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.ownership import NOTHING, Owned, OwnedPart, OwnedQuerySet, OwnedRecord
from commissioning.core import limits
from commissioning.core.choices import ServiceType
from commissioning.core.models import AuditedModel, PublishedRecord
from commissioning.procurement import rules
from commissioning.procurement.choices import (
    AwardStatus,
    BidStatus,
    ExplanationDecision,
    InvolvementRole,
    MembershipStatus,
    NoticeKind,
    PanelRole,
    PriceFormula,
    Procedure,
    ProcurementStatus,
    QuestionSection,
    Regime,
    ScoringScale,
    StageKind,
)
from commissioning.procurement.permissions import can_view_procurements, is_bidder
from commissioning.strategy.choices import VatRate

DEFAULT_DESCRIPTORS = {
    4: [
        "Unacceptable: no answer, or it does not meet the requirement",
        "Poor: meets the requirement only in part, with significant gaps",
        "Acceptable: meets the requirement",
        "Good: meets the requirement with some added value",
        "Excellent: meets the requirement fully, with clear evidence and added value",
    ],
    5: [
        "Unacceptable: no answer, or it does not address the question",
        "Poor: addresses the question only in part, with major gaps",
        "Weak: addresses the question with some gaps or weak evidence",
        "Acceptable: meets the requirement",
        "Good: meets the requirement with good evidence",
        "Excellent: exceeds the requirement, with clear evidence and added value",
    ],
}

# An open framework is awarded again every 3 to 5 years for at most 8: a few rounds at most, so a
# longer chain is a mistake in the records, not a scheme.
MAX_ROUNDS = 12

DIRECT_AWARD_CHOICES = [
    (ground.key, f"Schedule 5 paragraph {ground.paragraph}: {ground.title}") for ground in rules.DIRECT_AWARD_GROUNDS
]


class Procurement(OwnedRecord, PublishedRecord):
    """One procurement by a council or ICB: what it buys, under which law and procedure, and, for
    a competitive one, its tender (lots, questions, weights, deadline).

    Publishing opens the tender to bids: it needs a current conflicts assessment, weights that add
    up, at least one lot and two opening officers (one independent of the evaluation panel). The
    tender's public key is made then; its private key exists only in pieces the officers hold."""

    frozen_when_published = False  # a published tender still changes, by amendments bidders see

    viewers = staticmethod(can_view_procurements)

    reference = models.CharField(max_length=30, editable=False)
    title = models.CharField(max_length=200, help_text="For example, Trafford homecare 2027")
    description = models.TextField(help_text="What is being bought, for whom, and why")
    cycle = models.ForeignKey(
        "cycles.CommissioningCycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="procurements"
    )
    planned = models.ForeignKey(
        "strategy.PlannedProcurement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procurements",
        verbose_name="line of the purchasing plan",
    )
    service_design = models.ForeignKey(
        "strategy.ServiceDesign", null=True, blank=True, on_delete=models.SET_NULL, related_name="tenders"
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    cpv_code = models.CharField(
        "CPV code", max_length=10, help_text="The Common Procurement Vocabulary code, for example 85312000-9"
    )
    commenced_on = models.DateField(
        "started on", help_text="The day the procurement started: it decides which law and thresholds apply"
    )
    estimated_value = models.DecimalField(
        "estimated value excluding VAT",
        max_digits=14,
        decimal_places=2,
        validators=limits.MONEY.validators,
        help_text="For the whole term, extensions included",
    )
    vat_rate = models.PositiveSmallIntegerField(
        "VAT", choices=VatRate.choices, default=VatRate.EXEMPT, validators=limits.PERCENT.validators
    )
    health_led = models.BooleanField(
        "a health care service under the Provider Selection Regime",
        default=False,
        help_text="Health care services an NHS body or council buys under the NHS Provider Selection Regime",
    )
    under_earlier_agreement = models.BooleanField(
        "under an agreement or notice from before 24 February 2025",
        default=False,
        help_text="A call-off under a framework or dynamic purchasing system set up under the 2015 Regulations, "
        "or a procurement whose first notice went out before the 2023 Act came in",
    )
    regime = models.CharField(max_length=20, choices=Regime.choices, editable=False)
    light_touch = models.BooleanField(default=False, editable=False)
    above_threshold = models.BooleanField(
        null=True, editable=False, help_text="Empty where the regime has no threshold test"
    )
    regime_reason = models.TextField(editable=False)
    procedure = models.CharField(max_length=30, choices=Procedure.choices)
    framework = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_offs",
        verbose_name="framework or dynamic market called off",
        help_text="For a call-off: the framework or dynamic market it is made under",
    )
    reopens = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reopenings",
        verbose_name="open framework awarded again",
        help_text="For an open framework: the earlier framework in the scheme that this one awards again",
    )
    direct_award_ground = models.CharField(max_length=40, choices=DIRECT_AWARD_CHOICES, blank=True)
    direct_award_justification = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=ProcurementStatus.choices, default=ProcurementStatus.PLANNING)
    lead_officer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    specification = models.TextField(blank=True, help_text="What the service must do; can start from a service design")
    price_weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(40), validators=limits.PERCENT.validators
    )
    quality_weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(50), validators=limits.PERCENT.validators
    )
    social_value_weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(10), validators=limits.PERCENT.validators
    )
    price_formula = models.CharField(max_length=30, choices=PriceFormula.choices, default=PriceFormula.LOWEST_OVER_BID)
    scoring_scale = models.PositiveSmallIntegerField(
        choices=ScoringScale.choices, default=ScoringScale.ZERO_TO_FOUR, validators=limits.SCORE.validators
    )
    abnormally_low_percent = models.DecimalField(
        "abnormally low below the others' mean by",
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=limits.PERCENT.validators,
        help_text="A bid this far below the mean of the others is flagged for the bidder to explain",
    )
    deadline = models.DateTimeField("bids due by", null=True, blank=True)
    membership_conditions = models.TextField(
        "conditions for membership",
        blank=True,
        help_text="For a dynamic market: what a supplier must show of its legal and financial capacity and "
        "technical ability to join. They cannot change once the market is announced",
    )
    market_ends_on = models.DateField(
        "dynamic market runs until", null=True, blank=True, help_text="For a dynamic market: when it is expected to end"
    )
    established_at = models.DateTimeField(null=True, blank=True, editable=False)
    terminated_at = models.DateTimeField(null=True, blank=True, editable=False)
    termination_reason = models.TextField(blank=True, editable=False)
    tender_public_key = models.BinaryField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["tender_public_key"])

    class Meta:
        ordering = ["-commenced_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="procurement_reference_once"),
            models.CheckConstraint(
                condition=Q(price_weight__gte=0) & Q(quality_weight__gte=0) & Q(social_value_weight__gte=0),
                name="procurement_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """The buyer's commissioning staff see all of its procurements; bidders see published ones."""
        if can_view_procurements(user):
            return cls.owned_by(user)
        if is_bidder(user):
            return Q(is_published=True) & cls.offered_to(user)
        return NOTHING

    @staticmethod
    def offered_to(user: Any) -> Q:
        """What a supplier may bid for: any advertised tender, and a call-off only when it is on the
        framework (a signed award) the call-off is made under, or a member of the dynamic market."""
        if not is_bidder(user):
            return Q(framework__isnull=True)
        organisation = user.organisation_id
        agreement = Q(framework__awards__supplier_id=organisation, framework__awards__status="signed") | Q(
            framework__memberships__supplier_id=organisation,
            framework__memberships__status=MembershipStatus.ADMITTED,
        )
        return Q(framework__isnull=True) | Q(pk__in=Procurement.objects.filter(agreement).values("pk"))

    def get_absolute_url(self) -> str:
        return reverse("procurement:detail", args=[self.pk])

    def get_opportunity_url(self) -> str:
        return reverse("procurement:opportunity", args=[self.pk])

    @property
    def value_gross(self) -> Decimal:
        """Estimated value including VAT: what the thresholds are compared with."""
        return (self.estimated_value * (100 + self.vat_rate) / 100).quantize(Decimal("0.01"))

    @property
    def is_competitive(self) -> bool:
        return self.procedure in Procedure.competitive()

    @property
    def deadline_passed(self) -> bool:
        """By the server's clock: a bidder's clock never decides."""
        return self.deadline is not None and timezone.now() >= self.deadline

    @property
    def taking_bids(self) -> bool:
        """A competitive tender, published, before its deadline (a dynamic market is joined, not bid for)."""
        return (
            self.is_competitive
            and self.is_published
            and self.status == ProcurementStatus.OPEN
            and not self.deadline_passed
        )

    @property
    def descriptors(self) -> list[str]:
        return DEFAULT_DESCRIPTORS[self.scoring_scale]

    def decide_regime(self) -> rules.RegimeDecision:
        """The law this procurement runs under, from its start date, value, services and kind."""
        return rules.regime_for(
            commenced_on=self.commenced_on,
            value_gross=self.value_gross,
            cpv=self.cpv_code,
            health_led=self.health_led,
            under_agreement_before_pa23=self.under_earlier_agreement,
        )

    def clean(self) -> None:
        problem = rules.cpv_problem(self.cpv_code) if self.cpv_code else None
        if problem:
            raise ValidationError({"cpv_code": problem})
        if self.procedure in Procedure.direct() and self.procedure == Procedure.DIRECT_AWARD:
            if not self.direct_award_ground:
                raise ValidationError({"direct_award_ground": "Choose the Schedule 5 ground for a direct award"})
            if not self.direct_award_justification.strip():
                raise ValidationError({"direct_award_justification": "Say why the ground applies"})
        if self.procedure not in Procedure.direct():
            self.direct_award_ground = ""
        elif self.procedure == Procedure.USER_CHOICE:
            self.direct_award_ground = "user_choice"
        if self.procedure in Procedure.under_agreement() and self.framework_id is None:
            raise ValidationError({"framework": "Choose the framework or dynamic market this call-off is made under"})
        if self.framework_id is not None:
            if self.procedure not in Procedure.under_agreement():
                self.framework = None
            elif self.procedure == Procedure.DYNAMIC_MARKET_COMPETITION:
                if self.framework.procedure != Procedure.DYNAMIC_MARKET:
                    raise ValidationError({"framework": "Choose a dynamic market"})
                if self.framework.status != ProcurementStatus.ESTABLISHED:
                    raise ValidationError(
                        {"framework": "Competitions are held only in a dynamic market that is set up"}
                    )
                if self.framework.market_ends_on and self.framework.market_ends_on < timezone.localdate():
                    raise ValidationError({"framework": "That dynamic market's term has ended"})
            elif self.framework.procedure not in (Procedure.FRAMEWORK, Procedure.OPEN_FRAMEWORK):
                raise ValidationError({"framework": "Choose a framework"})
        if self.procedure != Procedure.DYNAMIC_MARKET:
            self.membership_conditions, self.market_ends_on = "", None
        if self.reopens_id is not None:
            if self.procedure != Procedure.OPEN_FRAMEWORK:
                self.reopens = None
            elif self.reopens.procedure != Procedure.OPEN_FRAMEWORK or self.pk in self._earlier_rounds():
                raise ValidationError({"reopens": "Choose an earlier open framework"})
        if self.commenced_on and self.estimated_value is not None and self.cpv_code:
            decision = self.decide_regime()
            self.regime = decision.regime
            self.light_touch = decision.light_touch
            self.above_threshold = decision.above_threshold
            self.regime_reason = decision.reason
        super().clean()

    def _earlier_rounds(self) -> list[int]:
        """The open frameworks this round awards again, back to the first (a loop stops the walk)."""
        rounds, earlier = [], self.reopens
        while earlier is not None and earlier.pk not in rounds and len(rounds) < MAX_ROUNDS:
            rounds.append(earlier.pk)
            earlier = earlier.reopens
        return rounds

    def open_framework_schedule(self) -> rules.OpenFrameworkSchedule | None:
        """For an open framework awarded at least once: when it must next be awarded again and
        when the scheme ends, counted from the first framework's award through each later one."""
        if self.procedure != Procedure.OPEN_FRAMEWORK:
            return None
        earlier = self._earlier_rounds()
        first = Procurement.objects.get(pk=earlier[-1]) if earlier else self
        rounds, awarded, seen = [first], [], set()
        while rounds:
            round_ = rounds.pop()
            if round_.pk in seen or len(seen) >= MAX_ROUNDS:
                continue
            seen.add(round_.pk)
            signed = round_.awards.filter(signed_on__isnull=False).order_by("signed_on").first()
            if signed is not None:
                awarded.append(signed.signed_on)
            rounds.extend(round_.reopenings.all())
        if not awarded:
            return None
        awarded.sort()
        return rules.open_framework_schedule(awarded[0], awarded[1:])

    def publication_problems(self) -> dict[str, str]:
        # Checked in services.tender_publish, which needs the officers and the conflicts record too.
        return {}


class ProcurementPart(OwnedPart):
    """Something that belongs to one procurement and is seen by whoever sees it."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="+")
    parent = "procurement"

    class Meta:
        abstract = True


class Lot(ProcurementPart):
    """A part of the tender bid for and awarded on its own (an area, a service, a size of provider)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(validators=limits.POSITION.validators)
    title = models.CharField(max_length=200, help_text="For example, North Trafford")
    description = models.TextField(blank=True)
    estimated_value = models.DecimalField(
        "estimated value excluding VAT", max_digits=14, decimal_places=2, validators=limits.MONEY.validators
    )
    capacity = models.CharField(max_length=200, blank=True, help_text="For example, 2,000 hours a week")

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "number"]
        constraints = [models.UniqueConstraint(fields=["procurement", "number"], name="lot_number_once")]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"


class QualityQuestion(ProcurementPart):
    """A question bidders answer, scored on the tender's scale against its descriptors. Its weight
    is its share of its section (quality or social value); a minimum score is a threshold below
    which a bid drops out."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="questions")
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.CASCADE, related_name="questions", help_text="Empty for every lot"
    )
    number = models.PositiveSmallIntegerField(validators=limits.POSITION.validators)
    section = models.CharField(max_length=20, choices=QuestionSection.choices, default=QuestionSection.QUALITY)
    question = models.TextField()
    guidance = models.TextField(blank=True, help_text="What a good answer covers, and any word limit")
    weight = models.DecimalField(
        "weight within its section (%)", max_digits=5, decimal_places=2, validators=limits.PERCENT.validators
    )
    minimum_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=limits.SCORE.validators, help_text="Bids scoring less drop out"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "section", "number"]
        constraints = [models.UniqueConstraint(fields=["procurement", "number"], name="question_number_once")]

    def __str__(self) -> str:
        return f"Question {self.number}"

    def clean(self) -> None:
        super().clean()
        if self.minimum_score is not None and self.minimum_score > self.procurement.scoring_scale:
            scale = self.procurement.scoring_scale
            raise ValidationError({"minimum_score": f"Scores run from 0 to {scale}: choose a minimum in that range"})


class PanelMember(ProcurementPart):
    """An assessor or moderator on the evaluation panel."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="panel")
    person = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=PanelRole.choices, default=PanelRole.ASSESSOR)

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["procurement", "person"], name="panel_place_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class OpeningOfficer(ProcurementPart):
    """A named officer whose own passphrase protects a piece of the tender's opening key."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="opening_officers")
    person = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "pk"]
        constraints = [models.UniqueConstraint(fields=["procurement", "person"], name="opening_officer_once")]

    def __str__(self) -> str:
        return str(self.person)


class OpeningKey(AuditedModel):
    """An officer's own key for opening bids. The private half is locked with the officer's
    passphrase, which the service never keeps, so only the officer can use it."""

    person = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="opening_key")
    public_key = models.BinaryField()
    locked_private_key = models.BinaryField()

    history = HistoricalRecords(excluded_fields=["public_key", "locked_private_key"])

    def __str__(self) -> str:
        return f"Opening key of {self.person}"


class KeyShare(models.Model):
    """The tender's private key sealed for one ordered pair of officers: the `outer` officer's key
    removes the first layer and the `inner` officer's the second. Written once at publication."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="key_shares")
    outer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    inner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["procurement", "outer", "inner"], name="key_share_once")]

    def __str__(self) -> str:
        return f"Key piece for officers {self.outer_id} then {self.inner_id}"


class ConflictDeclaration(ProcurementPart):
    """What one person involved declared about their interests (a nil return included). A later
    declaration by the same person replaces the earlier one; both are kept."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=InvolvementRole.choices)
    has_interest = models.BooleanField("has an interest to declare")
    interest = models.TextField(blank=True, help_text="Personal, professional or financial; direct or indirect")
    mitigation = models.TextField(blank=True, help_text="What is done about it")

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: {'interest declared' if self.has_interest else 'nothing to declare'}"

    def clean(self) -> None:
        super().clean()
        if self.has_interest and not self.interest.strip():
            raise ValidationError({"interest": "Describe the interest"})


class ConflictsAssessment(ProcurementPart):
    """The authority's assessment of conflicts of interest, revised as declarations and the people
    involved change. A tender cannot be published without a current one."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="conflicts_assessments")
    version = models.PositiveSmallIntegerField(validators=limits.POSITION.validators, editable=False)
    assessment = models.TextField(help_text="The conflicts and potential conflicts found, and how each is mitigated")
    prepared_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "-version"]
        constraints = [models.UniqueConstraint(fields=["procurement", "version"], name="conflicts_version_once")]

    def __str__(self) -> str:
        return f"Conflicts assessment version {self.version}"


class MarketMembership(ProcurementPart):
    """A supplier's application to join a dynamic market, and the buyer's decision. A supplier
    that meets the conditions for membership and is not excluded must be admitted, however many
    members there are; an excluded supplier is removed."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="memberships")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.APPLIED)
    statement = models.TextField(help_text="How the supplier meets each condition for membership")
    applied_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why a supplier was not admitted, or removed")

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "supplier"],
                condition=Q(status__in=["applied", "admitted"]),
                name="membership_live_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier} in {self.procurement.reference}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """The buyer's staff see every application; a supplier sees its own."""
        if is_bidder(user):
            return Q(supplier_id=user.organisation_id, procurement__is_published=True)
        return super().visible_rule(user)


class TenderStage(ProcurementPart):
    """A step of a competitive flexible procedure before the final tender: suppliers ask to take
    part, are shortlisted, negotiate. Each is decided in turn once it closes; only the suppliers
    taken through every stage may send a final, sealed tender."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(validators=limits.POSITION.validators)
    kind = models.CharField(max_length=20, choices=StageKind.choices)
    title = models.CharField(max_length=200, help_text="For example, Shortlisting on outline proposals")
    description = models.TextField(help_text="What suppliers send or do at this stage, and how it is decided")
    closes_at = models.DateTimeField("responses due by")
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "number"]
        constraints = [models.UniqueConstraint(fields=["procurement", "number"], name="stage_number_once")]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.title}"

    @property
    def closed(self) -> bool:
        return timezone.now() >= self.closes_at


class Participant(ProcurementPart):
    """A supplier taking part in a staged competitive flexible procedure: how far it has got, and
    why it went no further."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="participants")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(help_text="How the supplier meets the conditions of participation")
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    through_stage = models.PositiveSmallIntegerField(
        default=0, validators=limits.POSITION.validators, help_text="The last stage it was taken through"
    )
    out_at_stage = models.PositiveSmallIntegerField(null=True, blank=True, validators=limits.POSITION.validators)
    reason = models.TextField(blank=True, help_text="Why it was not taken further")

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "requested_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["procurement", "supplier"], name="participant_once")]

    def __str__(self) -> str:
        return f"{self.supplier} in {self.procurement.reference}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """The buyer's staff see every participant; a supplier sees only where it stands itself."""
        if is_bidder(user):
            return Q(supplier_id=user.organisation_id, procurement__is_published=True)
        return super().visible_rule(user)


class Clarification(ProcurementPart):
    """A bidder's question and the buyer's answer, published to every bidder without saying who
    asked. The buyer can also publish one of its own."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="clarifications")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    asked_by = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.TextField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "pk"]

    def __str__(self) -> str:
        return f"Clarification {self.pk}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """The buyer's staff see all; a bidder sees the answered ones and its own."""
        mine = Q(asked_by_id=user.organisation_id) if is_bidder(user) else NOTHING
        return super().visible_rule(user) & (Q(answered_at__isnull=False) | mine | _buyer_staff(user))


def _buyer_staff(user: Any) -> Q:
    return Q(procurement__organisation_id=user.organisation_id) if can_view_procurements(user) else NOTHING


class TenderAmendment(ProcurementPart):
    """A change to a published tender. Bids made before it must be confirmed again (or replaced)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField(validators=limits.POSITION.validators, editable=False)
    summary = models.TextField(help_text="What changed, in words every bidder understands")
    new_deadline = models.DateTimeField("new deadline", null=True, blank=True)
    made_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "number"]
        constraints = [models.UniqueConstraint(fields=["procurement", "number"], name="amendment_number_once")]

    def __str__(self) -> str:
        return f"Amendment {self.number}"


class Bid(Owned, AuditedModel):
    """A provider's sealed bid for one lot. Until opening only its receipt is readable: who, when,
    how big and the SHA-256 of its contents; the contents are a sealed file under DATA_DIR.
    The provider sees its own bids; the buyer sees them once opened."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="bids")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="bids")
    receipt = models.CharField(max_length=40, unique=True, editable=False)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField(validators=limits.BID_BYTES.validators)
    sealed_key = models.BinaryField()
    stored_as = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=BidStatus.choices, default=BidStatus.SUBMITTED)
    confirmed_amendment = models.PositiveSmallIntegerField(
        default=0,
        validators=limits.POSITION.validators,
        help_text="The last amendment the bidder confirmed its bid against",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Filled at opening, never before.
    opened_at = models.DateTimeField(null=True, blank=True)
    price = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=limits.MONEY.validators
    )
    answers = models.JSONField(null=True, blank=True)
    documents = models.JSONField(null=True, blank=True)
    # An abnormally low price: flagged at evaluation, explained by the bidder, decided by the buyer.
    low_price_percent = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, validators=limits.PERCENT.validators
    )
    explanation_requested_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    explained_at = models.DateTimeField(null=True, blank=True)
    explanation_decision = models.CharField(max_length=10, choices=ExplanationDecision.choices, blank=True)
    explanation_reason = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=["sealed_key", "answers", "documents"])

    class Meta:
        ordering = ["procurement", "lot", "created_at"]

    def __str__(self) -> str:
        return f"Bid {self.receipt}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        """A bidder sees its own; the buyer's staff see bids only once they are opened."""
        if is_bidder(user):
            return cls.owned_by(user)
        if can_view_procurements(user):
            return Q(procurement__organisation_id=user.organisation_id, opened_at__isnull=False)
        return NOTHING

    @property
    def is_live(self) -> bool:
        return self.status in (BidStatus.SUBMITTED, BidStatus.OPENED)

    @property
    def set_aside(self) -> bool:
        return self.explanation_decision == ExplanationDecision.REJECTED


class Score(AuditedModel):
    """One assessor's own score for one answer, with the reason, before moderation."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(QualityQuestion, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=limits.SCORE.validators)
    reason = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "question", "assessor"]
        constraints = [models.UniqueConstraint(fields=["bid", "question", "assessor"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.assessor}: {self.score}"


class ModeratedScore(AuditedModel):
    """The panel's agreed score for one answer, after moderation, with the reason that goes into
    the bidder's assessment summary."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="moderated_scores")
    question = models.ForeignKey(QualityQuestion, on_delete=models.CASCADE, related_name="moderated_scores")
    score = models.PositiveSmallIntegerField(validators=limits.SCORE.validators)
    reason = models.TextField()
    moderated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["bid", "question"]
        constraints = [models.UniqueConstraint(fields=["bid", "question"], name="moderated_score_once")]

    def __str__(self) -> str:
        return f"Moderated: {self.score}"


class LotResult(AuditedModel):
    """A lot's evaluation as finished: each bid's marks, rank and flags, computed once (in
    analytics.evaluation) and read by the pages, the summaries and the award."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="results")
    lot = models.OneToOneField(Lot, on_delete=models.CASCADE, related_name="result")
    result = models.JSONField()
    evaluated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["result"])

    class Meta:
        ordering = ["procurement", "lot"]

    def __str__(self) -> str:
        return f"Result of {self.lot}"

    @property
    def winner_id(self) -> int | None:
        return self.result.get("most_advantageous")


class AssessmentSummary(Owned, AuditedModel):
    """What one assessed bidder is told before the award notice: its scores and the winner's,
    criterion by criterion, with the reasons. Owned by the bidder's organisation."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="summary")
    lines = models.JSONField()
    sent_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["lines"])

    class Meta:
        ordering = ["bid"]

    def __str__(self) -> str:
        return f"Assessment summary for {self.bid}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        if is_bidder(user):
            return cls.owned_by(user)
        if can_view_procurements(user):
            return Q(bid__procurement__organisation_id=user.organisation_id)
        return NOTHING


class Award(AuditedModel):
    """The decision to award a lot to its most advantageous tender (or, for a direct award, to the
    supplier chosen on its Schedule 5 ground), the standstill that follows (counted as the regime
    says) and the signing, which cannot come before standstill ends."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="awards")
    lot = models.OneToOneField(Lot, on_delete=models.PROTECT, related_name="award")
    bid = models.ForeignKey(
        Bid, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Empty for a direct award"
    )
    supplier = models.ForeignKey("accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(
        "value excluding VAT", max_digits=14, decimal_places=2, null=True, validators=limits.MONEY.validators
    )
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    notice_published_on = models.DateField("award notice published on")
    standstill_rule = models.TextField(blank=True)
    standstill_last_day = models.DateField(null=True, blank=True)
    earliest_signing = models.DateField()
    status = models.CharField(max_length=12, choices=AwardStatus.choices)
    signed_on = models.DateField(null=True, blank=True)
    signed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = OwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "lot"]
        constraints = [models.CheckConstraint(condition=Q(supplier__isnull=False), name="award_names_its_supplier")]

    def __str__(self) -> str:
        return f"Award of {self.lot}"

    @classmethod
    def visible_rule(cls, user: Any) -> Q:
        return _buyer_staff(user)

    @property
    def in_standstill(self) -> bool:
        return self.status != AwardStatus.SIGNED and timezone.localdate() < self.earliest_signing


class OpeningStep(models.Model):
    """One officer's part in opening a tender's bids: the first removes their layer from the key
    pieces they hold (what is left is still sealed to the second officer); the second finishes."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="opening_steps")
    officer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField(default=timezone.now)
    peeled = models.JSONField(default=dict, help_text="Inner officer id to what is left of the share, in base64")

    class Meta:
        ordering = ["procurement", "acted_at"]

    def __str__(self) -> str:
        return f"Opening step by officer {self.officer_id}"


class Notice(models.Model):
    """A notice as published: its kind, number and moment, and the OCDS release built from the
    record at that moment. Never changed: a later notice follows instead."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=5, choices=NoticeKind.choices)
    number = models.CharField(max_length=60, unique=True, editable=False)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    award = models.ForeignKey("Award", null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    release = models.JSONField()

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:notice", args=[self.pk])


class ProcurementEvent(models.Model):
    """The procurement's log: every notable act and every refused attempt (a late bid, opening
    alone, signing in standstill), with who, when and what was said. Never changed."""

    procurement = models.ForeignKey(Procurement, null=True, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60)
    refused = models.BooleanField(default=False)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {'refused' if self.refused else 'done'}"
