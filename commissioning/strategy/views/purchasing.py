"""Pages of service designs (the organisation's library) and each cycle's purchasing plans: planned
procurements, market development, decommissioning with each person's and provider's transition,
and the effect of direct payments."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ModelFormPage, ServiceFormView
from commissioning.cycles.selectors import team_cycle_list
from commissioning.market.selectors import provider_list
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors, services
from commissioning.strategy.forms import (
    DecommissioningForm,
    PersonTransitionForm,
    ProcurementForm,
    ProviderTransitionForm,
    PurchasingPlanForm,
    ServiceDesignForm,
    TransitionStatusForm,
)
from commissioning.strategy.models import (
    Decommissioning,
    PersonTransition,
    PlannedProcurement,
    Priority,
    ProviderTransition,
    PurchasingPlan,
    ServiceDesign,
)
from commissioning.strategy.record_links import record_links
from commissioning.strategy.views.cycle import CyclePlanMixin

__all__ = [
    "DecommissioningCreateView",
    "DecommissioningDetailView",
    "PersonTransitionCreateView",
    "PersonTransitionStatusView",
    "PlanCreateView",
    "PlanDetailView",
    "PlanEditView",
    "PlanHistoryView",
    "PlanIndexView",
    "PlanListView",
    "ProcurementCreateView",
    "ProcurementEditView",
    "ProviderTransitionCreateView",
    "ProviderTransitionStatusView",
    "ServiceDesignCreateView",
    "ServiceDesignDetailView",
    "ServiceDesignEditView",
    "ServiceDesignListView",
]  # fmt: skip


# --- Service designs -----------------------------------------------------------------------------------


class ServiceDesignListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "strategy/design_list.html"
    permission = staticmethod(can.can_view_plans)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        designs = list(selectors.service_design_list(user=user)[:200])
        return super().get_context_data(designs=designs, can_write=can.can_make_plans(user), **kwargs)


class ServiceDesignCreateView(ModelFormPage):
    permission = staticmethod(can.can_make_plans)
    form_class = ServiceDesignForm
    heading = "Write a service design"
    back = "strategy:design-list"
    success_message = "Service design saved"

    def perform(self, form: Any) -> ServiceDesign:
        return services.service_design_create(by=self.request.user, **form.cleaned_data)


class DesignMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def design(self) -> ServiceDesign:
        return selectors.service_design_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.design


class ServiceDesignDetailView(KeptPageMixin, DesignMixin, TemplateView):
    template_name = "strategy/design_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(
            design=self.design, can_change=can.can_change_design(self.request.user, self.design), **kwargs
        )


class ServiceDesignEditView(DesignMixin, ModelFormPage):
    permission = staticmethod(can.can_change_design)
    form_class = ServiceDesignForm
    heading = "Change the service design"
    success_message = "Service design saved"
    submit_once = False

    def back_url(self) -> str:
        return self.design.get_absolute_url()

    def instance(self) -> ServiceDesign:
        return self.design

    def perform(self, form: Any) -> ServiceDesign:
        return services.service_design_update(design=self.design, by=self.request.user, **form.cleaned_data)


# --- Purchasing plans ----------------------------------------------------------------------------------


class PlanListView(KeptPageMixin, CyclePlanMixin, TemplateView):
    template_name = "strategy/plan_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("cycle", None)
        plans = selectors.purchasing_plan_list(user=self.request.user).filter(cycle=self.cycle)
        return super().get_context_data(
            cycle=self.cycle,
            plans=list(plans),
            can_change=can.can_change_risks(self.request.user, self.cycle),
            **kwargs,
        )


class PlanCreateView(CyclePlanMixin, ModelFormPage):
    permission = staticmethod(can.can_change_risks)
    form_class = PurchasingPlanForm
    heading = "Start a purchasing plan"
    success_message = "Purchasing plan started: add the procurements it intends"

    def back_url(self) -> str:
        return reverse("strategy:plan-list", args=[self.cycle.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("cycle", None)
        return super().get_context_data(caption=self.cycle.title, **kwargs)

    def perform(self, form: Any) -> PurchasingPlan:
        return services.purchasing_plan_create(by=self.request.user, cycle=self.cycle, **form.cleaned_data)


class PlanMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def plan(self) -> PurchasingPlan:
        return selectors.purchasing_plan_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.plan

    def back_url(self) -> str:
        return self.plan.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=self.plan.title, **kwargs)


def value_by_year(procurements: list[PlannedProcurement]) -> list[tuple[int, Decimal, Decimal]]:
    """Each contract start year's planned value, without and with VAT."""
    years: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for item in procurements:
        totals = years[item.contract_starts.year]
        totals[0] += item.value
        totals[1] += item.value_with_vat
    return [(year, *totals) for year, totals in sorted(years.items())]


