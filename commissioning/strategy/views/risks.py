"""Pages of each cycle's risk register."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.selectors import colleague_list
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ModelFormPage
from commissioning.cycles.models import CommissioningCycle
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors, services
from commissioning.strategy.analysis import heat_map
from commissioning.strategy.choices import RiskStatus
from commissioning.strategy.forms import RiskForm
from commissioning.strategy.models import Risk
from commissioning.strategy.views.cycle import CyclePlanMixin


class RiskRegisterView(KeptPageMixin, CyclePlanMixin, TemplateView):
    template_name = "strategy/risk_register.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("cycle", None)  # the URL's cycle number: the cycle itself is given below
        risks = list(selectors.cycle_risk_list(user=self.request.user, cycle=self.cycle))
        open_risks = [risk for risk in risks if risk.status == RiskStatus.OPEN]
        return super().get_context_data(
            cycle=self.cycle,
            risks=risks,
            before=heat_map(open_risks, residual=False),
            after=heat_map(open_risks, residual=True),
            today=timezone.localdate(),
            can_change=can.can_change_risks(self.request.user, self.cycle),
            **kwargs,
        )


def _risk_people(user: Any, cycle: CommissioningCycle) -> Any:
    """Who may be named to mitigate a risk: the cycle's lead and partner organisations' staff."""
    organisations = [cycle.lead_organisation_id, *cycle.partner_organisations.values_list("pk", flat=True)]
    return colleague_list(organisation_ids=organisations).order_by("full_name")


class RiskCreateView(CyclePlanMixin, ModelFormPage):
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_risks)
    form_class = RiskForm
    heading = "Add a risk"
    success_message = "Risk added"

    def back_url(self) -> str:
        return reverse("strategy:risk-register", args=[self.cycle.pk])

    def form_kwargs(self) -> dict[str, Any]:
        return {"people": _risk_people(self.request.user, self.cycle)}

    def perform(self, form: Any) -> Risk:
        return services.risk_create(by=self.request.user, cycle=self.cycle, **form.cleaned_data)

    def success_url_for(self, result: Risk) -> str:
        return self.back_url()


class RiskMixin(PageAccessMixin):
    @cached_property
    def risk(self) -> Risk:
        return selectors.risk_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.risk


class RiskEditView(RiskMixin, ModelFormPage):
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_risk)
    form_class = RiskForm
    heading = "Change a risk"
    success_message = "Risk saved"
    submit_once = False

    def back_url(self) -> str:
        return reverse("strategy:risk-register", args=[self.risk.cycle_id])

    def instance(self) -> Risk:
        return self.risk

    def form_kwargs(self) -> dict[str, Any]:
        return {"people": _risk_people(self.request.user, self.risk.cycle), "editing": True}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        history = reverse("strategy:risk-history", args=[self.risk.pk])
        return super().get_context_data(caption=self.risk.cycle.title, history_url=history, **kwargs)

    def perform(self, form: Any) -> Risk:
        return services.risk_update(risk=self.risk, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Risk) -> str:
        return self.back_url()


class RiskHistoryView(KeptPageMixin, RiskMixin, HistoryPageMixin, TemplateView):
    permission = staticmethod(can.can_view_plans)

    def history_records(self) -> list[Any]:
        return [Risk.history.filter(id=self.risk.pk)]

    def history_subject(self) -> tuple[str, str]:
        return self.risk.title, reverse("strategy:risk-register", args=[self.risk.cycle_id])
