"""Reading ONS population files into one wide shape, checking every row.

The wide shape (one row an area, sex and single year of age): area_code, area_name, sex ("male",
"female", "persons"), age (0 to 90, where 90 means 90 and over), then one Int64 column a year
("2022", "2023" ...) holding the population in thousandths of a person: ONS projections are
published to three decimal places, and keeping them as exact integers lets forecasts be exact
sums of exact products. It is ONS's own projection layout, so a file is checked on the frame as
first read, with no reshaping; `population_long` gives one row a cell where that is handier.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from commissioning.analytics.problems import ImportRejected, RowProblem

MAX_AGE = 90  # the "90 and over" group
AGES = tuple(range(MAX_AGE + 1))
SEX_WORDS = {
    "male": "male", "males": "male", "female": "female", "females": "female", "persons": "persons",
    "person": "persons", "all": "persons",
}  # fmt: skip
KEYS = ["area_code", "area_name", "sex", "age"]
KEY_SCHEMA = {"area_code": pl.String, "area_name": pl.String, "sex": pl.String, "age": pl.Int16}
LONG_SCHEMA = {**KEY_SCHEMA, "year": pl.Int16, "population_milli": pl.Int64}
YEAR_COLUMN = re.compile(r"\d{4}")
PROJECTION_COLUMNS = ["AREA_CODE", "AREA_NAME", "COMPONENT", "SEX", "AGE_GROUP"]
ESTIMATE_AGE_COLUMNS = [str(age) for age in range(MAX_AGE)] + ["90+"]
PROJECTION_NEEDS = (
    "a projection has the columns AREA_CODE, AREA_NAME, COMPONENT, SEX and AGE_GROUP, then one column a year"
)
ESTIMATES_NEED = "estimates have an area code and an area name column, then one column an age: 0 to 89 and 90+"
GSS = r"^[EWSNK][0-9]{8}$"
# ASCII digits only, and no more than a billion people in a cell (so every value fits exactly).
NUMBER = r"^[0-9]{1,10}(\.[0-9]{1,3})?$"
MAX_PEOPLE = 10**10  # NUMBER's ten digits before the point
# "All ages" must equal the sum of the single years to within a person (ONS rounds each cell).
ALL_AGES_TOLERANCE_MILLI = 1000


def year_columns(columns: Sequence[str] | pl.DataFrame | pl.LazyFrame) -> list[str]:
    """The year columns of a wide frame ("2022", "2023" ...), in order."""
    if isinstance(columns, pl.DataFrame):
        columns = columns.columns
    elif isinstance(columns, pl.LazyFrame):
        columns = columns.collect_schema().names()
    return [column for column in columns if YEAR_COLUMN.fullmatch(column)]


def population_long(wide: pl.DataFrame) -> pl.DataFrame:
    """The wide shape as one row a cell: area_code, area_name, sex, age, year, population_milli.
    Cells a file did not give (a year one area lacks) are left out."""
    extra = [column for column in ("_line", "_file") if column in wide.columns]
    keys = [*[key for key in KEYS if key in wide.columns], *extra]
    return (
        wide.unpivot(index=keys, on=year_columns(wide), variable_name="year", value_name="population_milli")
        .filter(pl.col("population_milli").is_not_null())
        .with_columns(pl.col("year").cast(pl.Int16))
        .select(*[column for column in LONG_SCHEMA if column in keys or column in ("year", "population_milli")], *extra)
    )


def population_wide(long: pl.DataFrame) -> pl.DataFrame:
    """The long shape (one row a cell, as vintages were once stored) as the wide shape."""
    keys = [key for key in KEYS if key in long.columns]
    wide = long.with_columns(pl.col("year").cast(pl.String)).pivot(
        on="year", index=keys, values="population_milli", aggregate_function="first", sort_columns=True
    )
    return wide.sort([key for key in ("area_code", "sex", "age") if key in keys])


def _content(source: Path | str | bytes, name: str) -> bytes:
    """The file's bytes without a byte-order mark; refused unless UTF-8 text."""
    content = source if isinstance(source, bytes) else Path(source).read_bytes()
    content = content.removeprefix(codecs.BOM_UTF8)
    if not content.isascii():  # ASCII is UTF-8: only other files need decoding to be sure
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    return content


