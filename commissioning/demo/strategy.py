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
from commissioning.cycles.services import document_upload
from commissioning.demo.people import TRAFFORD
from commissioning.finance.models import CostOfCareExercise, financial_year_of
from commissioning.market.models import MarketPositionStatement, MarketSummary, Provider
from commissioning.needs.models import SavedForecast
from commissioning.needs.published import forecast_measure_list
from commissioning.strategy import services
from commissioning.strategy.choices import RiskKind
from commissioning.strategy.models import GapAnalysis, OptimiserRun, PurchasingPlan, ServiceDesign, StrategyVersion

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
    if cycle is not None and not GapAnalysis.objects.filter(cycle=cycle).exists():
        made = load_demo_gap_analysis(cycle, priya)
        log.append(f"Plan demo gap analysis: {made}")
    if cycle is not None and not StrategyVersion.objects.filter(cycle=cycle).exists():
        load_demo_strategy(cycle, people, today)
        log.append("Plan demo strategy: version 1 approved and published, version 2 a draft")
    if cycle is not None and not PurchasingPlan.objects.filter(cycle=cycle).exists():
        load_demo_purchasing(cycle, priya, today)
        log.append(f"Plan demo purchasing plan: {len(PROCUREMENTS)} procurements, one service to stop")
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


# (service, part of the words in the forecast measure, units each one the measure counts needs)
GAP_DEMAND = [
    # Permanent admissions a year, times the average stay in years: 60% to residential care for 2.5
    # years, 40% to nursing care for 2.5 years (invented, marked demo).
    ("residential", "admissions to care homes", "1.5"),
    ("nursing", "admissions to care homes", "1.0"),
    ("homecare", "dementia", "2"),  # two hours a week for each person with dementia (invented)
]


def load_demo_gap_analysis(cycle: CommissioningCycle, priya: User) -> str:
    """The cycle's gap analysis from the saved forecast and the register's real care home beds."""
    measures = [m for m in forecast_measure_list(user=priya) if m.area_code == TRAFFORD]
    demand = []
    for service, words, units in GAP_DEMAND:
        measure = next((m for m in measures if words in m.label.lower()), None)
        if measure is not None:
            demand.append(
                {"service": service, "forecast": measure.forecast_id, "rate_set": measure.rate_set_id,
                 "units_per_person": units}
            )  # fmt: skip
    if not demand:
        return "no saved forecast to work from"
    analysis = services.gap_analysis_create(
        by=priya, cycle=cycle, title="Older people in Trafford: need against supply", demand=demand, is_demo=True
    )
    return f"{analysis.shortfalls} shortfalls, {analysis.data_gaps} data gaps"


# An invented summary of what carers said, kept as an uploaded document (marked demo).
CARERS_SURVEY = """Theme,Carers who raised it,What they said
Breaks,41,"Short breaks are booked up months ahead"
Information,28,"Hard to find out what help there is"
Money,19,"Paying for a sitter costs more than I can afford"
"""


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
    gaps = GapAnalysis.objects.filter(cycle=cycle).first()
    evidence = [[forecast, gaps], [statement], [exercise]]
    for (title, description, targets), records in zip(PRIORITIES, evidence, strict=True):
        priority = services.priority_add(version=version, by=priya, title=title, description=description)
        for measure, unit, baseline, source, target, year, trajectory, owner, monitoring in targets:
            services.target_add(
                priority=priority, by=priya, measure=measure, unit=unit, baseline=Decimal(baseline),
                baseline_on=datetime.date(2026, 3, 31), baseline_source=source, target_figure=Decimal(target),
                target_year=year, trajectory=trajectory, owner=people[owner], monitoring=monitoring,
            )  # fmt: skip
        for record in records:
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
    survey = document_upload(
        by=priya, title="Trafford carers' conversations 2026: what carers told us (demo)", file_name="carers-2026.csv",
        content=CARERS_SURVEY.encode(),
    )  # fmt: skip
    services.priority_evidence_add(priority=carers, by=priya, record=survey)
    services.target_add(
        priority=carers, by=priya, measure="Carers who have as much social contact as they would like", unit="%",
        baseline=Decimal("28.5"), baseline_on=datetime.date(2026, 3, 31),
        baseline_source="Survey of Adult Carers in England 2025 to 2026", target_figure=Decimal("35"), target_year=2029,
        trajectory={"2027": "30", "2028": "32.5", "2029": "35"}, owner=people["priya"],
        monitoring="Every two years, from the carers survey",
    )  # fmt: skip


