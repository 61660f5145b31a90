"""Pages for budgets, spend, cost centres and unit costs."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.models import Organisation
from commissioning.core.choices import ClientGroup
from commissioning.core.downloads import attachment
from commissioning.core.filtersets import filtered_page
from commissioning.core.jobs import job_start
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import JobFormView, ModelFormPage
from commissioning.finance import documents, selectors, services, tasks
from commissioning.finance import permissions as can
from commissioning.finance.commitments import by_source, commitments_for, rest_of_year
from commissioning.finance.filtersets import SpendTransactionFilterSet
from commissioning.finance.forms import (
    BudgetForm,
    CostCentreForm,
    SpendImportForm,
    UnitCostForm,
    YearForm,
)
from commissioning.finance.models import (
    Budget,
    CostCentre,
    UnitCost,
    financial_year_label,
    financial_year_of,
)
from commissioning.finance.reports import CONTRACTED_METHOD, OUTTURN_METHOD, ZERO


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return financial_year_of(timezone.localdate())


class FinanceIndexView(KeptPageMixin, PageAccessMixin, TemplateView):
    """Budget against actual and committed spend, with the forecast outturn, for a year."""

    template_name = "finance/index.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        year = _year(self.request)
        report = selectors.budget_report_get(user=user, financial_year=year)
        client_group = self.request.GET.get("client_group", "")
        return super().get_context_data(
            year=year,
            year_label=financial_year_label(year),
            year_form=YearForm(initial={"year": year}),
            report=report,
            # Arriving from a cycle's analysis: that client group's lines added up first.
            focus=report.client_group_total(client_group) if client_group in ClientGroup.values else None,
            focus_label=ClientGroup(client_group).label if client_group in ClientGroup.values else "",
            budgets=list(selectors.budget_list(user=user, financial_year=year)),
            method=OUTTURN_METHOD,
            contracted_method=CONTRACTED_METHOD,
            can_manage=can.can_manage_finance(user),
            **kwargs,
        )


class CommitmentsView(KeptPageMixin, PageAccessMixin, TemplateView):
    """Where the budget report's "contracted for the rest of the year" comes from: each source's
    commitments (contracts, care packages) by client group and service, with the number of records
    and their amount: the same figures the report adds up."""

    template_name = "finance/commitments.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = _year(self.request)
        as_of = timezone.localdate()  # as the budget report is
        sources = [
            (source, lines, sum((line.amount for line in lines), ZERO), sum(line.count for line in lines))
            for source, lines in by_source(commitments_for(self.request.user.organisation_id, year, as_of))
        ]
        inside = {line.source for _, lines, _, _ in sources for line in lines if line.inside}
        first, last = rest_of_year(year, as_of)
        return super().get_context_data(
            year=year,
            year_label=financial_year_label(year),
            year_form=YearForm(initial={"year": year}),
            as_of=as_of,
            first=first,
            last=last,
            sources=sources,
            inside=inside,
            total=sum((amount for source, _, amount, _ in sources if source not in inside), ZERO),
            method=CONTRACTED_METHOD,
            **kwargs,
        )


class BudgetReportDownloadView(PageAccessMixin, TemplateView):
    permission = staticmethod(can.can_view_finance)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = _year(request)
        report = selectors.budget_report_get(user=request.user, financial_year=year)
        organisation = request.user.organisation
        if kwargs["format"] == "xlsx":
            content, kind = documents.budget_xlsx(report, organisation), documents.XLSX
        elif kwargs["format"] == "pdf":
            content, kind = documents.budget_pdf(report, organisation), "application/pdf"
        else:
            raise Http404("Choose xlsx or pdf")
        return attachment(content, content_type=kind, file_name=f"budget-{year}.{kwargs['format']}")


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
    submit_once = False
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


class CostCentreListView(KeptPageMixin, PageAccessMixin, TemplateView):
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
    submit_once = False
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

    def perform(self, form: Any) -> Any:
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


class SpendListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "finance/spend.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = SpendTransactionFilterSet.for_page(self.request, selectors.transaction_list(user=self.request.user))
        form, page = filterset.form, filtered_page(self.request, filterset)
        return super().get_context_data(
            form=form, page=page, can_manage=can.can_manage_finance(self.request.user), **kwargs
        )


class UnitCostListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "finance/unit_costs.html"
    permission = staticmethod(can.can_view_finance)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            unit_costs=list(selectors.unit_cost_list(user=user)), can_manage=can.can_manage_finance(user), **kwargs
        )


class UnitCostEditView(FormPage):
    submit_once = False
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
