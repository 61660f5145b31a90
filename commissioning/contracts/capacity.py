"""What a block contract's call-offs use of its capacity: today, at the busiest point of a span,
and week by week or month by month (voids paid for and unused, use beyond the block). Call-offs
waiting for the provider hold capacity as well as accepted ones; declined ones hold none. One
query a contract; the arithmetic is `analytics.utilisation`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils import timezone

from commissioning.analytics import utilisation as u
from commissioning.contracts.choices import CallOffStatus
from commissioning.contracts.models import CallOff, Contract


def _arrays(contract: Contract, first: datetime.date, last: datetime.date) -> tuple[np.ndarray, ...]:
    rows = list(
        CallOff.objects.filter(contract=contract, status__in=CallOffStatus.holding(), starts_on__lte=last)
        .exclude(ends_on__lt=first)
        .values_list("starts_on", "ends_on", "units")
    )
    starts = np.array([r[0] for r in rows], dtype="datetime64[D]")
    ends = np.array([r[1] if r[1] else "NaT" for r in rows], dtype="datetime64[D]")
    units = np.array([u.to_centi(r[2]) for r in rows], dtype=np.int64)
    return starts, ends, units


def peak_use(contract: Contract, first: datetime.date, last: datetime.date) -> Decimal:
    """The most units a week in use on any day from `first` to `last`."""
    use = u.daily_use(*_arrays(contract, first, last), first, last)
    return Decimal(int(use.max()) if use.size else 0) / u.CENTI


def capacity_left(contract: Contract, day: datetime.date | None = None) -> Decimal | None:
    """Units a week still free on `day` (today by default); None for a contract without capacity."""
    if contract.capacity is None:
        return None
    day = day or timezone.localdate()
    return u.capacity_left(contract.capacity, peak_use(contract, day, day))


def utilisation(
    contract: Contract, first: datetime.date, last: datetime.date, by: u.Granularity = "week"
) -> list[u.PeriodUse]:
    """Each week's or month's capacity, use, voids (and what they cost) and overuse."""
    if contract.capacity is None:
        return []
    first, last = max(first, contract.starts_on), min(last, contract.ends_on)
    if last < first:
        return []
    return u.utilisation(
        capacity=contract.capacity,
        **dict(zip(("starts", "ends", "units"), _arrays(contract, first, last), strict=True)),
        first=first,
        last=last,
        by=by,
        price_per_unit=contract.unit_price,
    )


def totals(periods: list[u.PeriodUse]) -> dict[str, Any]:
    """The whole span's voids paid for and average use, for the top of the page."""
    if not periods:
        return {}
    days = sum(p.days for p in periods)
    used = sum(p.used * p.days for p in periods) / days
    capacity = periods[0].capacity
    costs = [p.void_cost for p in periods if p.void_cost is not None]
    return {
        "used": used.quantize(Decimal("0.01")),
        "utilisation": (used / capacity).quantize(Decimal("0.0001")) if capacity else None,
        "void_cost": sum(costs, Decimal(0)) if costs else None,
    }
