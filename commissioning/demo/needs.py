"""The demo's population figures (real ONS files) and needs records: local rates, scenarios and a
forecast attached as evidence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType

from commissioning.accounts.models import Organisation, User
from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.models import Area
from commissioning.cycles.choices import Level
from commissioning.cycles.models import CommissioningCycle
from commissioning.demo.people import COUNCIL, TRAFFORD
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
    scenario_create,
)

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


def load_population(log: list[str]) -> dict[str, Any]:
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


def load_needs(people: dict[str, User], organisations: dict[str, Organisation], log: list[str]) -> None:
    priya = people["priya"]
    trafford = organisations[COUNCIL]
    added = load_published_rates()
    vintages = load_population(log)
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
        scenario_create(
            by=priya, organisation=trafford, is_demo=True, name="Dementia prevalence falling 1% a year (demo)",
            description="Studies (CFAS I to CFAS II) suggest age-specific dementia prevalence has fallen; this assumes "
            "it keeps falling by 1% a year from 2026.",
            adjustments=[AdjustmentInput(AdjustmentKind.TREND, Decimal("-1"), 2026, cfas)],
        )  # fmt: skip
        scenario_create(
            by=priya, organisation=trafford, is_demo=True, name="Prevention programme from 2030 (demo)",
            description="A healthy ageing programme that lowers dementia prevalence by 10% from 2030.",
            adjustments=[AdjustmentInput(AdjustmentKind.EFFECT, Decimal("10"), 2030, cfas)],
        )  # fmt: skip
        scenario_create(
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
    attach_group_forecasts(priya, trafford, vintages["Migration category variant"], log)


def attach_group_forecasts(by: User, council: Organisation, vintage: Any, log: list[str]) -> None:
    """Give each other demo cycle's needs assessment a forecast from the published rates for its
    client group (learning disability: adults known to services; carers: Census 2021 unpaid care)."""
    area = Area.objects.get(code=TRAFFORD)
    for cycle in CommissioningCycle.objects.filter(lead_organisation=council).exclude(
        client_group=ClientGroup.OLDER_PEOPLE
    ):
        needs_activity = cycle.activities.get(level=Level.STRATEGIC, checklist_key="needs")
        if needs_activity.evidence.filter(record_type=ContentType.objects.get_for_model(SavedForecast)).exists():
            continue
        rate_sets = list(
            RateSet.objects.filter(client_group=cycle.client_group, is_local=False).prefetch_related("rates")
        )
        if not rate_sets:
            continue
        forecast = area_forecast(area=area, vintage=vintage, rate_sets=rate_sets)
        forecast_attach(by=by, forecast=forecast, activity=needs_activity)
        log.append(f"Saved forecast attached to the {cycle.get_client_group_display().lower()} cycle's needs work")