class PlanDetailView(KeptPageMixin, PlanMixin, TemplateView):
    template_name = "strategy/plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        procurements = selectors.procurements_of(self.plan)
        return super().get_context_data(
            plan=self.plan,
            procurements=procurements,
            by_year=value_by_year(procurements),
            total=sum((item.value for item in procurements), Decimal(0)),
            total_with_vat=sum((item.value_with_vat for item in procurements), Decimal(0)),
            decommissionings=selectors.decommissionings_of(self.plan),
            links=record_links(user=self.request.user, record=self.plan),
            can_change=can.can_change_plan(self.request.user, self.plan),
            **kwargs,
        )


class PlanEditView(PlanMixin, ModelFormPage):
    permission = staticmethod(can.can_change_plan)
    form_class = PurchasingPlanForm
    heading = "Change the purchasing plan"
    success_message = "Purchasing plan saved"
    submit_once = False

    def instance(self) -> PurchasingPlan:
        return self.plan

    def perform(self, form: Any) -> PurchasingPlan:
        return services.purchasing_plan_update(plan=self.plan, by=self.request.user, **form.cleaned_data)


class PlanHistoryView(KeptPageMixin, PlanMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        plan = self.plan
        decommissionings = list(Decommissioning.history.filter(plan_id=plan.pk).values_list("id", flat=True))
        return [
            PurchasingPlan.history.filter(id=plan.pk),
            PlannedProcurement.history.filter(plan_id=plan.pk),
            Decommissioning.history.filter(plan_id=plan.pk),
            PersonTransition.history.filter(decommissioning_id__in=decommissionings),
            ProviderTransition.history.filter(decommissioning_id__in=decommissionings),
        ]

    def history_subject(self) -> tuple[str, str]:
        return self.plan.title, self.plan.get_absolute_url()


def _procurement_choices(user: Any, plan: PurchasingPlan, current: PlannedProcurement | None = None) -> dict[str, Any]:
    """The designs to choose from (the organisation's own, and the one already chosen, which may be a
    partner's) and the priorities of the cycle's strategy versions."""
    priorities = (
        Priority.objects.filter(version__cycle=plan.cycle)
        .select_related("version")
        .order_by("-version__number", "position")
    )
    own = Q(organisation_id=user.organisation_id)
    if current is not None and current.design_id:
        own |= Q(pk=current.design_id)
    return {"designs": ServiceDesign.objects.filter(own).order_by("title"), "priorities": priorities}


class ProcurementCreateView(PlanMixin, ModelFormPage):
    permission = staticmethod(can.can_change_plan)
    form_class = ProcurementForm
    heading = "Add a planned procurement"
    success_message = "Planned procurement added"

    def form_kwargs(self) -> dict[str, Any]:
        return _procurement_choices(self.request.user, self.plan)

    def perform(self, form: Any) -> PlannedProcurement:
        return services.procurement_add(plan=self.plan, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.plan.get_absolute_url()


class ProcurementEditView(ModelFormPage):
    permission = staticmethod(can.can_change_plan_part)
    form_class = ProcurementForm
    heading = "Change the planned procurement"
    success_message = "Planned procurement saved"
    submit_once = False

    @cached_property
    def procurement(self) -> PlannedProcurement:
        return selectors.procurement_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.procurement

    def back_url(self) -> str:
        return self.procurement.plan.get_absolute_url()

    def instance(self) -> PlannedProcurement:
        return self.procurement

    def form_kwargs(self) -> dict[str, Any]:
        return _procurement_choices(self.request.user, self.procurement.plan, self.procurement)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=self.procurement.plan.title, **kwargs)

    def perform(self, form: Any) -> PlannedProcurement:
        return services.procurement_update(procurement=self.procurement, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class DecommissioningCreateView(PlanMixin, ModelFormPage):
    permission = staticmethod(can.can_change_plan)
    form_class = DecommissioningForm
    heading = "Plan to stop buying a service"
    success_message = "Decommissioning added: plan each person's and provider's transition"

    def perform(self, form: Any) -> Decommissioning:
        return services.decommissioning_add(plan=self.plan, by=self.request.user, **form.cleaned_data)


class DecommissioningMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def decommissioning(self) -> Decommissioning:
        return selectors.decommissioning_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.decommissioning

    def back_url(self) -> str:
        return self.decommissioning.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=self.decommissioning.service, **kwargs)


class DecommissioningDetailView(KeptPageMixin, DecommissioningMixin, TemplateView):
    template_name = "strategy/decommissioning_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        item = self.decommissioning
        return super().get_context_data(
            item=item,
            people=list(item.people.all()),
            providers=list(item.providers.select_related("provider")),
            links=record_links(user=self.request.user, record=item),
            can_change=can.can_change_plan_part(self.request.user, item),
            **kwargs,
        )


class PersonTransitionCreateView(DecommissioningMixin, ModelFormPage):
    permission = staticmethod(can.can_change_plan_part)
    form_class = PersonTransitionForm
    heading = "Plan a person's transition"
    success_message = "Transition planned"

    def perform(self, form: Any) -> PersonTransition:
        return services.person_transition_add(
            decommissioning=self.decommissioning, by=self.request.user, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class ProviderTransitionCreateView(DecommissioningMixin, ModelFormPage):
    permission = staticmethod(can.can_change_plan_part)
    form_class = ProviderTransitionForm
    heading = "Plan a provider's transition"
    success_message = "Transition planned"

    def form_kwargs(self) -> dict[str, Any]:
        return {"providers": provider_list(user=self.request.user).order_by("name")}

    def perform(self, form: Any) -> ProviderTransition:
        return services.provider_transition_add(
            decommissioning=self.decommissioning, by=self.request.user, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class PlanIndexView(KeptPageMixin, PageAccessMixin, TemplateView):
    """Plan, from the menu: your team's cycles with their plan pages, the service designs and the optimiser."""

    template_name = "strategy/index.html"
    permission = staticmethod(can.can_view_plans)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        cycles = list(team_cycle_list(user).exclude(status="closed").order_by("title")[:50])
        return super().get_context_data(cycles=cycles, **kwargs)


class TransitionStatusView(ServiceFormView):
    """Move a person's or a provider's transition on: planned, under way, done."""

    template_name = "form_page.html"
    form_class = TransitionStatusForm
    permission = staticmethod(lambda user, transition: can.can_change_plan_part(user, transition.decommissioning))
    submit_once = False
    success_message = "Transition updated"
    model: type[PersonTransition] | type[ProviderTransition] = PersonTransition

    @cached_property
    def transition(self) -> PersonTransition | ProviderTransition:
        plans = selectors.purchasing_plan_list(user=self.request.user)
        found = self.model.objects.filter(decommissioning__plan__in=plans).select_related(
            "decommissioning__plan__cycle"
        )
        return get_object_or_404(found, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.transition

    def get_initial(self) -> dict[str, Any]:
        return {"status": self.transition.status}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(
            heading=f"Transition: {self.transition}", caption=self.transition.decommissioning.service,
            back_url=self.transition.decommissioning.get_absolute_url(), submit_label="Save", **kwargs,
        )  # fmt: skip

    def perform(self, form: Any) -> Any:
        services.transition_update(transition=self.transition, by=self.request.user, status=form.cleaned_data["status"])
        return self.transition.decommissioning


class PersonTransitionStatusView(TransitionStatusView):
    model = PersonTransition


class ProviderTransitionStatusView(TransitionStatusView):
    model = ProviderTransition
