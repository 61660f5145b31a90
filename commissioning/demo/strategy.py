"""The demo council's plan so far, for the older people's cycle: a risk register and one budget
optimiser run.

Care home capacity is the real one: the beds of Trafford's care homes in the CQC register the
demo loads, a week of care a bed a week. The demand, the unit costs and the budgets are invented
for the demo (marked so), at the scale of a borough of Trafford's size.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.cycles.models import CommissioningCycle
from commissioning.demo.people import TRAFFORD
from commissioning.finance.models import financial_year_of
from commissioning.market.models import MarketSummary
from commissioning.strategy import services
from commissioning.strategy.choices import RiskKind
from commissioning.strategy.models import OptimiserRun

# (key, name, unit, £ a unit, demand in the first year as a share of care home weeks, yearly growth)
SERVICES = [
    ("care_home", "Care home placements", "week", "905.00", Decimal("0.97"), Decimal("0.04")),
    ("homecare", "Homecare", "hour", "25.40", Decimal(16), Decimal("0.04")),
    ("reablement", "Reablement", "episode", "1950.00", Decimal("0.02"), Decimal("0.02")),
    ("extra_care", "Extra care housing", "week", "480.00", Decimal("0.15"), Decimal("0.02")),
]


def optimiser_inputs(beds: int, first_year: int) -> dict[str, Any]:
    """Three years of demand at the scale of the borough's care home beds (`beds`), growing, so
    that by the third year care homes are full and extra care housing takes the rest."""
    years = [first_year, first_year + 1, first_year + 2]
    weeks = beds * 52
    demand = [
        {"service": key, "area": TRAFFORD, "year": year, "units": int(weeks * share * (1 + growth) ** index)}
        for key, _name, _unit, _cost, share, growth in SERVICES
        for index, year in enumerate(years)
    ]
    cost = sum(weeks * share * Decimal(unit_cost) for _key, _name, _unit, unit_cost, share, _growth in SERVICES)
    return {
        "areas": [{"code": TRAFFORD, "name": "Trafford"}],
        "years": years,
        "services": [
            {"key": key, "name": name, "unit": unit, "unit_cost": cost} for key, name, unit, cost, *_ in SERVICES
        ],
        "demand": demand,
        # The register's beds, a week of care each a week; homecare agencies' hours as they report them.
        "capacity": [
            *({"service": "care_home", "area": TRAFFORD, "year": year, "units": weeks} for year in years),
            *({"service": "homecare", "area": TRAFFORD, "year": year, "units": weeks * 17} for year in years),
        ],
        # A budget growing 3% a year from a little above the first year's cost.
        "budget": [
            {"year": year, "amount": str((cost * Decimal("1.02") * Decimal("1.03") ** index).quantize(Decimal(1)))}
            for index, year in enumerate(years)
        ],
        "substitutions": [
            {"service": "reablement", "replaces": "homecare", "units": 45, "max_share": 25},
            {"service": "extra_care", "replaces": "care_home", "units": 1, "max_share": 15},
        ],
    }


# (title, kind, likelihood, impact, mitigation, owner, residual likelihood, residual impact, months to review)
RISKS = [
    ("Care homes close or stop taking council-funded residents", RiskKind.STATUS_QUO, 3, 5,
     "Fee uplift from the cost of care exercise; contingency plans for the largest homes", "tom", 2, 5, 3),
    ("Homecare agencies cannot recruit enough care workers", RiskKind.STATUS_QUO, 4, 4,
     "Pay the real living wage through the new framework; joint recruitment campaign", "priya", 3, 3, 3),
    ("Extra care housing schemes open later than planned", RiskKind.CHANGE, 3, 3,
     "Monthly progress meeting with the housing developer", "priya", 2, 3, 6),
    ("Reablement does not reduce homecare hours as modelled", RiskKind.CHANGE, 2, 4,
     "Track outcomes 91 days after discharge with the ICB", "helen", 2, 3, 6),
]  # fmt: skip


def load_strategy(people: dict[str, User], organisations: dict[str, Organisation], log: list[str]) -> None:
    priya = people["priya"]
    if OptimiserRun.objects.filter(organisation=priya.organisation, is_demo=True).exists():
        log.append("Plan demo records: already there")
        return
    cycle = CommissioningCycle.objects.filter(
        lead_organisation=priya.organisation, title__startswith="Older people's care and support"
    ).first()
    today = timezone.localdate()
    if cycle is not None:
        for title, kind, likelihood, impact, mitigation, owner, after_l, after_i, months in RISKS:
            services.risk_create(
                by=priya, cycle=cycle, title=title, kind=kind, likelihood=likelihood, impact=impact,
                mitigation=mitigation, mitigation_owner=people[owner], residual_likelihood=after_l,
                residual_impact=after_i, review_on=today + datetime.timedelta(days=30 * months), is_demo=True,
            )  # fmt: skip
    summary = MarketSummary.objects.filter(place=TRAFFORD, service="").first()
    beds = summary.beds if summary is not None and summary.beds else 1_200
    run = services.optimiser_run_create(
        by=priya,
        title="Older people: least-cost mix for the next three years",
        cycle=cycle,
        inputs=optimiser_inputs(beds, financial_year_of(timezone.localdate())),
        is_demo=True,
    )
    outcome = "mix found" if run.feasible else "limits conflict"
    log.append(f"Plan demo records: {len(RISKS)} risks, an optimiser run ({outcome})")
