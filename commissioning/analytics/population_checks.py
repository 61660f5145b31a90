"""Checking a set of population files as one vintage, and bringing it into one frame.

Each file is read and checked on its own (analytics.population); here the set is checked as a
whole: no area twice, the same ages in every file, known areas only, both sexes or persons, and
areas merged in April 2023 given whole. The figures are then brought up to date and summed into
the larger areas a file lacks. The area lookups come in as plain data: needs loads them from the
database and core.geography, so nothing here touches either.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from commissioning.analytics.population import (
    add_persons,
    add_totals,
    header_columns,
    listed,
    population_layout,
    read_population,
    rename_areas,
    year_columns,
)
from commissioning.analytics.problems import ImportRejected, RowProblem

Progress = Callable[[str], None]

# Area levels as core.choices.AreaLevel stores them. Councils with adult social care duties:
UPPER_TIER = ("county", "unitary", "metropolitan", "london_borough")
# Wholes summed from their parts, in this order: counties from districts, regions from
# upper-tier councils, England from regions.
TOTALS = (
    (("county",), ("district",)),
    (("region",), UPPER_TIER),
    (("country",), ("region",)),
)


@dataclass(frozen=True)
class PopulationFile:
    name: str
    content: bytes

    @classmethod
    def from_path(cls, path: Path | str) -> PopulationFile:
        path = Path(path)
        return cls(path.name, path.read_bytes())

    @property
    def layout(self) -> str | None:
        """ "projection" (ONS Z1: a column a year) or "estimates" (a column an age), told from the
        columns the file has; None when it fits neither."""
        return population_layout(header_columns(self.content[:100_000].decode("utf-8-sig", errors="replace")))


@dataclass(frozen=True)
class KnownArea:
    """An area the service knows: its name, level (see UPPER_TIER) and its parent's code."""

    name: str
    level: str
    parent: str | None = None


@dataclass(frozen=True)
class CheckedPopulation:
    """The files as one frame in the wide shape (see analytics.population), ready to save, and
    what was done on the way."""

    frame: pl.DataFrame
    layout: str  # "projection" when every file is a projection, otherwise "estimates"
    notes: list[str]  # figures brought up to date or summed
    skipped: list[str]  # unknown area codes left out (only with ignore_unknown_areas)


def check_population(
    files: list[PopulationFile],
    *,
    areas: Mapping[str, KnownArea],
    successors: Mapping[str, str],
    abolished: Collection[str],
    estimate_year: int | None = None,
    ignore_unknown_areas: bool = False,
    progress: Progress | None = None,
) -> CheckedPopulation:
    """Read and check population files as one vintage; raises ImportRejected listing the problems.

    `areas` are the areas known, by code; `successors` maps each district abolished in April
    2023 to the council that took it over; `abolished` are the counties abolished then (their
    figures cannot be split, so they are left out).
    """
    progress = progress or (lambda message: None)
    if not files:
        raise ImportRejected([RowProblem("(no file)", None, None, "give at least one file")])
    frame = _read(files, estimate_year, progress)
    progress("Checking area codes")
    # Codes retired in April 2023 are known too: their figures move to the successor councils.
    known = set(areas) | set(successors) | set(abolished)
    frame, skipped = _check_areas(frame, files, known, ignore_unknown_areas)
    if frame.is_empty():
        raise ImportRejected([RowProblem(files[0].name, None, None, "none of the areas in these files is known")])
    _check_sexes(frame)
    _check_successors(frame, successors)
    # Persons first, so that every total below has them too.
    frame, notes = _with_successors_and_totals(add_persons(frame.drop("_file", "_line")), areas, successors, abolished)
    layout = "projection" if {file.layout for file in files} == {"projection"} else "estimates"
    return CheckedPopulation(frame, layout, notes, skipped)


def _labels(files: list[PopulationFile]) -> list[str]:
    """Each file's name in problems; a name given twice is told apart by its place in the list."""
    names = [file.name for file in files]
    return [name if names.count(name) == 1 else f"{name} (file {number})" for number, name in enumerate(names, 1)]


SEX_PLURAL = {"male": "males", "female": "females", "persons": "persons"}


def _read(files: list[PopulationFile], estimate_year: int | None, progress: Progress) -> pl.DataFrame:
    """Every file read into one frame, each figure keeping its file (`_file`) and line (`_line`)."""
    frames, problems = [], []
    for number, (file, label) in enumerate(zip(files, _labels(files), strict=True), start=1):
        progress(f"Reading and checking {file.name} ({number} of {len(files)})")
        try:
            frame = read_population(file.content, name=label, year=estimate_year, lines=True)
        except ImportRejected as rejected:
            problems += rejected.problems
            continue
        frames.append(frame.with_columns(pl.lit(label).alias("_file"), pl.lit(number).alias("_order")))
    if problems:
        raise ImportRejected(problems)
    frame = pl.concat(frames, how="diagonal_relaxed")
    frame = _check_repeats(frame)
    starts = frame.group_by("_file", "_order").agg(pl.col("age").min().alias("first_age")).sort("_order")
    if starts["first_age"].n_unique() > 1:
        described = ", ".join(f"{row['_file']} from age {row['first_age']}" for row in starts.iter_rows(named=True))
        raise ImportRejected(
            [
                RowProblem(
                    files[0].name, None, "AGE_GROUP", f"all files in a vintage must cover the same ages: {described}"
                )
            ]
        )
    return frame.drop("_order")