def _first_line(content: bytes) -> bytes:
    end = content.find(b"\n")
    return content if end < 0 else content[:end]


def _raw_header(content: bytes) -> list[str]:
    return next(csv.reader([_first_line(content).decode("utf-8").rstrip("\r")]), [])


def _ragged_lines(text: str, name: str) -> list[RowProblem]:
    """Lines with more or fewer fields than the header (a cut-off line, a stray comma)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    problems = []
    for number, row in enumerate(reader, start=2):
        if row and any(field.strip() for field in row) and len(row) != len(header):
            problems.append(RowProblem(name, number, None, f"{len(row)} values for {len(header)} columns"))
    return problems


def _lines_and_blanks(frame: pl.DataFrame) -> pl.DataFrame:
    """Each row's line in the file; blank lines (a trailing newline or two) are not rows."""
    frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("_line"))

    def blank(column: str, dtype: pl.DataType) -> pl.Expr:
        empty = pl.col(column).is_null()
        return empty | (pl.col(column).str.strip_chars() == "") if dtype == pl.String else empty

    columns = [(column, dtype) for column, dtype in frame.schema.items() if column != "_line"]
    # Only a row whose first field is blank can be a blank line: look at the rest of those only.
    maybe = frame.filter(blank(*columns[0]))
    if maybe.is_empty():
        return frame
    lines = maybe.filter(pl.all_horizontal(blank(column, dtype) for column, dtype in columns))["_line"]
    return frame.filter(~pl.col("_line").is_in(lines.implode()))


def _text_frame(content: bytes, name: str) -> pl.DataFrame:
    """Every column as text, exactly as written: the path that names each bad value."""
    text = content.decode("utf-8")
    ragged = _ragged_lines(text, name)
    if ragged:
        raise ImportRejected(ragged)
    try:
        frame = pl.read_csv(content, infer_schema=False, truncate_ragged_lines=True)
    except pl.exceptions.PolarsError as error:
        raise ImportRejected([RowProblem(name, None, None, f"cannot be read as CSV ({error})")]) from error
    frame = frame.rename({column: column.strip() for column in frame.columns})
    # Empty and missing fields (a line cut short) both become "", so every check sees them.
    return _lines_and_blanks(frame).with_columns(pl.exclude("_line").fill_null(""))


DIGITS = b"0123456789"
SIGNS = (b"+", b"-", b"e", b"E")  # what a number reader takes in "+3", "-1", "1e5" and NUMBER does not
NOT_SIGNS = bytes(byte for byte in range(256) if bytes([byte]) not in SIGNS)


