"""The page shell's own pages: health, help pages, errors, and each person's background jobs."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

import commissioning
from commissioning.core import selectors
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import job_file_response

# While a job is queued or running, its page reloads itself this often (seconds) if the person
# asks it to. Off by default: a page that reloads on its own sets a time limit people may not
# want (WCAG 2.2.1), so it is their choice, and they can turn it off again.
JOB_PAGE_REFRESH = 5
PROBLEMS_PER_PAGE = 100


class InformationPageView(TemplateView):
    """Pages anyone can read, signed in or not (accessibility statement, privacy, data sources)."""


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as error:
        database = f"error: {error.__class__.__name__}"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "version": commissioning.__version__},
        status=200 if healthy else 503,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (usually a page left open past the session, or
    cookies blocked): say what to do in the service's own page, not Django's debug text."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@method_decorator(never_cache, name="dispatch")
class JobListView(PageAccessMixin, TemplateView):
    """The imports and documents the person started, newest first."""

    template_name = "core/job_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        page = Paginator(selectors.job_list(user=self.request.user), 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, jobs=list(page), **kwargs)


@method_decorator(never_cache, name="dispatch")
class JobDetailView(PageAccessMixin, TemplateView):
    """A job's progress, then its outcome: what changed, or every problem to put right.

    Works without JavaScript: while the job is queued or running the page reloads itself every
    few seconds (the person can turn that off), and once it has finished it stays still.
    """

    template_name = "core/job_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        job = selectors.job_get(user=self.request.user, pk=self.kwargs["pk"])
        updates_on = self.request.GET.get("updates") == "on"
        problems = Paginator(job.problems, PROBLEMS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            job=job,
            refreshing=updates_on and not job.is_finished,
            refresh_every=JOB_PAGE_REFRESH,
            problems=problems,
            **kwargs,
        )


class JobFileView(PageAccessMixin, View):
    """The document a job built, for the person who asked for it."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return job_file_response(selectors.job_get(user=request.user, pk=kwargs["pk"]))
