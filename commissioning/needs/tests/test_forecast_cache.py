"""Forecasts are computed once and kept: a second look at a profile computes nothing, importing a
vintage computes its region and England comparisons, and a changed rate set, scenario or vintage
changes the figures shown at once, whichever way it was changed."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.models import Area
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.needs import analysis
from commissioning.needs.models import CachedForecast, PopulationVintage, Rate, RateSet
from commissioning.needs.published_rates import CFAS_II, load_published_rates
from commissioning.needs.services import (
    AdjustmentInput,
    parse_rate_rows,
    population_import,
    rate_set_create,
    rate_set_update,
    scenario_create,
    scenario_update,
)
from commissioning.needs.tests.conftest import DURHAM

PROFILE = "/needs/areas/E06000047/"
DOWNLOAD = reverse("needs:area-profile-download", args=["E06000047", "csv"])
SNPP = "ONS 2022-based subnational population projections"


@pytest.fixture
def computed(monkeypatch) -> list[tuple[str, ...]]:
    """What is really computed rather than read from the kept figures: the areas of each forecast
    computed, and ("residents", areas) for each count of residents."""
    calls: list[tuple[str, ...]] = []
    compute, residents = analysis.compute, analysis._residents

    def compute_spy(**kwargs):
        calls.append(tuple(kwargs["area_codes"]))
        return compute(**kwargs)

    def residents_spy(vintage, codes, min_age=0):
        calls.append(("residents", *codes))
        return residents(vintage, codes, min_age)

    monkeypatch.setattr(analysis, "compute", compute_spy)
    monkeypatch.setattr(analysis, "_residents", residents_spy)
    return calls


def _totals(client, **query) -> dict[tuple[str, int], Decimal]:
    """The profile's exact totals (its CSV download): {(rate set, year): people}."""
    rows = csv.DictReader(io.StringIO(client.get(DOWNLOAD, query).content.decode()))
    return {(row["rate_set"], int(row["year"])): Decimal(row["people"]) for row in rows}


def _durham_like(path: Path, places: list[tuple[str, str]], times: int = 1) -> PopulationFile:
    """County Durham's 65+ projection under other area codes (and multiplied), as ONS lays it out."""
    lines = DURHAM.read_text().splitlines()
    out = [lines[0]]
    for code, name in places:
        for line in lines[1:]:
            cells = line.split(",")
            figures = [f"{Decimal(cell) * times:.3f}" for cell in cells[5:]]
            out.append(",".join([code, name, *cells[2:5], *figures]))
    path.write_text("\n".join(out) + "\n")
    return PopulationFile.from_path(path)


def test_a_second_look_at_a_profile_computes_nothing_and_shows_the_same_figures(
    world, durham_vintage, client_for, computed
):
    client = client_for(world.alice)
    first = client.get(PROFILE).content.decode()
    first_detail = client.get(DOWNLOAD, {"detail": "1"}).content
    assert computed  # Durham itself was computed on first view (the import computes regions only)
    computed.clear()
    second = client.get(PROFILE).content.decode()
    assert computed == []
    assert "6,890" in first and "6,890" in second
    # Kept exactly: every band and year of the download is the same, to the thousandth of a person.
    assert client.get(DOWNLOAD, {"detail": "1"}).content == first_detail
    assert computed == []


def _without_tokens(page: str) -> str:
    """A page without its per-request form tokens."""
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]*"', "", page)


def test_a_second_look_at_a_profile_renders_its_tables_from_the_kept_sections(
    world, durham_vintage, client_for, monkeypatch
):
    """Each need's section (chart and band tables) is rendered once for its figures: a second look
    reads no band rows and renders no section, yet shows the same page."""
    client = client_for(world.alice)
    first = client.get(PROFILE).content.decode()
    rendered: list[int] = []
    read = analysis.band_rows_read
    monkeypatch.setattr(analysis, "band_rows_read", lambda forecasts: rendered.extend(forecasts) or read(forecasts))
    monkeypatch.setattr("commissioning.needs.views.profiles.band_rows_read", analysis.band_rows_read)
    second = client.get(PROFILE).content.decode()
    assert rendered == []
    assert _without_tokens(second) == _without_tokens(first)
    assert "Female 90+" in second  # a band row, from the kept section


