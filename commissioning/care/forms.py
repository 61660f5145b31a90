"""The shape of input for the care pages; no writes."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.care.choices import Arrangement, DirectPaymentUse
from commissioning.care.models import Person, ProviderFailure
from commissioning.contracts.choices import CapacityUnit
from commissioning.core.choices import ServiceType
from commissioning.core.forms import GovukDateField, GovukFormMixin

COST_MESSAGE = "Enter the weekly cost in pounds and pence, for example 412.50"
MONEY_ERRORS = ("invalid", "max_decimal_places")


def _money(label: str, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": COST_MESSAGE, "max_decimal_places": COST_MESSAGE},
        **kwargs,
    )


class PersonForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["reference", "age_band", "area", "client_group", "support_reason"]
        widgets = {"age_band": forms.RadioSelect}

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class PackageForm(GovukFormMixin, forms.Form):
    arrangement = forms.ChoiceField(label="How is it arranged?", choices=Arrangement.choices, widget=forms.RadioSelect)
    service_type = forms.ChoiceField(label="Service", choices=ServiceType.choices)
    units = forms.DecimalField(label="How many a week", max_digits=9, decimal_places=2,
                               help_text="Hours or nights a week, or 1 for a bed or place")  # fmt: skip
    unit = forms.ChoiceField(label="Counted in", choices=CapacityUnit.choices, initial=CapacityUnit.HOURS)
    weekly_cost = _money("Weekly cost (£)")
    starts_on = GovukDateField(label="Starts on")
    ends_on = GovukDateField(label="Ends on", required=False, help_text="Leave empty while it goes on")
    provider = forms.ModelChoiceField(
        label="Provider", queryset=None, required=False, help_text="Not for a direct payment"
    )
    contract = forms.ModelChoiceField(
        label="Contract", queryset=None, required=False,
        help_text="The block to call off, or the framework or spot contract it is bought under",
    )  # fmt: skip
    reference = forms.CharField(
        label="Package reference", required=False, max_length=40,
        help_text="Its reference in your social care system; leave empty for one to be given",
    )  # fmt: skip
    user_choice = forms.BooleanField(label="The person chose this provider at a higher cost", required=False)
    preference = forms.CharField(
        label="The person's recorded preference", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, providers: Any, contracts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: f"{c.reference} {c.title} ({c.get_kind_display()})"


class PackageChangeForm(GovukFormMixin, forms.Form):
    effective_on = GovukDateField(label="From")
    units = forms.DecimalField(label="How many a week now", max_digits=9, decimal_places=2)
    weekly_cost = _money("Weekly cost now (£)")
    reason = forms.CharField(label="Why it changes", widget=forms.Textarea(attrs={"rows": 3}))


class PackageEndForm(GovukFormMixin, forms.Form):
    ends_on = GovukDateField(label="Last day of care")
    reason = forms.CharField(label="Why it ends", widget=forms.Textarea(attrs={"rows": 3}))


class PackageMoveForm(GovukFormMixin, forms.Form):
    moves_on = GovukDateField(label="First day with the new provider")
    arrangement = forms.ChoiceField(label="How is it arranged now?", choices=Arrangement.choices,
                                    widget=forms.RadioSelect)  # fmt: skip
    provider = forms.ModelChoiceField(label="New provider", queryset=None, required=False)
    contract = forms.ModelChoiceField(label="Contract", queryset=None, required=False)
    weekly_cost = _money("Weekly cost (£)")
    reason = forms.CharField(label="Why the care moves", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, providers: Any, contracts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: f"{c.reference} {c.title} ({c.get_kind_display()})"


class PurchaseForm(GovukFormMixin, forms.Form):
    use = forms.ChoiceField(label="What it buys", choices=DirectPaymentUse.choices, widget=forms.RadioSelect)
    hours_a_week = forms.DecimalField(label="Hours a week", max_digits=9, decimal_places=2, required=False)
    weekly_amount = _money("Weekly amount (£)")


class BudgetForm(GovukFormMixin, forms.Form):
    weekly_amount = _money("Personal budget a week (£)")
    starts_on = GovukDateField(label="From")
    review_due = GovukDateField(label="Review due by")


class BudgetReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = GovukDateField(label="Reviewed on")
    outcome = forms.CharField(label="What the review found and agreed", widget=forms.Textarea(attrs={"rows": 4}))
    amount_after = _money("Personal budget a week after the review (£)")
    next_review_due = GovukDateField(label="Next review due by")


class FailureForm(GovukFormMixin, forms.ModelForm):
    activated_on = GovukDateField(label="Contingency plan activated on")

    class Meta:
        model = ProviderFailure
        fields = ["provider", "activated_on", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


__all__ = [
    "BudgetForm", "BudgetReviewForm", "FailureForm", "PackageChangeForm", "PackageEndForm",
    "PackageForm", "PackageMoveForm", "PersonForm", "PurchaseForm",
]  # fmt: skip
