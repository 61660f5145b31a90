"""A cycle's gap analysis from what the service holds: demand from a saved needs forecast, supply
from the market register, unit costs and budgets from finance (analytics.gap does the arithmetic).

Demand is stated by the commissioner, service by service: which forecast measure counts the people
(or admissions) and how many units of the service each one needs (a bed for each person in a care
home; two and a half beds for each permanent admission a year when the average stay is two and a
half years; ten hours of homecare a week for each person). Supply is the register's beds for care
homes, and the hours homecare locations last returned. A unit cost is the newest one the analyst's
organisation recorded (else a published benchmark), turned into a year (52 weeks; an hour a week
for 52 weeks). Budgets are the organisation's lines for the cycle's client group and the services.
Whatever is missing stays unknown, and the analysis lists it as a data gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from commissioning.analytics import gap
from commissioning.analytics.gap import Budget, Demand, GapService, Supply, UnitCost, gap_analysis
from commissioning.core.choices import ServiceType
from commissioning.cycles.models import CommissioningCycle
from commissioning.finance.models import Budget as BudgetLine
from commissioning.finance.models import UnitCost as UnitCostRecord
from commissioning.finance.models import financial_year_of
from commissioning.market.models import Location, MarketSummary
from commissioning.market.selectors import latest_returns
from commissioning.needs.published import ForecastMeasure

WEEKS = Decimal(52)


@dataclass(frozen=True)
class GapServiceKind:
    """A service a gap analysis can cover, in the units supply is counted in."""

    key: str
    unit: str
    hint: str  # how its demand is usually stated

    @property
    def name(self) -> str:
        return str(ServiceType(self.key).label)


GAP_SERVICES = [
    GapServiceKind("residential", "beds", "For example, 2.5 beds for each permanent admission a year"),
    GapServiceKind("nursing", "beds", "For example, 1 bed for each person needing nursing care"),
    GapServiceKind("homecare", "hours a week", "For example, 10 hours a week for each person"),
    # The register counts no extra care places: its supply is a data gap until contracts record them.
    GapServiceKind("extra_care", "places", "For example, 0.2 places for each person with dementia"),
]
GAP_SERVICE_KEYS = [kind.key for kind in GAP_SERVICES]


@dataclass(frozen=True)
class DemandChoice:
    """The forecast measure that counts the people a service is for, and the units each needs."""

    service: str
    measure: ForecastMeasure
    units_per_person: Decimal


def cycle_years(cycle: CommissioningCycle) -> list[int]:
    """The financial years the cycle spans."""
    return list(range(financial_year_of(cycle.period_start), financial_year_of(cycle.period_end) + 1))


def _supply(area_code: str, services: list[str]) -> list[Supply]:
    found: list[Supply] = []
    beds = dict(
        MarketSummary.objects.filter(place=area_code, service__in=services, beds__gt=0).values_list("service", "beds")
    )
    for service, count in beds.items():
        found.append(Supply(service, area_code, Decimal(count), "CQC register: beds of active care homes"))
    if "homecare" in services:
        locations = Location.objects.filter(
            local_authority__code=area_code, service_codes__contains="|homecare|", deregistered_on__isnull=True
        ).values_list("pk", flat=True)
        returns = [r for r in latest_returns(list(locations)).values() if r.homecare_hours is not None]
        if returns:
            hours = sum((r.homecare_hours for r in returns), Decimal(0))
            newest = max(r.return_date for r in returns)
            source = f"Capacity returns of {len(returns)} homecare locations, newest {newest:%d %B %Y}"
            found.append(Supply("homecare", area_code, hours, source))
    return found


def _unit_costs(organisation_id: int, services: list[str], first_year: int) -> list[UnitCost]:
    """The newest unit cost of each service (up to the first year, else any), as a year of one unit:
    the organisation's own, else a published benchmark shared by everyone."""
    costs: dict[str, UnitCost] = {}
    records = UnitCostRecord.objects.filter(
        Q(organisation_id=organisation_id) | Q(organisation__isnull=True), service_type__in=services
    )
    per_year = {"week": WEEKS, "hour": WEEKS, "dp_hour": WEEKS, "day": Decimal(365), "year": Decimal(1)}
    preference = sorted(
        records, key=lambda r: (r.organisation_id is None, r.financial_year > first_year, -r.financial_year, r.pk)
    )
    for record in preference:
        if record.service_type in costs or record.unit not in per_year:
            continue
        amount = record.amount * per_year[record.unit]
        source = f"£{record.amount:,} {record.get_unit_display()} ({record.financial_year}), {record.source}"
        costs[record.service_type] = UnitCost(record.service_type, amount, source)
    return list(costs.values())


def _budgets(cycle: CommissioningCycle, organisation_id: int, services: list[str], years: list[int]) -> list[Budget]:
    lines = (
        BudgetLine.objects.filter(
            organisation_id=organisation_id,
            client_group=cycle.client_group,
            service_type__in=services,
            financial_year__in=years,
        )
        .values("financial_year")
        .annotate(total=Sum("amount"))
    )
    return [
        Budget(line["financial_year"], line["total"], f"Budget lines for {cycle.get_client_group_display().lower()}")
        for line in lines
    ]


def build_gap_analysis(
    cycle: CommissioningCycle, organisation_id: int, area_code: str, area_name: str, choices: list[DemandChoice]
) -> gap.GapAnalysis:
    """The gap analysis for `cycle` in one area, with demand as `choices` state it, for the services
    chosen, costed with `organisation_id`'s unit costs and budgets (the money is the analyst's own)."""
    years = cycle_years(cycle)
    kinds = {kind.key: kind for kind in GAP_SERVICES}
    chosen = [kind.key for kind in GAP_SERVICES if any(choice.service == kind.key for choice in choices)]
    services = [GapService(key, kinds[key].name, kinds[key].unit) for key in chosen]
    demand: list[Demand] = []
    for choice in choices:
        unit = kinds[choice.service].unit
        for year in years:
            people = choice.measure.people_by_year.get(year)
            if people is not None:
                source = f"{choice.measure.label} x {choice.units_per_person.normalize():,f} {unit} each"
                demand.append(Demand(choice.service, area_code, year, people * choice.units_per_person, source))
    return gap_analysis(
        services=services,
        areas=[(area_code, area_name)],
        years=years,
        demand=demand,
        supply=_supply(area_code, chosen),
        unit_costs=_unit_costs(organisation_id, chosen, years[0]),
        budgets=_budgets(cycle, organisation_id, chosen, years),
    )
