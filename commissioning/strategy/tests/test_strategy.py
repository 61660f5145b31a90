"""A cycle's commissioning strategy: its team writes a vision and priorities with SMART targets and
evidence, consults, records the decision that approves it, and publishes it; an approved version
stands as approved (a new draft is made to change it), two versions can be compared, and the
strategy downloads as Word or PDF."""

from __future__ import annotations

import datetime
import html
import io
import subprocess
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from commissioning.finance.tests.factories import option_for
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet, SavedForecast
from commissioning.needs.services import forecast_save
from commissioning.strategy import services
from commissioning.strategy.documents import strategy_file
from commissioning.strategy.models import Priority, PriorityEvidence, StrategyVersion, Target
from commissioning.strategy.tests.factories import approve, strategy_for, target_values
from commissioning.testing import check_page_access, check_queries_do_not_grow, expect

TEAM = {"alice", "carl", "sonia", "colin", "ada", "iris"}
TEAM_WORKERS = {"alice", "carl", "ada", "iris"}


@pytest.fixture
def version(world):
    return strategy_for(world.alice, world.cycle)


def _priority(version: StrategyVersion) -> Priority:
    return version.priorities.get()


def _target(version: StrategyVersion) -> Target:
    return Target.objects.get(priority__version=version)


WORKERS_ONLY = expect(TEAM_WORKERS, forbidden=TEAM)
# The democratic decision is the lead council's to record: not the ICB partner's.
LEAD_WORKERS_ONLY = expect(TEAM_WORKERS - {"iris"}, forbidden=TEAM)
MATRIX = [
    ("cycle's strategy", lambda w, v: reverse("strategy:cycle-strategy", args=[w.cycle.pk]), expect(TEAM)),
    ("version", lambda w, v: v.get_absolute_url(), expect(TEAM)),
    ("priority", lambda w, v: _priority(v).get_absolute_url(), expect(TEAM)),
    ("compare", lambda w, v: reverse("strategy:version-compare", args=[v.pk]), expect(TEAM)),
    ("history", lambda w, v: reverse("strategy:version-history", args=[v.pk]), expect(TEAM)),
    ("edit", lambda w, v: reverse("strategy:version-edit", args=[v.pk]), WORKERS_ONLY),
    ("add priority", lambda w, v: reverse("strategy:priority-create", args=[v.pk]), WORKERS_ONLY),
    ("add target", lambda w, v: reverse("strategy:target-create", args=[_priority(v).pk]), WORKERS_ONLY),
    ("edit target", lambda w, v: reverse("strategy:target-edit", args=[_target(v).pk]), WORKERS_ONLY),
    ("add evidence", lambda w, v: reverse("strategy:evidence-create", args=[_priority(v).pk]), WORKERS_ONLY),
    ("approve", lambda w, v: reverse("strategy:version-approve", args=[v.pk]), LEAD_WORKERS_ONLY),
]  # fmt: skip


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_strategy_page_access(world, version, client_for, page, url_for, expected):
    check_page_access(world, client_for, page, url_for(world, version), expected)


def test_no_strategy_page_runs_more_queries_as_the_strategy_grows(world, version, client_for):
    rounds = count()
    pages = [(page, url_for(world, version), expected) for page, url_for, expected in MATRIX[:4]]

    def grow() -> None:
        priority = services.priority_add(version=version, by=world.alice, title=f"More {next(rounds)}")
        services.target_add(priority=priority, by=world.alice, **target_values(owner=world.carl))
        services.priority_evidence_add(priority=priority, by=world.alice, title="JSNA", url="https://example.org/")

    check_queries_do_not_grow(client_for, pages, grow)


