"""The needs profile, its downloads, the API and the command line all give the same figures; saved
forecasts reach the team of the cycle they evidence; odd addresses and scenarios too steep to
calculate are messages, not crashes."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import lxml.html
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from commissioning.core.models import Area
from commissioning.cycles.models import EvidenceLink
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet, SavedForecast, Scenario, ScenarioAdjustment
from commissioning.needs.published_rates import ASCOF_ENGLAND, CFAS_II
from commissioning.needs.services import AdjustmentInput, scenario_create

PROFILE = "/needs/areas/E06000047/"
# The profile's reads, whatever the number of cycles and activities a forecast could evidence.
PROFILE_QUERIES = 22


def test_profile_shows_who_will_need_what_with_sources(world, durham_vintage, client_for):
    page = client_for(world.alice).get(PROFILE).content.decode()
    assert "Needs profile" in page and "County Durham" in page
    assert "6,890" in page  # people with dementia, 2022
    assert "5,032 to 9,448" in page  # its 95% confidence interval
    assert 'role="img"' in page and "People with dementia in County Durham, 2022 to 2047" in page
    assert "Permanent admissions to care homes" in page  # demand for services
    assert CFAS_II in page and "Cambridgeshire, Newcastle and Nottingham" in page


def test_profile_is_readable_by_anyone_signed_in_but_only_staff_attach(world, durham_vintage, client_for):
    page = client_for(world.pam).get(PROFILE)
    assert page.status_code == 200 and "Attach this forecast" not in page.content.decode()
    assert client_for(world.pam).post(reverse("needs:area-profile-attach", args=["E06000047"])).status_code == 403
    assert client_for(None).get(PROFILE).status_code == 302


def test_areas_without_projections_are_not_found(world, durham_vintage, client_for):
    client = client_for(world.alice)
    assert client.get("/needs/areas/E08000009/").status_code == 404
    assert client.get("/needs/areas/E99999999/").status_code == 404
    assert client.get(PROFILE + "?vintage=abc&scenario=zz&rates=x").status_code == 200


def test_csv_download_has_exact_figures(world, durham_vintage, client_for):
    response = client_for(world.alice).get(reverse("needs:area-profile-download", args=["E06000047", "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="needs-E06000047-2022.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    dementia_2022 = next(row for row in rows if row["rate_set"] == CFAS_II and row["year"] == "2022")
    assert dementia_2022["people"] == "6890.047"
    assert dementia_2022["lower_95"] == "5031.827"
    detail = client_for(world.alice).get(
        reverse("needs:area-profile-download", args=["E06000047", "csv"]) + "?detail=1"
    )
    detail_rows = list(csv.DictReader(io.StringIO(detail.content.decode())))
    bands = [row for row in detail_rows if row["rate_set"] == CFAS_II and row["year"] == "2022"]
    assert len(bands) == 12
    assert sum(Decimal(row["people"]) for row in bands) == Decimal("6890.047")


def test_excel_download_carries_sources_and_method(world, durham_vintage, client_for):
    response = client_for(world.alice).get(reverse("needs:area-profile-download", args=["E06000047", "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Forecast", "By age and sex", "Sources and method"]
    summary = list(book["Forecast"].iter_rows(values_only=True))
    dementia = next(row for row in summary if row and row[0] == CFAS_II)
    assert round(dementia[2], 3) == 6890.047
    method = [row[0] for row in book["Sources and method"].iter_rows(values_only=True) if row and row[0]]
    assert any("multiplied by the rate" in text for text in method)


def test_printable_summary(world, durham_vintage, client_for):
    page = client_for(world.alice).get(reverse("needs:area-profile-print", args=["E06000047"])).content.decode()
    assert "Population needs summary" in page and "6,890" in page and "Method" in page


def test_a_scenario_is_shown_against_the_baseline(world, durham_vintage, client_for):
    cfas = RateSet.objects.get(name=CFAS_II)
    scenario = scenario_create(
        by=world.alice,
        name="Prevention from 2030",
        adjustments=[AdjustmentInput("effect", Decimal("20"), 2030, cfas)],
    )
    page = client_for(world.alice).get(PROFILE, {"scenario": scenario.pk}).content.decode()
    assert "Baseline, without the scenario" in page
    assert "Prevention from 2030" in page
    # another organisation's scenario cannot be used
    assert client_for(world.steve).get(PROFILE, {"scenario": scenario.pk}).status_code == 200
    assert (
        "Prevention from 2030" not in client_for(world.steve).get(PROFILE, {"scenario": scenario.pk}).content.decode()
    )


def test_api_and_command_line_give_the_same_figures(world, durham_vintage, capsys):
    client = APIClient()
    client.force_authenticate(world.pam)
    cfas = RateSet.objects.get(name=CFAS_II)
    payload = client.get("/api/v1/forecasts/", {"area": "E06000047", "rates": str(cfas.pk)}).json()
    totals = {row["year"]: row for row in payload["needs"][0]["totals"]}
    assert Decimal(totals[2022]["people"]) == Decimal("6890.047")
    call_command("forecast", "--area", "E06000047", "--rates", CFAS_II)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {int(row["year"]): Decimal(row["people"]) for row in rows} == {
        year: Decimal(row["people"]) for year, row in totals.items()
    }
    assert client.get("/api/v1/forecasts/", {"area": "E06000047", "rates": "abc"}).status_code == 400
    assert client.get("/api/v1/forecasts/").status_code == 400
    assert client.get("/api/v1/forecasts/", {"area": "E08000009"}).status_code == 404


def test_forecast_attached_as_evidence_to_a_cycle(world, durham_vintage, client_for):
    cycle = CycleFactory(
        by=world.alice, title="Durham older people", areas=[world.areas["trafford"], _area("E06000047")]
    )
    needs = cycle.activities.get(checklist_key="needs", level="strategic")
    client = client_for(world.alice)
    page = client.get(PROFILE).content.decode()
    assert "Durham older people: Assess population need, now and in future" in page
    response = client.post(reverse("needs:area-profile-attach", args=["E06000047"]), {"activity": needs.pk})
    saved = SavedForecast.objects.get()
    assert response.url == saved.get_absolute_url()
    link = EvidenceLink.objects.get(activity=needs)
    assert link.url == saved.get_absolute_url() and link.added_by == world.alice
    shown = client.get(saved.get_absolute_url()).content.decode()
    assert "6,890" in shown and "kept exactly as they were" in shown
    assert client_for(world.pam).get(saved.get_absolute_url()).status_code == 404


def test_command_line_forecast_writes_a_file_and_explains_bad_input(world, durham_vintage, tmp_path):
    import pytest
    from django.core.management import CommandError

    output = tmp_path / "forecast.csv"
    call_command("forecast", "--area", "E06000047", "--detail", "--output", str(output))
    rows = list(csv.DictReader(output.open()))
    assert {row["rate_set"] for row in rows} >= {CFAS_II, ASCOF_ENGLAND}
    with pytest.raises(CommandError, match="No area"):
        call_command("forecast", "--area", "E99999999")
    with pytest.raises(CommandError, match="No rate set"):
        call_command("forecast", "--area", "E06000047", "--rates", "Nonsense")


def _area(code: str):
    from commissioning.core.models import Area

    return Area.objects.get(code=code)


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


def test_absurd_ids_in_the_profile_address_fall_back_to_the_defaults(world, durham_vintage, client_for):
    client = client_for(world.alice)
    for query in ({"rates": "99999999999999999999999"}, {"vintage": "99999999999999999999999"}, {"scenario": "²"}):
        assert client.get(PROFILE, query).status_code == 200
        assert client.get(reverse("needs:area-profile-download", args=["E06000047", "csv"]), query).status_code == 200


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


def _html(response: Any) -> Any:
    return lxml.html.fromstring(response.content.decode())


def test_the_contents_list_links_to_every_need_and_section_on_the_profile(world, durham_vintage, client_for):
    page = _html(client_for(world.alice).get(PROFILE))
    contents = page.xpath('//nav[@aria-labelledby="contents-heading"]')[0]
    targets = [link.get("href") for link in contents.iter("a")]
    # Each link lands somewhere: an element with that id on the page.
    assert all(target.startswith("#") and page.xpath(f'//*[@id="{target[1:]}"]') for target in targets), targets
    forecast = area_forecast(
        area=Area.objects.get(code="E06000047"), vintage=durham_vintage, rate_sets=list(RateSet.objects.all())
    )
    expected = [f"#need-{item.rate_set.pk}" for item in forecast.needs]
    expected += [f"#demand-{item.rate_set.pk}" for item in forecast.demand]
    assert expected and set(expected) <= set(targets)
    dementia = contents.xpath(f'.//a[@href="#need-{RateSet.objects.get(name=CFAS_II).pk}"]')[0]
    assert dementia.text_content() == CFAS_II
    # Each need's section leads back to the contents, and on to its comparison further down.
    assert len(page.xpath('//a[@href="#contents"]')) == len(expected)
    assert page.xpath(f'//a[@href="#comparison-{RateSet.objects.get(name=CFAS_II).pk}"]')
    jumps = {link.get("href")[1:] for link in page.xpath('//a[starts-with(@href, "#")]')}
    assert not [target for target in jumps if not page.xpath(f'//*[@id="{target}"]')]


def test_every_projection_is_offered_by_its_full_name_not_cut_off_in_a_drop_down(world, durham_vintage, client_for):
    page = _html(client_for(world.alice).get(PROFILE))
    offered = [label.text_content().strip() for label in page.xpath('//input[@name="vintage"]/../label')]
    assert offered == ["ONS 2022-based subnational population projections (Migration category variant)"]
    assert page.xpath('//input[@name="vintage"][@checked]')  # the newest, shown when none is chosen
    assert not page.xpath('//select[@name="vintage"]')


def test_profile_queries_do_not_grow_with_the_cycles_it_could_evidence(
    world, durham_vintage, client_for, django_assert_max_num_queries
):
    durham = Area.objects.get(code="E06000047")
    for number in range(4):
        CycleFactory(by=world.alice, title=f"Durham cycle {number}", areas=[durham])
    client = client_for(world.alice)
    with django_assert_max_num_queries(PROFILE_QUERIES):
        page = client.get(PROFILE)
    assert page.content.decode().count("Durham cycle 3: ") >= 1  # its activities are offered to attach to
