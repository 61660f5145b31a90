from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commissioning.accounts.models import User
from commissioning.core.api.serializers import ModelSerializer
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy.models import OptimiserRun, Risk


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
