"""The demonstration council: Trafford, with its real areas and care home providers, and
invented people and commissioning work (marked as demo data wherever it is shown).

Loading is idempotent: records are found by natural keys (GSS codes, organisation names,
email addresses, cycle titles) and only what is missing is created.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.services import organisation_create, user_create
from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.models import Area
from commissioning.core.services import areas_load_lookup, model_update
from commissioning.cycles import services as cycles
from commissioning.cycles.choices import ActivityStatus, Element, FindingStatus, Level
from commissioning.cycles.models import Activity, CommissioningCycle
from commissioning.cycles.policy_starter import load_policy_demo, load_policy_starter_set
from commissioning.demo.finance import load_finance
from commissioning.demo.market import load_market
from commissioning.needs.analysis import area_forecast
from commissioning.needs.choices import AdjustmentKind, RateKind, RatePeriod, RateUnit
from commissioning.needs.models import RateSet, SavedForecast, Scenario
from commissioning.needs.published_rates import ASCOF_TRAFFORD, CFAS_II, load_published_rates
from commissioning.needs.services import (
    AdjustmentInput,
    forecast_attach,
    parse_rate_rows,
    population_import,
    rate_set_create,
    scenario_save,
)

DATA = Path(__file__).resolve().parent / "data"
CQC_FILE = DATA / "trafford_care_homes_cqc_2026-02-25.csv"
TRAFFORD = "E08000009"
DEMO_PASSWORD = "demo-commissioning"  # noqa: S105 (printed for the demo; demo accounts only)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: Role
    organisation: str
    job_title: str


COUNCIL = "Trafford Council"
ICB = "NHS Greater Manchester Integrated Care Board"
CARERS_GROUP = "Trafford Carers Network (demo)"
PROVIDER_A = "Methodist Homes"
PROVIDER_B = "Making Space"

PEOPLE = (
    DemoPerson(
        "priya.shah@trafford.example",
        "Priya Shah",
        Role.COMMISSIONER,
        COUNCIL,
        "Commissioning manager, adult social care",
    ),
    DemoPerson(
        "tom.walsh@trafford.example", "Tom Walsh", Role.CONTRACTS_OFFICER, COUNCIL, "Contracts and procurement officer"
    ),
    DemoPerson(
        "grace.okafor@trafford.example",
        "Grace Okafor",
        Role.SOCIAL_WORKER,
        COUNCIL,
        "Senior social worker, older people's team",
    ),
    DemoPerson(
        "alex.reed@trafford.example",
        "Councillor Alex Reed",
        Role.COUNCILLOR,
        COUNCIL,
        "Chair, adult social care scrutiny committee",
    ),
    DemoPerson("sam.patel@trafford.example", "Sam Patel", Role.ADMINISTRATOR, COUNCIL, "Systems administrator"),
    DemoPerson(
        "helen.moore@gmicb.example",
        "Helen Moore",
        Role.COMMISSIONER,
        ICB,
        "Joint commissioning lead, Trafford locality",
    ),
    DemoPerson("joanne.price@mha.example", "Joanne Price", Role.PROVIDER_USER, PROVIDER_A, "Registered manager"),
    DemoPerson("kwame.mensah@makingspace.example", "Kwame Mensah", Role.PROVIDER_USER, PROVIDER_B, "Service manager"),
    DemoPerson(
        "maureen.ellis@carers.example",
        "Maureen Ellis",
        Role.PERSON,
        CARERS_GROUP,
        "Carer and member of the carers' forum",
    ),
)


def _financial_year_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def _load_organisations(log: list[str]) -> dict[str, Organisation]:
    trafford = Area.objects.get(code=TRAFFORD)
    wanted = [
        dict(name=COUNCIL, kind=OrganisationKind.COUNCIL, area=trafford, website="https://www.trafford.gov.uk"),
        dict(name=ICB, kind=OrganisationKind.NHS_ICB, ods_code="QOP", website="https://gmintegratedcare.org.uk"),
        dict(name=CARERS_GROUP, kind=OrganisationKind.VCS, area=trafford, is_demo=True),
    ]
    with CQC_FILE.open(encoding="utf-8") as handle:
        providers = sorted({row["provider"].strip() for row in csv.DictReader(handle)})
    # Registered individuals are people, not organisations: leave them out of the demo.
    for name in providers:
        if name == COUNCIL or name.split(" ")[0] in {"Mr", "Mrs", "Ms", "Miss", "Dr"}:
            continue
        wanted.append(dict(name=name, kind=OrganisationKind.PROVIDER))
    existing = {organisation.name: organisation for organisation in Organisation.objects.all()}
    created = 0
    for fields in wanted:
        if fields["name"] not in existing:
            # The council's administrators look after the providers and groups in its market.
            managed_by = (
                existing.get(COUNCIL) if fields["kind"] in (OrganisationKind.PROVIDER, OrganisationKind.VCS) else None
            )
            existing[fields["name"]] = organisation_create(by=None, managed_by=managed_by, **fields)
            created += 1
    log.append(f"Organisations: {created} created ({len(wanted) - created} already there)")
    return existing


def _load_people(organisations: dict[str, Organisation], log: list[str]) -> dict[str, User]:
    people: dict[str, User] = {}
    created = 0
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = user_create(
                by=None,
                email=person.email,
                full_name=person.full_name,
                role=person.role,
                organisation=organisations[person.organisation],
                job_title=person.job_title,
                password=DEMO_PASSWORD,
                is_demo=True,
                managed_by=None if organisations[person.organisation].commissions else organisations[COUNCIL],
            )
            created += 1
        people[person.email.split(".")[0]] = user
    admin = people["sam"]
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    log.append(f"People: {created} created ({len(PEOPLE) - created} already there)")
    return people


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


def _older_people(
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


def _learning_disability(people: dict[str, User], fy: datetime.date) -> CommissioningCycle:
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


def _carers(people: dict[str, User], organisations: dict[str, Organisation], fy: datetime.date) -> CommissioningCycle:
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


POPULATION = Path(__file__).resolve().parents[1] / "needs" / "data" / "population"
SNPP_NAME = "ONS 2022-based subnational population projections"
SNPP_URL = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationprojections/"
    "datasets/localauthoritiesinenglandz1"
)
MYE_URL = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/"
    "datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland"
)


def _population(log: list[str]) -> dict[str, Any]:
    """The real ONS figures the demo needs: Trafford's projections (two boundary editions),
    County Durham's 65+ projection, Trafford's mid-2024 estimates and every council's mid-2020."""
    imports = [
        (SNPP_NAME, "Migration category variant",
         ["snpp2022_migcat_persons_trafford.csv", "snpp2022_migcat_males_trafford.csv",
          "snpp2022_migcat_females_trafford.csv"], None, SNPP_URL),
        (SNPP_NAME, "Migration category variant, ages 65 and over",
         ["snpp2022_migcat_county_durham_65plus.csv"], None, SNPP_URL),
        (SNPP_NAME, "Migration category variant, April 2023 boundaries",
         ["snpp2022_migcat23_persons_trafford.csv", "snpp2022_migcat23_males_trafford.csv",
          "snpp2022_migcat23_females_trafford.csv"], None, SNPP_URL),
        ("ONS mid-2024 population estimates", "", ["mye_mid2024_syoa_by_sex_trafford.csv"], None, MYE_URL),
        ("ONS mid-2020 population estimates", "Published before the 2021 Census revisions",
         ["mye_mid2020_persons_syoa_lad21_ew.csv"], 2020, MYE_URL),
    ]  # fmt: skip
    vintages = {}
    added = 0
    for name, variant, files, year, url in imports:
        vintage, changed = population_import(
            files=[PopulationFile.from_path(POPULATION / file) for file in files],
            name=name,
            variant=variant,
            estimate_year=year,
            source_url=url,
            ignore_unknown_areas=True,  # the mid-2020 file includes Wales
        )
        vintages[variant or name] = vintage
        added += changed
    log.append(f"Population vintages: {added} imported ({len(imports) - added} already there)")
    return vintages


