"""Background tasks for plans: a strategy version as a Word document or a PDF (core.jobs)."""

from __future__ import annotations

from django_tasks import task

from commissioning.core.jobs import job_running
from commissioning.core.permissions import require
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors
from commissioning.strategy.documents import STRATEGY_FORMATS, strategy_file, strategy_file_name


@task()
def strategy_document(*, job_id: int, version_id: int, file_format: str) -> None:
    """Build a strategy version as a Word document or a PDF, for the person who asked."""
    with job_running(job_id) as job:
        user = job.requested_by
        require(user, can.can_view_plans)
        version = selectors.version_get(user=user, pk=version_id)
        kind, content_type = STRATEGY_FORMATS[file_format]
        job.steps(1)
        job.progress(f"Writing the {kind}")
        job.attach(
            name=strategy_file_name(version, file_format),
            content=strategy_file(version, file_format),
            content_type=content_type,
        )
        job.succeed(
            message=f"The {kind} of “{version}” is ready to download",
            next_url=version.get_absolute_url(),
            links=[("Back to the strategy", version.get_absolute_url())],
        )
