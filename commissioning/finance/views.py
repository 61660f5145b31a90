"""Pages for resources: budgets against spend, cost centres, spend imports, unit costs, cost of
care exercises and options appraisals."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.models import Organisation
from commissioning.core.filtersets import filtered_page
from commissioning.core.jobs import job_start
from commissioning.core.permissions import PageAccessMixin, require
from commissioning.core.views_mixins import JobFormView, ModelFormPage, ServiceFormView, document_job_response
from commissioning.finance import documents, selectors, services, tasks
from commissioning.finance import permissions as can
from commissioning.finance.analysis import (
    STARTING_INPUTS,
    appraisal_for,
    exercise_context,
)
from commissioning.finance.filtersets import SpendTransactionFilterSet
from commissioning.finance.forms import (
    BudgetForm,
    CostCentreForm,
    ExerciseForm,
    ExerciseInputsForm,
    FeeForm,
    OptionForm,
    SpendImportForm,
    SurveyReturnForm,
    UnitCostForm,
    YearForm,
)
from commissioning.finance.models import (
    Budget,
    CostCentre,
    CostOfCareExercise,
    OptionAppraisal,
    UnitCost,
    financial_year_label,
    financial_year_of,
)
from commissioning.finance.reports import OUTTURN_METHOD, budget_report
from commissioning.needs.published import forecast_measure_list


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return financial_year_of(datetime.date.today())


class FinanceIndexView(PageAccessMixin, TemplateView):
    """Budget against actual and committed spend, with the forecast outturn, for a year."""

    template_name = "finance/index.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        year = _year(self.request)
        return super().get_context_data(
            year=year,
            year_label=financial_year_label(year),
            year_form=YearForm(initial={"year": year}),
            report=budget_report(organisation_id=user.organisation_id, financial_year=year),
            budgets=list(selectors.budget_list(user=user, financial_year=year)),
            method=OUTTURN_METHOD,
            can_manage=can.can_manage_finance(user),
            **kwargs,
        )


class BudgetReportDownloadView(PageAccessMixin, TemplateView):
    permission = staticmethod(can.can_view_finance)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = _year(request)
        report = budget_report(organisation_id=request.user.organisation_id, financial_year=year)
        organisation = request.user.organisation
        if kwargs["format"] == "xlsx":
            content, kind = documents.budget_xlsx(report, organisation), documents.XLSX
        elif kwargs["format"] == "pdf":
            content, kind = documents.budget_pdf(report, organisation), "application/pdf"
        else:
            raise Http404("Choose xlsx or pdf")
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="budget-{year}.{kwargs["format"]}"'
        return response


class FormPage(ModelFormPage):
    """Resources forms go back, and on after saving, to the list they came from."""

    back = "finance:index"

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class BudgetMixin:
    def form_kwargs(self) -> dict[str, Any]:
        user = self.request.user  # type: ignore[attr-defined]
        return {
            "partners": Organisation.objects.filter(kind__in=("council", "nhs_icb")).exclude(pk=user.organisation_id)
        }

    def success_url_for(self, result: Budget) -> str:
        return f"{reverse('finance:index')}?year={result.financial_year}"


class BudgetCreateView(BudgetMixin, FormPage):
    permission = staticmethod(can.can_manage_finance)
    form_class = BudgetForm
    heading = "Add a budget line"
    success_message = "Budget line saved"

    def get_initial(self) -> dict[str, Any]:
        return {"financial_year": _year(self.request)}

    def perform(self, form: Any) -> Budget:
        return services.budget_create(by=self.request.user, **form.cleaned_data)


class BudgetEditView(BudgetMixin, FormPage):
    permission = staticmethod(can.owns)
    form_class = BudgetForm
    heading = "Change a budget line"
    success_message = "Budget line saved"

    @cached_property
    def budget(self) -> Budget:
        return selectors.budget_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.budget

    def instance(self) -> Any:
        return self.budget

    def perform(self, form: Any) -> Budget:
        return services.budget_update(budget=self.budget, by=self.request.user, **form.cleaned_data)


class CostCentreListView(PageAccessMixin, TemplateView):
    template_name = "finance/cost_centres.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            centres=list(selectors.cost_centre_list(user=user)), can_manage=can.can_manage_finance(user), **kwargs
        )


class CostCentreCreateView(FormPage):
    permission = staticmethod(can.can_manage_finance)
    form_class = CostCentreForm
    heading = "Add a cost centre"
    back = "finance:cost-centres"
    success_message = "Cost centre saved"

    def perform(self, form: Any) -> CostCentre:
        return services.cost_centre_create(by=self.request.user, **form.cleaned_data)


class CostCentreEditView(FormPage):
    permission = staticmethod(can.owns)
    form_class = CostCentreForm
    heading = "Change a cost centre"
    back = "finance:cost-centres"
    success_message = "Cost centre saved: its spend now counts against the service and client group chosen"

    @cached_property
    def cost_centre(self) -> CostCentre:
        return selectors.cost_centre_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.cost_centre

    def instance(self) -> Any:
        return self.cost_centre

    def perform(self, form: Any) -> CostCentre:
        return services.cost_centre_update(cost_centre=self.cost_centre, by=self.request.user, **form.cleaned_data)


class SpendImportView(JobFormView, FormPage):
    template_name = "finance/spend_import.html"
    permission = staticmethod(can.can_manage_finance)
    form_class = SpendImportForm
    heading = "Import spend"
    back = "finance:spend"

    def get_form(self, form_class: Any = None) -> Any:
        return SpendImportForm(
            self.request.POST or None,
            self.request.FILES or None,
            initial={"financial_year": financial_year_of(datetime.date.today())},
        )

    def start_job(self, form: Any) -> Any:
        upload = form.cleaned_data["file"]
        year = form.cleaned_data["financial_year"]
        return job_start(
            task=tasks.spend_import,
            title=f"Import spend for {financial_year_label(year)} from {upload.name}",
            by=self.request.user,
            uploads=[upload],
            params={"financial_year": year},
            back_url=reverse("finance:spend-import"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(runs=list(selectors.spend_import_list(user=self.request.user)[:10]), **kwargs)


class SpendListView(PageAccessMixin, TemplateView):
    template_name = "finance/spend.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = SpendTransactionFilterSet.for_page(self.request, selectors.transaction_list(user=self.request.user))
        form, page = filterset.form, filtered_page(self.request, filterset)
        return super().get_context_data(
            form=form, page=page, can_manage=can.can_manage_finance(self.request.user), **kwargs
        )


class UnitCostListView(PageAccessMixin, TemplateView):
    template_name = "finance/unit_costs.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            unit_costs=list(selectors.unit_cost_list(user=user)), can_manage=can.can_manage_finance(user), **kwargs
        )


class UnitCostEditView(FormPage):
    permission = staticmethod(can.can_change_unit_cost)
    form_class = UnitCostForm
    heading = "Change a unit cost"
    back = "finance:unit-cost-list"
    success_message = "Unit cost saved"

    @cached_property
    def unit_cost(self) -> UnitCost:
        return selectors.unit_cost_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.unit_cost

    def instance(self) -> Any:
        return self.unit_cost

    def perform(self, form: Any) -> UnitCost:
        return services.unit_cost_update(unit_cost=self.unit_cost, by=self.request.user, **form.cleaned_data)


class SpendImportRemoveView(PageAccessMixin, TemplateView):
    """Take a whole finance file back out (for a file loaded against the wrong year, say)."""

    permission = staticmethod(can.owns)

    @cached_property
    def run(self) -> Any:
        return selectors.spend_import_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.run

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("finance:spend-import"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        name, rows = self.run.file_name, self.run.rows
        services.spend_import_remove(run=self.run, by=request.user)
        messages.success(request, f"Removed {name} and its {rows} transactions")
        return HttpResponseRedirect(reverse("finance:spend-import"))


class UnitCostCreateView(FormPage):
    permission = staticmethod(can.can_manage_finance)
    form_class = UnitCostForm
    heading = "Add a unit cost"
    back = "finance:unit-cost-list"
    success_message = "Unit cost saved"

    def get_initial(self) -> dict[str, Any]:
        return {"financial_year": financial_year_of(datetime.date.today())}

    def perform(self, form: Any) -> UnitCost:
        return services.unit_cost_create(by=self.request.user, **form.cleaned_data)


# Options appraisal -----------------------------------------------------------------------------


class OptionListView(PageAccessMixin, TemplateView):
    template_name = "finance/option_list.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            options=list(selectors.option_list(user=user)), can_manage=can.can_manage_finance(user), **kwargs
        )


class OptionCreateView(FormPage):
    template_name = "finance/option_form.html"
    permission = staticmethod(can.can_manage_finance)
    form_class = OptionForm
    heading = "Appraise an option"
    back = "finance:option-list"
    success_message = "Option saved"

    def get_initial(self) -> dict[str, Any]:
        year = datetime.date.today().year
        return {"first_year": year, "last_year": year + 4, "discount_rate_percent": "3.5"}

    def form_kwargs(self) -> dict[str, Any]:
        return {"measures": forecast_measure_list(user=self.request.user)}

    def perform(self, form: Any) -> OptionAppraisal:
        return services.option_create(by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: OptionAppraisal) -> str:
        return result.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            unit_costs=list(selectors.unit_cost_list(user=self.request.user)[:30]), **kwargs
        )


class OptionMixin:
    @cached_property
    def option(self) -> OptionAppraisal:
        return selectors.option_get(user=self.request.user, pk=self.kwargs["pk"])  # type: ignore[attr-defined]

    def get_permission_object(self) -> Any:
        return self.option


class OptionEditView(OptionMixin, OptionCreateView):
    permission = staticmethod(can.owns)
    heading = "Change an option"

    def get_initial(self) -> dict[str, Any]:
        return {}  # the saved option's own values

    def instance(self) -> Any:
        return self.option

    def perform(self, form: Any) -> OptionAppraisal:
        return services.option_update(option=self.option, by=self.request.user, **form.cleaned_data)


class OptionDetailView(OptionMixin, PageAccessMixin, TemplateView):
    template_name = "finance/option_detail.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            option=self.option,
            appraisal=appraisal_for(self.option),
            can_change=can.owns(user, self.option),
            **kwargs,
        )


# Cost of care -----------------------------------------------------------------------------------


class ExerciseListView(PageAccessMixin, TemplateView):
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


class ExerciseDetailView(ExerciseMixin, PageAccessMixin, TemplateView):
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
            reuse_key=f"{exercise.pk}:{file_format}:{exercise.updated_at.isoformat()}",
            back_url=exercise.get_absolute_url(),
        )


def _exercise_file(exercise: CostOfCareExercise, context: dict[str, Any], file_format: str) -> HttpResponse:
    if file_format not in documents.EXERCISE_FORMATS:
        raise Http404("Choose xlsx or pdf")
    response = HttpResponse(
        documents.exercise_file(context, file_format), content_type=documents.EXERCISE_FORMATS[file_format][1]
    )
    response["Content-Disposition"] = f'attachment; filename="{documents.exercise_file_name(exercise, file_format)}"'
    return response


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
