"""CQC and capacity imports and market position statement documents as background jobs, with a
task worker as in production."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.core.choices import JobStatus
from commissioning.core.jobs import jobs_dir
from commissioning.core.models import BackgroundJob
from commissioning.market.models import CapacityReturn, Location, Provider
from commissioning.market.tests.factories import market_for
from commissioning.market.tests.files import hsca_csv, hsca_row

pytestmark = pytest.mark.django_db(transaction=True)
REFRESH = '<meta http-equiv="refresh"'


def _uploads_left() -> list:
    folder = jobs_dir() / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_cqc_import_is_handed_to_the_worker_and_its_page_shows_what_changed(world, client_for, task_worker):
    client = client_for(world.ada)
    upload = SimpleUploadedFile("hsca.csv", hsca_csv([hsca_row(n) for n in range(1, 4)]), content_type="text/csv")
    response = client.post(reverse("market:cqc-import"), {"file": upload})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert not Location.objects.exists()
    assert "Waiting to start" in client.get(response.url).content.decode()

    task_worker()
    assert Location.objects.count() == 3
    page = client.get(response.url).content.decode()
    assert "Imported hsca.csv: 3 new, 0 updated, 0 unchanged" in page and REFRESH not in page
    assert "New locations" in page and "Changes to review" in page
    assert f'href="{reverse("market:events")}">Review the changes' in page
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.stage) == (4, 4, "Finished")
    assert _uploads_left() == []


def test_a_bad_cqc_file_lists_every_bad_record_and_loads_nothing(world, client_for, task_worker):
    rows = [hsca_row(n) for n in range(1, 5)]
    rows[0]["Location Latest Overall Rating"] = "Brilliant"
    rows[1]["Location Postal Code"] = "NOT A CODE"
    rows[3]["Care homes beds"] = "-4"
    client = client_for(world.ada)
    response = client.post(
        reverse("market:cqc-import"), {"file": SimpleUploadedFile("bad.csv", hsca_csv(rows), content_type="text/csv")}
    )
    task_worker()
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert not Location.objects.exists() and not Provider.objects.exists()
    assert {(problem["line"], problem["column"]) for problem in job.problems} >= {
        (2, "Location Latest Overall Rating"), (3, "Location Postal Code"), (5, "Care homes beds")
    }  # fmt: skip
    page = client.get(response.url).content.decode()
    for problem in job.problems:
        assert f'<td class="govuk-table__cell">{problem["column"]}</td>' in page
    assert "&#39;Brilliant&#39;" in page and "not a postcode" in page
    assert f'href="{reverse("market:cqc-import")}">Upload a corrected file' in page
    assert client_for(world.alice).get(response.url).status_code == 404
    assert _uploads_left() == []


def test_a_providers_capacity_returns_are_imported_by_the_worker(world, client_for, task_worker):
    market = market_for(world)
    text = "Location ID,Date,Beds capacity,Beds occupied\n1-100000001,2026-11-02,40,38\n"
    client = client_for(world.pam)
    response = client.post(
        reverse("market:capacity-import"), {"file": SimpleUploadedFile("returns.csv", text.encode())}
    )
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    task_worker()
    assert CapacityReturn.objects.get(location=market.home_a).beds_occupied == 38
    page = client.get(response.url).content.decode()
    assert "Imported 1 capacity return from returns.csv: 1 new, 0 corrected" in page and "New returns" in page


def test_a_statement_document_is_built_by_the_worker_and_offered_on_the_job_page(world, client_for, task_worker):
    market = market_for(world)
    client = client_for(world.alice)
    response = client.get(reverse("market:statement-download", args=[market.draft.pk, "pdf"]))
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.kind == "market.statement_document" and job.back_url == market.draft.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Waiting to start" in page and "Check again" in page and REFRESH not in page

    task_worker()
    page = client.get(response.url).content.decode()
    file_url = reverse("core:job-file", args=[job.pk])
    assert REFRESH not in page and f'href="{file_url}"' in page
    pdf = client.get(file_url)
    assert pdf.content[:4] == b"%PDF" and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith(f'-{market.draft.first_year}.pdf"')
    # Asked for again just after, the same file is handed over at once.
    again = client.get(reverse("market:statement-download", args=[market.draft.pk, "pdf"]))
    assert again.status_code == 200 and again.content == pdf.content
    assert BackgroundJob.objects.count() == 1
    for person in ("steve", "pam", "ada"):
        assert client_for(world.people[person]).get(file_url).status_code == 404, person
