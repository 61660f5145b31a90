from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commissioning.accounts.models import User
from commissioning.core.api.serializers import ModelSerializer
from commissioning.cycles.api.serializers import EvidenceInputSerializer, ScopedPrimaryKeyField
from commissioning.cycles.selectors import team_cycle_list
from commissioning.market.selectors import provider_list
from commissioning.strategy import selectors
from commissioning.strategy.choices import DecisionMaker
from commissioning.strategy.gap import GAP_SERVICE_KEYS
from commissioning.strategy.models import (
    Decommissioning,
    GapAnalysis,
    OptimiserRun,
    PersonTransition,
    PlannedProcurement,
    Priority,
    PriorityEvidence,
    ProviderTransition,
    PurchasingPlan,
    Risk,
    ServiceDesign,
    StrategyVersion,
    Target,
)


class OptimiserRunSerializer(ModelSerializer):
    """A run: its inputs as given and its result, both in the JSON described in docs/optimiser.md."""

    class Meta:
        model = OptimiserRun
        fields = ["id", "title", "cycle", "feasible", "inputs", "result", "created_at", "is_demo"]
        read_only_fields = ["feasible", "result", "created_at", "is_demo"]


class OptimiserRunListSerializer(ModelSerializer):
    """A run in a list: its outcome without the inputs and result (fetch the run for those)."""

    total_cost = serializers.FloatField(read_only=True)

    class Meta:
        model = OptimiserRun
        fields = ["id", "title", "cycle", "feasible", "total_cost", "created_at", "is_demo"]


@extend_schema_field(OpenApiTypes.INT)
class YourCycleField(serializers.PrimaryKeyRelatedField):
    """A cycle the requester's organisation can see (others are as unknown as missing ones)."""

    def get_queryset(self):
        return team_cycle_list(self.context["request"].user).order_by("title")


@extend_schema_field(OpenApiTypes.INT)
class TeamPersonField(serializers.PrimaryKeyRelatedField):
    """Someone in the organisations of the requester's team's cycles: anyone else is as unknown
    as a number that names no one (the service then checks the risk's own cycle)."""

    def get_queryset(self):
        cycles = team_cycle_list(self.context["request"].user)
        organisations = {
            *cycles.values_list("lead_organisation_id", flat=True),
            *cycles.values_list("partner_organisations", flat=True),
        }
        return User.objects.filter(is_active=True, organisation_id__in=organisations - {None})


class OptimiserRunInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    cycle = YourCycleField(required=False, allow_null=True)
    inputs = serializers.JSONField()


class CycleRiskSerializer(ModelSerializer):
    """A risk in a cycle's register, with its scores and ratings before and after mitigation."""

    cycle = YourCycleField()
    mitigation_owner = TeamPersonField(required=False, allow_null=True)
    score = serializers.IntegerField(read_only=True)
    rating = serializers.CharField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True)
    residual_rating = serializers.CharField(read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id", "cycle", "title", "description", "kind", "likelihood", "impact", "score", "rating", "mitigation",
            "mitigation_owner", "mitigation_due", "residual_likelihood", "residual_impact", "residual_score",
            "residual_rating", "review_on", "status", "is_demo",
        ]  # fmt: skip
        read_only_fields = ["is_demo"]


# --- The strategy ------------------------------------------------------------------------------------


class PriorityEvidenceSerializer(serializers.ModelSerializer):
    """Evidence behind a priority: a link, or a record with its figures as kept (on the day of
    approval, for an approved version) and whether the live figures have changed since."""

    record_type = serializers.SerializerMethodField(help_text="The kind of record attached; null for a web link")
    snapshot = serializers.SerializerMethodField(
        help_text="The record's figures as kept; null unless you may open the record itself"
    )
    changed_since = serializers.SerializerMethodField(help_text="Whether the record's live figures now differ")

    class Meta:
        model = PriorityEvidence
        fields = [
            "id",
            "priority",
            "title",
            "url",
            "record_type",
            "record_id",
            "snapshot",
            "figures_on",
            "changed_since",
        ]

    def _may_open(self, item: PriorityEvidence) -> bool:
        request = self.context.get("request")
        return item.is_record and (request is None or item.record_visible_to(request.user))

    def get_record_type(self, item: PriorityEvidence) -> str | None:
        kind = item.evidence_type
        return kind.key if kind else None

    def get_snapshot(self, item: PriorityEvidence) -> dict[str, Any] | None:
        return item.snapshot if self._may_open(item) else None

    def get_changed_since(self, item: PriorityEvidence) -> bool | None:
        return item.changed_since_attached() if self._may_open(item) else None


