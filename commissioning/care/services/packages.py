"""Arranging care for one person, and changing or ending it: each a dated, audited record.

A call-off package takes capacity in the council's block (through contracts' call-off, which checks
what the block has left); a spot purchase names its provider, and its framework when bought under
one; a direct payment records what it buys. Every change (hours, cost, a move, the end) is a
PackageChange with its date and reason; the package holds how things stand now."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_save
from commissioning.care.choices import Arrangement, ChangeKind
from commissioning.care.models import CarePackage, DirectPaymentPurchase, PackageChange, Person
from commissioning.care.permissions import can_arrange_care
from commissioning.care.services.disruption import transition_done
from commissioning.contracts.choices import CallOffStatus, ContractKind
from commissioning.contracts.models import Contract
from commissioning.contracts.services import call_off_end, call_off_request
from commissioning.core.jinja2 import format_date
from commissioning.core.services import audited_save

__all__ = [
    "dp_purchase_add",
    "package_arrange",
    "package_change",
    "package_end",
    "package_move",
    "person_create",
    "weekly_cost_problem",
]

CONTRACT_KINDS = {
    Arrangement.CALL_OFF: (ContractKind.BLOCK,),
    Arrangement.SPOT_FRAMEWORK: (ContractKind.FRAMEWORK, ContractKind.DYNAMIC_MARKET),
    Arrangement.SPOT: (ContractKind.SPOT,),
    Arrangement.ISF: (ContractKind.SPOT, ContractKind.FRAMEWORK, ContractKind.DYNAMIC_MARKET, ContractKind.BLOCK),
    Arrangement.DIRECT_PAYMENT: (),
}
CONTRACT_WORDS = {
    Arrangement.CALL_OFF: "a block contract",
    Arrangement.SPOT_FRAMEWORK: "a framework or dynamic market",
    Arrangement.SPOT: "a spot contract",
    Arrangement.ISF: "a contract with the provider holding the fund",
    Arrangement.DIRECT_PAYMENT: "no contract: a direct payment is the person's to spend",
}


def _check(by: User) -> None:
    if not can_arrange_care(by):
        raise PermissionDenied("Only the council's social workers and commissioning workers arrange care")


def weekly_cost_problem(cost: Decimal | None) -> str:
    """Words for a weekly cost that is not pounds and pence ("" when it is)."""
    if cost is None:
        return "Enter the weekly cost in pounds and pence, for example 412.50"
    if cost < 0:
        return "The weekly cost cannot be negative"
    if cost != cost.quantize(Decimal("0.01")):
        return "Enter the weekly cost in pounds and pence, with at most two decimal places, for example 412.50"
    return ""


def person_create(*, by: User, **fields: Any) -> Person:
    """Add someone the council arranges care for, by pseudonymous reference only."""
    _check(by)
    fields["reference"] = (fields.get("reference") or "").strip().upper()
    person = Person(**fields)
    if Person.objects.filter(organisation=by.organisation, reference=person.reference).exists():
        raise ValidationError({"reference": f"{person.reference} is already recorded: open that person instead"})
    return owned_save(record=person, by=by)


def _next_reference(organisation_id: int) -> str:
    count = CarePackage.objects.filter(organisation_id=organisation_id).count()
    while True:
        count += 1
        reference = f"PKG-{count:06d}"
        if not CarePackage.objects.filter(organisation_id=organisation_id, reference=reference).exists():
            return reference


def _check_contract(by: User, arrangement: str, contract: Contract | None, provider: Any, starts_on: datetime.date):
    kinds = CONTRACT_KINDS[arrangement]
    if contract is None:
        if arrangement in (Arrangement.CALL_OFF, Arrangement.SPOT_FRAMEWORK):
            raise ValidationError({"contract": f"Choose {CONTRACT_WORDS[arrangement]}"})
        return
    if not kinds or contract.kind not in kinds:
        raise ValidationError({"contract": f"{contract.reference} is not {CONTRACT_WORDS[arrangement]}"})
    if contract.organisation_id != by.organisation_id:
        raise ValidationError({"contract": "Choose one of your council's contracts"})
    if contract.is_terminated:
        raise ValidationError(
            {"contract": f"{contract.reference} was terminated on {format_date(contract.terminated_on)}"}
        )
    if not contract.starts_on <= starts_on <= contract.ends_on:
        term = f"{format_date(contract.starts_on)} to {format_date(contract.ends_on)}"
        raise ValidationError({"starts_on": f"Start within {contract.reference}'s term: {term}"})
    if provider is not None and contract.provider_id != provider.pk:
        raise ValidationError({"provider": f"{contract.reference} is held by {contract.provider}, not {provider}"})


@transaction.atomic
def package_arrange(
    *,
    by: User,
    person: Person,
    arrangement: str,
    service_type: str,
    units: Decimal,
    unit: str,
    weekly_cost: Decimal,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    provider: Any = None,
    contract: Contract | None = None,
    reference: str = "",
    user_choice: bool = False,
    preference: str = "",
    client_group: str = "",
    support_reason: str = "",
    moved_from: CarePackage | None = None,
) -> CarePackage:
    """Arrange a package for `person`. A call-off asks the block's provider for the capacity (the
    block must have it left on every day wanted); the provider of a contract is the one it names."""
    _check(by)
    if person.organisation_id != by.organisation_id:
        raise PermissionDenied("Arrange care only for people of your own council")
    if problem := weekly_cost_problem(weekly_cost):
        raise ValidationError({"weekly_cost": problem})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The package must end on or after the day it starts"})
    _check_contract(by, arrangement, contract, provider, starts_on)
    if contract is not None and arrangement != Arrangement.DIRECT_PAYMENT:
        provider = contract.provider  # the provider holding the contract gives the care, and sees it
    reference = (reference or "").strip() or _next_reference(by.organisation_id)
    if CarePackage.objects.filter(organisation_id=by.organisation_id, reference=reference).exists():
        raise ValidationError({"reference": f"A package with the reference {reference} is already recorded"})
    package = CarePackage(
        organisation_id=by.organisation_id,
        reference=reference,
        person=person,
        client_group=client_group or person.client_group,
        support_reason=support_reason or person.support_reason,
        service_type=service_type,
        units=units,
        unit=unit,
        weekly_cost=weekly_cost,
        starts_on=starts_on,
        ends_on=ends_on,
        arrangement=arrangement,
        provider=provider,
        contract=contract,
        user_choice=user_choice,
        preference=preference,
        moved_from=moved_from,
        is_demo=person.is_demo,
    )
    package.full_clean(exclude=["call_off", "source", "moved_from"])
    if arrangement == Arrangement.CALL_OFF:
        package.call_off = call_off_request(
            by=by, contract=contract, units=units, starts_on=starts_on, weekly_cost=weekly_cost, ends_on=ends_on,
            package_reference=reference,
        )  # fmt: skip
    return owned_save(record=package, by=by)


def _locked(package: CarePackage) -> CarePackage:
    # Only the package row is locked: Postgres will not lock the nullable side of an outer join.
    return (
        CarePackage.objects.select_for_update(of=("self",))
        .select_related("call_off__contract", "contract")
        .get(pk=package.pk)
    )


def _check_open(by: User, package: CarePackage, day: datetime.date, field: str = "effective_on") -> None:
    """The package is the council's and still running on `day` (refused naming `field`)."""
    _check(by)
    if package.organisation_id != by.organisation_id:
        raise PermissionDenied("Change care only for people of your own council")
    if package.ends_on is not None and day > package.ends_on:
        raise ValidationError({field: f"The package ended on {format_date(package.ends_on)}"})
    if day < package.starts_on:
        raise ValidationError({field: f"Choose a day on or after the start, {format_date(package.starts_on)}"})
    moved = getattr(package, "moved_to", None)
    if moved is not None:
        raise ValidationError({field: f"This care moved to {moved.reference} on {format_date(moved.starts_on)}: "
                                      "change that package instead"})  # fmt: skip