def _number_frame(content: bytes, header: list[str], values: list[str]) -> pl.DataFrame | None:
    """The file with its value columns read straight as numbers, then shown to be numbers of
    people as NUMBER writes them: or None, when anything needs the exact path to be told.

    A number reader also takes "-1", "+3", "1e5", ".5", "1.0000" or "NaN"; rather than match every
    value against NUMBER (slower than reading the file), the values are checked as numbers (none
    missing, not negative, under MAX_PEOPLE, whole thousandths), signs and exponents are counted
    in the file outside the text columns, and the digits in the value columns must be exactly
    those of the values written with three decimal places, as ONS writes them. A file written any
    other way goes to the exact path, which checks each value's text against NUMBER.
    """
    raw = {column.strip(): column for column in header}
    if len(raw) != len(header) or not all(value in raw for value in values):
        return None
    try:
        frame = pl.read_csv(content, infer_schema=False, schema_overrides={raw[value]: pl.Float64 for value in values})
    except pl.exceptions.PolarsError:
        return None
    frame = _lines_and_blanks(frame.rename({column: column.strip() for column in frame.columns}))
    texts = [column for column in frame.columns if column not in values and column != "_line"]
    # Every value in one column, and every text in another, so each check is one pass.
    number = pl.col("x")
    milli = number * 1000
    stats = (
        pl.DataFrame({"x": pl.concat([frame.get_column(value) for value in values])})
        .select(
            number.null_count().alias("missing"),
            number.is_nan().any().alias("nan"),
            number.min().alias("least"),
            number.max().alias("most"),
            number.len().alias("cells"),
            (milli - milli.round(0)).abs().max().alias("fraction"),
            # Digits of the values written as ONS does: the whole part's, then three decimals.
            pl.sum_horizontal((number >= 10**power).sum() for power in range(1, 10)).alias("digits"),
        )
        .row(0, named=True)
    )
    if (
        stats["missing"]
        or stats["nan"]
        or stats["least"] is None
        or not (stats["least"] >= 0 and stats["most"] < MAX_PEOPLE)
        or stats["fraction"] > 1e-6
    ):
        return None
    # The text columns' characters, all in one string, to count as the file's bytes are counted.
    text = pl.concat([frame.get_column(column) for column in texts]).fill_null("").str.join("").item().encode()
    header_line = _first_line(content)
    not_digits = content.translate(None, DIGITS)
    file_digits = len(content) - len(not_digits) - (len(header_line) - len(header_line.translate(None, DIGITS)))
    if file_digits - (len(text) - len(text.translate(None, DIGITS))) != stats["digits"] + 4 * stats["cells"]:
        return None
    signs = not_digits.translate(None, NOT_SIGNS)
    if any(signs.count(sign) != header_line.count(sign) + text.count(sign) for sign in SIGNS):
        return None
    return frame.with_columns(
        *[pl.col(column).fill_null("") for column in texts],
        *[(pl.col(value) * 1000).round(0).cast(pl.Int64) for value in values],
    )


def _milli(column: str) -> pl.Expr:
    """Exact thousandths from a decimal string such as "3316.5" (checked against NUMBER first)."""
    parts = pl.col(column).str.strip_chars().str.split_exact(".", 1)
    whole = parts.struct.field("field_0").cast(pl.Int64)
    fraction = parts.struct.field("field_1").fill_null("").str.pad_end(3, "0").str.slice(0, 3)
    return (whole * 1000 + fraction.cast(pl.Int64, strict=False).fill_null(0)).alias(column)


def _number_check(column: str) -> tuple[str, pl.Expr, pl.Expr]:
    value = pl.col(column).str.strip_chars()
    message = (
        pl.when(value == "")
        .then(pl.lit("the value is missing (is the line cut short?)"))
        .otherwise(pl.format("'{}' is not a number of people (0 or more, up to 3 decimal places)", value))
    )
    return column, ~value.str.contains(NUMBER), message


Check = tuple[str, pl.Expr, "pl.Expr | str"]


def _problems(frame: pl.DataFrame, checks: list[Check], name: str) -> list[RowProblem]:
    """Every row failing a check, with its line, column and reason: the checks run together over
    the whole frame, and the messages are written only for the rows that fail."""
    if not checks or frame.is_empty():
        return []
    failing = frame.filter(pl.any_horizontal(bad.fill_null(True) for _, bad, _ in checks))
    problems = []
    for column, bad, message in checks:
        rows = failing.filter(bad.fill_null(True))
        if rows.is_empty():
            continue
        texts = rows.select(message if isinstance(message, pl.Expr) else pl.lit(message)).to_series().to_list()
        problems += [RowProblem(name, line, column, text) for line, text in zip(rows["_line"], texts, strict=True)]
    return sorted(problems, key=lambda problem: (problem.line or 0, problem.column or ""))


