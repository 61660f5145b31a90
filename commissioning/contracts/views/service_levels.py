"""A contract's service levels: KPIs (typed in, or started from the tender's quality questions) and
its quality criteria and outcomes."""

from __future__ import annotations

from typing import Any

from django.utils.functional import cached_property

from commissioning.contracts import permissions as can
from commissioning.contracts import services
from commissioning.contracts.forms import KpiForm, StandardForm, TenderKpiForm
from commissioning.contracts.models import Kpi, ServiceStandard
from commissioning.contracts.views.register import ContractFormView, ContractMixin, part_of
from commissioning.core.views_mixins import ModelFormPage
from commissioning.procurement.models import QualityQuestion

__all__ = ["KpiCreateView", "KpiEditView", "KpisFromTenderView", "StandardCreateView"]


class KpiCreateView(ContractMixin, ModelFormPage):
    permission = staticmethod(can.can_change_contract)
    form_class = KpiForm
    heading = "Add a KPI"
    success_message = "KPI added"

    def perform(self, form: Any) -> Kpi:
        return services.kpi_add(by=self.request.user, contract=self.contract, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class KpiEditView(ContractMixin, ModelFormPage):
    permission = staticmethod(can.can_change_contract)
    form_class = KpiForm
    heading = "Change a KPI"
    success_message = "KPI saved"
    submit_once = False

    @cached_property
    def kpi(self) -> Kpi:
        return part_of(self.contract.kpis, self.kwargs["part"])

    def instance(self) -> Kpi:
        return self.kpi

    def perform(self, form: Any) -> Kpi:
        return services.kpi_update(by=self.request.user, kpi=self.kpi, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class KpisFromTenderView(ContractFormView):
    form_class = TenderKpiForm
    heading = "Start KPIs from the tender's quality questions"
    submit_label = "Add these KPIs"
    success_message = "KPIs added from the tender: agree a target for each"

    def get_form_kwargs(self) -> dict[str, Any]:
        questions = QualityQuestion.objects.filter(pk__in=[q.pk for q in services.tender_questions(self.contract)])
        return {**super().get_form_kwargs(), "questions": questions.order_by("number")}

    def perform(self, form: Any) -> Any:
        questions = form.cleaned_data["questions"]
        services.kpis_from_tender(by=self.request.user, contract=self.contract, questions=questions)
        return self.contract


class StandardCreateView(ContractFormView):
    form_class = StandardForm
    heading = "Add a quality criterion or outcome"
    submit_label = "Add"
    success_message = "Added to the service levels"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": ServiceStandard(contract=self.contract)}

    def perform(self, form: Any) -> ServiceStandard:
        return services.standard_add(by=self.request.user, contract=self.contract, **form.cleaned_data)
