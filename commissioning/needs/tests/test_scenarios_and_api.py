"""Scenarios through the pages, uploads through the import page, and the rest of the needs API."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.core.models import Area
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import PopulationVintage, RateSet, Scenario
from commissioning.needs.published_rates import ASCOF_ENGLAND, CFAS_II, load_published_rates
from commissioning.needs.services import AdjustmentInput, parse_rate_rows, rate_set_create, scenario_create
from commissioning.needs.tests.conftest import DURHAM


def test_a_scenario_is_saved_changed_and_deleted_with_history(world, client_for):
    load_published_rates()
    cfas = RateSet.objects.get(name=CFAS_II)
    client = client_for(world.alice)
    response = client.post(
        reverse("needs:scenario-create"),
        {"name": "Falling prevalence", "description": "1% a year", "kind_1": "trend", "need_1": cfas.pk,
         "percent_1": "-1", "from_year_1": "2026"},
    )  # fmt: skip
    scenario = Scenario.objects.get(name="Falling prevalence")
    assert response.url == scenario.get_absolute_url()
    assert str(scenario.adjustments.get()) == f"{CFAS_II}: -1.00% a year from 2026"
    client.post(
        reverse("needs:scenario-update", args=[scenario.pk]),
        {"name": "Falling prevalence", "kind_1": "effect", "percent_1": "10", "from_year_1": "2030"},
    )
    assert str(scenario.adjustments.get()) == "every need: 10.00% lower from 2030"
    history = client.get(reverse("needs:scenario-history", args=[scenario.pk])).content.decode()
    assert "Alice" in history and "Deleted" in history
    assert client_for(world.steve).get(scenario.get_absolute_url()).status_code == 404
    client_for(world.alice).post(reverse("needs:scenario-delete", args=[scenario.pk]))
    assert not Scenario.objects.exists()


def test_scenario_form_needs_whole_changes(world, client_for):
    response = client_for(world.alice).post(
        reverse("needs:scenario-create"), {"name": "Half", "kind_1": "effect", "percent_1": "150"}
    )
    page = response.content.decode()
    assert "Enter the year change 1 starts" in page
    response = client_for(world.alice).post(
        reverse("needs:scenario-create"),
        {"name": "Too much", "kind_1": "effect", "percent_1": "150", "from_year_1": "2030"},
    )
    assert "Changes must be between -50% and 100%" in response.content.decode()
    assert (
        "A scenario needs at least one change"
        in client_for(world.alice).post(reverse("needs:scenario-create"), {"name": "Nothing"}).content.decode()
    )
    assert not Scenario.objects.exists()


def test_administrator_uploads_population_files(world, durham, client_for):
    client = client_for(world.ada)
    upload = SimpleUploadedFile("durham.csv", DURHAM.read_bytes(), content_type="text/csv")
    response = client.post(reverse("needs:vintage-import"), {"files": [upload], "name": "SNPP", "variant": "migcat"})
    vintage = PopulationVintage.objects.get()
    assert response.url == vintage.get_absolute_url()
    assert vintage.imported_by == world.ada
    bad = SimpleUploadedFile("bad.csv", DURHAM.read_bytes().replace(b",males,", b",chaps,", 1))
    page = client.post(reverse("needs:vintage-import"), {"files": [bad], "name": "Bad"}).content.decode()
    assert "bad.csv, line 2, column SEX: &#39;chaps&#39; is not males, females or persons" in page
    assert PopulationVintage.objects.count() == 1


def test_rate_sets_and_scenarios_through_the_api(world):
    load_published_rates()
    client = APIClient()
    client.force_authenticate(world.alice)
    names = {row["name"] for row in client.get("/api/v1/rate-sets/").json()["results"]}
    assert CFAS_II in names
    created = client.post(
        "/api/v1/rate-sets/",
        {"name": "Local falls", "kind": "need", "measure": "People who fall", "source": "Client records",
         "publication_year": 2025, "measured_in": "Trafford 65+",
         "rates": [{"sex": "persons", "age_from": 65, "age_to": None, "value": "0.3"}]},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    bad = client.post(
        "/api/v1/rate-sets/",
        {"name": "Bad", "kind": "need", "measure": "X", "source": "x", "publication_year": 2025, "measured_in": "x",
         "rates": [{"sex": "persons", "age_from": 65, "value": "1.5"}]},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400 and "over 100%" in str(bad.json())
    cfas = RateSet.objects.get(name=CFAS_II)
    scenario = client.post(
        "/api/v1/scenarios/",
        {"name": "Trend", "adjustments": [{"kind": "trend", "rate_set": cfas.pk, "percent": "-1", "from_year": 2026}]},
        format="json",
    )
    assert scenario.status_code == 201
    client.force_authenticate(world.pam)
    assert client.post("/api/v1/scenarios/", {"name": "X"}, format="json").status_code == 403
    assert client.get("/api/v1/scenarios/").json()["count"] == 0
    assert "Local falls" not in {row["name"] for row in client.get("/api/v1/rate-sets/").json()["results"]}


def test_every_need_adjustments_leave_service_rates_and_other_sets_exact(world, durham_vintage):
    durham = Area.objects.get(code="E06000047")
    rate_sets = list(RateSet.objects.filter(name__in=[CFAS_II, ASCOF_ENGLAND]))
    scenario = scenario_create(
        by=world.alice, name="Every need", adjustments=[AdjustmentInput("effect", Decimal(50), 2030)]
    )
    baseline = area_forecast(area=durham, vintage=durham_vintage, rate_sets=rate_sets)
    adjusted = area_forecast(area=durham, vintage=durham_vintage, rate_sets=rate_sets, scenario=scenario)
    assert adjusted.demand[0].totals[2040].people == baseline.demand[0].totals[2040].people
    assert adjusted.needs[0].totals[2029].people == baseline.needs[0].totals[2029].people
    assert adjusted.needs[0].totals[2040].people == baseline.needs[0].totals[2040].people / 2


def test_steep_trends_are_refused_by_the_scenario_form(world, client_for):
    response = client_for(world.alice).post(
        reverse("needs:scenario-create"), {"name": "Steep", "kind_1": "trend", "percent_1": "50", "from_year_1": "1990"}
    )
    assert "A trend must be between -20% and 20% a year" in response.content.decode()


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
