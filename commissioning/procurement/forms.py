"""The shape of input for the procurement pages; no writes."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.procurement.choices import PanelRole, StageKind
from commissioning.procurement.models import (
    ConflictsAssessment,
    Lot,
    Procurement,
    QualityQuestion,
)
from commissioning.procurement.sealing import MIN_PASSPHRASE_LENGTH
from commissioning.procurement.services import BidDocument

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class DeadlineMixin(forms.Form):
    """A deadline as a date and a time of day in UK time (what bidders read on the notice)."""

    deadline_date = GovukDateField(label="Date bids are due", required=False)
    deadline_time = forms.CharField(
        label="Time bids are due",
        required=False,
        max_length=5,
        help_text="In UK time, 24-hour clock, for example 12:00",
    )

    def clean_deadline_time(self) -> str:
        value = self.cleaned_data["deadline_time"].strip()
        if value and not TIME.match(value):
            raise forms.ValidationError("Enter a time like 12:00 or 17:30")
        return value

    def deadline(self) -> datetime.datetime | None:
        day, time = self.cleaned_data.get("deadline_date"), self.cleaned_data.get("deadline_time")
        if not day:
            return None
        hours, minutes = (int(part) for part in (time or "12:00").split(":"))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hours, minutes)))

    @staticmethod
    def deadline_initial(value: datetime.datetime | None) -> dict[str, Any]:
        if value is None:
            return {}
        local = timezone.localtime(value)
        return {"deadline_date": local.date(), "deadline_time": f"{local:%H:%M}"}


class ProcurementForm(GovukFormMixin, DeadlineMixin, forms.ModelForm):
    commenced_on = GovukDateField(label="Started on", help_text="It decides which law and thresholds apply")
    market_ends_on = GovukDateField(
        label="For a dynamic market: runs until", required=False, help_text="When the market is expected to end"
    )

    class Meta:
        model = Procurement
        fields = [
            "title", "description", "cycle", "planned", "service_design", "service_type", "cpv_code",
            "commenced_on", "estimated_value", "vat_rate", "health_led", "under_earlier_agreement", "procedure",
            "framework", "reopens", "membership_conditions", "market_ends_on",
            "direct_award_ground", "direct_award_justification", "specification", "price_weight",
            "quality_weight", "social_value_weight", "price_formula", "scoring_scale", "abnormally_low_percent",
        ]  # fmt: skip
        labels = {
            "price_weight": "Price weight (%)",
            "quality_weight": "Quality weight (%)",
            "social_value_weight": "Social value weight (%)",
            "abnormally_low_percent": "Flag a price as abnormally low when it is this far below the others' mean (%)",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "specification": forms.Textarea(attrs={"rows": 8}),
            "direct_award_justification": forms.Textarea(attrs={"rows": 3}),
            "membership_conditions": forms.Textarea(attrs={"rows": 5}),
            "procedure": forms.RadioSelect,
            "vat_rate": forms.RadioSelect,
            "price_formula": forms.RadioSelect,
            "scoring_scale": forms.RadioSelect,
        }

    def __init__(self, *args: Any, cycles: Any, plan_lines: Any, designs: Any, frameworks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles
        self.fields["planned"].queryset = plan_lines
        self.fields["service_design"].queryset = designs
        self.fields["framework"].queryset = frameworks
        self.fields["reopens"].queryset = frameworks.filter(procedure="open_framework")
        self.fields["estimated_value"].error_messages["invalid"] = "Enter the value in pounds, for example 1200000"
        if self.instance and self.instance.pk:
            self.initial.update(self.deadline_initial(self.instance.deadline))
            # The line a procurement started from stays what it was.
            del self.fields["planned"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.instance.deadline = self.deadline()
        return data


class LotForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Lot
        fields = ["title", "description", "estimated_value", "capacity"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = QualityQuestion
        fields = ["section", "lot", "question", "guidance", "weight", "minimum_score"]
        widgets = {
            "section": forms.RadioSelect,
            "question": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, lots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots
        self.fields["lot"].empty_label = "Every lot"


class PersonForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=None)

    def __init__(self, *args: Any, people: Any, roles: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        if roles:
            self.fields["role"] = forms.ChoiceField(label="Role", choices=PanelRole.choices, widget=forms.RadioSelect)


class DeclarationForm(GovukFormMixin, forms.Form):
    has_interest = forms.TypedChoiceField(
        label="Do you have an interest to declare in this procurement?",
        choices=[("no", "No, I have nothing to declare"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Personal, professional or financial, direct or indirect: for example a family member who works "
        "for a provider that may bid",
    )
    interest = forms.CharField(label="The interest", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    mitigation = forms.CharField(
        label="What you propose to do about it", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConflictsAssessmentForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ConflictsAssessment
        fields = ["assessment"]
        widgets = {"assessment": forms.Textarea(attrs={"rows": 8})}


class ClarificationAskForm(GovukFormMixin, forms.Form):
    lot = forms.ModelChoiceField(label="Lot", queryset=None, required=False, empty_label="The whole tender")
    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="The answer is published to every bidder. Your organisation's name is not.",
    )

    def __init__(self, *args: Any, lots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots


class ClarificationAnswerForm(GovukFormMixin, forms.Form):
    question = forms.CharField(
        label="The question as it will be published",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Take out anything that would show who asked",
    )
    answer = forms.CharField(label="Answer", widget=forms.Textarea(attrs={"rows": 5}))


class AmendmentForm(GovukFormMixin, DeadlineMixin, forms.Form):
    summary = forms.CharField(
        label="What changes", widget=forms.Textarea(attrs={"rows": 4}), help_text="Every bidder reads this"
    )
    specification = forms.CharField(label="Specification", required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline_date"].label = "New date bids are due (leave empty to keep the deadline)"
        self.fields["deadline_time"].label = "New time bids are due"


class PassphraseForm(GovukFormMixin, forms.Form):
    passphrase = forms.CharField(
        label="Your opening passphrase",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
    )


class OpeningKeyForm(GovukFormMixin, forms.Form):
    current = forms.CharField(
        label="Your current passphrase",
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
    )
    passphrase = forms.CharField(
        label="New passphrase",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=f"At least {MIN_PASSPHRASE_LENGTH} characters: a few words you will remember. Nobody, not even "
        "an administrator, can recover it: without it your part in opening bids cannot be done.",
    )
    confirm = forms.CharField(
        label="The new passphrase again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, has_key: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_key:
            del self.fields["current"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("passphrase") and data.get("confirm") is not None and data["passphrase"] != data.get("confirm"):
            self.add_error("confirm", "The two passphrases are not the same")
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe): each checked as a file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class BidForm(GovukFormMixin, forms.Form):
    """A bid for one lot: the price, an answer to each of the lot's questions, and documents."""

    price = forms.DecimalField(
        label="Your price for the whole contract, excluding VAT (£)", max_digits=14, decimal_places=2, min_value=0
    )
    documents = MultipleFileField(
        label="Documents",
        required=False,
        help_text="PDF, Word, Excel, OpenDocument, CSV or text files; each up to 20 MB, 100 MB in all",
    )

    def __init__(self, *args: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["price"].error_messages["invalid"] = "Enter the price in pounds, for example 1150000"
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=f"Question {question.number}: {question.question}",
                help_text=question.guidance,
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=50_000,
            )

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data[f"answer_{q.pk}"] for q in self.questions}

    def bid_documents(self) -> list[BidDocument]:
        return [BidDocument(upload.name, upload.read()) for upload in self.cleaned_data["documents"]]


