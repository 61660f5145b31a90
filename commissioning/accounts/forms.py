from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import Organisation, User
from commissioning.core.forms import GovukFormMixin
from commissioning.core.models import Area


def attempted_email(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """The email address a sign-in attempt was for, as sign-in compares it (trimmed, lower case):
    the key failed attempts are counted under, so "Alice@" and "alice@" share one count."""
    source = credentials if credentials else getattr(request, "POST", {})
    return str(source.get("username") or "").strip().lower()


class SignInForm(AuthenticationForm):
    """Sign in with an email address; the same message whatever was wrong, so accounts can't be probed."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been deactivated. Contact your administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck=False)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self) -> str:
        return attempted_email(None, self.cleaned_data)


class OrganisationForm(GovukFormMixin, forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(label="Type of organisation", choices=OrganisationKind.choices, widget=forms.RadioSelect)
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(), required=False, help_text="For a council, the area it serves"
    )
    # The model's own validators, so every problem is reported in one pass.
    ods_code = forms.CharField(
        label="ODS code",
        max_length=10,
        required=False,
        help_text="For NHS bodies",
        validators=Organisation._meta.get_field("ods_code").validators,
    )
    companies_house_number = forms.CharField(
        max_length=8, required=False, validators=Organisation._meta.get_field("companies_house_number").validators
    )
    charity_number = forms.CharField(max_length=8, required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    email = forms.EmailField(label="Email address", required=False)
    telephone = forms.CharField(max_length=30, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.exclude(level="district").order_by("name")

    def clean_ods_code(self) -> str:
        return self.cleaned_data["ods_code"].strip().upper()

    def clean_companies_house_number(self) -> str:
        return self.cleaned_data["companies_house_number"].strip().upper()


class UserForm(GovukFormMixin, forms.Form):
    full_name = forms.CharField(max_length=150)
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": False})
    )
    job_title = forms.CharField(max_length=150, required=False)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"), required=False)
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)
    is_active = forms.BooleanField(
        label="Account is active", required=False, help_text="Untick to stop this person signing in"
    )

    def __init__(self, *args: Any, organisations: Any, instance: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["organisation"].queryset = organisations
        if instance is None:
            del self.fields["is_active"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        clash = User.objects.filter(email=email)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("An account with this email address already exists")
        return email
