"""The shape of input for the plan pages; no writes."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.strategy.choices import DecisionMaker, TransitionStatus
from commissioning.strategy.models import (
    Decommissioning,
    PersonTransition,
    PlannedProcurement,
    Priority,
    ProviderTransition,
    PurchasingPlan,
    Risk,
    ServiceDesign,
    StrategyVersion,
    Target,
)

MAX_INPUT_BYTES = 20 * 1024 * 1024


class OptimiserForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Name this run", max_length=200)
    cycle = forms.ModelChoiceField(
        label="Commissioning cycle",
        queryset=None,
        required=False,
        empty_label="Not for a cycle",
        help_text="The plan it informs (optional)",
    )
    file = forms.FileField(
        label="Inputs file (JSON)",
        required=False,
        help_text="Areas, years, services with unit costs, demand, and optionally capacity, budgets and "
        "substitutions, as described in the guide. Up to 20 MB.",
    )
    inputs = forms.CharField(
        label="Or paste the inputs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, cycles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size > MAX_INPUT_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload, pasted = cleaned.get("file"), (cleaned.get("inputs") or "").strip()
        if self.errors.get("file"):
            return cleaned
        if upload is None and not pasted:
            self.add_error("file", "Choose a JSON file of inputs, or paste them below")
            return cleaned
        if upload is not None and pasted:
            self.add_error("inputs", "Give the inputs once: choose a file or paste them, not both")
            return cleaned
        field, text = ("file", upload.read()) if upload is not None else ("inputs", pasted)
        try:
            cleaned["problem"] = json.loads(text)
        except UnicodeDecodeError:
            self.add_error(field, "The inputs must be text (JSON saved as UTF-8)")
        except json.JSONDecodeError as error:
            self.add_error(
                field, f"The inputs are not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            )
        return cleaned


LIKELIHOOD = [(1, "1: rare"), (2, "2: unlikely"), (3, "3: possible"), (4, "4: likely"), (5, "5: almost certain")]
IMPACT = [(1, "1: negligible"), (2, "2: minor"), (3, "3: moderate"), (4, "4: major"), (5, "5: severe")]


def _scale(label: str, choices: list[tuple[int, str]], help_text: str = "") -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(label=label, choices=[("", "Choose"), *choices], coerce=int, help_text=help_text)
    field.error_messages["invalid_choice"] = f"Choose the {label.lower()} from 1 to 5"
    return field


class RiskForm(GovukFormMixin, forms.ModelForm):
    likelihood = _scale("Likelihood", LIKELIHOOD, "How likely it is to happen, before mitigation")
    impact = _scale("Impact", IMPACT, "How much harm it would do, before mitigation")
    residual_likelihood = _scale("Likelihood after mitigation", LIKELIHOOD)
    residual_impact = _scale("Impact after mitigation", IMPACT)
    mitigation_due = GovukDateField(label="Mitigation due by", required=False)
    review_on = GovukDateField(label="Next review", help_text="For example, 30 6 2027")

    class Meta:
        model = Risk
        fields = [
            "title", "description", "kind", "likelihood", "impact", "mitigation", "mitigation_owner",
            "mitigation_due", "residual_likelihood", "residual_impact", "review_on", "status",
        ]  # fmt: skip
        labels = {"title": "Risk", "description": "What could happen, and why", "kind": "Kind of risk"}
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, people: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mitigation_owner"].queryset = people
        self.fields["mitigation_owner"].label = "Who mitigates it"
        self.fields["mitigation_owner"].label_from_instance = lambda person: person.full_name
        self.fields["mitigation_owner"].required = False
        if not editing:
            del self.fields["status"]


class StrategyVersionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = StrategyVersion
        fields = ["title", "vision", "public_summary"]
        labels = {"vision": "Vision", "public_summary": "Summary for the public"}
        help_texts = {
            "public_summary": "Plain English, for people who draw on care, carers and providers. Shown on the "
            "public page once the strategy is approved and published."
        }
        widgets = {"vision": forms.Textarea(attrs={"rows": 6}), "public_summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, starting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if starting:
            del self.fields["public_summary"]


class PriorityForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description"]
        labels = {"title": "Priority", "description": "What will change and why"}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


YEAR_FIGURE = re.compile(r"^\s*(\d{4})\s*[:=]\s*(-?[\d,]+(?:\.\d+)?)\s*$")


def trajectory_text(trajectory: dict[str, Any]) -> str:
    """A trajectory as it is typed on the form: one "year: figure" a line."""
    return "\n".join(f"{year}: {value}" for year, value in sorted(trajectory.items()))


class TargetForm(GovukFormMixin, forms.ModelForm):
    baseline_on = GovukDateField(label="Baseline date", help_text="When it was measured, for example 31 3 2026")
    trajectory = forms.CharField(
        label="Trajectory",
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text="The figure expected each year, one a line, from the year after the baseline to the target "
        "year, for example 2027: 80",
    )

    class Meta:
        model = Target
        fields = [
            "measure", "unit", "baseline", "baseline_on", "baseline_source", "target_figure", "target_year",
            "trajectory", "owner", "monitoring",
        ]  # fmt: skip
        labels = {"baseline": "Baseline figure", "target_figure": "Target figure", "owner": "Who owns the target"}
        widgets = {"monitoring": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda person: person.full_name
        self.fields["owner"].required = False
        self.fields["monitoring"].required = True
        if self.instance.pk and not self.is_bound:
            self.initial["trajectory"] = trajectory_text(self.instance.trajectory)

    def clean_trajectory(self) -> dict[str, str]:
        trajectory: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["trajectory"].splitlines(), start=1):
            if not line.strip():
                continue
            match = YEAR_FIGURE.match(line)
            if match is None:
                raise forms.ValidationError(f"Line {number} should be a year and a figure, for example 2028: 120")
            year, figure = match.groups()
            if year in trajectory:
                raise forms.ValidationError(f"{year} is given twice")
            try:
                trajectory[year] = str(Decimal(figure.replace(",", "")))
            except InvalidOperation as error:
                raise forms.ValidationError(f"Line {number}: {figure} is not a number") from error
        return trajectory


class ConsultationForm(GovukFormMixin, forms.Form):
    closes_on = GovukDateField(label="The consultation closes on", help_text="For example, 31 3 2027")


class ApprovalForm(GovukFormMixin, forms.Form):
    decision_maker = forms.ChoiceField(
        label="Who made the decision", choices=DecisionMaker.choices, widget=forms.RadioSelect
    )
    decided_on = GovukDateField(label="Date of the decision", help_text="For example, 14 1 2027")
    minute_reference = forms.CharField(
        label="Minute or decision reference", max_length=100, help_text="For example, Minute 42/2027"
    )
    decision_url = forms.URLField(
        label="Link to the decision",
        required=False,
        assume_scheme="https",
        help_text="The published minutes or decision notice",
    )


class PublishForm(GovukFormMixin, forms.Form):
    public_summary = forms.CharField(
        label="Summary for the public",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain English, for people who draw on care, carers and providers.",
    )


class GapAnalysisForm(GovukFormMixin, forms.Form):
    """A title, and for each service the forecast measure counting its people and the units each needs."""

    title = forms.CharField(max_length=200, help_text="For example, Older people in Trafford, 2026 to 2029")

    def __init__(self, *args: Any, measures: list[Any], services: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services = services
        choices = [("", "Not in this analysis"), *((measure.key, measure.label) for measure in measures)]
        for kind in services:
            self.fields[f"measure_{kind.key}"] = forms.ChoiceField(
                label=f"{kind.name}: who needs it", choices=choices, required=False,
                help_text="The saved forecast's measure that counts the people (or admissions)",
            )  # fmt: skip
            self.fields[f"units_{kind.key}"] = forms.DecimalField(
                label=f"{kind.name}: {kind.unit} for each one", required=False, min_value=Decimal("0.001"),
                max_digits=10, decimal_places=3, help_text=kind.hint,
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        demand = []
        for kind in self.services:
            measure, units = cleaned.get(f"measure_{kind.key}"), cleaned.get(f"units_{kind.key}")
            if not measure:
                continue
            if units is None:
                if f"units_{kind.key}" not in self.errors:
                    self.add_error(f"units_{kind.key}", f"Give the {kind.unit} each one needs")
                continue
            forecast, rate_set = (int(part) for part in measure.split(":"))
            demand.append({"service": kind.key, "forecast": forecast, "rate_set": rate_set, "units_per_person": units})
        if not demand and not self.errors:
            self.add_error(None, "Choose a forecast measure for at least one service")
        cleaned["demand"] = demand
        return cleaned


class ServiceDesignForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceDesign
        fields = ["title", "service_type", "client_group", "specification", "outcomes", "needs_met"]
        widgets = {
            "specification": forms.Textarea(attrs={"rows": 8}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "needs_met": forms.Textarea(attrs={"rows": 4}),
        }


class PurchasingPlanForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = PurchasingPlan
        fields = [
            "title", "first_year", "last_year", "market_development", "direct_payments_percent",
            "direct_payments_effect",
        ]  # fmt: skip
        labels = {"first_year": "First financial year", "last_year": "Last financial year"}
        help_texts = {"first_year": "For example, 2027 for April 2027 to March 2028"}
        widgets = {
            "market_development": forms.Textarea(attrs={"rows": 5}),
            "direct_payments_effect": forms.Textarea(attrs={"rows": 4}),
        }


class ProcurementForm(GovukFormMixin, forms.ModelForm):
    tender_starts = GovukDateField(label="Tender or award process starts", required=False)
    contract_starts = GovukDateField(label="Contract starts")

    class Meta:
        model = PlannedProcurement
        fields = [
            "title", "service_type", "design", "priority", "value", "vat_rate", "route", "tender_starts",
            "contract_starts", "contract_months", "best_placed", "reasoning",
        ]  # fmt: skip
        widgets = {
            "route": forms.RadioSelect,
            "vat_rate": forms.RadioSelect,
            "reasoning": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, designs: Any, priorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["design"].queryset = designs
        self.fields["priority"].queryset = priorities
        self.fields["priority"].label_from_instance = lambda p: f"{p.title} (version {p.version.number})"
        self.fields["value"].error_messages["invalid"] = "Enter the value in pounds and pence, for example 1250000.00"
        self.fields["value"].error_messages["max_decimal_places"] = (
            "Enter the value in pounds and pence: at most 2 decimal places"
        )


class DecommissioningForm(GovukFormMixin, forms.ModelForm):
    ends_on = GovukDateField(label="Last day of the service")

    class Meta:
        model = Decommissioning
        fields = ["service", "service_type", "reason", "ends_on"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}


class PersonTransitionForm(GovukFormMixin, forms.ModelForm):
    move_by = GovukDateField(label="Move by")

    class Meta:
        model = PersonTransition
        fields = ["reference", "plan", "move_by"]
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 3}),
            "reference": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        }

    def clean_reference(self) -> str:
        return self.cleaned_data["reference"].strip().upper()


class ProviderTransitionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ProviderTransition
        fields = ["provider", "plan"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class TransitionStatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Where the transition has got to", choices=TransitionStatus.choices, widget=forms.RadioSelect
    )
