"""Forms for needs pages: they check the shape of input; services apply the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from commissioning.analytics.problems import ImportRejected
from commissioning.core import limits
from commissioning.core.choices import ServiceType
from commissioning.core.forms import GovukFormMixin
from commissioning.needs.choices import AdjustmentKind, RateKind, RatePeriod, RateUnit
from commissioning.needs.models import PopulationVintage, RateSet, Scenario
from commissioning.needs.services import AdjustmentInput, RateRow, parse_rate_rows

ADJUSTMENT_ROWS = 3


class ProfileOptionsForm(forms.Form):
    """What a needs profile shows: which projection, which scenario, which needs (GET).

    The choices are given as lists the page has already read (with their rates and adjustments),
    and chosen records are picked from them: checking and showing the form reads nothing more.
    """

    # Radios, not a drop-down: projection names are long, and a narrow select cut them off.
    vintage = forms.TypedChoiceField(
        coerce=int, label="Population projection", required=False, widget=forms.RadioSelect
    )
    scenario = forms.ChoiceField(label="Scenario", required=False)
    rates = forms.TypedMultipleChoiceField(
        coerce=int, widget=forms.CheckboxSelectMultiple, label="Needs and services", required=False
    )

    def __init__(
        self,
        *args: Any,
        vintages: list[PopulationVintage],
        scenarios: list[Scenario],
        rate_sets: list[RateSet],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.vintages, self.scenarios, self.rate_sets = vintages, scenarios, rate_sets
        self.fields["vintage"].choices = [(vintage.pk, str(vintage)) for vintage in vintages]
        self.fields["scenario"].choices = [("", "Baseline (no scenario)"), *[(str(s.pk), s.name) for s in scenarios]]
        self.fields["rates"].choices = [(rate_set.pk, str(rate_set)) for rate_set in rate_sets]

    def clean_vintage(self) -> PopulationVintage | None:
        chosen = self.cleaned_data.get("vintage")
        return next((vintage for vintage in self.vintages if vintage.pk == chosen), None)

    def clean_rates(self) -> list[RateSet]:
        chosen = set(self.cleaned_data.get("rates") or [])
        return [rate_set for rate_set in self.rate_sets if rate_set.pk in chosen]

    def chosen_scenario(self) -> Scenario | None:
        chosen = (getattr(self, "cleaned_data", None) or {}).get("scenario")
        return next((scenario for scenario in self.scenarios if str(scenario.pk) == chosen), None)


class RateSetForm(GovukFormMixin, forms.Form):
    name = forms.CharField(max_length=200, help_text="For example, Dementia prevalence, Trafford clients 2025")
    kind = forms.ChoiceField(choices=RateKind.choices, widget=forms.RadioSelect, label="Kind of rate")
    measure = forms.CharField(max_length=200, help_text="What is counted, for example People with dementia")
    period = forms.ChoiceField(choices=RatePeriod.choices, widget=forms.RadioSelect, label="What the rate counts")
    display_unit = forms.TypedChoiceField(
        choices=RateUnit.choices, coerce=int, label="Show rates", help_text="Rates are always entered per person"
    )
    service_type = forms.ChoiceField(choices=[("", "Not a service"), *ServiceType.choices], required=False)
    per_need = forms.ModelChoiceField(
        queryset=RateSet.objects.none(),
        required=False,
        label="Per person with this need",
        help_text="For a service rate per person with a need (hours of homecare per person with dementia, say)",
    )
    rates = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": False}),
        help_text="One band a line: sex, age from, age to (blank for and over), rate per person, and optionally "
        "the lower and upper 95% limits. For example: female, 65, 69, 0.018, 0.009, 0.036",
    )
    source = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Where the rates come from")
    source_url = forms.URLField(required=False, label="Link to the source", assume_scheme="https")
    publication_year = forms.IntegerField(
        validators=limits.PUBLICATION_YEAR.validators, label="Year published or calculated"
    )
    measured_in = forms.CharField(max_length=300, help_text="The population and period the rates were measured in")
    licence = forms.CharField(max_length=200, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["per_need"].queryset = needs

    def clean_rates(self) -> list[RateRow]:
        try:
            return parse_rate_rows(self.cleaned_data["rates"], name="Rates")
        except ImportRejected as rejected:
            raise forms.ValidationError([f"Line {p.line}: {p.message}" for p in rejected.problems]) from rejected


def rates_as_text(rate_set: RateSet) -> str:
    lines = []
    for rate in rate_set.rates.all():
        parts = [rate.sex, str(rate.age_from), "" if rate.age_to is None else str(rate.age_to), _plain(rate.value)]
        if rate.ci_lower is not None:
            parts += [_plain(rate.ci_lower), _plain(rate.ci_upper)]
        lines.append(", ".join(parts))
    return "\n".join(lines)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


class ScenarioForm(GovukFormMixin, forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What it assumes, and why"
    )
    vintage = forms.ModelChoiceField(
        queryset=PopulationVintage.objects.none(),
        required=False,
        label="Use another population projection",
        help_text="For example a different ONS variant; leave blank to use the projection being viewed",
    )

    def __init__(self, *args: Any, needs: Any, vintages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vintage"].queryset = vintages
        for number in range(1, ADJUSTMENT_ROWS + 1):
            label = f"Change {number}"
            self.fields[f"kind_{number}"] = forms.ChoiceField(
                choices=[("", "No change"), *AdjustmentKind.choices], required=False, label=f"{label}: kind"
            )
            self.fields[f"need_{number}"] = forms.ModelChoiceField(
                queryset=needs, required=False, label=f"{label}: need", empty_label="Every need"
            )
            self.fields[f"percent_{number}"] = forms.DecimalField(
                max_digits=6, decimal_places=2, required=False, label=f"{label}: percentage",
                validators=limits.PERCENT_CHANGE.validators,
                help_text="A trend can be negative, for falling prevalence",
            )  # fmt: skip
            self.fields[f"from_year_{number}"] = forms.IntegerField(
                validators=limits.PROJECTION_YEAR.validators, required=False, label=f"{label}: from year"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        adjustments = []
        for number in range(1, ADJUSTMENT_ROWS + 1):
            kind = data.get(f"kind_{number}")
            if not kind:
                continue
            percent, year = data.get(f"percent_{number}"), data.get(f"from_year_{number}")
            if percent is None:
                self.add_error(f"percent_{number}", f"Enter the percentage for change {number}")
            if year is None:
                self.add_error(f"from_year_{number}", f"Enter the year change {number} starts")
            if percent is not None and year is not None:
                adjustments.append(AdjustmentInput(kind, percent, year, data.get(f"need_{number}")))
        data["adjustments"] = adjustments
        return data

    def rows(self) -> list[list[Any]]:
        return [
            [self[f"kind_{n}"], self[f"need_{n}"], self[f"percent_{n}"], self[f"from_year_{n}"]]
            for n in range(1, ADJUSTMENT_ROWS + 1)
        ]


class AttachForm(GovukFormMixin, forms.Form):
    activity = forms.ChoiceField(label="Attach to")

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = {str(activity.pk): activity for activity in activities}
        self.fields["activity"].choices = [
            (str(activity.pk), f"{activity.cycle.title}: {activity.title}") for activity in activities
        ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class PopulationImportForm(GovukFormMixin, forms.Form):
    files = MultipleFileField(
        label="CSV files", help_text="ONS projections (one per sex, or one with a SEX column) or estimates"
    )
    name = forms.CharField(max_length=200, help_text="For example, ONS 2022-based subnational population projections")
    variant = forms.CharField(max_length=100, required=False, help_text="For example, Migration category variant")
    year = forms.IntegerField(
        validators=limits.PROJECTION_YEAR.validators, required=False, label="Mid-year (estimates only)"
    )
    source_url = forms.URLField(required=False, label="Link to the source", assume_scheme="https")
