"""Pages for time spent on each element of a cycle."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import ServiceFormView
from commissioning.cycles import permissions as can
from commissioning.cycles import selectors, services
from commissioning.cycles.choices import Element, Level
from commissioning.cycles.forms import (
    EffortForm,
)
from commissioning.cycles.views.cycles import CycleMixin


class EffortView(KeptPageMixin, CycleMixin, TemplateView):
    template_name = "cycles/effort.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entries = selectors.effort_list(user=self.request.user).filter(cycle=self.cycle)
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page, balance=selectors.effort_balance_of(self.cycle.effort.all()), **kwargs
        )


class EffortCreateView(CycleMixin, ServiceFormView):
    template_name = "cycles/effort_form.html"
    permission = staticmethod(can.can_work_on_cycle)
    success_message = "Time logged"

    def get_form(self, form_class: Any = None) -> EffortForm:
        return EffortForm(**self.get_form_kwargs(), people=selectors.assignable_person_list(cycle=self.cycle))

    def get_initial(self) -> dict[str, Any]:

        return {
            "person": self.request.user.pk,
            "worked_on": timezone.localdate(),
            "level": Level.STRATEGIC,
            "element": self.request.GET.get("element") if self.request.GET.get("element") in Element.values else None,
        }

    def perform(self, form: EffortForm) -> Any:
        services.effort_log(cycle=self.cycle, by=self.request.user, **form.cleaned_data)
        return self.cycle

    def success_url_for(self, result: Any) -> str:
        return reverse("cycles:effort", args=[self.cycle.pk])


class EffortDeleteView(PageAccessMixin, TemplateView):
    template_name = "cycles/confirm_delete.html"
    permission = staticmethod(can.can_change_effort)

    @cached_property
    def entry(self) -> Any:
        return selectors.effort_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.entry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            thing=f"the entry “{self.entry}” for {self.entry.person}",
            back_url=reverse("cycles:effort", args=[self.entry.cycle_id]),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cycle_id = self.entry.cycle_id
        services.effort_delete(entry=self.entry, by=request.user)
        messages.success(request, "Effort entry deleted")
        return HttpResponseRedirect(reverse("cycles:effort", args=[cycle_id]))
