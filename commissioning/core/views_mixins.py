"""Small pieces shared by the page views of every app."""

from __future__ import annotations

import copy
from functools import partial
from itertools import chain
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView
from django_tasks.base import Task

from commissioning.core.choices import JobStatus
from commissioning.core.downloads import attachment
from commissioning.core.forms import add_service_errors
from commissioning.core.history import history_entries
from commissioning.core.jobs import job_file_path, job_form_errors, job_start
from commissioning.core.models import BackgroundJob
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.submissions import NOT_FROM_THE_PAGE, already_sent, answer_once, sent_before


def base_url(request: HttpRequest) -> str:
    """The service's address as the user reached it, for links in emails."""
    return request.build_absolute_uri("/")


class ServiceFormView(PageAccessMixin, FormView):
    """A form page whose valid input is handed to a service.

    Subclasses implement `perform(form)` (call the service, return the record) and
    `success_url_for(record)`; a ValidationError from the service is shown on the form, and
    nothing is saved (services are atomic).

    Sent twice, the form makes one record (core.submissions): the page's template carries
    `form_token_input()`, and a repeat is taken to what the first made. A page that only changes
    a record that already exists (an edit: sending it twice saves the same values) sets
    `submit_once = False`, so that going back and changing it again is not refused.
    """

    success_message = ""
    submit_once = True
    answer_in_one_transaction = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A repeat is answered before access is checked again: what the first made may have
        # changed what is allowed (a cycle's next cycle is started only once).
        if self.submit_once and request.method == "POST":
            earlier = sent_before(request)
            if earlier is not None:
                return already_sent(request, earlier)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        respond = partial(super().post, request, *args, **kwargs)
        if not self.submit_once:
            return respond()
        return answer_once(
            request, respond, not_from_page=self.form_not_from_page, one_transaction=self.answer_in_one_transaction
        )

    def form_not_from_page(self) -> HttpResponse:
        """The form again, asking for it to be sent from the page (which gives it its token)."""
        form = self.get_form()
        form.is_valid()
        form.add_error(None, NOT_FROM_THE_PAGE)
        return self.form_invalid(form)

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        return result.get_absolute_url()

    def success_message_for(self, result: Any) -> str:
        return self.success_message

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        message = self.success_message_for(result)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.success_url_for(result))


class JobFormView(ServiceFormView):
    """An upload page whose files are imported by a background job.

    Subclasses implement `perform(form)` by starting the job (core.jobs.job_start with the app's
    task) and returning it. When the job has already finished by the time the page answers (tasks
    that run in the request, as in the demo), the page answers as a plain form does: the
    outcome's message and next page, or the form again listing the bad rows. While the job is
    queued or running (a task worker), the person is taken to the job's own page, which shows its
    progress and then its outcome.

    The form token is kept from the start of the import rather than in one transaction with it,
    so an import run in the request still saves in its own steps (docs/adr/0010).
    """

    answer_in_one_transaction = False

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            job: BackgroundJob = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if job.status == JobStatus.SUCCEEDED:
            if job.outcome.get("message"):
                messages.success(self.request, job.outcome["message"])
            for note in job.outcome.get("notes", []):  # e.g. values kept that look like formulas
                messages.info(self.request, note)
            return HttpResponseRedirect(job.outcome.get("next_url") or job.get_absolute_url())
        errors = job_form_errors(job) if job.status == JobStatus.FAILED else []
        if errors:
            form.add_error(None, errors)
            return self.form_invalid(form)
        return HttpResponseRedirect(job.get_absolute_url())


def job_file_response(job: BackgroundJob) -> HttpResponse:
    """A finished job's document, downloaded under the name it was built with."""
    path = job_file_path(job)
    if not job.has_file or not path.is_file():
        raise Http404("This file is no longer kept: ask for it again")
    return attachment(
        path.read_bytes(), content_type=job.result_type or "application/octet-stream", file_name=job.result_name
    )


def document_job_response(
    request: HttpRequest, *, task: Task, title: str, params: dict[str, Any], reuse_key: str, back_url: str
) -> HttpResponse:
    """A document download built by a background job: the file itself when the build has
    already finished (tasks that run in the request), otherwise the job's page, which offers the
    file when it is ready. Asking again while a build is under way, or just after, reuses it."""
    job = job_start(task=task, title=title, by=request.user, params=params, reuse_key=reuse_key, back_url=back_url)
    if job.has_file:
        return job_file_response(job)
    return HttpResponseRedirect(job.get_absolute_url())


class ModelFormPage(ServiceFormView):
    """A create or edit page for one record (a ModelForm) on the shared form layout.

    Subclasses set `form_class`, `heading` and `back` (the URL name to go back to) or override
    `back_url()`; `instance()` gives the record being changed and `form_kwargs()` any extra
    arguments the form takes.
    """

    template_name = "form_page.html"
    heading = ""
    submit_label = "Save"
    back = ""

    def back_url(self) -> str:
        return reverse(self.back)

    def instance(self) -> Any:
        return None

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_form(self, form_class: Any = None) -> Any:
        # The form checks a copy: the record itself changes only through the service.
        instance = self.instance()
        return self.form_class(  # type: ignore[misc]
            self.request.POST or None,
            instance=copy.copy(instance) if instance is not None and instance.pk else instance,
            initial=self.get_initial(),
            **self.form_kwargs(),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {"heading": self.heading, "back_url": self.back_url(), "submit_label": self.submit_label}
        return super().get_context_data(**{**context, **kwargs})


class RecordFormPage(ServiceFormView):
    """A form on a record that already exists (a contract's variation, a care package's change) on
    the shared form layout: subclasses give `back_url()`, and `heading` or `page_heading()`."""

    template_name = "form_page.html"
    heading = ""
    submit_label = "Save"

    def page_heading(self) -> str:
        return self.heading

    def back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        page = {"heading": self.page_heading(), "back_url": self.back_url(), "submit_label": self.submit_label}
        return super().get_context_data(**{**page, **kwargs})


class HistoryPageMixin:
    """A page listing a record's audit history, newest first, 50 changes a page.

    Views give the history querysets (the record's own, and optionally those of records inside
    it, whose entries are then labelled) and the record's title and address.
    """

    template_name = "core/history.html"
    label_records = False

    def history_records(self) -> list[QuerySet[Any]]:
        raise NotImplementedError

    def history_subject(self) -> tuple[str, str]:
        """(title, back link) for the page."""
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        entries = sorted(
            chain.from_iterable(
                history_entries(records, label_records=self.label_records) for records in self.history_records()
            ),
            key=lambda entry: entry.when,
            reverse=True,
        )
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))  # type: ignore[attr-defined]
        title, back_url = self.history_subject()
        context.update(
            page=page, entries=list(page), record_title=title, back_url=back_url, labelled=self.label_records
        )
        return context


def in_words(service: Any, *, also: tuple[type[Exception], ...] = (), **kwargs: Any) -> Any:
    """Call a service for a form page: a refusal for want of permission (or one of `also`) is shown
    on the form like any other reason. Nothing is saved, as services are atomic."""
    try:
        return service(**kwargs)
    except (PermissionDenied, *also) as error:
        raise ValidationError(str(error)) from None
