"""Reading ONS population files: the real layouts, and every kind of bad row."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from commissioning.analytics.population import (
    add_persons,
    add_totals,
    population_long,
    read_ons_projection,
    read_single_year_estimates,
    rename_areas,
)
from commissioning.analytics.problems import ImportRejected

DATA = Path(__file__).resolve().parents[2] / "needs" / "data" / "population"
DURHAM = DATA / "snpp2022_migcat_county_durham_65plus.csv"
HEADER = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2022","2023"\n'


def _projection(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def _ages(code="E06000047", name="County Durham", sex="persons", values=("10.000", "11.000"), ages=range(89, 91)):
    rows = []
    for age in ages:
        label = "90 and over" if age == 90 else str(age)
        rows.append(f"{code},{name},Population,{sex},{label},{values[0]},{values[1]}")
    return rows


def test_reads_the_real_ons_projection_exactly():
    frame = population_long(read_ons_projection(DURHAM))
    assert frame.columns == ["area_code", "area_name", "sex", "age", "year", "population_milli"]
    # 26 ages (65 to 90+), 3 sexes, 26 years
    assert frame.height == 26 * 3 * 26
    males_65_2022 = frame.filter((pl.col("sex") == "male") & (pl.col("age") == 65) & (pl.col("year") == 2022))
    assert males_65_2022["population_milli"].item() == 3_316_000
    persons_90_2047 = frame.filter((pl.col("sex") == "persons") & (pl.col("age") == 90) & (pl.col("year") == 2047))
    assert persons_90_2047["population_milli"].item() > 0


def test_reads_real_mid_year_estimates_in_both_published_layouts():
    trafford = population_long(read_single_year_estimates(DATA / "mye_mid2024_syoa_by_sex_trafford.csv"))
    persons = trafford.filter(pl.col("sex") == "persons")
    assert persons["population_milli"].sum() == 241_025_000  # ONS mid-2024 Trafford
    assert set(trafford["year"].unique()) == {2024}
    counties = population_long(read_single_year_estimates(DATA / "mye_mid2020_persons_syoa_ctyua21_ew.csv", year=2020))
    england = counties.filter(pl.col("area_code").str.starts_with("E"))
    assert england["population_milli"].sum() == 56_550_138_000


def test_estimates_need_a_year():
    with pytest.raises(ImportRejected, match="1 problem"):
        read_single_year_estimates(DATA / "mye_mid2020_persons_syoa_ctyua21_ew.csv")


def test_missing_columns_are_named_on_line_1():
    with pytest.raises(ImportRejected) as rejected:
        read_ons_projection(b'"AREA_CODE","SEX","2022"\nE06000047,persons,1\n', name="bad.csv")
    assert str(rejected.value.problems[0]) == (
        "bad.csv, line 1: the AREA_NAME, COMPONENT and AGE_GROUP columns are missing (a projection has the columns "
        "AREA_CODE, AREA_NAME, COMPONENT, SEX and AGE_GROUP, then one column a year)"
    )


def test_every_bad_row_is_reported_with_line_and_column():
    rows = _ages()
    rows[0] = rows[0].replace("E06000047", "E0600004")
    rows[1] = rows[1].replace(",persons,", ",people,").replace("10.000", "-5")
    with pytest.raises(ImportRejected) as rejected:
        read_ons_projection(_projection(rows), name="snpp.csv")
    messages = [str(problem) for problem in rejected.value.problems]
    assert "snpp.csv, line 2, column AREA_CODE: 'E0600004' is not a GSS area code" in messages
    assert "snpp.csv, line 3, column SEX: 'people' is not males, females or persons" in messages
    assert any(m.startswith("snpp.csv, line 3, column 2022: '-5' is not a number of people") for m in messages)


def test_a_truncated_file_is_caught():
    full = _ages(ages=range(0, 91)) + _ages(code="E06000001", name="Hartlepool", ages=range(0, 91))
    truncated = full[:-30]
    truncated[-1] = truncated[-1].rsplit(",", 1)[0]  # the last line cut mid-row
    with pytest.raises(ImportRejected) as rejected:
        read_ons_projection(_projection(truncated), name="cut.csv")
    text = rejected.value.report()
    assert f"cut.csv, line {len(truncated) + 1}: 6 values for 7 columns" in text


def test_a_value_cut_short_at_the_very_end_is_caught_by_the_sexes_check():
    rows = []
    for sex, value in (("males", "4.000"), ("females", "6.000"), ("persons", "10.000")):
        rows += _ages(sex=sex, values=(value, value))
    rows[-1] = rows[-1][:-5]  # the last value, "10.000", cut to "1": still a whole line of numbers
    with pytest.raises(ImportRejected) as rejected:
        read_ons_projection(_projection(rows), name="cut.csv")
    expected = "cut.csv, line 7, column 2023: persons (1.000) is not males plus females (10.000) for E06000047 age 90"
    assert expected in rejected.value.report()


def test_a_block_missing_ages_is_caught_even_when_every_line_is_whole():
    rows = _ages(ages=range(0, 91)) + _ages(code="E06000001", name="Hartlepool", ages=range(0, 60))
    with pytest.raises(ImportRejected) as rejected:
        read_ons_projection(_projection(rows), name="short.csv")
    assert (
        "E06000001 persons: 31 age(s) missing (60, 61, 62, 63, 64 ...); is the file truncated?"
        in rejected.value.report()
    )


def test_all_ages_must_add_up():
    rows = [*_ages(ages=range(0, 91)), "E06000047,County Durham,Population,persons,All ages,999.000,910.000"]
    with pytest.raises(ImportRejected) as rejected:
        read_ons_projection(_projection(rows), name="sum.csv")
    assert "All ages (999.000) is not the sum of the single years (910.000)" in rejected.value.report()


def test_duplicate_rows_are_caught():
    rows = _ages(ages=range(0, 91))
    rows.append(rows[5])
    with pytest.raises(ImportRejected, match="1 problem") as rejected:
        read_ons_projection(_projection(rows), name="dup.csv")
    assert "age 5 appears twice" in rejected.value.report()


def test_not_text_at_all():
    with pytest.raises(ImportRejected, match="1 problem"):
        read_ons_projection(b"\xff\xfe\x00\x01", name="binary.csv")


def test_persons_are_added_from_the_two_sexes_and_counties_from_districts():
    frame = population_long(
        read_ons_projection(
            _projection(
                _ages(code="E07000008", name="Cambridge", sex="males")
                + _ages(code="E07000008", name="Cambridge", sex="females")
            )
        )
    )
    with_persons = add_persons(frame)
    persons = with_persons.filter(pl.col("sex") == "persons")
    assert persons.filter((pl.col("age") == 89) & (pl.col("year") == 2022))["population_milli"].item() == 20_000
    counties = add_totals(with_persons, {"E10000003": ["E07000008"]}, {"E10000003": "Cambridgeshire"})
    county = counties.filter(pl.col("area_code") == "E10000003")
    assert county["area_name"].unique().to_list() == ["Cambridgeshire"]
    assert county["population_milli"].sum() == with_persons["population_milli"].sum()
    # A parent with a child missing is not summed: a partial total would mislead.
    partial = add_totals(with_persons, {"E10000003": ["E07000008", "E07000009"]}, {"E10000003": "Cambridgeshire"})
    assert "E10000003" not in partial["area_code"].to_list()


def test_merged_districts_are_added_into_their_successor():
    frame = population_long(
        read_ons_projection(
            _projection(_ages(code="E07000026", name="Allerdale") + _ages(code="E07000028", name="Carlisle"))
        )
    )
    merged = rename_areas(frame, {"E07000026": "E06000063", "E07000028": "E06000063"}, {"E06000063": "Cumberland"})
    assert merged["area_code"].unique().to_list() == ["E06000063"]
    assert merged.filter((pl.col("age") == 90) & (pl.col("year") == 2022))["population_milli"].item() == 20_000