def _target_form(**changes):
    data = {
        "measure": "Delayed discharges", "unit": "people", "baseline": "40", "baseline_on-day": "31",
        "baseline_on-month": "3", "baseline_on-year": "2026", "baseline_source": "NHS England SitRep",
        "target_figure": "25", "target_year": "2028", "trajectory": "2027: 32\n2028: 25", "owner": "",
        "monitoring": "Monthly at the joint board",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_commissioner_writes_a_strategy_from_nothing(world, client_for):
    client = client_for(world.alice)
    started = client.post(
        reverse("strategy:strategy-start", args=[world.cycle.pk]),
        {"title": "Home first", "vision": "People live well at home."},
    )
    version = StrategyVersion.objects.get()
    assert started.url == version.get_absolute_url() and (version.number, version.status) == (1, "draft")
    client.post(reverse("strategy:priority-create", args=[version.pk]), {"title": "Faster discharge"})
    priority = version.priorities.get()
    added = client.post(
        reverse("strategy:target-create", args=[priority.pk]), _target_form(owner=world.iris.pk, **{"baseline": "40.5"})
    )
    assert added.status_code == 302
    target = priority.targets.get()
    assert target.trajectory == {"2027": "32", "2028": "25"} and target.owner == world.iris
    page = html.unescape(client.get(version.get_absolute_url()).content.decode())
    assert "Faster discharge" in page and "40.5 people on 31 March 2026" in page and "2027: 32 people" in page


def test_a_target_without_a_baseline_or_measure_or_with_a_skipped_year_is_refused(world, version, client_for):
    client = client_for(world.alice)
    url = reverse("strategy:target-create", args=[_priority(version).pk])
    page = html.unescape(client.post(url, _target_form(measure="", baseline="", baseline_source="")).content.decode())
    assert page.count("This field is required") >= 1 or "Enter" in page
    skipped = html.unescape(
        client.post(url, _target_form(target_year="2029", trajectory="2027: 32\n2029: 25")).content.decode()
    )
    assert "The trajectory skips 2028: give a figure for every year from 2027 to 2029" in skipped
    missed = html.unescape(client.post(url, _target_form(trajectory="2027: 32\n2028: 30")).content.decode())
    assert "The trajectory should reach the target, 25, in 2028" in missed
    garbled = html.unescape(client.post(url, _target_form(trajectory="next year: lots")).content.decode())
    assert "Line 1 should be a year and a figure, for example 2028: 120" in garbled
    assert _priority(version).targets.count() == 1  # only the factory's


def test_approval_records_the_decision_and_the_version_can_no_longer_change(world, version, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("strategy:version-approve", args=[version.pk]),
        {"decision_maker": "joint_committee", "decided_on-day": "12", "decided_on-month": "11",
         "decided_on-year": "2026", "minute_reference": "JC 7/2026", "decision_url": ""},
    )  # fmt: skip
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.status, version.decision_maker, version.minute_reference) == (
        "approved",
        "joint_committee",
        "JC 7/2026",
    )
    page = html.unescape(client.get(version.get_absolute_url()).content.decode())
    assert "Approved by joint committee with the integrated care board on 12 November 2026 (JC 7/2026)" in page
    assert "Add a priority" not in page
    with pytest.raises(ValidationError, match="cannot be changed: make a new draft"):
        services.priority_add(version=version, by=world.alice, title="Sneaked in")
    refused = client.post(reverse("strategy:priority-create", args=[version.pk]), {"title": "Sneaked in"})
    assert "cannot be changed: make a new draft" in html.unescape(refused.content.decode())
    edit = client.post(_target_edit(version), _target_form())
    assert "cannot be changed" in html.unescape(edit.content.decode())
    assert not Priority.objects.filter(title="Sneaked in").exists()


def _target_edit(version):
    return reverse("strategy:target-edit", args=[_target(version).pk])


def test_a_version_without_targets_cannot_be_put_out_or_approved(world):
    version = services.strategy_start(by=world.alice, cycle=world.cycle, title="Empty", vision="Soon.")
    with pytest.raises(ValidationError, match="Add at least one priority first"):
        approve(version, world.alice)
    services.priority_add(version=version, by=world.alice, title="Bare")
    with pytest.raises(ValidationError, match="Give every priority a target first: Bare has none"):
        services.version_consult(version=version, by=world.alice, closes_on=datetime.date.today())


def test_a_new_draft_carries_everything_and_approving_it_supersedes_the_old(world, version, client_for):
    approve(version, world.alice)
    client = client_for(world.carl)
    made = client.post(reverse("strategy:version-new-draft", args=[version.pk]), {})
    draft = StrategyVersion.objects.get(number=2)
    assert made.url == draft.get_absolute_url() and draft.based_on == version
    assert [p.title for p in draft.priorities.all()] == ["Priority 1"] and _target(draft).target_figure == 84
    again = client.post(reverse("strategy:version-new-draft", args=[version.pk]), {})
    assert "already has a version being worked on" in html.unescape(again.content.decode())
    services.version_update(version=draft, by=world.carl, vision="Older people live at home for longer, and well.")
    services.target_update(
        target=_target(draft),
        by=world.carl,
        **target_values(target_figure=86, trajectory={"2027": "80", "2028": "83", "2029": "86"}),
    )
    services.priority_add(version=draft, by=world.carl, title="Carers get a break")
    compare = html.unescape(client.get(reverse("strategy:version-compare", args=[draft.pk])).content.decode())
    assert "From version 1 to version 2" in compare
    assert "<del>longer.</del> <ins>longer, and well.</ins>" in compare
    assert "Carers get a break" in compare and "Added" in compare
    assert "Target: 84 by 2029 → 86 by 2029" in compare
    services.target_add(priority=draft.priorities.get(title="Carers get a break"), by=world.carl, **target_values())
    approve(draft, world.carl, decided_on=datetime.date(2026, 11, 30))
    version.refresh_from_db()
    assert version.status == "superseded" and StrategyVersion.objects.get(number=2).status == "approved"


