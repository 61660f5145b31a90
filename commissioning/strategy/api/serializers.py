from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commissioning.core.api.serializers import ModelSerializer
from commissioning.cycles.selectors import cycle_list
from commissioning.strategy.models import OptimiserRun


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
        return cycle_list(user=self.context["request"].user)


class OptimiserRunInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    cycle = YourCycleField(required=False, allow_null=True)
    inputs = serializers.JSONField()
