"""Pages for a cycle's activities and the evidence behind them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.forms import is_record_id
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView, base_url
from commissioning.cycles import permissions as can
from commissioning.cycles import selectors, services
from commissioning.cycles.choices import Element, Level
from commissioning.cycles.evidence import evidence_type_get, evidence_type_of
from commissioning.cycles.forms import (
    ActivityForm,
    EvidenceForm,
    NewActivityForm,
)
from commissioning.cycles.models import Activity, CommissioningCycle, EvidenceLink
from commissioning.cycles.views.cycles import LEVEL_SLUGS, CycleMixin


class ActivityMixin(PageAccessMixin):
    @cached_property
    def activity(self) -> Any:
        return selectors.activity_get(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def cycle(self) -> CommissioningCycle:
        return self.activity.cycle

    def get_permission_object(self) -> Any:
        return self.activity

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        user = self.request.user
        context.update(
            activity=self.activity,
            cycle=self.cycle,
            can_work=can.can_work_on_activity(user, self.activity),
            can_delete=can.can_delete_activity(user, self.activity),
            can_raise=can.can_raise_finding(user, self.cycle),
            level_slugs=LEVEL_SLUGS,
        )
        return context


class ActivityDetailView(KeptPageMixin, ActivityMixin, TemplateView):
    template_name = "cycles/activity_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            evidence=self.activity.evidence.select_related("added_by", "record_type").prefetch_related("record"),
            findings=self.activity.findings.all(),
            **kwargs,
        )


class ActivityCreateView(CycleMixin, ServiceFormView):
    template_name = "cycles/activity_form.html"
    permission = staticmethod(can.can_work_on_cycle)
    success_message = "Activity added"

    def get_form(self, form_class: Any = None) -> NewActivityForm:
        return NewActivityForm(**self.get_form_kwargs(), people=selectors.assignable_person_list(cycle=self.cycle))

    def get_initial(self) -> dict[str, Any]:
        level = {slug: value for value, slug in LEVEL_SLUGS.items()}.get(self.request.GET.get("level", ""))
        element = self.request.GET.get("element")
        return {"level": level or Level.STRATEGIC, "element": element if element in Element.values else None}

    def perform(self, form: NewActivityForm) -> Any:
        return services.activity_create(
            cycle=self.cycle, by=self.request.user, base_url=base_url(self.request), **form.cleaned_data
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="Add an activity", activity=None, **kwargs)


class ActivityUpdateView(ActivityMixin, ServiceFormView):
    submit_once = False
    template_name = "cycles/activity_form.html"
    permission = staticmethod(can.can_work_on_activity)
    success_message = "Activity updated"

    def get_form(self, form_class: Any = None) -> ActivityForm:
        return ActivityForm(**self.get_form_kwargs(), people=selectors.assignable_person_list(cycle=self.cycle))

    def get_initial(self) -> dict[str, Any]:
        activity = self.activity
        return {
            "title": activity.title,
            "description": activity.description,
            "owner": activity.owner_id,
            "due_date": activity.due_date,
            "status": activity.status,
            "notes": activity.notes,
        }

    def perform(self, form: ActivityForm) -> Any:
        return services.activity_update(
            activity=self.activity, by=self.request.user, base_url=base_url(self.request), **form.cleaned_data
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Change activity: {self.activity.title}", **kwargs)


class ActivityCompleteView(ActivityMixin, TemplateView):
    permission = staticmethod(can.can_work_on_activity)
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.activity_complete(activity=self.activity, by=request.user)
        messages.success(request, f"Marked as done: {self.activity.title}")
        return HttpResponseRedirect(
            request.POST.get("next") if _safe_next(request) else self.activity.get_absolute_url()
        )


def _safe_next(request: HttpRequest) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/") and not target.startswith("//")


class ActivityDeleteView(ActivityMixin, TemplateView):
    template_name = "cycles/confirm_delete.html"
    permission = staticmethod(can.can_delete_activity)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            thing=f"the activity “{self.activity.title}”", back_url=self.activity.get_absolute_url(), **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = self.activity
        target = reverse("cycles:element", args=[activity.cycle_id, LEVEL_SLUGS[activity.level], activity.element])
        services.activity_delete(activity=activity, by=request.user)
        messages.success(request, f"Activity deleted: {activity.title}")
        return HttpResponseRedirect(target)


class ActivityHistoryView(KeptPageMixin, ActivityMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        return [
            Activity.history.filter(id=self.activity.pk),
            EvidenceLink.history.filter(activity_id=self.activity.pk),
        ]

    def history_subject(self) -> tuple[str, str]:
        return self.activity.title, self.activity.get_absolute_url()


class EvidenceCreateView(ServiceFormView):
    """Add evidence, from an activity (choosing the evidence) or from a record's page, with
    `?type=<evidence type>&record=<id>` (choosing the activity it supports)."""

    template_name = "cycles/evidence_form.html"
    form_class = EvidenceForm
    permission = staticmethod(can.can_add_evidence)

    @cached_property
    def activity(self) -> Activity | None:
        return selectors.activity_get(user=self.request.user, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    @cached_property
    def record(self) -> Model | None:
        if self.activity is not None:
            return None
        kind = evidence_type_get(self.request.GET.get("type", ""))
        record_id = self.request.GET.get("record", "")
        if kind is None or not is_record_id(record_id):
            raise Http404("No such evidence")
        return get_object_or_404(kind.choices(self.request.user), pk=record_id)

    def get_permission_object(self) -> Activity | None:
        return self.activity

    def get_form_kwargs(self) -> dict[str, Any]:
        activities = None if self.activity else selectors.workable_activity_list(user=self.request.user)
        return {**super().get_form_kwargs(), "user": self.request.user, "activities": activities, "record": self.record}

    def perform(self, form: EvidenceForm) -> EvidenceLink:
        data = form.cleaned_data
        activity = self.activity or data["activity"]
        return services.evidence_add(
            activity=activity, by=self.request.user, title=data.get("title", ""), url=data.get("url", ""),
            record=data["record"],
        )  # fmt: skip

    def success_message_for(self, result: EvidenceLink) -> str:
        if self.activity is not None:
            return "Evidence added"
        return f"Attached to {result.activity.cycle}: {result.activity.title}"

    def success_url_for(self, result: EvidenceLink) -> str:
        return (self.activity or self.record).get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = evidence_type_of(type(self.record)) if self.record is not None else None
        form = kwargs.get("form") or self.get_form()
        # From an activity, the kind of evidence is chosen first (one question a page), then its details.
        posted = self.request.method == "POST"
        chosen = (self.request.POST.get("kind") or "link") if posted else self.request.GET.get("kind", "")
        kinds = dict(form.fields["kind"].choices) if "kind" in form.fields else {}
        return super().get_context_data(
            activity=self.activity,
            record=self.record,
            record_title=kind.title(self.record) if kind else "",
            chosen_kind=chosen if chosen in kinds else "",
            chosen_label=kinds.get(chosen, ""),
            back_url=(self.activity or self.record).get_absolute_url(),
            **kwargs,
        )


class EvidenceDeleteView(PageAccessMixin, TemplateView):
    template_name = "cycles/confirm_delete.html"

    @cached_property
    def link(self) -> EvidenceLink:
        activities = selectors.activity_list(user=self.request.user)
        return get_object_or_404(
            EvidenceLink.objects.filter(activity__in=activities).select_related("activity__cycle"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self) -> Any:
        return self.link.activity

    permission = staticmethod(can.can_work_on_activity)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            thing=f"the evidence link “{self.link.title}”", back_url=self.link.activity.get_absolute_url(), **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = self.link.activity
        services.evidence_remove(link=self.link, by=request.user)
        messages.success(request, "Evidence link removed")
        return HttpResponseRedirect(activity.get_absolute_url())
