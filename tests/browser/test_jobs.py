"""End to end in Chromium with a task worker, as in production: an administrator uploads
population files; the job's page updates itself (no JavaScript) when asked, until the worker has run, then
shows every bad row, and after a corrected upload what was imported."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from commissioning.testing import DURHAM
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_import_job_page_shows_progress_then_the_bad_rows_then_the_outcome(
    page, live_server, world, durham, axe, task_worker, tmp_path
):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(DURHAM.read_bytes().replace(b",males,65,", b",chaps,65,"))
    good = tmp_path / "durham.csv"
    good.write_bytes(DURHAM.read_bytes())
    sign_in(page, live_server, axe, "ada@example.org")

    page.goto(f"{live_server.url}/needs/population/import/")
    axe.check(page)
    page.get_by_label("CSV files").set_input_files(str(bad))
    page.get_by_label("Name").fill("ONS 2022-based projections")
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import population figures: bad.csv")
    expect(page.get_by_text("Waiting to start", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Import population figures: bad.csv: 0% finished")).to_be_visible()
    # The page is still (and passes the checks) until the person asks it to update itself.
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    axe.check(page)
    page.get_by_role("link", name="update this page every 5 seconds").click()
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    task_worker()
    # No click: the page's own refresh brings the outcome.
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible(timeout=15_000)
    problems = page.get_by_role("table", name="Problems to put right")
    expect(problems).to_contain_text("'chaps' is not males, females or persons")
    expect(problems).to_contain_text("SEX")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    axe.check(page)

    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("CSV files").set_input_files(str(good))
    page.get_by_label("Name").fill("ONS 2022-based projections")
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import population figures: durham.csv")
    task_worker()
    page.get_by_role("link", name="Check again").click()
    expect(page.get_by_text("Imported ONS 2022-based projections")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("link", name="Import more population files")).to_be_visible()
    axe.check(page)

    page.get_by_role("link", name="Your imports and downloads").click()
    expect(page.get_by_role("table")).to_contain_text("Import population figures: bad.csv")
    axe.check(page)
