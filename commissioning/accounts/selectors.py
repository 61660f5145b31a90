"""Reads of organisations and people, already limited to what the user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from commissioning.accounts.choices import STAFF_ROLES, Role
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.permissions import is_administrator, is_operator, is_signed_in


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    """Commissioning staff see every organisation; providers and people see only their own."""
    queryset = Organisation.objects.select_related("area").annotate(member_count=Count("members"))
    if not is_signed_in(user):
        return queryset.none()
    if not (is_operator(user) or user.is_commissioning_staff):
        queryset = queryset.filter(pk=user.organisation_id)
    return queryset.order_by("name")


def organisation_get(*, user: User, pk: int) -> Organisation:
    return get_object_or_404(organisation_list(user=user), pk=pk)


def managed_organisation_list(*, user: User) -> QuerySet[Organisation]:
    """Organisations whose details and accounts the user looks after."""
    if is_operator(user):
        return Organisation.objects.order_by("name")
    if not is_administrator(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(pk=user.organisation_id) | Q(managed_by_id=user.organisation_id)).order_by(
        "name"
    )


def user_list(*, user: User) -> QuerySet[User]:
    """Accounts the user looks after (personal data is kept to those who manage it)."""
    queryset = User.objects.select_related("organisation")
    if is_operator(user):
        pass
    elif is_administrator(user):
        queryset = queryset.filter(Q(organisation_id=user.organisation_id) | Q(managed_by_id=user.organisation_id))
    else:
        return User.objects.none()
    return queryset.order_by("full_name")


def user_get(*, user: User, pk: int) -> User:
    return get_object_or_404(user_list(user=user), pk=pk)


def member_list(*, organisation: Organisation) -> QuerySet[User]:
    return organisation.members.filter(is_active=True).order_by("full_name")


def colleague_list(*, organisation_ids: list[int], roles: tuple[str, ...] = STAFF_ROLES) -> QuerySet[User]:
    """Active people in the given organisations with the given roles (e.g. activity owners)."""
    return (
        User.objects.filter(is_active=True, organisation_id__in=organisation_ids, role__in=roles)
        .select_related("organisation")
        .order_by("full_name")
    )


WORK_ROLES = (Role.COMMISSIONER, Role.CONTRACTS_OFFICER, Role.ADMINISTRATOR)
