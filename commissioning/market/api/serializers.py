from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

from rest_framework import serializers

from commissioning.core.api.serializers import ModelSerializer
from commissioning.market.models import (
    CAPACITY_FIGURES,
    CapacityReturn,
    ContingencyPlan,
    Location,
    MarketEvent,
    MarketPositionStatement,
    Provider,
    ProviderConcern,
    ProviderForum,
    RelationshipEntry,
)


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = [
            "id", "name", "cqc_provider_id", "group_name", "ownership_type", "companies_house_number",
            "charity_number", "telephone", "email", "website", "is_demo",
        ]  # fmt: skip


class ProviderDetailsSerializer(serializers.ModelSerializer):
    """What a provider may change about itself."""

    class Meta:
        model = Provider
        fields = ["telephone", "email", "website"]


class LocationSerializer(ModelSerializer):
    provider = serializers.PrimaryKeyRelatedField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    local_authority = serializers.SlugRelatedField(slug_field="code", read_only=True)
    services = serializers.ListField(child=serializers.CharField(), read_only=True)
    client_groups = serializers.ListField(child=serializers.CharField(), read_only=True)
    beds = serializers.SerializerMethodField(help_text="The register's beds, else the newest capacity return's")
    beds_source = serializers.SerializerMethodField(help_text="register, capacity_return, or null when not known")
    beds_as_of = serializers.SerializerMethodField(help_text="The capacity return's date, when beds come from one")
    register_beds = serializers.IntegerField(source="beds", read_only=True, help_text="CQC's figure alone")

    class Meta:
        model = Location
        fields = [
            "id", "name", "cqc_location_id", "provider", "provider_name", "services", "client_groups",
            "is_care_home", "beds", "beds_source", "beds_as_of", "register_beds", "address", "postcode", "latitude",
            "longitude", "local_authority",
            "registration_status", "registered_on", "overall_rating", "safe_rating", "effective_rating",
            "caring_rating", "responsive_rating", "well_led_rating", "rating_published_on", "last_checked_on",
            "is_demo",
        ]  # fmt: skip

    def get_beds(self, location: Location) -> int | None:
        return location.beds_figure.beds

    def get_beds_source(self, location: Location) -> str | None:
        return location.beds_figure.source or None

    def get_beds_as_of(self, location: Location) -> datetime.date | None:
        return location.beds_figure.as_of


class CapacityReturnSerializer(ModelSerializer):
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.none())

    class Meta:
        model = CapacityReturn
        fields = ["id", "location", "return_date", *CAPACITY_FIGURES, "source", "created_at"]
        read_only_fields = ["source", "created_at"]
        validators = []  # one return a location a day: the service updates instead of refusing


class MarketEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = MarketEvent
        fields = ["id", "kind", "location", "provider", "before", "after", "detected_at", "outcome", "outcome_at"]


class RelationshipEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = RelationshipEntry
        fields = [
            "id", "provider", "kind", "occurred_on", "subject", "notes", "actions_agreed", "action_owner",
            "action_due", "is_demo",
        ]  # fmt: skip


class StatementSerializer(ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = serializers.StringRelatedField()
    status = serializers.ChoiceField(
        source="publication_status", choices=["draft", "published"], read_only=True, help_text="Draft or published"
    )

    class Meta:
        model = MarketPositionStatement
        fields = [
            "id", "title", "organisation", "area", "client_group", "first_year", "last_year", "introduction",
            "gaps", "buy_more", "buy_less", "fees", "status", "is_published", "published_at", "public_summary",
            "figures", "is_demo",
        ]  # fmt: skip


class RiskSerializer(serializers.Serializer):
    provider = serializers.IntegerField(source="provider.pk")
    provider_name = serializers.CharField(source="provider.name")
    level = serializers.ChoiceField(
        source="assessment.level",
        choices=["red", "amber", "green", "unknown"],
        help_text="unknown: no reason for concern, but no rating or occupancy figure to judge by",
    )
    reasons = serializers.SerializerMethodField()
    significant = serializers.BooleanField(source="assessment.significant")
    market_share = serializers.SerializerMethodField()
    has_plan = serializers.SerializerMethodField()

    def get_reasons(self, risk) -> list[str]:
        return [reason.text for reason in risk.assessment.reasons]

    def get_market_share(self, risk) -> float | None:
        return None if risk.share is None else round(float(risk.share), 4)

    def get_has_plan(self, risk) -> bool:
        return risk.plan is not None


class ConcernSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProviderConcern
        fields = ["id", "provider", "location", "kind", "severity", "raised_on", "summary", "closed_on", "is_demo"]


class ContingencyPlanSerializer(ModelSerializer):
    class Meta:
        model = ContingencyPlan
        fields = [
            "id", "provider", "summary", "people_affected", "moves", "absorbing_capacity", "contacts", "reviewed_on",
            "review_due",
        ]  # fmt: skip


class ForumSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProviderForum
        fields = ["id", "title", "held_on", "service_type", "attendees", "other_attendees", "notes", "is_demo"]


def exact(value: Fraction) -> str:
    """A fraction as "numerator/denominator" (or a whole number), so nothing is lost."""
    return str(value)


def to_decimal(value: Fraction) -> str:
    """A fraction to 6 decimal places, as a string (as the API gives every decimal)."""
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.000001")))


class ShareSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="The provider group (CQC brand), else the provider")
    weight = serializers.IntegerField(help_text="Its beds, or its locations, as `basis` says")
    share = serializers.SerializerMethodField(help_text="Exact share of the total, as a fraction")
    percent = serializers.SerializerMethodField(help_text="Share in per cent, to 6 decimal places")

    def get_share(self, share) -> str:
        return exact(share.share)

    def get_percent(self, share) -> str:
        return to_decimal(share.share * 100)


class ConcentrationSerializer(serializers.Serializer):
    service = serializers.CharField()
    label = serializers.CharField()
    basis = serializers.ChoiceField(choices=["beds", "locations"], help_text="What shares are measured by")
    hhi = serializers.SerializerMethodField(help_text="Herfindahl-Hirschman index, to 6 decimal places")
    hhi_exact = serializers.SerializerMethodField(help_text="The same index exactly, as a fraction")
    band = serializers.CharField()
    shares = ShareSerializer(many=True, help_text="Every provider group, largest first")

    def get_hhi(self, item) -> str:
        return to_decimal(item.index)

    def get_hhi_exact(self, item) -> str:
        return exact(item.index)


class MarketConcentrationSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.code", help_text="GSS code of the council area")
    area_name = serializers.CharField(source="area.name")
    services = ConcentrationSerializer(many=True)
