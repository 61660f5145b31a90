"""Pages for commissioning cycles. Thin: selectors read, services write, predicates guard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.permissions import is_operator
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.filtersets import filtered_page
from commissioning.core.forms import is_record_id
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView, base_url
from commissioning.cycles import permissions as can
from commissioning.cycles import selectors, services
from commissioning.cycles.checklist import ELEMENT_PURPOSE
from commissioning.cycles.choices import ELEMENT_ORDER, FINISHED_STATUSES, Element, Level
from commissioning.cycles.diagram import SIZE, segments
from commissioning.cycles.evidence import evidence_type_get, evidence_type_of
from commissioning.cycles.filtersets import CycleFilterSet, PolicyItemFilterSet
from commissioning.cycles.forms import (
    ActivityForm,
    CycleForm,
    EffortForm,
    EvidenceForm,
    FindingForm,
    FindingResponseForm,
    NewActivityForm,
    NextCycleForm,
    PolicyItemForm,
    PolicyLinkForm,
)
from commissioning.cycles.models import Activity, CommissioningCycle, EvidenceLink, Finding, PolicyItem

LEVEL_SLUGS = {Level.STRATEGIC: "strategic", Level.PURCHASING: "purchasing"}


def _areas_for_forms(organisation: Any, selected: Any = ()) -> Any:
    """Councils a cycle can cover: those in the lead organisation's region (joint work across
    neighbouring councils), plus any already chosen; every council if the region is unknown."""
    councils = Area.objects.filter(level__in=UPPER_TIER_LEVELS)
    region_id = organisation.area.region_id if organisation and organisation.area else None
    if region_id is None:
        return councils.order_by("name")
    return councils.filter(Q(region_id=region_id) | Q(pk__in=list(selected))).order_by("name")


# Cycles -------------------------------------------------------------------------------------


class CycleListView(PageAccessMixin, TemplateView):
    template_name = "cycles/cycle_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = CycleFilterSet.for_page(self.request, selectors.cycle_list(user=user))
        form = filterset.form
        page = filtered_page(self.request, filterset, 25)
        progress = selectors.progress_for([cycle.pk for cycle in page])
        return super().get_context_data(
            form=form,
            page=page,
            rows=[(cycle, progress[cycle.pk]) for cycle in page],
            can_create=can.can_create_cycle(user),
            **kwargs,
        )


class CycleCreateView(ServiceFormView):
    template_name = "cycles/cycle_form.html"
    permission = staticmethod(can.can_create_cycle)
    success_message = "Cycle started, with the IPC checklist for both cycles"

    def get_form(self, form_class: Any = None) -> CycleForm:
        user = self.request.user
        return CycleForm(
            **self.get_form_kwargs(),
            lead_organisation=user.organisation,
            areas=_areas_for_forms(user.organisation),
            people=selectors.lead_commissioner_choices(organisation_ids=[user.organisation_id]),
        )

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        initial: dict[str, Any] = {"lead_commissioner": user.pk}
        if user.organisation and user.organisation.area_id:
            initial["areas"] = [user.organisation.area_id]
        return initial

    def perform(self, form: CycleForm) -> CommissioningCycle:
        return services.cycle_create(by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="Start a commissioning cycle", cycle=None, **kwargs)


class CycleMixin(PageAccessMixin):
    """A view about one cycle the user may see; `permission` is checked against it."""

    @cached_property
    def cycle(self) -> CommissioningCycle:
        return selectors.cycle_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> CommissioningCycle:
        return self.cycle

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            cycle=self.cycle,
            internal=can.can_view_internal(user, self.cycle),
            can_edit=can.can_edit_cycle(user, self.cycle),
            can_work=can.can_work_on_cycle(user, self.cycle),
            can_raise=can.can_raise_finding(user, self.cycle),
            level_slugs=LEVEL_SLUGS,
        )
        return context


class CycleDetailView(CycleMixin, TemplateView):
    template_name = "cycles/cycle_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cycle = self.cycle
        progress = selectors.progress_for([cycle.pk])[cycle.pk]
        context = super().get_context_data(
            progress=progress,
            segments=segments(progress),
            diagram_size=SIZE,
            levels=[(level, LEVEL_SLUGS[level], progress.for_level(level)) for level in Level],
            can_start_next=can.can_start_next_cycle(self.request.user, cycle),
            **kwargs,
        )
        if context["internal"]:
            context.update(
                overdue=selectors.overdue_activities(cycle=cycle)[:20],
                balance=selectors.effort_balance_for(cycle.effort.all()),
                open_findings=selectors.open_findings_for_review(cycle=cycle)[:10],
            )
        return context


class CycleUpdateView(CycleMixin, ServiceFormView):
    template_name = "cycles/cycle_form.html"
    permission = staticmethod(can.can_edit_cycle)
    success_message = "Cycle updated"

    def get_form(self, form_class: Any = None) -> CycleForm:
        return CycleForm(
            **self.get_form_kwargs(),
            lead_organisation=self.cycle.lead_organisation,
            areas=_areas_for_forms(self.cycle.lead_organisation, self.cycle.areas.values_list("pk", flat=True)),
            people=selectors.lead_commissioner_choices(organisation_ids=list(self.cycle.organisation_ids())),
        )

    def get_initial(self) -> dict[str, Any]:
        cycle = self.cycle
        return {
            "title": cycle.title,
            "client_group": cycle.client_group,
            "areas": list(cycle.areas.values_list("pk", flat=True)),
            "period_start": cycle.period_start,
            "period_end": cycle.period_end,
            "lead_commissioner": cycle.lead_commissioner_id,
            "partner_organisations": list(cycle.partner_organisations.values_list("pk", flat=True)),
            "summary": cycle.summary,
            "is_published": cycle.is_published,
            "public_summary": cycle.public_summary,
        }

    def perform(self, form: CycleForm) -> CommissioningCycle:
        return services.cycle_update(cycle=self.cycle, by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Change {self.cycle.title}", **kwargs)


class CycleNextView(CycleMixin, ServiceFormView):
    template_name = "cycles/cycle_next.html"
    permission = staticmethod(can.can_start_next_cycle)
    success_message = "Next cycle started: unfinished activities and open findings were carried forward"
    form_class = NextCycleForm

    def get_initial(self) -> dict[str, Any]:
        cycle = self.cycle
        length = cycle.period_end - cycle.period_start
        start = cycle.period_end
        if start.year + (length.days // 365) + 1 > 2100:
            return {}
        return {
            "title": f"{cycle.get_client_group_display()} {start.year} to {(start + length).year}",
            "period_start": start,
            "period_end": start + length,
        }

    def perform(self, form: NextCycleForm) -> CommissioningCycle:
        return services.cycle_start_next(previous=self.cycle, by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cycle = self.cycle
        return super().get_context_data(
            unfinished=cycle.activities.exclude(status__in=FINISHED_STATUSES).count(),
            open_findings=selectors.open_findings_for_review(cycle=cycle).count(),
            **kwargs,
        )


class CycleCloseView(CycleMixin, TemplateView):
    template_name = "cycles/cycle_close.html"
    permission = staticmethod(can.can_edit_cycle)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.cycle_close(cycle=self.cycle, by=request.user)
        messages.success(request, "Cycle closed. It can still be read, but no longer changed.")
        return HttpResponseRedirect(self.cycle.get_absolute_url())


class CycleHistoryView(CycleMixin, HistoryPageMixin, TemplateView):
    permission = staticmethod(can.can_view_internal)
    label_records = True

    def history_records(self) -> list[Any]:
        return selectors.cycle_history_records(cycle=self.cycle)

    def history_subject(self) -> tuple[str, str]:
        return self.cycle.title, self.cycle.get_absolute_url()


class ElementView(CycleMixin, TemplateView):
    template_name = "cycles/element.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("level", None), kwargs.pop("element", None)
        level = {slug: level for level, slug in LEVEL_SLUGS.items()}.get(self.kwargs["level"])
        if level is None or self.kwargs["element"] not in Element.values:
            raise Http404
        element = Element(self.kwargs["element"])
        cycle = self.cycle
        activities = cycle.activities.filter(level=level, element=element).select_related("owner")
        progress = selectors.progress_for([cycle.pk])[cycle.pk].get(level, element)
        index = ELEMENT_ORDER.index(element)
        context = super().get_context_data(
            level=level,
            level_slug=LEVEL_SLUGS[level],
            element=element,
            activities=activities.prefetch_related("evidence"),
            progress=progress,
            purpose=ELEMENT_PURPOSE[(level, element)],
            previous_element=ELEMENT_ORDER[index - 1] if index > 0 else None,
            next_element=ELEMENT_ORDER[index + 1] if index < 3 else None,
            **kwargs,
        )
        if level == Level.STRATEGIC and element == Element.ANALYSE:
            context.update(self._policy_territory())
        if context["internal"]:
            context["balance"] = selectors.effort_balance_for(cycle.effort.all())
            if level == Level.STRATEGIC and element == Element.REVIEW:
                context["findings"] = selectors.open_findings_for_review(cycle=cycle)
            else:
                context["findings"] = cycle.findings_raised.filter(level=level, element=element).select_related(
                    "raised_by", "cycle"
                )
        return context

    def _policy_territory(self) -> dict[str, Any]:
        """The items that apply to the cycle; titles link to the register where the user may open them."""
        user = self.request.user
        territory = list(selectors.policy_territory_list(self.cycle, user=user))
        return {
            "territory": territory,
            "policy_openable": {
                item.pk
                for item in territory
                if item.is_national or (user.is_commissioning_staff and item.belongs_to_organisation_of(user))
            },
            "can_link_policy": bool(selectors.linkable_cycles(user=user).filter(pk=self.cycle.pk).exists()),
            "today": timezone.localdate(),
        }


# Activities ---------------------------------------------------------------------------------


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


class ActivityDetailView(ActivityMixin, TemplateView):
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
        return NewActivityForm(**self.get_form_kwargs(), people=selectors.assignable_people(cycle=self.cycle))

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
    template_name = "cycles/activity_form.html"
    permission = staticmethod(can.can_work_on_activity)
    success_message = "Activity updated"

    def get_form(self, form_class: Any = None) -> ActivityForm:
        return ActivityForm(**self.get_form_kwargs(), people=selectors.assignable_people(cycle=self.cycle))

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


class ActivityHistoryView(ActivityMixin, HistoryPageMixin, TemplateView):
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
        return super().get_context_data(
            activity=self.activity,
            record=self.record,
            record_title=kind.title(self.record) if kind else "",
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


# Effort -------------------------------------------------------------------------------------


class EffortView(CycleMixin, TemplateView):
    template_name = "cycles/effort.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entries = selectors.effort_list(user=self.request.user).filter(cycle=self.cycle)
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page, balance=selectors.effort_balance_for(self.cycle.effort.all()), **kwargs
        )


class EffortCreateView(CycleMixin, ServiceFormView):
    template_name = "cycles/effort_form.html"
    permission = staticmethod(can.can_work_on_cycle)
    success_message = "Time logged"

    def get_form(self, form_class: Any = None) -> EffortForm:
        return EffortForm(**self.get_form_kwargs(), people=selectors.assignable_people(cycle=self.cycle))

    def get_initial(self) -> dict[str, Any]:
        from django.utils import timezone

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


# Findings -----------------------------------------------------------------------------------


class FindingListView(CycleMixin, TemplateView):
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


class FindingDetailView(FindingMixin, TemplateView):
    template_name = "cycles/finding_detail.html"


class FindingRespondView(FindingMixin, ServiceFormView):
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


class FindingHistoryView(FindingMixin, HistoryPageMixin, TemplateView):
    def history_records(self) -> list[Any]:
        return [Finding.history.filter(id=self.finding.pk)]

    def history_subject(self) -> tuple[str, str]:
        return self.finding.title, self.finding.get_absolute_url()


# Policy territory register ------------------------------------------------------------------


class PolicyListView(PageAccessMixin, TemplateView):
    template_name = "cycles/policy_list.html"
    permission = staticmethod(can.can_view_policy_register)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = PolicyItemFilterSet.for_page(self.request, selectors.policy_item_list(user=user))
        form = filterset.form
        page = filtered_page(self.request, filterset, 50)
        return super().get_context_data(
            form=form, page=page, today=timezone.localdate(), can_add=can.can_add_policy_item(user), **kwargs
        )


class PolicyItemMixin(PageAccessMixin):
    """A view about one policy item the user may read; `permission` is checked against it."""

    @cached_property
    def item(self) -> PolicyItem:
        return selectors.policy_item_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> PolicyItem:
        return self.item

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        user = self.request.user
        context.update(
            item=self.item,
            can_change=can.can_change_policy_item(user, self.item),
            can_link=can.can_link_policy_item(user, self.item),
            today=timezone.localdate(),
        )
        return context


class PolicyDetailView(PolicyItemMixin, TemplateView):
    template_name = "cycles/policy_detail.html"


class PolicyCreateView(ServiceFormView):
    template_name = "cycles/policy_form.html"
    permission = staticmethod(can.can_add_policy_item)
    success_message = "Policy item added"

    def get_form(self, form_class: Any = None) -> PolicyItemForm:
        user = self.request.user
        both = is_operator(user) and can.can_keep_local_policy(user)
        return PolicyItemForm(**self.get_form_kwargs(), choose_national=both)

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        if can.can_keep_local_policy(user):
            return {"issued_by": user.organisation.name, "kind": "local_strategy"}
        return {}

    def perform(self, form: PolicyItemForm) -> PolicyItem:
        user = self.request.user
        data = dict(form.cleaned_data)
        # Operators who are not council staff keep the national register; council staff keep
        # their council's items; someone who is both chooses.
        national = data.pop("national", not can.can_keep_local_policy(user))
        return services.policy_item_create(by=user, organisation=None if national else user.organisation, **data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="Add a policy item", item=None, **kwargs)


class PolicyUpdateView(PolicyItemMixin, ServiceFormView):
    template_name = "cycles/policy_form.html"
    permission = staticmethod(can.can_change_policy_item)
    success_message = "Policy item updated"
    form_class = PolicyItemForm

    def get_initial(self) -> dict[str, Any]:
        item = self.item
        initial = {name: getattr(item, name) for name in services.POLICY_FIELDS}
        initial["client_groups"] = item.client_group_codes
        return initial

    def perform(self, form: PolicyItemForm) -> PolicyItem:
        return services.policy_item_update(item=self.item, by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Change {self.item.title}", **kwargs)


class PolicyLinkView(PolicyItemMixin, ServiceFormView):
    template_name = "cycles/policy_link_form.html"
    permission = staticmethod(can.can_link_policy_item)
    success_message = "Cycles updated"

    @cached_property
    def linkable(self) -> Any:
        return selectors.linkable_cycles(user=self.request.user)

    def get_form(self, form_class: Any = None) -> PolicyLinkForm:
        return PolicyLinkForm(**self.get_form_kwargs(), cycles=self.linkable)

    def get_initial(self) -> dict[str, Any]:
        return {"cycles": list(self.item.links.filter(cycle__in=self.linkable).values_list("cycle_id", flat=True))}

    def perform(self, form: PolicyLinkForm) -> PolicyItem:
        services.policy_links_set(
            item=self.item, cycles=form.cleaned_data["cycles"], within=self.linkable, by=self.request.user
        )
        return self.item

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(has_cycles=self.linkable.exists(), **kwargs)


class PolicyHistoryView(PolicyItemMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        return selectors.policy_history_records(item=self.item, user=self.request.user)

    def history_subject(self) -> tuple[str, str]:
        return self.item.title, self.item.get_absolute_url()
