"""How much of a block contract's capacity is used, week by week or month by month.

A block contract buys capacity (20 beds, 2,000 homecare hours a week) whether it is used or not;
call-offs use it from the day they start to the day they end. For each period this works out the
capacity, the average use, the voids (capacity paid for and not used), any use beyond the
capacity, and what the voids cost at the contract's price per unit.

Use is counted day by day: a placement uses its units a week on every day from its start to its
end (both included), and a period's use is the average over its days, so a placement that starts
mid-week counts for the days it ran. Units are whole hundredths (2.5 hours is 250) so sums are
exact; the day-by-day totals come from one difference array, so 20,000 placements over two years
take milliseconds. Framework-free, like the rest of analytics.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import numpy as np

ONE_DAY = datetime.timedelta(days=1)
CENTI = 100  # units are stored as whole hundredths
Granularity = Literal["week", "month"]


@dataclass(frozen=True)
class PeriodUse:
    starts: datetime.date
    ends: datetime.date  # the period's last day
    days: int
    capacity: Decimal  # units a week
    used: Decimal  # average units a week in use
    void: Decimal  # capacity not used (units a week), never negative
    over: Decimal  # use beyond the capacity (units a week), never negative
    utilisation: Decimal | None  # used / capacity, None without capacity
    void_cost: Decimal | None  # what the voids cost over the period, None without a price
    by: Granularity = "week"

    @property
    def label(self) -> str:
        if self.by == "month":
            return f"{self.starts:%B %Y}"
        return f"Week from {self.starts.day} {self.starts:%b %Y}"


def to_centi(value: Decimal | float | int) -> int:
    """Units as whole hundredths; refuses what cannot be said in hundredths."""
    amount = Decimal(str(value)) * CENTI
    if amount != amount.to_integral_value():
        raise ValueError(f"{value} has more than two decimal places")
    return int(amount)


def daily_use(
    starts: np.ndarray, ends: np.ndarray, units: np.ndarray, first: datetime.date, last: datetime.date
) -> np.ndarray:
    """Units a week in use on each day from `first` to `last`, in hundredths (int64).

    `starts` and `ends` are datetime64[D] arrays (an open-ended placement ends on NaT) and `units`
    whole hundredths a week, one entry a placement."""
    days = (last - first).days + 1
    if days <= 0:
        return np.zeros(0, dtype=np.int64)
    origin = np.datetime64(first, "D")
    begin = (starts.astype("datetime64[D]") - origin).astype(np.int64)
    finish = np.where(np.isnat(ends), days - 1, (ends.astype("datetime64[D]") - origin).astype(np.int64))
    live = (finish >= 0) & (begin <= days - 1) & (finish >= begin)
    begin, finish, amount = np.clip(begin[live], 0, days - 1), np.clip(finish[live], 0, days - 1), units[live]
    change = np.zeros(days + 1, dtype=np.int64)
    np.add.at(change, begin, amount.astype(np.int64))
    np.add.at(change, finish + 1, -amount.astype(np.int64))
    return np.cumsum(change[:-1])


def periods(first: datetime.date, last: datetime.date, by: Granularity) -> list[tuple[datetime.date, datetime.date]]:
    """Weeks (Monday to Sunday) or calendar months covering `first` to `last`, cut to that range."""
    spans = []
    if by == "week":
        start = first - datetime.timedelta(days=first.weekday())
        while start <= last:
            spans.append((max(start, first), min(start + datetime.timedelta(days=6), last)))
            start += datetime.timedelta(days=7)
    elif by == "month":
        start = first.replace(day=1)
        while start <= last:
            following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            spans.append((max(start, first), min(following - ONE_DAY, last)))
            start = following
    else:
        raise ValueError(f"Count by week or month, not {by!r}")
    return spans


def utilisation(
    *,
    capacity: Decimal | int,
    starts: np.ndarray,
    ends: np.ndarray,
    units: np.ndarray,
    first: datetime.date,
    last: datetime.date,
    by: Granularity = "week",
    price_per_unit: Decimal | None = None,
) -> list[PeriodUse]:
    """Each period's capacity, use, voids and overuse for a block of `capacity` units a week, with
    what the voids cost at `price_per_unit` (a unit for a week: an hour's price for hours, a bed's
    weekly fee for beds)."""
    use = daily_use(starts, ends, units, first, last)
    capacity_centi = to_centi(capacity)
    result = []
    for start, end in periods(first, last, by):
        window = use[(start - first).days : (end - first).days + 1]
        days = len(window)
        used = Decimal(int(window.sum())) / (CENTI * days)
        cap = Decimal(capacity_centi) / CENTI
        void, over = max(cap - used, Decimal(0)), max(used - cap, Decimal(0))
        result.append(
            PeriodUse(
                starts=start,
                ends=end,
                days=days,
                capacity=cap,
                used=used.quantize(Decimal("0.01")),
                void=void.quantize(Decimal("0.01")),
                over=over.quantize(Decimal("0.01")),
                utilisation=(used / cap).quantize(Decimal("0.0001")) if cap else None,
                void_cost=(void * price_per_unit * days / 7).quantize(Decimal("0.01"))
                if price_per_unit is not None
                else None,
                by=by,
            )
        )
    return result


def capacity_left(capacity: Decimal | int, in_use_now: Decimal | int) -> Decimal:
    """Units a week still free in a block today: what a new call-off may take."""
    return max(Decimal(str(capacity)) - Decimal(str(in_use_now)), Decimal(0))
