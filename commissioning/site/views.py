"""Pages that draw on several apps: the home dashboard, the public front page, and the area and
organisation overviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts import selectors as accounts
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.permissions import can_see_members, manages_organisation
from commissioning.core import selectors as areas
from commissioning.core.filtersets import AreaFilterSet, filtered_page
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin
from commissioning.cycles import selectors as cycles
from commissioning.cycles.choices import CycleStatus, FindingStatus
from commissioning.cycles.models import CommissioningCycle
from commissioning.finance.models import CostOfCareExercise
from commissioning.finance.selectors import published_exercise_list
from commissioning.market.models import MarketPositionStatement
from commissioning.market.selectors import published_statement_list
from commissioning.needs.selectors import projection_list
from commissioning.strategy.models import StrategyVersion
from commissioning.strategy.selectors import published_version_list


class HomeView(KeptPageMixin, PageAccessMixin, TemplateView):
    """The dashboard: the user's work first, then the cycles and the balance of effort."""

    template_name = "site/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        context = super().get_context_data(**kwargs)
        if user.is_commissioning_staff:
            # The team's active cycles, read once; the counts below filter by their ids (simpler
            # queries than repeating the team's conditions in each).
            active_list = list(
                cycles.cycle_list(user=user).filter(
                    cycles.led_or_partnered_by(user.organisation_id), status=CycleStatus.ACTIVE
                )
            )
            active = [cycle.pk for cycle in active_list]
            progress = cycles.cycle_progress(active)
            # A person's unfinished activities are few: read them once for the list and its count.
            my_activities = list(cycles.assigned_activity_list(user=user))
            context.update(
                staff=True,
                cycles=[(cycle, progress[cycle.pk]) for cycle in active_list],
                my_activities=my_activities[:10],
                my_activity_count=len(my_activities),
                overdue_total=sum(p.overdue for p in progress.values()),
                open_findings=cycles.finding_list(user=user)
                .filter(status=FindingStatus.OPEN, cycle_id__in=active)
                .count(),
                balance=cycles.effort_balance_of(cycles.effort_list(user=user).filter(cycle_id__in=active)),
                needs_area=_needs_area(user),
            )
        else:
            context.update(
                staff=False,
                published=cycles.cycle_list(user=user).filter(status=CycleStatus.ACTIVE)[:20],
            )
        return context


def _needs_area(user: User) -> Area | None:
    """The user's own council, if a needs profile (a population projection) exists for it."""
    area = user.organisation.area if user.organisation and user.organisation.area_id else None
    return area if area is not None and projection_list(area=area).exists() else None


@dataclass
class Publisher:
    """One council's (or partner's) published records, for the public front page."""

    organisation: Organisation
    statements: list[MarketPositionStatement] = field(default_factory=list)
    exercises: list[CostOfCareExercise] = field(default_factory=list)
    cycles: list[CommissioningCycle] = field(default_factory=list)
    strategies: list[StrategyVersion] = field(default_factory=list)


def published_by_organisation() -> list[Publisher]:
    """Everything published, grouped by the organisation that published it, by name."""
    publishers: dict[int, Publisher] = {}

    def publisher(organisation: Organisation) -> Publisher:
        return publishers.setdefault(organisation.pk, Publisher(organisation))

    for statement in published_statement_list():
        publisher(statement.organisation).statements.append(statement)
    for exercise in published_exercise_list():
        publisher(exercise.organisation).exercises.append(exercise)
    for cycle in cycles.published_cycle_list():
        publisher(cycle.lead_organisation).cycles.append(cycle)
    for version in published_version_list():
        publisher(version.organisation).strategies.append(version)
    return sorted(publishers.values(), key=lambda item: item.organisation.name)


class PublicIndexView(TemplateView):
    """The public front page, for everyone, signed in or not: every published market position
    statement, cost of care exercise, commissioning cycle and strategy, council by council. Its own
    address (not the home page, which is each signed-in person's dashboard) so councils can link
    to it from their websites; the sign-in page links to it."""

    template_name = "site/public.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(publishers=published_by_organisation(), **kwargs)


class AreaListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "site/area_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = AreaFilterSet.for_page(self.request, areas.area_list())
        page = filtered_page(self.request, filterset)
        return super().get_context_data(form=filterset.form, page=page, **kwargs)


class AreaDetailView(KeptPageMixin, PageAccessMixin, TemplateView):
    """An area, where it sits, and the organisations and cycles in it that the user may see."""

    template_name = "site/area_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        area = areas.area_get(code=self.kwargs["code"])
        user = self.request.user
        return super().get_context_data(
            area=area,
            ancestors=areas.area_ancestors(area),
            children=area.children.order_by("name"),
            cycles=cycles.cycle_list(user=user).filter(areas=area)[:20],
            organisations=accounts.organisation_list(user=user).filter(area=area),
            **kwargs,
        )


class OrganisationDetailView(KeptPageMixin, PageAccessMixin, TemplateView):
    """An organisation: its details, its people (for those who may see them) and its cycles."""

    template_name = "site/organisation_detail.html"

    @cached_property
    def organisation(self) -> Organisation:
        return accounts.organisation_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Organisation:
        return self.organisation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organisation = self.organisation
        user = self.request.user
        return super().get_context_data(
            organisation=organisation,
            members=accounts.member_list(organisation=organisation) if can_see_members(user, organisation) else None,
            cycles=cycles.cycle_list(user=user).filter(cycles.led_or_partnered_by(organisation.pk))[:20],
            can_manage=manages_organisation(user, organisation),
            **kwargs,
        )
