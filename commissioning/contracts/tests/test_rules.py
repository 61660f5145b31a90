"""The law's rules on changing a contract, months as contracts count them, and the reporting
schedule, as plain functions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from commissioning.contracts import rules
from commissioning.contracts.dates import add_months, months_between
from commissioning.contracts.schedule import reporting_schedule


def _facts(**kwargs) -> rules.ChangeFacts:
    values = dict(
        regime="pa23", light_touch=False, original_value=Decimal(1_000_000), earlier_changes_on_ground=Decimal(0),
        earlier_changes=Decimal(0), value_change=Decimal(50_000), maximum_term_months=36, term_change_months=0,
    )  # fmt: skip
    values.update(kwargs)
    return rules.ChangeFacts(**values)


def test_a_light_touch_or_below_threshold_contract_is_freely_modified():
    assert rules.change_problems(_facts(light_touch=True), "") == {}
    assert rules.change_problems(_facts(regime="below_threshold"), "") == {}
    assert "never needed for light-touch" in rules.change_notice(_facts(light_touch=True))


def test_other_contracts_name_a_ground_of_their_own_law():
    assert "Choose the legal ground" in rules.change_problems(_facts(), "")["ground"]
    assert "law this contract was let under" in rules.change_problems(_facts(), "pcr_review_clause")["ground"]
    assert rules.change_problems(_facts(regime="pcr2015"), "pcr_review_clause") == {}
    # A 2015 Regulations contract for light-touch services still names its ground (not verified as free).
    assert rules.change_problems(_facts(regime="pcr2015", light_touch=True), "")


def test_the_fifty_per_cent_caps_and_the_ten_per_cent_limits():
    over = _facts(value_change=Decimal(500_001))
    assert "at most 50%" in rules.change_problems(over, "pa23_unforeseeable")["value_change"]
    assert rules.change_problems(_facts(value_change=Decimal(500_000)), "pa23_unforeseeable") == {}
    additional = _facts(regime="pcr2015", value_change=Decimal(600_000))
    assert "at most 50%" in rules.change_problems(additional, "pcr_additional")["value_change"]
    below = _facts(earlier_changes_on_ground=Decimal(60_000), value_change=Decimal(50_000))
    assert "within 10%" in rules.change_problems(below, "pa23_below_threshold")["value_change"]
    longer = _facts(term_change_months=4)
    assert "at most 10%" in rules.change_problems(longer, "pa23_not_substantial")["new_ends_on"]
    assert rules.change_problems(_facts(term_change_months=3), "pa23_not_substantial") == {}


def test_a_contract_change_notice_is_asked_for_beyond_ten_per_cent():
    assert "within 10%" in rules.change_notice(_facts(value_change=Decimal(100_000)))
    assert "Publish a contract change notice (UK10)" in rules.change_notice(_facts(value_change=Decimal(100_001)))
    assert "UK10" in rules.change_notice(_facts(value_change=Decimal(0), term_change_months=6))
    assert "not let under the Procurement Act" in rules.change_notice(_facts(regime="pcr2015"))


def test_months_as_contracts_count_them():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 3, 31), -6) == datetime.date(2026, 9, 30)
    assert months_between(datetime.date(2026, 4, 1), datetime.date(2029, 3, 31)) == 36
    assert months_between(datetime.date(2027, 3, 31), datetime.date(2027, 9, 30)) == 6


def test_the_reporting_schedule_follows_each_kpis_frequency_from_the_start():
    monthly = SimpleNamespace(frequency="monthly", name="Visits on time")
    quarterly = SimpleNamespace(frequency="quarterly", name="Complaints")
    schedule = reporting_schedule(
        starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 11, 15), kpis=[monthly, quarterly]
    )
    days = [due.period_ends for due in schedule]
    assert days[:3] == [datetime.date(2026, 4, 30), datetime.date(2026, 5, 31), datetime.date(2026, 6, 30)]
    assert schedule[2].kpis == (monthly, quarterly)
    # The last, shorter period ends with the contract.
    assert days[-1] == datetime.date(2026, 11, 15) and schedule[-1].kpis == (monthly, quarterly)
    assert len(days) == 8
