from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms

from commissioning.analytics.text import POSTCODE_PATTERN, normalise_postcode
from commissioning.core import limits
from commissioning.core.choices import ClientGroup
from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.market.choices import ConcernKind, ContactKind, ImportCoverage, ImportFormat, Severity
from commissioning.market.filtersets import SERVICE_CHOICES
from commissioning.market.models import (
    BED_FIGURES,
    HOMECARE_FIGURES,
    STAFF_FIGURES,
    CapacityReturn,
    ContingencyPlan,
    MarketPositionStatement,
    Provider,
    ProviderConcern,
    ProviderForum,
    RelationshipEntry,
)


class AreaChoiceForm(forms.Form):
    area = forms.ChoiceField(label="Council area", required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        """`areas`: (code, name) pairs, in the order shown."""
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas


class CqcImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="CQC file",
        help_text="The care directory CSV, the HSCA active locations workbook (xlsx) or CSV, or CQC API location "
        "records (JSON). Up to 50 MB.",
    )
    file_format = forms.ChoiceField(
        label="Layout", choices=[("", "Work it out from the file"), *ImportFormat.choices], required=False
    )
    coverage = forms.ChoiceField(
        label="What does the file cover?",
        choices=ImportCoverage.choices,
        initial=ImportCoverage.AUTO,
        required=False,  # left unanswered (an older form, a script): worked out from the file
        widget=forms.RadioSelect,
        help_text="A registered location in the area a file covers that the file leaves out is listed under "
        "market changes, for you to confirm whether it closed. Worked out from the file, a care directory or "
        "HSCA file covers the councils it lists; API records and extracts cover only what they list.",
    )

    def clean_coverage(self) -> str:
        return self.cleaned_data["coverage"] or ImportCoverage.AUTO

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 50 MB")
        return upload


class ClosureForm(GovukFormMixin, forms.Form):
    closed = forms.TypedChoiceField(
        label="Has it closed?",
        choices=[("yes", "Yes, it has closed: take it out of supply"), ("no", "No, it is still open")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class CapacityImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(label="Capacity returns (CSV)")


class CapacityReturnForm(GovukFormMixin, forms.ModelForm):
    return_date = GovukDateField(label="Date of the return")

    class Meta:
        model = CapacityReturn
        fields = ["return_date", *BED_FIGURES, *STAFF_FIGURES, *HOMECARE_FIGURES]

    def __init__(self, *args: Any, care_home: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A care home reports beds; a homecare service, the people and hours it serves.
        for name in HOMECARE_FIGURES if care_home else BED_FIGURES:
            del self.fields[name]
        if not self.initial.get("return_date"):
            self.initial["return_date"] = datetime.date.today()


class ProviderDetailsForm(GovukFormMixin, forms.ModelForm):
    """What a provider keeps up to date about itself."""

    website = forms.URLField(assume_scheme="https", required=False, max_length=300)

    class Meta:
        model = Provider
        fields = ["telephone", "email", "website"]


class ProviderLinkForm(GovukFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Organisation",
        help_text="Its people will see and update this provider's details and capacity returns. Leave blank for none.",
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ProviderMarketForm(GovukFormMixin, forms.ModelForm):
    """What the commissioning team records about a provider: shared facts, and its own
    organisation's funded share (which only that organisation sees)."""

    council_funded_share = forms.DecimalField(
        label="Share of its local business your organisation funds (%)",
        required=False,
        validators=limits.PERCENT.validators,
        max_digits=5,
        decimal_places=2,
        help_text="Leave blank if not known",
    )

    class Meta:
        model = Provider
        fields = ["group_name", "ownership_type", "companies_house_number"]


class ConcernForm(GovukFormMixin, forms.ModelForm):
    raised_on = GovukDateField(label="Date raised")
    closed_on = GovukDateField(label="Date closed", required=False, help_text="Leave blank while it is open")
    kind = forms.ChoiceField(choices=ConcernKind.choices, widget=forms.RadioSelect, label="Kind of concern")
    severity = forms.ChoiceField(choices=Severity.choices, widget=forms.RadioSelect)

    class Meta:
        model = ProviderConcern
        fields = ["kind", "severity", "summary", "details", "location", "raised_on", "closed_on"]

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = provider.locations.order_by("name", "pk")
        self.fields["location"].required = False


class ContingencyPlanForm(GovukFormMixin, forms.ModelForm):
    reviewed_on = GovukDateField(label="Last reviewed")
    review_due = GovukDateField(label="Next review due")

    class Meta:
        model = ContingencyPlan
        fields = ["summary", "people_affected", "moves", "absorbing_capacity", "contacts", "reviewed_on", "review_due"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ("summary", "moves", "absorbing_capacity", "contacts")
        }


class RelationshipEntryForm(GovukFormMixin, forms.ModelForm):
    occurred_on = GovukDateField(label="Date")
    action_due = GovukDateField(label="Actions due by", required=False)
    kind = forms.ChoiceField(choices=ContactKind.choices, widget=forms.RadioSelect, label="Kind of contact")

    class Meta:
        model = RelationshipEntry
        fields = ["kind", "occurred_on", "subject", "notes", "actions_agreed", "action_owner", "action_due"]


class ForumForm(GovukFormMixin, forms.ModelForm):
    held_on = GovukDateField(label="Date held")
    attendees = forms.ModelMultipleChoiceField(
        queryset=Provider.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Providers who came",
    )

    class Meta:
        model = ProviderForum
        fields = ["title", "held_on", "service_type", "attendees", "other_attendees", "notes"]

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = providers
        self.fields["service_type"].choices = [("", "All services"), *SERVICE_CHOICES]


class StatementForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = MarketPositionStatement
        fields = [
            "title",
            "area",
            "client_group",
            "first_year",
            "last_year",
            "cycle",
            "public_summary",
            "introduction",
            "gaps",
            "buy_more",
            "buy_less",
            "fees",
        ]
        labels = {"public_summary": "Summary for the public"}

    def __init__(self, *args: Any, areas: Any, cycles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["cycle"].queryset = cycles
        self.fields["cycle"].required = False
        self.fields["cycle"].label = "Commissioning cycle it belongs to"
        self.fields["fees"].help_text = "Fee rates for next year and how the council sets them"


class CommunityServiceForm(GovukFormMixin, forms.Form):
    """A service CQC does not register (a day centre, a lunch club, a carers' group)."""

    name = forms.CharField(label="Name of the service", max_length=300)
    provider_name = forms.CharField(
        label="Organisation that runs it", max_length=300, help_text="An existing provider's name links to it"
    )
    services = forms.MultipleChoiceField(
        label="What it offers", choices=SERVICE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    client_groups = forms.MultipleChoiceField(
        label="Who it supports", choices=ClientGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    address = forms.CharField(max_length=400, required=False)
    postcode = forms.CharField(max_length=10, required=False)
    local_authority = forms.ModelChoiceField(queryset=None, label="Council area")
    latitude = forms.FloatField(
        required=False, validators=limits.LATITUDE.validators, help_text="For the map, in decimal degrees"
    )
    longitude = forms.FloatField(required=False, validators=limits.LONGITUDE.validators)
    telephone = forms.CharField(max_length=30, required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = areas

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if not re.match(POSTCODE_PATTERN, postcode):
            raise forms.ValidationError("Enter a real postcode, like M32 0TH")
        return postcode
