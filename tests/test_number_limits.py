"""Every number the service stores has a sensible limit, said in plain words, wherever it is entered.

The model walk is generated, so a new app's numeric fields are covered from their first migration.
"""

from __future__ import annotations

import importlib
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from rest_framework import serializers

from commissioning.core import limits
from commissioning.core.api.serializers import ModelSerializer
from commissioning.core.forms import GovukFormMixin

HUGE = "9000000000000000000"
NUMERIC = (models.IntegerField, models.DecimalField, models.FloatField)
DEFAULT_WORDS = ("Ensure ", "9223372036854775807", "2147483647", "32767")

API_MODULES = [
    importlib.import_module(f"{config.name}.api.serializers")
    for config in apps.get_app_configs()
    if config.name.startswith("commissioning.") and (Path(config.path) / "api" / "serializers.py").exists()
]


def _numeric_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("commissioning."):
            continue
        # A history row's copy of the record's own id is no more entered than the id itself.
        copied_id = getattr(getattr(model, "instance_type", None), "_meta", None)
        for field in model._meta.concrete_fields:
            if copied_id is not None and field.name == copied_id.pk.name:
                continue
            if isinstance(field, NUMERIC) and not field.primary_key and not field.is_relation:
                yield pytest.param(field, id=f"{model._meta.label}.{field.name}")


def _messages(error: ValidationError | serializers.ValidationError) -> list[str]:
    if isinstance(error, serializers.ValidationError):
        return [str(message) for message in error.detail]
    return list(error.messages)


def _plain(messages: list[str]) -> bool:
    return bool(messages) and not any(word in message for message in messages for word in DEFAULT_WORDS)


@pytest.mark.parametrize("field", _numeric_fields())
def test_every_numeric_field_has_a_limit_with_a_plain_message(field):
    limit = limits.limit_of(field.validators)
    assert limit is not None, f"{field} has no limit: give it validators=limits.<KIND>.validators"
    # Django adds its own range check (and message) only when a field has none of its own.
    size_checks = [v for v in field.validators if isinstance(v, MinValueValidator | MaxValueValidator)]
    assert all(isinstance(v, limits.Floor | limits.Ceiling) for v in size_checks), size_checks
    # The limit lies inside what the column holds, so the database's own limit is never reached.
    if isinstance(field, models.DecimalField):
        largest = Decimal(10) ** (field.max_digits - field.decimal_places)
        assert -largest < limit.low and limit.high < largest
    elif isinstance(field, models.IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        assert (low is None or limit.low >= low) and (high is None or limit.high <= high)
    with pytest.raises(ValidationError) as refused:
        field.run_validators(field.to_python(str(limit.high + 1)))
    assert _messages(refused.value) == [limit.too_high]


@pytest.mark.parametrize("field", _numeric_fields())
def test_a_form_made_from_the_field_refuses_a_huge_number_in_plain_words(field):
    if not field.editable:
        pytest.skip("never entered on a form")

    class Form(GovukFormMixin, forms.ModelForm):
        class Meta:
            model = field.model
            fields = [field.name]

    if field.name not in Form.base_fields or not isinstance(Form.base_fields[field.name], forms.IntegerField):
        pytest.skip("not entered as a number on a form (a choice, or not editable)")
    form = Form(data={field.name: HUGE})
    assert not form.is_valid()
    assert form.errors[field.name] == [limits.limit_of(field.validators).too_high]


@pytest.mark.parametrize("field", _numeric_fields())
def test_an_api_field_made_from_the_field_refuses_a_huge_number_in_plain_words(field):
    serializer_class = type(
        "Serializer", (ModelSerializer,), {"Meta": type("Meta", (), {"model": field.model, "fields": [field.name]})}
    )
    api_field = serializer_class().fields[field.name]
    if api_field.read_only or isinstance(api_field, serializers.ChoiceField):
        pytest.skip("not entered as a number through the API")
    with pytest.raises(serializers.ValidationError) as refused:
        api_field.run_validation(HUGE)
    assert _messages(refused.value) == [limits.limit_of(field.validators).too_high]


def _model_serializers():
    seen, queue = set(), [serializers.ModelSerializer]
    while queue:
        for subclass in queue.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                queue.append(subclass)
    return sorted(
        (cls for cls in seen if cls.__module__ in {m.__name__ for m in API_MODULES} and hasattr(cls, "Meta")),
        key=lambda cls: f"{cls.__module__}.{cls.__name__}",
    )


@pytest.mark.parametrize("serializer_class", _model_serializers(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_api_number_refuses_a_huge_value_in_plain_words(serializer_class):
    numbers = {
        name: field
        for name, field in serializer_class(context={"request": None}).fields.items()
        if isinstance(field, serializers.IntegerField | serializers.DecimalField | serializers.FloatField)
        and not field.read_only
    }
    for name, field in numbers.items():
        with pytest.raises(serializers.ValidationError) as refused:
            field.run_validation(HUGE)
        assert _plain(_messages(refused.value)), f"{serializer_class.__name__}.{name}: {refused.value.detail}"


def test_a_limit_says_what_is_wrong_in_the_products_words():
    assert limits.BEDS.too_high == "Beds must be 1,000 or fewer"
    assert limits.MONEY.too_high == "Amounts must be £5,000,000,000 or less"
    assert limits.PERCENT.too_high == "Percentages must be between 0% and 100%"
    assert limits.FINANCIAL_YEAR.too_low == "Enter a year between 2000 and 2100"
    assert limits.BEDS.problem(9_000_000_000_000_000_000) == "Beds must be 1,000 or fewer"
    assert limits.BEDS.problem(-1) == "Beds cannot be negative" and limits.BEDS.problem(30) is None
