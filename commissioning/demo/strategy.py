"""The demo council's plan so far, for the older people's cycle: a risk register, one budget
optimiser run, and a commissioning strategy (version 1 approved by cabinet and published, version 2
a draft changing it), whose priorities cite the demo's saved forecast, market position statement
and cost of care exercise as evidence.

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
from commissioning.finance.models import CostOfCareExercise, financial_year_of
from commissioning.market.models import MarketPositionStatement, MarketSummary
from commissioning.needs.models import SavedForecast
from commissioning.strategy import services
from commissioning.strategy.choices import RiskKind
from commissioning.strategy.models import OptimiserRun, StrategyVersion

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
    cycle = CommissioningCycle.objects.filter(
        lead_organisation=priya.organisation, title__startswith="Older people's care and support"
    ).first()
    today = timezone.localdate()
    if cycle is not None and not StrategyVersion.objects.filter(cycle=cycle).exists():
        load_demo_strategy(cycle, people, today)
        log.append("Plan demo strategy: version 1 approved and published, version 2 a draft")
    if OptimiserRun.objects.filter(organisation=priya.organisation, is_demo=True).exists():
        log.append("Plan demo records: already there")
        return
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


VISION = (
    "Older people in Trafford live well at home for as long as they can, with care that helps them get back "
    "on their feet after a crisis, and a good care home place close to family when they need one."
)

# (title, what will change and why, [(measure, unit, baseline, source, target, year, trajectory, owner, monitoring)])
PRIORITIES = [
    ("More people return home after a stay in hospital",
     "Reablement will be offered to everyone leaving hospital who could benefit, so fewer people go straight "
     "into long-term care.",
     [("Older people still at home 91 days after discharge to reablement", "%", "81.2",
       "Adult Social Care Outcomes Framework 2B(1), 2025 to 2026", "86", 2029,
       {"2027": "82.5", "2028": "84", "2029": "86"}, "helen", "Quarterly, from the reablement service's returns")]),
    ("A stable care home market paid a fair fee",
     "Fees follow the cost of care exercise, and the council works with homes at risk of closing before they do.",
     [("Care home beds rated good or outstanding", "%", "74", "CQC register, March 2026", "85", 2029,
       {"2027": "78", "2028": "82", "2029": "85"}, "tom", "Each month, from the market register")]),
    ("Homecare when and where it is needed",
     "A new homecare framework pays the real living wage, so agencies can recruit and nobody waits for care.",
     [("People waiting for a homecare package", "people", "46", "Brokerage waiting list, 31 March 2026", "10",
       2028, {"2027": "25", "2028": "10"}, "priya", "Weekly, from the brokerage team's list")]),
]  # fmt: skip


def load_demo_strategy(cycle: CommissioningCycle, people: dict[str, User], today: datetime.date) -> None:
    """Version 1 approved by cabinet a month ago and published; version 2 a draft that raises a target
    and adds a priority for carers."""
    priya = people["priya"]
    version = services.strategy_start(
        by=priya, cycle=cycle, title="Living well in later life 2026 to 2029", vision=VISION, is_demo=True
    )
    forecast = SavedForecast.objects.filter(organisation=priya.organisation).order_by("pk").first()
    statement = MarketPositionStatement.objects.filter(organisation=priya.organisation, is_published=True).first()
    exercise = CostOfCareExercise.objects.filter(organisation=priya.organisation).order_by("pk").first()
    evidence = [forecast, statement, exercise]
    for (title, description, targets), record in zip(PRIORITIES, evidence, strict=True):
        priority = services.priority_add(version=version, by=priya, title=title, description=description)
        for measure, unit, baseline, source, target, year, trajectory, owner, monitoring in targets:
            services.target_add(
                priority=priority, by=priya, measure=measure, unit=unit, baseline=Decimal(baseline),
                baseline_on=datetime.date(2026, 3, 31), baseline_source=source, target_figure=Decimal(target),
                target_year=year, trajectory=trajectory, owner=people[owner], monitoring=monitoring,
            )  # fmt: skip
        if record is not None:
            services.priority_evidence_add(priority=priority, by=priya, record=record)
        services.priority_evidence_add(
            priority=priority, by=priya, title="Trafford joint strategic needs assessment",
            url="https://www.traffordjsna.org.uk/",
        )  # fmt: skip
    services.version_approve(
        version=version, by=priya, decision_maker="cabinet", decided_on=today - datetime.timedelta(days=30),
        minute_reference="Executive minute 48 (demo)", decision_url="https://democratic.trafford.gov.uk/",
    )  # fmt: skip
    services.version_publish(
        version=version,
        by=priya,
        public_summary="Our plan to help older people in Trafford stay well at home, get back on their feet after "
        "hospital, and find a good care home close to family when they need one.",
    )
    draft = services.version_new_draft(version=version, by=priya)
    services.version_update(version=draft, by=priya, vision=VISION + " Carers get the breaks they need.")
    first = draft.priorities.order_by("position").first()
    if first is not None:
        target = first.targets.get()
        services.target_update(
            target=target,
            by=priya,
            target_figure=Decimal("88"),
            trajectory={"2027": "83", "2028": "85.5", "2029": "88"},
        )
    carers = services.priority_add(
        version=draft, by=priya, title="Carers get a break",
        description="More short breaks, booked online, so carers can keep caring without harming their own health.",
    )  # fmt: skip
    services.target_add(
        priority=carers, by=priya, measure="Carers who have as much social contact as they would like", unit="%",
        baseline=Decimal("28.5"), baseline_on=datetime.date(2026, 3, 31),
        baseline_source="Survey of Adult Carers in England 2025 to 2026", target_figure=Decimal("35"), target_year=2029,
        trajectory={"2027": "30", "2028": "32.5", "2029": "35"}, owner=people["priya"],
        monitoring="Every two years, from the carers survey",
    )  # fmt: skip
