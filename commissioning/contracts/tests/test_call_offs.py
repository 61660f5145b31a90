"""Calling off a block contract's capacity for one person's care: refused beyond the capacity on
any day it is wanted, accepted or declined by the provider alone, and counted in the block's use
week by week, with the voids paid for."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commissioning.contracts import capacity, services
from commissioning.contracts.models import CallOff
from commissioning.contracts.tests.factories import contract_for, providers_for

pytestmark = pytest.mark.django_db

D = datetime.date


def _block(world, **fields):
    values = {"capacity": Decimal(20), "capacity_unit": "beds", "unit_price": Decimal("800.00"),
              "service_type": "care_home", "title": "Nursing beds, Sale"}  # fmt: skip
    values.update(fields)
    return contract_for(world.alice, providers_for(world).a, **values)


def _call_off(world, block, units, starts_on, ends_on=None, by=None):
    return services.call_off_request(
        by=by or world.sonia, contract=block, units=Decimal(units), starts_on=starts_on, ends_on=ends_on,
        weekly_cost=Decimal("800.00"), package_reference="PKG-1",
    )  # fmt: skip


def test_a_call_off_beyond_the_capacity_on_any_day_is_refused_with_what_is_left(world):
    block = _block(world)
    _call_off(world, block, 18, D(2026, 5, 1))
    _call_off(world, block, 2, D(2026, 6, 1), D(2026, 6, 30))
    with pytest.raises(ValidationError, match="0 beds left at the busiest point"):
        _call_off(world, block, 1, D(2026, 6, 15), D(2026, 7, 15))  # full in the second half of June
    _call_off(world, block, 2, D(2026, 7, 1))  # free again once June's call-off has ended
    assert CallOff.objects.count() == 3
    assert capacity.capacity_left(block, D(2026, 7, 1)) == 0 and capacity.capacity_left(block, D(2026, 5, 2)) == 2


def test_bad_call_offs_name_the_field_and_save_nothing(world):
    block = _block(world)
    spot = contract_for(world.alice, providers_for(world).a, kind="spot", title="Spot")
    cases = [
        (dict(contract=spot), "Only a block contract"),
        (dict(contract=_block(world, capacity=None, title="No capacity")), "Set the block's capacity"),
        (dict(units=Decimal("2.505")), "two decimal places"),
        (dict(units=Decimal(0)), "more than 0"),
        (dict(weekly_cost=Decimal("1.234")), "pounds and pence"),
        (dict(starts_on=D(2025, 1, 1)), "Start within the block's term"),
        (dict(ends_on=D(2026, 4, 30)), "on or after the start"),
    ]
    for change, message in cases:
        values = dict(by=world.sonia, contract=block, units=Decimal(1), starts_on=D(2026, 5, 1),
                      weekly_cost=Decimal("800.00"))  # fmt: skip
        values.update(change)
        with pytest.raises(ValidationError, match=message):
            services.call_off_request(**values)
    assert not CallOff.objects.exists()


def test_only_the_provider_holding_the_block_accepts_or_declines(world):
    block = _block(world)
    first = _call_off(world, block, 1, D(2026, 5, 1))
    with pytest.raises(PermissionDenied):
        services.call_off_decide(by=world.pete, call_off=first, accept=True)  # Provider B's
    with pytest.raises(PermissionDenied):
        services.call_off_decide(by=world.alice, call_off=first, accept=True)  # the council
    with pytest.raises(PermissionDenied):
        _call_off(world, block, 1, D(2026, 5, 1), by=world.pam)  # a provider cannot call off
    with pytest.raises(ValidationError, match="why"):
        services.call_off_decide(by=world.pam, call_off=first, accept=False)
    services.call_off_decide(by=world.pam, call_off=first, accept=False, reason="No nursing bed free until June")
    with pytest.raises(ValidationError, match="already declined"):
        services.call_off_decide(by=world.pam, call_off=first, accept=True)
    assert capacity.capacity_left(block, D(2026, 5, 2)) == 20  # a declined call-off holds nothing


def test_the_blocks_use_by_week_counts_each_day_and_prices_the_voids(world):
    block = _block(world)
    call_off = _call_off(world, block, 10, D(2026, 4, 1))  # a Wednesday
    services.call_off_decide(by=world.pam, call_off=call_off, accept=True)
    services.call_off_end(by=world.sonia, call_off=call_off, ends_on=D(2026, 4, 12))
    with pytest.raises(ValidationError, match="already ends"):
        services.call_off_end(by=world.sonia, call_off=call_off, ends_on=D(2026, 5, 1))
    weeks = capacity.utilisation(block, D(2026, 3, 30), D(2026, 4, 19), by="week")
    assert [w.starts for w in weeks] == [D(2026, 4, 1), D(2026, 4, 6), D(2026, 4, 13)]  # from the block's start
    assert [w.used for w in weeks] == [Decimal("10.00"), Decimal("10.00"), Decimal("0.00")]
    assert weeks[2].void_cost == Decimal("16000.00")  # 20 empty beds for a week at £800
    assert capacity.totals(weeks)["void_cost"] == Decimal("16000.00") + weeks[0].void_cost + weeks[1].void_cost


def test_a_call_off_keeps_only_a_package_reference_never_a_name_or_nhs_number(world):
    block = _block(world)
    for bad in ("Joan Smith", "943 476 5919", "9434765919"):
        with pytest.raises(ValidationError, match=r"NHS number|no spaces or names"):
            services.call_off_request(
                by=world.sonia, contract=block, units=Decimal(1), starts_on=D(2026, 5, 1),
                weekly_cost=Decimal("800.00"), package_reference=bad,
            )  # fmt: skip
    assert not CallOff.objects.exists()
