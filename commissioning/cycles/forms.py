"""Forms check the shape of what people enter; services apply the rules and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.core import limits
from commissioning.core.choices import ClientGroup
from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.core.models import Area
from commissioning.cycles.choices import (
    ActivityStatus,
    Element,
    FindingStatus,
    Level,
    PolicyKind,
)
from commissioning.cycles.evidence import evidence_type_list
from commissioning.cycles.models import YEAR_MESSAGE, Activity, CommissioningCycle, PolicyItem
from commissioning.cycles.validators import validate_web_url


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.organisation})" if obj.organisation else obj.full_name


class CycleForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200, help_text="For example, Older people's care and support 2026 to 2029")
    client_group = forms.ChoiceField(choices=ClientGroup.choices, widget=forms.RadioSelect)
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The council areas the cycle covers",
    )
    period_start = GovukDateField(label="Start of period", help_text="For example, 1 4 2026")
    period_end = GovukDateField(label="End of period", help_text="For example, 31 3 2029")
    lead_commissioner = PersonChoiceField(queryset=User.objects.none(), required=False)
    partner_organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Joint commissioning partners",
        help_text="Organisations commissioning this jointly with you. Their staff will share the cycle.",
    )
    summary = forms.CharField(
        label="Purpose", required=False, widget=forms.Textarea, help_text="What this cycle sets out to achieve"
    )
    is_published = forms.BooleanField(
        label="Publish this cycle",
        required=False,
        help_text="Providers, people who draw on care and carers can then read its purpose and progress.",
    )
    public_summary = forms.CharField(
        label="Summary for the public",
        required=False,
        widget=forms.Textarea,
        help_text="In plain English, for people who draw on care, carers and providers",
    )

    def __init__(self, *args: Any, lead_organisation: Organisation, areas: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas
        self.fields["lead_commissioner"].queryset = people
        self.fields["partner_organisations"].queryset = Organisation.objects.filter(
            kind__in=("council", "nhs_icb")
        ).exclude(pk=lead_organisation.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The end of the period must be after its start")
        if data.get("is_published"):
            draft = CommissioningCycle(public_summary=data.get("public_summary") or "")
            for name, message in draft.publication_problems().items():
                self.add_error(name, message)
        return data


class NextCycleForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    period_start = GovukDateField(label="Start of period")
    period_end = GovukDateField(label="End of period")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] <= data["period_start"]:
            self.add_error("period_end", "The end of the period must be after its start")
        return data


class ActivityForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(label="What this involves", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = PersonChoiceField(queryset=User.objects.none(), required=False, help_text="Who leads this activity")
    due_date = GovukDateField(label="Due date", required=False)
    status = forms.ChoiceField(
        choices=[(value, label) for value, label in ActivityStatus.choices if value != ActivityStatus.CARRIED_FORWARD],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, people: Any, include_status: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        if not include_status:
            del self.fields["status"]
            del self.fields["notes"]


class NewActivityForm(ActivityForm):
    level = forms.ChoiceField(choices=Level.choices, widget=forms.RadioSelect, label="Which cycle")
    element = forms.ChoiceField(choices=Element.choices, widget=forms.RadioSelect)
    field_order = ["level", "element", "title", "description", "owner", "due_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, include_status=False, **kwargs)


LINK = "link"


class EvidenceForm(GovukFormMixin, forms.Form):
    """Evidence for an activity: a link, or a record of any registered evidence type.

    One form for both ways in: from an activity (choosing the evidence), and from a record's
    page (choosing the activity it supports). What is already fixed is left out of the form.
    """

    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), label="Which activity does it support?")
    kind = forms.ChoiceField(label="What is the evidence?", widget=forms.RadioSelect, required=False)
    title = forms.CharField(
        max_length=200, required=False, help_text="For example, Joint strategic needs assessment 2026"
    )
    url = forms.CharField(
        label="Link",
        max_length=500,
        required=False,
        help_text="A web address starting https://, or a page in this service starting /",
        widget=forms.TextInput(attrs={"spellcheck": False}),
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        activities: QuerySet[Activity] | None = None,
        record: Model | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        if activities is None:
            del self.fields["activity"]
        else:
            self.fields["activity"].queryset = activities
            self.fields["activity"].label_from_instance = lambda activity: f"{activity.cycle.title}: {activity.title}"
        self.record_fields: dict[str, str] = {}
        if record is not None:
            for name in ("kind", "title", "url"):
                del self.fields[name]
            return
        kinds = [kind for kind in evidence_type_list() if kind.choices(user).exists()]
        self.fields["kind"].choices = [(LINK, "A link to a web page or document"), *((k.key, k.label) for k in kinds)]
        for kind in kinds:
            name = f"record_{kind.key.replace('.', '_')}"
            label = f"Choose {kind.label[0].lower()}{kind.label[1:]}"
            self.fields[name] = forms.ModelChoiceField(queryset=kind.choices(user), label=label, required=False)
            self.record_fields[kind.key] = name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.record is not None:
            data["record"] = self.record
            return data
        kind = data.get("kind") or LINK
        if kind == LINK:
            for name, message in (("title", "Enter a title"), ("url", "Enter the link")):
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
            data["record"] = None
        else:
            data["record"] = data.get(self.record_fields[kind])
            if data["record"] is None:
                self.add_error(self.record_fields[kind], "Choose which one")
            data["title"] = data["url"] = ""
        return data


class EffortForm(GovukFormMixin, forms.Form):
    level = forms.ChoiceField(choices=Level.choices, widget=forms.RadioSelect, label="Which cycle")
    element = forms.ChoiceField(choices=Element.choices, widget=forms.RadioSelect)
    person = PersonChoiceField(queryset=User.objects.none(), label="Who did the work")
    worked_on = GovukDateField(label="Date")
    hours = forms.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=limits.HOURS_A_DAY.validators,
        help_text="In hours, for example 1.5 for an hour and a half",
        error_messages={
            "invalid": "Enter the hours as a number, like 1.5",
            "max_decimal_places": "Enter the hours to no more than 2 decimal places",
        },
    )
    note = forms.CharField(max_length=300, required=False, help_text="What the time was spent on")

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["hours"].widget.input_type = "text"

    def clean_worked_on(self) -> Any:
        value = self.cleaned_data.get("worked_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value


class FindingForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200, help_text="The lesson in a sentence")
    detail = forms.CharField(label="What was learned", widget=forms.Textarea)
    level = forms.ChoiceField(choices=Level.choices, widget=forms.RadioSelect, label="Where it was learned")
    element = forms.ChoiceField(choices=Element.choices, widget=forms.RadioSelect)
    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), required=False, label="Related activity")

    def __init__(self, *args: Any, cycle: CommissioningCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = cycle.activities.order_by("level", "position")


class FindingResponseForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(choices=FindingStatus.choices, widget=forms.RadioSelect)
    response = forms.CharField(
        label="What we did", required=False, widget=forms.Textarea, help_text="Or why no change is needed"
    )


class PolicyItemForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200, help_text="For example, Care Act 2014")
    kind = forms.ChoiceField(choices=PolicyKind.choices, widget=forms.RadioSelect, label="Kind of item")
    issued_by = forms.CharField(
        label="Issued by",
        max_length=200,
        help_text="For example, UK Parliament, Department of Health and Social Care, or your council",
        error_messages={"required": "Enter who issued it"},
    )
    year = forms.IntegerField(
        required=False,
        validators=limits.LAW_YEAR.validators,
        help_text="The year it was passed or first published",
        error_messages={"invalid": YEAR_MESSAGE, "min_value": YEAR_MESSAGE, "max_value": YEAR_MESSAGE},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    url = forms.CharField(
        label="Link to the official text",
        max_length=500,
        required=False,
        validators=[validate_web_url],
        help_text="For example, its page on legislation.gov.uk or GOV.UK",
        widget=forms.TextInput(attrs={"spellcheck": False}),
    )
    summary = forms.CharField(
        label="What it is",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In plain English, in your own words",
        error_messages={"required": "Enter what it is", "max_length": "What it is must be 5,000 characters or fewer"},
    )
    duties = forms.CharField(
        label="Duties or priorities it sets",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One a line (at most 40), for example: Promote a diverse, high-quality market of care (section 5)",
        error_messages={
            "required": "Enter the duties or priorities it sets",
            "max_length": "Duties must be 10,000 characters or fewer",
        },
    )
    review_due = GovukDateField(
        label="Next review date",
        help_text="When the team should next check it is still current, for example 1 4 2027",
    )
    client_groups = forms.MultipleChoiceField(
        label="Client groups it applies to",
        choices=ClientGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked if it applies to every client group",
    )
    national = forms.BooleanField(
        label="Add it to the shared national register",
        required=False,
        help_text="Every council will read it. Leave unticked to keep it as one of your council's own items.",
    )

    def __init__(self, *args: Any, choose_national: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_national:
            del self.fields["national"]

    def clean_duties(self) -> str:
        duties = self.cleaned_data["duties"]
        lines = PolicyItem(duties=duties).duty_list
        if not lines:
            raise forms.ValidationError("Enter at least one duty or priority")
        if len(lines) > 40:
            raise forms.ValidationError(f"Give at most 40 duties ({len(lines)} given): keep the main ones")
        return duties


class PolicyLinkForm(GovukFormMixin, forms.Form):
    cycles = forms.ModelMultipleChoiceField(
        queryset=CommissioningCycle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Cycles it applies to",
        help_text="Items already apply to every cycle whose client group they name (or to all cycles, "
        "if they name none). Tick a cycle to apply this item to it as well.",
    )

    def __init__(self, *args: Any, cycles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycles"].queryset = cycles
