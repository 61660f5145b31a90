"""API shapes for procurements. Input serializers check shape only (and find records only within
what the requester may see); the services apply the rules and say what is wrong in words."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.reverse import reverse

from commissioning.core import limits
from commissioning.core.api.serializers import ModelSerializer, limited_field
from commissioning.cycles.api.serializers import ScopedPrimaryKeyField
from commissioning.cycles.selectors import team_cycle_list
from commissioning.procurement import selectors
from commissioning.procurement.choices import Procedure, ProcurementStatus
from commissioning.procurement.models import (
    AssessmentSummary,
    Award,
    Bid,
    Clarification,
    Lot,
    MarketMembership,
    ModeratedScore,
    Notice,
    Participant,
    Procurement,
    QualityQuestion,
    Score,
    TenderAmendment,
    TenderStage,
)
from commissioning.strategy.models import PlannedProcurement, ServiceDesign


def _visible_procurements(user: Any) -> Any:
    return Procurement.objects.visible_to(user)


def _visible_lots(user: Any) -> Any:
    return Lot.objects.visible_to(user)


def _staff_procurements(user: Any) -> Any:
    return selectors.procurement_list(user=user)


# --- Parts shown inside a procurement or an opportunity -------------------------------------------


class LotSerializer(ModelSerializer):
    """A lot: a part of the tender bid for and awarded on its own."""

    class Meta:
        model = Lot
        fields = ["id", "number", "title", "description", "estimated_value", "capacity"]
        read_only_fields = fields


class QuestionSerializer(ModelSerializer):
    """A question bidders answer; `lot` is empty for a question asked of every lot. Its weight is
    its share of its section; a bid scoring below `minimum_score` drops out."""

    class Meta:
        model = QualityQuestion
        fields = ["id", "number", "section", "question", "guidance", "weight", "minimum_score", "lot"]
        read_only_fields = fields


class ProcurementNoticeSerializer(serializers.ModelSerializer):
    """A notice published for the procurement, with the address of its public page."""

    kind = serializers.CharField(read_only=True, help_text="The notice's UK number, such as UK4 (tender notice)")
    url = serializers.SerializerMethodField(help_text="The notice's public page")

    class Meta:
        model = Notice
        fields = ["id", "kind", "number", "published_at", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, notice: Notice) -> str:
        return reverse("procurement:notice", args=[notice.pk], request=self.context.get("request"))


class TenderStageSerializer(ModelSerializer):
    """A stage of a competitive flexible procedure before the final, sealed tender: stages run in
    the order they are added, each closing after the last. `decided_at` is set once the buyer has
    decided who goes on. POSTed to a competitive flexible procurement still being set up."""

    procurement = ScopedPrimaryKeyField(
        scope=_staff_procurements, help_text="A competitive flexible procurement not yet published"
    )

    class Meta:
        model = TenderStage
        fields = ["id", "procurement", "number", "kind", "title", "description", "closes_at", "decided_at"]
        read_only_fields = ["number", "decided_at"]


class WeightsSerializer(serializers.Serializer):
    """The shares of price, quality and social value in a bid's total, in per cent: they add up to 100."""

    price = limited_field(limits.PERCENT, decimal_places=2, source="price_weight")
    quality = limited_field(limits.PERCENT, decimal_places=2, source="quality_weight")
    social_value = limited_field(limits.PERCENT, decimal_places=2, source="social_value_weight")


# --- Procurements ---------------------------------------------------------------------------------


