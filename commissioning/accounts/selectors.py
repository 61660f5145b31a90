"""Reads of organisations and people, already limited to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from commissioning.accounts.choices import STAFF_ROLES, Role
from commissioning.accounts.models import Organisation, SignInUnlock, User
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


@dataclass(frozen=True)
class SignInLock:
    """An email address that may not sign in until its lock runs out or someone unlocks it."""

    email: str
    failures: int
    last_attempt: datetime.datetime
    person: User | None

    @property
    def unlocks_at(self) -> datetime.datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def sign_in_lock_list(*, user: User) -> list[SignInLock]:
    """Locked sign-ins the user may lift: operators see every address (including ones with no
    account, which show someone guessing); administrators see the people they look after."""
    if not (is_operator(user) or is_administrator(user)):
        return []
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked = (
        AccessAttempt.objects.filter(attempt_time__gte=since, username__isnull=False)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    rows = list(locked)
    people = {person.email: person for person in user_list(user=user).filter(email__in=[r["username"] for r in rows])}
    return [
        SignInLock(row["username"], row["failures"], row["last_attempt"], people.get(row["username"]))
        for row in rows
        if row["username"] in people or is_operator(user)
    ]


def sign_in_unlock_list(*, user: User) -> QuerySet[SignInUnlock]:
    """Unlocks of the people the user looks after (every unlock, for operators), newest first."""
    queryset = SignInUnlock.objects.select_related("person", "unlocked_by")
    if is_operator(user):
        return queryset
    if not is_administrator(user):
        return SignInUnlock.objects.none()
    return queryset.filter(Q(person__in=user_list(user=user)) | Q(unlocked_by=user))
