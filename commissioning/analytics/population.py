"""Reading ONS population files into one long shape, checking every row.

The long shape (one row a cell): area_code, area_name, sex ("male", "female", "persons"), age
(0 to 90, where 90 means 90 and over), year, population_milli (the population in thousandths of
a person, an exact integer: ONS projections are published to three decimal places, and keeping
them as integers lets forecasts be exact sums of exact products).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl

from commissioning.analytics.problems import ImportRejected, RowProblem

MAX_AGE = 90  # the "90 and over" group
AGES = tuple(range(MAX_AGE + 1))
SEX_WORDS = {
    "male": "male", "males": "male", "female": "female", "females": "female", "persons": "persons",
    "person": "persons", "all": "persons",
}  # fmt: skip
LONG_SCHEMA = {
    "area_code": pl.String,
    "area_name": pl.String,
    "sex": pl.String,
    "age": pl.Int16,
    "year": pl.Int16,
    "population_milli": pl.Int64,
}
PROJECTION_COLUMNS = ["AREA_CODE", "AREA_NAME", "COMPONENT", "SEX", "AGE_GROUP"]
ESTIMATE_AGE_COLUMNS = [str(age) for age in range(MAX_AGE)] + ["90+"]
PROJECTION_NEEDS = (
    "a projection has the columns AREA_CODE, AREA_NAME, COMPONENT, SEX and AGE_GROUP, then one column a year"
)
ESTIMATES_NEED = "estimates have an area code and an area name column, then one column an age: 0 to 89 and 90+"
GSS = r"^[EWSNK][0-9]{8}$"
# ASCII digits only, and no more than a billion people in a cell (so every value fits exactly).
NUMBER = r"^[0-9]{1,10}(\.[0-9]{1,3})?$"
# "All ages" must equal the sum of the single years to within a person (ONS rounds each cell).
ALL_AGES_TOLERANCE_MILLI = 1000


def _read_text(source: Path | str | bytes, name: str) -> str:
    try:
        if isinstance(source, bytes):
            return source.decode("utf-8-sig")
        return Path(source).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error


def _ragged_lines(text: str, name: str) -> list[RowProblem]:
    """Lines with more or fewer fields than the header (a cut-off line, a stray comma)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    problems = []
    for number, row in enumerate(reader, start=2):
        if row and any(field.strip() for field in row) and len(row) != len(header):
            problems.append(RowProblem(name, number, None, f"{len(row)} values for {len(header)} columns"))
    return problems


def _frame(text: str, name: str) -> pl.DataFrame:
    if not text.strip():
        raise ImportRejected([RowProblem(name, 1, None, "the file is empty: no header row")])
    ragged = _ragged_lines(text, name)
    if ragged:
        raise ImportRejected(ragged)
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False, truncate_ragged_lines=True)
    except pl.exceptions.PolarsError as error:
        raise ImportRejected([RowProblem(name, None, None, f"cannot be read as CSV ({error})")]) from error
    frame = frame.rename({column: column.strip() for column in frame.columns})
    # Empty and missing fields (a line cut short) both become "", so every check sees them.
    frame = frame.with_columns(pl.all().fill_null(""))
    columns = frame.columns
    frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("_line"))
    # Blank lines (a trailing newline or two) are not rows.
    return frame.filter(~pl.all_horizontal([pl.col(column).str.strip_chars() == "" for column in columns]))


def _problems(
    frame: pl.DataFrame, condition: pl.Expr, name: str, column: str | None, message: pl.Expr | str
) -> list[RowProblem]:
    bad = frame.filter(condition)
    if bad.is_empty():
        return []
    messages = bad.select(message if isinstance(message, pl.Expr) else pl.lit(message)).to_series().to_list()
    return [RowProblem(name, line, column, text) for line, text in zip(bad["_line"].to_list(), messages, strict=True)]


def _milli(column: str) -> pl.Expr:
    """Exact thousandths from a decimal string such as "3316.5" (checked against NUMBER first)."""
    parts = pl.col(column).str.split_exact(".", 1)
    whole = parts.struct.field("field_0").cast(pl.Int64)
    fraction = parts.struct.field("field_1").fill_null("").str.pad_end(3, "0").str.slice(0, 3)
    return whole * 1000 + fraction.cast(pl.Int64, strict=False).fill_null(0)