def _needs(people: dict[str, User], organisations: dict[str, Organisation], log: list[str]) -> None:
    priya = people["priya"]
    trafford = organisations[COUNCIL]
    added = load_published_rates()
    vintages = _population(log)
    cfas = RateSet.objects.get(name=CFAS_II)
    if not RateSet.objects.filter(organisation=trafford).exists():
        rate_set_create(
            by=priya, organisation=trafford, is_local=True, is_demo=True,
            name="Dementia prevalence, Trafford clients 2025 (demo)", kind=RateKind.NEED,
            measure="People with dementia", period=RatePeriod.POINT, display_unit=RateUnit.PERCENT,
            source="Invented for the demonstration: stands for a council's own calibration from its client records",
            publication_year=2025, measured_in="Trafford residents aged 65+ known to adult social care (demo)",
            rows=parse_rate_rows(
                "female, 65, 69, 0.02\nfemale, 70, 74, 0.03\nfemale, 75, 79, 0.066\nfemale, 80, 84, 0.1\n"
                "female, 85, 89, 0.19\nfemale, 90, , 0.36\nmale, 65, 69, 0.013\nmale, 70, 74, 0.031\n"
                "male, 75, 79, 0.05\nmale, 80, 84, 0.11\nmale, 85, 89, 0.13\nmale, 90, , 0.18"
            ),
        )  # fmt: skip
        rate_set_create(
            by=priya, organisation=trafford, is_local=True, is_demo=True,
            name="Homecare hours a week per person with dementia (demo)", kind=RateKind.SERVICE_USE,
            measure="Homecare hours for people with dementia", period=RatePeriod.WEEK, display_unit=RateUnit.PER_PERSON,
            service_type=ServiceType.HOMECARE, per_need=cfas,
            source="Invented for the demonstration: an average over everyone with dementia, most of whom get none",
            publication_year=2025, measured_in="Assumption (demo)", rows=parse_rate_rows("persons, 0, , 2.1"),
        )  # fmt: skip
        added += 2
    log.append(f"Rate sets: {added} added")
    if not Scenario.objects.filter(organisation=trafford).exists():
        scenario_save(
            by=priya, organisation=trafford, is_demo=True, name="Dementia prevalence falling 1% a year (demo)",
            description="Studies (CFAS I to CFAS II) suggest age-specific dementia prevalence has fallen; this assumes "
            "it keeps falling by 1% a year from 2026.",
            adjustments=[AdjustmentInput(AdjustmentKind.TREND, Decimal("-1"), 2026, cfas)],
        )  # fmt: skip
        scenario_save(
            by=priya, organisation=trafford, is_demo=True, name="Prevention programme from 2030 (demo)",
            description="A healthy ageing programme that lowers dementia prevalence by 10% from 2030.",
            adjustments=[AdjustmentInput(AdjustmentKind.EFFECT, Decimal("10"), 2030, cfas)],
        )  # fmt: skip
        scenario_save(
            by=priya, organisation=trafford, is_demo=True, name="On the April 2023 boundaries edition (demo)",
            description="The same variant, published on 2023 council boundaries.", adjustments=[],
            vintage=vintages["Migration category variant, April 2023 boundaries"],
        )  # fmt: skip
        log.append("Scenarios: 3 added")
    older = CommissioningCycle.objects.filter(
        title__startswith="Older people's care", lead_organisation=trafford
    ).first()
    if older is not None and not SavedForecast.objects.filter(organisation=trafford).exists():
        rate_sets = list(RateSet.objects.filter(name__in=[CFAS_II, ASCOF_TRAFFORD]).prefetch_related("rates"))
        forecast = area_forecast(
            area=Area.objects.get(code=TRAFFORD), vintage=vintages["Migration category variant"], rate_sets=rate_sets
        )
        needs_activity = older.activities.get(level=Level.STRATEGIC, checklist_key="needs")
        forecast_attach(by=priya, forecast=forecast, activity=needs_activity)
        log.append("Saved forecast attached to the older people cycle's needs assessment")


@transaction.atomic
def load_demo() -> list[str]:
    """Load (or complete) the demo council; returns lines describing what was done."""
    log = [f"Areas: {areas_load_lookup()}"]
    organisations = _load_organisations(log)
    people = _load_people(organisations, log)
    fy = _financial_year_start(timezone.localdate())
    builders = {
        "Older people's care and support": lambda: _older_people(people, organisations, fy),
        "Learning disability support": lambda: _learning_disability(people, fy),
        "Support for carers": lambda: _carers(people, organisations, fy),
    }
    created = 0
    for prefix, build in builders.items():
        if not CommissioningCycle.objects.filter(title__startswith=prefix, lead_organisation__name=COUNCIL).exists():
            build()
            created += 1
    log.append(f"Cycles: {created} created ({len(builders) - created} already there)")
    _needs(people, organisations, log)
    added = load_policy_starter_set()
    demo = load_policy_demo(council=organisations[COUNCIL], by=people["priya"])
    log.append(f"Policy territory: {added} added, {demo} demo records")
    load_market(people, organisations, CQC_FILE, log)
    load_finance(people, organisations, log)
    return log
