"""Background tasks for resources: spend imports, and cost of care models as Excel and PDF.

Each runs as a job started by a page (core.jobs): it calls the same service or document
function as the page and the command line, as the person who asked, reporting its progress.
"""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from commissioning.core.jobs import job_running
from commissioning.core.permissions import require
from commissioning.finance import documents, selectors, services
from commissioning.finance import permissions as can
from commissioning.finance.analysis import exercise_context


@task()
def spend_import(*, job_id: int, financial_year: int) -> None:
    """Load the job's uploaded finance system extract for the person's own organisation
    (finance.services.spend_import)."""
    with job_running(job_id) as job:
        user = job.requested_by
        require(user, can.can_manage_finance)
        ((name, content),) = job.uploads()
        job.steps(services.SPEND_IMPORT_STEPS)
        run = services.spend_import(
            organisation=user.organisation,
            name=name,
            content=content,
            financial_year=financial_year,
            by=user,
            progress=job.progress,
        )
        job.succeed(
            message=f"Imported {run.rows} transactions totalling £{run.total:,.2f}",
            next_url=reverse("finance:spend"),
            counts=[("created", "Transactions loaded", run.rows)],
            notes=[services.spend_overlap_note(run), *run.import_notes()],
            links=[
                ("See the spend", reverse("finance:spend")),
                ("Budget against spend", f"{reverse('finance:index')}?year={financial_year}"),
                ("Import another file", reverse("finance:spend-import")),
            ],
        )


@task()
def exercise_document(*, job_id: int, exercise_id: int, file_format: str) -> None:
    """Build a cost of care model as an Excel workbook or a PDF, showing the returns the person
    who asked may see (their own council's staff see every return)."""
    with job_running(job_id) as job:
        user = job.requested_by
        require(user, can.can_view_exercises)
        exercise = selectors.exercise_get(user=user, pk=exercise_id)
        kind, content_type = documents.EXERCISE_FORMATS[file_format]
        job.steps(3)
        job.progress("Working out the model and the survey summary")
        context = exercise_context(exercise, council_view=can.owns_exercise(user, exercise))
        context["returns"] = list(selectors.survey_return_list(user=user, exercise=exercise))
        job.progress(f"Writing {kind}")
        job.attach(
            name=documents.exercise_file_name(exercise, file_format),
            content=documents.exercise_file(context, file_format),
            content_type=content_type,
        )
        job.succeed(
            message=f"{exercise.title} as {kind} is ready to download",
            next_url=exercise.get_absolute_url(),
            links=[("Back to the exercise", exercise.get_absolute_url())],
        )