def _record(package: CarePackage, by: User, **fields: Any) -> PackageChange:
    return audited_save(instance=PackageChange(package=package, made_by=by, **fields), by=by)


@transaction.atomic
def package_change(
    *,
    by: User,
    package: CarePackage,
    effective_on: datetime.date,
    reason: str,
    units: Decimal | None = None,
    weekly_cost: Decimal | None = None,
) -> PackageChange:
    """Hours (or nights) and cost from `effective_on`. For a call-off the block's capacity is
    checked again: the old call-off ends the day before and a new one starts that day."""
    package = _locked(package)
    _check_open(by, package, effective_on)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the package changes"})
    units = package.units if units is None else units
    weekly_cost = package.weekly_cost if weekly_cost is None else weekly_cost
    if problem := weekly_cost_problem(weekly_cost):
        raise ValidationError({"weekly_cost": problem})
    if units == package.units and weekly_cost == package.weekly_cost:
        raise ValidationError({"units": "Change the hours or the weekly cost, or both"})
    if package.call_off is not None and units != package.units:
        if effective_on <= package.call_off.starts_on:
            raise ValidationError({"effective_on": "Change the hours from a day after the call-off started"})
        old = package.call_off
        call_off_end(by=by, call_off=old, ends_on=effective_on - datetime.timedelta(days=1))
        package.call_off = None
        package.save(update_fields=["call_off"])
        package.call_off = call_off_request(
            by=by, contract=old.contract, units=units, starts_on=effective_on, weekly_cost=weekly_cost,
            ends_on=package.ends_on, package_reference=package.reference,
        )  # fmt: skip
    elif package.call_off is not None and weekly_cost != package.weekly_cost:
        package.call_off.weekly_cost = weekly_cost  # what the block's call-off says it costs, too
        audited_save(instance=package.call_off, by=by)
    change = _record(
        package, by, kind=ChangeKind.HOURS if units != package.units else ChangeKind.COST, effective_on=effective_on,
        units_before=package.units, units_after=units, cost_before=package.weekly_cost, cost_after=weekly_cost,
        reason=reason,
    )  # fmt: skip
    package.units, package.weekly_cost = units, weekly_cost
    package.full_clean(exclude=["call_off", "source", "moved_from"])
    owned_save(record=package, by=by)
    return change