class ProcurementSerializer(ModelSerializer):
    """A procurement, with the law it runs under (worked out from its start date, value and
    services, with the reason), its lots, questions and published notices. Values are without
    VAT; `value_gross` adds `vat_rate`, and is what the thresholds are compared with."""

    cycle = ScopedPrimaryKeyField(scope=team_cycle_list, required=False, allow_null=True)
    planned = ScopedPrimaryKeyField(
        scope=lambda user: PlannedProcurement.objects.filter(plan__cycle__in=team_cycle_list(user).values("pk")),
        required=False,
        allow_null=True,
        help_text="A line of one of your team's purchasing plans: its title, value and service carry over",
    )
    service_design = ScopedPrimaryKeyField(
        scope=lambda user: ServiceDesign.objects.visible_to(user).filter(organisation_id=user.organisation_id),
        required=False,
        allow_null=True,
    )
    framework = ScopedPrimaryKeyField(
        scope=lambda user: Procurement.objects.visible_to(user).filter(procedure__in=Procedure.agreements()),
        required=False,
        allow_null=True,
        help_text="For a call-off or a competition in a dynamic market: the framework or market it is made under",
    )
    reopens = ScopedPrimaryKeyField(
        scope=lambda user: Procurement.objects.visible_to(user).filter(procedure=Procedure.OPEN_FRAMEWORK),
        required=False,
        allow_null=True,
        help_text="For an open framework: the earlier framework in the scheme that this one awards again",
    )
    weights = WeightsSerializer(source="*", required=False)
    value_gross = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    lots = LotSerializer(many=True, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    notices = ProcurementNoticeSerializer(many=True, read_only=True)
    stages = TenderStageSerializer(many=True, read_only=True)

    class Meta:
        model = Procurement
        fields = [
            "id", "reference", "title", "description", "cycle", "planned", "service_design", "service_type",
            "cpv_code", "commenced_on", "estimated_value", "vat_rate", "value_gross", "health_led",
            "under_earlier_agreement", "regime", "regime_reason", "light_touch", "above_threshold", "procedure",
            "framework", "reopens", "direct_award_ground", "direct_award_justification", "status", "specification",
            "deadline", "weights",
            "price_formula", "scoring_scale", "abnormally_low_percent", "membership_conditions", "market_ends_on",
            "is_published", "published_at", "established_at", "terminated_at", "termination_reason", "lots",
            "questions", "notices", "stages", "is_demo",
        ]  # fmt: skip
        read_only_fields = [
            "reference", "regime", "regime_reason", "light_touch", "above_threshold", "status", "is_published",
            "published_at", "established_at", "terminated_at", "termination_reason", "is_demo",
        ]  # fmt: skip
        extra_kwargs = {
            # From a line of the purchasing plan, these carry over unless given.
            "title": {"required": False},
            "service_type": {"required": False},
            "estimated_value": {"required": False},
            "commenced_on": {"required": False, "help_text": "The day the procurement started; today if not given"},
            "deadline": {"required": False, "allow_null": True},
        }


class TerminateInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the procurement ends without an award (published in its notice)")


# --- Dynamic markets (the buyer's staff) -----------------------------------------------------------
# Words left empty reach the service, which refuses them in the pages' words, by field.


class MarketChangeInputSerializer(serializers.Serializer):
    """A change to a dynamic market in operation, published in its notice. Its conditions for
    membership never change."""

    summary = serializers.CharField(allow_blank=True, max_length=5000, help_text="What changes, and why")
    description = serializers.CharField(
        required=False, allow_blank=True, help_text="What the market is for; unchanged if empty or not given"
    )
    market_ends_on = serializers.DateField(
        required=False, allow_null=True, help_text="Runs until this day; unchanged if not given"
    )


class MarketEndInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000, help_text="Why the market is ending")


class LotInputSerializer(ModelSerializer):
    """A lot added to a procurement still being set up; it is numbered after the others."""

    procurement = ScopedPrimaryKeyField(scope=_staff_procurements)

    class Meta:
        model = Lot
        fields = ["id", "procurement", "number", "title", "description", "estimated_value", "capacity"]
        read_only_fields = ["number"]


class QuestionInputSerializer(ModelSerializer):
    """A question added to a procurement still being set up; leave `lot` empty to ask it of every lot."""

    procurement = ScopedPrimaryKeyField(scope=_staff_procurements)
    lot = ScopedPrimaryKeyField(scope=_visible_lots, required=False, allow_null=True)

    class Meta:
        model = QualityQuestion
        fields = [
            "id", "procurement", "number", "section", "lot", "question", "guidance", "weight", "minimum_score",
        ]  # fmt: skip
        read_only_fields = ["number"]


# --- Opportunities, clarifications and bids (providers) ------------------------------------------------


class AnsweredClarificationSerializer(serializers.ModelSerializer):
    """A question and its answer, as every bidder reads them: never who asked."""

    class Meta:
        model = Clarification
        fields = ["id", "lot", "question", "answer", "answered_at"]
        read_only_fields = fields


class AmendmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = TenderAmendment
        fields = ["number", "summary", "new_deadline", "created_at"]
        read_only_fields = fields