def test_a_renamed_rate_set_is_shown_by_its_new_name_in_its_kept_section(world, durham_vintage, client_for):
    cfas = RateSet.objects.get(name=CFAS_II)
    client = client_for(world.alice)
    assert CFAS_II in client.get(PROFILE).content.decode()
    RateSet.objects.filter(pk=cfas.pk).update(name="Dementia (renamed)")  # even past the services
    page = client.get(PROFILE).content.decode()
    assert f'<span class="govuk-caption-m">{cfas.measure}</span>Dementia (renamed)</h3>' in page
    assert CFAS_II not in page


def test_the_kept_options_form_shows_each_visitors_own_choices(world, durham_vintage, client_for):
    cfas = RateSet.objects.get(name=CFAS_II)
    client = client_for(world.alice)
    checked = f'value="{cfas.pk}" checked'
    assert checked in client.get(PROFILE).content.decode()  # every need, by default
    others = [pk for pk in RateSet.objects.exclude(pk=cfas.pk).values_list("pk", flat=True)]
    assert checked not in client.get(PROFILE, {"rates": others}).content.decode()
    assert checked in client.get(PROFILE, {"rates": [cfas.pk]}).content.decode()


def test_a_scenario_computes_only_the_needs_it_changes(world, durham_vintage, client_for, computed):
    client = client_for(world.alice)
    client.get(PROFILE)
    cfas = RateSet.objects.get(name=CFAS_II)
    scenario = scenario_create(
        by=world.alice, name="Prevention", adjustments=[AdjustmentInput("effect", Decimal("20"), 2030, cfas)]
    )
    computed.clear()
    page = client.get(PROFILE, {"scenario": scenario.pk}).content.decode()
    assert "Baseline, without the scenario" in page
    # Only dementia (the need the scenario changes) is computed again; the rest are the baseline's.
    rows = CachedForecast.objects.filter(scenario=scenario)
    assert computed and set(rows.values_list("rate_set", flat=True)) == {cfas.pk}
    computed.clear()
    client.get(PROFILE, {"scenario": scenario.pk})
    assert computed == []


def test_a_changed_rate_set_changes_the_figures_shown(world, durham_vintage, client_for):
    local = rate_set_create(
        by=world.alice, organisation=world.alice.organisation, is_local=True, name="Local dementia",
        kind="need", measure="People with dementia", publication_year=2025, source="Our records",
        measured_in="Clients", rows=parse_rate_rows("persons, 65, , 0.1"),
    )  # fmt: skip
    client = client_for(world.alice)
    before = _totals(client, rates=local.pk)[("Local dementia", 2022)]
    rate_set_update(rate_set=local, by=world.alice, rows=parse_rate_rows("persons, 65, , 0.2"))
    assert _totals(client, rates=local.pk)[("Local dementia", 2022)] == before * 2
    # Changed some other way than the service (the admin, a data fix): still never the old figure.
    Rate.objects.filter(rate_set=local).update(value=Decimal("0.3"))
    assert _totals(client, rates=local.pk)[("Local dementia", 2022)] == before * 3
    # A need's rates given by sex instead: the same people count, worked out again.
    rate_set_update(rate_set=local, by=world.alice, rows=parse_rate_rows("male, 65, , 0.1\nfemale, 65, , 0.1"))
    assert _totals(client, rates=local.pk)[("Local dementia", 2022)] == before


def test_a_changed_scenario_changes_the_figures_shown(world, durham_vintage, client_for):
    cfas = RateSet.objects.get(name=CFAS_II)
    scenario = scenario_create(
        by=world.alice, name="Prevention", adjustments=[AdjustmentInput("effect", Decimal("20"), 2030, cfas)]
    )
    client = client_for(world.alice)
    baseline = _totals(client, rates=cfas.pk)[(CFAS_II, 2040)]
    twenty = _totals(client, rates=cfas.pk, scenario=scenario.pk)[(CFAS_II, 2040)]
    assert twenty == pytest.approx(baseline * Decimal("0.8"), abs=Decimal("0.001"))
    scenario_update(
        scenario=scenario, by=world.alice, name="Prevention",
        adjustments=[AdjustmentInput("effect", Decimal("50"), 2030, cfas)],
    )  # fmt: skip
    fifty = _totals(client, rates=cfas.pk, scenario=scenario.pk)[(CFAS_II, 2040)]
    assert fifty == pytest.approx(baseline * Decimal("0.5"), abs=Decimal("0.001"))
    assert not CachedForecast.objects.filter(scenario=scenario, created_at__lt=scenario.updated_at).exists()


