"""Pages for cost of care exercises: the council's open model, providers' returns, the proposed
fee, documents and the public page."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.downloads import attachment
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin, require
from commissioning.core.views_mixins import ServiceFormView, document_job_response
from commissioning.finance import documents, selectors, services, tasks
from commissioning.finance import permissions as can
from commissioning.finance.analysis import (
    STARTING_INPUTS,
    exercise_context,
)
from commissioning.finance.forms import (
    ExerciseForm,
    ExerciseInputsForm,
    FeeForm,
    SurveyReturnForm,
)
from commissioning.finance.models import (
    CostOfCareExercise,
    financial_year_of,
)
from commissioning.finance.views.resources import FormPage


class ExerciseListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "finance/exercise_list.html"
    permission = staticmethod(can.can_view_exercises)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            exercises=list(selectors.exercise_list(user=user)),
            can_manage=can.can_manage_finance(user),
            staff=can.can_view_finance(user),
            **kwargs,
        )


class ExerciseCreateView(FormPage):
    permission = staticmethod(can.can_manage_finance)
    form_class = ExerciseForm
    heading = "Start a cost of care exercise"
    back = "finance:exercise-list"
    success_message = "Exercise started with example inputs: replace them with your own evidence"

    def get_initial(self) -> dict[str, Any]:
        return {"financial_year": financial_year_of(datetime.date.today()) + 1}

    def perform(self, form: Any) -> CostOfCareExercise:
        fields = form.cleaned_data
        return services.exercise_create(by=self.request.user, inputs=dict(STARTING_INPUTS[fields["kind"]]), **fields)

    def success_url_for(self, result: CostOfCareExercise) -> str:
        return result.get_absolute_url()


class ExerciseMixin:
    @cached_property
    def exercise(self) -> CostOfCareExercise:
        return selectors.exercise_get(user=self.request.user, pk=self.kwargs["pk"])  # type: ignore[attr-defined]

    def get_permission_object(self) -> Any:
        return self.exercise


class ExerciseDetailView(KeptPageMixin, ExerciseMixin, PageAccessMixin, TemplateView):
    template_name = "finance/exercise_detail.html"
    permission = staticmethod(can.can_view_exercises)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        exercise = self.exercise
        staff = can.can_view_finance(user)
        return super().get_context_data(
            **exercise_context(exercise, council_view=can.owns_exercise(user, exercise)),
            staff=staff,
            returns=list(selectors.survey_return_list(user=user, exercise=exercise)),
            can_change=can.can_change_exercise(user, exercise),
            can_submit=can.can_submit_return(user, exercise),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Publish the model, the survey summary and the proposed fee with its reasoning."""
        require(request.user, can.can_change_exercise, self.exercise)
        try:
            services.exercise_publish(exercise=self.exercise, by=request.user)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "Published: providers and the public can read the model and the proposed fee")
        return HttpResponseRedirect(self.exercise.get_absolute_url())


class ExerciseInputsView(ExerciseMixin, ServiceFormView):
    submit_once = False
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_exercise)
    success_message = "Inputs saved: the model below is rebuilt from them"

    def get_form(self, form_class: Any = None) -> ExerciseInputsForm:
        return ExerciseInputsForm(self.request.POST or None, kind=self.exercise.kind, initial=self.exercise.inputs)

    def perform(self, form: ExerciseInputsForm) -> CostOfCareExercise:
        return services.exercise_update_inputs(exercise=self.exercise, inputs=form.cleaned_data, by=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Model inputs and assumptions",
            caption=self.exercise.title,
            back_url=self.exercise.get_absolute_url(),
            **kwargs,
        )


class ExerciseFeeView(ExerciseMixin, FormPage):
    submit_once = False
    permission = staticmethod(can.can_change_exercise)
    form_class = FeeForm
    heading = "Proposed fee and reasoning"
    success_message = "Fee proposal saved"

    def instance(self) -> Any:
        return self.exercise

    def perform(self, form: Any) -> CostOfCareExercise:
        return services.exercise_update(exercise=self.exercise, by=self.request.user, **form.cleaned_data)

    def back_url(self) -> str:
        return self.exercise.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(caption=self.exercise.title, **kwargs)


class SurveyReturnView(ExerciseMixin, ServiceFormView):
    """A provider returns its own costs, line by line (and may correct them while open)."""

    template_name = "form_page.html"
    permission = staticmethod(can.can_submit_return)
    success_message = "Your costs are saved. Only you and the council can see them."

    @cached_property
    def provider(self) -> Any:
        return self.request.user.organisation.provider_record

    def get_form(self, form_class: Any = None) -> SurveyReturnForm:
        existing = self.exercise.returns.filter(provider=self.provider).first()
        initial = {**existing.lines, "notes": existing.notes} if existing else {}
        return SurveyReturnForm(self.request.POST or None, kind=self.exercise.kind, initial=initial)

    def perform(self, form: SurveyReturnForm) -> Any:
        return services.survey_return_save(
            exercise=self.exercise,
            provider=self.provider,
            lines=form.lines(),
            notes=form.cleaned_data["notes"],
            by=self.request.user,
        )

    def success_url_for(self, result: Any) -> str:
        return self.exercise.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Your costs",
            caption=f"{self.exercise.title}: {self.provider.name}",
            back_url=self.exercise.get_absolute_url(),
            submit_label="Save your costs",
            **kwargs,
        )


class ExerciseDownloadView(ExerciseMixin, PageAccessMixin, TemplateView):
    """The model as Excel or PDF, built by a background job (see document_job_response)."""

    permission = staticmethod(can.can_view_exercises)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        file_format = kwargs["format"]
        if file_format not in documents.EXERCISE_FORMATS:
            raise Http404("Choose xlsx or pdf")
        exercise = self.exercise
        return document_job_response(
            request,
            task=tasks.exercise_document,
            title=f"{exercise.title} as {documents.EXERCISE_FORMATS[file_format][0]}",
            params={"exercise_id": exercise.pk, "file_format": file_format},
            # A new or changed provider return changes the document as much as the exercise does.
            reuse_key=f"{exercise.pk}:{file_format}:{exercise.updated_at.isoformat()}:{_returns_changed(exercise)}",
            back_url=exercise.get_absolute_url(),
        )


def _exercise_file(exercise: CostOfCareExercise, context: dict[str, Any], file_format: str) -> HttpResponse:
    if file_format not in documents.EXERCISE_FORMATS:
        raise Http404("Choose xlsx or pdf")
    return attachment(
        documents.exercise_file(context, file_format),
        content_type=documents.EXERCISE_FORMATS[file_format][1],
        file_name=documents.exercise_file_name(exercise, file_format),
    )


def _returns_changed(exercise: CostOfCareExercise) -> str:
    latest = exercise.returns.aggregate(latest=Max("updated_at"), count=Count("pk"))
    return f"{latest['count']}:{latest['latest'].isoformat() if latest['latest'] else ''}"


class PublicExerciseView(TemplateView):
    """A published exercise for everyone: the model, the survey summary (no single provider's
    figures) and the proposed fee with its reasoning."""

    template_name = "finance/exercise_public.html"

    @cached_property
    def exercise(self) -> CostOfCareExercise:
        return selectors.published_exercise_get(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**exercise_context(self.exercise, council_view=False), **kwargs)


class PublicExerciseDownloadView(PublicExerciseView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = {**exercise_context(self.exercise, council_view=False), "returns": []}
        return _exercise_file(self.exercise, context, kwargs["format"])
