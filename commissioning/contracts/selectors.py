"""Every read of contracts, already scoped to what the reader may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.contracts.models import CallOff, Contract, ExtensionOption, Kpi, Variation
from commissioning.market.models import Provider
from commissioning.procurement.choices import AwardStatus
from commissioning.procurement.models import Award


def contract_list(*, user: User) -> QuerySet[Contract]:
    return (
        Contract.objects.visible_to(user)
        .select_related("provider", "organisation")
        .prefetch_related(Prefetch("extensions", queryset=ExtensionOption.objects.order_by("position")))
    )


def provider_choices(*, user: User) -> QuerySet[Provider]:
    """Providers to choose from on a form: those with a location in the organisation's area, or
    holding its contracts (never the whole national register)."""
    providers = Provider.objects.filter(pk__in=contract_list(user=user).values("provider_id"))
    area_id = getattr(user.organisation, "area_id", None)
    if area_id:
        providers = providers | Provider.objects.filter(locations__local_authority_id=area_id)
    return providers.distinct().order_by("name")


def contract_get(*, user: User, pk: Any) -> Contract:
    found = contract_list(user=user).select_related(
        "procurement", "lot", "award", "priority__version", "framework", "terminated_by"
    )
    try:
        return found.get(pk=pk)
    except (Contract.DoesNotExist, ValueError, TypeError):
        raise Http404("No such contract") from None


def ending_soon(queryset: QuerySet[Contract], today: datetime.date | None = None) -> QuerySet[Contract]:
    """Live contracts inside their renewal alert: from `alert_from` until they end."""
    today = today or timezone.localdate()
    return queryset.filter(terminated_on__isnull=True, alert_from__lte=today, ends_on__gte=today)


def status_condition(status: str, today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    live = Q(terminated_on__isnull=True)
    return {
        "not_started": live & Q(starts_on__gt=today),
        "live": live & Q(starts_on__lte=today, ends_on__gte=today),
        "ended": live & Q(ends_on__lt=today),
        "terminated": Q(terminated_on__isnull=False),
    }[status]


def variation_list(*, user: User) -> QuerySet[Variation]:
    return Variation.objects.visible_to(user).select_related("contract", "approved_by", "cost_of_care")


def kpi_list(*, user: User) -> QuerySet[Kpi]:
    return Kpi.objects.visible_to(user).select_related("contract")


def awards_waiting(*, user: User) -> QuerySet[Award]:
    """The organisation's signed awards that have no contract in the register yet."""
    return (
        Award.objects.visible_to(user)
        .filter(status=AwardStatus.SIGNED, contract__isnull=True)
        .select_related("procurement", "lot", "supplier")
        .order_by("-signed_on", "pk")
    )


def award_get(*, user: User, pk: Any) -> Award:
    try:
        return Award.objects.visible_to(user).select_related("procurement", "lot", "supplier").get(pk=pk)
    except (Award.DoesNotExist, ValueError, TypeError):
        raise Http404("No such award") from None


def call_off_list(*, user: User) -> QuerySet[CallOff]:
    """Call-offs from the blocks the user may see: the council's, or those asked of a provider."""
    return CallOff.objects.visible_to(user).select_related("contract")
