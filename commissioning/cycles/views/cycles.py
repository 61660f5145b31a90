"""Pages for cycles themselves: the list, a cycle and its elements, starting, changing, closing and
starting the next one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.filtersets import filtered_page
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView
from commissioning.cycles import permissions as can
from commissioning.cycles import selectors, services
from commissioning.cycles.checklist import ELEMENT_PURPOSE
from commissioning.cycles.choices import ELEMENT_ORDER, FINISHED_STATUSES, Element, Level
from commissioning.cycles.diagram import SIZE, segments
from commissioning.cycles.element_pages import element_pages
from commissioning.cycles.filtersets import CycleFilterSet
from commissioning.cycles.forms import (
    CycleForm,
    NextCycleForm,
)
from commissioning.cycles.journey import Journey, journey_links
from commissioning.cycles.models import CommissioningCycle

LEVEL_SLUGS = {Level.STRATEGIC: "strategic", Level.PURCHASING: "purchasing"}


def _areas_for_forms(organisation: Any, selected: Any = ()) -> Any:
    """Councils a cycle can cover: those in the lead organisation's region (joint work across
    neighbouring councils), plus any already chosen; every council if the region is unknown."""
    councils = Area.objects.filter(level__in=UPPER_TIER_LEVELS)
    region_id = organisation.area.region_id if organisation and organisation.area else None
    if region_id is None:
        return councils.order_by("name")
    return councils.filter(Q(region_id=region_id) | Q(pk__in=list(selected))).order_by("name")


class CycleListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "cycles/cycle_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = CycleFilterSet.for_page(self.request, selectors.cycle_list(user=user))
        form = filterset.form
        page = filtered_page(self.request, filterset, 25)
        progress = selectors.cycle_progress([cycle.pk for cycle in page])
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
            people=selectors.lead_commissioner_list(organisation_ids=[user.organisation_id]),
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


class CycleDetailView(KeptPageMixin, CycleMixin, TemplateView):
    template_name = "cycles/cycle_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cycle = self.cycle
        progress = selectors.cycle_progress([cycle.pk])[cycle.pk]
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
                overdue=selectors.overdue_activity_list(cycle=cycle)[:20],
                balance=selectors.effort_balance_of(cycle.effort.all()),
                open_findings=selectors.review_finding_list(cycle=cycle)[:10],
            )
        return context


class CycleUpdateView(CycleMixin, ServiceFormView):
    submit_once = False
    template_name = "cycles/cycle_form.html"
    permission = staticmethod(can.can_edit_cycle)
    success_message = "Cycle updated"

    def get_form(self, form_class: Any = None) -> CycleForm:
        return CycleForm(
            **self.get_form_kwargs(),
            lead_organisation=self.cycle.lead_organisation,
            areas=_areas_for_forms(self.cycle.lead_organisation, self.cycle.areas.values_list("pk", flat=True)),
            people=selectors.lead_commissioner_list(organisation_ids=list(self.cycle.organisation_ids())),
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
            open_findings=selectors.review_finding_list(cycle=cycle).count(),
            **kwargs,
        )


class CycleCloseView(CycleMixin, TemplateView):
    template_name = "cycles/cycle_close.html"
    permission = staticmethod(can.can_edit_cycle)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.cycle_close(cycle=self.cycle, by=request.user)
        messages.success(request, "Cycle closed. It can still be read, but no longer changed.")
        return HttpResponseRedirect(self.cycle.get_absolute_url())


class CycleHistoryView(KeptPageMixin, CycleMixin, HistoryPageMixin, TemplateView):
    permission = staticmethod(can.can_view_internal)
    label_records = True

    def history_records(self) -> list[Any]:
        return selectors.cycle_history_records(cycle=self.cycle)

    def history_subject(self) -> tuple[str, str]:
        return self.cycle.title, self.cycle.get_absolute_url()


class ElementView(KeptPageMixin, CycleMixin, TemplateView):
    template_name = "cycles/element.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("level", None), kwargs.pop("element", None)
        level = {slug: level for level, slug in LEVEL_SLUGS.items()}.get(self.kwargs["level"])
        if level is None or self.kwargs["element"] not in Element.values:
            raise Http404
        element = Element(self.kwargs["element"])
        cycle = self.cycle
        activities = cycle.activities.filter(level=level, element=element).select_related("owner")
        progress = selectors.cycle_progress([cycle.pk])[cycle.pk].get(level, element)
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
        context["element_pages"] = element_pages(user=self.request.user, cycle=cycle, level=level, element=element)
        if level == Level.STRATEGIC and element == Element.ANALYSE:
            context.update(self._policy_territory())
            context["journey"] = self._analysis_journey()
        if context["internal"]:
            context["balance"] = selectors.effort_balance_of(cycle.effort.all())
            if level == Level.STRATEGIC and element == Element.REVIEW:
                context["findings"] = selectors.review_finding_list(cycle=cycle)
            else:
                context["findings"] = cycle.findings_raised.filter(level=level, element=element).select_related(
                    "raised_by", "cycle"
                )
        return context

    def _analysis_journey(self) -> list[Journey]:
        """For each of the cycle's areas, the need, supply and money pages for its client group."""
        cycle, user = self.cycle, self.request.user
        journeys = []
        for area in cycle.areas.order_by("name"):
            stops = [
                stop
                for stop in journey_links(user=user, area=area, client_group=cycle.client_group)
                if stop.key != "cycle"
            ]
            if stops:
                journeys.append(Journey(area, stops))
        return journeys

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
            "can_link_policy": bool(selectors.linkable_cycle_list(user=user).filter(pk=self.cycle.pk).exists()),
            "today": timezone.localdate(),
        }


class PublicCycleView(TemplateView):
    """A published cycle for everyone, signed in or not: what it is for, who leads it, where, and
    how far it has got. Its internal working (owners, effort, findings) stays with the team."""

    template_name = "cycles/cycle_public.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cycle = selectors.published_cycle_get(pk=self.kwargs["pk"])
        progress = selectors.cycle_progress([cycle.pk])[cycle.pk]
        return super().get_context_data(
            cycle=cycle,
            progress=progress,
            levels=[(level, progress.for_level(level)) for level in Level],
            **kwargs,
        )