class TargetSerializer(ModelSerializer):
    """A SMART target: the trajectory gives the figure for every year after the baseline's, up to
    the target year, as {"2027": "80", ...}, and reaches the target figure."""

    owner = TeamPersonField(required=False, allow_null=True)
    priority = ScopedPrimaryKeyField(
        scope=lambda user: Priority.objects.filter(version__in=selectors.version_list(user=user))
    )

    class Meta:
        model = Target
        fields = [
            "id", "priority", "measure", "unit", "baseline", "baseline_on", "baseline_source", "target_figure",
            "target_year", "trajectory", "owner", "monitoring",
        ]  # fmt: skip


class PrioritySerializer(ModelSerializer):
    version = ScopedPrimaryKeyField(scope=lambda user: selectors.version_list(user=user))
    targets = TargetSerializer(many=True, read_only=True)
    evidence = PriorityEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "version", "position", "title", "description", "targets", "evidence"]
        read_only_fields = ["position"]


class StrategyVersionListSerializer(ModelSerializer):
    cycle = YourCycleField()

    class Meta:
        model = StrategyVersion
        fields = [
            "id", "cycle", "number", "title", "vision", "status", "based_on", "consultation_closes_on",
            "decision_maker", "decided_on", "minute_reference", "decision_url", "is_published", "public_summary",
            "is_demo",
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "based_on", "consultation_closes_on", "decision_maker", "decided_on",
            "minute_reference", "decision_url", "is_published", "is_demo",
        ]  # fmt: skip


class StrategyVersionSerializer(StrategyVersionListSerializer):
    """A version with its priorities, each with its targets and evidence."""

    priorities = serializers.SerializerMethodField()

    class Meta(StrategyVersionListSerializer.Meta):
        fields = [*StrategyVersionListSerializer.Meta.fields, "priorities"]

    @extend_schema_field(PrioritySerializer(many=True))
    def get_priorities(self, version: StrategyVersion) -> list[dict[str, Any]]:
        return PrioritySerializer(selectors.priorities_of(version), many=True, context=self.context).data


class ApprovalInputSerializer(serializers.Serializer):
    decision_maker = serializers.ChoiceField(choices=DecisionMaker.choices)
    decided_on = serializers.DateField()
    minute_reference = serializers.CharField(max_length=100)
    decision_url = serializers.URLField(required=False, allow_blank=True)


class ConsultationInputSerializer(serializers.Serializer):
    closes_on = serializers.DateField()


class PublishInputSerializer(serializers.Serializer):
    public_summary = serializers.CharField()


class PriorityEvidenceInputSerializer(EvidenceInputSerializer):
    """A web link (title and url), or a record of a registered type (record_type and record_id)."""

    priority = ScopedPrimaryKeyField(
        scope=lambda user: Priority.objects.filter(version__in=selectors.version_list(user=user))
    )


