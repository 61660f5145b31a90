"""Working days and standstill periods, on dates a commissioner will meet: Christmas 2026, Easter
2027 and days off that are bank holidays in only one part of the UK; and the Public Contracts
Regulations 2015's calendar-day count, on its published worked examples."""

from __future__ import annotations

from datetime import date

import pytest

from commissioning.analytics.working_days import (
    add_working_days,
    is_working_day,
    non_working_reason,
    pcr_standstill,
    psr_standstill,
    standstill,
)

ENGLAND = ("ENG",)


def test_weekends_and_days_off_anywhere_in_the_uk_are_not_working_days():
    assert is_working_day(date(2026, 12, 1))  # a Tuesday
    assert not is_working_day(date(2026, 12, 5))  # a Saturday
    assert non_working_reason(date(2026, 11, 30)) == "Saint Andrew's Day (bank holiday in Scotland)"
    assert non_working_reason(date(2027, 7, 12)) == "Battle of the Boyne (bank holiday in Northern Ireland)"
    assert non_working_reason(date(2027, 3, 17)) == "Saint Patrick's Day (bank holiday in Northern Ireland)"
    assert non_working_reason(date(2026, 8, 3)) == "Summer Bank Holiday (bank holiday in Scotland)"
    assert non_working_reason(date(2026, 1, 2)) == "New Year Holiday (bank holiday in Scotland)"
    assert not is_working_day(date(2026, 8, 31))  # the late summer bank holiday everywhere but Scotland
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day falls on a Saturday; the Monday is off


def test_counting_england_alone_would_miss_st_andrews_day():
    assert is_working_day(date(2026, 11, 30), parts=ENGLAND)
    assert add_working_days(date(2026, 11, 26), 8, parts=ENGLAND) == date(2026, 12, 7)
    assert add_working_days(date(2026, 11, 26), 8) == date(2026, 12, 8)


def test_add_working_days_counts_the_start_when_it_is_a_working_day():
    assert add_working_days(date(2026, 12, 1), 1) == date(2026, 12, 1)
    assert add_working_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # Saturday: the count starts Monday
    with pytest.raises(ValueError, match="1 or more"):
        add_working_days(date(2026, 12, 1), 0)


def test_a_notice_on_thursday_17_december_2026_runs_over_christmas_and_ends_on_30_december():
    period = standstill(date(2026, 12, 17))
    assert period.starts == date(2026, 12, 17)
    assert period.last_day == date(2026, 12, 30)
    assert period.earliest_signing == date(2026, 12, 31)
    assert period.days_off == (
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
    )


def test_easter_2027_adds_good_friday_and_easter_monday():
    period = standstill(date(2027, 3, 25))  # the Thursday before Good Friday
    assert period.last_day == date(2027, 4, 7)
    assert [day for day, _why in period.days_off] == [date(2027, 3, 26), date(2027, 3, 29)]


def test_twelfth_of_july_in_northern_ireland_stops_the_count_in_england_too():
    assert standstill(date(2027, 7, 8)).last_day == date(2027, 7, 20)
    assert add_working_days(date(2027, 7, 8), 8, parts=ENGLAND) == date(2027, 7, 19)


def test_a_notice_on_christmas_eve_2024_ends_a_day_later_than_an_english_calendar_says():
    # 2 January is a bank holiday in Scotland only.
    assert standstill(date(2024, 12, 24)).last_day == date(2025, 1, 8)
    assert add_working_days(date(2024, 12, 24), 8, parts=ENGLAND) == date(2025, 1, 7)


def test_a_standstill_ending_on_a_friday_may_be_followed_by_a_signing_on_the_saturday():
    period = standstill(date(2026, 10, 7))
    assert period.last_day == date(2026, 10, 16)  # a Friday
    assert period.earliest_signing == date(2026, 10, 17)
    assert period.first_working_day_after == date(2026, 10, 19)


def test_a_notice_published_at_the_weekend_starts_counting_on_monday():
    period = standstill(date(2026, 12, 5))
    assert period.starts == date(2026, 12, 5)
    assert period.last_day == date(2026, 12, 16)


