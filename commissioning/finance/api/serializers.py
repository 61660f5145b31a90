from __future__ import annotations

from rest_framework import serializers

from commissioning.core import limits
from commissioning.core.api.serializers import ModelSerializer, limited_field
from commissioning.finance.analysis import council_model
from commissioning.finance.models import (
    Budget,
    CostCentre,
    CostOfCareExercise,
    CostSurveyReturn,
    OptionAppraisal,
    SpendTransaction,
    UnitCost,
)


class BudgetSerializer(ModelSerializer):
    partner_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    def validate_partner(self, partner):
        """A joint commissioning partner is another council or ICB, as on the page."""
        user = self.context["request"].user
        if partner is not None and (partner.kind not in ("council", "nhs_icb") or partner.pk == user.organisation_id):
            raise serializers.ValidationError("Choose another council or integrated care board")
        return partner

    class Meta:
        model = Budget
        fields = [
            "id", "financial_year", "client_group", "service_type", "funding_source", "amount", "partner",
            "partner_share_percent", "partner_amount", "notes", "is_demo",
        ]  # fmt: skip
        read_only_fields = ["is_demo"]


class SpendTransactionSerializer(ModelSerializer):
    cost_centre = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SpendTransaction
        fields = [
            "id",
            "transaction_date",
            "financial_year",
            "supplier",
            "cost_centre",
            "amount",
            "status",
            "reference",
        ]


class UnitCostSerializer(ModelSerializer):
    shared = serializers.SerializerMethodField()

    class Meta:
        model = UnitCost
        fields = [
            "id", "service_type", "unit", "financial_year", "amount", "source_kind", "source", "source_url", "notes",
            "shared", "is_demo",
        ]  # fmt: skip
        read_only_fields = ["is_demo"]

    def get_shared(self, unit_cost) -> bool:
        return unit_cost.organisation_id is None


class ExerciseSerializer(ModelSerializer):
    model = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        source="stage",
        choices=["open", "closed", "published"],
        read_only=True,
        help_text="Open for provider returns, closed, or published",
    )

    class Meta:
        model = CostOfCareExercise
        fields = [
            "id", "title", "kind", "financial_year", "status", "inputs", "model", "current_fee", "proposed_fee",
            "reasoning", "is_published", "published_at", "public_summary", "is_demo",
        ]  # fmt: skip

    def get_model(self, exercise) -> list[dict]:
        built = council_model(exercise).build_up
        if built is None:
            return []
        return [
            {
                "key": line.key,
                "label": line.label,
                "amount": str(line.amount),
                "formula": line.formula,
                "is_total": line.is_total,
            }
            for line in built.lines
        ]


class OptionSerializer(ModelSerializer):
    class Meta:
        model = OptionAppraisal
        fields = [
            "id", "title", "description", "first_year", "last_year", "people_first_year", "growth_percent",
            "current_service", "current_cost_per_person_year", "alternative_service",
            "alternative_cost_per_person_year", "shift_percent", "one_off_cost", "discount_rate_percent",
            "assumptions", "is_demo",
        ]  # fmt: skip


class CostCentreSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostCentre
        fields = ["id", "code", "name", "service_type", "client_group", "is_demo"]
        read_only_fields = ["is_demo"]


class SurveyReturnSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.name", read_only=True)
    lines = serializers.DictField(child=limited_field(limits.COST_LINE, decimal_places=4))

    class Meta:
        model = CostSurveyReturn
        fields = ["id", "exercise", "provider", "lines", "notes", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # one return per provider: the service updates it instead of refusing


def _money(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=2, help_text=help_text)


class BudgetFiguresSerializer(serializers.Serializer):
    budget = _money("The year's budget")
    actual = _money("Payments made so far")
    committed = _money("Orders placed, not yet paid")
    forecast_outturn = _money("Actual and committed spend, and the months still to come at the rate so far")
    variance = _money("Forecast outturn less budget: positive is an overspend")
    partner_share = _money("What joint commissioning partners contribute to the budget")


class BudgetReportLineSerializer(BudgetFiguresSerializer):
    client_group = serializers.CharField()
    service_type = serializers.CharField()
    label = serializers.CharField()
    has_budget = serializers.BooleanField(help_text="False for spend against a client group and service with no budget")


class FundingSourceBudgetSerializer(serializers.Serializer):
    funding_source = serializers.CharField()
    label = serializers.CharField()
    budget = _money("The year's budget from this source")


class BudgetReportSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    financial_year = serializers.IntegerField(help_text="2026 means April 2026 to March 2027")
    as_of = serializers.DateField(help_text="Spend dated up to this day counts")
    months_elapsed = serializers.IntegerField(help_text="Months of the year that have ended")
    lines = BudgetReportLineSerializer(many=True)
    total = BudgetFiguresSerializer()
    by_funding_source = FundingSourceBudgetSerializer(many=True)
    method = serializers.CharField()
