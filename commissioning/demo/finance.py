"""The demo's resources: Trafford's budgets, cost centres and spend for the year, unit costs, a
care home cost of care exercise with returns from the demo providers, and an options appraisal.
All invented (marked demo); no figure is attributed to a real provider."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.cycles.checklist import RESOURCES
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import checklist_activity_get
from commissioning.cycles.services import evidence_add
from commissioning.finance import services
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import CostSource, CostUnit, ExerciseStatus, FundingSource, ModelKind
from commissioning.finance.models import (
    Budget,
    financial_year_of,
)
from commissioning.market.models import Provider
from commissioning.needs.models import RateSet, SavedForecast
from commissioning.needs.published_rates import ASCOF_TRAFFORD

CENTRES = [
    ("ASC-OP-RES", "Older people: residential care", "residential", "older_people"),
    ("ASC-OP-NUR", "Older people: nursing care", "nursing", "older_people"),
    ("ASC-OP-HC", "Older people: homecare", "homecare", "older_people"),
    ("ASC-OP-REA", "Older people: reablement", "reablement", "older_people"),
    ("ASC-LD-SL", "Learning disability: supported living", "supported_living", "learning_disability"),
    ("ASC-CAR-BRK", "Carers: short breaks", "short_breaks", "carers"),
]
# (client group, service, source, amount, ICB share %)
BUDGETS = [
    ("older_people", "residential", FundingSource.COUNCIL, "14250000.00", None),
    ("older_people", "nursing", FundingSource.COUNCIL, "6100000.00", None),
    ("older_people", "nursing", FundingSource.ICB, "2400000.00", None),
    ("older_people", "homecare", FundingSource.COUNCIL, "9800000.00", None),
    ("older_people", "reablement", FundingSource.POOLED, "2150000.00", "40.00"),
    ("learning_disability", "supported_living", FundingSource.COUNCIL, "18300000.00", None),
    ("carers", "short_breaks", FundingSource.GRANT, "640000.00", None),
]
SUPPLIERS = {
    "ASC-OP-RES": ["Sale Moor Homes Ltd (demo)", "Altrincham Residential Care (demo)"],
    "ASC-OP-NUR": ["Brookvale Care Group (demo)"],
    "ASC-OP-HC": ["Partington Homecare (demo)", "Spot homecare purchases (demo)"],
    "ASC-OP-REA": ["In-house reablement team (demo)"],
    "ASC-LD-SL": ["Supported living framework providers (demo)"],
    "ASC-CAR-BRK": ["Carers' breaks grants (demo)"],
}
MONTHLY = {
    "ASC-OP-RES": "1220000.00",
    "ASC-OP-NUR": "735000.00",
    "ASC-OP-HC": "845000.00",
    "ASC-OP-REA": "171000.00",
    "ASC-LD-SL": "1512000.00",
    "ASC-CAR-BRK": "49000.00",
}


def spend_csv(year: int, today: datetime.date) -> bytes:
    """A finance system extract: each month so far, split across the suppliers; plus orders."""
    lines = ["Date,Supplier,Cost centre,Amount,Type,Reference"]
    month = datetime.date(year, 4, 1)
    number = 0
    while month <= min(today, datetime.date(year + 1, 3, 1)):
        day = min(month.replace(day=28), today)  # this month's payments so far: none dated after today
        for code, total in MONTHLY.items():
            suppliers = SUPPLIERS[code]
            share = (Decimal(total) / len(suppliers)).quantize(Decimal("0.01"))
            for supplier in suppliers:
                number += 1
                lines.append(f'{day.isoformat()},"{supplier}",{code},{share},actual,PAY{number:05d}')
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    lines.append(f"{min(today, datetime.date(year + 1, 3, 31)).isoformat()},Brookvale Care Group (demo),ASC-OP-NUR,"
                 "96000.00,committed,PO-2231")  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


@transaction.atomic
def load_finance(people: dict[str, User], organisations: dict[str, Organisation], log: list[str]) -> None:
    priya = people["priya"]
    council = priya.organisation
    if Budget.objects.filter(organisation=council).exists():
        log.append("Resources demo records: already there")
        return
    today = timezone.localdate()  # the import's today: no payment dated after it
    year = financial_year_of(today)
    icb = Organisation.objects.filter(kind="nhs_icb").first()
    for code, name, service, group in CENTRES:
        services.cost_centre_create(
            by=priya, code=code, name=name, service_type=service, client_group=group, is_demo=True
        )
    for group, service, source, amount, share in BUDGETS:
        services.budget_create(
            by=priya,
            financial_year=year,
            client_group=group,
            service_type=service,
            funding_source=source,
            amount=Decimal(amount),
            partner=icb if share else None,
            partner_share_percent=Decimal(share) if share else None,
            is_demo=True,
            notes="Better Care Fund, pooled under section 75" if source == FundingSource.POOLED else "",
        )
    run = services.spend_import(
        organisation=council,
        name=f"ledger-{year}-demo.csv",
        content=spend_csv(year, today),
        financial_year=year,
        by=priya,
    )
    for service, unit, amount, source in (
        ("residential", CostUnit.WEEK, "912.00", "Standard residential rate, framework contract (demo)"),
        ("nursing", CostUnit.WEEK, "1046.00", "Standard nursing rate before FNC, framework contract (demo)"),
        ("homecare", CostUnit.HOUR, "26.40", "Homecare framework hourly rate (demo)"),
        ("reablement", CostUnit.WEEK, "540.00", "In-house reablement, cost per person a week (demo)"),
        ("direct_payments", CostUnit.DIRECT_PAYMENT_HOUR, "17.50", "Direct payment personal assistant rate (demo)"),
        ("day_services", CostUnit.DAY, "68.00", "Day opportunities contract (demo)"),
    ):
        services.unit_cost_create(
            by=priya,
            service_type=service,
            unit=unit,
            financial_year=year,
            amount=Decimal(amount),
            source_kind=CostSource.LOCAL_CONTRACT,
            source=source,
            is_demo=True,
        )
    _cost_of_care(priya, year, log)
    _option(priya, year, council, log)
    log.append(f"Resources demo records: budgets, {run.rows} transactions, unit costs, a cost of care exercise")


def _cost_of_care(priya: User, year: int, log: list[str]) -> None:
    exercise = services.exercise_create(
        by=priya,
        title=f"Care homes for older people: cost of care {year + 1} to {year + 2} (demo)",
        kind=ModelKind.CARE_HOME,
        financial_year=year + 1,
        current_fee=Decimal("912.00"),
        is_demo=True,
        inputs={
            **STARTING_INPUTS[ModelKind.CARE_HOME],
            "care_hours_per_resident_week": "24",
            "care_worker_hourly_pay": "13.20",
            "other_staff_per_resident_week": "250",
            "food": "48",
            "utilities": "45",
            "maintenance": "35",
            "insurance_and_registration": "14",
            "other_non_staff": "50",
            "capital_value_per_bed": "65000",
        },
    )
    keys = (
        "care_staff",
        "staff_on_costs",
        "other_staff",
        "food",
        "utilities",
        "maintenance",
        "insurance_and_registration",
        "other_non_staff",
        "return_on_operations",
        "return_on_capital",
    )
    figures = {
        "Brookvale Care Group (demo)": (322, 72, 251, 51, 46, 30, 15, 47, 38, 88),
        "Sale Moor Homes Ltd (demo)": (305, 66, 238, 44, 41, 36, 12, 52, 35, 92),
        "Altrincham Residential Care (demo)": (331, 74, 262, 47, 43, 33, 14, 45, 44, 79),
        "Davyhulme Care Homes (demo)": (298, 64, 229, 46, 39, 28, 13, 49, 33, 86),
        "Flixton Care Ltd (demo)": (317, 70, 247, 50, 47, 34, 16, 43, 40, 90),
    }  # fmt: skip
    returns = {name: dict(zip(keys, values, strict=True)) for name, values in figures.items()}
    for name, lines in returns.items():
        provider = Provider.objects.get(name=name)
        services.survey_return_save(
            exercise=exercise,
            provider=provider,
            lines={key: Decimal(value) for key, value in lines.items()},
            notes="Figures from the last audited accounts, per resident a week (demo)",
            by=priya,
        )
    exercise.refresh_from_db()
    services.exercise_update(
        exercise=exercise,
        by=priya,
        proposed_fee=Decimal("958.00"),
        status=ExerciseStatus.CLOSED,
        reasoning=(
            "The council's model, with care workers paid above the National Living Wage and homes 90% full, comes "
            "close to the median of the five providers' total costs, which is a little higher. We propose a fee "
            "between the two, rounded to the pound: an uplift of about 5% on this year's rate. Line by line, the "
            "model is within the providers' quartiles except for return on capital, where we use 6% of a bed's "
            "value."
        ),
    )
    services.exercise_publish(exercise=exercise, by=priya)
    log.append("Cost of care: a published care home exercise with five provider returns")


def _option(priya: User, year: int, council: Organisation, log: list[str]) -> None:
    forecast = SavedForecast.objects.filter(organisation=council).first()
    admissions = RateSet.objects.filter(name=ASCOF_TRAFFORD).first()
    option = services.option_create(
        by=priya,
        title="More reablement, fewer permanent care home admissions (demo)",
        description="Offer reablement at home to a fifth of the older people who would otherwise be admitted "
        "to a care home permanently.",
        first_year=year,
        last_year=year + 4,
        people_first_year=Decimal("339.5"),
        growth_percent=Decimal("1.4"),
        current_service="residential",
        current_cost_per_person_year=Decimal("47424.00"),
        alternative_service="reablement",
        alternative_cost_per_person_year=Decimal("18500.00"),
        shift_percent=Decimal("20"),
        one_off_cost=Decimal("120000.00"),
        is_demo=True,
        forecast=forecast if forecast and admissions else None,
        forecast_measure=admissions.pk if forecast and admissions else None,
        assumptions="People: Trafford's forecast permanent care home admissions (ASCOF 2C rates, saved needs "
        "forecast). Care home cost: the "
        "residential unit cost x 52 weeks. Alternative: 6 weeks of reablement plus a year of homecare.",
    )
    cycle = CommissioningCycle.objects.filter(
        title__startswith="Older people's care", lead_organisation=council
    ).first()
    if cycle is not None:
        evidence_add(activity=checklist_activity_get(cycle=cycle, key=RESOURCES), by=priya, record=option)
    log.append("Options appraisal attached to the older people cycle")
