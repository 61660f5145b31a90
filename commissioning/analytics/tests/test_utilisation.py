"""Block capacity used day by day: voids, overuse and their cost, by week and by month."""

from __future__ import annotations

import datetime
from decimal import Decimal

import numpy as np
import pytest

from commissioning.analytics import utilisation as u

D = datetime.date


def _arrays(*placements):
    starts = np.array([p[0] for p in placements], dtype="datetime64[D]")
    ends = np.array([p[1] if p[1] else "NaT" for p in placements], dtype="datetime64[D]")
    units = np.array([u.to_centi(p[2]) for p in placements], dtype=np.int64)
    return starts, ends, units


def test_a_bed_placed_mid_week_counts_for_the_days_it_was_used():
    starts, ends, units = _arrays((D(2027, 1, 6), None, 1), (D(2027, 1, 4), D(2027, 1, 10), 1))
    weeks = u.utilisation(capacity=2, starts=starts, ends=ends, units=units, first=D(2027, 1, 4),
                          last=D(2027, 1, 17), price_per_unit=Decimal("700"))  # fmt: skip
    first, second = weeks
    # Monday to Sunday: one bed all week, the other from Wednesday (5 of 7 days).
    assert first.used == Decimal("1.71") and first.void == Decimal("0.29")
    assert first.void_cost == Decimal("200.00")  # 2/7 of a bed-week at £700
    assert second.used == Decimal("1.00") and second.utilisation == Decimal("0.5000")
    assert second.label == "Week from 11 Jan 2027"


def test_use_beyond_the_block_is_shown_as_over_not_as_a_negative_void():
    starts, ends, units = _arrays((D(2027, 1, 1), None, "1200.50"), (D(2027, 1, 1), None, 900))
    (month,) = u.utilisation(capacity=2000, starts=starts, ends=ends, units=units, first=D(2027, 1, 1),
                             last=D(2027, 1, 31), by="month")  # fmt: skip
    assert (month.used, month.void, month.over) == (Decimal("2100.50"), Decimal("0.00"), Decimal("100.50"))
    assert month.label == "January 2027" and month.void_cost is None


def test_placements_outside_the_range_or_ending_before_they_start_count_for_nothing():
    starts, ends, units = _arrays((D(2026, 1, 1), D(2026, 12, 31), 5), (D(2027, 3, 1), None, 5),
                                  (D(2027, 1, 10), D(2027, 1, 5), 5))  # fmt: skip
    use = u.daily_use(starts, ends, units, D(2027, 1, 1), D(2027, 1, 31))
    assert not use.any()


def test_months_are_cut_to_the_range_and_units_are_exact_hundredths():
    assert u.periods(D(2027, 1, 15), D(2027, 3, 10), "month") == [
        (D(2027, 1, 15), D(2027, 1, 31)), (D(2027, 2, 1), D(2027, 2, 28)), (D(2027, 3, 1), D(2027, 3, 10)),
    ]  # fmt: skip
    with pytest.raises(ValueError, match="two decimal places"):
        u.to_centi("2.505")
    assert u.capacity_left(20, Decimal("21")) == 0
