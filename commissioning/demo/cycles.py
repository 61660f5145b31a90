"""The demo's three commissioning cycles, at different stages, with their activities, evidence,
effort and findings (invented)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.core.choices import ClientGroup
from commissioning.core.models import Area
from commissioning.core.services import model_update
from commissioning.cycles import services as cycles
from commissioning.cycles.choices import ActivityStatus, Element, FindingStatus, Level
from commissioning.cycles.models import Activity, CommissioningCycle
from commissioning.demo.people import ICB, TRAFFORD


def financial_year_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def _set(cycle: CommissioningCycle, key: str, by: User, level: Level = Level.STRATEGIC, **fields) -> Activity:
    activity = cycle.activities.get(level=level, checklist_key=key)
    return cycles.activity_update(activity=activity, by=by, notify=False, **fields)


def _finish(cycle: CommissioningCycle, keys: list[str], by: User, owner: User, level: Level = Level.STRATEGIC) -> None:
    for key in keys:
        activity = _set(cycle, key, by, level=level, owner=owner, status=ActivityStatus.DONE)
        # Finished on the day it was due (or today, if due later), for a believable history.
        finished = min(activity.due_date or timezone.localdate(), timezone.localdate())
        model_update(instance=activity, fields={"completed_on": finished}, by=by)


def _effort(cycle: CommissioningCycle, person: User, rows: list[tuple[Level, Element, str, int]]) -> None:
    today = timezone.localdate()
    for level, element, hours, days_ago in rows:
        cycles.effort_log(
            cycle=cycle,
            by=person,
            level=level,
            element=element,
            worked_on=today - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            note=f"{element.label} work",
        )


def older_people_cycle(
    people: dict[str, User], organisations: dict[str, Organisation], fy: datetime.date
) -> CommissioningCycle:
    priya, tom, grace, helen = people["priya"], people["tom"], people["grace"], people["helen"]
    start, end = fy.replace(year=fy.year - 1), fy.replace(year=fy.year + 2) - datetime.timedelta(days=1)
    cycle = cycles.cycle_create(
        by=priya,
        title=f"Older people's care and support {start.year} to {end.year}",
        client_group=ClientGroup.OLDER_PEOPLE,
        areas=[Area.objects.get(code=TRAFFORD)],
        period_start=start,
        period_end=end,
        partner_organisations=[organisations[ICB]],
        summary=(
            "Help older people in Trafford live well at home for longer: grow reablement and homecare in the "
            "north of the borough, reduce permanent care home admissions (Trafford's rate is well above "
            "England's), and secure enough nursing beds for people with dementia."
        ),
        is_published=True,
        public_summary=(
            "We are working with the NHS to plan care and support for older people in Trafford until "
            f"{end.year}. We want more people to get help at home after a stay in hospital, and good care "
            "homes for those who need them."
        ),
        is_demo=True,
    )
    _finish(cycle, ["territory", "needs", "supply", "resources"], priya, priya)
    _finish(cycle, ["gaps", "design", "risks", "consultation", "strategy"], priya, priya)
    _set(
        cycle,
        "consultation",
        priya,
        notes="Three listening events with carers' forum; online survey had 412 responses.",
    )
    _finish(cycle, ["market", "relationships"], priya, priya)
    _set(
        cycle,
        "purchasing",
        tom,
        owner=tom,
        status=ActivityStatus.IN_PROGRESS,
        notes="Homecare framework re-tender under way; lot for the north of the borough.",
    )
    _set(
        cycle,
        "quality_criteria",
        priya,
        owner=helen,
        status=ActivityStatus.IN_PROGRESS,
        due_date=timezone.localdate() - datetime.timedelta(days=21),
        notes="Agreeing joint outcome measures with the ICB for discharge to assess beds.",
    )
    _set(cycle, "decommissioning", priya, owner=priya, due_date=timezone.localdate() + datetime.timedelta(days=60))
    _finish(
        cycle,
        ["individual_needs", "contract_resources", "provider_review", "market_performance"],
        tom,
        tom,
        Level.PURCHASING,
    )
    _finish(cycle, ["purchasing_plan"], tom, tom, Level.PURCHASING)
    _set(
        cycle,
        "specifications",
        tom,
        level=Level.PURCHASING,
        owner=tom,
        status=ActivityStatus.IN_PROGRESS,
        due_date=timezone.localdate() - datetime.timedelta(days=7),
    )
    _set(cycle, "contract_type", tom, level=Level.PURCHASING, owner=tom, status=ActivityStatus.IN_PROGRESS)
    needs = cycle.activities.get(level=Level.STRATEGIC, checklist_key="needs")
    cycles.evidence_add(
        activity=needs,
        by=priya,
        title="ONS population projections for local authorities",
        url="https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationprojections",
    )
    cycles.evidence_add(activity=needs, by=priya, title="Trafford area profile", url=f"/areas/{TRAFFORD}/")
    territory = cycle.activities.get(level=Level.STRATEGIC, checklist_key="territory")
    cycles.evidence_add(
        activity=territory, by=priya, title="Care Act 2014", url="https://www.legislation.gov.uk/ukpga/2014/23/contents"
    )
    supply = cycle.activities.get(level=Level.STRATEGIC, checklist_key="supply")
    cycles.evidence_add(
        activity=supply,
        by=priya,
        title="CQC care directory (using CQC data)",
        url="https://www.cqc.org.uk/about-us/transparency/using-cqc-data",
    )
    cycles.activity_create(
        cycle=cycle,
        by=priya,
        level=Level.STRATEGIC,
        element=Element.DO,
        title="Open the discharge to assess pilot in Altrincham",
        description="Ten short-stay beds with therapy input, jointly funded with the ICB.",
        owner=helen,
        due_date=timezone.localdate() + datetime.timedelta(days=45),
        notify=False,
    )
    _effort(
        cycle,
        priya,
        [
            (Level.STRATEGIC, Element.ANALYSE, "14", 300),
            (Level.STRATEGIC, Element.ANALYSE, "11.5", 280),
            (Level.STRATEGIC, Element.PLAN, "12", 200),
            (Level.STRATEGIC, Element.PLAN, "9", 150),
            (Level.STRATEGIC, Element.DO, "6.5", 40),
            (Level.STRATEGIC, Element.REVIEW, "1.5", 10),
        ],
    )
    _effort(
        cycle,
        tom,
        [
            (Level.PURCHASING, Element.ANALYSE, "7", 120),
            (Level.PURCHASING, Element.PLAN, "8", 60),
            (Level.PURCHASING, Element.DO, "10", 14),
        ],
    )
    cycles.finding_raise(
        cycle=cycle,
        by=tom,
        level=Level.PURCHASING,
        element=Element.DO,
        activity=cycle.activities.get(level=Level.PURCHASING, checklist_key="contract_management"),
        title="Homecare visits in the north of the borough are often cut short",
        detail="Call-monitoring returns show a third of 30-minute visits in Partington and Carrington "
        "lasting under 20 minutes. Providers say travel time is not paid between rural calls.",
    )
    cycles.finding_raise(
        cycle=cycle,
        by=grace,
        level=Level.PURCHASING,
        element=Element.REVIEW,
        title="People reviewed want more support in the evening",
        detail="At annual reviews, 14 of 40 people asked for a later tea-time or bedtime call "
        "than their provider can offer.",
    )
    return cycle


def learning_disability_cycle(people: dict[str, User], fy: datetime.date) -> CommissioningCycle:
    priya, tom = people["priya"], people["tom"]
    start, end = fy, fy.replace(year=fy.year + 3) - datetime.timedelta(days=1)
    cycle = cycles.cycle_create(
        by=priya,
        title=f"Learning disability support {start.year} to {end.year}",
        client_group=ClientGroup.LEARNING_DISABILITY,
        areas=[Area.objects.get(code=TRAFFORD)],
        period_start=start,
        period_end=end,
        summary="More supported living and employment support, fewer out-of-area placements.",
        is_demo=True,
    )
    _finish(cycle, ["territory", "resources"], priya, priya)
    _set(
        cycle,
        "needs",
        priya,
        owner=priya,
        status=ActivityStatus.IN_PROGRESS,
        notes="Working with public health on prevalence of learning disability among adults aged 18 to 64.",
    )
    _set(
        cycle,
        "supply",
        priya,
        owner=tom,
        status=ActivityStatus.IN_PROGRESS,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    _effort(cycle, priya, [(Level.STRATEGIC, Element.ANALYSE, "9", 60), (Level.STRATEGIC, Element.ANALYSE, "6", 20)])
    return cycle


def carers_cycle(
    people: dict[str, User], organisations: dict[str, Organisation], fy: datetime.date
) -> CommissioningCycle:
    priya, tom, grace, helen = people["priya"], people["tom"], people["grace"], people["helen"]
    start, end = fy.replace(year=fy.year - 2), fy.replace(year=fy.year + 1) - datetime.timedelta(days=1)
    cycle = cycles.cycle_create(
        by=priya,
        title=f"Support for carers {start.year} to {end.year}",
        client_group=ClientGroup.CARERS,
        areas=[Area.objects.get(code=TRAFFORD)],
        period_start=start,
        period_end=end,
        lead_commissioner=priya,
        partner_organisations=[organisations[ICB]],
        summary="Earlier help for unpaid carers: carers' assessments, breaks, and support through GP practices.",
        is_published=True,
        public_summary="Help for people who look after a family member or friend: information, breaks and "
        "someone to talk to. We are now checking what worked.",
        is_demo=True,
    )
    _finish(
        cycle,
        [
            "territory",
            "needs",
            "supply",
            "resources",
            "gaps",
            "design",
            "risks",
            "consultation",
            "strategy",
            "market",
            "relationships",
            "purchasing",
            "quality_criteria",
        ],
        priya,
        priya,
    )
    _set(
        cycle,
        "decommissioning",
        priya,
        status=ActivityStatus.NOT_NEEDED,
        notes="No service is being ended in this cycle.",
    )
    _finish(cycle, ["impact"], priya, helen)
    _set(cycle, "data", priya, owner=priya, status=ActivityStatus.IN_PROGRESS)
    _set(
        cycle,
        "feedback",
        priya,
        owner=priya,
        status=ActivityStatus.IN_PROGRESS,
        notes="Carers' forum session booked; survey of carers closes next month.",
    )
    for _element, keys in (
        (Element.ANALYSE, ["individual_needs", "contract_resources", "provider_review", "market_performance"]),
        (Element.PLAN, ["purchasing_plan", "specifications", "contract_type"]),
        (Element.DO, ["tendering", "award", "individual_purchasing", "contract_management"]),
    ):
        _finish(cycle, keys, tom, tom, Level.PURCHASING)
    _set(cycle, "decommissioning_plan", tom, level=Level.PURCHASING, status=ActivityStatus.NOT_NEEDED)
    _finish(cycle, ["monitoring"], tom, tom, Level.PURCHASING)
    _set(cycle, "quality_with_people", tom, level=Level.PURCHASING, owner=tom, status=ActivityStatus.IN_PROGRESS)
    _effort(
        cycle,
        priya,
        [
            (Level.STRATEGIC, Element.ANALYSE, "10", 600),
            (Level.STRATEGIC, Element.PLAN, "9", 500),
            (Level.STRATEGIC, Element.DO, "11", 300),
            (Level.STRATEGIC, Element.REVIEW, "8", 30),
        ],
    )
    _effort(
        cycle,
        tom,
        [
            (Level.PURCHASING, Element.ANALYSE, "4", 450),
            (Level.PURCHASING, Element.PLAN, "5", 400),
            (Level.PURCHASING, Element.DO, "6", 250),
            (Level.PURCHASING, Element.REVIEW, "5", 20),
        ],
    )
    breaks = cycles.finding_raise(
        cycle=cycle,
        by=tom,
        level=Level.PURCHASING,
        element=Element.REVIEW,
        title="Short breaks are booked up months ahead",
        detail="The block contract for carers' breaks was fully used by month 7 in each year.",
    )
    cycles.finding_update(
        finding=breaks,
        by=priya,
        status=FindingStatus.ACTED_ON,
        response="Added a spot-purchase route for breaks and a direct payment option for carers.",
    )
    cycles.finding_raise(
        cycle=cycle,
        by=grace,
        level=Level.PURCHASING,
        element=Element.REVIEW,
        title="Young adult carers are not reached through GP practices",
        detail="Only 3 carers' assessments in the year were for carers aged 18 to 25.",
    )
    return cycle
