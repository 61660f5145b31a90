"""The open calculators: a homecare hourly rate and a care home weekly fee, built line by line from
stated inputs, each line showing its arithmetic."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal, localcontext

from commissioning.analytics.cost_of_care.arithmetic import (
    CONTEXT,
    DIVIDE,
    MINUTES_PER_HOUR,
    TIMES,
    WEEKS_PER_YEAR,
    Builder,
    CostBuildUp,
    divide,
    exact,
    money,
    number,
    percent_of,
    percent_text,
    pounds,
    ratio,
)


@dataclass(frozen=True)
class HomecareInputs:
    """What a homecare hour costs to deliver; percents as percent numbers (12.07 for 12.07%)."""

    care_worker_hourly_pay: Decimal
    national_living_wage: Decimal
    visit_minutes: Decimal  # average contact time per visit
    travel_minutes_per_visit: Decimal
    miles_per_visit: Decimal
    mileage_rate: Decimal  # £ a mile
    holiday_percent: Decimal
    training_percent: Decimal
    sickness_percent: Decimal
    employer_ni_percent: Decimal
    pension_percent: Decimal
    back_office_per_hour: Decimal  # £ per contact hour
    return_percent: Decimal  # surplus on total cost


def paid_hours_per_contact_hour(visit_minutes: Decimal, travel_minutes_per_visit: Decimal) -> Decimal:
    """Travel between visits is paid time, so each contact hour costs 1 + travel / visit paid hours."""
    with localcontext(CONTEXT):
        return divide(visit_minutes + travel_minutes_per_visit, visit_minutes)


def homecare_rate(inputs: HomecareInputs) -> CostBuildUp:
    """The hourly rate per contact hour, built up line by line.

    Raises ValueError if the visit length is not positive (the rate is per contact hour, so it
    cannot be calculated); other bad inputs still calculate: `validate_homecare` reports them.
    """
    i = {field.name: exact(field.name, getattr(inputs, field.name)) for field in dataclasses.fields(inputs)}
    visit, travel = i["visit_minutes"], i["travel_minutes_per_visit"]
    if visit <= 0:
        raise ValueError(f"Visit length must be more than 0 minutes to calculate a rate ({number(visit)} given)")
    with localcontext(CONTEXT):
        b = Builder()
        paid = divide(visit + travel, visit)
        # Multiply before dividing, so a pay figure that comes out in whole pence is exact.
        pay = b.add(
            "pay",
            "Care worker pay, including paid travel time",
            divide(i["care_worker_hourly_pay"] * (visit + travel), visit),
            f"{money(i['care_worker_hourly_pay'])} {TIMES} {ratio(paid)} paid hours"
            f" per contact hour (1 + {number(travel)} travel minutes {DIVIDE} {number(visit)} visit minutes)",
            short="pay",
        )
        for key, label in (("holiday", "Holiday pay"), ("training", "Training time"), ("sickness", "Sick pay")):
            percent = i[f"{key}_percent"]
            b.add(key, label, percent_of(pay, percent), f"{pounds(pay)} pay {TIMES} {percent_text(percent)}")
        gross = b.total("gross_pay", "Gross pay", ("pay", "holiday", "training", "sickness"))
        for key, label in (("employer_ni", "Employer's National Insurance"), ("pension", "Employer's pension")):
            percent = i[f"{key}_percent"]
            b.add(key, label, percent_of(gross, percent), f"{pounds(gross)} gross pay {TIMES} {percent_text(percent)}")
        visits_per_hour = divide(Decimal(MINUTES_PER_HOUR), visit)
        b.add(
            "mileage",
            "Mileage",
            divide(i["miles_per_visit"] * i["mileage_rate"] * MINUTES_PER_HOUR, visit),
            f"{number(i['miles_per_visit'])} miles a visit {TIMES} {money(i['mileage_rate'])} a mile {TIMES} "
            f"{ratio(visits_per_hour)} visits per contact hour "
            f"({MINUTES_PER_HOUR} {DIVIDE} {number(visit)} visit minutes)",
        )
        b.total("care_cost", "Direct care cost", ("gross_pay", "employer_ni", "pension", "mileage"))
        b.add(
            "back_office",
            "Back office",
            i["back_office_per_hour"],
            f"{money(i['back_office_per_hour'])} per contact hour, as entered",
        )
        total_cost = b.total("total_cost", "Total cost", ("care_cost", "back_office"))
        b.add(
            "surplus",
            "Surplus",
            percent_of(total_cost, i["return_percent"]),
            f"{pounds(total_cost)} total cost {TIMES} {percent_text(i['return_percent'])}",
        )
        b.total("rate", "Hourly rate", ("total_cost", "surplus"))
        return b.build()


@dataclass(frozen=True)
class CareHomeInputs:
    """What a care home place costs a week; all £ figures are per occupied bed (resident) a week."""

    care_hours_per_resident_week: Decimal
    care_worker_hourly_pay: Decimal
    nursing_hours_per_resident_week: Decimal  # 0 for residential care
    nurse_hourly_pay: Decimal
    national_living_wage: Decimal
    staff_on_cost_percent: Decimal  # employer's NI, pension and holiday together
    other_staff_per_resident_week: Decimal  # management, catering, domestic, activities
    food: Decimal
    utilities: Decimal
    maintenance: Decimal
    insurance_and_registration: Decimal
    other_non_staff: Decimal
    return_on_operations_percent: Decimal  # of operating cost
    capital_value_per_bed: Decimal
    return_on_capital_percent: Decimal  # a year
    occupancy_percent: Decimal


NON_STAFF = (
    ("food", "Food"),
    ("utilities", "Utilities"),
    ("maintenance", "Maintenance"),
    ("insurance_and_registration", "Insurance and registration"),
    ("other_non_staff", "Other non-staff costs"),
)


def care_home_fee(inputs: CareHomeInputs) -> CostBuildUp:
    """The weekly fee per resident, built up line by line.

    Costs are per occupied bed already; the capital tied up in an empty bed still has to earn
    its return, so occupancy scales only the return on capital. Raises ValueError if occupancy
    is not positive; `validate_care_home` reports every other bad input.
    """
    i = {field.name: exact(field.name, getattr(inputs, field.name)) for field in dataclasses.fields(inputs)}
    occupancy = i["occupancy_percent"]
    if occupancy <= 0:
        raise ValueError(f"Occupancy must be more than 0% to calculate a fee ({percent_text(occupancy)} given)")
    with localcontext(CONTEXT):
        b = Builder()
        care = b.add(
            "care_staff",
            "Care staff",
            i["care_hours_per_resident_week"] * i["care_worker_hourly_pay"],
            f"{number(i['care_hours_per_resident_week'])} care hours a week {TIMES} "
            f"{money(i['care_worker_hourly_pay'])} an hour",
        )
        nursing = b.add(
            "nursing",
            "Nursing staff",
            i["nursing_hours_per_resident_week"] * i["nurse_hourly_pay"],
            f"{number(i['nursing_hours_per_resident_week'])} nursing hours a week {TIMES} "
            f"{money(i['nurse_hourly_pay'])} an hour",
        )
        b.add(
            "staff_on_costs",
            "Staff on-costs (NI, pension, holiday)",
            percent_of(care + nursing, i["staff_on_cost_percent"]),
            f"({pounds(care)} care staff + {pounds(nursing)} nursing staff) {TIMES} "
            f"{percent_text(i['staff_on_cost_percent'])}",
            short="on-costs",
        )
        b.add(
            "other_staff",
            "Other staff (management, catering, domestic, activities)",
            i["other_staff_per_resident_week"],
            f"{money(i['other_staff_per_resident_week'])} a week, as entered",
            short="other staff",
        )
        b.total("staff_total", "Staff costs", ("care_staff", "nursing", "staff_on_costs", "other_staff"))
        for key, label in NON_STAFF:
            b.add(key, label, i[key], f"{money(i[key])} a week, as entered")
        b.total("non_staff_total", "Non-staff costs", tuple(key for key, _ in NON_STAFF))
        operating = b.total("operating_cost", "Operating cost", ("staff_total", "non_staff_total"))
        b.add(
            "return_on_operations",
            "Return on operations",
            percent_of(operating, i["return_on_operations_percent"]),
            f"{pounds(operating)} operating cost {TIMES} {percent_text(i['return_on_operations_percent'])}",
        )
        value, percent = i["capital_value_per_bed"], i["return_on_capital_percent"]
        # value x percent / 100 / 52 / (occupancy / 100), as one division so it is exact when it can be.
        b.add(
            "return_on_capital",
            "Return on capital",
            divide(value * percent, WEEKS_PER_YEAR * occupancy),
            f"{money(value)} a bed {TIMES} {percent_text(percent)} a year {DIVIDE} {WEEKS_PER_YEAR} weeks "
            f"{DIVIDE} {percent_text(occupancy)} occupancy",
        )
        b.total("fee", "Weekly fee", ("operating_cost", "return_on_operations", "return_on_capital"))
        return b.build()
