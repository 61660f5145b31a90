"""Pages for findings: lessons for the commissioning cycle's review."""

from __future__ import annotations

from typing import Any

from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.forms import is_record_id
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView
from commissioning.cycles import permissions as can
from commissioning.cycles import selectors, services
from commissioning.cycles.choices import Level
from commissioning.cycles.forms import (
    FindingForm,
    FindingResponseForm,
)
from commissioning.cycles.models import Finding
from commissioning.cycles.views.cycles import LEVEL_SLUGS, CycleMixin


class FindingListView(KeptPageMixin, CycleMixin, TemplateView):
    template_name = "cycles/finding_list.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        findings = selectors.finding_list(user=self.request.user).filter(cycle=self.cycle)
        return super().get_context_data(findings=findings, **kwargs)


class FindingCreateView(CycleMixin, ServiceFormView):
    template_name = "cycles/finding_form.html"
    permission = staticmethod(can.can_raise_finding)
    success_message = "Finding recorded. It will be considered in the commissioning cycle's review."

    def get_form(self, form_class: Any = None) -> FindingForm:
        return FindingForm(**self.get_form_kwargs(), cycle=self.cycle)

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"level": Level.PURCHASING}
        activity_id = self.request.GET.get("activity", "")
        if is_record_id(activity_id):
            activity = self.cycle.activities.filter(pk=activity_id).first()
            if activity:
                initial.update(activity=activity.pk, level=activity.level, element=activity.element)
        return initial

    def perform(self, form: FindingForm) -> Any:
        return services.finding_raise(cycle=self.cycle, by=self.request.user, **form.cleaned_data)


class FindingMixin(PageAccessMixin):
    @cached_property
    def finding(self) -> Any:
        return selectors.finding_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.finding

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            finding=self.finding,
            cycle=self.finding.cycle,
            can_respond=can.can_respond_to_finding(self.request.user, self.finding),
            level_slugs=LEVEL_SLUGS,
        )
        return context


class FindingDetailView(KeptPageMixin, FindingMixin, TemplateView):
    template_name = "cycles/finding_detail.html"


class FindingRespondView(FindingMixin, ServiceFormView):
    submit_once = False
    template_name = "cycles/finding_form.html"
    permission = staticmethod(can.can_respond_to_finding)
    form_class = FindingResponseForm
    success_message = "Finding updated"

    def get_initial(self) -> dict[str, Any]:
        return {"status": self.finding.status, "response": self.finding.response}

    def perform(self, form: FindingResponseForm) -> Any:
        return services.finding_update(finding=self.finding, by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Respond to: {self.finding.title}", **kwargs)


class FindingHistoryView(KeptPageMixin, FindingMixin, HistoryPageMixin, TemplateView):
    def history_records(self) -> list[Any]:
        return [Finding.history.filter(id=self.finding.pk)]

    def history_subject(self) -> tuple[str, str]:
        return self.finding.title, self.finding.get_absolute_url()
