"""The shape of input for the plan pages; no writes."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from commissioning.core.forms import GovukFormMixin

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