def test_evidence_keeps_the_figures_of_the_day_of_approval_and_says_when_the_live_ones_move(
    world, version, durham_vintage, client_for
):
    durham = durham_vintage.areas.get(code="E06000047")
    forecast = forecast_save(
        by=world.alice,
        forecast=area_forecast(
            area=durham,
            vintage=durham_vintage,
            rate_sets=list(RateSet.objects.filter(measure__icontains="dementia")[:1]),
        ),
    )
    priority = _priority(version)
    evidence = services.priority_evidence_add(priority=priority, by=world.alice, record=forecast)
    ((measure, figures),) = evidence.snapshot["needs"].items()
    last_year = max(figures)
    _change_forecast(forecast, last_year, "12345")  # the forecast changes before the decision
    today = datetime.date.today()
    approve(version, world.alice, decided_on=today)
    evidence.refresh_from_db()
    assert evidence.snapshot["needs"][measure][last_year] == "12345" and evidence.figures_on == today
    _change_forecast(forecast, last_year, "23456")  # and again after it
    page = html.unescape(client_for(world.alice).get(priority.get_absolute_url()).content.decode())
    assert f"Figures as they stood on {today.day} {today:%B %Y}, the day of the decision" in page
    assert "12345" in page and "23456" not in page and "Live figures have changed" in page
    assert f'href="{forecast.get_absolute_url()}"' in page


def _change_forecast(forecast: SavedForecast, year: str, people: str) -> None:
    results = forecast.results
    results["needs"][0]["totals"][year]["people"] = people
    SavedForecast.objects.filter(pk=forecast.pk).update(results=results)


