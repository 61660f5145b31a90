"""Call-offs from block contracts: capacity taken for one person's care, checked against what the
block has left over the whole time it is wanted, accepted or declined by the provider, and ended.
What is left and how much is used come from `capacity.py`; the person stays in `care`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.analytics.text import plain_number
from commissioning.contracts.capacity import peak_use
from commissioning.contracts.choices import CallOffStatus, ContractKind
from commissioning.contracts.models import CallOff, Contract
from commissioning.contracts.permissions import can_call_off, can_decide_call_off
from commissioning.core import limits
from commissioning.core.jinja2 import format_date
from commissioning.core.services import audited_save

__all__ = ["call_off_decide", "call_off_end", "call_off_request"]


def _units(units: Decimal | None) -> Decimal:
    if units is None:
        raise ValidationError({"units": "Enter how many a week"})
    problem = limits.HOURS_A_WEEK.problem(units)
    if problem or units <= 0:
        raise ValidationError({"units": problem or "Enter more than 0"})
    if units != units.quantize(Decimal("0.01")):
        raise ValidationError({"units": "Use at most two decimal places, for example 7.5"})
    return units


def _next_reference(contract: Contract) -> str:
    return f"{contract.reference}-C{contract.block_call_offs.count() + 1:04d}"


@transaction.atomic
def call_off_request(
    *,
    by: User,
    contract: Contract,
    units: Decimal,
    starts_on: datetime.date,
    weekly_cost: Decimal,
    ends_on: datetime.date | None = None,
    package_reference: str = "",
) -> CallOff:
    """Call off `units` a week from a block from `starts_on` (until `ends_on`, or while the block
    runs). Refused, with what is left, if the block would be over its capacity on any day."""
    if not can_call_off(by, contract):
        raise PermissionDenied("Only the council's commissioning workers and social workers call off its blocks")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)  # one call-off at a time per block
    if contract.kind != ContractKind.BLOCK:
        raise ValidationError({"contract": "Only a block contract has capacity to call off"})
    if contract.capacity is None:
        raise ValidationError({"contract": "Set the block's capacity before calling it off"})
    if contract.is_terminated:
        raise ValidationError({"contract": f"The block was terminated on {format_date(contract.terminated_on)}"})
    units = _units(units)
    if weekly_cost is None or weekly_cost < 0 or weekly_cost != weekly_cost.quantize(Decimal("0.01")):
        raise ValidationError({"weekly_cost": "Enter the weekly cost in pounds and pence, for example 412.50"})
    if not contract.starts_on <= starts_on <= contract.ends_on:
        term = f"{format_date(contract.starts_on)} to {format_date(contract.ends_on)}"
        raise ValidationError({"starts_on": f"Start within the block's term: {term}"})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end must be on or after the start"})
    last = min(ends_on or contract.ends_on, contract.ends_on)
    in_use = peak_use(contract, starts_on, last)
    if in_use + units > contract.capacity:
        left = max(contract.capacity - in_use, Decimal(0))
        unit = contract.get_capacity_unit_display().lower()
        raise ValidationError(
            {"units": f"Beyond the block's capacity: {plain_number(left)} {unit} left at the busiest point from "
             f"{format_date(starts_on)}, and {plain_number(units)} asked for"}
        )  # fmt: skip
    call_off = CallOff(
        contract=contract,
        reference=_next_reference(contract),
        units=units,
        starts_on=starts_on,
        ends_on=ends_on,
        weekly_cost=weekly_cost,
        package_reference=package_reference,
        requested_by=by,
    )
    return audited_save(instance=call_off, by=by)


@transaction.atomic
def call_off_decide(*, by: User, call_off: CallOff, accept: bool, reason: str = "") -> CallOff:
    """The provider accepts the call-off, or declines it saying why (its capacity is then free)."""
    call_off = CallOff.objects.select_for_update().select_related("contract__provider").get(pk=call_off.pk)
    if not can_decide_call_off(by, call_off):
        raise PermissionDenied("Only the provider holding the contract accepts or declines its call-offs")
    if call_off.status != CallOffStatus.REQUESTED:
        raise ValidationError(f"This call-off is already {call_off.get_status_display().lower()}")
    if not accept and not reason.strip():
        raise ValidationError({"reason": "Say why the call-off is declined"})
    call_off.status = CallOffStatus.ACCEPTED if accept else CallOffStatus.DECLINED
    call_off.decided_by, call_off.decided_at, call_off.decline_reason = by, timezone.now(), reason
    return audited_save(instance=call_off, by=by)


@transaction.atomic
def call_off_end(*, by: User, call_off: CallOff, ends_on: datetime.date) -> CallOff:
    """End a call-off on `ends_on` (its last day of care): its capacity is free from the day after."""
    call_off = CallOff.objects.select_for_update().select_related("contract").get(pk=call_off.pk)
    if not can_call_off(by, call_off.contract):
        raise PermissionDenied("Only the council's commissioning workers and social workers end call-offs")
    if not call_off.holds_capacity:
        raise ValidationError("A declined call-off holds no capacity to end")
    if ends_on < call_off.starts_on:
        raise ValidationError({"ends_on": f"End on or after its start, {format_date(call_off.starts_on)}"})
    if call_off.ends_on is not None and ends_on > call_off.ends_on:
        raise ValidationError(
            {"ends_on": f"It already ends on {format_date(call_off.ends_on)}: end it earlier, or call off anew"}
        )
    call_off.ends_on = ends_on
    return audited_save(instance=call_off, by=by)