# (title, service type, outline specification, outcomes, needs met)
DESIGNS = [
    ("Home first reablement", "reablement",
     "Up to six weeks of short-term support at home after a hospital stay or a crisis, from therapists and "
     "reablement workers, seven days a week, starting within a day of discharge.",
     "People regain the skills to live independently\nFewer people need long-term care\nFewer readmissions",
     "Frailty after a hospital stay\nLoss of confidence after a fall"),
    ("Extra care housing", "extra_care",
     "Self-contained flats with care staff on site day and night, a restaurant and shared spaces, for people "
     "who can no longer manage at home but do not need a care home.",
     "People keep their own front door\nFewer moves into residential care",
     "Dementia in its early stages\nFrailty with a need for care at short notice"),
    ("Homecare by neighbourhood", "homecare",
     "Homecare commissioned patch by patch, each with a lead provider paid the real living wage, so visits are "
     "on time and workers are not rushed.",
     "People get care at the times they want\nCare workers stay in the job",
     "Personal care at home\nSupport with medication"),
]  # fmt: skip

# (title, design title, service type, value, VAT, route, months from now to the tender, contract months,
#  best placed, reasoning)
PROCUREMENTS = [
    ("Home first reablement service", "Home first reablement", "reablement", "3600000.00", 0, "open_tender", 3, 36,
     "A specialist reablement provider with NHS therapists", "The ICB's therapists already work with hospital "
     "discharge teams; a joint service avoids two assessments."),
    ("Homecare by neighbourhood: four lead providers", "Homecare by neighbourhood", "homecare", "38000000.00", 0,
     "framework", 6, 60, "Local homecare agencies already on the framework", "They hold the staff and know the "
     "patches; a new framework would take a year to let."),
    ("Carers' short breaks grants", None, "short_breaks", "240000.00", 0, "grant", 2, 12,
     "Trafford Carers Network and local voluntary groups", "Carers trust them and they reach carers the council "
     "does not."),
]  # fmt: skip


# Where each person at the day centre moves to, by pseudonymous reference number (invented).
# People at the day centre the plan stops (their packages are in the care demo); three have their move planned.
DAY_CENTRE_PEOPLE = [3, 8, 11, 17, 19, 23, 26, 31, 34, 38, 40, 42, 45, 47]
MOVES = [
    (17, "Community day opportunities at the Sale library hub"),
    (23, "A personal assistant, paid with a direct payment"),
    (31, "The Stretford extra care scheme's day club"),
]


def load_demo_purchasing(cycle: CommissioningCycle, priya: User, today: datetime.date) -> None:
    """Three service designs, and a plan buying two of them and a grant, and stopping a day centre."""
    designs = {
        title: services.service_design_create(
            by=priya, title=title, service_type=kind, client_group="older_people", specification=specification,
            outcomes=outcomes, needs_met=needs, is_demo=True,
        )
        for title, kind, specification, outcomes, needs in DESIGNS
        if not ServiceDesign.objects.filter(organisation=priya.organisation, title=title).exists()
    }  # fmt: skip
    first = financial_year_of(today) + 1
    plan = services.purchasing_plan_create(
        by=priya, cycle=cycle, title=f"Older people's purchasing plan {first} to {first + 3}", first_year=first,
        last_year=first + 2, is_demo=True,
        market_development="Hold a provider forum each quarter; publish the market position statement each year; "
        "work with two housing associations on 120 extra care flats; pay the cost of care fee from April.",
        direct_payments_percent=Decimal("8"),
        direct_payments_effect="More people are expected to take homecare as a direct payment and employ a "
        "personal assistant, so the homecare framework buys about 8% fewer hours by the last year.",
    )  # fmt: skip
    approved = StrategyVersion.objects.filter(cycle=cycle, status="approved").first()
    priorities = list(approved.priorities.order_by("position")) if approved else []
    # Which approved priority each purchase serves (the carers' grants serve the draft's new one).
    serves = {"reablement": 0, "homecare": 2}
    for title, design, kind, value, vat, route, months, length, best, why in PROCUREMENTS:
        starts = today + datetime.timedelta(days=30 * months)
        index = serves.get(kind)
        services.procurement_add(
            plan=plan, by=priya, title=title, service_type=kind, design=designs.get(design) if design else None,
            priority=priorities[index] if index is not None and index < len(priorities) else None,
            value=Decimal(value), vat_rate=vat,
            route=route, tender_starts=starts, contract_starts=starts + datetime.timedelta(days=180),
            contract_months=length, best_placed=best, reasoning=why,
        )  # fmt: skip
    stopping = services.decommissioning_add(
        plan=plan, by=priya, service="Oak Road day centre (demo)", service_type="day_services",
        reason="Fourteen people use a centre built for sixty; most would rather go to activities in their "
        "own neighbourhood.", ends_on=today + datetime.timedelta(days=270),
    )  # fmt: skip
    for number, move in MOVES:
        services.person_transition_add(
            decommissioning=stopping, by=priya, reference=f"TDC-{number:04d}", plan=move,
            move_by=today + datetime.timedelta(days=240),
        )  # fmt: skip
    provider = Provider.objects.filter(locations__local_authority__code=TRAFFORD).order_by("name").first()
    if provider is not None:
        services.provider_transition_add(
            decommissioning=stopping, by=priya, provider=provider,
            plan="Six months' notice; staff offered posts in the new day opportunities (TUPE where it applies).",
        )  # fmt: skip