def _checked_frame(content: bytes, name: str, values: list[str], checks: list[Check]) -> pl.DataFrame:
    """The file as first read, every row checked: text columns as written (missing fields as ""),
    `values` as exact thousandths (Int64), and each row's `_line`. Raises ImportRejected naming
    every bad row. Values are read as numbers when the file is shown to be written as ONS writes
    it (see _number_frame); otherwise as text, each checked against NUMBER."""
    frame = _number_frame(content, _raw_header(content), values)
    if frame is None:
        frame = _text_frame(content, name)
        checks = [*checks, *(_number_check(value) for value in values)]
        problems = _problems(frame, checks, name)
        if problems:
            raise ImportRejected(problems)
        return frame.with_columns(_milli(value) for value in values)
    problems = _problems(frame, checks, name)
    if problems:
        raise ImportRejected(problems)
    return frame


def _before_reading(content: bytes, name: str, problems: list[RowProblem]) -> None:
    """Refuse a file whose header is wrong; lines of the wrong length are told first, as they
    may be why."""
    if problems:
        raise ImportRejected(_ragged_lines(content.decode("utf-8"), name) or problems)


def _check_years(header: list[str], name: str) -> list[int]:
    years = year_columns(header)
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


def _duplicates(cells: pl.DataFrame, name: str, keys: list[str]) -> list[RowProblem]:
    """The same area, sex and age (and year, for estimates) on two lines."""
    duplicates = cells.filter(pl.struct(keys).is_duplicated())
    return [
        RowProblem(name, row["_line"], "AGE_GROUP", f"{row['area_code']} {row['sex']} age {row['age']} appears twice")
        for row in duplicates.sort("_line")
        .unique(["area_code", "sex", "age"], keep="first", maintain_order=True)
        .iter_rows(named=True)
    ]


def _check_cells(wide: pl.DataFrame, name: str, years: list[str], problems: list[RowProblem]) -> list[RowProblem]:
    """Each area and sex has the same single years of age, each once, and they add up.

    Files may cover a run of ages ending at 90 and over (a 65+ extract, say), but every area and
    sex must have the whole run: a block cut short (a truncated file) is reported. Where the
    run is complete, "All ages" rows must equal the sum of the single years. `problems` are
    the duplicates already found.
    """
    cells = wide.filter(pl.col("age").is_not_null())
    blocks = (
        cells.group_by("area_code", "sex")
        .agg(pl.col("age").unique().sort().alias("ages"), pl.col("_line").min().alias("_line"))
        .sort("_line")
    )
    if blocks.is_empty():
        return [RowProblem(name, None, None, "the file has no single-year-of-age rows")]
    expected = blocks["ages"][0].to_list()
    if expected != list(range(expected[0], MAX_AGE + 1)):
        return [RowProblem(name, blocks["_line"][0], "AGE_GROUP", "ages must run one year at a time up to 90 and over")]
    short = blocks.filter(pl.col("ages") != pl.lit(pl.Series([expected])))
    for row in short.iter_rows(named=True):
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
    problems += _check_persons(cells, name, years) if not problems else []
    totals = wide.filter(pl.col("age").is_null())
    if expected[0] == 0 and not totals.is_empty() and not problems:
        sums = cells.group_by("area_code", "sex").agg(pl.col(years).sum().name.suffix("_sum"))
        joined = totals.join(sums, on=["area_code", "sex"], how="left")
        gaps = [(pl.col(year) - pl.col(f"{year}_sum")).abs() > ALL_AGES_TOLERANCE_MILLI for year in years]
        off = joined.filter(pl.any_horizontal(gaps)).sort("_line").unique(["area_code", "sex"], keep="first")
        for row in off.sort("_line").iter_rows(named=True):
            year = next(year for year in years if abs(row[year] - (row[f"{year}_sum"] or 0)) > ALL_AGES_TOLERANCE_MILLI)
            problems.append(
                RowProblem(
                    name,
                    row["_line"],
                    year,
                    f"All ages ({row[year] / 1000:,.3f}) is not the sum of the single years "
                    f"({(row[f'{year}_sum'] or 0) / 1000:,.3f}) for {row['area_code']} {row['sex']}",
                )
            )
    return problems