def _check_repeats(frame: pl.DataFrame) -> pl.DataFrame:
    """No figure in two files: each file is told where, in the other, its figures are repeated
    (the first line of that area and sex in each). Files with the same ages of an area for
    different years (estimates a year a file) are joined into one row an age."""
    key = ["area_code", "sex", "age"]
    repeated = frame.filter(pl.struct(key).is_duplicated())
    if repeated.is_empty():
        return frame
    years = year_columns(frame)
    clashes = repeated.group_by(key).agg(pl.any_horizontal(pl.col(year).count() > 1 for year in years).alias("_clash"))
    repeated = repeated.join(clashes.filter("_clash").select(key), on=key)
    if repeated.is_empty():
        return (
            frame.sort("_order", "_line")
            .group_by(key, maintain_order=True)
            .agg(
                pl.col("area_name", "_file", "_order").first(),
                pl.col("_line").min(),
                *[pl.col(year).drop_nulls().first() for year in years],
            )
            .select(frame.columns)
        )
    blocks = (
        repeated.group_by("_file", "_order", "area_code", "sex")
        .agg(pl.col("_line").min())
        .sort("_order", "_line")
        .rows(named=True)
    )
    problems = []
    for block in blocks:
        others = [
            f"{other['_file']}, line {other['_line']}"
            for other in blocks
            if other["_order"] != block["_order"]
            and (other["area_code"], other["sex"]) == (block["area_code"], block["sex"])
        ]
        problems.append(
            RowProblem(
                block["_file"],
                block["_line"],
                None,
                f"{block['area_code']} {SEX_PLURAL[block['sex']]} are also in {listed(others)}",
            )
        )
    raise ImportRejected(problems)


def _check_sexes(frame: pl.DataFrame) -> None:
    """Every area needs persons, or both males and females (persons are then added up)."""
    sexes = frame.group_by("area_code").agg(pl.col("sex").unique().alias("sexes"), pl.col("_file").first())
    problems = []
    for row in sexes.sort("area_code").iter_rows(named=True):
        have = set(row["sexes"])
        if "persons" not in have and have != {"male", "female"}:
            missing = "females" if "male" in have else "males"
            problems.append(
                RowProblem(
                    row["_file"],
                    None,
                    "SEX",
                    f"{row['area_code']} has {', '.join(sorted(have))} but no {missing} or persons",
                )
            )
    if problems:
        raise ImportRejected(problems)


def _check_successors(frame: pl.DataFrame, successors: Mapping[str, str]) -> None:
    """Areas merged in April 2023 can be brought up to date only when all the old parts are given,
    and not beside the new council itself (that would count people twice)."""
    codes = set(frame["area_code"].unique().to_list())
    problems = []
    for successor in sorted({successors[code] for code in codes & set(successors)}):
        parts = sorted(code for code, new in successors.items() if new == successor)
        name = frame.filter(pl.col("area_code").is_in(parts))["_file"][0]
        if successor in codes:
            problems.append(
                RowProblem(
                    name,
                    None,
                    "area code",
                    f"{successor} is given both as itself and as its old parts ({', '.join(parts)})",
                )
            )
        elif set(parts) - codes:
            problems.append(
                RowProblem(
                    name,
                    None,
                    "area code",
                    f"{successor} replaced {', '.join(parts)} in April 2023: give all of them, or {successor}",
                )
            )
    if problems:
        raise ImportRejected(problems)


def _check_areas(
    frame: pl.DataFrame, files: list[PopulationFile], known: set[str], ignore_unknown: bool
) -> tuple[pl.DataFrame, list[str]]:
    unknown = sorted(set(frame["area_code"].unique().to_list()) - known)
    if unknown and not ignore_unknown:
        firsts = (
            frame.filter(pl.col("area_code").is_in(unknown))
            .group_by("_file", "area_code")
            .agg(pl.col("area_name").first(), pl.col("_line").min())
        )
        problems = [
            RowProblem(
                row["_file"],
                row["_line"],
                "area code",
                f"{row['area_code']} ({row['area_name']}) is not a known area: load the areas, or check the code",
            )
            for row in firsts.sort("_file", "area_code").iter_rows(named=True)
        ]
        raise ImportRejected(problems)
    return frame.filter(~pl.col("area_code").is_in(unknown)), unknown


def _with_successors_and_totals(
    frame: pl.DataFrame, areas: Mapping[str, KnownArea], successors: Mapping[str, str], abolished: Collection[str]
) -> tuple[pl.DataFrame, list[str]]:
    """Bring older boundaries up to date, then sum districts into counties, councils into regions
    and regions into England wherever a file has all the parts but not the whole."""
    notes = []
    names = {code: area.name for code, area in areas.items()}
    old = set(frame["area_code"].unique().to_list()) & set(successors)
    if old:
        frame = rename_areas(frame, dict(successors), names)
        notes.append(f"Districts abolished in April 2023 added into their successor councils: {', '.join(sorted(old))}")
    gone = set(frame["area_code"].unique().to_list()) & set(abolished)
    if gone:
        frame = frame.filter(~pl.col("area_code").is_in(list(gone)))
        notes.append(f"Counties abolished in April 2023 left out: {', '.join(sorted(gone))}")
    for parent_levels, child_levels in TOTALS:
        children: dict[str, list[str]] = {}
        for code, area in areas.items():
            if area.parent is None or area.parent not in areas:
                continue
            if area.level in child_levels and areas[area.parent].level in parent_levels:
                children.setdefault(area.parent, []).append(code)
        before = set(frame["area_code"].unique().to_list())
        frame = add_totals(frame, children, names)
        added = set(frame["area_code"].unique().to_list()) - before
        if added and parent_levels != ("county",):
            notes.append(f"Summed from their parts: {', '.join(sorted(names.get(code, code) for code in added))}")
    return frame, notes
