"""The budget optimiser as commissioners use it: on a page, through the API and on the command
line, with bad inputs refused in plain words and nothing kept, and runs seen only by their own
organisation's staff."""

from __future__ import annotations

import html
import io
import json
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.cycles.models import CommissioningCycle
from commissioning.strategy.models import OptimiserRun
from commissioning.strategy.tests.factories import TRAFFORD, optimiser_inputs, optimiser_run_for
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}
WORKERS = {"alice", "carl", "ada", "iris", "steve", "sally"}
TRAFFORD_STAFF = {"alice", "carl", "sonia", "colin", "ada"}


@pytest.fixture
def run(world):
    return optimiser_run_for(world.alice)


MATRIX = [
    ("runs", lambda r: reverse("strategy:optimiser-list"), expect(STAFF, forbidden=EVERYONE)),
    ("guide", lambda r: reverse("strategy:optimiser-guide"), expect(STAFF, forbidden=EVERYONE)),
    ("run the optimiser", lambda r: reverse("strategy:optimiser-create"), expect(WORKERS, forbidden=EVERYONE)),
    ("a run", lambda r: r.get_absolute_url(), expect(TRAFFORD_STAFF)),
    (
        "a run's result",
        lambda r: reverse("strategy:optimiser-download", args=[r.pk, "result"]),
        expect(TRAFFORD_STAFF),
    ),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_optimiser_page_access(world, run, client_for, page, url_for, expected):
    check_page_access(world, client_for, page, url_for(run), expected)


def test_no_optimiser_page_runs_more_queries_as_runs_grow(world, run, client_for):
    rounds = count()
    pages = [(page, url_for(run), expected) for page, url_for, expected in MATRIX]
    check_queries_do_not_grow(client_for, pages, lambda: optimiser_run_for(world.alice, f"Run {next(rounds)}"))


def test_a_commissioner_uploads_inputs_and_reads_the_mix_and_the_limit_that_binds(world, client_for):
    client = client_for(world.alice)
    upload = SimpleUploadedFile("homecare.json", json.dumps(optimiser_inputs()).encode(), "application/json")
    response = client.post(
        reverse("strategy:optimiser-create"), {"title": "Homecare 2027", "cycle": world.cycle.pk, "file": upload}
    )
    run = OptimiserRun.objects.get(title="Homecare 2027")
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    assert run.organisation == world.trafford and run.cycle == world.cycle and run.feasible
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Least cost: £23,500.00" in page
    assert "each further hour it could replace would save £5.00" in page
    assert world.cycle.title in page
    result = client.get(reverse("strategy:optimiser-download", args=[run.pk, "result"]))
    assert result["Content-Disposition"].startswith("attachment")
    assert json.loads(result.content)["total_cost"] == 23500.0


def test_bad_inputs_are_listed_by_field_and_nothing_is_kept(world, client_for):
    client = client_for(world.alice)
    bad = optimiser_inputs(
        demand=[{"service": "day care", "area": TRAFFORD, "year": 2027, "units": -5}],
        budget=[{"year": 2027, "amount": "100.001"}],
    )
    page = html.unescape(
        client.post(reverse("strategy:optimiser-create"), {"title": "Bad", "inputs": json.dumps(bad)}).content.decode()
    )
    assert "There is a problem" in page
    assert "demand[0].service: unknown service 'day care'" in page
    assert "demand[0].units: must be 0 or more" in page
    assert "budget[0].amount: pounds and pence, at most two decimal places" in page
    not_json = client.post(reverse("strategy:optimiser-create"), {"title": "Bad", "inputs": '{"areas": [}'})
    assert "The inputs are not valid JSON: Expecting value at line 1, column 12" in not_json.content.decode()
    neither = client.post(reverse("strategy:optimiser-create"), {"title": "Bad"})
    assert "Choose a JSON file of inputs, or paste them below" in neither.content.decode()
    assert not OptimiserRun.objects.exists()


def test_limits_that_conflict_are_said_plainly(world, client_for):
    client = client_for(world.alice)
    inputs = optimiser_inputs(budget=[{"year": 2027, "amount": "20000.00"}])
    client.post(reverse("strategy:optimiser-create"), {"title": "Too little", "inputs": json.dumps(inputs)})
    run = OptimiserRun.objects.get(title="Too little")
    assert not run.feasible
    page = client.get(run.get_absolute_url()).content.decode()
    assert "No mix meets every limit" in page
    assert "The budget for 2027 (£20,000.00) is £3,500.00 short of the least it costs to meet demand." in page


def test_the_api_runs_the_optimiser_and_keeps_runs_to_their_organisation(world, run):
    alice, steve, pam = APIClient(), APIClient(), APIClient()
    alice.force_authenticate(world.alice)
    steve.force_authenticate(world.steve)
    pam.force_authenticate(world.pam)
    made = alice.post(
        "/api/v1/optimiser-runs/",
        {"title": "By API", "cycle": world.cycle.pk, "inputs": optimiser_inputs()},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["result"]["total_cost"] == 23500.0
    refused = alice.post(
        "/api/v1/optimiser-runs/", {"title": "Bad", "inputs": optimiser_inputs(years=[2027, 2027])}, format="json"
    )
    assert refused.status_code == 400 and "years[1]: 2027 is listed twice" in json.dumps(refused.json())
    someone_elses = alice.post(
        "/api/v1/optimiser-runs/",
        {"title": "Theirs", "cycle": world.stockport_cycle.pk, "inputs": optimiser_inputs()},
        format="json",
    )
    assert someone_elses.status_code == 400
    CommissioningCycle.objects.filter(pk=world.stockport_cycle.pk).update(is_published=True)
    not_ours = alice.post(
        "/api/v1/optimiser-runs/",
        {"title": "Theirs", "cycle": world.stockport_cycle.pk, "inputs": optimiser_inputs()},
        format="json",
    )
    assert not_ours.status_code == 400  # published, so Alice may read it, but it is not her team's
    assert {r["title"] for r in alice.get("/api/v1/optimiser-runs/").json()["results"]} == {"Homecare 2027", "By API"}
    assert steve.get("/api/v1/optimiser-runs/").json()["results"] == []
    assert steve.get(f"/api/v1/optimiser-runs/{run.pk}/").status_code == 404
    assert pam.get("/api/v1/optimiser-runs/").status_code == 403
    assert OptimiserRun.objects.count() == 2


def test_the_command_line_prints_the_result_and_names_every_problem(world, tmp_path):
    good = tmp_path / "inputs.json"
    good.write_text(json.dumps(optimiser_inputs()))
    out = io.StringIO()
    call_command("optimise", str(good), stdout=out)
    assert json.loads(out.getvalue())["total_cost"] == 23500.0
    assert not OptimiserRun.objects.exists()

    call_command(
        "optimise", str(good), "--save", "From the command line", "--by", world.alice.email, stdout=io.StringIO()
    )
    assert OptimiserRun.objects.get(title="From the command line").organisation == world.trafford

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(optimiser_inputs(services=[{"key": "homecare", "unit_cost": "-1"}])))
    with pytest.raises(CommandError) as refused:
        call_command("optimise", str(bad))
    assert "services[0].unit_cost: must be 0 or more" in str(refused.value)
    assert "substitutions[0].service: unknown service 'reablement'" in str(refused.value)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(CommandError, match="not a JSON file"):
        call_command("optimise", str(broken))
    assert OptimiserRun.objects.count() == 1