# Persons must equal males plus females to within rounding (each cell is rounded separately).
SEX_SUM_TOLERANCE_MILLI = 5


def _check_persons(cells: pl.DataFrame, name: str, years: list[str]) -> list[RowProblem]:
    """Where a file gives males, females and persons, persons must be their sum: a value cut short
    at the end of a truncated file shows up here even when no line is missing."""
    if not {"male", "female", "persons"} <= set(cells["sex"].unique().to_list()):
        return []
    key = ["area_code", "age"]

    def sex(word: str, suffix: str) -> pl.DataFrame:
        chosen = cells.filter(pl.col("sex") == word)
        return chosen.select(
            *key, *([] if suffix else ["_line"]), *[pl.col(year).name.suffix(suffix) for year in years]
        )

    joined = sex("persons", "").join(sex("male", "_m"), on=key).join(sex("female", "_f"), on=key)
    gaps = {year: (pl.col(year) - pl.col(f"{year}_m") - pl.col(f"{year}_f")).abs() for year in years}
    off = joined.filter(pl.any_horizontal(gap > SEX_SUM_TOLERANCE_MILLI for gap in gaps.values())).sort("_line")
    return [
        RowProblem(
            name,
            row["_line"],
            year,
            f"persons ({row[year] / 1000:,.3f}) is not males plus females "
            f"({(row[f'{year}_m'] + row[f'{year}_f']) / 1000:,.3f}) for {row['area_code']} age {row['age']}",
        )
        for row in off.iter_rows(named=True)
        for year in years
        if abs(row[year] - row[f"{year}_m"] - row[f"{year}_f"]) > SEX_SUM_TOLERANCE_MILLI
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
    population_layout), into the wide shape; raises ImportRejected naming what is wrong."""
    name = name or Path(str(source)).name
    content = _content(source, name)
    columns = header_columns(_first_line(content).decode("utf-8"))
    layout = population_layout(columns)
    if layout == "estimates":
        return read_single_year_estimates(content, name=name, year=year, lines=lines)
    if layout == "projection" or not any(columns):  # an empty file is told so by the reader
        return read_ons_projection(content, name=name, lines=lines)
    raise ImportRejected(layout_problems(columns, name))


def _not_empty(content: bytes, name: str) -> None:
    if not content or content.isspace():
        raise ImportRejected([RowProblem(name, 1, None, "the file is empty: no header row")])


def read_ons_projection(source: Path | str | bytes, *, name: str | None = None, lines: bool = False) -> pl.DataFrame:
    """Read an ONS subnational population projection CSV (Z1 layout) into the wide shape.

    Layout: AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP (0 to 89, "90 and over", "All ages"),
    then one column a year: the wide shape already, so every check runs on the frame as first
    read. Raises ImportRejected listing every bad row (file, line, column). With `lines`, each
    row keeps the file line it came from (as `_line`).
    """
    name = name or Path(str(source)).name
    content = _content(source, name)
    _not_empty(content, name)
    header = [column.strip() for column in _raw_header(content)]
    missing = _projection_missing(header)
    which = f"the {listed(missing)} column{' is' if len(missing) == 1 else 's are'} missing" if missing else ""
    _before_reading(content, name, [RowProblem(name, 1, None, f"{which} ({PROJECTION_NEEDS})")] if missing else [])
    years = [str(year) for year in _check_years(header, name)]
    sex = pl.col("SEX").str.strip_chars().str.to_lowercase().replace_strict(SEX_WORDS, default=None)
    is_total = pl.col("AGE_GROUP").str.strip_chars().str.to_lowercase() == "all ages"
    checks: list[Check] = [
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
    ]
    frame = _checked_frame(content, name, years, checks)
    names = frame.group_by("AREA_CODE").agg(pl.col("AREA_NAME").n_unique().alias("names"), pl.col("_line").min())
    clashes = names.filter(pl.col("names") > 1)
    if not clashes.is_empty():
        raise ImportRejected(
            [RowProblem(name, row["_line"], "AREA_NAME", f"{row['AREA_CODE']} has more than one name")
             for row in clashes.sort("_line").iter_rows(named=True)]
        )  # fmt: skip
    wide = frame.select(
        pl.col("AREA_CODE").str.strip_chars().alias("area_code"),
        pl.col("AREA_NAME").str.strip_chars().alias("area_name"),
        sex.alias("sex"),
        pl.when(is_total).then(None).otherwise(_age_expr("AGE_GROUP")).alias("age"),
        "_line",
        *years,
    )
    cells = wide.filter(pl.col("age").is_not_null())
    problems = _check_cells(wide, name, years, _duplicates(cells, name, ["area_code", "sex", "age"]))
    if problems:
        raise ImportRejected(problems)
    return _shaped(cells, years, lines)


def _shaped(wide: pl.DataFrame, years: list[str], lines: bool) -> pl.DataFrame:
    """The wide shape, with each row's file line kept when asked (to point at it later)."""
    return wide.select(*KEYS, *years, *(["_line"] if lines else [])).cast(KEY_SCHEMA)