def _number_check(column: str) -> tuple[pl.Expr, pl.Expr]:
    value = pl.col(column).str.strip_chars()
    message = (
        pl.when(value == "")
        .then(pl.lit("the value is missing (is the line cut short?)"))
        .otherwise(pl.format("'{}' is not a number of people (0 or more, up to 3 decimal places)", value))
    )
    return ~value.str.contains(NUMBER), message


def _check_years(header: list[str], name: str) -> list[int]:
    years = [column for column in header if re.fullmatch(r"\d{4}", column)]
    if not years:
        raise ImportRejected([RowProblem(name, 1, None, "no year columns (like 2022, 2023, ...)")])
    numbers = [int(year) for year in years]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        raise ImportRejected([RowProblem(name, 1, None, "year columns must run one year at a time, in order")])
    return numbers


def _age_expr(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars().str.to_lowercase()
    return (
        pl.when(text.is_in(["90 and over", "90+", "90 plus"]))
        .then(pl.lit(MAX_AGE))
        .when(text.str.contains(r"^\d{1,2}$"))
        .then(text.cast(pl.Int16, strict=False))
        .otherwise(None)
        .cast(pl.Int16)
    )


def _check_cells(long: pl.DataFrame, name: str) -> list[RowProblem]:
    """Each area and sex has the same single years of age, each once, and they add up.

    Files may cover a run of ages ending at 90 and over (a 65+ extract, say), but every area and
    sex must have the whole run: a block cut short (a truncated file) is reported. Where the
    run is complete, "All ages" rows must equal the sum of the single years.
    """
    problems: list[RowProblem] = []
    cells = long.filter(pl.col("age").is_not_null())
    duplicates = cells.filter(pl.struct("area_code", "sex", "age", "year").is_duplicated())
    for row in duplicates.unique(["area_code", "sex", "age"]).sort("_line").iter_rows(named=True):
        problems.append(
            RowProblem(
                name, row["_line"], "AGE_GROUP", f"{row['area_code']} {row['sex']} age {row['age']} appears twice"
            )
        )
    blocks = (
        cells.group_by("area_code", "sex", "year")
        .agg(pl.col("age").unique().sort().alias("ages"), pl.col("_line").min().alias("_line"))
        .sort("_line")
    )
    if blocks.is_empty():
        return [RowProblem(name, None, None, "the file has no single-year-of-age rows")]
    expected = blocks["ages"][0].to_list()
    if expected != list(range(expected[0], MAX_AGE + 1)):
        return [RowProblem(name, blocks["_line"][0], "AGE_GROUP", "ages must run one year at a time up to 90 and over")]
    short = blocks.filter(pl.col("ages") != pl.lit(pl.Series([expected]))).unique(["area_code", "sex"], keep="first")
    for row in short.sort("_line").iter_rows(named=True):
        missing = sorted(set(expected) - set(row["ages"]))
        shown = ", ".join(str(age) for age in missing[:5]) + (" ..." if len(missing) > 5 else "")
        problems.append(
            RowProblem(
                name,
                row["_line"],
                "AGE_GROUP",
                f"{row['area_code']} {row['sex']}: {len(missing)} age(s) missing ({shown}); is the file truncated?",
            )
        )
    problems += _check_persons(cells, name) if not problems else []
    totals = long.filter(pl.col("age").is_null())
    if expected[0] == 0 and not totals.is_empty() and not problems:
        sums = cells.group_by("area_code", "sex", "year").agg(pl.col("population_milli").sum().alias("sum_milli"))
        joined = totals.join(sums, on=["area_code", "sex", "year"], how="left")
        off = joined.filter((pl.col("population_milli") - pl.col("sum_milli")).abs() > ALL_AGES_TOLERANCE_MILLI)
        for row in off.unique(["area_code", "sex"]).sort("_line").iter_rows(named=True):
            problems.append(
                RowProblem(
                    name,
                    row["_line"],
                    str(row["year"]),
                    f"All ages ({row['population_milli'] / 1000:,.3f}) is not the sum of the single years "
                    f"({row['sum_milli'] / 1000:,.3f}) for {row['area_code']} {row['sex']}",
                )
            )
    return problems


# Persons must equal males plus females to within rounding (each cell is rounded separately).
SEX_SUM_TOLERANCE_MILLI = 5


def _check_persons(cells: pl.DataFrame, name: str) -> list[RowProblem]:
    """Where a file gives males, females and persons, persons must be their sum: a value cut short
    at the end of a truncated file shows up here even when no line is missing."""
    wide = cells.pivot(
        on="sex", index=["area_code", "age", "year"], values="population_milli", aggregate_function="first"
    )
    if not {"male", "female", "persons"} <= set(wide.columns):
        return []
    lines = cells.filter(pl.col("sex") == "persons").select("area_code", "age", "year", "_line")
    off = wide.filter((pl.col("persons") - pl.col("male") - pl.col("female")).abs() > SEX_SUM_TOLERANCE_MILLI).join(
        lines, on=["area_code", "age", "year"]
    )
    return [
        RowProblem(
            name,
            row["_line"],
            str(row["year"]),
            f"persons ({row['persons'] / 1000:,.3f}) is not males plus females "
            f"({(row['male'] + row['female']) / 1000:,.3f}) for {row['area_code']} age {row['age']}",
        )
        for row in off.sort("_line").iter_rows(named=True)
    ]


def listed(words: list[str], joiner: str = "and") -> str:
    """Words in a sentence: "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def _age_runs(ages: list[int]) -> str:
    """Ages as runs, "60 to 64, 70 and 90+", so a list of missing age columns stays short."""
    runs: list[list[int]] = []
    for age in sorted(ages):
        if runs and age == runs[-1][-1] + 1:
            runs[-1].append(age)
        else:
            runs.append([age])
    label = {age: "90+" if age == MAX_AGE else str(age) for age in ages}
    return listed(
        [
            f"{label[run[0]]} to {label[run[-1]]}" if len(run) > 2 else ", ".join(label[age] for age in run)
            for run in runs
        ]
    )


def header_columns(text: str) -> list[str]:
    """The column names on a CSV file's first line."""
    return [column.strip() for column in next(csv.reader(text.splitlines()[:1]), [])]


def _estimate_code_and_name(columns: list[str]) -> tuple[str | None, str | None]:
    """The area code and area name columns of an estimates file (``LAD21CD``, ``area_code``...)."""
    lower = {column.lower(): column for column in columns}
    code = next((lower[c] for c in lower if c in ("area_code", "code") or re.fullmatch(r"[a-z]+\d{2}cd", c)), None)
    name = next((lower[c] for c in lower if c in ("area_name", "name") or re.fullmatch(r"[a-z]+\d{2}nm", c)), None)
    return code, name


def _projection_missing(columns: list[str]) -> list[str]:
    return [column for column in PROJECTION_COLUMNS if column not in columns]


def _estimates_missing(columns: list[str]) -> tuple[list[str], list[int]]:
    """Named columns (area code, area name) and ages an estimates file lacks."""
    code, name = _estimate_code_and_name(columns)
    named = (["area code"] if code is None else []) + (["area name"] if name is None else [])
    ages = [age for age, column in enumerate(ESTIMATE_AGE_COLUMNS) if column not in columns]
    return named, ages


def population_layout(columns: list[str]) -> str | None:
    """Which kind of population file a header belongs to: "projection" (ONS's Z1 layout, a
    column a year), "estimates" (a column an age), or None when it shows signs of neither or both.

    Decided by what is there, not by what is missing, so a projection that lost one column is
    still read as a projection and told which column it lacks.
    """
    upper = {column.upper() for column in columns}
    projection = any(re.fullmatch(r"\d{4}", column) for column in columns) or bool({"AGE_GROUP", "COMPONENT"} & upper)
    estimates = any(column in ESTIMATE_AGE_COLUMNS for column in columns)
    if projection == estimates:
        return None
    return "projection" if projection else "estimates"


def layout_problems(columns: list[str], name: str) -> list[RowProblem]:
    """Why a header fits neither layout: what each layout needs and which of it is absent."""
    missing = _projection_missing(columns)
    projection = [f"no {listed(missing, 'or')} column"] if missing else []
    if not any(re.fullmatch(r"\d{4}", column) for column in columns):
        projection.append("no year columns (2022, 2023 ...)")
    named, ages = _estimates_missing(columns)
    estimates = [f"no {listed(named, 'or')} column"] if named else []
    if len(ages) == len(ESTIMATE_AGE_COLUMNS):
        estimates.append("no age columns")
    elif ages:
        estimates.append(
            f"no column{'s' if len(ages) > 1 else ''} for age{'s' if len(ages) > 1 else ''} {_age_runs(ages)}"
        )
    # A file with neither lacking has both years and ages: say so rather than nothing.
    return [
        RowProblem(name, 1, None, "the columns fit neither kind of population file"),
        RowProblem(name, 1, None, f"{PROJECTION_NEEDS}; this file has {' and '.join(projection) or 'age columns too'}"),
        RowProblem(name, 1, None, f"{ESTIMATES_NEED}; this file has {' and '.join(estimates) or 'year columns too'}"),
    ]


def read_population(
    source: Path | str | bytes, *, name: str | None = None, year: int | None = None, lines: bool = False
) -> pl.DataFrame:
    """Read a projection or estimates file, whichever its columns show it to be (see
    population_layout); raises ImportRejected naming what is wrong."""
    name = name or Path(str(source)).name
    columns = header_columns(_read_text(source, name))
    layout = population_layout(columns)
    if layout == "estimates":
        return read_single_year_estimates(source, name=name, year=year, lines=lines)
    if layout == "projection" or not any(columns):  # an empty file is told so by the reader
        return read_ons_projection(source, name=name, lines=lines)
    raise ImportRejected(layout_problems(columns, name))


def read_ons_projection(source: Path | str | bytes, *, name: str | None = None, lines: bool = False) -> pl.DataFrame:
    """Read an ONS subnational population projection CSV (Z1 layout) into the long shape.

    Layout: AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP (0 to 89, "90 and over", "All ages"),
    then one column a year. Raises ImportRejected listing every bad row (file, line, column).
    With `lines`, each figure keeps the file line it came from (as `_line`).
    """
    name = name or Path(str(source)).name
    frame = _frame(_read_text(source, name), name)
    missing = _projection_missing(frame.columns)
    if missing:
        which = f"the {listed(missing)} column{' is' if len(missing) == 1 else 's are'} missing"
        raise ImportRejected([RowProblem(name, 1, None, f"{which} ({PROJECTION_NEEDS})")])
    years = _check_years(frame.columns, name)
    year_columns = [str(year) for year in years]
    sex = pl.col("SEX").str.strip_chars().str.to_lowercase().replace_strict(SEX_WORDS, default=None)
    is_total = pl.col("AGE_GROUP").str.strip_chars().str.to_lowercase() == "all ages"
    checks = [
        (
            "AREA_CODE",
            ~pl.col("AREA_CODE").str.contains(GSS),
            pl.format("'{}' is not a GSS area code", pl.col("AREA_CODE")),
        ),
        ("AREA_NAME", pl.col("AREA_NAME").str.strip_chars() == "", pl.lit("the area name is blank")),
        (
            "COMPONENT",
            pl.col("COMPONENT").str.strip_chars().str.to_lowercase() != "population",
            pl.format("'{}' is not a population figure", pl.col("COMPONENT")),
        ),
        ("SEX", sex.is_null(), pl.format("'{}' is not males, females or persons", pl.col("SEX"))),
        (
            "AGE_GROUP",
            _age_expr("AGE_GROUP").is_null() & ~is_total,
            pl.format("'{}' is not an age (0 to 89, 90 and over, All ages)", pl.col("AGE_GROUP")),
        ),
        *[(column, *_number_check(column)) for column in year_columns],
    ]
    problems = [problem for column, bad, message in checks for problem in _problems(frame, bad, name, column, message)]
    if problems:
        raise ImportRejected(sorted(problems, key=lambda problem: (problem.line or 0, problem.column or "")))
    names = frame.group_by("AREA_CODE").agg(pl.col("AREA_NAME").n_unique().alias("names"), pl.col("_line").min())
    clashes = names.filter(pl.col("names") > 1)
    if not clashes.is_empty():
        raise ImportRejected(
            [RowProblem(name, row["_line"], "AREA_NAME", f"{row['AREA_CODE']} has more than one name")
             for row in clashes.iter_rows(named=True)]
        )  # fmt: skip
    long = (
        frame.select(
            pl.col("AREA_CODE").str.strip_chars().alias("area_code"),
            pl.col("AREA_NAME").str.strip_chars().alias("area_name"),
            sex.alias("sex"),
            pl.when(is_total).then(None).otherwise(_age_expr("AGE_GROUP")).alias("age"),
            "_line",
            *[pl.col(column).str.strip_chars() for column in year_columns],
        )
        .unpivot(index=["area_code", "area_name", "sex", "age", "_line"], on=year_columns, variable_name="year")
        .with_columns(pl.col("year").cast(pl.Int16), _milli("value").alias("population_milli"))
        .drop("value")
    )
    problems = _check_cells(long, name)
    if problems:
        raise ImportRejected(problems)
    return _shaped(long.filter(pl.col("age").is_not_null()), lines)


def _shaped(long: pl.DataFrame, lines: bool) -> pl.DataFrame:
    """The long shape, with each figure's file line kept when asked (to point at it later)."""
    return long.select(*LONG_SCHEMA, *(["_line"] if lines else [])).cast(LONG_SCHEMA)


def read_single_year_estimates(
    source: Path | str | bytes, *, name: str | None = None, year: int | None = None, lines: bool = False
) -> pl.DataFrame:
    """Read ONS mid-year estimates by single year of age (one row an area, or an area and sex).

    Accepts the layouts ONS and local data teams publish: a code column (``LAD21CD``,
    ``CTYUA21CD``, ``area_code``...), a name column, optional ``sex`` and ``period``
    (reference date) columns, ``all_ages``, then ``0`` to ``89`` and ``90+``. Without a period
    column the year must be given. With `lines`, each figure keeps its file line (as `_line`).
    """
    name = name or Path(str(source)).name
    frame = _frame(_read_text(source, name), name)
    columns = {column.lower(): column for column in frame.columns}
    code_column, name_column = _estimate_code_and_name(frame.columns)
    age_columns = ESTIMATE_AGE_COLUMNS
    named, ages = _estimates_missing(frame.columns)
    if named or ages:
        which = [f"the {listed(named)} column{'s' if len(named) > 1 else ''}"] if named else []
        if ages:
            which.append(
                f"the column for age {_age_runs(ages)}" if len(ages) == 1 else f"the columns for ages {_age_runs(ages)}"
            )
        verb = "is" if len(named) + len(ages) == 1 else "are"
        raise ImportRejected([RowProblem(name, 1, None, f"{' and '.join(which)} {verb} missing ({ESTIMATES_NEED})")])
    assert code_column is not None and name_column is not None
    problems: list[RowProblem] = []
    if "period" in columns:
        period = pl.col(columns["period"]).str.strip_chars().str.slice(0, 4)
        problems += _problems(
            frame, ~period.str.contains(r"^\d{4}$"), name, columns["period"], "the period is not a date"
        )
        year_expr = period.cast(pl.Int16, strict=False)
    elif year is not None:
        year_expr = pl.lit(year, dtype=pl.Int16)
    else:
        raise ImportRejected([RowProblem(name, 1, None, "no period column: say which mid-year the estimates are for")])
    sex = (
        pl.col(columns["sex"]).str.strip_chars().str.to_lowercase().replace_strict(SEX_WORDS, default=None)
        if "sex" in columns
        else pl.lit("persons")
    )
    if "sex" in columns:
        problems += _problems(
            frame, sex.is_null(), name, columns["sex"], pl.format("'{}' is not a sex", pl.col(columns["sex"]))
        )
    checks = [
        (
            code_column,
            ~pl.col(code_column).str.contains(GSS),
            pl.format("'{}' is not a GSS area code", pl.col(code_column)),
        ),
        *[(column, *_number_check(column)) for column in age_columns],
        *([(columns["all_ages"], *_number_check(columns["all_ages"]))] if "all_ages" in columns else []),
    ]
    problems += [problem for column, bad, message in checks for problem in _problems(frame, bad, name, column, message)]
    if problems:
        raise ImportRejected(sorted(problems, key=lambda problem: (problem.line or 0, problem.column or "")))
    long = (
        frame.select(
            pl.col(code_column).str.strip_chars().alias("area_code"),
            pl.col(name_column).str.strip_chars().alias("area_name"),
            sex.alias("sex"),
            year_expr.alias("year"),
            "_line",
            *[pl.col(column).str.strip_chars() for column in age_columns],
        )
        .unpivot(index=["area_code", "area_name", "sex", "year", "_line"], on=age_columns, variable_name="age_column")
        .with_columns(
            pl.col("age_column").str.replace("+", "", literal=True).cast(pl.Int16).alias("age"),
            _milli("value").alias("population_milli"),
        )
    )
    problems = _check_cells(long, name)
    if "all_ages" in columns and not problems:
        sums = long.group_by("_line").agg(pl.col("population_milli").sum().alias("sum_milli"))
        stated = frame.select("_line", _milli(columns["all_ages"]).alias("all_milli"))
        off = sums.join(stated, on="_line").filter(
            (pl.col("sum_milli") - pl.col("all_milli")).abs() > ALL_AGES_TOLERANCE_MILLI
        )
        problems += [
            RowProblem(name, row["_line"], columns["all_ages"], "all_ages is not the sum of the single years")
            for row in off.sort("_line").iter_rows(named=True)
        ]
    if problems:
        raise ImportRejected(problems)
    return _shaped(long, lines)


def rename_areas(population: pl.DataFrame, successors: dict[str, str], names: dict[str, str]) -> pl.DataFrame:
    """Add the figures of areas that were merged into their successor (summing where several merge)."""
    merged = population.filter(pl.col("area_code").is_in(list(successors)))
    if merged.is_empty():
        return population
    moved = (
        merged.with_columns(pl.col("area_code").replace_strict(successors, default=None))
        .with_columns(pl.col("area_code").replace_strict(names, default="").alias("area_name"))
        .group_by("area_code", "area_name", "sex", "age", "year")
        .agg(pl.col("population_milli").sum())
    )
    kept = population.filter(~pl.col("area_code").is_in(list(successors)))
    return pl.concat([kept, moved.select(*LONG_SCHEMA).cast(LONG_SCHEMA)])


def add_totals(population: pl.DataFrame, children: dict[str, list[str]], names: dict[str, str]) -> pl.DataFrame:
    """Add rows for each parent area (a county, region or England) the file lacks, summed from
    its children, but only where every child is present: a partial sum would mislead."""
    present = set(population["area_code"].unique().to_list())
    complete = {
        parent: members
        for parent, members in children.items()
        if parent not in present and members and set(members) <= present
    }
    if not complete:
        return population
    parent_of = {child: parent for parent, members in complete.items() for child in members}
    totals = (
        population.filter(pl.col("area_code").is_in(list(parent_of)))
        .with_columns(pl.col("area_code").replace_strict(parent_of, default=None))
        .group_by("area_code", "sex", "age", "year")
        .agg(pl.col("population_milli").sum())
        .with_columns(pl.col("area_code").replace_strict(names, default="").alias("area_name"))
    )
    return pl.concat([population, totals.select(*LONG_SCHEMA).cast(LONG_SCHEMA)])


def add_persons(population: pl.DataFrame) -> pl.DataFrame:
    """Add persons rows (male + female) where a file gives the sexes separately but not persons."""
    have_persons = population.filter(pl.col("sex") == "persons").select("area_code", "year").unique()
    sexes = population.filter(pl.col("sex") != "persons").join(have_persons, on=["area_code", "year"], how="anti")
    if sexes.is_empty():
        return population
    persons = (
        sexes.group_by("area_code", "area_name", "age", "year")
        .agg(pl.col("population_milli").sum(), pl.col("sex").n_unique().alias("sexes"))
        .filter(pl.col("sexes") == 2)
        .with_columns(pl.lit("persons").alias("sex"))
    )
    return pl.concat([population, persons.select(*LONG_SCHEMA).cast(LONG_SCHEMA)])