@extend_schema_field(
    {
        "type": "string",
        "enum": ProcurementStatus.values,
        "description": "\n".join(f"* `{value}` - {label}" for value, label in ProcurementStatus.choices),
    },
    component_name="OpportunityStatusEnum",
)
class OpportunityStatusField(serializers.ChoiceField):
    """Where a published tender or dynamic market stands. Named in the schema on its own: the
    procurement's own `status` has the same choices, and one enum may not serve both."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ProcurementStatus.choices, read_only=True, **kwargs)


class OpportunitySerializer(serializers.ModelSerializer):
    """A published tender as bidders read it: its lots, the questions to answer, the answered
    clarifications and any amendments (bids made before an amendment are confirmed again). A
    dynamic market shows its conditions for membership and how long it runs (apply to join at
    `market-memberships`); a competitive flexible procedure shows its stages (ask to take part at
    `participants`). No other supplier's application or place is ever shown."""

    buyer = serializers.CharField(source="organisation.name", read_only=True)
    status = OpportunityStatusField()
    weights = WeightsSerializer(source="*", read_only=True)
    lots = LotSerializer(many=True, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    clarifications = AnsweredClarificationSerializer(many=True, read_only=True, source="answered_clarifications")
    amendments = AmendmentSerializer(many=True, read_only=True)
    stages = TenderStageSerializer(many=True, read_only=True)

    class Meta:
        model = Procurement
        fields = [
            "id", "reference", "title", "description", "buyer", "cpv_code", "procedure", "status", "specification",
            "deadline", "membership_conditions", "market_ends_on", "weights", "price_formula", "scoring_scale",
            "lots", "questions", "clarifications", "amendments", "stages",
        ]  # fmt: skip
        read_only_fields = fields


# --- Memberships of dynamic markets and places in staged tenders ---------------------------------


class MarketMembershipSerializer(serializers.ModelSerializer):
    """A supplier's application to join a dynamic market and the buyer's decision, with the reason
    the supplier reads when it is not admitted or is removed. A supplier sees only its own."""

    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = MarketMembership
        fields = [
            "id", "procurement", "supplier", "supplier_name", "status", "statement", "applied_at", "decided_at",
            "reason",
        ]  # fmt: skip
        read_only_fields = fields


class MembershipApplyInputSerializer(serializers.Serializer):
    procurement = ScopedPrimaryKeyField(
        scope=_visible_procurements, help_text="A dynamic market announced and not ended"
    )
    statement = serializers.CharField(
        allow_blank=True, max_length=20_000, help_text="How your organisation meets each condition for membership"
    )


class RequiredBooleanField(serializers.BooleanField):
    """A yes or no that must be given, in a form post as in JSON (DRF reads a missing checkbox as no)."""

    default_empty_html = empty


class MembershipDecisionInputSerializer(serializers.Serializer):
    admit = RequiredBooleanField(
        help_text="Whether the supplier meets every condition for membership and is not excluded"
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Needed when it is not admitted: which condition it does not meet. The supplier reads it",
    )


class MembershipRemoveInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, max_length=5000, help_text="Why the supplier is removed (an excluded supplier must be)"
    )


class ParticipantSerializer(serializers.ModelSerializer):
    """A supplier taking part in a staged tender: the last stage it was taken through and, if it
    went no further, at which stage and why. A supplier sees only its own place."""

    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id", "procurement", "supplier", "supplier_name", "statement", "requested_at", "through_stage",
            "out_at_stage", "reason",
        ]  # fmt: skip
        read_only_fields = fields


class ParticipationInputSerializer(serializers.Serializer):
    procurement = ScopedPrimaryKeyField(
        scope=_visible_procurements, help_text="A published competitive flexible tender whose first stage is open"
    )
    statement = serializers.CharField(
        allow_blank=True, max_length=20_000, help_text="How your organisation meets the conditions of participation"
    )


class StageDecisionInputSerializer(serializers.Serializer):
    """Who goes on from a closed stage, and why each other supplier still taking part does not."""

    taken_forward = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=True,
        help_text="The organisation ids of the suppliers taken to the next stage",
    )
    reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000),
        required=False,
        default=dict,
        help_text="Organisation id to why that supplier is not taken further (the supplier reads it)",
    )

    def validate_taken_forward(self, value: list[int]) -> set[int]:
        return set(value)

    def validate_reasons(self, value: dict[str, str]) -> dict[int, str]:
        reasons = {}
        for key, reason in value.items():
            if not str(key).isdigit():
                raise serializers.ValidationError(f"Give each reason under a supplier's organisation id, not {key!r}")
            reasons[int(key)] = reason
        return reasons


class ClarificationSerializer(serializers.ModelSerializer):
    """A question about a tender and, once the buyer answers it, the answer every bidder reads.
    `asked_by_you` says whether your organisation asked it; who else asked is never shown."""

    asked_by_you = serializers.SerializerMethodField()

    class Meta:
        model = Clarification
        fields = ["id", "procurement", "lot", "question", "answer", "answered_at", "asked_by_you"]
        read_only_fields = fields

    def get_asked_by_you(self, clarification: Clarification) -> bool:
        request = self.context.get("request")
        organisation = getattr(getattr(request, "user", None), "organisation_id", None)
        return organisation is not None and clarification.asked_by_id == organisation


