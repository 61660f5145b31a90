"""When care must move: a service the purchasing plan decommissions, or a provider that fails.

Ending a service finds every package it gives on its last day (the council's packages of that
service, or of the providers named) and writes each person's and provider's transition into the
plan, by pseudonymous reference only; each package is then moved (`package_move`), which marks the
person's transition done. Activating a provider's contingency plan lists every package it gives and
the capacity there is to absorb them: the council's blocks with room left, and vacant beds in homes
of the area from their latest capacity returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_save
from commissioning.care.choices import Arrangement
from commissioning.care.models import CarePackage, ProviderFailure
from commissioning.care.permissions import can_manage_disruption
from commissioning.care.selectors import live_on
from commissioning.contracts.capacity import capacity_left
from commissioning.contracts.choices import ContractKind
from commissioning.contracts.models import Contract
from commissioning.core.jinja2 import format_date
from commissioning.market.analysis import vacancies
from commissioning.strategy import selectors as plans
from commissioning.strategy import services as strategy
from commissioning.strategy.choices import TransitionStatus
from commissioning.strategy.models import Decommissioning

__all__ = [
    "Absorber",
    "absorbing_capacity",
    "decommissioning_packages",
    "failure_activate",
    "failure_packages",
    "transition_done",
    "transitions_plan",
]


def decommissioning_packages(decommissioning: Decommissioning) -> list[CarePackage]:
    """The packages the council buys of the service being stopped: those still in place on its
    last day, and those already moved on since it was planned (shown with where they went; the
    package they moved to is not counted again). A direct payment is the person's to spend, so it
    is not stopped with the service."""
    d = decommissioning
    planned_on = timezone.localtime(d.created_at).date()
    # A decommissioning that names its providers stops their service only, not every one of its kind.
    named = list(d.providers.values_list("provider_id", flat=True))
    of_providers = Q(provider_id__in=named) if named else Q()
    moved_since = Q(ends_on__gte=planned_on, ends_on__lte=d.ends_on, moved_to__isnull=False)
    found = list(
        CarePackage.objects.filter(
            live_on(d.ends_on) | moved_since,
            of_providers,
            organisation_id=d.plan.cycle.lead_organisation_id,
            service_type=d.service_type,
            arrangement__in=Arrangement.with_provider(),
        )
        .select_related("person", "provider", "moved_to__provider")
        .order_by("person__reference", "pk")
    )
    ids = {p.pk for p in found}
    return [p for p in found if p.moved_from_id not in ids]


@transaction.atomic
def transitions_plan(*, by: User, decommissioning: Decommissioning) -> tuple[int, int]:
    """Write a transition into the plan for each person and provider affected who has none yet:
    each person to move by the service's last day. Returns how many people and providers."""
    if not can_manage_disruption(by):
        raise PermissionDenied("Only the council's commissioning workers plan transitions")
    packages = [p for p in decommissioning_packages(decommissioning) if not hasattr(p, "moved_to")]
    if not packages:
        raise ValidationError(
            f"No {decommissioning.get_service_type_display().lower()} packages are in place on "
            f"{format_date(decommissioning.ends_on)}: nobody needs to move"
        )
    planned = set(decommissioning.people.values_list("reference", flat=True))
    people = 0
    for package in packages:
        reference = package.person.reference
        if reference in planned:
            continue
        planned.add(reference)
        strategy.person_transition_add(
            decommissioning=decommissioning, by=by, reference=reference, move_by=decommissioning.ends_on,
            # Only the date: the plan is read more widely than care (councillors, partners), so what
            # the person's care is and costs stays on the care page.
            plan=f"Move to other support by {format_date(decommissioning.ends_on)}, as agreed with them",
        )  # fmt: skip
        people += 1
    known = set(decommissioning.providers.values_list("provider_id", flat=True))
    providers = 0
    for provider in {p.provider for p in packages if p.provider is not None}:
        if provider.pk in known:
            continue
        strategy.provider_transition_add(
            decommissioning=decommissioning, by=by, provider=provider,
            plan=f"Notice that the council stops buying {decommissioning.service} on "
                 f"{format_date(decommissioning.ends_on)}; agree each person's move with them",
        )  # fmt: skip
        providers += 1
    return people, providers


def transition_done(*, by: User, package: CarePackage) -> None:
    """Mark the person's transition done in any plan stopping the service the package gave."""
    for transition in plans.person_transitions_of(
        reference=package.person.reference, organisation_id=package.organisation_id, service_type=package.service_type
    ).exclude(status=TransitionStatus.DONE):
        strategy.transition_update(transition=transition, by=by, status=TransitionStatus.DONE)


@transaction.atomic
def failure_activate(*, by: User, provider: Any, activated_on: datetime.date, reason: str) -> ProviderFailure:
    """Put a provider's contingency plan into action from `activated_on`."""
    if not can_manage_disruption(by):
        raise PermissionDenied("Only the council's commissioning workers activate a contingency plan")
    if not reason.strip():
        raise ValidationError({"reason": "Say what happened"})
    if ProviderFailure.objects.filter(organisation_id=by.organisation_id, provider=provider).exists():
        raise ValidationError({"provider": f"The contingency plan for {provider} is already active: open it"})
    failure = ProviderFailure(provider=provider, activated_on=activated_on, reason=reason, activated_by=by)
    failure.full_clean(exclude=["organisation"])
    return owned_save(record=failure, by=by)


def failure_packages(failure: ProviderFailure) -> QuerySet[CarePackage]:
    """Every package the provider gives the council from the day the plan was activated."""
    return (
        CarePackage.objects.filter(organisation_id=failure.organisation_id, provider_id=failure.provider_id)
        .exclude(ends_on__lt=failure.activated_on)
        .select_related("person", "contract", "moved_to")
        .order_by("service_type", "person__reference", "pk")
    )


@dataclass(frozen=True)
class Absorber:
    """Somewhere affected people could go: a block with room, or a home with vacant beds."""

    name: str
    service: str
    room: Decimal | int
    unit: str
    source: str
    address: str = ""


def absorbing_capacity(
    *, organisation: Any, service_types: set[str], day: datetime.date, excluding: Any
) -> list[Absorber]:
    """The council's live blocks for these services with room left on `day`, and homes in its
    area with vacant beds in their latest capacity return, other than the failing provider's."""
    found: list[Absorber] = []
    blocks = Contract.objects.filter(
        organisation=organisation, kind=ContractKind.BLOCK, capacity__isnull=False, terminated_on__isnull=True,
        starts_on__lte=day, ends_on__gte=day, service_type__in=service_types,
    ).exclude(provider=excluding).select_related("provider")  # fmt: skip
    for block in blocks:
        left = capacity_left(block, day)
        if left and left > 0:
            found.append(
                Absorber(
                    block.provider.name,
                    block.get_service_type_display(),
                    left,
                    block.get_capacity_unit_display().lower(),
                    f"Block {block.reference}",
                    block.get_absolute_url(),
                )
            )
    beds = {"care_home", "residential", "nursing"}
    if organisation.area_id and beds & service_types:
        for home, latest in vacancies(organisation.area):
            if home.provider_id == getattr(excluding, "pk", None) or latest is None:
                continue
            if latest.beds_vacant_accepting:
                found.append(
                    Absorber(
                        f"{home.name} ({home.provider.name})",
                        "Care home",
                        latest.beds_vacant_accepting,
                        "vacant beds",
                        f"Capacity return of {format_date(latest.return_date)}",
                    )
                )
    return found