def test_a_replaced_vintage_shows_its_new_figures(world, durham_vintage, client_for, tmp_path):
    client = client_for(world.alice)
    assert _totals(client)[(CFAS_II, 2022)] == Decimal("6890.047")
    doubled = _durham_like(tmp_path / "durham-doubled.csv", [("E06000047", "County Durham")], times=2)
    vintage, changed = population_import(files=[doubled], name=SNPP, variant="Migration category variant", replace=True)
    assert changed and vintage.pk == durham_vintage.pk
    assert _totals(client)[(CFAS_II, 2022)] == Decimal("13780.094")


def test_importing_a_vintage_computes_its_region_and_england_comparisons(durham, world, client_for, tmp_path, computed):
    load_published_rates()
    places = [("E06000047", "County Durham"), ("E12000001", "North East"), ("E92000001", "England")]
    vintage, _ = population_import(
        files=[_durham_like(tmp_path / "north-east.csv", places)], name=SNPP, variant="With the region"
    )
    published = RateSet.objects.filter(is_local=False, per_need=None)
    kept = CachedForecast.objects.filter(vintage=vintage, rate_set__isnull=False)
    assert set(kept.values_list("area_code", flat=True)) == {"E12000001", "E92000001"}
    assert kept.count() == 2 * published.count()
    computed.clear()
    page = client_for(world.alice).get(PROFILE, {"vintage": vintage.pk}).content.decode()
    assert "Compared with the region and England" in page and "North East" in page
    # Only County Durham's own figures were computed for the page: its comparisons were looked up.
    assert computed and all(set(call) - {"residents"} == {"E06000047"} for call in computed)


def _queries(client, **query) -> int:
    client.get(PROFILE, query)  # computes and keeps anything new
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE, query).status_code == 200
    return len(queries)


def test_profile_queries_do_not_grow_with_rate_sets_scenarios_projections_or_cycles(
    world, durham_vintage, client_for, tmp_path
):
    durham = Area.objects.get(code="E06000047")
    client = client_for(world.alice)
    cfas = RateSet.objects.get(name=CFAS_II)

    def local_need(number: int) -> RateSet:
        return rate_set_create(
            by=world.alice, organisation=world.alice.organisation, is_local=True, name=f"Local need {number}",
            kind="need", measure=f"Need {number}", publication_year=2025, source="Ours", measured_in="Clients",
            rows=parse_rate_rows(f"male, 65, , 0.0{number + 1}\nfemale, 65, , 0.0{number + 2}"),
        )  # fmt: skip

    def scenario(number: int):
        changes = [AdjustmentInput("trend", Decimal("-1"), 2026, cfas), AdjustmentInput("effect", Decimal(5), 2030)]
        return scenario_create(by=world.alice, name=f"Scenario {number}", adjustments=changes)

    first = scenario(0)
    two = [local_need(0).pk, cfas.pk]
    CycleFactory(by=world.alice, title="Durham cycle 0", areas=[durham])
    few = (_queries(client), _queries(client, rates=two), _queries(client, scenario=first.pk))
    ten = [*two, *(local_need(number).pk for number in range(1, 9))]
    for number in range(1, 4):
        scenario(number)
        CycleFactory(by=world.alice, title=f"Durham cycle {number}", areas=[durham])
    population_import(
        files=[_durham_like(tmp_path / "another.csv", [("E06000047", "County Durham")], times=3)],
        name=SNPP, variant="High international migration variant",
    )  # fmt: skip
    assert PopulationVintage.objects.filter(areas=durham).count() == 2
    many = (_queries(client), _queries(client, rates=ten), _queries(client, scenario=first.pk))
    assert many == few


def test_figures_an_earlier_release_computed_are_not_kept_once_this_one_computes(world, durham_vintage, client_for):
    earlier = CachedForecast.objects.create(
        key="from an earlier release", vintage=durham_vintage, area_code="E06000047", totals={}, computed_by="earlier"
    )
    client_for(world.alice).get(PROFILE)  # computes County Durham's figures, and keeps them
    assert CachedForecast.objects.filter(area_code="E06000047").exists()
    assert not CachedForecast.objects.filter(pk=earlier.pk).exists()
