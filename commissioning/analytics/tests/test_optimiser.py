"""The budget optimiser, on problems small enough to work by hand."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from commissioning.analytics.optimiser import ProblemError, optimise, problem_from_json

TRAFFORD = "E08000009"


def _problem(**changes):
    """1,000 hours of homecare at £25 an hour needed in Trafford in 2027; reablement (an episode)
    avoids 40 hours each, for up to 30% of the homecare demand."""
    data = {
        "areas": [{"code": TRAFFORD, "name": "Trafford"}],
        "years": [2027],
        "services": [
            {"key": "homecare", "name": "Homecare", "unit": "hour", "unit_cost": "25"},
            {"key": "reablement", "name": "Reablement", "unit": "episode", "unit_cost": "1500"},
        ],
        "demand": [{"service": "homecare", "area": TRAFFORD, "year": 2027, "units": 1000}],
        "substitutions": [{"service": "reablement", "replaces": "homecare", "units": 40, "max_share": 30}],
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return problem_from_json(data)


def _with_reablement_at(cost: str, **changes):
    problem = _problem(**changes)
    services = tuple(
        s if s.key != "reablement" else type(s)(s.key, s.name, s.unit, Decimal(cost)) for s in problem.services
    )
    return dataclasses.replace(problem, services=services)


def test_a_dearer_substitute_is_not_bought():
    # Reablement costs £1,500 / 40 = £37.50 an hour of homecare avoided: dearer than homecare.
    solution = optimise(_problem())
    assert solution.feasible
    assert solution.total_cost == pytest.approx(25_000)
    assert solution.units == {("homecare", TRAFFORD, 2027): pytest.approx(1000)}
    assert solution.binding == []


def test_a_cheaper_substitute_is_used_up_to_its_share_and_the_share_is_worth_the_difference():
    # £800 / 40 = £20 an hour avoided: 30% of 1,000 hours (300) by 7.5 episodes, 700 hours of homecare.
    solution = optimise(_with_reablement_at("800"))
    assert solution.total_cost == pytest.approx(7.5 * 800 + 700 * 25)
    assert solution.units[("reablement", TRAFFORD, 2027)] == pytest.approx(7.5)
    assert solution.substituted[("reablement", "homecare", TRAFFORD, 2027)] == pytest.approx(300)
    (limit,) = solution.binding
    assert limit.kind == "substitution" and limit.worth == pytest.approx(5)  # £25 - £20 an hour
    assert limit.sentence == (
        "Reablement in place of homecare in Trafford in 2027: used up to the 30% of demand allowed; "
        "each further hour it could replace would save £5.00."
    )


def test_a_capacity_that_binds_says_what_one_more_unit_would_save():
    # Homecare capped at 800 hours; reablement at £1,200 (£30 an hour avoided) meets the other 200.
    problem = _with_reablement_at(
        "1200", capacity=[{"service": "homecare", "area": TRAFFORD, "year": 2027, "units": "800"}]
    )
    solution = optimise(problem)
    assert solution.total_cost == pytest.approx(800 * 25 + 5 * 1200)
    (limit,) = solution.binding
    assert (limit.kind, limit.service, limit.limit) == ("capacity", "homecare", 800)
    assert limit.worth == pytest.approx(5)
    assert "Homecare in Trafford in 2027: bought up to the capacity of 800 hours" in limit.sentence


def test_a_substitute_buys_its_own_demand_as_well():
    problem = _with_reablement_at(
        "800", demand=[
            {"service": "homecare", "area": TRAFFORD, "year": 2027, "units": 1000},
            {"service": "reablement", "area": TRAFFORD, "year": 2027, "units": 10},
        ]
    )  # fmt: skip
    assert optimise(problem).units[("reablement", TRAFFORD, 2027)] == pytest.approx(17.5)


def test_demand_that_cannot_be_met_is_named_with_the_limit_in_the_way():
    # 600 hours of homecare and 30% by reablement reach 900 of the 1,000 hours.
    problem = _problem(capacity=[{"service": "homecare", "area": TRAFFORD, "year": 2027, "units": "600"}])
    solution = optimise(problem)
    assert not solution.feasible
    (conflict,) = solution.conflicts
    assert conflict.kind == "unmet demand" and conflict.amount == pytest.approx(100)
    assert conflict.sentence.startswith(
        "100 hours of homecare needed in Trafford in 2027 cannot be met: capacity is 600 hours"
    )


def test_a_budget_too_small_says_by_how_much():
    solution = optimise(_problem(budget=[{"year": 2027, "amount": "20000.00"}]))
    assert not solution.feasible
    (conflict,) = solution.conflicts
    assert conflict.kind == "budget" and conflict.amount == pytest.approx(5000)
    assert conflict.sentence == (
        "The budget for 2027 (£20,000.00) is £5,000.00 short of the least it costs to meet demand."
    )


def test_a_budget_met_exactly_is_reported_as_used():
    solution = optimise(_problem(budget=[{"year": 2027, "amount": "25000"}]))
    assert solution.feasible
    assert [limit.kind for limit in solution.binding] == ["budget"]


def test_every_problem_in_a_file_is_named_at_once_and_nothing_is_solved():
    with pytest.raises(ProblemError) as refused:
        problem_from_json(
            {
                "areas": [TRAFFORD, TRAFFORD],
                "years": [2027, 1066],
                "services": [{"key": "homecare", "unit_cost": "25.001"}],
                "demand": [
                    {"service": "homecare", "area": TRAFFORD, "year": 2027, "units": -5},
                    {"service": "day care", "area": "E09000001", "year": 2030, "units": "lots"},
                ],
                "budget": [{"year": 2027, "amount": "-1"}],
                "substitutions": [{"service": "homecare", "replaces": "homecare", "units": 0}],
            }
        )
    assert refused.value.problems == [
        f"areas[1]: {TRAFFORD} is listed twice",
        "years[1]: a year from 1990 to 2100",
        "services[0].unit_cost: pounds and pence, at most two decimal places",
        "demand[0].service: unknown service 'homecare'",
        "demand[0].units: must be 0 or more",
        "demand[1].service: unknown service 'day care'",
        "demand[1].area: unknown area 'E09000001'",
        "demand[1].year: 2030 is not one of the years",
        "demand[1].units: enter a number, not 'lots'",
        "budget[0].amount: must be 0 or more",
        "substitutions[0].service: unknown service 'homecare'",
        "substitutions[0].replaces: unknown service 'homecare'",
        "substitutions[0].units: must be more than 0",
    ]


def test_a_file_that_is_not_an_object_or_lacks_demand_is_refused():
    with pytest.raises(ProblemError, match="one JSON object"):
        problem_from_json([1, 2])
    with pytest.raises(ProblemError, match="demand: missing"):
        problem_from_json({"areas": [TRAFFORD], "years": [2027], "services": []})


def test_the_result_reads_as_json():
    result = optimise(_with_reablement_at("800")).as_json()
    assert result["feasible"] is True and result["total_cost"] == 23_500.0
    assert result["cost_by_year"] == [{"year": 2027, "cost": 23_500.0}]
    assert {"service": "reablement", "area": TRAFFORD, "year": 2027, "units": 7.5} in result["units"]
    assert result["binding_limits"][0]["kind"] == "substitution"
    assert result["size"] == {"variables": 3, "constraints": 2}


def test_a_plan_too_big_to_solve_in_a_page_is_refused_with_its_size():
    areas = [f"E0{index:07d}" for index in range(300)]
    services = [{"key": f"s{index}", "unit_cost": "1"} for index in range(40)]
    with pytest.raises(ProblemError) as refused:
        problem_from_json({"areas": areas, "years": list(range(2026, 2046)), "services": services, "demand": []})
    assert "services x areas x years: at most 200,000 (this plan has 240,000)" in refused.value.problems[0]
