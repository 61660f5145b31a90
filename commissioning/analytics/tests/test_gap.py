"""The gap analysis, on a case small enough to work by hand: nursing beds and homecare hours in two
areas over two years."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from commissioning.analytics.gap import (
    Budget,
    DataGap,
    Demand,
    GapService,
    Supply,
    UnitCost,
    gap_analysis,
    gap_from_json,
)

BARNSLEY, LEEDS = "E08000016", "E08000035"
NURSING = GapService("nursing", "Nursing home", "beds")
HOMECARE = GapService("homecare", "Homecare", "hours")


def _demand() -> list[Demand]:
    figures = {
        ("nursing", BARNSLEY, 2026): "455", ("nursing", BARNSLEY, 2027): "470",
        ("nursing", LEEDS, 2026): "300", ("nursing", LEEDS, 2027): "310",
        ("homecare", BARNSLEY, 2026): "10000", ("homecare", BARNSLEY, 2027): "10500",
        ("homecare", LEEDS, 2026): "8000.5", ("homecare", LEEDS, 2027): "8200",
    }  # fmt: skip
    return [Demand(s, a, y, Decimal(units), "Needs forecast 2026") for (s, a, y), units in figures.items()]


def _supply() -> list[Supply]:
    return [
        Supply("nursing", BARNSLEY, Decimal("412"), "CQC, April 2026"),
        Supply("nursing", LEEDS, Decimal("320"), "CQC, April 2026"),
        Supply("nursing", LEEDS, Decimal("300"), "Closure notice, Oak House", year=2027),
        Supply("homecare", BARNSLEY, Decimal("9800.5"), "Provider returns"),
        Supply("homecare", LEEDS, Decimal("8000.5"), "Provider returns"),
    ]


def _costs() -> list[UnitCost]:
    return [
        UnitCost("nursing", Decimal("52000"), "Fair cost of care 2026"),
        UnitCost("homecare", Decimal("25.50"), "Homecare framework rate"),
    ]


def _analysis(**changes):
    inputs = {
        "services": [NURSING, HOMECARE],
        "areas": [(BARNSLEY, "Barnsley"), (LEEDS, "Leeds")],
        "years": [2026, 2027],
        "demand": _demand(),
        "supply": _supply(),
        "unit_costs": _costs(),
        "budgets": [Budget(2026, Decimal("40000000.00"), "Medium-term financial plan")],
    }
    inputs.update(changes)
    return gap_analysis(**inputs)


def test_shortfalls_and_surpluses_worked_by_hand():
    result = _analysis()
    assert len(result.cells) == 8
    gaps = {(c.service, c.area, c.year): (c.gap, c.status) for c in result.cells}
    assert gaps == {
        ("nursing", BARNSLEY, 2026): (Decimal(-43), "shortfall"),  # 412 - 455
        ("nursing", BARNSLEY, 2027): (Decimal(-58), "shortfall"),  # 412 - 470
        ("nursing", LEEDS, 2026): (Decimal(20), "surplus"),  # 320 - 300
        ("nursing", LEEDS, 2027): (Decimal(-10), "shortfall"),  # 300 (after the closure) - 310
        ("homecare", BARNSLEY, 2026): (Decimal("-199.5"), "shortfall"),
        ("homecare", BARNSLEY, 2027): (Decimal("-699.5"), "shortfall"),
        ("homecare", LEEDS, 2026): (Decimal(0), "balanced"),
        ("homecare", LEEDS, 2027): (Decimal("-199.5"), "shortfall"),
    }
    cell = result.cell("nursing", BARNSLEY, 2026)
    assert cell.working == "412 beds available - 455 beds needed = 43 beds short"
    assert (cell.demand_source, cell.supply_source) == ("Needs forecast 2026", "CQC, April 2026")
    assert result.cell("nursing", LEEDS, 2026).working == "320 beds available - 300 beds needed = 20 beds spare"
    assert result.cell("homecare", BARNSLEY, 2027).working == (
        "9,800.5 hours available - 10,500 hours needed = 699.5 hours short"
    )
    assert [(c.service, c.area, c.year) for c in result.shortfalls()] == [
        ("homecare", BARNSLEY, 2027),
        ("homecare", BARNSLEY, 2026),
        ("homecare", LEEDS, 2027),
        ("nursing", BARNSLEY, 2027),
        ("nursing", BARNSLEY, 2026),
        ("nursing", LEEDS, 2027),
    ]
    assert result.data_gaps == [
        DataGap("no_budget", None, None, 2027, "No budget for 2027, so the headroom in 2027 is unknown.", (2027,))
    ]


def test_service_totals_and_their_cost():
    result = _analysis()
    nursing_2026, nursing_2027, homecare_2026, homecare_2027 = result.service_years
    # 455 + 300 needed, 412 + 320 available; 755 beds at £52,000 a year each.
    assert (nursing_2026.demand, nursing_2026.supply, nursing_2026.gap) == (Decimal(755), Decimal(732), Decimal(-23))
    assert nursing_2026.cost == Decimal(39_260_000)
    assert nursing_2026.cost_working == "755 beds needed x £52,000.00 a year each = £39,260,000.00"
    assert nursing_2026.areas_short == 1
    assert nursing_2027.gap == Decimal(-68)  # 712 - 780
    # 10,000 + 8,000.5 hours at £25.50 an hour.
    assert homecare_2026.cost == Decimal("459012.75")
    assert homecare_2027.gap == Decimal(-899)  # -699.5 in Barnsley, -199.5 in Leeds


def test_a_surplus_overall_does_not_hide_an_area_that_is_short():
    supply = [*_supply()[:1], Supply("nursing", LEEDS, Decimal("400"), "CQC"), *_supply()[3:]]
    nursing_2026 = _analysis(supply=supply).service_years[0]
    assert (nursing_2026.gap, nursing_2026.status) == (Decimal(57), "surplus")  # 812 - 755
    assert nursing_2026.areas_short == 1
    assert "1 area is short" in nursing_2026.note


def test_headroom_is_exact_to_the_penny():
    # Cost in 2026: £39,260,000.00 + £459,012.75 = £39,719,012.75.
    money = _analysis().years_money[0]
    assert money.cost == money.known_cost == Decimal("39719012.75")
    assert money.headroom == Decimal("280987.25")
    assert money.working == "Budget £40,000,000.00 - cost £39,719,012.75 = £280,987.25 to spare"

    penny_short = _analysis(budgets=[Budget(2026, Decimal("39719012.74"), "Plan")]).years_money[0]
    assert penny_short.headroom == Decimal("-0.01")
    assert penny_short.working.endswith("= £0.01 over budget")


def test_a_year_without_a_budget_has_unknown_headroom_not_zero():
    money = _analysis().years_money[1]
    assert money.year == 2027
    assert money.cost == Decimal(780 * 52000) + Decimal("18700") * Decimal("25.50")
    assert money.budget is None and money.budget_source is None
    assert money.headroom is None
    assert "no budget for 2027" in money.working


def test_unknown_supply_is_unknown_not_zero_and_is_a_data_gap():
    supply = [item for item in _supply() if (item.service, item.area) != ("homecare", LEEDS)]
    result = _analysis(supply=supply)
    cell = result.cell("homecare", LEEDS, 2026)
    assert (cell.demand, cell.supply, cell.gap, cell.status) == (Decimal("8000.5"), None, None, "unknown")
    assert cell.supply_source is None
    assert cell.working == "Gap unknown: no supply figure; 8,000.5 hours needed"
    assert cell not in result.shortfalls()
    total = result.service_years[2]
    assert (total.service, total.demand, total.supply, total.gap) == ("homecare", Decimal("18000.5"), None, None)
    assert "Supply is unknown in 1 of 2 areas (Leeds)" in total.note
    # The cost needs only demand, so it is still known.
    assert total.cost == Decimal("459012.75")
    # One gap for the service and area, not one a year.
    (gap,) = [g for g in result.data_gaps if g.kind == "no_supply"]
    assert (gap.service, gap.area, gap.years) == ("homecare", LEEDS, (2026, 2027))
    assert gap.message == "No supply figure for Homecare (hours) in Leeds, so the gap there is unknown."


def test_missing_demand_is_one_gap_a_service_and_area_listing_the_years():
    years = [2026, 2027, 2028, 2029, 2030]
    demand = [Demand("nursing", area, year, Decimal(100), "Forecast") for area in (BARNSLEY, LEEDS) for year in years]
    demand = [d for d in demand if not (d.area == LEEDS and d.year in (2027, 2028, 2030))]
    result = _analysis(
        services=[NURSING], years=years, demand=demand, supply=_supply()[:2], unit_costs=_costs()[:1], budgets=[]
    )
    (gap,) = [g for g in result.data_gaps if g.kind == "no_demand"]
    assert (gap.service, gap.area, gap.year, gap.years) == ("nursing", LEEDS, None, (2027, 2028, 2030))
    assert gap.message == (
        "No forecast demand for Nursing home in Leeds for 2027, 2028 and 2030, so the gap there is unknown."
    )
    assert result.cell("nursing", LEEDS, 2027).demand is None
    assert result.service_years[1].demand is None  # 2027: Leeds unknown, so the total is unknown
    assert result.service_years[1].cost is None
    demand = [d for d in demand if d.year != 2029]
    result = _analysis(
        services=[NURSING], years=years, demand=demand, supply=_supply()[:2], unit_costs=_costs()[:1], budgets=[]
    )
    assert [g.message for g in result.data_gaps if g.kind == "no_demand"] == [
        "No forecast demand for Nursing home in Barnsley for 2029, so the gap there is unknown.",
        "No forecast demand for Nursing home in Leeds for 2027 to 2030, so the gap there is unknown.",
    ]


def test_a_figure_missing_in_every_area_is_one_gap_for_the_service():
    result = _analysis(supply=[s for s in _supply() if s.service != "homecare"])
    (gap,) = [g for g in result.data_gaps if g.kind == "no_supply"]
    assert (gap.service, gap.area) == ("homecare", None)
    assert gap.message == "No supply figure for Homecare (hours) in any area, so the gap there is unknown."


def test_a_missing_unit_cost_leaves_the_cost_unknown_but_keeps_the_known_part():
    result = _analysis(unit_costs=_costs()[:1])
    homecare_2026 = result.service_years[2]
    assert homecare_2026.cost is None and homecare_2026.unit_cost is None
    assert homecare_2026.cost_working == "Cost unknown: there is no unit cost for Homecare."
    money = result.years_money[0]
    assert money.cost is None and money.headroom is None
    assert money.known_cost == Decimal(39_260_000)
    assert money.missing_services == ("homecare",)
    assert money.working == (
        "Cost unknown: Homecare (no unit cost); the other services cost £39,260,000.00; "
        "budget £40,000,000.00, so the headroom is unknown"
    )
    (gap,) = [g for g in result.data_gaps if g.kind == "no_unit_cost"]
    assert (gap.service, gap.years) == ("homecare", (2026, 2027))


def test_supply_for_a_year_overrides_the_supply_as_it_stands():
    result = _analysis()
    assert result.cell("nursing", LEEDS, 2026).supply == Decimal(320)
    assert result.cell("nursing", LEEDS, 2027).supply == Decimal(300)
    assert result.cell("nursing", LEEDS, 2027).supply_source == "Closure notice, Oak House"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"demand": [Demand("nursin", BARNSLEY, 2026, Decimal(1), "F")]}, "there is no service 'nursin'"),
        ({"demand": [Demand("nursing", "E09999999", 2026, Decimal(1), "F")]}, "there is no area 'E09999999'"),
        ({"demand": [Demand("nursing", BARNSLEY, 2031, Decimal(1), "F")]}, "2031 is not one of the years"),
        ({"demand": [Demand("nursing", BARNSLEY, 2026, Decimal(-5), "F")]}, r"cannot be negative \(-5\)"),
        ({"demand": [Demand("nursing", BARNSLEY, 2026, 1.5, "F")]}, r"exact number \(a Decimal\), not 1.5"),
        ({"supply": [Supply("extra_care", LEEDS, Decimal(1), "S")]}, "there is no service 'extra_care'"),
        ({"unit_costs": [UnitCost("nursing", Decimal("-1"), "U")]}, "Unit cost row 1 .*cannot be negative"),
        ({"budgets": [Budget(2030, Decimal(1), "B")]}, "2030 is not one of the years"),
    ],
)
def test_bad_input_is_refused_naming_what_is_wrong(changes, message):
    with pytest.raises(ValueError, match=message):
        _analysis(**changes)


def test_the_same_demand_twice_is_refused():
    demand = [*_demand(), Demand("nursing", LEEDS, 2027, Decimal(311), "Second forecast")]
    with pytest.raises(ValueError, match="demand for nursing in E08000035 in 2027 is already given in row 4"):
        _analysis(demand=demand)


def test_the_stored_form_reads_back_exactly():
    result = _analysis(supply=_supply()[:4], unit_costs=_costs()[:1])
    stored = json.loads(json.dumps(result.as_json()))
    assert stored["cells"][0][3] == "455"  # Decimals as text
    assert stored["years_money"][1]["headroom"] is None  # unknowns as null
    assert gap_from_json(stored) == result
    with pytest.raises(ValueError, match="not a stored gap analysis"):
        gap_from_json({"version": 1})


def test_the_download_leaves_unknowns_empty():
    result = _analysis(supply=_supply()[:4])
    header, *rows = result.table_rows()
    assert header[:8] == ["Service", "Unit", "Area code", "Area", "Year", "Demand", "Supply", "Gap"]
    assert len(rows) == 8
    assert rows[0][:9] == ["Nursing home", "beds", BARNSLEY, "Barnsley", 2026, "455", "412", "-43", "shortfall"]
    unknown = rows[6]
    assert unknown[:9] == ["Homecare", "hours", LEEDS, "Leeds", 2026, "8000.5", "", "", "unknown"]
    assert unknown[-1] == ""


def test_a_national_run_covers_every_cell():
    services = [GapService(f"service{i}", f"Service {i}", "places") for i in range(20)]
    areas = [(f"E{i:08d}", f"Area {i}") for i in range(150)]
    years = list(range(2026, 2051))
    demand = [
        Demand(s.key, code, year, Decimal(100 + (i + year) % 37), "Forecast")
        for i, s in enumerate(services)
        for code, _name in areas
        for year in years
    ]
    supply = [Supply(s.key, code, Decimal(110), "Market") for s in services for code, _name in areas]
    result = gap_analysis(
        services=services,
        areas=areas,
        years=years,
        demand=demand,
        supply=supply,
        unit_costs=[UnitCost(s.key, Decimal("1000.50"), "Rates") for s in services],
        budgets=[Budget(year, Decimal(10**9), "Plan") for year in years],
    )
    assert len(result.cells) == 75_000
    assert len(result.service_years) == 500
    assert result.data_gaps == []
    assert all(money.headroom is not None for money in result.years_money)
