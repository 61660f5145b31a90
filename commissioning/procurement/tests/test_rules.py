"""What a commissioner would notice about which law applies, which threshold, and direct awards.

Plain pytest: the rules module has no Django or database dependency.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest

from commissioning.procurement import rules
from commissioning.procurement.rules import Regime, regime_for

HOMECARE = "85311100-3"  # Welfare services for the elderly
COMPUTERS = "30213000-5"


def test_homecare_tender_of_1_2m_in_march_2026_is_pa23_light_touch_above_threshold():
    decision = regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("1200000"), cpv=HOMECARE)

    assert decision.regime == Regime.PA23
    assert decision.light_touch is True
    assert decision.above_threshold is True
    assert decision.threshold.kind == "light_touch"
    assert decision.threshold.amount_gross == Decimal("663540")
    assert decision.reason == (
        "Started on 3 March 2026, after the Procurement Act 2023 came into force on 24 February 2025. "
        "Light-touch services (CPV 85311100-3 Welfare services for the elderly); estimated value £1,200,000 "
        "including VAT is above the light-touch threshold of £663,540 for procurements started from "
        "1 January 2026."
    )


def test_the_same_homecare_tender_at_500k_is_below_threshold_and_notifiable():
    decision = regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("500000"), cpv=HOMECARE)

    assert decision.regime == Regime.BELOW_THRESHOLD
    assert decision.light_touch is True
    assert decision.above_threshold is False
    assert "£500,000 including VAT is below the light-touch threshold of £663,540" in decision.reason
    assert "notifiable below-threshold contract" in decision.reason
    assert Regime.BELOW_THRESHOLD.label.startswith("Below threshold (Procurement Act 2023, Part 6")


def test_a_small_spot_purchase_needs_no_below_threshold_notice():
    decision = regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("29999.99"), cpv=HOMECARE)

    assert decision.regime == Regime.BELOW_THRESHOLD
    assert "Under £30,000, so no below-threshold notices are required." in decision.reason


def test_computers_at_210k_crossed_the_goods_threshold_when_it_fell_on_1_january_2026():
    new_year = regime_for(commenced_on=date(2026, 1, 1), value_gross=Decimal("210000"), cpv=COMPUTERS)
    new_years_eve = regime_for(commenced_on=date(2025, 12, 31), value_gross=Decimal("210000"), cpv=COMPUTERS)

    assert new_year.light_touch is False
    assert (new_year.regime, new_year.threshold.amount_gross) == (Regime.PA23, Decimal("207720"))
    assert "is above the goods and services threshold for sub-central authorities of £207,720" in new_year.reason
    assert (new_years_eve.regime, new_years_eve.threshold.amount_gross) == (Regime.BELOW_THRESHOLD, Decimal("214904"))
    assert "for procurements started from 24 February 2025 to 31 December 2025" in new_years_eve.reason


def test_a_tender_started_before_24_february_2025_stays_under_pcr_2015():
    decision = regime_for(commenced_on=date(2025, 2, 1), value_gross=Decimal("1200000"), cpv=HOMECARE)

    assert decision.regime == Regime.PCR2015
    assert decision.regime.label == "Public Contracts Regulations 2015"
    assert decision.threshold is None
    assert "Started on 1 February 2025, before the Procurement Act 2023 came into force" in decision.reason


@pytest.mark.parametrize("flag", ["under_agreement_before_pa23", "earlier_notice_before_pa23"])
def test_call_offs_and_procurements_with_old_notices_stay_under_pcr_2015(flag):
    decision = regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("50000"), cpv=HOMECARE, **{flag: True})

    assert decision.regime == Regime.PCR2015
    assert "Started on 3 March 2026, but" in decision.reason


def test_health_led_procurement_is_under_the_provider_selection_regime():
    decision = regime_for(
        commenced_on=date(2026, 3, 3), value_gross=Decimal("2000000"), cpv="85121100", health_led=True
    )

    assert decision.regime == Regime.PSR
    assert decision.regime.label == "NHS Provider Selection Regime"
    assert decision.above_threshold is None
    assert "regulation 43" in decision.reason


def test_value_exactly_at_the_threshold_counts_as_above():
    decision = regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("663540"), cpv=HOMECARE)

    assert decision.regime == Regime.PA23
    assert decision.above_threshold is True
    assert "is equal to the light-touch threshold" in decision.reason
    one_penny_less = regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("663539.99"), cpv=HOMECARE)
    assert one_penny_less.regime == Regime.BELOW_THRESHOLD
    assert "£663,539.99" in one_penny_less.reason


def test_building_work_uses_the_works_threshold():
    decision = regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("1000000"), cpv="45215213")

    assert decision.regime == Regime.BELOW_THRESHOLD
    assert decision.threshold.kind == "works"
    assert decision.threshold.amount_gross == Decimal("5193000")


@pytest.mark.parametrize(
    ("cpv", "expected"),
    [
        ("", "Enter a CPV code, for example 85311100-3."),
        ("8531110", "A CPV code has 8 digits before the hyphen; “8531110” has 7."),
        ("homecare", "“homecare” is not a CPV code."),
        ("85311100-34", "“85311100-34” is not a CPV code."),
    ],
)
def test_a_bad_cpv_code_is_explained_in_plain_english(cpv, expected):
    assert rules.cpv_problem(cpv).startswith(expected)
    with pytest.raises(ValueError, match="CPV code"):
        regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("1"), cpv=cpv)


@pytest.mark.parametrize("cpv", ["85311100-3", "85311100", " 85311100-3 "])
def test_good_cpv_codes_have_no_problem_with_or_without_check_digit(cpv):
    assert rules.cpv_problem(cpv) is None
    assert rules.light_touch_code(cpv).description == "Welfare services for the elderly"


def test_light_touch_matches_listed_codes_only_not_their_children():
    assert rules.light_touch_code("85312400").reservable is True
    assert rules.light_touch_code("98513310-1").description == "Home-help services"
    # 64000000 Postal and telecommunications services is listed; telecoms children are not.
    assert rules.light_touch_code("64000000") is not None
    assert rules.light_touch_code("64200000-8") is None
    assert rules.light_touch_code(COMPUTERS) is None


def test_the_light_touch_table_is_the_verified_statutory_table():
    with rules._DATA.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["code", "description", "reservable", "heading", "verified_source"]
    assert len(rows) == len(rules.LIGHT_TOUCH_SERVICES) == 421
    assert all(row["verified_source"].startswith("https://www.legislation.gov.uk/uksi/2024/692/") for row in rows)
    assert {row["reservable"] for row in rows} == {"", "R"}


def test_user_choice_direct_award_needs_no_transparency_or_award_notice():
    ground = rules.direct_award_ground("user_choice")

    assert ground.paragraph == 15
    assert ground.user_choice and ground.light_touch_only
    assert not ground.needs_transparency_notice
    assert not ground.needs_contract_award_notice
    assert not ground.needs_contract_details_notice
    others = [g for g in rules.DIRECT_AWARD_GROUNDS if g.key != "user_choice"]
    assert all(g.needs_transparency_notice and not g.user_choice for g in others)
    assert rules.direct_award_ground("urgency").standstill_exempt
    assert [g.paragraph for g in rules.DIRECT_AWARD_GROUNDS] == [2, 4, 5, 6, 7, 8, 10, 11, 13, 15, 18, 19, 20]


def test_threshold_lookup_refuses_dates_before_the_act_and_unknown_kinds():
    assert rules.threshold_on("works", date(2025, 2, 24)).amount_gross == Decimal("5372609")
    assert rules.threshold_on("goods_services_central", date(2026, 6, 1)).amount_gross == Decimal("135018")
    with pytest.raises(LookupError, match="24 February 2025"):
        rules.threshold_on("light_touch", date(2025, 2, 23))
    with pytest.raises(ValueError, match="Unknown threshold kind"):
        rules.threshold_on("care_homes", date(2026, 1, 1))


def test_money_must_not_be_a_float_or_negative():
    with pytest.raises(TypeError):
        regime_for(commenced_on=date(2026, 3, 3), value_gross=1200000.0, cpv=HOMECARE)
    with pytest.raises(ValueError, match="negative"):
        regime_for(commenced_on=date(2026, 3, 3), value_gross=Decimal("-1"), cpv=HOMECARE)


def test_an_open_framework_is_awarded_again_within_3_years_then_5_and_ends_at_8():
    first = date(2026, 4, 1)
    schedule = rules.open_framework_schedule(first, [])
    assert (schedule.next_award_due_by, schedule.ends_by) == (date(2029, 3, 31), date(2034, 3, 31))
    again = rules.open_framework_schedule(first, [date(2028, 6, 1)])
    assert again.next_award_due_by == date(2033, 5, 31)
    # An award due after the scheme has ended is not due at all.
    assert rules.open_framework_schedule(first, [date(2030, 1, 1)]).next_award_due_by is None
    assert rules.open_framework_schedule(date(2028, 2, 29), []).ends_by == date(2036, 2, 28)
