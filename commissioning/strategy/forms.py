"""The shape of input for the plan pages; no writes."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.strategy.models import Risk

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
