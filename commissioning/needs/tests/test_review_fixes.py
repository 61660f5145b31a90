"""Regression tests for problems a review found: scope of saved forecasts, odd uploads, scenario
arithmetic and crashes on odd input."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.analytics.forecast import Adjustment, apply_scenario
from commissioning.analytics.population_checks import PopulationFile
from commissioning.analytics.problems import ImportRejected
from commissioning.core.models import Area
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet, Scenario, ScenarioAdjustment
from commissioning.needs.published_rates import ASCOF_ENGLAND, CFAS_II
from commissioning.needs.services import (
    AdjustmentInput,
    parse_rate_rows,
    population_import,
    rate_set_create,
    scenario_save,
)
from commissioning.needs.tests.conftest import DURHAM

HEADER = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2030"\n'
PROFILE = "/needs/areas/E06000047/"


def _rows(code: str, name: str, sex: str = "persons", value: str = "1.5", ages=range(91)) -> list[str]:
    return [f"{code},{name},Population,{sex},{'90 and over' if age == 90 else age},{value}" for age in ages]


def _file(name: str, rows: list[str]) -> PopulationFile:
    return PopulationFile(name, (HEADER + "\n".join(rows) + "\n").encode())


def test_saved_forecasts_are_seen_by_the_team_of_the_cycle_they_evidence(world, durham_vintage, client_for):
    from commissioning.needs.services import forecast_attach

    durham = Area.objects.get(code="E06000047")
    rate_sets = list(RateSet.objects.filter(name=CFAS_II))
    vintage = durham_vintage
    trafford_only = CycleFactory(by=world.alice, title="Trafford only", areas=[durham])
    shared = CycleFactory(by=world.alice, title="Shared", areas=[durham], partner_organisations=[world.icb])
    mine = forecast_attach(
        by=world.alice,
        forecast=area_forecast(area=durham, vintage=vintage, rate_sets=rate_sets),
        activity=trafford_only.activities.get(checklist_key="needs", level="strategic"),
    )
    partners = forecast_attach(
        by=world.iris,
        forecast=area_forecast(area=durham, vintage=vintage, rate_sets=rate_sets),
        activity=shared.activities.get(checklist_key="needs", level="strategic"),
    )
    assert client_for(world.iris).get(mine.get_absolute_url()).status_code == 404
    assert client_for(world.alice).get(partners.get_absolute_url()).status_code == 200
    assert client_for(world.steve).get(partners.get_absolute_url()).status_code == 404


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


def test_not_a_number_is_not_a_rate():
    with pytest.raises(ImportRejected, match="1 problem"):
        parse_rate_rows("persons, 65, , nan")
    with pytest.raises(ImportRejected, match="1 problem"):
        parse_rate_rows("persons, 65, , 0.1, sNaN, 0.2")


def test_every_need_adjustments_leave_service_rates_and_other_sets_exact(world, durham_vintage):
    durham = Area.objects.get(code="E06000047")
    rate_sets = list(RateSet.objects.filter(name__in=[CFAS_II, ASCOF_ENGLAND]))
    scenario = scenario_save(
        by=world.alice, name="Every need", adjustments=[AdjustmentInput("effect", Decimal(50), 2030)]
    )
    baseline = area_forecast(area=durham, vintage=durham_vintage, rate_sets=rate_sets)
    adjusted = area_forecast(area=durham, vintage=durham_vintage, rate_sets=rate_sets, scenario=scenario)
    assert adjusted.demand[0].totals[2040].people == baseline.demand[0].totals[2040].people
    assert adjusted.needs[0].totals[2029].people == baseline.needs[0].totals[2029].people
    assert adjusted.needs[0].totals[2040].people == baseline.needs[0].totals[2040].people / 2


def test_untouched_rows_stay_exact_even_when_huge():
    detail = pl.DataFrame(
        {"area_code": ["A", "A"], "rate_set": [1, 2], "year": [2040, 2040], "people_nano": [9123450002737035] * 2,
         "lower_nano": [None, None], "upper_nano": [None, None]},
        schema_overrides={"year": pl.Int16, "lower_nano": pl.Int64, "upper_nano": pl.Int64},
    )  # fmt: skip
    adjusted = apply_scenario(detail, [Adjustment("effect", Decimal(10), 2030, rate_set=1)], needs={1, 2})
    assert adjusted["people_nano"].to_list() == [8211105002463332, 9123450002737035]


def test_a_scenario_too_steep_to_calculate_is_a_message_not_a_crash(world, durham_vintage, client_for):
    cfas = RateSet.objects.get(name=CFAS_II)
    scenario = Scenario.objects.create(name="Steep", organisation=world.trafford)
    # Saved directly: the form and service now refuse trends beyond 20% a year.
    ScenarioAdjustment.objects.create(
        scenario=scenario, kind="trend", rate_set=cfas, percent=Decimal(50), from_year=1990
    )
    response = client_for(world.alice).get(PROFILE, {"scenario": scenario.pk}, follow=True)
    assert response.status_code == 200 and "too large to calculate" in response.content.decode()
    api = APIClient()
    api.force_authenticate(world.alice)
    assert api.get("/api/v1/forecasts/", {"area": "E06000047", "scenario": scenario.pk}).status_code == 400


def test_absurd_ids_in_the_profile_address_fall_back_to_the_defaults(world, durham_vintage, client_for):
    client = client_for(world.alice)
    for query in ({"rates": "99999999999999999999999"}, {"vintage": "99999999999999999999999"}, {"scenario": "²"}):
        assert client.get(PROFILE, query).status_code == 200
        assert client.get(reverse("needs:area-profile-download", args=["E06000047", "csv"]), query).status_code == 200


def test_api_adds_the_need_behind_a_service_rate_per_person_with_it(world, durham_vintage):
    cfas = RateSet.objects.get(name=CFAS_II)
    hours = rate_set_create(
        by=world.alice, rows=parse_rate_rows("persons, 0, , 2.5"), organisation=world.trafford, is_local=True,
        name="Hours", kind="service_use", measure="Homecare hours", period="week", service_type="homecare",
        per_need=cfas, source="x", publication_year=2025, measured_in="x",
    )  # fmt: skip
    api = APIClient()
    api.force_authenticate(world.alice)
    payload = api.get("/api/v1/forecasts/", {"area": "E06000047", "rates": str(hours.pk)}).json()
    names = {item["name"] for item in payload["needs"]}
    assert names == {CFAS_II, "Hours"}
    hours_2022 = next(item for item in payload["needs"] if item["name"] == "Hours")["totals"][0]
    assert Decimal(hours_2022["people"]) == Decimal("6890.047") * Decimal("2.5")


def test_steep_trends_are_refused_by_the_scenario_form(world, client_for):
    response = client_for(world.alice).post(
        reverse("needs:scenario-create"), {"name": "Steep", "kind_1": "trend", "percent_1": "50", "from_year_1": "1990"}
    )
    assert "A trend must be between -20% and 20% a year" in response.content.decode()


def test_upload_of_a_population_file_with_odd_numbers_is_a_form_error(world, durham, client_for):
    upload = SimpleUploadedFile(
        "odd.csv", (HEADER + "\n".join(_rows("E06000047", "County Durham", value="٣"))).encode()
    )
    response = client_for(world.ada).post(reverse("needs:vintage-import"), {"files": [upload], "name": "Odd"})
    assert response.status_code == 200 and "odd.csv, line 2, column 2030" in response.content.decode()
