"""Pages for scenarios: named what-ifs a council keeps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView
from commissioning.needs import permissions as can
from commissioning.needs import selectors, services
from commissioning.needs.choices import VintageKind
from commissioning.needs.forms import (
    ScenarioForm,
)
from commissioning.needs.models import Scenario, ScenarioAdjustment


class ScenarioListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "needs/scenario_list.html"
    permission = staticmethod(can.can_view_needs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            scenarios=selectors.scenario_list(user=self.request.user),
            can_add=can.can_add_local_evidence(self.request.user),
            **kwargs,
        )


class ScenarioMixin(PageAccessMixin):
    @cached_property
    def scenario(self) -> Scenario:
        return selectors.scenario_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Scenario:
        return self.scenario


class ScenarioDetailView(KeptPageMixin, ScenarioMixin, TemplateView):
    template_name = "needs/scenario_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        area = user.organisation.area if user.organisation and user.organisation.area_id else None
        return super().get_context_data(
            scenario=self.scenario,
            area=area,
            can_change=can.can_change_scenario(user, self.scenario),
            **kwargs,
        )


class ScenarioFormMixin:
    template_name = "needs/scenario_form.html"

    def get_form(self, form_class: Any = None) -> ScenarioForm:
        return ScenarioForm(
            **self.get_form_kwargs(),  # type: ignore[attr-defined]
            needs=selectors.need_list(user=self.request.user),  # type: ignore[attr-defined]
            vintages=selectors.vintage_list().filter(kind=VintageKind.PROJECTION),
        )

    def save(self, form: ScenarioForm, scenario: Scenario | None) -> Scenario:
        data = form.cleaned_data
        fields = {key: data[key] for key in ("name", "description", "vintage", "adjustments")}
        user = self.request.user  # type: ignore[attr-defined]
        if scenario is None:
            return services.scenario_create(by=user, **fields)
        return services.scenario_update(scenario=scenario, by=user, **fields)


class ScenarioCreateView(ScenarioFormMixin, ServiceFormView):
    permission = staticmethod(can.can_add_local_evidence)
    success_message = "Scenario saved"

    def perform(self, form: ScenarioForm) -> Scenario:
        return self.save(form, None)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="New scenario", scenario=None, **kwargs)


class ScenarioUpdateView(ScenarioMixin, ScenarioFormMixin, ServiceFormView):
    submit_once = False
    permission = staticmethod(can.can_change_scenario)
    success_message = "Scenario saved"

    def get_initial(self) -> dict[str, Any]:
        scenario = self.scenario
        initial: dict[str, Any] = {
            "name": scenario.name,
            "description": scenario.description,
            "vintage": scenario.vintage_id,
        }
        for number, adjustment in enumerate(scenario.adjustments.all(), start=1):
            initial.update(
                {
                    f"kind_{number}": adjustment.kind,
                    f"need_{number}": adjustment.rate_set_id,
                    f"percent_{number}": adjustment.percent,
                    f"from_year_{number}": adjustment.from_year,
                }
            )
        return initial

    def perform(self, form: ScenarioForm) -> Scenario:
        return self.save(form, self.scenario)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Change {self.scenario.name}", scenario=self.scenario, **kwargs)


class ScenarioDeleteView(ScenarioMixin, TemplateView):
    template_name = "cycles/confirm_delete.html"
    permission = staticmethod(can.can_change_scenario)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            thing=f"the scenario “{self.scenario.name}”", back_url=self.scenario.get_absolute_url(), **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.scenario_delete(scenario=self.scenario, by=request.user)
        messages.success(request, "Scenario deleted")
        return HttpResponseRedirect(reverse("needs:scenario-list"))


class ScenarioHistoryView(KeptPageMixin, ScenarioMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        return [
            Scenario.history.filter(id=self.scenario.pk),
            ScenarioAdjustment.history.filter(scenario_id=self.scenario.pk),
        ]

    def history_subject(self) -> tuple[str, str]:
        return self.scenario.name, self.scenario.get_absolute_url()
