"""API shapes for care for individuals. Input serializers check shape only (and find records only
within what the requester may see); the services apply the rules and say what is wrong in words.
A person is only ever a pseudonymous reference, here as on the pages."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from commissioning.accounts.models import User
from commissioning.care import selectors
from commissioning.care.choices import Arrangement, DirectPaymentUse
from commissioning.care.models import (
    BudgetReview,
    CarePackage,
    DirectPaymentPurchase,
    PackageChange,
    Person,
    PersonalBudget,
)
from commissioning.contracts.selectors import contract_list
from commissioning.core import limits
from commissioning.core.api.serializers import LimitedDecimalField, ModelSerializer, limit_options, limited_field
from commissioning.core.models import Area
from commissioning.cycles.api.serializers import ScopedPrimaryKeyField
from commissioning.market.models import Provider

POUNDS_AND_PENCE = "Enter the {what} in pounds and pence, with at most two decimal places, for example 412.50"


def _pounds(what: str, **kwargs: Any) -> LimitedDecimalField:
    """A weekly amount of money: pounds and pence, within the price limit, refused in the services' words."""
    messages = {
        **limit_options(limits.PRICE)["error_messages"],
        "invalid": POUNDS_AND_PENCE.format(what=what),
        "max_decimal_places": POUNDS_AND_PENCE.format(what=what),
    }
    return LimitedDecimalField(max_digits=12, decimal_places=2, limit=limits.PRICE, error_messages=messages, **kwargs)


def _own_people(user: User) -> Any:
    return selectors.person_list(user=user).filter(organisation_id=user.organisation_id)


def _own_contracts(user: User) -> Any:
    return contract_list(user=user).filter(organisation_id=user.organisation_id)


class CarePersonSerializer(ModelSerializer):
    """Someone the council arranges care for, known only by a pseudonymous reference from the
    social care record (never a name, address, date of birth or NHS number). `area` is the GSS code
    of the council area the person lives in."""

    # Checked by the service, once it has put the reference in capitals (p-0042 is P-0042).
    reference = serializers.CharField(max_length=13, help_text=Person._meta.get_field("reference").help_text)
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True, help_text="GSS code"
    )

    class Meta:
        model = Person
        fields = ["id", "reference", "age_band", "area", "client_group", "support_reason"]


class PackageChangeSerializer(ModelSerializer):
    """A dated change to a package: its hours or cost from a day, a move, or its end."""

    class Meta:
        model = PackageChange
        fields = [
            "id", "kind", "effective_on", "units_before", "units_after", "cost_before", "cost_after", "reason",
            "made_by",
        ]  # fmt: skip
        read_only_fields = fields


class DirectPaymentPurchaseSerializer(ModelSerializer):
    """Something a direct payment buys, with its share of the weekly amount."""

    class Meta:
        model = DirectPaymentPurchase
        fields = ["id", "use", "hours_a_week", "weekly_amount"]
        read_only_fields = fields


class CarePackageSerializer(ModelSerializer):
    """A care package: one need of one person (by reference only), met from `starts_on` until
    `ends_on` (empty while it goes on); `units` are a week, in `unit`. A call-off (`arrangement`
    call_off) takes capacity in the block named by `contract` and shows its `call_off`; a spot
    purchase names its `provider` (and `contract` when bought under a framework); a direct payment
    names no provider and lists its `purchases`. `client_group` and `support_reason` are the
    person's unless given. `status` is for today; `changes` are its dated changes, oldest first."""

    person = ScopedPrimaryKeyField(scope=_own_people)
    person_reference = serializers.CharField(source="person.reference", read_only=True)
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Provider.objects.all(), required=False, allow_null=True, help_text="The provider's id on the register"
    )
    contract = ScopedPrimaryKeyField(scope=_own_contracts, required=False, allow_null=True)
    weekly_cost = _pounds("weekly cost")
    status = serializers.CharField(read_only=True, help_text="planned, live or ended, today")
    changes = PackageChangeSerializer(many=True, read_only=True)
    purchases = DirectPaymentPurchaseSerializer(many=True, read_only=True)

    class Meta:
        model = CarePackage
        fields = [
            "id", "reference", "person", "person_reference", "client_group", "support_reason", "service_type",
            "units", "unit", "weekly_cost", "starts_on", "ends_on", "end_reason", "arrangement", "provider",
            "contract", "call_off", "moved_from", "user_choice", "preference", "status", "changes", "purchases",
        ]  # fmt: skip
        read_only_fields = ["end_reason", "call_off", "moved_from"]
        extra_kwargs = {
            "reference": {"required": False, "allow_blank": True, "help_text": "Given the next PKG- number if empty"},
            "client_group": {"required": False, "allow_blank": True},
            "support_reason": {"required": False, "allow_blank": True},
            "unit": {"default": CarePackage._meta.get_field("unit").default},
        }


class HoursOrCostSerializer(serializers.Serializer):
    """The hours (or nights) or weekly cost, or both, from `effective_on`."""

    effective_on = serializers.DateField()
    units = limited_field(limits.HOURS_A_WEEK, decimal_places=2, required=False)
    weekly_cost = _pounds("weekly cost", required=False)
    reason = serializers.CharField()


class PackageEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(help_text="The last day of care")
    reason = serializers.CharField()


class PackageMoveSerializer(serializers.Serializer):
    """Where the care goes from `moves_on`; what is not given is kept (the same provider and
    contract, from a later day, when none of provider, contract and arrangement is given)."""

    moves_on = serializers.DateField()
    reason = serializers.CharField()
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all(), required=False)
    contract = ScopedPrimaryKeyField(scope=_own_contracts, required=False)
    arrangement = serializers.ChoiceField(choices=Arrangement.choices, required=False)
    weekly_cost = _pounds("weekly cost", required=False)


class PurchaseAddSerializer(serializers.Serializer):
    """Something the direct payment buys: together they come to no more than the payment."""

    use = serializers.ChoiceField(choices=DirectPaymentUse.choices)
    weekly_amount = _pounds("weekly amount")
    hours_a_week = limited_field(limits.HOURS_A_WEEK, decimal_places=2, required=False, allow_null=True)


class BudgetReviewSerializer(ModelSerializer):
    """A review of a personal budget: the amount before and after it, and the next review."""

    class Meta:
        model = BudgetReview
        fields = [
            "id", "reviewed_on", "outcome", "amount_before", "amount_after", "next_review_due", "reviewed_by",
        ]  # fmt: skip
        read_only_fields = fields


class PersonalBudgetSerializer(ModelSerializer):
    """A personal budget: what the council has agreed a person's eligible needs cost a week, from
    `starts_on`; a new one ends the one before it the day before. `reviews` oldest first."""

    person = ScopedPrimaryKeyField(scope=_own_people)
    weekly_amount = _pounds("weekly amount")
    reviews = BudgetReviewSerializer(many=True, read_only=True)

    class Meta:
        model = PersonalBudget
        fields = ["id", "person", "weekly_amount", "starts_on", "ends_on", "review_due", "reviews"]
        read_only_fields = ["ends_on"]


class ReviewSerializer(serializers.Serializer):
    """A review: what it found, the weekly amount agreed, and when the next is due."""

    reviewed_on = serializers.DateField()
    outcome = serializers.CharField()
    amount_after = _pounds("weekly amount")
    next_review_due = serializers.DateField()
