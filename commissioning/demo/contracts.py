"""The demo contract register: Trafford's block homecare contract (entered directly, as councils'
existing contracts are), a care home framework with two invented providers and spot placements,
one ending soon, KPIs on the block contract, and a price uplift citing the published cost of care
exercise. Every provider here is an invented "(demo)" one from the demo market; every name,
figure and date is invented."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.contracts import services
from commissioning.contracts.dates import add_months
from commissioning.contracts.models import Contract
from commissioning.demo.cycles import financial_year_start
from commissioning.demo.people import COUNCIL
from commissioning.finance.choices import ModelKind
from commissioning.finance.models import CostOfCareExercise
from commissioning.market.models import Provider
from commissioning.strategy.choices import StrategyStatus
from commissioning.strategy.models import Priority

BLOCK = "Trafford homecare block contract, north (demo)"
BEDS = "Trafford care home beds block, Brookvale (demo)"
FRAMEWORK = "Trafford care homes for older people framework (demo)"
ON_TIME = "Visits on time"


def _day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


@transaction.atomic
def load_contracts(people: dict[str, User], organisations: dict[str, Organisation], log: list[str]) -> None:
    council = organisations[COUNCIL]
    if Contract.objects.filter(organisation=council, title=BLOCK).exists():
        log.append("Contract demo records: already there")
        return
    tom, priya = people["tom"], people["priya"]
    today = timezone.localdate()
    year = financial_year_start(today)
    providers = {p.name: p for p in Provider.objects.filter(name__endswith="(demo)")}
    area = [council.area] if council.area_id else []
    homecare = (
        Priority.objects.filter(
            version__organisation=council, version__status=StrategyStatus.APPROVED, title__icontains="homecare"
        )
        .order_by("pk")
        .first()
    )
    block = services.contract_create(
        by=tom, is_demo=True, title=BLOCK, kind="block", provider=providers["Partington Homecare (demo)"],
        service_type="homecare", client_group="older_people", areas=area, regime="pa23", light_touch=True,
        value=Decimal("7280000.00"), starts_on=add_months(year, -12), ends_on=_day_before(add_months(year, 24)),
        extension_months=[12, 12], priority=homecare, capacity=Decimal(2000), capacity_unit="hours",
        unit_price=Decimal("23.33"),
        description="Block capacity of 2,000 hours of homecare a week for older people in north Trafford "
        "(Stretford, Old Trafford, Urmston, Partington), seven days a week from 7am to 10pm.",
        entered_directly_reason="Awarded in 2025, before the council used this service (demo)",
    )  # fmt: skip
    kpis = [
        (ON_TIME, "Visits starting within 15 minutes of the planned time, from call monitoring",
         "% of visits", "95", "2", "higher", "monthly"),
        ("Missed visits", "Planned visits not delivered, with no agreement from the person", "% of visits", "0.5",
         "0.25", "lower", "monthly"),
        ("Same care workers", "People who saw no more than four different care workers in the month",
         "% of people", "80", "5", "higher", "quarterly"),
    ]  # fmt: skip
    for name, definition, unit, target, tolerance, direction, frequency in kpis:
        services.kpi_add(
            by=tom, contract=block, name=name, definition=definition, unit=unit, target=Decimal(target),
            tolerance=Decimal(tolerance), direction=direction, frequency=frequency,
            measured_how="From the electronic call monitoring system, checked by the contracts team",
        )  # fmt: skip
    services.standard_add(
        by=tom, contract=block, kind="outcome", description="People stay living at home for as long as they want to",
        measured_by="Annual reviews, and the number moving into care homes",
    )  # fmt: skip
    services.contract_create(
        by=tom, is_demo=True, title=BEDS, kind="block", provider=providers["Brookvale Care Group (demo)"],
        service_type="care_home", client_group="older_people", areas=area, regime="pa23", light_touch=True,
        value=Decimal("2989000.00"), starts_on=add_months(year, -6), ends_on=_day_before(add_months(year, 30)),
        priority=None, capacity=Decimal(20), capacity_unit="beds", unit_price=Decimal("958.00"),
        description="Twenty residential and nursing beds for older people at Brookvale Lodge and Brookvale Manor, "
        "paid for whether used or not, for people leaving hospital and those the council places.",
        entered_directly_reason="Block beds agreed in 2025 to speed hospital discharge (demo)",
    )  # fmt: skip
    frameworks = {}
    for name in ("Brookvale Care Group (demo)", "Sale Moor Homes Ltd (demo)"):
        frameworks[name] = services.contract_create(
            by=tom, is_demo=True, title=FRAMEWORK, kind="framework", provider=providers[name],
            service_type="care_home", client_group="older_people", areas=area, regime="pcr2015", light_touch=True,
            value=Decimal("4500000.00"), starts_on=add_months(year, -24), ends_on=_day_before(add_months(year, 24)),
            extension_months=[24], unit_price=Decimal("958.00"),
            description="Residential and nursing care home places for older people at the council's usual fee, "
            "called off one placement at a time.",
            entered_directly_reason="Framework let in 2024 under the 2015 Regulations (demo)",
        )  # fmt: skip
    exercise = CostOfCareExercise.objects.filter(
        organisation=council, kind=ModelKind.CARE_HOME, is_published=True
    ).first()
    if exercise is not None:
        services.variation_add(
            by=tom, contract=frameworks["Brookvale Care Group (demo)"], kind="price_review",
            effective_on=max(year, frameworks["Brookvale Care Group (demo)"].starts_on), ground="pcr_review_clause",
            value_change=Decimal("240000.00"), cost_of_care=exercise, approved_by=priya,
            approved_on=today - datetime.timedelta(days=14),
            reason=f"Annual fee review under the framework's price review clause: the usual fee rises from "
            f"£{exercise.current_fee} to £{exercise.proposed_fee} a week, as the published cost of care "
            "exercise proposed",
        )  # fmt: skip
    spot = [
        ("Spot placement, Brookvale Lodge (demo)", "Brookvale Care Group (demo)", "nursing", 6, 30,
         frameworks["Brookvale Care Group (demo)"]),
        ("Spot placement, Sale Moor House (demo)", "Sale Moor Homes Ltd (demo)", "residential", 3, 36,
         frameworks["Sale Moor Homes Ltd (demo)"]),
        ("Spot placement, Altrincham Court (demo)", "Altrincham Residential Care (demo)", "residential", 20, 22, None),
    ]  # fmt: skip
    for title, name, service, months_ago, months, framework in spot:
        starts = add_months(today, -months_ago)
        # One ends about ten weeks from now, inside its renewal alert, with no options left.
        ends = today + datetime.timedelta(weeks=10) if framework is None else _day_before(add_months(starts, months))
        services.contract_create(
            by=tom, is_demo=True, title=title, kind="spot", provider=providers[name], service_type=service,
            client_group="older_people", areas=area, regime="below_threshold", light_touch=True,
            value=Decimal("958.00") * 52 * months // 12, starts_on=starts, ends_on=ends, framework=framework,
            entered_directly_reason="A placement arranged by the older people's team (demo)",
        )  # fmt: skip
    log.append(
        "Contracts: a block homecare contract with KPIs (called off in the care demo), a care home framework with a "
        "price uplift, 3 spot"
    )
