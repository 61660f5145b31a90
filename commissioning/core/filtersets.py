"""Pieces every app's filter sets share. A list's filter set is one definition for its page (the
filter form) and its API endpoint (query parameters), so both filter the same way."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from commissioning.core.choices import AreaLevel
from commissioning.core.forms import is_record_id
from commissioning.core.models import Area

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"", "false", "0", "no", "off"}


class RecordIdField(forms.CharField):
    """A record's id as typed in an address: ASCII digits of a size the database holds."""

    def to_python(self, value: Any) -> int | None:
        value = super().to_python(value).strip()
        if not value:
            return None
        if not is_record_id(value):
            raise ValidationError("Enter a record id (a whole number)", code="invalid")
        return int(value)


class RecordIdFilter(django_filters.Filter):
    field_class = RecordIdField


class FlagCheckbox(forms.CheckboxInput):
    """A tick box that passes on what was sent, so a query parameter like ?overdue=maybe is an
    error rather than quietly taken as yes."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class FlagField(forms.Field):
    """A yes-only switch: a ticked box or true/1/yes filters; unticked, false or blank does not."""

    widget = FlagCheckbox

    def to_python(self, value: Any) -> bool | None:
        """True when switched on; None (no filtering) when off."""
        text = str(value if value is not None else "").strip().lower()
        if value is True or text in TRUE_WORDS:
            return True
        if value is False or text in FALSE_WORDS:
            return None
        raise ValidationError("Use true or false", code="invalid")


class FlagFilter(django_filters.Filter):
    """A filter (its method, usually) applied only when switched on."""

    field_class = FlagField


def search(*fields: str) -> Any:
    """A filter method matching any of `fields` (case-insensitive, containing the words typed)."""

    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        words = value.strip()
        if not words:
            return queryset
        condition = Q()
        for field in fields:
            condition |= Q(**{field: words})
        return queryset.filter(condition)

    return method


class ListFilterSet(django_filters.FilterSet):
    """A list's filters. Those named in `api_only` are query parameters of the API that the
    page's filter form does not offer (an id typed in an address, say)."""

    api_only: tuple[str, ...] = ()

    @classmethod
    def for_page(cls, request: HttpRequest, queryset: QuerySet[Any], **kwargs: Any) -> ListFilterSet:
        filterset = cls(request.GET or None, queryset=queryset, request=request, **kwargs)
        for name in cls.api_only:
            filterset.form.fields.pop(name, None)
        return filterset


def filtered_page(request: HttpRequest, filterset: django_filters.FilterSet, per_page: int = 50) -> Page:
    """One page of a filtered list (a filter left invalid on a page is simply not applied)."""
    return Paginator(filterset.qs, per_page).get_page(request.GET.get("page"))


class AreaFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Name or GSS code", method=search("name__icontains", "code__iexact"))
    level = django_filters.ChoiceFilter(label="Type", choices=AreaLevel.choices, empty_label="All types")
    region = django_filters.ModelChoiceFilter(
        label="Region",
        queryset=Area.objects.filter(level=AreaLevel.REGION).order_by("name"),
        to_field_name="code",
        method="filter_region",
        empty_label="All regions",
        help_text="GSS code of a region",
    )
    parent = django_filters.CharFilter(field_name="parent__code", label="Parent area", help_text="GSS code")

    api_only = ("parent",)

    class Meta:
        model = Area
        fields: list[str] = []

    def filter_region(self, queryset: QuerySet[Area], name: str, value: Area) -> QuerySet[Area]:
        return queryset.filter(Q(region=value) | Q(pk=value.pk))
