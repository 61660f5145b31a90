from __future__ import annotations

from rest_framework import serializers

from commissioning.core import limits
from commissioning.core.api.serializers import ModelSerializer, limited_field
from commissioning.core.choices import ServiceType
from commissioning.needs.choices import AdjustmentKind, RateKind, RatePeriod, RateUnit, Sex
from commissioning.needs.models import PopulationVintage, Rate, RateSet, SavedForecast, Scenario, ScenarioAdjustment


class PopulationVintageSerializer(ModelSerializer):
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = PopulationVintage
        fields = [
            "id", "name", "variant", "kind", "base_year", "first_year", "last_year", "ages_from", "publisher",
            "source_url", "licence", "notes", "files", "cells", "areas", "is_demo", "created_at",
        ]  # fmt: skip


class RateSerializer(ModelSerializer):
    class Meta:
        model = Rate
        fields = ["sex", "age_from", "age_to", "value", "ci_lower", "ci_upper"]


class RateSetSerializer(ModelSerializer):
    rates = RateSerializer(many=True, read_only=True)
    organisation = serializers.StringRelatedField()

    class Meta:
        model = RateSet
        fields = [
            "id", "name", "kind", "measure", "period", "display_unit", "service_type", "client_group", "per_need",
            "source", "source_url", "publication_year", "measured_in", "licence", "notes", "is_local", "organisation",
            "is_demo", "rates",
        ]  # fmt: skip


class RateInputSerializer(serializers.Serializer):
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_from = limited_field(limits.AGE)
    age_to = limited_field(limits.AGE, required=False, allow_null=True)
    value = limited_field(limits.RATE, decimal_places=6)
    ci_lower = limited_field(limits.RATE, decimal_places=6, required=False, allow_null=True)
    ci_upper = limited_field(limits.RATE, decimal_places=6, required=False, allow_null=True)


class RateSetInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=RateKind.choices)
    measure = serializers.CharField(max_length=200)
    period = serializers.ChoiceField(choices=RatePeriod.choices, default=RatePeriod.POINT)
    display_unit = serializers.ChoiceField(choices=RateUnit.choices, default=RateUnit.PERCENT)
    service_type = serializers.ChoiceField(choices=ServiceType.choices, required=False, allow_blank=True)
    per_need = serializers.PrimaryKeyRelatedField(
        queryset=RateSet.objects.filter(kind="need"), required=False, allow_null=True
    )
    source = serializers.CharField()
    source_url = serializers.URLField(required=False, allow_blank=True)
    publication_year = limited_field(limits.PUBLICATION_YEAR)
    measured_in = serializers.CharField(max_length=300)
    licence = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    rates = RateInputSerializer(many=True)


class ScenarioAdjustmentSerializer(ModelSerializer):
    class Meta:
        model = ScenarioAdjustment
        fields = ["kind", "rate_set", "percent", "from_year"]


class ScenarioSerializer(serializers.ModelSerializer):
    adjustments = ScenarioAdjustmentSerializer(many=True, read_only=True)

    class Meta:
        model = Scenario
        fields = ["id", "name", "description", "vintage", "adjustments", "is_demo", "created_at"]


class AdjustmentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AdjustmentKind.choices)
    rate_set = serializers.PrimaryKeyRelatedField(
        queryset=RateSet.objects.filter(kind="need"), required=False, allow_null=True
    )
    percent = limited_field(limits.PERCENT_CHANGE, decimal_places=2)
    from_year = limited_field(limits.PROJECTION_YEAR)


class ScenarioInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    vintage = serializers.PrimaryKeyRelatedField(
        queryset=PopulationVintage.objects.all(), required=False, allow_null=True
    )
    adjustments = AdjustmentInputSerializer(many=True, required=False)


class SavedForecastSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SavedForecast
        fields = ["id", "title", "area", "vintage", "scenario", "results", "method", "created_at"]


class FigureSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    population = serializers.DecimalField(max_digits=20, decimal_places=3, allow_null=True)
    people = serializers.DecimalField(max_digits=30, decimal_places=9)
    lower = serializers.DecimalField(max_digits=30, decimal_places=9, allow_null=True)
    upper = serializers.DecimalField(max_digits=30, decimal_places=9, allow_null=True)


class ForecastNeedSerializer(serializers.Serializer):
    rate_set = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    measure = serializers.CharField()
    unit = serializers.CharField()
    totals = FigureSerializer(many=True)


class ForecastSerializer(serializers.Serializer):
    area = serializers.CharField()
    vintage = serializers.IntegerField()
    scenario = serializers.IntegerField(allow_null=True)
    method = serializers.CharField()
    needs = ForecastNeedSerializer(many=True)
