"""Background jobs: a job's page shows its progress and then its outcome, only to the person
who started it (and operators); uploads go once the task has run; the API lists your own."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from rest_framework.test import APIClient

from commissioning.accounts.tests.factories import UserFactory
from commissioning.core.choices import JobStatus
from commissioning.core.imports import ImportRejected, RowProblem
from commissioning.core.jobs import job_file_path, job_running, job_start, jobs_dir
from commissioning.core.models import BackgroundJob

REFRESH = '<meta http-equiv="refresh"'


@task()
def count_bytes(*, job_id: int, outcome: str = "good") -> None:
    """A task shaped like an import: it reads its upload, reports two steps, and ends as told."""
    with job_running(job_id) as job:
        ((name, content),) = job.uploads()
        job.steps(2)
        job.progress(f"Reading {name}")
        if outcome == "rejected":
            raise ImportRejected([RowProblem(name, line, "Amount", f"'x{line}' is not a number") for line in (2, 5)])
        if outcome == "broken":
            raise RuntimeError("the disk is full")
        job.progress("Saving")
        job.succeed(
            message=f"Read {len(content)} bytes from {name}",
            next_url="/",
            counts=[("created", "Rows created", 2), ("unchanged", "Rows unchanged", 1)],
            links=[("Back to the start", "/")],
        )


@task()
def build_text(*, job_id: int, text: str) -> None:
    with job_running(job_id) as job:
        job.attach(name="note.txt", content=text.encode(), content_type="text/plain")
        job.succeed(message="Your note is ready")


def _start(user, outcome="good", content=b"a,b\n1,2\n"):
    return job_start(
        task=count_bytes,
        title="Import rows.csv",
        by=user,
        uploads=[SimpleUploadedFile("rows.csv", content)],
        params={"outcome": outcome},
        back_url="/upload/",
    )


def _uploads_left() -> list:
    folder = jobs_dir() / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_task_that_runs_in_the_request_has_finished_when_the_job_is_started(world):
    job = _start(world.alice)
    assert job.status == JobStatus.SUCCEEDED
    assert job.kind == "core.count_bytes"
    assert job.outcome["message"] == "Read 8 bytes from rows.csv"
    assert (job.progress_done, job.progress_total, job.percent) == (2, 2, 100)
    assert job.task_id
    assert _uploads_left() == []


def test_the_job_page_shows_progress_then_the_outcome(world, client_for):
    job = BackgroundJob.objects.create(kind="core.count_bytes", title="Import rows.csv", requested_by=world.alice)
    client = client_for(world.alice)
    url = reverse("core:job-detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert "Waiting to start" in page and REFRESH not in page  # still until asked to update itself
    assert "Check again" in page
    page = client.get(url, {"updates": "on"}).content.decode()
    assert REFRESH in page and "Stop updating this page" in page

    with job_running(job.pk) as run:
        run.steps(4)
        run.progress("Reading rows.csv")
        page = client.get(url, {"updates": "on"}).content.decode()
        assert "Running" in page and REFRESH in page
        assert "1 of 4 steps done (25%). Reading rows.csv" in page
        assert 'aria-label="Import rows.csv: 25% finished"' in page
        run.succeed(message="Imported rows.csv", counts=[("created", "Rows created", 3)], links=[("See them", "/x/")])

    page = client.get(url, {"updates": "on"}).content.decode()
    assert REFRESH not in page  # finished: nothing more to wait for
    assert "Imported rows.csv" in page and "Rows created" in page and 'href="/x/"' in page
    assert client.get(url).headers["Cache-Control"].startswith("max-age=0")


def test_a_running_jobs_page_is_still_unless_asked_to_update_itself(world, client_for):
    job = BackgroundJob.objects.create(kind="core.count_bytes", title="Import rows.csv", requested_by=world.alice)
    page = client_for(world.alice).get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert REFRESH not in page
    assert "Check again" in page and "update this page every 5 seconds" in page


def test_a_rejected_file_lists_every_problem_and_links_back_to_upload_again(world, client_for):
    job = _start(world.alice, outcome="rejected")
    assert job.status == JobStatus.FAILED
    assert job.problems == [
        {"file": "rows.csv", "line": 2, "column": "Amount", "reason": "'x2' is not a number"},
        {"file": "rows.csv", "line": 5, "column": "Amount", "reason": "'x5' is not a number"},
    ]
    assert job.failure == "2 problem(s) found; nothing was imported"
    page = client_for(world.alice).get(job.get_absolute_url()).content.decode()
    assert "Nothing was imported" in page and REFRESH not in page
    assert "&#39;x2&#39; is not a number" in page and "&#39;x5&#39; is not a number" in page
    assert 'href="/upload/">Upload a corrected file' in page
    assert _uploads_left() == []


def test_an_unexpected_error_records_the_reason_and_removes_the_upload(world, client_for):
    job = _start(world.alice, outcome="broken")
    assert job.status == JobStatus.FAILED
    assert "unexpected error (RuntimeError)" in job.failure
    assert "nothing was changed" in job.failure
    assert _uploads_left() == []
    page = client_for(world.alice).get(job.get_absolute_url()).content.decode()
    assert "The job did not finish" in page


def test_only_the_person_who_started_a_job_and_operators_see_it(world, client_for):
    job = _start(world.alice)
    built = job_start(task=build_text, title="A note", by=world.alice, params={"text": "hello"})
    operator = UserFactory(email="op@example.org", is_superuser=True, is_staff=True, organisation=None)
    for person in ("steve", "ada", "carl", "pam"):
        client = client_for(world.people[person])
        assert client.get(job.get_absolute_url()).status_code == 404, person
        assert client.get(reverse("core:job-file", args=[built.pk])).status_code == 404, person
    assert client_for(world.alice).get(reverse("core:job-file", args=[built.pk])).content == b"hello"
    assert client_for(operator).get(job.get_absolute_url()).status_code == 200
    assert "Import rows.csv" in client_for(operator).get("/django-admin/core/backgroundjob/").content.decode()
    assert client_for(None).get(job.get_absolute_url()).status_code == 302


def test_a_document_job_keeps_its_file_and_is_reused_when_asked_again(world, client_for):
    first = job_start(task=build_text, title="A note", by=world.alice, params={"text": "hello"}, reuse_key="note")
    again = job_start(task=build_text, title="A note", by=world.alice, params={"text": "hello"}, reuse_key="note")
    other = job_start(task=build_text, title="A note", by=world.ada, params={"text": "hello"}, reuse_key="note")
    assert first.has_file and again.pk == first.pk and other.pk != first.pk
    response = client_for(world.alice).get(reverse("core:job-file", args=[first.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="note.txt"'
    assert response["Content-Type"] == "text/plain"
    page = client_for(world.alice).get(first.get_absolute_url()).content.decode()
    assert "Download note.txt" in page


def test_the_api_lists_your_own_jobs_newest_first(world):
    older = _start(world.alice)
    newer = _start(world.alice, outcome="rejected")
    _start(world.steve)
    api = APIClient()
    api.force_authenticate(world.alice)
    listed = api.get("/api/v1/jobs/").json()
    assert [job["id"] for job in listed["results"]] == [newer.pk, older.pk]
    assert listed["results"][0]["problem_count"] == 2 and "problems" not in listed["results"][0]["outcome"]
    detail = api.get(f"/api/v1/jobs/{newer.pk}/").json()
    assert detail["status"] == "failed" and detail["is_finished"] is True
    assert detail["outcome"]["problems"][1] == {
        "file": "rows.csv", "line": 5, "column": "Amount", "reason": "'x5' is not a number"
    }  # fmt: skip
    assert api.get(f"/api/v1/jobs/{older.pk}/").json()["progress"] == {
        "done": 2, "total": 2, "percent": 100, "stage": "Finished"
    }  # fmt: skip
    api.force_authenticate(world.steve)
    assert api.get(f"/api/v1/jobs/{older.pk}/").status_code == 404
    assert len(api.get("/api/v1/jobs/").json()["results"]) == 1


@pytest.mark.django_db(transaction=True)
def test_with_a_task_worker_the_job_waits_in_the_queue_until_the_worker_runs_it(world, client_for, task_worker):
    job = _start(world.alice)
    assert job.status == JobStatus.QUEUED
    assert len(_uploads_left()) == 1  # kept for the worker
    page = client_for(world.alice).get(job.get_absolute_url(), {"updates": "on"}).content.decode()
    assert "Waiting to start" in page and REFRESH in page
    task_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.outcome["message"] == "Read 8 bytes from rows.csv"
    assert _uploads_left() == []
    page = client_for(world.alice).get(job.get_absolute_url()).content.decode()
    assert REFRESH not in page and "Rows unchanged" in page


def test_pruning_forgets_old_finished_jobs_and_their_files(world):
    old = job_start(task=build_text, title="A note", by=world.alice, params={"text": "old"})
    new = job_start(task=build_text, title="A note", by=world.alice, params={"text": "new"})
    BackgroundJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=40))
    call_command("prune_jobs", "--days", "30", stdout=io.StringIO())
    assert list(BackgroundJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert not job_file_path(old).exists() and job_file_path(new).exists()


def test_the_jobs_list_page_and_api_take_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    for _ in range(15):
        _start(world.alice, outcome="rejected")
    client = client_for(world.alice)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("core:job-list"))
    assert page.content.decode().count("Import rows.csv") == 15
    api = APIClient()
    api.force_authenticate(world.alice)
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/jobs/").json()["count"] == 15