class StaffClarificationSerializer(ClarificationSerializer):
    """For the buyer's staff: which organisation asked (bidders never see it)."""

    asked_by = serializers.StringRelatedField(read_only=True)

    class Meta(ClarificationSerializer.Meta):
        fields = [*ClarificationSerializer.Meta.fields, "asked_by"]
        read_only_fields = fields


class ClarificationInputSerializer(serializers.Serializer):
    procurement = ScopedPrimaryKeyField(scope=_visible_procurements, help_text="A published tender")
    lot = ScopedPrimaryKeyField(scope=_visible_lots, required=False, allow_null=True)
    question = serializers.CharField(max_length=5000)


class BidSerializer(ModelSerializer):
    """A bid as its bidder sees it: the receipt, and the SHA-256 and size of the sealed contents.
    Nobody reads the contents before the deadline and the two officers' opening."""

    class Meta:
        model = Bid
        fields = [
            "id", "receipt", "procurement", "lot", "status", "sha256", "size", "created_at", "confirmed_amendment",
            "explanation_requested_at",
        ]  # fmt: skip
        read_only_fields = fields


class BidInputSerializer(serializers.Serializer):
    """A sealed bid for one lot: the price without VAT for the whole term, and an answer to each
    of the lot's questions, by question id."""

    procurement = ScopedPrimaryKeyField(scope=_visible_procurements, help_text="A published tender")
    lot = ScopedPrimaryKeyField(scope=_visible_lots)
    price = limited_field(limits.MONEY, decimal_places=2)
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Question id to the answer's text"
    )


class ExplanationInputSerializer(serializers.Serializer):
    explanation = serializers.CharField(help_text="How the price is made up")


# --- Evaluation and award ---------------------------------------------------------------------


def _opened_bids(user: Any) -> Any:
    return Bid.objects.visible_to(user)


def _visible_questions(user: Any) -> Any:
    return QualityQuestion.objects.visible_to(user)


class ScoreSerializer(ModelSerializer):
    """An assessor's own score for one answer, with the reason (scored again, it is changed)."""

    bid = ScopedPrimaryKeyField(scope=_opened_bids, help_text="An opened bid")
    question = ScopedPrimaryKeyField(scope=_visible_questions)

    class Meta:
        model = Score
        fields = ["id", "bid", "question", "score", "reason"]


class ModeratedScoreSerializer(ModelSerializer):
    """The panel's agreed score for one answer, with the reason the bidder will read."""

    bid = ScopedPrimaryKeyField(scope=_opened_bids, help_text="An opened bid")
    question = ScopedPrimaryKeyField(scope=_visible_questions)

    class Meta:
        model = ModeratedScore
        fields = ["id", "bid", "question", "score", "reason"]
        validators: list[Any] = []  # moderated again, a score is changed by the service, not refused


class AwardSerializer(ModelSerializer):
    """A lot's award to its most advantageous tender (`bid`), or a direct award (no bid), the
    standstill counted as the regime says, and the signing, never before `earliest_signing`."""

    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = Award
        fields = [
            "id", "procurement", "lot", "bid", "supplier", "supplier_name", "value", "status", "notice_published_on",
            "standstill_rule", "standstill_last_day", "earliest_signing", "signed_on",
        ]  # fmt: skip
        read_only_fields = fields


class AwardInputSerializer(serializers.Serializer):
    procurement = ScopedPrimaryKeyField(scope=_staff_procurements)
    lot = ScopedPrimaryKeyField(scope=_visible_lots)
    notice_published_on = serializers.DateField(
        required=False, allow_null=True, help_text="The day the award notice is published; today if not given"
    )
    voluntary_standstill = serializers.BooleanField(
        default=False, help_text="Hold a standstill where none is required (light-touch or below threshold)"
    )


class SignInputSerializer(serializers.Serializer):
    signed_on = serializers.DateField(required=False, allow_null=True, help_text="Today if not given")


class AssessmentSummarySerializer(serializers.ModelSerializer):
    """What an assessed bidder is told before the award notice: its marks and the winner's for
    each criterion, with the moderated reasons."""

    receipt = serializers.CharField(source="bid.receipt", read_only=True)
    procurement = serializers.IntegerField(source="bid.procurement_id", read_only=True)
    lot = serializers.IntegerField(source="bid.lot_id", read_only=True)

    class Meta:
        model = AssessmentSummary
        fields = ["id", "bid", "receipt", "procurement", "lot", "lines", "sent_at"]
        read_only_fields = fields


class NoticeSerializer(ProcurementNoticeSerializer):
    """A published notice, with its OCDS release as published (never changed afterwards)."""

    procurement = serializers.CharField(source="procurement.reference", read_only=True)

    class Meta(ProcurementNoticeSerializer.Meta):
        fields = ["id", "kind", "number", "published_at", "procurement", "url", "release"]
        read_only_fields = fields
