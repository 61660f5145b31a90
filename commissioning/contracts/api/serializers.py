"""API shapes for contracts. Input serializers check shape only (and find records only within what
the requester may see); the services apply the rules and say what is wrong in words."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from commissioning.accounts.selectors import colleague_list
from commissioning.contracts import selectors
from commissioning.contracts.choices import ContractKind
from commissioning.contracts.models import CallOff, Contract, ExtensionOption, Kpi, Variation
from commissioning.core import limits
from commissioning.core.api.serializers import ModelSerializer, limited_field
from commissioning.core.models import Area
from commissioning.cycles.api.serializers import ScopedPrimaryKeyField
from commissioning.finance.models import CostOfCareExercise
from commissioning.market.models import Provider
from commissioning.strategy.models import Priority


def _own_contracts(user: Any) -> Any:
    return selectors.contract_list(user=user).filter(organisation_id=user.organisation_id)


def _own_priorities(user: Any) -> Any:
    return Priority.objects.filter(version__organisation_id=user.organisation_id)


def _own_frameworks(user: Any) -> Any:
    return _own_contracts(user).filter(kind__in=ContractKind.agreements())


def _published_exercises(user: Any) -> Any:
    return CostOfCareExercise.objects.filter(organisation_id=user.organisation_id, is_published=True)


def _approvers(user: Any) -> Any:
    return colleague_list(organisation_ids=[user.organisation_id])


class ExtensionSerializer(ModelSerializer):
    """An option to extend the contract by `months`; `used_on` once taken up."""

    class Meta:
        model = ExtensionOption
        fields = ["id", "position", "months", "used_on"]
        read_only_fields = fields


class ContractSerializer(ModelSerializer):
    """A contract in the register. `value` and `ends_on` are as they stand now (after variations
    and extensions used); `original_value` and `original_ends_on` as awarded. Values exclude VAT;
    `value_gross` adds `vat_rate`. `status` and `ending_soon` are worked out for today."""

    provider = serializers.PrimaryKeyRelatedField(
        queryset=Provider.objects.all(), help_text="The provider's id on the market register"
    )
    areas = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Area.objects.all(), required=False, help_text="GSS codes"
    )
    priority = ScopedPrimaryKeyField(scope=_own_priorities, required=False, allow_null=True)
    framework = ScopedPrimaryKeyField(scope=_own_frameworks, required=False, allow_null=True)
    value_gross = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    status = serializers.CharField(read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    extension_months = serializers.ListField(
        child=limited_field(limits.CONTRACT_MONTHS),
        write_only=True,
        required=False,
        help_text="Extension options, in months each, in the order they may be used",
    )

    class Meta:
        model = Contract
        fields = [
            "id", "reference", "legacy_reference", "title", "description", "kind", "provider", "service_type",
            "client_group", "areas", "procurement", "lot", "award", "entered_directly_reason", "priority",
            "framework", "regime", "light_touch", "value", "original_value", "value_gross", "vat_rate", "starts_on",
            "ends_on", "original_ends_on", "alert_months", "alert_from", "status", "terminated_on",
            "termination_reason", "extensions", "extension_months", "capacity", "capacity_unit", "unit_price",
            "is_demo",
        ]  # fmt: skip
        read_only_fields = [
            "reference", "procurement", "lot", "award", "original_value", "original_ends_on", "alert_from",
            "terminated_on", "termination_reason", "is_demo",
        ]  # fmt: skip


class FromAwardSerializer(serializers.Serializer):
    """A signed award of yours with no contract yet, and what the award does not say."""

    award = ScopedPrimaryKeyField(scope=lambda user: selectors.awards_waiting(user=user))
    kind = serializers.ChoiceField(choices=ContractKind.choices, required=False)
    client_group = serializers.ChoiceField(choices=Contract._meta.get_field("client_group").choices, required=False)
    starts_on = serializers.DateField(required=False, help_text="The day it was signed, if not given")
    ends_on = serializers.DateField(required=False, help_text="From the purchasing plan's term, if not given")


class TerminateSerializer(serializers.Serializer):
    terminated_on = serializers.DateField()
    reason = serializers.CharField()


class VariationSerializer(ModelSerializer):
    """An approved variation or price review of one of your contracts. `ground` is the legal
    ground it rests on (not needed for light-touch or below-threshold contracts); `change_notice`
    says whether a contract change notice must be published first."""

    contract = ScopedPrimaryKeyField(scope=_own_contracts)
    cost_of_care = ScopedPrimaryKeyField(scope=_published_exercises, required=False, allow_null=True)
    approved_by = ScopedPrimaryKeyField(scope=_approvers)

    class Meta:
        model = Variation
        fields = [
            "id", "contract", "number", "kind", "effective_on", "reason", "ground", "value_change", "new_ends_on",
            "cost_of_care", "approved_by", "approved_on", "change_notice",
        ]  # fmt: skip
        read_only_fields = ["number", "change_notice"]


class KpiSerializer(ModelSerializer):
    """A KPI of a contract's service levels; `target` may be empty until agreed (as when copied
    from the tender, whose question is `source_question`)."""

    contract = ScopedPrimaryKeyField(scope=_own_contracts)

    class Meta:
        model = Kpi
        fields = [
            "id", "contract", "position", "name", "definition", "unit", "target", "tolerance", "direction",
            "frequency", "measured_how", "reported_by", "source_question",
        ]  # fmt: skip
        read_only_fields = ["position", "source_question"]


def _blocks(user: Any) -> Any:
    return selectors.contract_list(user=user).filter(organisation_id=user.organisation_id, kind="block")


class CallOffSerializer(ModelSerializer):
    """Capacity called off a block for one person's care (the package's reference only, never the
    person). `units` are a week, in the block's own unit; `ends_on` empty while it goes on. The
    provider accepts or declines it."""

    contract = ScopedPrimaryKeyField(scope=_blocks)

    class Meta:
        model = CallOff
        fields = [
            "id", "contract", "reference", "units", "starts_on", "ends_on", "weekly_cost", "status",
            "package_reference", "decided_at", "decline_reason",
        ]  # fmt: skip
        read_only_fields = ["reference", "status", "decided_at", "decline_reason"]


class CallOffDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CallOffEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField()
