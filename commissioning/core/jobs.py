"""Background jobs: a page starts one, and the app's task reports how it is going.

A page calls `job_start` with one of its app's tasks (each app's `tasks.py`). Uploads are saved
under JOBS_DIR, where a task worker on another machine with the same directory can read them;
the job is recorded for the person who asked; and the task is queued once the job is committed.
Tasks that run in the request (the immediate backend of the demo and the tests) run straight
away, so the page can answer with the outcome as it always has.

The task wraps its work in `job_running`, which hands it a `JobRun`: the uploads, `progress` (the
callback the services and the command line share), and `succeed` or `attach` for the outcome.
An ImportRejected records every problem with its file, line and column; a ValidationError its
messages; anything else the reason the job stopped, raised again so that the task backend keeps
the traceback for operators. Either way the uploads are removed afterwards.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import get_valid_filename
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task

from commissioning.core.choices import JobStatus
from commissioning.core.imports import ImportRejected, RowProblem
from commissioning.core.models import BackgroundJob

# The same document asked for again within this time is not built again (a second click, a reload).
FRESH_FOR = datetime.timedelta(minutes=2)
# A job still waiting after this long is not reused: its worker may have gone.
WAITING_REUSED_FOR = datetime.timedelta(hours=1)
BACK_URL_LENGTH = BackgroundJob._meta.get_field("back_url").max_length
# How many of a job's problems an import form lists; the job's page lists them all.
PROBLEMS_ON_FORM = 50


def jobs_dir() -> Path:
    return Path(settings.JOBS_DIR)


def job_kind(task: Task) -> str:
    """`market.cqc_import` for the task `commissioning.market.tasks.cqc_import`."""
    module, _, name = task.module_path.rpartition(".")
    return f"{module.removeprefix('commissioning.').split('.')[0]}.{name}"


def job_start(
    *,
    task: Task,
    title: str,
    by: Any,
    params: dict[str, Any] | None = None,
    uploads: Iterable[UploadedFile] = (),
    back_url: str = "",
    reuse_key: str = "",
) -> BackgroundJob:
    """Record a job for `by` and queue `task(job_id=..., **params)` once the job is committed.

    `params` are plain JSON (ids, names, numbers): the task looks its records up again, as the
    person who asked. With a `reuse_key`, that person's job for the same thing that is still to
    finish, or finished in the last FRESH_FOR, is returned instead of starting another.
    """
    kind = job_kind(task)
    if reuse_key:
        # Hashed: a key names every choice behind a document, and can be long.
        reuse_key = hashlib.sha256(reuse_key.encode()).hexdigest()
        earlier = _fresh_job(by=by, kind=kind, reuse_key=reuse_key)
        if earlier is not None:
            return earlier
    if len(back_url) > BACK_URL_LENGTH:
        back_url = back_url.split("?", 1)[0][:BACK_URL_LENGTH]
    folder = jobs_dir() / "uploads" / secrets.token_hex(12)
    try:
        saved = _save_uploads(uploads, folder)
        job = BackgroundJob.objects.create(
            kind=kind,
            title=title[:300],
            requested_by=by,
            uploads=saved,
            back_url=back_url,
            reuse_key=reuse_key,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    kwargs = {"job_id": job.pk, **(params or {})}
    if isinstance(task.get_backend(), ImmediateBackend):
        # The task runs here, in this request and transaction: it already sees the job.
        _enqueue(task, job, kwargs)
        job.refresh_from_db()
    else:
        # A worker elsewhere must not look for the job, or its uploads, before they are committed.
        transaction.on_commit(lambda: _enqueue(task, job, kwargs))
    return job


def _save_uploads(uploads: Iterable[UploadedFile], folder: Path) -> list[dict[str, str]]:
    saved = []
    for number, upload in enumerate(uploads, start=1):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"upload-{number}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        name = Path(upload.name or "").name or f"file-{number}"
        saved.append({"name": name, "path": str(path.relative_to(jobs_dir()))})
    return saved


def _remove_uploads(uploads: list[dict[str, str]]) -> None:
    for folder in {(jobs_dir() / upload["path"]).parent for upload in uploads}:
        if folder.parent == jobs_dir() / "uploads":
            shutil.rmtree(folder, ignore_errors=True)


def _fresh_job(*, by: Any, kind: str, reuse_key: str) -> BackgroundJob | None:
    now = timezone.now()
    candidates = BackgroundJob.objects.filter(requested_by=by, kind=kind, reuse_key=reuse_key).filter(
        Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__gte=now - WAITING_REUSED_FOR)
        | Q(status=JobStatus.SUCCEEDED, finished_at__gte=now - FRESH_FOR)
    )
    for job in candidates.order_by("-created_at", "-pk")[:3]:
        if not job.is_finished or (job.result_path and job_file_path(job).is_file()):
            return job
    return None


def _enqueue(task: Task, job: BackgroundJob, kwargs: dict[str, Any]) -> None:
    try:
        result = task.enqueue(**kwargs)
    except Exception as error:
        now = timezone.now()
        BackgroundJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            stage="Stopped",
            failure=f"The job could not be queued ({type(error).__name__}), so nothing was changed. Try again.",
            finished_at=now,
            updated_at=now,
        )
        _remove_uploads(job.uploads)
        raise
    BackgroundJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def job_file_path(job: BackgroundJob) -> Path:
    return jobs_dir() / job.result_path


class JobRun:
    """What a task sees of its job: who asked, the uploads, and how it reports.

    `progress(message)` is the callback the services take (one call a step, the stage in words);
    `steps(total)` says how many steps to expect, for the progress bar. A task ends with
    `succeed(...)`, and a document build also `attach(...)`es the file it built.
    """

    def __init__(self, job: BackgroundJob) -> None:
        self.job = job
        self.done = 0
        self.total = 0
        self.stage = ""
        self.outcome: dict[str, Any] = {}
        self.result: tuple[str, str, str] | None = None

    @property
    def requested_by(self) -> Any:
        return self.job.requested_by

    def uploads(self) -> list[tuple[str, bytes]]:
        """(name as uploaded, content) of each file."""
        return [(upload["name"], (jobs_dir() / upload["path"]).read_bytes()) for upload in self.job.uploads]

    def steps(self, total: int) -> None:
        self.total = max(total, self.done)
        self._save()

    def progress(self, message: str) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        self.stage = message[:300]
        self._save()

    def _save(self) -> None:
        BackgroundJob.objects.filter(pk=self.job.pk).update(
            progress_done=self.done, progress_total=self.total, stage=self.stage, updated_at=timezone.now()
        )

    def succeed(
        self,
        *,
        message: str,
        next_url: str = "",
        counts: Iterable[tuple[str, str, int]] = (),
        links: Iterable[tuple[str, str]] = (),
        notes: Iterable[str] = (),
    ) -> None:
        """What the job did: a sentence, where to go next, counts as (name, label, number), links
        onward as (text, address) and any notes."""
        self.outcome = {
            "message": message,
            "next_url": next_url,
            "counts": [{"name": name, "label": label, "count": count} for name, label, count in counts],
            "links": [{"text": text, "url": url} for text, url in links],
            "notes": [note for note in notes if note],
        }

    def attach(self, *, name: str, content: bytes, content_type: str) -> None:
        """Keep a built document for the person who asked for it."""
        folder = jobs_dir() / "results" / secrets.token_hex(12)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / get_valid_filename(name)
        path.write_bytes(content)
        self.result = (str(path.relative_to(jobs_dir())), name, content_type)

    def discard_result(self) -> None:
        if self.result is not None:
            shutil.rmtree((jobs_dir() / self.result[0]).parent, ignore_errors=True)
            self.result = None

    def close(self, status: str, *, outcome: dict[str, Any] | None = None, failure: str = "") -> None:
        now = timezone.now()
        fields: dict[str, Any] = {
            "status": status,
            "outcome": outcome or {},
            "failure": failure,
            "finished_at": now,
            "updated_at": now,
        }
        if status == JobStatus.SUCCEEDED:
            total = max(self.total, 1)
            fields.update(progress_done=total, progress_total=total, stage="Finished")
            if self.result is not None:
                fields.update(result_path=self.result[0], result_name=self.result[1], result_type=self.result[2])
        else:
            fields["stage"] = "Stopped"
        BackgroundJob.objects.filter(pk=self.job.pk).update(**fields)


class JobAlreadyFinished(Exception):
    """A task was run again for a job that has already finished."""


@contextmanager
def job_running(job_id: int) -> Iterator[JobRun]:
    """Mark the job running, hand the task its JobRun, and record how it ended (see the module)."""
    job = BackgroundJob.objects.select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        raise JobAlreadyFinished(f"Job {job_id} has already finished")
    now = timezone.now()
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=now, updated_at=now, stage="Starting"
    )
    run = JobRun(job)
    try:
        yield run
    except ImportRejected as rejected:
        run.discard_result()
        problems = [_problem(problem) for problem in rejected.problems]
        run.close(JobStatus.FAILED, outcome={"message": str(rejected), "problems": problems}, failure=str(rejected))
    except ValidationError as error:
        run.discard_result()
        run.close(
            JobStatus.FAILED, outcome={"message": "; ".join(error.messages), "errors": error.messages},
            failure="; ".join(error.messages),
        )  # fmt: skip
    except (PermissionDenied, Http404):
        run.discard_result()
        run.close(
            JobStatus.FAILED,
            failure="The record is no longer there, or you may no longer do this, so nothing was changed.",
        )
    except Exception as error:
        run.discard_result()
        run.close(
            JobStatus.FAILED,
            failure=f"The job stopped because of an unexpected error ({type(error).__name__}), so nothing was "
            "changed. Try again, and tell the service's operators if it happens again.",
        )
        raise
    else:
        run.close(JobStatus.SUCCEEDED, outcome=run.outcome)
    finally:
        _remove_uploads(job.uploads)


def job_prune(*, older_than: datetime.timedelta) -> int:
    """Delete jobs that finished longer ago than `older_than`, with the documents they built, and
    uploads left behind by a worker that stopped mid-job; returns how many jobs went."""
    cutoff = timezone.now() - older_than
    old = BackgroundJob.objects.filter(finished_at__lt=cutoff)
    for path in old.exclude(result_path="").values_list("result_path", flat=True):
        shutil.rmtree((jobs_dir() / path).parent, ignore_errors=True)
    deleted, _ = old.delete()
    waiting = {
        (jobs_dir() / upload["path"]).parent
        for uploads in BackgroundJob.objects.filter(finished_at__isnull=True).values_list("uploads", flat=True)
        for upload in uploads
    }
    folder = jobs_dir() / "uploads"
    for stale in folder.iterdir() if folder.exists() else []:
        if stale not in waiting and stale.stat().st_mtime < cutoff.timestamp():
            shutil.rmtree(stale, ignore_errors=True)
    return deleted


def _problem(problem: RowProblem) -> dict[str, Any]:
    found = asdict(problem)
    return {"file": found["file"], "line": found["line"], "column": found["column"], "reason": found["message"]}


def problem_text(problem: dict[str, Any]) -> str:
    """A stored problem in the words of the import pages: "file.csv, line 3, column Date: ..."."""
    return str(RowProblem(problem.get("file", ""), problem.get("line"), problem.get("column"), problem["reason"]))


def job_form_errors(job: BackgroundJob, *, limit: int = PROBLEMS_ON_FORM) -> list[str]:
    """A failed job's problems as an import form lists them: the first `limit`, then how many more."""
    problems = job.problems
    shown = [problem_text(problem) for problem in problems[:limit]]
    if len(problems) > limit:
        shown.append(f"... and {len(problems) - limit} more problems")
    return shown or [str(message) for message in job.outcome.get("errors", [])]
