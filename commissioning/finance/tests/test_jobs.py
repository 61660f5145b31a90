"""Spend imports and cost of care documents as background jobs, with a task worker as in
production."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.core.choices import JobStatus
from commissioning.core.jobs import jobs_dir
from commissioning.core.models import BackgroundJob
from commissioning.finance import services
from commissioning.finance.models import SpendTransaction

pytestmark = pytest.mark.django_db(transaction=True)
REFRESH = '<meta http-equiv="refresh"'
GOOD = "Date,Supplier,Cost centre,Amount\n2026-04-28,Oak Care Ltd,OP-RES,1000.10\n2026-05-02,Elm,OP-RES,20.00\n"
BAD = "Date,Supplier,Cost centre,Amount\n2026-04-28,Oak Care Ltd,NOPE,10.00\n2026-05-01,,OP-RES,ten\n"


@pytest.fixture
def centre(world):
    services.cost_centre_create(
        by=world.alice, code="OP-RES", name="Residential", service_type="residential", client_group="carers"
    )
    return world


def _uploads_left() -> list:
    folder = jobs_dir() / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


def _post(client, name: str, text: str):
    return client.post(
        reverse("finance:spend-import"),
        {"financial_year": 2026, "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def test_a_spend_import_is_handed_to_the_worker_and_its_page_shows_the_outcome(centre, client_for, task_worker):
    client = client_for(centre.alice)
    response = _post(client, "ledger.csv", GOOD)
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url() and not SpendTransaction.objects.exists()
    task_worker()
    assert SpendTransaction.objects.count() == 2
    page = client.get(response.url).content.decode()
    assert "Imported 2 transactions totalling £1,020.10" in page and REFRESH not in page
    assert _uploads_left() == []


def test_a_bad_spend_file_lists_every_bad_row_and_loads_nothing(centre, client_for, task_worker):
    client = client_for(centre.alice)
    response = _post(client, "bad.csv", BAD)
    task_worker()
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED and not SpendTransaction.objects.exists()
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (2, "Cost centre"), (3, "Amount"), (3, "Supplier")
    ]  # fmt: skip
    page = client.get(response.url).content.decode()
    assert "&#39;NOPE&#39; is not one of your cost centres" in page and "is blank" in page
    assert f'href="{reverse("finance:spend-import")}">Upload a corrected file' in page
    assert client_for(centre.steve).get(response.url).status_code == 404


def test_an_exercise_workbook_is_built_by_the_worker(world, exercise, client_for, task_worker):
    client = client_for(world.alice)
    response = client.get(reverse("finance:exercise-download", args=[exercise.pk, "xlsx"]))
    job = BackgroundJob.objects.get()
    assert response.url == job.get_absolute_url()
    task_worker()
    workbook = client.get(reverse("core:job-file", args=[job.pk]))
    assert workbook["Content-Disposition"] == 'attachment; filename="cost-of-care-homecare-2027.xlsx"'
    assert "Model" in load_workbook(io.BytesIO(workbook.content)).sheetnames
    page = client_for(world.pam).get(job.get_absolute_url())
    assert page.status_code == 404