def read_single_year_estimates(
    source: Path | str | bytes, *, name: str | None = None, year: int | None = None, lines: bool = False
) -> pl.DataFrame:
    """Read ONS mid-year estimates by single year of age (one row an area, or an area and sex)
    into the wide shape: one column for the year (or one a year, where a period column gives several).

    Accepts the layouts ONS and local data teams publish: a code column (``LAD21CD``,
    ``CTYUA21CD``, ``area_code``...), a name column, optional ``sex`` and ``period``
    (reference date) columns, ``all_ages``, then ``0`` to ``89`` and ``90+``. Without a period
    column the year must be given. With `lines`, each row keeps its file line (as `_line`).
    """
    name = name or Path(str(source)).name
    content = _content(source, name)
    _not_empty(content, name)
    header = [column.strip() for column in _raw_header(content)]
    columns = {column.lower(): column for column in header}
    code_column, name_column = _estimate_code_and_name(header)
    age_columns = ESTIMATE_AGE_COLUMNS
    named, ages = _estimates_missing(header)
    if named or ages:
        which = [f"the {listed(named)} column{'s' if len(named) > 1 else ''}"] if named else []
        if ages:
            which.append(
                f"the column for age {_age_runs(ages)}" if len(ages) == 1 else f"the columns for ages {_age_runs(ages)}"
            )
        verb = "is" if len(named) + len(ages) == 1 else "are"
        _before_reading(
            content, name, [RowProblem(name, 1, None, f"{' and '.join(which)} {verb} missing ({ESTIMATES_NEED})")]
        )
    assert code_column is not None and name_column is not None
    checks: list[Check] = []
    if "period" in columns:
        period = pl.col(columns["period"]).str.strip_chars().str.slice(0, 4)
        checks.append((columns["period"], ~period.str.contains(r"^\d{4}$"), "the period is not a date"))
        year_expr = period.cast(pl.Int16, strict=False)
    elif year is not None:
        year_expr = pl.lit(year, dtype=pl.Int16)
    else:
        _before_reading(
            content, name, [RowProblem(name, 1, None, "no period column: say which mid-year the estimates are for")]
        )
    sex = (
        pl.col(columns["sex"]).str.strip_chars().str.to_lowercase().replace_strict(SEX_WORDS, default=None)
        if "sex" in columns
        else pl.lit("persons")
    )
    if "sex" in columns:
        checks.append((columns["sex"], sex.is_null(), pl.format("'{}' is not a sex", pl.col(columns["sex"]))))
    checks.append(
        (
            code_column,
            ~pl.col(code_column).str.contains(GSS),
            pl.format("'{}' is not a GSS area code", pl.col(code_column)),
        )
    )
    values = [*age_columns, *([columns["all_ages"]] if "all_ages" in columns else [])]
    frame = _checked_frame(content, name, values, checks)
    long = (
        frame.select(
            pl.col(code_column).str.strip_chars().alias("area_code"),
            pl.col(name_column).str.strip_chars().alias("area_name"),
            sex.alias("sex"),
            year_expr.alias("year"),
            "_line",
            *age_columns,
        )
        .unpivot(
            index=["area_code", "area_name", "sex", "year", "_line"],
            on=age_columns,
            variable_name="age_column",
            value_name="population_milli",
        )
        .with_columns(pl.col("age_column").str.replace("+", "", literal=True).cast(pl.Int16).alias("age"))
    )
    problems = _duplicates(long, name, ["area_code", "sex", "age", "year"])
    wide = (
        long.unique(["area_code", "sex", "age", "year"], keep="first", maintain_order=True)
        .with_columns(pl.col("year").cast(pl.String))
        .pivot(on="year", index=["area_code", "area_name", "sex", "age"], values="population_milli", sort_columns=True)
        .join(long.group_by("area_code", "sex", "age").agg(pl.col("_line").min()), on=["area_code", "sex", "age"])
    )
    years = year_columns(wide)
    problems = _check_cells(wide, name, years, problems)
    if "all_ages" in columns and not problems:
        off = frame.filter(
            (pl.sum_horizontal(age_columns) - pl.col(columns["all_ages"])).abs() > ALL_AGES_TOLERANCE_MILLI
        ).sort("_line")
        problems += [
            RowProblem(name, line, columns["all_ages"], "all_ages is not the sum of the single years")
            for line in off["_line"]
        ]
    if problems:
        raise ImportRejected(problems)
    return _shaped(wide.sort("_line", "age"), years, lines)


