"""The cost of care calculator: worked examples checked by hand, validation, quartiles and uplifts."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from commissioning.analytics.cost_of_care import (
    LABELS,
    SENSIBLE_RANGES,
    CareHomeInputs,
    CostBuildUp,
    HomecareInputs,
    InputProblem,
    Quartiles,
    Uplift,
    care_home_fee,
    field_labels,
    homecare_rate,
    paid_hours_per_contact_hour,
    percentile,
    quartiles,
    rounded,
    summarise,
    uplift,
    uplifted,
    validate_care_home,
    validate_homecare,
)

D = Decimal

HOMECARE = HomecareInputs(
    care_worker_hourly_pay=D("12.60"),
    national_living_wage=D("12.21"),
    visit_minutes=D(30),
    travel_minutes_per_visit=D(10),
    miles_per_visit=D(2),
    mileage_rate=D("0.45"),
    holiday_percent=D("12.07"),
    training_percent=D(2),
    sickness_percent=D(2),
    employer_ni_percent=D(8),
    pension_percent=D(3),
    back_office_per_hour=D("5.00"),
    return_percent=D(5),
)

NURSING_HOME = CareHomeInputs(
    care_hours_per_resident_week=D(25),
    care_worker_hourly_pay=D("12.60"),
    nursing_hours_per_resident_week=D(10),
    nurse_hourly_pay=D("22.00"),
    national_living_wage=D("12.21"),
    staff_on_cost_percent=D(25),
    other_staff_per_resident_week=D(150),
    food=D(40),
    utilities=D(25),
    maintenance=D(20),
    insurance_and_registration=D(10),
    other_non_staff=D(15),
    return_on_operations_percent=D(3),
    capital_value_per_bed=D(52000),
    return_on_capital_percent=D(5),
    occupancy_percent=D(80),
)


def _assert_totals_add_up(build_up: CostBuildUp) -> None:
    amounts = build_up.amounts()
    for line in build_up.lines:
        if line.is_total:
            assert line.parts
            # Summed as Fractions: Python's default 28-digit Decimal context would round the check itself.
            assert Fraction(line.amount) == sum(Fraction(amounts[part]) for part in line.parts), line.key
    assert build_up.total == build_up.lines[-1].amount


# --- Homecare ------------------------------------------------------------------------------------


def test_homecare_worked_example_by_hand() -> None:
    """Pay £12.60, 30-minute visits, 10 minutes' travel, 2 miles at 45p, back office £5, return 5%.

    paid hours per contact hour = 1 + 10/30 = 4/3
    pay          = 12.60 * 4/3              = 16.80
    holiday      = 16.80 * 12.07%           =  2.02776
    training     = 16.80 * 2%               =  0.336
    sickness     = 16.80 * 2%               =  0.336
    gross pay    = 16.80 + 2.02776 + 0.336 + 0.336 = 19.49976
    employer NI  = 19.49976 * 8%            =  1.5599808
    pension      = 19.49976 * 3%            =  0.5849928
    mileage      = 2 * 0.45 * 60/30         =  1.80
    care cost    = 19.49976 + 1.5599808 + 0.5849928 + 1.80 = 23.4447336
    back office  =                             5.00
    total cost   = 23.4447336 + 5.00        = 28.4447336
    surplus      = 28.4447336 * 5%          =  1.42223668
    rate         = 28.4447336 + 1.42223668  = 29.86697028, shown as £29.87
    """
    build_up = homecare_rate(HOMECARE)
    assert [(line.key, line.amount, line.is_total) for line in build_up.lines] == [
        ("pay", D("16.80"), False),
        ("holiday", D("2.02776"), False),
        ("training", D("0.336"), False),
        ("sickness", D("0.336"), False),
        ("gross_pay", D("19.49976"), True),
        ("employer_ni", D("1.5599808"), False),
        ("pension", D("0.5849928"), False),
        ("mileage", D("1.80"), False),
        ("care_cost", D("23.4447336"), True),
        ("back_office", D("5.00"), False),
        ("total_cost", D("28.4447336"), True),
        ("surplus", D("1.42223668"), False),
        ("rate", D("29.86697028"), True),
    ]
    assert build_up.total == D("29.86697028")
    assert rounded(build_up.total) == D("29.87")
    _assert_totals_add_up(build_up)


def test_homecare_formulas_show_the_real_numbers() -> None:
    build_up = homecare_rate(HOMECARE)
    assert build_up.line("pay").label == "Care worker pay, including paid travel time"
    assert build_up.line("pay").formula == (
        "£12.60 × 1.333333 paid hours per contact hour (1 + 10 travel minutes ÷ 30 visit minutes)"
    )
    assert build_up.line("holiday").formula == "£16.80 pay × 12.07%"
    assert build_up.line("employer_ni").formula == "£19.50 gross pay × 8%"
    assert build_up.line("mileage").formula == (
        "2 miles a visit × £0.45 a mile × 2 visits per contact hour (60 ÷ 30 visit minutes)"
    )
    assert build_up.line("gross_pay").formula == "£16.80 pay + £2.03 holiday pay + £0.34 training time + £0.34 sick pay"
    assert build_up.line("rate").formula == "£28.44 total cost + £1.42 surplus"
    assert build_up.line("back_office").formula == "£5.00 per contact hour, as entered"


def test_display_rounding_may_differ_by_a_penny_but_exact_lines_add_up() -> None:
    """Gross pay is £19.49976, shown £19.50; its lines shown rounded add to £19.51."""
    build_up = homecare_rate(HOMECARE)
    parts = [build_up.line(key) for key in build_up.line("gross_pay").parts]
    assert sum(line.rounded for line in parts) == D("19.51")
    assert build_up.line("gross_pay").rounded == D("19.50")
    assert sum(line.amount for line in parts) == build_up.line("gross_pay").amount


def test_paid_time_is_exact_where_it_can_be_and_held_to_28_places_where_not() -> None:
    assert paid_hours_per_contact_hour(D(30), D(15)) == D("1.5")
    third = paid_hours_per_contact_hour(D(30), D(10))
    assert third == D("1.3333333333333333333333333333")
    # Pay multiplies before dividing, so 12.60 x 40 / 30 is exactly 16.80, not 16.7999...
    assert homecare_rate(HOMECARE).line("pay").amount == D("16.80")


def test_homecare_with_non_terminating_quotients_still_adds_up() -> None:
    awkward = dataclasses.replace(
        HOMECARE, visit_minutes=D(45), travel_minutes_per_visit=D(7), miles_per_visit=D("1.3")
    )
    build_up = homecare_rate(awkward)
    _assert_totals_add_up(build_up)
    exact_pay = Fraction("12.60") * 52 / 45
    assert abs(Fraction(build_up.line("pay").amount) - exact_pay) < Fraction(1, 10**27)
    assert build_up.line("mileage").formula.endswith("1.333333 visits per contact hour (60 ÷ 45 visit minutes)")


def test_homecare_needs_a_positive_visit_length_and_exact_inputs() -> None:
    with pytest.raises(ValueError, match="Visit length must be more than 0 minutes"):
        homecare_rate(dataclasses.replace(HOMECARE, visit_minutes=D(0)))
    with pytest.raises(TypeError, match="mileage_rate must be a Decimal, not float"):
        homecare_rate(dataclasses.replace(HOMECARE, mileage_rate=0.45))


# --- Care homes ----------------------------------------------------------------------------------


def test_care_home_worked_example_by_hand() -> None:
    """A nursing home place: 25 care hours at £12.60, 10 nursing hours at £22, 80% occupied.

    care staff          = 25 * 12.60                 = 315.00
    nursing             = 10 * 22.00                 = 220.00
    on-costs            = (315 + 220) * 25%          = 133.75
    other staff         =                              150
    staff costs         = 315 + 220 + 133.75 + 150   = 818.75
    non-staff           = 40 + 25 + 20 + 10 + 15     = 110
    operating cost      = 818.75 + 110               = 928.75
    return on ops       = 928.75 * 3%                =  27.8625
    return on capital   = 52,000 * 5% / 52 / 80%     =  2,600 / 52 / 0.8 = 50 / 0.8 = 62.50
    fee                 = 928.75 + 27.8625 + 62.50   = 1,019.1125, shown as £1,019.11
    """
    build_up = care_home_fee(NURSING_HOME)
    assert [(line.key, line.amount, line.is_total) for line in build_up.lines] == [
        ("care_staff", D("315.00"), False),
        ("nursing", D("220.00"), False),
        ("staff_on_costs", D("133.75"), False),
        ("other_staff", D(150), False),
        ("staff_total", D("818.75"), True),
        ("food", D(40), False),
        ("utilities", D(25), False),
        ("maintenance", D(20), False),
        ("insurance_and_registration", D(10), False),
        ("other_non_staff", D(15), False),
        ("non_staff_total", D(110), True),
        ("operating_cost", D("928.75"), True),
        ("return_on_operations", D("27.8625"), False),
        ("return_on_capital", D("62.50"), False),
        ("fee", D("1019.1125"), True),
    ]
    assert build_up.total == D("1019.1125")
    assert rounded(build_up.total) == D("1019.11")
    _assert_totals_add_up(build_up)
    assert build_up.line("return_on_capital").formula == "£52,000.00 a bed × 5% a year ÷ 52 weeks ÷ 80% occupancy"
    assert build_up.line("staff_on_costs").formula == "(£315.00 care staff + £220.00 nursing staff) × 25%"
    assert build_up.line("operating_cost").formula == "£818.75 staff costs + £110.00 non-staff costs"


def test_occupancy_scales_only_the_return_on_capital() -> None:
    """A residential place, 90% occupied: 60,000 * 6% / 52 / 0.9 = 3,600 / 46.8 = 76.923076... a week."""
    residential = dataclasses.replace(
        NURSING_HOME,
        nursing_hours_per_resident_week=D(0),
        nurse_hourly_pay=D(0),
        capital_value_per_bed=D(60000),
        return_on_capital_percent=D(6),
    )
    full = care_home_fee(dataclasses.replace(residential, occupancy_percent=D(100)))
    partly = care_home_fee(dataclasses.replace(residential, occupancy_percent=D(90)))
    capital = partly.line("return_on_capital").amount
    assert capital == D("76.9230769230769230769230769231")  # held to 28 places
    assert abs(Fraction(capital) - Fraction(3600) / Fraction("46.8")) < Fraction(1, 10**28)
    assert rounded(capital) == D("76.92")
    assert full.line("return_on_capital").amount == D("69.2307692307692307692307692308")  # 3,600 / 52
    for key in ("care_staff", "nursing", "staff_total", "non_staff_total", "operating_cost", "return_on_operations"):
        assert partly.line(key).amount == full.line(key).amount
    _assert_totals_add_up(partly)
    assert partly.line("nursing").amount == 0


def test_care_home_needs_positive_occupancy() -> None:
    with pytest.raises(ValueError, match="Occupancy must be more than 0%"):
        care_home_fee(dataclasses.replace(NURSING_HOME, occupancy_percent=D(0)))


# --- Validation ----------------------------------------------------------------------------------


def test_good_inputs_have_no_problems() -> None:
    assert validate_homecare(HOMECARE) == []
    assert validate_care_home(NURSING_HOME) == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"care_worker_hourly_pay": D("11.00")}, "care_worker_hourly_pay",
         "Care worker pay (£11.00) is below the National Living Wage (£12.21)"),
        ({"care_worker_hourly_pay": D(-1)}, "care_worker_hourly_pay", "Care worker pay (-£1.00) cannot be negative"),
        ({"back_office_per_hour": D("-0.50")}, "back_office_per_hour", "Back office cost (-£0.50) cannot be negative"),
        ({"holiday_percent": D("-1")}, "holiday_percent", "Holiday pay (-1%) cannot be negative"),
        ({"miles_per_visit": D(-2)}, "miles_per_visit", "Miles per visit (-2 miles) cannot be negative"),
        ({"visit_minutes": D(0)}, "visit_minutes", "Visit length (0 minutes) must be at least 5 minutes"),
        ({"visit_minutes": D(-15)}, "visit_minutes", "Visit length (-15 minutes) must be at least 5 minutes"),
        ({"visit_minutes": D(300)}, "visit_minutes", "Visit length (300 minutes) is over 240 minutes"),
        ({"travel_minutes_per_visit": D(150)}, "travel_minutes_per_visit",
         "Travel time per visit (150 minutes) is over 120 minutes"),
        ({"return_percent": D(150)}, "return_percent", "Surplus (150%) is over 100%"),
        ({"pension_percent": D("100.5")}, "pension_percent", "Employer's pension (100.5%) is over 100%"),
        ({"mileage_rate": D(45)}, "mileage_rate", "Mileage rate (£45.00) is over £2.00"),
        ({"national_living_wage": D(0)}, "national_living_wage",
         "National Living Wage (£0.00) must be more than £0.00"),
        ({"sickness_percent": None}, "sickness_percent", "Sick pay is missing"),
        ({"training_percent": D("NaN")}, "training_percent", "Training time must be a number"),
    ],
)  # fmt: skip
def test_homecare_problems(change: dict[str, Decimal], field: str, message: str) -> None:
    problems = validate_homecare(dataclasses.replace(HOMECARE, **change))
    assert problems == [InputProblem(field, message)]
    assert str(problems[0]) == message


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"care_hours_per_resident_week": D(200)}, "care_hours_per_resident_week",
         "Care hours per resident (200 hours) is over 168 hours"),
        ({"nursing_hours_per_resident_week": D(-1)}, "nursing_hours_per_resident_week",
         "Nursing hours per resident (-1 hours) cannot be negative"),
        ({"occupancy_percent": D(120)}, "occupancy_percent", "Occupancy (120%) is over 100%"),
        ({"occupancy_percent": D(0)}, "occupancy_percent", "Occupancy (0%) must be at least 10%"),
        ({"return_on_operations_percent": D(101)}, "return_on_operations_percent",
         "Return on operations (101%) is over 100%"),
        ({"return_on_capital_percent": D(-2)}, "return_on_capital_percent",
         "Return on capital (-2%) cannot be negative"),
        ({"staff_on_cost_percent": D(250)}, "staff_on_cost_percent",
         "Staff on-costs (NI, pension, holiday) (250%) is over 100%"),
        ({"food": D(-40)}, "food", "Food (-£40.00) cannot be negative"),
        ({"capital_value_per_bed": D(-1)}, "capital_value_per_bed",
         "Capital value per bed (-£1.00) cannot be negative"),
        ({"care_worker_hourly_pay": D("12.20")}, "care_worker_hourly_pay",
         "Care worker pay (£12.20) is below the National Living Wage (£12.21)"),
        ({"nurse_hourly_pay": D("10.00")}, "nurse_hourly_pay",
         "Nurse pay (£10.00) is below the National Living Wage (£12.21)"),
    ],
)  # fmt: skip
def test_care_home_problems(change: dict[str, Decimal], field: str, message: str) -> None:
    assert validate_care_home(dataclasses.replace(NURSING_HOME, **change)) == [InputProblem(field, message)]


def test_nurse_pay_is_not_held_to_the_wage_in_residential_care() -> None:
    residential = dataclasses.replace(NURSING_HOME, nursing_hours_per_resident_week=D(0), nurse_hourly_pay=D(0))
    assert validate_care_home(residential) == []


def test_several_problems_come_back_in_form_order_one_per_field() -> None:
    bad = dataclasses.replace(
        HOMECARE, return_percent=D(150), care_worker_hourly_pay=D("11.00"), visit_minutes=D(0), holiday_percent=D(-1)
    )
    assert [problem.field for problem in validate_homecare(bad)] == [
        "care_worker_hourly_pay",
        "visit_minutes",
        "holiday_percent",
        "return_percent",
    ]
    negative_pay = dataclasses.replace(HOMECARE, care_worker_hourly_pay=D(-1))
    assert len(validate_homecare(negative_pay)) == 1  # not also "below the National Living Wage"


def test_every_input_has_a_label_a_unit_and_a_range() -> None:
    for inputs in (HomecareInputs, CareHomeInputs):
        names = [field.name for field in dataclasses.fields(inputs)]
        labels = field_labels(inputs)
        assert list(labels) == names
        for name in names:
            assert name in SENSIBLE_RANGES and name in LABELS
            assert labels[name].label and labels[name].unit and labels[name].hint
    assert field_labels(HomecareInputs)["visit_minutes"].hint == (
        "5 minutes to 240 minutes (longer visits are sitting or live-in care)"
    )
    assert field_labels(HomecareInputs)["holiday_percent"].hint == "0% to 100%"
    assert field_labels(CareHomeInputs)["food"].hint == "£0.00 to £10,000.00"
    assert field_labels(CareHomeInputs)["food"].unit == "£ a week"


# --- Quartiles -----------------------------------------------------------------------------------


SURVEYS = [
    [D("18.50")],
    [D("20.00"), D("22.50")],
    [D("19.10"), D("23.45"), D("21.00")],
    [D("21.00"), D("19.10"), D("23.45"), D("25.20")],
    [D("20"), D("20"), D("20"), D("24.80"), D("24.80")],
    [D("1019.11"), D("850.00"), D("925.37"), D("1100.05"), D("990.00"), D("870.12"), D("1205.99")],
    [D(i) / 7 for i in range(1, 12)],
]


@pytest.mark.parametrize("values", SURVEYS)
def test_quartiles_match_numpy_linear_percentiles(values: list[Decimal]) -> None:
    result = quartiles(values)
    expected = np.percentile([float(value) for value in values], [25, 50, 75], method="linear")
    assert [float(result.lower), float(result.median), float(result.upper)] == pytest.approx(expected, rel=1e-12)
    assert result.count == len(values)


def test_quartiles_are_exact_by_hand() -> None:
    """Sorted 19.10, 21.00, 23.45, 25.20: ranks 0.75, 1.5 and 2.25 (type 7: (n - 1) * p).

    lower  = 19.10 + 0.75 * (21.00 - 19.10) = 20.525
    median = 21.00 + 0.5 * (23.45 - 21.00) = 22.225
    upper  = 23.45 + 0.25 * (25.20 - 23.45) = 23.8875
    """
    assert quartiles([D("21.00"), D("19.10"), D("23.45"), D("25.20")]) == Quartiles(
        D("20.525"), D("22.225"), D("23.8875"), 4
    )
    assert quartiles([D("18.50")]) == Quartiles(D("18.50"), D("18.50"), D("18.50"), 1)
    assert quartiles([D("0.1"), D("0.2")]).lower == D("0.125")  # exact, where floats give 0.125000...01
    assert quartiles([D(1), D(2), D(3), D(4), D(5)]).interquartile_range == D(2)


def test_percentile_ends_and_errors() -> None:
    values = [D(3), D(1), D(2)]
    assert percentile(values, 0) == D(1)
    assert percentile(values, 100) == D(3)
    assert percentile(values, D("12.5")) == D("1.25")
    with pytest.raises(ValueError):
        quartiles([])
    with pytest.raises(ValueError):
        percentile(values, 101)
    with pytest.raises(TypeError):
        quartiles([D(1), 2.5])


def test_summarise_ignores_blanks_per_key() -> None:
    returns = [
        {"hourly_pay": D("12.60"), "back_office": D("5.00"), "mileage": None},
        {"hourly_pay": D("13.00"), "back_office": None},
        {"hourly_pay": D("12.21"), "back_office": D("6.50")},
        {"back_office": D("4.25")},
    ]
    summary = summarise(returns, ["hourly_pay", "back_office", "mileage"])
    assert summary["hourly_pay"] == quartiles([D("12.60"), D("13.00"), D("12.21")])
    assert summary["hourly_pay"].count == 3
    assert summary["hourly_pay"].median == D("12.60")
    assert summary["back_office"] == quartiles([D("5.00"), D("6.50"), D("4.25")])
    assert summary["back_office"].count == 3
    assert summary["mileage"] is None  # nobody answered: no figure invented


# --- Uplifts -------------------------------------------------------------------------------------


def test_uplift_is_an_exact_percent_change() -> None:
    assert uplift(D("1000.00"), D("1050.00")) == D(5)
    assert uplift(D("20.00"), D("19.00")) == D(-5)
    assert uplift(D(3), D(4)) == D("33.3333333333333333333333333333")
    assert uplift(D("29.87"), D("29.87")) == 0
    with pytest.raises(ValueError):
        uplift(D(0), D(10))
    assert uplifted(D("1019.11"), D("6.7")) == D("1087.390370")


def test_uplift_helper_shows_its_working() -> None:
    change = Uplift(D("1000.00"), D("1067.50"))
    assert change.change == D("67.50")
    assert change.percent == D("6.75")
    assert change.formula == "(£1,067.50 - £1,000.00) ÷ £1,000.00 × 100 = 6.75%"
