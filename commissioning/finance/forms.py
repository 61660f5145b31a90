from __future__ import annotations

import datetime
from typing import Any

from django import forms

from commissioning.core import limits
from commissioning.core.forms import GovukFormMixin
from commissioning.finance.analysis import UNITS, VALIDATORS, inputs_for, labels_for, survey_lines
from commissioning.finance.choices import ModelKind
from commissioning.finance.models import (
    Budget,
    CostCentre,
    CostOfCareExercise,
    OptionAppraisal,
    UnitCost,
    financial_year_label,
)
from commissioning.needs.published import ForecastMeasure


def year_choices(centre: int | None = None, before: int = 3, after: int = 3) -> list[tuple[int, str]]:
    centre = centre or datetime.date.today().year
    return [(year, financial_year_label(year)) for year in range(centre - before, centre + after + 1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class BudgetForm(GovukFormMixin, forms.ModelForm):
    financial_year = forms.TypedChoiceField(label="Financial year", coerce=int)

    class Meta:
        model = Budget
        fields = [
            "financial_year",
            "client_group",
            "service_type",
            "funding_source",
            "amount",
            "partner",
            "partner_share_percent",
            "notes",
        ]
        labels = {"amount": "Amount (£)"}

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = year_choices()
        self.fields["partner"].queryset = partners


class CostCentreForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = CostCentre
        fields = ["code", "name", "service_type", "client_group"]


class SpendImportForm(GovukFormMixin, forms.Form):
    financial_year = forms.TypedChoiceField(label="Financial year the file covers", coerce=int)
    file = forms.FileField(
        label="Finance file (CSV)",
        help_text="Columns: Date, Supplier, Cost centre, Amount; optional Type (actual or committed), Reference, "
        "Description. Up to 20 MB.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = year_choices()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 20 MB")
        return upload


class UnitCostForm(GovukFormMixin, forms.ModelForm):
    financial_year = forms.TypedChoiceField(label="Financial year", coerce=int)
    source_url = forms.URLField(label="Link to the source", required=False, assume_scheme="https")

    class Meta:
        model = UnitCost
        fields = ["service_type", "unit", "financial_year", "amount", "source_kind", "source", "source_url", "notes"]
        labels = {"amount": "Cost (£)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = year_choices()


class OptionForm(GovukFormMixin, forms.ModelForm):
    people_source = forms.ChoiceField(
        label="People each year",
        required=False,
        help_text="Take them from a saved needs forecast, or give the first year's number and a growth rate",
    )

    class Meta:
        model = OptionAppraisal
        fields = [
            "title",
            "description",
            "first_year",
            "last_year",
            "people_first_year",
            "growth_percent",
            "current_service",
            "current_cost_per_person_year",
            "alternative_service",
            "alternative_cost_per_person_year",
            "shift_percent",
            "one_off_cost",
            "discount_rate_percent",
            "assumptions",
        ]
        labels = {
            "current_cost_per_person_year": "Cost per person a year now (£)",
            "alternative_cost_per_person_year": "Cost per person a year in the alternative (£)",
            "one_off_cost": "One-off cost in the first year (£)",
        }

    def __init__(self, *args: Any, measures: list[ForecastMeasure] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.measures = {measure.key: measure for measure in measures}
        self.fields["people_source"].choices = [
            ("", "Steady growth from the first year's number"),
            *((measure.key, measure.label) for measure in measures),
        ]
        if self.instance.forecast_id:
            self.initial["people_source"] = f"{self.instance.forecast_id}:{self.instance.forecast_measure}"
        self.order_fields(["title", "description", "first_year", "last_year", "people_source"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source = data.pop("people_source", "")
        data["forecast_id"], data["forecast_measure"] = None, None
        if source:
            measure = self.measures[source]
            missing = [
                year for year in range(data.get("first_year") or 0, (data.get("last_year") or 0) + 1)
                if year not in measure.people_by_year
            ]  # fmt: skip
            if missing:
                self.add_error("people_source", f"The forecast has no figures for {', '.join(map(str, missing))}")
            data["forecast_id"], data["forecast_measure"] = measure.forecast_id, measure.rate_set_id
        elif data.get("people_first_year") is None:
            self.add_error("people_first_year", "Enter the people needing the service in the first year")
        return data


class ExerciseForm(GovukFormMixin, forms.ModelForm):
    financial_year = forms.TypedChoiceField(label="Year the fees apply to", coerce=int)

    class Meta:
        model = CostOfCareExercise
        fields = ["title", "kind", "financial_year", "current_fee"]
        labels = {"current_fee": "Current fee (£)", "kind": "Model"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = year_choices()
        self.fields[
            "current_fee"
        ].help_text = "The rate paid now: per contact hour for homecare, per week for care homes"


class ExerciseInputsForm(GovukFormMixin, forms.Form):
    """Every input of the model, with its unit and sensible range; checked by the calculator's rules."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, label in labels_for(kind).items():
            self.fields[name] = forms.DecimalField(
                label=f"{label.label} ({label.unit})",
                help_text=label.hint,
                max_digits=14,
                decimal_places=4,
                validators=limits.COST_MODEL_INPUT.validators,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        inputs = inputs_for(self.kind, {key: value for key, value in data.items() if value is not None})
        if inputs is not None:
            for problem in VALIDATORS[ModelKind(self.kind)](inputs):
                self.add_error(problem.field or None, problem.message)
        return data


class FeeForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = CostOfCareExercise
        fields = ["current_fee", "proposed_fee", "reasoning", "public_summary", "status"]
        labels = {
            "current_fee": "Current fee (£)",
            "proposed_fee": "Proposed fee (£)",
            "public_summary": "Summary for the public",
            "status": "Provider returns",
        }
        widgets = {"reasoning": forms.Textarea(attrs={"rows": 8})}


class SurveyReturnForm(GovukFormMixin, forms.Form):
    """A provider's actual costs, one figure a cost line, in the model's unit."""

    notes = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Anything the figures need"
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = UNITS[ModelKind(kind)]
        notes = self.fields.pop("notes")
        for key, label in survey_lines(kind):
            self.fields[key] = forms.DecimalField(
                label=f"{label} (£ {unit})",
                required=False,
                max_digits=12,
                decimal_places=4,
                validators=limits.COST_LINE.validators,
                help_text="Leave blank if you cannot split this cost out",
            )
        self.fields["notes"] = notes

    def lines(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "notes"}