def _keys(population: pl.DataFrame) -> list[str]:
    return [column for column in (*KEYS, "year") if column in population.columns]


def _figures(population: pl.DataFrame) -> list[str]:
    """The figure columns: one a year in the wide shape, population_milli in the long."""
    return [column for column in population.columns if column not in (*KEYS, "year") and not column.startswith("_")]


def rename_areas(population: pl.DataFrame, successors: dict[str, str], names: dict[str, str]) -> pl.DataFrame:
    """Add the figures of areas that were merged into their successor (summing where several merge).
    Works on the wide shape or the long."""
    merged = population.filter(pl.col("area_code").is_in(list(successors)))
    if merged.is_empty():
        return population
    moved = (
        merged.with_columns(pl.col("area_code").replace_strict(successors, default=None))
        .with_columns(pl.col("area_code").replace_strict(names, default="").alias("area_name"))
        .group_by(_keys(population))
        .agg(pl.col(_figures(population)).sum())
    )
    kept = population.filter(~pl.col("area_code").is_in(list(successors)))
    return pl.concat([kept, moved.select(population.columns).cast(population.schema)])


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
        .group_by([key for key in _keys(population) if key != "area_name"])
        .agg(pl.col(_figures(population)).sum())
        .with_columns(pl.col("area_code").replace_strict(names, default="").alias("area_name"))
    )
    return pl.concat([population, totals.select(population.columns).cast(population.schema)])


def add_persons(population: pl.DataFrame) -> pl.DataFrame:
    """Add persons rows (male + female) where a file gives the sexes separately but not persons."""
    by_year = ["year"] if "year" in population.columns else []
    have_persons = population.filter(pl.col("sex") == "persons").select("area_code", *by_year).unique()
    sexes = population.filter(pl.col("sex") != "persons").join(have_persons, on=["area_code", *by_year], how="anti")
    if sexes.is_empty():
        return population
    persons = (
        sexes.group_by([key for key in _keys(population) if key != "sex"])
        .agg(pl.col(_figures(population)).sum(), pl.col("sex").n_unique().alias("_sexes"))
        .filter(pl.col("_sexes") == 2)
        .with_columns(pl.lit("persons").alias("sex"))
    )
    return pl.concat([population, persons.select(population.columns).cast(population.schema)])
