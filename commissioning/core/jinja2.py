"""The Jinja2 environment for pages, with the GOV.UK Frontend macros and form helpers."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader, pass_context

from commissioning.core import submissions
from commissioning.core.forms import GovukDateWidget


@functools.lru_cache(maxsize=4096)
def _reverse(prefix: str, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> str:
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None)


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """reverse(), remembered: every page builds dozens of links (menu, header, footer, rows), and
    an address never changes while the process runs (the URL configuration is fixed)."""
    try:
        return _reverse(get_script_prefix(), name, args, tuple(sorted(kwargs.items())))
    except TypeError:  # an argument that cannot be a cache key
        return reverse(name, args=args or None, kwargs=kwargs or None)


def format_date(value: datetime.date | datetime.datetime | None, empty: str = "") -> str:
    """GOV.UK style dates: 24 November 2026."""
    if value is None:
        return empty
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime.datetime | None, empty: str = "") -> str:
    """24 November 2026 at 2:05pm, in UK time."""
    if value is None:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{format_date(local)} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def format_number(value: Any, places: int = 0) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Fraction):  # exact shares and ratios from the analytics
        value = Decimal(value.numerator) / Decimal(value.denominator)
    number = round(value if isinstance(value, Decimal) else Decimal(str(value)), places)
    # Python's own grouping: what intcomma gives for en-GB, at a fraction of the cost (a needs
    # profile formats some 700 figures).
    return f"{number if number else abs(number):,.{places}f}"  # abs: no "-0"


def per_unit(value: Any, unit: int = 1, places: int = 2) -> str:
    """A rate stored per person, shown per 100, 1,000 or 100,000 people."""
    if value is None:
        return ""
    scaled = Decimal(str(value)) * unit
    text = format_number(scaled, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_change(old: Any, new: Any) -> str:
    if not old:
        return ""
    change = (Decimal(str(new)) - Decimal(str(old))) * 100 / Decimal(str(old))
    return f"{'+' if change > 0 else ''}{format_number(change, 1)}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"


def _choices(bound: BoundField) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in bound.field.choices if str(value) != ""]


def _selected(bound: BoundField) -> set[str]:
    value = bound.value()
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(getattr(item, "pk", item)) for item in value}
    return {str(getattr(value, "pk", value))}


def govuk_field(bound: BoundField, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Describe a bound Django form field as a GOV.UK Frontend component and its options."""
    widget = bound.field.widget
    field_id = bound.auto_id or bound.html_name
    label: dict[str, Any] = {"text": bound.label}
    params: dict[str, Any] = {"name": bound.html_name}
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    if bound.errors:
        params["errorMessage"] = {"text": " ".join(str(error) for error in bound.errors)}
    legend = {"legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s"}}

    if isinstance(widget, GovukDateWidget):
        day, month, year = GovukDateWidget.split(bound.value())
        error_class = " govuk-input--error" if bound.errors else ""
        component = "date"
        params.update(
            id=field_id,
            namePrefix=bound.html_name,
            fieldset=legend,
            items=[
                {"name": "day", "label": "Day", "value": day, "classes": "govuk-input--width-2" + error_class},
                {"name": "month", "label": "Month", "value": month, "classes": "govuk-input--width-2" + error_class},
                {"name": "year", "label": "Year", "value": year, "classes": "govuk-input--width-4" + error_class},
            ],
        )
        params.pop("name")
    elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        component = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        selected = _selected(bound)
        params.update(
            idPrefix=field_id,
            fieldset=legend,
            items=[{"value": value, "text": text, "checked": value in selected} for value, text in _choices(bound)],
        )
    elif isinstance(widget, forms.CheckboxInput):
        component = "checkboxes"
        params.update(
            idPrefix=field_id,
            items=[{"value": "true", "text": bound.label, "checked": bool(bound.value())}],
        )
        if bound.help_text:
            params["items"][0]["hint"] = params.pop("hint")
    elif isinstance(widget, forms.Select):
        component = "select"
        selected = _selected(bound)
        # An empty choice the field offers (like "Baseline (no scenario)") keeps its own words.
        empty = next((str(label) for value, label in bound.field.choices if str(value) == ""), None)
        if empty is None or set(empty) <= {"-"}:
            empty = "Choose" if (empty is not None or not selected) else None
        items = [{"value": "", "text": empty, "selected": not selected}] if empty else []
        items += [{"value": value, "text": text, "selected": value in selected} for value, text in _choices(bound)]
        params.update(id=field_id, label=label, items=items)
    elif isinstance(widget, forms.Textarea):
        component = "textarea"
        params.update(id=field_id, label=label, value=bound.value() or "", rows=widget.attrs.get("rows", 5))
    elif isinstance(widget, forms.FileInput):
        component = "file"
        params.update(id=field_id, label=label)
        if getattr(widget, "allow_multiple_selected", False):
            params["attributes"] = {"multiple": True}
        if widget.attrs.get("accept"):
            params.setdefault("attributes", {})["accept"] = widget.attrs["accept"]
    elif isinstance(widget, forms.PasswordInput):
        component = "password"
        params.update(id=field_id, label=label, autocomplete=widget.attrs.get("autocomplete", "current-password"))
    else:
        component = "input"
        value = bound.value()
        value = widget.format_value(value) if value is not None else ""
        params.update(
            id=field_id,
            label=label,
            value=value,
            type=getattr(widget, "input_type", "text"),
        )
        if widget.attrs.get("autocomplete"):
            params["autocomplete"] = widget.attrs["autocomplete"]
        if widget.attrs.get("spellcheck") is not None:
            params["spellcheck"] = widget.attrs["spellcheck"]
        if params["type"] == "number":
            params["type"] = "text"
            params["inputmode"] = "decimal"
            params["classes"] = "govuk-input--width-5"
    if options:
        for key, value in options.items():
            if isinstance(value, dict) and isinstance(params.get(key), dict):
                params[key] = {**params[key], **value}
            else:
                params[key] = value
    return {"component": component, "params": params}


def page_link(request: Any, number: int) -> str:
    """The current page's address with its filters kept and the page number changed."""
    query = request.GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


def error_summary(*forms_: forms.BaseForm | None) -> list[dict[str, str]]:
    """The error summary's list: each error links to the field it belongs to."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": "#main-content"})
        for bound in form:
            if not bound.errors:
                continue
            field_id = bound.auto_id or bound.html_name
            if isinstance(bound.field.widget, GovukDateWidget):
                field_id += "-day"
            items.extend({"text": str(error), "href": f"#{field_id}"} for error in bound.errors)
    return items


@pass_context
def form_token_input(context: Any) -> SafeString:
    """The one-time token a create form carries (core.submissions), beside `csrf_input`."""
    return submissions.form_token_input(context["request"])


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    # The GOV.UK macros test optional parameters; Django picks DebugUndefined when DEBUG,
    # which would print "{{ missing }}" into pages. Chainable, so error pages rendered without
    # a request (a server error) still draw the page shell.
    options["undefined"] = ChainableUndefined
    env = Environment(**options)  # noqa: S701 (Django's backend passes autoescape=True)
    env.globals.update(
        static=static,
        url=url,
        govukRebrand=True,
        govuk_field=govuk_field,
        error_summary=error_summary,
        today=timezone.localdate,
        plural=plural,
        page_link=page_link,
        form_token_input=form_token_input,
    )
    env.filters.update(date=format_date, datetime=format_datetime, number=format_number, per_unit=per_unit)
    env.globals.update(percent_change=percent_change)
    return env
