"""Form pieces that follow the GOV.UK Design System patterns."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError

from commissioning.core.limits import limit_form_field


class GovukDateWidget(forms.Widget):
    """Three text boxes (day, month, year) posted as `<name>-day`, `<name>-month`, `<name>-year`."""

    parts = ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str, str]:
        return tuple(str(data.get(f"{name}-{part}", "")).strip() for part in self.parts)  # type: ignore[return-value]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.parts)

    @staticmethod
    def split(value: Any) -> tuple[str, str, str]:
        """The three boxes' contents for a date, a posted tuple, an ISO string or nothing."""
        if isinstance(value, datetime.date):
            return str(value.day), str(value.month), str(value.year)
        if isinstance(value, str) and value:
            try:
                return GovukDateWidget.split(datetime.date.fromisoformat(value))
            except ValueError:
                return "", "", ""
        if isinstance(value, (tuple, list)) and len(value) == 3:
            return tuple(str(part) for part in value)  # type: ignore[return-value]
        return "", "", ""


class GovukDateField(forms.Field):
    """A date entered as day, month and year, with the Design System's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, min_year: int = 1900, max_year: int = 2100, **kwargs: Any) -> None:
        self.min_year, self.max_year = min_year, max_year
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date) or value is None:
            return value
        day, month, year = GovukDateWidget.split(value)
        label = (self.label or "date").lower()
        if not (day or month or year):
            return None
        missing = [name for name, part in zip(("day", "month", "year"), (day, month, year), strict=True) if not part]
        if missing:
            raise ValidationError(f"The {label} must include a {' and '.join(missing)}", code="incomplete")
        if not (
            re.fullmatch(r"[0-9]{1,2}", day) and re.fullmatch(r"[0-9]{1,2}", month) and re.fullmatch(r"[0-9]{4}", year)
        ):
            raise ValidationError(f"The {label} must be a real date, like 27 3 2026", code="invalid")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"The {label} must be a real date", code="invalid") from None
        if not self.min_year <= value.year <= self.max_year:
            raise ValidationError(f"The {label} must be between {self.min_year} and {self.max_year}", code="range")
        return value

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(f"Enter the {(self.label or 'date').lower()}", code="required")


class GovukFormMixin:
    """Plain-English required messages: 'Enter the title' rather than 'This field is required.'
    Numbers are checked against their limit (`core.limits`), with its message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            label = (field.label or name.replace("_", " ")).lower()
            if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
                field.error_messages["required"] = f"Choose the {label}"
            elif "required" in field.error_messages:
                field.error_messages["required"] = f"Enter the {label}"

    def full_clean(self) -> None:
        # Here rather than in __init__, so fields a form adds after it is made are limited too.
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            limit_form_field(field, _model_field(model, name))
        super().full_clean()  # type: ignore[misc]


class ConfirmForm(GovukFormMixin, forms.Form):
    """A button and nothing else: the page says what pressing it does."""


def _model_field(model: Any, name: str) -> Any:
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def is_record_id(value: str) -> bool:
    """A database id as typed in an address: ASCII digits only, of a size the database holds."""
    return bool(re.fullmatch(r"[0-9]{1,18}", value))


def validate_year_range(value: datetime.date, *, minimum: int = 1900, maximum: int = 2100) -> None:
    if not minimum <= value.year <= maximum:
        raise ValidationError(f"Enter a date between {minimum} and {maximum}")