@transaction.atomic
def package_end(*, by: User, package: CarePackage, ends_on: datetime.date, reason: str) -> CarePackage:
    """End a package on `ends_on`, its last day of care; a call-off's capacity is free after it."""
    package = _locked(package)
    _check_open(by, package, ends_on, field="ends_on")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the package ends"})
    if package.ends_on == ends_on and package.end_reason:
        raise ValidationError({"ends_on": f"The package already ends on {format_date(ends_on)}"})
    if package.call_off is not None and package.call_off.status != CallOffStatus.DECLINED:
        call_off_end(by=by, call_off=package.call_off, ends_on=ends_on)
    _record(package, by, kind=ChangeKind.ENDED, effective_on=ends_on, reason=reason)
    package.ends_on, package.end_reason = ends_on, reason.strip()[:300]
    return owned_save(record=package, by=by)


@transaction.atomic
def package_move(
    *, by: User, package: CarePackage, moves_on: datetime.date, reason: str, **arranged: Any
) -> CarePackage:
    """Move a person's care to another provider or arrangement from `moves_on`: the package ends
    the day before and a new one (arranged as `arranged` says) carries on the same need."""
    package = _locked(package)
    if moves_on <= package.starts_on:
        raise ValidationError(
            {"moves_on": f"Move on a day after the package started, {format_date(package.starts_on)}"}
        )
    _check_open(by, package, moves_on - datetime.timedelta(days=1), field="moves_on")
    if package.ends_on is not None and moves_on > package.ends_on:
        ends = format_date(package.ends_on)
        raise ValidationError({"moves_on": f"The package ends on {ends}: move it on or before that day"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the care moves"})
    number = 1 + CarePackage.objects.filter(organisation_id=package.organisation_id,
                                            reference__startswith=f"{package.reference[:34]}/M").count()  # fmt: skip
    kept = {
        "service_type": package.service_type, "units": package.units, "unit": package.unit,
        "weekly_cost": package.weekly_cost, "client_group": package.client_group,
        "support_reason": package.support_reason, "ends_on": package.ends_on, "arrangement": package.arrangement,
    }  # fmt: skip
    if not {"provider", "contract", "arrangement"} & {k for k, v in arranged.items() if v is not None}:
        kept.update(provider=package.provider, contract=package.contract)  # the same care, from a later day
    kept.update({k: v for k, v in arranged.items() if v is not None})
    package_end(by=by, package=package, ends_on=moves_on - datetime.timedelta(days=1), reason=reason)
    ended = PackageChange.objects.filter(package=package, kind=ChangeKind.ENDED).latest("pk")
    PackageChange.objects.filter(pk=ended.pk).update(kind=ChangeKind.MOVED)
    transition_done(by=by, package=package)
    return package_arrange(
        by=by, person=package.person, starts_on=moves_on, reference=f"{package.reference[:34]}/M{number}",
        moved_from=package, **kept,
    )  # fmt: skip


@transaction.atomic
def dp_purchase_add(
    *, by: User, package: CarePackage, use: str, weekly_amount: Decimal, hours_a_week: Decimal | None = None
) -> DirectPaymentPurchase:
    """Record something a direct payment buys; together they cannot come to more than the payment."""
    _check(by)
    if package.organisation_id != by.organisation_id:
        raise PermissionDenied("Change care only for people of your own council")
    if package.arrangement != Arrangement.DIRECT_PAYMENT:
        raise ValidationError("Only a direct payment records what it buys")
    if problem := weekly_cost_problem(weekly_amount):
        raise ValidationError({"weekly_amount": problem.replace("weekly cost", "weekly amount")})
    spent = sum((p.weekly_amount for p in package.purchases.all()), Decimal(0))
    if spent + weekly_amount > package.weekly_cost:
        left = package.weekly_cost - spent
        of = f"£{left:,.2f} of £{package.weekly_cost:,.2f} a week"
        raise ValidationError({"weekly_amount": f"More than the direct payment has left: {of}"})
    purchase = DirectPaymentPurchase(package=package, use=use, weekly_amount=weekly_amount, hours_a_week=hours_a_week)
    purchase.full_clean()
    return audited_save(instance=purchase, by=by)
