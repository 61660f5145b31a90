"""Checking population files as one vintage, with the area lookups given as plain data."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from commissioning.analytics.population import LONG_SCHEMA, population_long, population_wide
from commissioning.analytics.population_checks import CheckedPopulation, KnownArea, PopulationFile, check_population
from commissioning.analytics.problems import ImportRejected

HEADER = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2030"\n'
AREAS = {
    "E92000001": KnownArea("England", "country"),
    "E12000001": KnownArea("North East", "region", "E92000001"),
    "E06000005": KnownArea("Darlington", "unitary", "E12000001"),
    "E06000099": KnownArea("New Town", "unitary", "E12000001"),
}
# Two districts merged into New Town; a county abolished at the same time.
SUCCESSORS = {"E07000001": "E06000099", "E07000002": "E06000099"}
ABOLISHED = {"E10000099"}


def _rows(code: str, name: str, at_89: str, at_90: str, sex: str = "persons") -> list[str]:
    return [f"{code},{name},Population,{sex},89,{at_89}", f"{code},{name},Population,{sex},90 and over,{at_90}"]


def _file(name: str, rows: list[str]) -> PopulationFile:
    return PopulationFile(name, (HEADER + "\n".join(rows) + "\n").encode())


def _check(*files: PopulationFile, **options: Any) -> CheckedPopulation:
    return check_population(list(files), areas=AREAS, successors=SUCCESSORS, abolished=ABOLISHED, **options)


def _expected(rows: list[tuple[str, str, str, int, int]]) -> pl.DataFrame:
    return population_wide(
        pl.DataFrame(
            [(code, name, sex, age, 2030, milli) for code, name, sex, age, milli in rows],
            schema=LONG_SCHEMA,
            orient="row",
        )
    )


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("area_code", "sex", "age")


def test_old_districts_join_their_successor_and_wholes_are_summed_from_their_parts():
    rows = _rows("E07000001", "Old A", "1", "2") + _rows("E07000002", "Old B", "3", "4")
    rows += _rows("E06000005", "Darlington", "10", "20") + _rows("E10000099", "Old County", "4", "6")
    checked = _check(_file("ne.csv", rows))
    assert_frame_equal(
        _sorted(checked.frame),
        _sorted(
            _expected(
                [
                    ("E06000005", "Darlington", "persons", 89, 10_000),
                    ("E06000005", "Darlington", "persons", 90, 20_000),
                    ("E06000099", "New Town", "persons", 89, 4_000),
                    ("E06000099", "New Town", "persons", 90, 6_000),
                    ("E12000001", "North East", "persons", 89, 14_000),
                    ("E12000001", "North East", "persons", 90, 26_000),
                    ("E92000001", "England", "persons", 89, 14_000),
                    ("E92000001", "England", "persons", 90, 26_000),
                ]
            )
        ),
    )
    assert checked.notes == [
        "Districts abolished in April 2023 added into their successor councils: E07000001, E07000002",
        "Counties abolished in April 2023 left out: E10000099",
        "Summed from their parts: North East",
        "Summed from their parts: England",
    ]
    assert (checked.layout, checked.skipped) == ("projection", [])


def test_persons_are_added_up_from_males_and_females_across_files():
    checked = _check(
        _file("males.csv", _rows("E06000005", "Darlington", "1.5", "2", sex="males")),
        _file("females.csv", _rows("E06000005", "Darlington", "2.5", "3", sex="females")),
    )
    darlington = _sorted(checked.frame.filter(pl.col("area_code") == "E06000005"))
    assert_frame_equal(
        darlington,
        _sorted(
            _expected(
                [
                    ("E06000005", "Darlington", "male", 89, 1_500),
                    ("E06000005", "Darlington", "male", 90, 2_000),
                    ("E06000005", "Darlington", "female", 89, 2_500),
                    ("E06000005", "Darlington", "female", 90, 3_000),
                    ("E06000005", "Darlington", "persons", 89, 4_000),
                    ("E06000005", "Darlington", "persons", 90, 5_000),
                ]
            )
        ),
    )
    # The region is not summed: New Town is missing.
    assert set(checked.frame["area_code"]) == {"E06000005"}


def test_unknown_areas_are_refused_by_file_and_line_or_left_out_when_asked():
    rows = _rows("E06000005", "Darlington", "1", "2") + _rows("E06000777", "Nowhere", "1", "2")
    with pytest.raises(ImportRejected) as rejected:
        _check(_file("areas.csv", rows))
    assert [str(problem) for problem in rejected.value.problems] == [
        "areas.csv, line 4, column area code: E06000777 (Nowhere) is not a known area: load the areas, or check "
        "the code"
    ]
    checked = _check(_file("areas.csv", rows), ignore_unknown_areas=True)
    assert checked.skipped == ["E06000777"]
    assert set(checked.frame["area_code"]) == {"E06000005"}
    with pytest.raises(ImportRejected, match="1 problem") as nothing:
        _check(_file("wales.csv", _rows("W06000001", "Anglesey", "1", "2")), ignore_unknown_areas=True)
    assert str(nothing.value.problems[0]) == "wales.csv: none of the areas in these files is known"


def test_merged_areas_must_be_given_whole_and_not_beside_their_successor():
    with pytest.raises(ImportRejected) as partial:
        _check(_file("part.csv", _rows("E07000001", "Old A", "1", "2")))
    assert [str(problem) for problem in partial.value.problems] == [
        "part.csv, column area code: E06000099 replaced E07000001, E07000002 in April 2023: give all of them, "
        "or E06000099"
    ]
    both = _rows("E07000001", "Old A", "1", "2") + _rows("E07000002", "Old B", "1", "2")
    with pytest.raises(ImportRejected) as twice:
        _check(_file("both.csv", both + _rows("E06000099", "New Town", "2", "4")))
    assert [str(problem) for problem in twice.value.problems] == [
        "both.csv, column area code: E06000099 is given both as itself and as its old parts (E07000001, E07000002)"
    ]


def test_the_set_is_refused_whole_when_files_disagree_or_one_is_bad():
    with pytest.raises(ImportRejected) as twice:
        _check(_file("a.csv", _rows("E06000005", "D", "1", "2")), _file("b.csv", _rows("E06000005", "D", "1", "2")))
    assert [str(problem) for problem in twice.value.problems] == [
        "a.csv, line 2: E06000005 persons are also in b.csv, line 2",
        "b.csv, line 2: E06000005 persons are also in a.csv, line 2",
    ]
    with pytest.raises(ImportRejected) as one_sex:
        _check(_file("males.csv", _rows("E06000005", "D", "1", "2", sex="males")))
    assert str(one_sex.value.problems[0]) == "males.csv, column SEX: E06000005 has male but no females or persons"
    with pytest.raises(ImportRejected) as bad:
        _check(
            _file("good.csv", _rows("E06000005", "D", "1", "2")), _file("bad.csv", _rows("E06000099", "N", "x", "2"))
        )
    assert [str(problem) for problem in bad.value.problems] == [
        "bad.csv, line 2, column 2030: 'x' is not a number of people (0 or more, up to 3 decimal places)"
    ]
    with pytest.raises(ImportRejected) as none:
        check_population([], areas=AREAS, successors=SUCCESSORS, abolished=ABOLISHED)
    assert str(none.value.problems[0]) == "(no file): give at least one file"


def test_estimates_say_their_layout_and_progress_is_reported_file_by_file():
    header = "area_code,area_name," + ",".join(str(age) for age in range(90)) + ",90+\n"
    estimates = PopulationFile("mye.csv", (header + "E06000005,Darlington" + ",1" * 91 + "\n").encode())
    messages: list[str] = []
    checked = _check(estimates, estimate_year=2024, progress=messages.append)
    assert checked.layout == "estimates"
    assert population_long(checked.frame).filter(pl.col("area_code") == "E06000005")["population_milli"].sum() == 91_000
    assert messages == ["Reading and checking mye.csv (1 of 1)", "Checking area codes"]


DURHAM = Path(__file__).resolve().parents[2] / "needs/data/population/snpp2022_migcat_county_durham_65plus.csv"
DURHAM_AREAS = {"E06000047": KnownArea("County Durham", "unitary")}


def _without_column(content: bytes, column: str) -> bytes:
    rows = list(csv.reader(io.StringIO(content.decode())))
    at = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:at] + row[at + 1 :] for row in rows])
    return out.getvalue().encode()


def _problems(*files: PopulationFile, **options: Any) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        check_population(list(files), areas=DURHAM_AREAS, successors={}, abolished=set(), **options)
    return [str(problem) for problem in rejected.value.problems]


def test_a_projection_missing_its_age_group_column_is_told_so_not_taken_for_estimates():
    cut = PopulationFile("durham.csv", _without_column(DURHAM.read_bytes(), "AGE_GROUP"))
    assert _problems(cut) == [
        "durham.csv, line 1: the AGE_GROUP column is missing (a projection has the columns AREA_CODE, AREA_NAME, "
        "COMPONENT, SEX and AGE_GROUP, then one column a year)"
    ]


def test_estimates_missing_age_columns_name_them_as_a_range():
    header = "area_code,area_name," + ",".join(str(age) for age in range(65)) + ",90+\n"
    short = PopulationFile("mye.csv", (header + "E06000047,County Durham" + ",1" * 66 + "\n").encode())
    assert _problems(short, estimate_year=2024) == [
        "mye.csv, line 1: the columns for ages 65 to 89 are missing (estimates have an area code and an area "
        "name column, then one column an age: 0 to 89 and 90+)"
    ]


def test_a_file_of_neither_layout_says_what_each_layout_needs_and_lacks():
    odd = PopulationFile("odd.csv", b"AREA_CODE,AREA_NAME,SEX,people\nE06000047,County Durham,persons,10\n")
    assert _problems(odd) == [
        "odd.csv, line 1: the columns fit neither kind of population file",
        "odd.csv, line 1: a projection has the columns AREA_CODE, AREA_NAME, COMPONENT, SEX and AGE_GROUP, then "
        "one column a year; this file has no COMPONENT or AGE_GROUP column and no year columns (2022, 2023 ...)",
        "odd.csv, line 1: estimates have an area code and an area name column, then one column an age: 0 to 89 "
        "and 90+; this file has no age columns",
    ]


def test_a_file_given_twice_names_each_sexs_own_line_in_both_files():
    durham = PopulationFile.from_path(DURHAM)
    # Males start on line 2, females on line 29, persons on line 56 (26 ages and All ages each).
    assert _problems(durham, PopulationFile("copy.csv", durham.content)) == [
        f"{DURHAM.name}, line 2: E06000047 males are also in copy.csv, line 2",
        f"{DURHAM.name}, line 29: E06000047 females are also in copy.csv, line 29",
        f"{DURHAM.name}, line 56: E06000047 persons are also in copy.csv, line 56",
        f"copy.csv, line 2: E06000047 males are also in {DURHAM.name}, line 2",
        f"copy.csv, line 29: E06000047 females are also in {DURHAM.name}, line 29",
        f"copy.csv, line 56: E06000047 persons are also in {DURHAM.name}, line 56",
    ]
    # The very same file chosen twice: the two are told apart by their place in the list.
    assert _problems(durham, durham)[:2] == [
        f"{DURHAM.name} (file 1), line 2: E06000047 males are also in {DURHAM.name} (file 2), line 2",
        f"{DURHAM.name} (file 1), line 29: E06000047 females are also in {DURHAM.name} (file 2), line 29",
    ]