def test_a_longer_standstill_may_be_set_but_not_a_shorter_one():
    assert standstill(date(2026, 10, 5), working_days=10).last_day == date(2026, 10, 16)
    with pytest.raises(ValueError, match="at least 8 working days"):
        standstill(date(2026, 10, 5), working_days=7)


def test_psr_counts_eight_working_days_after_the_day_after_the_notice():
    period = psr_standstill(date(2026, 10, 5))  # a Monday
    assert period.starts == date(2026, 10, 6)
    assert period.last_day == date(2026, 10, 16)  # the Procurement Act would end on Wednesday 14th
    assert standstill(date(2026, 10, 5)).last_day == date(2026, 10, 14)
    assert psr_standstill(date(2026, 10, 9)).last_day == date(2026, 10, 21)  # a Friday notice


def test_psr_over_new_year_2027_skips_the_scottish_substitute_day():
    period = psr_standstill(date(2026, 12, 23))
    assert period.last_day == date(2027, 1, 11)
    assert (date(2027, 1, 4), "New Year Holiday (observed) (bank holiday in Scotland)") in period.days_off
    assert psr_standstill(date(2026, 12, 23), parts=ENGLAND).last_day == date(2027, 1, 8)


def test_pcr_notices_emailed_on_23_march_2010_run_past_good_friday_and_easter_monday():
    # The worked example: the 10th day, Friday 2 April 2010, was Good Friday; Monday 5 April Easter Monday.
    period = pcr_standstill(date(2010, 3, 23))
    assert period.starts == date(2010, 3, 24)
    assert period.last_day == date(2010, 4, 6)
    assert period.earliest_signing == date(2010, 4, 7)
    assert period.days_off == ((date(2010, 4, 2), "Good Friday"), (date(2010, 4, 5), "Easter Monday"))
    assert "reg 87" in period.rule and "England and Wales" in period.rule


def test_pcr_counts_calendar_days_so_a_notice_on_22_november_may_be_signed_on_3_december():
    period = pcr_standstill(date(2027, 11, 22))  # a Monday; the 10th day after is Thursday 2 December
    assert period.last_day == date(2027, 12, 2)
    assert period.earliest_signing == date(2027, 12, 3)
    assert period.working_days == 8  # the two weekend days still count towards the 10


def test_pcr_standstill_ending_at_the_weekend_runs_to_the_next_working_day():
    assert pcr_standstill(date(2026, 10, 7)).last_day == date(2026, 10, 19)  # Saturday 17th: on to Monday
    # Saturday 29 August 2026, then the late summer bank holiday on Monday 31st: on to Tuesday.
    period = pcr_standstill(date(2026, 8, 19))
    assert period.last_day == date(2026, 9, 1)
    assert period.earliest_signing == period.first_working_day_after == date(2026, 9, 2)


def test_pcr_standstill_ending_on_christmas_day_2026_runs_past_boxing_day_observed():
    period = pcr_standstill(date(2026, 12, 15))  # 10th day: Friday 25 December
    assert period.last_day == date(2026, 12, 29)
    assert period.days_off == ((date(2026, 12, 25), "Christmas Day"), (date(2026, 12, 28), "Boxing Day (observed)"))


def test_pcr_counts_bank_holidays_in_england_and_wales_only():
    # St Andrew's Day (Monday 30 November 2026) and 2 January 2025 are days off in Scotland alone.
    assert pcr_standstill(date(2026, 11, 20)).last_day == date(2026, 11, 30)
    assert pcr_standstill(date(2024, 12, 23)).last_day == date(2025, 1, 2)


def test_a_longer_pcr_standstill_may_be_set_but_not_a_shorter_one():
    assert pcr_standstill(date(2026, 10, 5), days=15).last_day == date(2026, 10, 20)
    with pytest.raises(ValueError, match="at least 10 days"):
        pcr_standstill(date(2026, 10, 5), days=9)
