"""Background tasks for needs: the population import and the forecast workbook.

Each runs as a job started by a page (core.jobs): it calls the same service or document
function as the page and the command line, as the person who asked, reporting its progress.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks import task

from commissioning.analytics.forecast import ScenarioTooLarge
from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.jobs import job_running
from commissioning.core.permissions import require
from commissioning.core.selectors import area_get
from commissioning.needs import permissions as can
from commissioning.needs import selectors, services
from commissioning.needs.analysis import area_forecast, with_needs
from commissioning.needs.documents import forecast_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@task()
def population_import(
    *, job_id: int, name: str, variant: str = "", estimate_year: int | None = None, source_url: str = ""
) -> None:
    """Import the job's uploaded population files as one vintage (needs.services.population_import)."""
    with job_running(job_id) as job:
        require(job.requested_by, can.can_import_population)
        uploads = job.uploads()
        job.steps(services.population_import_steps(len(uploads)))
        vintage, changed = services.population_import(
            files=[PopulationFile(file_name, content) for file_name, content in uploads],
            name=name,
            variant=variant,
            estimate_year=estimate_year,
            source_url=source_url,
            by=job.requested_by,
            progress=job.progress,
        )
        job.succeed(
            message=f"Imported {vintage}" if changed else f"These files were already imported as {vintage}",
            next_url=vintage.get_absolute_url(),
            counts=[
                ("created", "Population vintages created", 1) if changed else ("unchanged", "Unchanged", 1),
                ("figures", "Figures", vintage.cells),
                ("areas", "Areas covered", vintage.areas.count()),
            ],
            links=[
                (f"See {vintage}", vintage.get_absolute_url()),
                ("Import more population files", reverse("needs:vintage-import")),
            ],
        )


@task()
def forecast_workbook(
    *, job_id: int, area_code: str, vintage_id: int, scenario_id: int | None, rate_set_ids: list[int]
) -> None:
    """Build a needs forecast as an Excel workbook (needs.documents.forecast_xlsx) for the person
    who asked, with the rate sets and scenario they may use."""
    with job_running(job_id) as job:
        user = job.requested_by
        require(user, can.can_view_needs)
        job.steps(3)
        job.progress("Working out the forecast")
        area = area_get(code=area_code)
        vintage = selectors.projection_list(area=area).filter(pk=vintage_id).first()
        if vintage is None:
            raise ValidationError("That population projection no longer covers this area")
        scenario = selectors.scenario_get(user=user, pk=scenario_id) if scenario_id else None
        available = selectors.rate_set_list(user=user)
        rate_sets = with_needs(list(available.filter(pk__in=rate_set_ids)), available)
        try:
            forecast = area_forecast(area=area, vintage=vintage, rate_sets=rate_sets, scenario=scenario)
        except ScenarioTooLarge as error:
            raise ValidationError(f"Not built: {error}. Choose another scenario, or lower its trend.") from error
        job.progress("Writing the Excel workbook")
        job.attach(
            name=f"needs-{area.code}-{forecast.vintage.base_year}.xlsx",
            content=forecast_xlsx(forecast),
            content_type=XLSX,
        )
        profile = reverse("needs:area-profile", args=[area.code])
        job.succeed(
            message=f"The needs forecast for {area.name} is ready to download",
            next_url=profile,
            links=[(f"Back to the needs profile for {area.name}", profile)],
        )
