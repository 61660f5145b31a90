"""Population imports: real files in, bad files refused whole, the same file twice changes nothing."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commissioning.analytics.population import population_long
from commissioning.analytics.population_checks import TOTALS, UPPER_TIER, PopulationFile
from commissioning.analytics.problems import ImportRejected
from commissioning.core.choices import UPPER_TIER_LEVELS, AreaLevel
from commissioning.needs.models import PopulationVintage
from commissioning.needs.services import population_import
from commissioning.needs.tests.conftest import DATA, DURHAM

HEADER = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2030"\n'


def _rows(code: str, name: str, sex: str = "persons", value: str = "1.5", ages=range(91)) -> list[str]:
    return [f"{code},{name},Population,{sex},{'90 and over' if age == 90 else age},{value}" for age in ages]


def _file(name: str, rows: list[str]) -> PopulationFile:
    return PopulationFile(name, (HEADER + "\n".join(rows) + "\n").encode())


def test_import_keeps_the_figures_exactly_and_records_the_vintage(durham_vintage, settings):
    vintage = durham_vintage
    assert (vintage.kind, vintage.base_year, vintage.first_year, vintage.last_year) == ("projection", 2022, 2022, 2047)
    assert vintage.ages_from == 65
    assert list(vintage.areas.values_list("code", flat=True)) == ["E06000047"]
    stored = population_long(pl.read_parquet(vintage.path))
    assert stored.height == vintage.cells == 26 * 3 * 26
    assert (
        stored.filter((pl.col("sex") == "male") & (pl.col("age") == 65) & (pl.col("year") == 2022))[
            "population_milli"
        ].item()
        == 3_316_000
    )


def test_the_same_file_again_changes_nothing(durham_vintage, settings):
    again, changed = population_import(files=[PopulationFile.from_path(DURHAM)], name="Anything", variant="")
    assert not changed and again == durham_vintage
    assert PopulationVintage.objects.count() == 1
    assert len(list(settings.POPULATION_DIR.iterdir())) == 1


def test_a_duplicate_vintage_name_with_other_figures_is_refused(durham_vintage, settings):
    # A different edition: here, a different "All ages" figure (not checked in a 65+ extract).
    changed = DURHAM.read_bytes().replace(b",males,All ages,", b",males,All ages,1", 1)
    with pytest.raises(ImportRejected) as rejected:
        population_import(
            files=[PopulationFile("durham-revised.csv", changed)],
            name="ONS 2022-based subnational population projections",
            variant="Migration category variant",
        )
    report = rejected.value.report()
    assert "durham-revised.csv: a vintage called 'ONS 2022-based subnational population projections" in report
    assert "(Migration category variant)' was imported" in report
    assert PopulationVintage.objects.count() == 1
    replaced, did = population_import(
        files=[PopulationFile("durham-revised.csv", changed)],
        name="ONS 2022-based subnational population projections",
        variant="Migration category variant",
        replace=True,
    )
    assert did and replaced.pk == durham_vintage.pk and replaced.history.count() == 2


def test_an_unknown_area_code_names_file_and_line(durham, settings):
    mye = (DATA / "mye_mid2024_syoa_by_sex_trafford.csv").read_bytes()
    with pytest.raises(ImportRejected) as rejected:
        population_import(files=[PopulationFile("trafford.csv", mye)], name="Mid-2024 estimates")
    assert str(rejected.value.problems[0]) == (
        "trafford.csv, line 2, column area code: E08000009 (Trafford) is not a known area: "
        "load the areas, or check the code"
    )
    assert not PopulationVintage.objects.exists()
    assert not settings.POPULATION_DIR.exists() or not list(settings.POPULATION_DIR.iterdir())


def test_one_bad_file_rejects_the_whole_set(durham, settings):
    bad = DURHAM.read_bytes().replace(b",males,", b",chaps,", 1)
    with pytest.raises(ImportRejected) as rejected:
        population_import(
            files=[PopulationFile("good.csv", DURHAM.read_bytes()), PopulationFile("bad.csv", bad)], name="Two files"
        )
    assert "bad.csv, line 2, column SEX: 'chaps' is not males, females or persons" in rejected.value.report()
    assert not PopulationVintage.objects.exists()


def test_the_same_area_in_two_files_is_refused(durham, settings):
    with pytest.raises(ImportRejected) as rejected:
        population_import(
            files=[PopulationFile("a.csv", DURHAM.read_bytes()), PopulationFile("b.csv", DURHAM.read_bytes() + b"\n")],
            name="Twice",
        )
    assert "a.csv, line 29: E06000047 females are also in b.csv, line 29" in rejected.value.report()


def test_districts_are_added_up_to_their_county(db, settings):
    from commissioning.core.services import areas_load_lookup

    areas_load_lookup()
    header = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2030"\n'
    rows = []
    districts = {
        "E07000008": "Cambridge",
        "E07000009": "East Cambridgeshire",
        "E07000010": "Fenland",
        "E07000011": "Huntingdonshire",
        "E07000012": "South Cambridgeshire",
    }
    for code, name in districts.items():
        rows += [f"{code},{name},Population,persons,{'90 and over' if age == 90 else age},1.5" for age in range(91)]
    vintage, _ = population_import(
        files=[PopulationFile("districts.csv", (header + "\n".join(rows)).encode())], name="D"
    )
    stored = population_long(pl.read_parquet(vintage.path))
    county = stored.filter(pl.col("area_code") == "E10000003")
    assert county["population_milli"].sum() == 5 * 91 * 1500
    assert "E10000003" in set(vintage.areas.values_list("code", flat=True))
    # East of England is not complete from Cambridgeshire alone, so it is not summed.
    assert "E12000006" not in set(vintage.areas.values_list("code", flat=True))


def test_command_line_import_with_progress_and_errors(durham, settings, capsys):
    call_command("import-population", str(DURHAM), "--name", "SNPP 2022", "--variant", "migcat", verbosity=1)
    out = capsys.readouterr()
    assert "Imported SNPP 2022 (migcat): 2,028 figures, 1 areas, 2022 to 2047" in out.out
    assert "Importing" in out.err  # the progress bar
    call_command("import-population", str(DURHAM), "--name", "SNPP 2022", "--variant", "migcat")
    assert "nothing changed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="line 2"):
        call_command("import-population", str(DATA / "mye_mid2024_syoa_by_sex_trafford.csv"), "--name", "MYE")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import-population", "/nonexistent.csv", "--name", "X")


def test_estimates_on_older_boundaries_are_brought_up_to_date_and_summed_to_england(db, settings):
    from commissioning.core.services import areas_load_lookup

    areas_load_lookup()
    vintage, _ = population_import(
        files=[PopulationFile.from_path(DATA / "mye_mid2020_persons_syoa_lad21_ew.csv")],
        name="ONS mid-2020 estimates",
        estimate_year=2020,
        ignore_unknown_areas=True,
    )
    stored = population_long(pl.read_parquet(vintage.path))
    total = stored.group_by("area_code").agg(pl.col("population_milli").sum())
    people = dict(total.iter_rows())
    assert people["E92000001"] == 56_550_138_000  # England, as ONS published
    assert people["E06000063"] > 0  # Cumberland, from Allerdale, Carlisle and Copeland
    assert people["E12000002"] == sum(
        people[code]
        for code in vintage.areas.filter(
            region__code="E12000002", level__in=["metropolitan", "unitary", "county"]
        ).values_list("code", flat=True)
    )
    assert "Wales" not in vintage.notes and "W06000001" in vintage.notes  # Welsh areas left out, and said so


def test_the_area_levels_summed_are_the_ones_core_stores():
    assert tuple(UPPER_TIER_LEVELS) == UPPER_TIER
    assert {level for wholes, parts in TOTALS for level in (*wholes, *parts)} <= set(AreaLevel.values)


@pytest.mark.parametrize("value", ["99999999999999999999999", "٣٣١٦", "-1", "1e5", "NaN"])
def test_odd_numbers_in_a_population_file_are_reported_not_a_crash(durham, value):
    with pytest.raises(ImportRejected) as rejected:
        population_import(files=[_file("odd.csv", _rows("E06000047", "County Durham", value=value))], name="Odd")
    assert "odd.csv, line 2, column 2030" in rejected.value.report()


def test_a_projection_for_one_sex_only_is_refused(durham):
    with pytest.raises(ImportRejected, match="1 problem") as rejected:
        population_import(files=[_file("males.csv", _rows("E06000047", "County Durham", sex="males"))], name="Males")
    assert "E06000047 has male but no females or persons" in rejected.value.report()


def test_old_districts_cannot_be_mixed_with_or_stand_in_for_their_successor(db):
    from commissioning.core.services import areas_load_lookup

    areas_load_lookup()
    with pytest.raises(ImportRejected) as both:
        population_import(
            files=[_file("both.csv", _rows("E07000026", "Allerdale") + _rows("E06000063", "Cumberland"))], name="Both"
        )
    assert "E06000063 is given both as itself and as its old parts" in both.value.report()
    with pytest.raises(ImportRejected) as partial:
        population_import(files=[_file("part.csv", _rows("E07000026", "Allerdale"))], name="Part")
    assert "E06000063 replaced E07000026, E07000028, E07000029 in April 2023" in partial.value.report()


def test_files_covering_different_ages_are_refused(durham):
    files = [
        PopulationFile.from_path(DURHAM),
        _file("darlington.csv", _rows("E06000005", "Darlington")),
    ]
    with pytest.raises(ImportRejected) as rejected:
        population_import(files=files, name="Mixed ages")
    assert "all files in a vintage must cover the same ages" in rejected.value.report()


def test_a_file_with_no_known_area_is_refused_clearly(db):
    with pytest.raises(ImportRejected) as rejected:
        population_import(
            files=[_file("wales.csv", _rows("W06000001", "Isle of Anglesey"))], name="W", ignore_unknown_areas=True
        )
    assert "none of the areas in these files is known" in rejected.value.report()


def test_upload_of_a_population_file_with_odd_numbers_is_a_form_error(world, durham, client_for):
    upload = SimpleUploadedFile(
        "odd.csv", (HEADER + "\n".join(_rows("E06000047", "County Durham", value="٣"))).encode()
    )
    response = client_for(world.ada).post(reverse("needs:vintage-import"), {"files": [upload], "name": "Odd"})
    assert response.status_code == 200 and "odd.csv, line 2, column 2030" in response.content.decode()


def test_each_vintages_sexes_are_kept_so_no_request_reads_the_file_for_them(durham_vintage):
    from commissioning.needs.analysis import vintage_sexes

    assert durham_vintage.sexes == ["female", "male", "persons"]
    durham_vintage.path.unlink()
    assert vintage_sexes(durham_vintage) == {"female", "male", "persons"}


def test_a_vintage_stored_a_row_a_cell_by_an_earlier_import_reads_the_same(durham_vintage):
    from polars.testing import assert_frame_equal

    from commissioning.needs import analysis

    wide = analysis.load_population(durham_vintage, ["E06000047"]).sort("sex", "age")
    aged = analysis.people_aged(["E06000047"], year=2030, min_age=85)
    population_long(pl.read_parquet(durham_vintage.path)).write_parquet(durham_vintage.path)
    assert_frame_equal(analysis.load_population(durham_vintage, ["E06000047"]).sort("sex", "age"), wide)
    assert analysis.people_aged(["E06000047"], year=2030, min_age=85) == aged
    assert aged["E06000047"].people > 0
