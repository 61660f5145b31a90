"""Background tasks for the market: CQC and capacity return imports, and market position
statements as Word documents and PDFs.

Each runs as a job started by a page (core.jobs): it calls the same service or document
function as the page and the command line, as the person who asked, reporting its progress.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from commissioning.core.jinja2 import plural
from commissioning.core.jobs import job_running
from commissioning.core.permissions import require
from commissioning.market import permissions as can
from commissioning.market import selectors, services
from commissioning.market.choices import ImportCoverage
from commissioning.market.documents import STATEMENT_FORMATS, statement_file, statement_file_name
from commissioning.market.statement import figures_for


@task()
def cqc_import(*, job_id: int, file_format: str | None = None, coverage: str = ImportCoverage.AUTO) -> None:
    """Import the job's uploaded CQC file into the register (market.services.cqc_import)."""
    with job_running(job_id) as job:
        require(job.requested_by, can.can_import_cqc)
        ((name, content),) = job.uploads()
        job.steps(services.CQC_IMPORT_STEPS)
        run = services.cqc_import(
            name=name,
            content=content,
            by=job.requested_by,
            file_format=file_format or None,
            coverage=coverage,
            progress=job.progress,
        )
        changes = run.events.count()
        job.succeed(
            message=f"Imported {run.file_name}: {run.created} new, {run.updated} updated, {run.unchanged} unchanged, "
            f"{changes} changes to review",
            next_url=reverse("market:events"),
            counts=[
                ("created", "New locations", run.created),
                ("updated", "Locations updated", run.updated),
                ("unchanged", "Locations unchanged", run.unchanged),
                ("changes", "Changes to review", changes),
            ],
            links=[
                ("Review the changes", reverse("market:events")),
                ("See the register", reverse("market:location-list")),
                ("Import another CQC file", reverse("market:cqc-import")),
            ],
            notes=run.notes.splitlines(),
        )


@task()
def capacity_import(*, job_id: int) -> None:
    """Import the job's uploaded capacity returns (market.services.capacity_import), touching
    only the locations the person may report for."""
    with job_running(job_id) as job:
        user = job.requested_by
        require(user, can.can_import_capacity)
        ((name, content),) = job.uploads()
        job.steps(services.CAPACITY_IMPORT_STEPS)
        result = services.capacity_import(
            name=name,
            content=content,
            by=user,
            allowed=selectors.capacity_import_locations(user=user),
            progress=job.progress,
        )
        job.succeed(
            message=f"Imported {plural(result.created + result.updated, 'capacity return')} from {name}: "
            f"{result.created:,} new, {result.updated:,} corrected",
            next_url=reverse("market:index"),
            counts=[("created", "New returns", result.created), ("updated", "Returns corrected", result.updated)],
            links=[
                ("See vacancies", reverse("market:vacancies")),
                ("Upload more capacity returns", reverse("market:capacity-import")),
            ],
        )


@task()
def statement_document(*, job_id: int, statement_id: int, file_format: str) -> None:
    """Build a market position statement as a Word document or a PDF, for the person who asked."""
    with job_running(job_id) as job:
        user = job.requested_by
        require(user, can.can_view_market)
        statement = selectors.statement_get(user=user, pk=statement_id)
        kind, content_type = STATEMENT_FORMATS[file_format]
        job.steps(3)
        job.progress("Gathering the figures from the register and the forecasts")
        figures = figures_for(statement)
        job.progress(f"Writing the {kind}")
        job.attach(
            name=statement_file_name(statement, file_format),
            content=statement_file(statement, figures, file_format),
            content_type=content_type,
        )
        job.succeed(
            message=f"The {kind} of “{statement}” is ready to download",
            next_url=statement.get_absolute_url(),
            links=[("Back to the statement", statement.get_absolute_url())],
        )
