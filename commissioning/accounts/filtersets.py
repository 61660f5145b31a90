"""Filters for the organisation and people lists: one definition for the page and the API."""

from __future__ import annotations

import django_filters

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import Organisation, User
from commissioning.core.filtersets import ListFilterSet, RecordIdFilter, search


class OrganisationFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Search by name", field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="Type", choices=OrganisationKind.choices, empty_label="All types")

    class Meta:
        model = Organisation
        fields: list[str] = []


class UserFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Name or email", method=search("full_name__icontains", "email__icontains"))
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="All roles")
    organisation = RecordIdFilter(field_name="organisation_id")

    api_only = ("organisation",)

    class Meta:
        model = User
        fields: list[str] = []
