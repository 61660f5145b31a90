"""Pages for options appraisals: the cost of a change against carrying on as now."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.finance import permissions as can
from commissioning.finance import selectors, services
from commissioning.finance.analysis import (
    appraisal_for,
)
from commissioning.finance.forms import (
    OptionForm,
)
from commissioning.finance.models import (
    OptionAppraisal,
)
from commissioning.finance.views.resources import FormPage
from commissioning.needs.published import forecast_measure_list


class OptionListView(KeptPageMixin, PageAccessMixin, TemplateView):
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
    submit_once = False
    permission = staticmethod(can.owns)
    heading = "Change an option"

    def get_initial(self) -> dict[str, Any]:
        return {}  # the saved option's own values

    def instance(self) -> Any:
        return self.option

    def perform(self, form: Any) -> OptionAppraisal:
        return services.option_update(option=self.option, by=self.request.user, **form.cleaned_data)


class OptionDetailView(KeptPageMixin, OptionMixin, PageAccessMixin, TemplateView):
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
