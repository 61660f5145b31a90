"""The budget optimiser (`analytics.optimiser.optimise`, what the page, the API and the command
call) against raw `highspy` solving the same model, at about 800 and about 80,000 variables.

The raw baseline is handed the finished column-wise arrays (built once, outside the timing) and
only copies them into HiGHS and solves; the product builds them from the Problem (demand,
capacity and budget as Decimals, as they come from the records or the JSON), solves, and reads
the solution back into units, binding limits and their worth. Both reach the same optimum.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import highspy
import numpy as np

from bench.common import interleaved, ratio, report
from commissioning.analytics import optimiser as o


def _problem(services: int, areas: int, years: int, rng: np.random.Generator) -> o.Problem:
    """A plan for `areas` councils over `years` years: services with demand in every cell and a
    capacity (a little under demand, in a third of the cells, for the two services others can
    stand in for; none for those two substitutes), two substitutions and a budget."""
    codes = tuple(f"E0{index:07d}" for index in range(areas))
    span = tuple(range(2026, 2026 + years))
    menu = tuple(
        o.Service(f"s{index}", f"Service {index}", "unit", Decimal(int(rng.integers(20, 2000))))
        for index in range(services)
    )
    demand = rng.integers(100, 10_000, size=(services, areas, years))
    cells = [(s, a, y) for s in range(services) for a in range(areas) for y in range(years)]
    short = {(s, a, y) for s, a, y in cells if s in (0, 2) and (a + y) % 3 == 0}
    return o.Problem(
        areas=codes,
        years=span,
        services=menu,
        demand={(menu[s].key, codes[a], span[y]): Decimal(int(demand[s, a, y])) for s, a, y in cells},
        capacity={
            (menu[s].key, codes[a], span[y]): Decimal(int(demand[s, a, y] * (0.9 if (s, a, y) in short else 1.5)))
            for s, a, y in cells
            if s not in (1, 3)  # the substitutes: as much as is needed
        },
        budget={year: Decimal(10) ** 12 for year in span},
        substitutions=(
            o.Substitution(menu[1].key, menu[0].key, Decimal(3), Decimal(30)),
            o.Substitution(menu[3].key, menu[2].key, Decimal(2), Decimal(50)),
        ),
    )


def _raw(model: o.Model) -> float:
    """Raw highspy: hand the finished arrays to HiGHS, solve, read the objective."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.passModel(
        model.num_col, model.num_row, len(model.a_index), highspy.MatrixFormat.kColwise, highspy.ObjSense.kMinimize,
        0.0, model.col_cost, model.col_lower, model.col_upper, model.row_lower, model.row_upper, model.a_start,
        model.a_index, model.a_value, np.zeros(model.num_col, dtype=np.int32),
    )  # fmt: skip
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return highs.getInfo().objective_function_value


def _size(label: str, services: int, areas: int, years: int, repeat: int) -> dict:
    problem = _problem(services, areas, years, np.random.default_rng(2026))
    model = o.build_model(problem)
    seconds, results = interleaved(
        # A fresh copy each time: nothing the last run worked out (the Problem's grids) is reused.
        {"optimise": lambda: o.optimise(dataclasses.replace(problem)), "highspy": lambda: _raw(model)},
        repeat=repeat,
    )
    solution = results["optimise"]
    assert solution.feasible
    assert abs(solution.total_cost - results["highspy"]) <= 1e-6 * results["highspy"], "different optima"
    return {
        f"{label}: variables": solution.variables,
        f"{label}: constraints": solution.constraints,
        f"{label}: binding limits found": len(solution.binding),
        f"{label}: optimise(), seconds (median of {repeat}, build, solve and read)": round(seconds["optimise"], 4),
        f"{label}: raw highspy, seconds (baseline: the finished model, solve)": round(seconds["highspy"], 4),
        f"{label}: ratio optimise() / raw highspy (goal: within 2x)": ratio(seconds["optimise"], seconds["highspy"]),
    }


def main() -> dict:
    figures = {
        **_size("small (8 services x 20 areas x 4 years)", 8, 20, 4, repeat=15),
        **_size("national (20 services x 150 areas x 25 years)", 20, 150, 25, repeat=5),
        "same optimum as raw highspy": True,
    }
    report("optimiser", figures)
    return figures


if __name__ == "__main__":
    main()
