"""Every read of care for individuals, already scoped to what the reader may see. Other apps read
person-level records only through here (an import contract says so)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.care.choices import Arrangement, PackageStatus
from commissioning.care.models import CarePackage, PackageImport, Person, PersonalBudget, ProviderFailure
from commissioning.contracts.choices import CallOffStatus


def person_list(*, user: User) -> QuerySet[Person]:
    return Person.objects.visible_to(user).select_related("area")


def has_people(*, organisation_id: int) -> bool:
    return Person.objects.filter(organisation_id=organisation_id).exists()


def person_get(*, user: User, pk: Any) -> Person:
    try:
        return person_list(user=user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person") from None


def package_list(*, user: User) -> QuerySet[CarePackage]:
    return CarePackage.objects.visible_to(user).select_related("person", "provider", "contract", "call_off")


def package_get(*, user: User, pk: Any) -> CarePackage:
    try:
        return package_list(user=user).select_related("moved_from", "person__area").get(pk=pk)
    except (CarePackage.DoesNotExist, ValueError, TypeError):
        raise Http404("No such care package") from None


def live_on(day: datetime.date | None = None) -> Q:
    """Packages in place on `day` (today by default)."""
    day = day or timezone.localdate()
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def status_condition(status: str, day: datetime.date | None = None) -> Q:
    day = day or timezone.localdate()
    return {
        PackageStatus.PLANNED: Q(starts_on__gt=day),
        PackageStatus.LIVE: live_on(day),
        PackageStatus.ENDED: Q(ends_on__lt=day),
    }[status]


def budget_list(*, user: User) -> QuerySet[PersonalBudget]:
    return PersonalBudget.objects.visible_to(user).select_related("person")


def budget_get(*, user: User, pk: Any) -> PersonalBudget:
    try:
        return budget_list(user=user).get(pk=pk)
    except (PersonalBudget.DoesNotExist, ValueError, TypeError):
        raise Http404("No such personal budget") from None


def failure_list(*, user: User) -> QuerySet[ProviderFailure]:
    return ProviderFailure.objects.visible_to(user).select_related("provider", "activated_by")


def failure_get(*, user: User, pk: Any) -> ProviderFailure:
    try:
        return failure_list(user=user).get(pk=pk)
    except (ProviderFailure.DoesNotExist, ValueError, TypeError):
        raise Http404("No such provider failure") from None


def import_list(*, user: User) -> QuerySet[PackageImport]:
    return PackageImport.objects.visible_to(user).select_related("imported_by")


def package_counts(*, organisation_id: int, day: datetime.date | None = None) -> dict[str, Any]:
    """Counts and weekly cost of a council's packages in place on `day`, by how they were arranged:
    the only figures about packages that leave this app for people who may not see them."""
    rows = (
        CarePackage.objects.filter(live_on(day), organisation_id=organisation_id)
        .exclude(call_off__status=CallOffStatus.DECLINED)  # the provider said no: no one is giving it
        .values("arrangement")
        .annotate(packages=Count("pk"), people=Count("person", distinct=True), weekly=Sum("weekly_cost"))
    )
    return {row["arrangement"]: row for row in rows}


def direct_payment_share(*, organisation_id: int, day: datetime.date | None = None) -> dict[str, Any] | None:
    """Direct payments' share of the weekly cost of packages in place, and how many people have one."""
    counts = package_counts(organisation_id=organisation_id, day=day)
    total = sum((row["weekly"] for row in counts.values()), 0)
    if not total:
        return None
    dp = counts.get(Arrangement.DIRECT_PAYMENT, {"packages": 0, "people": 0, "weekly": 0})
    return {
        "weekly": dp["weekly"],
        "people": dp["people"],
        "total_weekly": total,
        "percent": 100 * dp["weekly"] / total,
    }
