"""The page shell's own pages: dashboard, areas, health, help pages and errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

import commissioning
from commissioning.core import selectors
from commissioning.core.choices import AreaLevel
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import filtered_page


class HomeView(PageAccessMixin, TemplateView):
    """The dashboard: the user's work first, then the cycles and the balance of effort."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from commissioning.cycles import selectors as cycles
        from commissioning.cycles.choices import CycleStatus

        user = self.request.user
        context = super().get_context_data(**kwargs)
        if user.is_commissioning_staff:
            active = cycles.cycles_involving(user).filter(status=CycleStatus.ACTIVE)
            active_list = list(
                cycles.cycle_list(user=user, filters={"status": CycleStatus.ACTIVE}).filter(pk__in=active.values("pk"))
            )
            progress = cycles.progress_for([cycle.pk for cycle in active_list])
            my_activities = cycles.activities_assigned_to(user=user)
            context.update(
                staff=True,
                cycles=[(cycle, progress[cycle.pk]) for cycle in active_list],
                my_activities=my_activities[:10],
                my_activity_count=my_activities.count(),
                overdue_total=sum(p.overdue for p in progress.values()),
                open_findings=cycles.finding_list(user=user, filters={"status": "open"})
                .filter(cycle__in=active)
                .count(),
                balance=cycles.effort_balance_for(cycles.effort_list(user=user).filter(cycle__in=active)),
                needs_area=_needs_area(user),
            )
        else:
            context.update(
                staff=False,
                published=cycles.cycle_list(user=user, filters={"status": CycleStatus.ACTIVE})[:20],
            )
        return context


def _needs_area(user: Any) -> Area | None:
    """The user's own council, if a needs profile (a population projection) exists for it."""
    from commissioning.needs.selectors import projections_for

    area = user.organisation.area if user.organisation and user.organisation.area_id else None
    return area if area is not None and projections_for(area).exists() else None


class AreaFilterForm(forms.Form):
    q = forms.CharField(label="Name or GSS code", required=False)
    level = forms.ChoiceField(label="Type", choices=[("", "All types"), *AreaLevel.choices], required=False)
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Area.objects.filter(level=AreaLevel.REGION).order_by("name").values_list("code", "name")
        self.fields["region"].choices = [("", "All regions"), *regions]


class AreaListView(PageAccessMixin, TemplateView):
    template_name = "core/area_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = AreaFilterForm(self.request.GET or None)
        page = filtered_page(self.request, form, lambda filters: selectors.area_list(filters=filters))
        return super().get_context_data(form=form, page=page, **kwargs)


class AreaDetailView(PageAccessMixin, TemplateView):
    template_name = "core/area_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from commissioning.accounts.selectors import organisation_list
        from commissioning.cycles.selectors import cycle_list

        area = selectors.area_get(code=self.kwargs["code"])
        user = self.request.user
        return super().get_context_data(
            area=area,
            ancestors=selectors.area_ancestors(area),
            children=area.children.order_by("name"),
            cycles=cycle_list(user=user, filters={"area": area.code})[:20],
            organisations=organisation_list(user=user).filter(area=area),
            **kwargs,
        )


class InformationPageView(TemplateView):
    """Pages anyone can read, signed in or not (accessibility statement, privacy, data sources)."""


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as error:
        database = f"error: {error.__class__.__name__}"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "version": commissioning.__version__},
        status=200 if healthy else 503,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
