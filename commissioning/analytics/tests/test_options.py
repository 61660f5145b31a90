from decimal import Decimal

from commissioning.analytics.options import OptionInputs, appraise


def test_an_option_worked_by_hand():
    # 100 people, growing 10% a year; care home £50,000 a year each, reablement and homecare £20,000.
    # Moving 20% costs a one-off £30,000.
    # Year 1: status quo 100 x 50,000 = 5,000,000; option 80 x 50,000 + 20 x 20,000 + 30,000 = 4,430,000.
    # Year 2: 110 people: status quo 5,500,000; option 88 x 50,000 + 22 x 20,000 = 4,840,000;
    #   difference -660,000 discounted at 10%: -600,000.
    result = appraise(
        OptionInputs(
            first_year=2026,
            last_year=2027,
            people_first_year=Decimal(100),
            growth_percent=Decimal(10),
            current_cost=Decimal(50000),
            alternative_cost=Decimal(20000),
            shift_percent=Decimal(20),
            one_off_cost=Decimal(30000),
            discount_rate_percent=Decimal(10),
        )
    )
    first, second = result.years
    assert (first.status_quo, first.option, first.difference) == (
        Decimal("5000000.00"),
        Decimal("4430000.00"),
        Decimal("-570000.00"),
    )
    assert (second.people, second.status_quo, second.option) == (
        Decimal(110),
        Decimal("5500000.00"),
        Decimal("4840000.00"),
    )
    assert second.present_value == Decimal("-600000.00")
    assert result.difference_total == Decimal("-1230000.00")
    assert result.present_value_total == Decimal("-1170000.00")
    assert result.status_quo_total == Decimal("10500000.00")


def test_people_can_come_from_a_forecast_year_by_year():
    inputs = OptionInputs(
        first_year=2026,
        last_year=2027,
        people_first_year=Decimal(0),
        growth_percent=Decimal(0),
        current_cost=Decimal(100),
        alternative_cost=Decimal(50),
        shift_percent=Decimal(50),
        one_off_cost=Decimal(0),
        discount_rate_percent=Decimal(0),
        people_by_year={2026: Decimal("10.5"), 2027: Decimal("12")},
    )
    result = appraise(inputs)
    assert [row.status_quo for row in result.years] == [Decimal("1050.00"), Decimal("1200.00")]
    assert [row.option for row in result.years] == [Decimal("787.50"), Decimal("900.00")]
