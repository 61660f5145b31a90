"""Pages for the rate library: published and local prevalence and service-use rates."""

from __future__ import annotations

from typing import Any

from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView
from commissioning.needs import permissions as can
from commissioning.needs import selectors, services
from commissioning.needs.forms import (
    RateSetForm,
    rates_as_text,
)
from commissioning.needs.models import Rate, RateSet


class RateSetListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "needs/rate_set_list.html"
    permission = staticmethod(can.can_view_needs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rate_sets = selectors.rate_set_list(user=self.request.user)
        return super().get_context_data(
            needs=[rate_set for rate_set in rate_sets if rate_set.kind == "need"],
            services=[rate_set for rate_set in rate_sets if rate_set.kind == "service_use"],
            can_add=can.can_add_local_evidence(self.request.user),
            **kwargs,
        )


class RateSetMixin(PageAccessMixin):
    @cached_property
    def rate_set(self) -> RateSet:
        return selectors.rate_set_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> RateSet:
        return self.rate_set


class RateSetDetailView(KeptPageMixin, RateSetMixin, TemplateView):
    template_name = "needs/rate_set_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rate_set = self.rate_set
        others = list(selectors.same_measure(user=self.request.user, rate_set=rate_set))
        return super().get_context_data(
            rate_set=rate_set,
            rates=list(rate_set.rates.all()),
            compare=[(other, _rates_by_band(other)) for other in others],
            mine=_rates_by_band(rate_set),
            can_change=can.can_change_rate_set(self.request.user, rate_set),
            **kwargs,
        )


def _rates_by_band(rate_set: RateSet) -> dict[tuple[str, int], Any]:
    return {(rate.sex, rate.age_from): rate for rate in rate_set.rates.all()}


class RateSetCreateView(ServiceFormView):
    template_name = "needs/rate_set_form.html"
    permission = staticmethod(can.can_add_local_evidence)
    success_message = "Local rate set added"

    def get_form(self, form_class: Any = None) -> RateSetForm:
        return RateSetForm(**self.get_form_kwargs(), needs=selectors.need_list(user=self.request.user))

    def get_initial(self) -> dict[str, Any]:
        return {"kind": "need", "period": "point", "display_unit": 100}

    def perform(self, form: RateSetForm) -> RateSet:
        data = dict(form.cleaned_data)
        rows = data.pop("rates")
        return services.rate_set_create(
            by=self.request.user, rows=rows, organisation=self.request.user.organisation, is_local=True, **data
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="Add local rates", rate_set=None, **kwargs)


class RateSetUpdateView(RateSetMixin, ServiceFormView):
    submit_once = False
    template_name = "needs/rate_set_form.html"
    permission = staticmethod(can.can_change_rate_set)
    success_message = "Rate set updated"

    def get_form(self, form_class: Any = None) -> RateSetForm:
        needs = selectors.need_list(user=self.request.user).exclude(pk=self.rate_set.pk)
        return RateSetForm(**self.get_form_kwargs(), needs=needs)

    def get_initial(self) -> dict[str, Any]:
        rate_set = self.rate_set
        initial = {name: getattr(rate_set, name) for name in services.RATE_SET_FIELDS}
        initial.update(per_need=rate_set.per_need_id, rates=rates_as_text(rate_set))
        return initial

    def perform(self, form: RateSetForm) -> RateSet:
        data = dict(form.cleaned_data)
        rows = data.pop("rates")
        return services.rate_set_update(rate_set=self.rate_set, by=self.request.user, rows=rows, **data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Change {self.rate_set.name}", rate_set=self.rate_set, **kwargs)


class RateSetHistoryView(KeptPageMixin, RateSetMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        return [RateSet.history.filter(id=self.rate_set.pk), Rate.history.filter(rate_set_id=self.rate_set.pk)]

    def history_subject(self) -> tuple[str, str]:
        return self.rate_set.name, self.rate_set.get_absolute_url()
