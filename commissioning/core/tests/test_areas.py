"""Areas from the real ONS lookup, and what a bad lookup file does (nothing)."""

from __future__ import annotations

import pytest

from commissioning.core.choices import UPPER_TIER_LEVELS, AreaLevel
from commissioning.core.imports import ImportRejected
from commissioning.core.models import Area
from commissioning.core.services import AREA_LOOKUP, areas_load_lookup

HEADER = "LAD23CD,LAD23NM,UTLA23CD,UTLA23NM,RGN23CD,RGN23NM\n"


@pytest.fixture
def lookup(tmp_path):
    def write(text: str):
        path = tmp_path / "lookup.csv"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_real_lookup_loads_englands_tiers(db):
    result = areas_load_lookup(AREA_LOOKUP)
    assert result.created == Area.objects.count()
    assert Area.objects.filter(level=AreaLevel.COUNTRY).count() == 1
    assert Area.objects.filter(level=AreaLevel.REGION).count() == 9
    # 153 councils had adult social care duties in April 2023.
    assert Area.objects.filter(level__in=UPPER_TIER_LEVELS).count() == 153
    assert Area.objects.filter(level=AreaLevel.DISTRICT).count() == 164
    assert not Area.objects.filter(code__startswith="W").exists()
    trafford = Area.objects.get(code="E08000009")
    assert trafford.level == AreaLevel.METROPOLITAN and trafford.is_upper_tier
    assert trafford.parent.name == "North West" and trafford.region.code == "E12000002"
    cambridge = Area.objects.get(code="E07000008")
    assert cambridge.parent.code == "E10000003" and cambridge.region.name == "East of England"
    assert not cambridge.is_upper_tier


def test_loading_the_same_lookup_again_changes_nothing(db):
    areas_load_lookup(AREA_LOOKUP)
    again = areas_load_lookup(AREA_LOOKUP)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == Area.objects.count()


def test_missing_columns_are_named(db, lookup):
    with pytest.raises(ImportRejected) as rejected:
        areas_load_lookup(lookup("LAD23CD,LAD23NM\nE06000001,Hartlepool\n"))
    assert "line 1" in str(rejected.value.problems[0])
    assert "UTLA23CD" in str(rejected.value.problems[0])
    assert not Area.objects.exists()


def test_every_bad_row_is_reported_and_nothing_is_loaded(db, lookup):
    path = lookup(
        HEADER
        + "E06000001,Hartlepool,E06000001,Hartlepool,E12000001,North East\n"
        + "E0600000X,Broken,E06000002,Broken,E12000001,North East\n"
        + "E06000003,Redcar,E06000003,Redcar,,\n"
        + "E06000004,Stockton\n"
        + "E06000005,,E06000005,,E12000001,North East\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        areas_load_lookup(path)
    report = rejected.value.report()
    assert "lookup.csv, line 3, column LAD23CD: 'E0600000X' is not a GSS code" in report
    assert "line 4, column RGN23CD: an English district has no region" in report
    assert "line 5: 2 values for 6 columns" in report
    assert "line 6, column LAD23NM: name is blank" in report
    assert not Area.objects.exists()


def test_a_file_that_is_not_text_is_rejected(db, tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ImportRejected) as rejected:
        areas_load_lookup(path)
    assert "is not UTF-8 text" in str(rejected.value.problems[0])


def test_command_reports_problems_and_exits_non_zero(db, lookup):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as error:
        call_command("load_areas", str(lookup(HEADER + "E0600000X,Broken,E0600000X,Broken,E12000001,North East\n")))
    assert "nothing was imported" in str(error.value)
    assert "line 2" in str(error.value)


def test_area_pages_and_api(world, client_for):
    client = client_for(world.pam)
    page = client.get("/areas/E08000009/").content.decode()
    assert "Trafford" in page and "North West" in page
    assert client.get("/areas/E99999999/").status_code == 404
    client.force_login(world.pam)
    data = client.get("/api/v1/areas/", {"region": "E12000002", "level": "metropolitan"}).json()
    assert {row["code"] for row in data["results"]} == {"E08000009", "E08000007"}
    assert client.get("/api/v1/areas/E08000009/").json()["region"] == "E12000002"
