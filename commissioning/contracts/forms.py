"""The shape of input for the contract pages; no writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from commissioning.contracts import rules
from commissioning.contracts.choices import CapacityUnit, VariationKind
from commissioning.contracts.models import Contract, Kpi, ServiceStandard
from commissioning.core import limits
from commissioning.core.choices import ServiceType
from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.procurement.choices import Regime

MONEY_MESSAGE = "Enter an amount in pounds and pence, for example 1200000 or 1200000.50"


class ContractForm(GovukFormMixin, forms.ModelForm):
    starts_on = GovukDateField(label="Starts on")
    ends_on = GovukDateField(label="Ends on", help_text="Without extension options not yet used")
    extension_months = forms.CharField(
        label="Extension options (months each)",
        required=False,
        max_length=100,
        help_text="In the order they may be used, for example 12, 12 for two one-year options",
    )

    class Meta:
        model = Contract
        fields = [
            "title", "kind", "provider", "service_type", "client_group", "areas", "description", "regime",
            "light_touch", "value", "vat_rate", "starts_on", "ends_on", "alert_months", "entered_directly_reason",
            "priority", "framework", "legacy_reference", "capacity", "capacity_unit", "unit_price",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "entered_directly_reason": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
            "regime": forms.RadioSelect,
            "vat_rate": forms.RadioSelect,
            "areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, providers: Any, areas: Any, priorities: Any, frameworks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["capacity_unit"].required = False  # hours a week unless a block says otherwise
        self.fields["provider"].help_text = "Providers with a location in your area, or holding your contracts"
        self.fields["areas"].queryset = areas
        self.fields["priority"].queryset = priorities
        self.fields["framework"].queryset = frameworks.exclude(pk=self.instance.pk) if self.instance.pk else frameworks
        self.fields["value"].error_messages["invalid"] = MONEY_MESSAGE
        if self.instance.pk:
            del self.fields["extension_months"]  # added one at a time on the contract's page

    def clean_capacity_unit(self) -> str:
        return self.cleaned_data.get("capacity_unit") or CapacityUnit.HOURS

    def clean_extension_months(self) -> list[int]:
        months = []
        for part in self.cleaned_data["extension_months"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or limits.CONTRACT_MONTHS.problem(int(part)):
                raise forms.ValidationError("Give each option as a number of months from 1 to 240, like 12, 12")
            months.append(int(part))
        return months


class FromAwardForm(GovukFormMixin, forms.Form):
    """What an award does not say about its contract."""

    kind = forms.ChoiceField(label="Kind of contract", widget=forms.RadioSelect)
    client_group = forms.ChoiceField(label="Client group")
    starts_on = GovukDateField(label="Starts on")
    ends_on = GovukDateField(label="Ends on", help_text="Without extension options not yet used")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Contract._meta.get_field("kind").choices
        self.fields["client_group"].choices = [("", "Choose"), *Contract._meta.get_field("client_group").choices]


class VariationForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label="What is it", choices=VariationKind.choices, widget=forms.RadioSelect)
    effective_on = GovukDateField(label="Takes effect on")
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), help_text="What changes and why")
    ground = forms.ChoiceField(label="Legal ground", required=False)
    value_change = forms.DecimalField(
        label="Change in value excluding VAT (£)",
        max_digits=14,
        decimal_places=2,
        initial=0,
        validators=limits.SPEND.validators,
        help_text="Over the rest of the term; negative for a reduction",
    )
    new_ends_on = GovukDateField(label="New end date", required=False, help_text="Only if the term changes")
    cost_of_care = forms.ModelChoiceField(
        label="Cost of care exercise it cites", queryset=None, required=False, empty_label="None"
    )
    approved_by = forms.ModelChoiceField(label="Approved by", queryset=None)
    approved_on = GovukDateField(label="Approved on")

    def __init__(self, *args: Any, contract: Contract, exercises: Any, approvers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value_change"].error_messages["invalid"] = MONEY_MESSAGE
        self.fields["cost_of_care"].queryset = exercises
        self.fields["approved_by"].queryset = approvers
        grounds = [(g.key, g.label) for g in rules.grounds_for(contract.regime)]
        if rules.freely_modified(regime=contract.regime, light_touch=contract.light_touch):
            self.fields["ground"].help_text = "Not needed: this contract may be freely modified"
            self.fields["ground"].choices = [("", "None needed"), *grounds]
        else:
            regime = Regime(contract.regime).label
            self.fields["ground"].help_text = f"The ground under the {regime} this change rests on"
            self.fields["ground"].choices = [("", "Choose"), *grounds]


class TerminateForm(GovukFormMixin, forms.Form):
    terminated_on = GovukDateField(label="Ends on")
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(GovukFormMixin, forms.Form):
    months = forms.IntegerField(label="Months", validators=limits.CONTRACT_MONTHS.validators)


class KpiForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Kpi
        fields = [
            "name", "definition", "unit", "target", "tolerance", "direction", "frequency", "measured_how",
            "reported_by",
        ]  # fmt: skip
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "measured_how": forms.Textarea(attrs={"rows": 2}),
            "direction": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "reported_by": forms.RadioSelect,
        }


class StandardForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceStandard
        fields = ["kind", "description", "measured_by"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measured_by": forms.Textarea(attrs={"rows": 2}),
        }


class TenderKpiForm(GovukFormMixin, forms.Form):
    questions = forms.ModelMultipleChoiceField(
        label="Quality questions to start KPIs from", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions
        self.fields["questions"].label_from_instance = lambda q: f"{q.number}. {q.question}"


class DocumentForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200, help_text="For example, Signed contract")
    file = forms.FileField(label="File", help_text="PDF, Word, Excel, OpenDocument, CSV or text, up to 20 MB")


class CallOffForm(GovukFormMixin, forms.Form):
    units = forms.DecimalField(
        label="How many a week",
        max_digits=9,
        decimal_places=2,
        help_text="Hours, beds, places or nights, as the block counts them",
    )
    starts_on = GovukDateField(label="Starts on")
    ends_on = GovukDateField(label="Ends on", required=False, help_text="Leave empty while it goes on")
    weekly_cost = forms.DecimalField(label="Weekly cost (£)", max_digits=12, decimal_places=2)
    package_reference = forms.CharField(
        label="Care package reference", required=False, max_length=40, help_text="Never a name or NHS number"
    )


class CallOffDecisionForm(GovukFormMixin, forms.Form):
    accept = forms.TypedChoiceField(
        label="Can you take this on?",
        choices=[("yes", "Yes: accept the call-off"), ("no", "No: decline it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="If not, why not",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The council reads this, and calls off elsewhere",
    )


class CallOffEndForm(GovukFormMixin, forms.Form):
    ends_on = GovukDateField(label="Last day of care under this call-off")


SPECIALISMS = [
    ("dementia", "Dementia"),
    ("mental_health_act", "Rights restricted under the Mental Health Act"),
    ("eating_disorders", "Eating disorders"),
    ("over_65", "Adults over 65"),
    ("under_65", "Adults under 65"),
]


class FindProviderForm(GovukFormMixin, forms.Form):
    service_type = forms.ChoiceField(label="Service", choices=ServiceType.choices)
    area = forms.ModelChoiceField(label="Where the person lives", queryset=None)
    within_km = forms.DecimalField(
        label="How far they will go (km)", min_value=Decimal(1), max_value=Decimal(80), initial=15, decimal_places=1
    )
    units = forms.DecimalField(
        label="Hours a week, or beds", min_value=Decimal("0.25"), max_value=Decimal(200), initial=1, decimal_places=2
    )
    specialisms = forms.MultipleChoiceField(
        label="Specialisms needed", choices=SPECIALISMS, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