def test_word_and_pdf_carry_the_decision_the_targets_and_the_evidence(world, version):
    services.priority_evidence_add(
        priority=_priority(version),
        by=world.alice,
        title="Joint strategic needs assessment",
        url="https://example.org/jsna",
    )
    approve(version, world.alice)
    document = Document(io.BytesIO(strategy_file(version, "docx")))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Approved by cabinet on 12 November 2026 (Minute 42/2026)" in text
    assert (
        "Priority 1: Priority 1" in text
        and "78.5% on 31 March 2026" in text
        and "Joint strategic needs assessment" in text
    )
    pdf = strategy_file(version, "pdf")
    assert pdf.startswith(b"%PDF")
    words = subprocess.run(["/usr/bin/pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Living well in later life" in words and "Approved by cabinet on 12 November 2026" in " ".join(words.split())
    assert "84% by 2029" in " ".join(words.split())


def test_only_an_approved_version_is_published_and_anyone_can_then_read_it(world, version, client):
    with pytest.raises(ValidationError, match="Only an approved strategy can be published"):
        services.version_publish(version=version, by=world.alice, public_summary="Soon")
    assert client.get(reverse("strategy:version-public", args=[version.pk])).status_code == 404
    approve(version, world.alice)
    services.version_publish(version=version, by=world.alice, public_summary="We will help you stay at home.")
    page = html.unescape(client.get(version.get_public_url()).content.decode())
    assert "We will help you stay at home." in page and "Approved by cabinet" in page
    assert "Living well in later life" in html.unescape(client.get(reverse("site:public")).content.decode())
    download = client.get(reverse("strategy:version-public-download", args=[version.pk, "docx"]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_a_provider_or_another_council_sees_no_strategy(world, version, client_for):
    for person in (world.steve, world.pam):
        assert client_for(person).get(version.get_absolute_url()).status_code in (403, 404)
    assert PriorityEvidence.objects.count() == 0


def test_the_api_writes_a_strategy_and_refuses_what_a_council_would_not_accept(world):
    alice, steve = APIClient(), APIClient()
    alice.force_authenticate(world.alice)
    steve.force_authenticate(world.steve)
    started = alice.post(
        "/api/v1/strategy-versions/", {"cycle": world.cycle.pk, "title": "Home first", "vision": "At home."}
    )
    assert started.status_code == 201 and started.json()["status"] == "draft"
    version = started.json()["id"]
    priority = alice.post("/api/v1/priorities/", {"version": version, "title": "Faster discharge"}).json()["id"]
    target = {
        "priority": priority, "measure": "Delayed discharges", "baseline": "40", "baseline_on": "2026-03-31",
        "baseline_source": "SitRep", "target_figure": "25", "target_year": 2028,
        "trajectory": {"2027": "32"}, "monitoring": "Monthly",
    }  # fmt: skip
    skipped = alice.post("/api/v1/targets/", target, format="json")
    assert skipped.status_code == 400
    assert "The trajectory skips 2028" in str(skipped.json()["trajectory"])
    no_baseline = alice.post("/api/v1/targets/", {**target, "baseline": None}, format="json")
    assert no_baseline.status_code == 400 and "baseline" in no_baseline.json()
    made = alice.post("/api/v1/targets/", {**target, "trajectory": {"2027": "32", "2028": "25"}}, format="json")
    assert made.status_code == 201
    bad_decision = alice.post(f"/api/v1/strategy-versions/{version}/approve/", {"decision_maker": "mayor"})
    assert bad_decision.status_code == 400 and "decision_maker" in bad_decision.json()
    approved = alice.post(
        f"/api/v1/strategy-versions/{version}/approve/",
        {"decision_maker": "cabinet", "decided_on": "2026-11-12", "minute_reference": "Minute 42/2026"},
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["priorities"][0]["targets"][0]["trajectory"] == {"2027": "32", "2028": "25"}
    frozen = alice.patch(f"/api/v1/strategy-versions/{version}/", {"vision": "Changed after the vote"})
    assert frozen.status_code == 400 and "make a new draft" in str(frozen.json())
    assert alice.delete(f"/api/v1/priorities/{priority}/").status_code == 400
    assert steve.get(f"/api/v1/strategy-versions/{version}/").status_code == 404
    assert steve.get("/api/v1/strategy-versions/").json()["results"] == []
    draft = alice.post(f"/api/v1/strategy-versions/{version}/new-draft/")
    assert draft.status_code == 201 and draft.json()["number"] == 2 and draft.json()["based_on"] == version


@pytest.mark.parametrize("trajectory", [[1, 2], "2027: 32", 5, {"2027": "sNaN", "2028": "25"}, {"2027": "1e1000000"}])
def test_the_api_refuses_a_trajectory_that_is_not_years_and_figures(world, version, trajectory):
    api = APIClient()
    api.force_authenticate(world.alice)
    body = {
        "priority": _priority(version).pk, "measure": "Delayed discharges", "baseline": "40",
        "baseline_on": "2026-03-31", "baseline_source": "SitRep", "target_figure": "25", "target_year": 2028,
        "trajectory": trajectory, "monitoring": "Monthly",
    }  # fmt: skip
    refused = api.post("/api/v1/targets/", body, format="json")
    assert refused.status_code == 400 and "trajectory" in refused.json()
    assert api.get(version.get_absolute_url()).status_code in (200, 302)


def test_a_partner_drafts_for_the_lead_council_but_cannot_record_its_decision(world, version, client_for):
    approve(version, world.alice)
    draft = services.version_new_draft(version=version, by=world.iris)
    assert draft.organisation == world.trafford  # the council's strategy, whoever drafts it
    with pytest.raises(ValidationError, match="Only the lead organisation's commissioners"):
        approve(draft, world.iris)
    assert client_for(world.iris).get(reverse("strategy:version-approve", args=[draft.pk])).status_code == 403


def test_a_partners_record_shows_its_title_but_not_its_figures_beyond_the_priority_page(world, version, client):
    iris_option = option_for(world.iris)
    evidence = services.priority_evidence_add(priority=_priority(version), by=world.iris, record=iris_option)
    assert not evidence.shareable
    approve(version, world.alice)
    services.version_publish(version=version, by=world.alice, public_summary="Our plan.")
    public = html.unescape(client.get(version.get_public_url()).content.decode())
    assert iris_option.title in public and "its figures are theirs to show" in public
    assert "Figures as they stood" not in public


def test_a_list_filter_beyond_any_record_number_is_refused_not_a_crash(world):
    api = APIClient()
    api.force_authenticate(world.alice)
    for path in ("strategy-versions", "risks", "gap-analyses", "purchasing-plans"):
        answer = api.get(f"/api/v1/{path}/?cycle=99999999999999999999999")
        assert answer.status_code == 400, path