class BidScoresForm(GovukFormMixin, forms.Form):
    """A score and its reason for each of a bid's answers: an assessor's own, or the moderated one."""

    def __init__(self, *args: Any, questions: Any, scale: int, initial_scores: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        choices = [("", "Not scored yet")] + [(str(n), str(n)) for n in range(scale + 1)]
        for question in self.questions:
            known = initial_scores.get(question.pk)
            self.fields[f"score_{question.pk}"] = forms.TypedChoiceField(
                label=f"Score for question {question.number}",
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                initial=None if known is None else str(known.score),
            )
            self.fields[f"reason_{question.pk}"] = forms.CharField(
                label=f"Reason for the score for question {question.number}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial="" if known is None else known.reason,
            )

    def scores(self) -> list[tuple[Any, int, str]]:
        """(question, score, reason) for each answer given a score on the form."""
        found = []
        for question in self.questions:
            score = self.cleaned_data.get(f"score_{question.pk}")
            if score is not None:
                found.append((question, score, self.cleaned_data.get(f"reason_{question.pk}", "")))
        return found


class LowPriceDecisionForm(GovukFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label="Is the explanation of the price satisfactory?",
        choices=[("yes", "Yes: the bid stays in"), ("no", "No: set the bid aside")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))


class ExplanationForm(GovukFormMixin, forms.Form):
    explanation = forms.CharField(
        label="How your price is made up",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text="For example, pay rates, hours, travel, overheads and margin, and why the price is sustainable",
    )


class AwardForm(GovukFormMixin, forms.Form):
    lot = forms.ModelChoiceField(label="Lot", queryset=None)
    notice_published_on = GovukDateField(
        label="Award notice published on", help_text="Standstill is counted from this day"
    )
    voluntary_standstill = forms.BooleanField(
        label="Hold a voluntary standstill where the law does not require one",
        required=False,
    )

    def __init__(self, *args: Any, lots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots


class SignForm(GovukFormMixin, forms.Form):
    signed_on = GovukDateField(label="Contract signed on")


class TerminationForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why the procurement ends without an award",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Published in the procurement termination notice",
    )


class DirectAwardForm(GovukFormMixin, forms.Form):
    supplier = forms.ModelChoiceField(label="Supplier", queryset=None)
    value = forms.DecimalField(
        label="Value of the contract, excluding VAT (£)", max_digits=14, decimal_places=2, min_value=0
    )
    notice_published_on = GovukDateField(label="Award notice published on", help_text="Standstill counts from this day")
    voluntary_standstill = forms.BooleanField(
        label="Hold a voluntary standstill where the law does not require one", required=False
    )

    def __init__(self, *args: Any, suppliers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers


class MarketChangeForm(GovukFormMixin, forms.Form):
    summary = forms.CharField(
        label="What changes, and why",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published in the dynamic market notice. The conditions for membership cannot change",
    )
    description = forms.CharField(
        label="What the market is for", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    market_ends_on = GovukDateField(label="Runs until", required=False)


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))


class MembershipDecisionForm(GovukFormMixin, forms.Form):
    admit = forms.TypedChoiceField(
        label="Does the supplier meet every condition for membership, and is it not excluded?",
        choices=[("yes", "Yes: admit it to the market"), ("no", "No: do not admit it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed when it is not admitted: which condition it does not meet. The supplier reads it",
    )


class MembershipApplyForm(GovukFormMixin, forms.Form):
    statement = forms.CharField(
        label="How your organisation meets each condition for membership",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
    )


class StageForm(GovukFormMixin, DeadlineMixin, forms.Form):
    kind = forms.ChoiceField(label="What happens at this stage", choices=StageKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="Title", max_length=200, help_text="For example, Shortlisting on outline proposals")
    description = forms.CharField(
        label="What suppliers send or do, and how it is decided", widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline_date"].label = "Date the stage closes"
        self.fields["deadline_date"].required = True
        self.fields["deadline_time"].label = "Time the stage closes"


class StageDecisionForm(GovukFormMixin, forms.Form):
    """For each supplier still taking part: taken forward, or not and why."""

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            self.fields[f"forward_{participant.supplier_id}"] = forms.TypedChoiceField(
                label=f"Is {participant.supplier} taken to the next stage?",
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{participant.supplier_id}"] = forms.CharField(
                label=f"If not, why not ({participant.supplier})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="The supplier reads this",
            )

    def decision(self) -> tuple[set[int], dict[int, str]]:
        data = self.cleaned_data
        forward = {p.supplier_id for p in self.participants if data.get(f"forward_{p.supplier_id}")}
        reasons = {p.supplier_id: data.get(f"reason_{p.supplier_id}", "") for p in self.participants}
        return forward, reasons


class ParticipationForm(GovukFormMixin, forms.Form):
    statement = forms.CharField(
        label="How your organisation meets the conditions of participation",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
    )
