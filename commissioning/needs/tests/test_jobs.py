"""Population imports and forecast workbooks as background jobs, with a task worker as in
production: the page hands over to the job's page, which shows the outcome once the worker has
run, or every bad row with nothing loaded."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from commissioning.core.choices import JobStatus
from commissioning.core.jobs import jobs_dir
from commissioning.core.models import BackgroundJob
from commissioning.needs.models import PopulationVintage, RateSet
from commissioning.needs.published_rates import CFAS_II, load_published_rates
from commissioning.testing import DURHAM

pytestmark = pytest.mark.django_db(transaction=True)
REFRESH = '<meta http-equiv="refresh"'


def _uploads_left() -> list:
    folder = jobs_dir() / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_a_population_import_is_handed_to_the_worker_and_its_page_shows_the_outcome(
    world, durham, client_for, task_worker
):
    client = client_for(world.ada)
    response = client.post(
        reverse("needs:vintage-import"), {"files": [_upload("durham.csv", DURHAM.read_bytes())], "name": "SNPP"}
    )
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.kind, job.requested_by, job.status) == ("needs.population_import", world.ada, JobStatus.QUEUED)
    assert not PopulationVintage.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Import population figures: durham.csv" in page and "Waiting to start" in page and "Check again" in page

    task_worker()
    vintage = PopulationVintage.objects.get()
    assert vintage.imported_by == world.ada
    page = client.get(response.url).content.decode()
    assert f"Imported {vintage}" in page and REFRESH not in page
    assert f'href="{vintage.get_absolute_url()}"' in page
    assert "Figures" in page and f"{vintage.cells:,}" in page
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert _uploads_left() == []


def test_a_bad_population_file_lists_every_bad_row_and_loads_nothing(world, durham, client_for, task_worker):
    client = client_for(world.ada)
    bad = DURHAM.read_bytes().replace(b",males,", b",chaps,")
    response = client.post(reverse("needs:vintage-import"), {"files": [_upload("bad.csv", bad)], "name": "Bad"})
    task_worker()
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED and not PopulationVintage.objects.exists()
    chaps = DURHAM.read_bytes().count(b",males,")
    assert len(job.problems) == chaps > 1
    page = client.get(response.url).content.decode()
    assert "Nothing was imported" in page and REFRESH not in page
    assert page.count("&#39;chaps&#39; is not males, females or persons") == chaps
    assert f'href="{reverse("needs:vintage-import")}">Upload a corrected file' in page
    assert _uploads_left() == []


def test_someone_else_cannot_see_the_import_job(world, durham, client_for, task_worker):
    client_for(world.ada).post(
        reverse("needs:vintage-import"), {"files": [_upload("durham.csv", DURHAM.read_bytes())], "name": "SNPP"}
    )
    job = BackgroundJob.objects.get()
    for person in ("alice", "sally", "steve", "pam"):
        assert client_for(world.people[person]).get(job.get_absolute_url()).status_code == 404, person


def test_the_forecast_workbook_is_built_by_the_worker_and_offered_on_the_job_page(
    world, durham, client_for, task_worker
):
    load_published_rates()
    client_for(world.ada).post(
        reverse("needs:vintage-import"), {"files": [_upload("durham.csv", DURHAM.read_bytes())], "name": "SNPP"}
    )
    task_worker()
    client = client_for(world.alice)
    download = reverse("needs:area-profile-download", args=["E06000047", "xlsx"])
    response = client.get(download)
    job = BackgroundJob.objects.get(kind="needs.forecast_workbook")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    # Asking again while it waits does not queue a second build.
    assert client.get(download).url == job.get_absolute_url()

    task_worker()
    page = client.get(job.get_absolute_url()).content.decode()
    file_url = reverse("core:job-file", args=[job.pk])
    assert f'href="{file_url}"' in page and "Download needs-E06000047-2022.xlsx" in page
    workbook = client.get(file_url)
    assert workbook["Content-Disposition"] == 'attachment; filename="needs-E06000047-2022.xlsx"'
    sheets = load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert sheets == ["Forecast", "By age and sex", "Sources and method"]
    assert client_for(world.steve).get(file_url).status_code == 404


def test_a_workbook_is_built_again_once_a_rate_set_behind_it_changes(world, durham_vintage, client_for):
    client = client_for(world.alice)
    download = reverse("needs:area-profile-download", args=["E06000047", "xlsx"])
    first = client.get(download)
    assert first.status_code == 200 and client.get(download).content == first.content
    assert BackgroundJob.objects.count() == 1
    RateSet.objects.filter(name=CFAS_II).update(updated_at=timezone.now())
    assert client.get(download).status_code == 200
    assert BackgroundJob.objects.count() == 2