class GapAnalysisListSerializer(ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = GapAnalysis
        fields = ["id", "cycle", "title", "area", "demand_choices", "shortfalls", "data_gaps", "created_at", "is_demo"]


class GapAnalysisSerializer(GapAnalysisListSerializer):
    """An analysis with its result as analytics.gap stores it: cells (as rows under `cell_columns`),
    totals by service and year with their working, money by year against the budget, data gaps."""

    class Meta(GapAnalysisListSerializer.Meta):
        fields = [*GapAnalysisListSerializer.Meta.fields, "result"]


class GapDemandSerializer(serializers.Serializer):
    service = serializers.ChoiceField(choices=GAP_SERVICE_KEYS)
    forecast = serializers.IntegerField(min_value=1)
    rate_set = serializers.IntegerField(min_value=1)
    units_per_person = serializers.DecimalField(max_digits=10, decimal_places=3, min_value=Decimal("0.001"))


class GapAnalysisInputSerializer(serializers.Serializer):
    """A cycle, a title, and for each service the saved forecast's measure (forecast and rate set
    numbers) counting the people who need it, and the units each needs."""

    cycle = YourCycleField()
    title = serializers.CharField(max_length=200)
    demand = GapDemandSerializer(many=True, allow_empty=False)


# --- Service designs and purchasing plans ------------------------------------------------------------


class ServiceDesignSerializer(ModelSerializer):
    class Meta:
        model = ServiceDesign
        fields = ["id", "title", "service_type", "client_group", "specification", "outcomes", "needs_met", "is_demo"]
        read_only_fields = ["is_demo"]


class PlannedProcurementSerializer(ModelSerializer):
    """A planned purchase. `value` is without VAT, in pounds and pence; `value_with_vat` adds `vat_rate`."""

    plan = ScopedPrimaryKeyField(scope=lambda user: selectors.purchasing_plan_list(user=user))
    design = ScopedPrimaryKeyField(
        scope=lambda user: selectors.service_design_list(user=user), required=False, allow_null=True
    )
    priority = ScopedPrimaryKeyField(
        scope=lambda user: Priority.objects.filter(version__in=selectors.version_list(user=user)),
        required=False,
        allow_null=True,
    )
    value_with_vat = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = PlannedProcurement
        fields = [
            "id", "plan", "title", "service_type", "design", "priority", "value", "vat_rate", "value_with_vat",
            "route", "tender_starts", "contract_starts", "contract_months", "best_placed", "reasoning",
        ]  # fmt: skip


class PersonTransitionSerializer(ModelSerializer):
    class Meta:
        model = PersonTransition
        fields = ["id", "reference", "plan", "move_by", "status"]


class ProviderTransitionSerializer(ModelSerializer):
    class Meta:
        model = ProviderTransition
        fields = ["id", "provider", "plan", "status"]


class DecommissioningSerializer(ModelSerializer):
    people = PersonTransitionSerializer(many=True, read_only=True)
    providers = ProviderTransitionSerializer(many=True, read_only=True)

    class Meta:
        model = Decommissioning
        fields = ["id", "service", "service_type", "reason", "ends_on", "people", "providers"]


class PurchasingPlanSerializer(ModelSerializer):
    cycle = YourCycleField()
    procurements = PlannedProcurementSerializer(many=True, read_only=True)
    decommissionings = DecommissioningSerializer(many=True, read_only=True)

    class Meta:
        model = PurchasingPlan
        fields = [
            "id", "cycle", "title", "first_year", "last_year", "market_development", "direct_payments_percent",
            "direct_payments_effect", "procurements", "decommissionings", "is_demo",
        ]  # fmt: skip
        read_only_fields = ["is_demo"]


class DecommissioningInputSerializer(ModelSerializer):
    plan = ScopedPrimaryKeyField(scope=lambda user: selectors.purchasing_plan_list(user=user))

    class Meta:
        model = Decommissioning
        fields = ["id", "plan", "service", "service_type", "reason", "ends_on"]


class PersonTransitionInputSerializer(ModelSerializer):
    """One person's move, by pseudonymous reference only (such as P-0042): never a name or NHS number."""

    decommissioning = ScopedPrimaryKeyField(
        scope=lambda user: Decommissioning.objects.filter(plan__in=selectors.purchasing_plan_list(user=user))
    )

    class Meta:
        model = PersonTransition
        fields = ["id", "decommissioning", "reference", "plan", "move_by", "status"]
        validators: list[Any] = []  # a reference given twice is refused by the service, in words

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("reference"), str):
            data = {**data, "reference": data["reference"].strip().upper()}
        return super().to_internal_value(data)


class ProviderTransitionInputSerializer(ModelSerializer):
    decommissioning = ScopedPrimaryKeyField(
        scope=lambda user: Decommissioning.objects.filter(plan__in=selectors.purchasing_plan_list(user=user))
    )
    provider = ScopedPrimaryKeyField(scope=lambda user: provider_list(user=user))

    class Meta:
        model = ProviderTransition
        fields = ["id", "decommissioning", "provider", "plan", "status"]
