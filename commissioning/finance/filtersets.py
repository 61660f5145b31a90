"""Filters for resources lists: one definition for the spend page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from commissioning.core.filtersets import ListFilterSet, search
from commissioning.finance.forms import year_choices
from commissioning.finance.models import Budget, SpendTransaction


class FinancialYearField(forms.TypedChoiceField):
    """A financial year: the page offers the years around this one; the API takes any year."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(coerce=int, choices=[("", "Any year"), *year_choices()])
        super().__init__(*args, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value).isascii() and str(value).isdigit() and 2000 <= int(value) <= 2100


class FinancialYearFilter(django_filters.Filter):
    field_class = FinancialYearField


class BudgetFilterSet(ListFilterSet):
    financial_year = FinancialYearFilter(label="Financial year", help_text="2026 means 2026 to 2027")

    class Meta:
        model = Budget
        fields: list[str] = []


class SpendTransactionFilterSet(ListFilterSet):
    financial_year = FinancialYearFilter(label="Financial year", help_text="2026 means 2026 to 2027")
    cost_centre = django_filters.CharFilter(label="Cost centre code", field_name="cost_centre__code", max_length=20)
    q = django_filters.CharFilter(
        label="Supplier or description", method=search("supplier__icontains", "description__icontains"), max_length=100
    )

    class Meta:
        model = SpendTransaction
        fields: list[str] = []
