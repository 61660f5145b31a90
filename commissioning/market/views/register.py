"""Pages for the register and its analysis: the market overview, the directory, the map, a
location and its capacity returns, vacancies, services CQC does not register, and market changes."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.analytics.maps import MapPoint, legend_icon, load_boundaries, render_map
from commissioning.core.charts import Series, line_chart
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.filtersets import filtered_page
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import (
    HistoryPageMixin,
    ServiceFormView,
)
from commissioning.market import analysis, selectors, services
from commissioning.market import permissions as can
from commissioning.market.choices import Rating
from commissioning.market.filtersets import LocationFilterSet
from commissioning.market.forms import (
    AreaChoiceForm,
    CapacityReturnForm,
    ClosureForm,
    CommunityServiceForm,
)
from commissioning.market.models import (
    CAPACITY_FIGURES,
    CapacityReturn,
    Location,
    MarketEvent,
)

BOUNDARIES = Path(__file__).resolve().parents[2] / "core" / "data" / "geography" / "ctyua_dec2021_buc_england.geojson"


def _areas_with_locations() -> QuerySet[Area]:
    return analysis.areas_with_locations(Area.objects.filter(level__in=UPPER_TIER_LEVELS))


class AreaMixin:
    """Market pages look at one council area: ?area=CODE, else the user's own council's."""

    request: HttpRequest

    @cached_property
    def area(self) -> Area:
        code = self.request.GET.get("area", "")
        if code:
            area = Area.objects.filter(code=code, level__in=UPPER_TIER_LEVELS).first()
            if area is None:
                raise Http404("No such council area")
            return area
        area = analysis.market_area_for(self.request.user)
        if area is None:
            raise Http404("No locations are in the register yet")
        return area

    def area_form(self) -> AreaChoiceForm:
        # (code, name) pairs rather than records: every market page lists some 150 councils.
        areas = list(_areas_with_locations().values_list("code", "name"))
        if self.area.code not in {code for code, _ in areas}:
            areas = sorted([*areas, (self.area.code, self.area.name)], key=lambda pair: pair[1])
        return AreaChoiceForm(initial={"area": self.area.code}, areas=areas)


class MarketIndexView(KeptPageMixin, AreaMixin, PageAccessMixin, TemplateView):
    """The market in one area at a glance; provider users go to their own provider."""

    template_name = "market/index.html"
    permission = staticmethod(can.can_view_market)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can.can_view_register(request.user):
            provider = selectors.provider_list(user=request.user).first()
            if provider is None:
                raise Http404("Your organisation is not linked to a provider in the register")
            return redirect(provider.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        area = self.area
        figures = analysis.area_figures(area)
        this_year = datetime.date.today().year
        trend = analysis.ratings_trend(area, list(range(this_year - 5, this_year + 1)), figures)
        benchmark = analysis.published_benchmark(area)
        # The published series is monthly; chart and tabulate each year's latest month.
        yearly: dict[str, list[tuple[int, str, float]]] = {}
        for name, points in benchmark.items():
            by_year: dict[int, tuple[str, float]] = {}
            for period, value in points:
                by_year[int(period[-4:])] = (period, value)
            yearly[name] = [(year, period, value) for year, (period, value) in sorted(by_year.items())]
        benchmark_chart = line_chart(
            [Series(name, [(year, value) for year, _, value in points]) for name, points in yearly.items()]
        )
        return super().get_context_data(
            area=area,
            area_form=self.area_form(),
            total=analysis.registered_total(area, figures),
            supply=analysis.supply(area, figures),
            client_groups=analysis.client_group_supply(area, figures),
            beds=analysis.beds_per_thousand(area, figures=figures),
            ratings=analysis.ratings_mix(area, figures),
            trend=trend,
            benchmark_names=list(yearly),
            benchmark_rows=[
                (period, [dict((y, v) for y, _, v in points).get(year) for points in yearly.values()])
                for year, period, _ in next(iter(yearly.values()), [])
            ],
            benchmark_chart=benchmark_chart,
            concentration=analysis.concentration(area, figures),
            dependency=analysis.dependency(area, self.request.user.organisation_id),
            events=selectors.event_list(user=self.request.user).filter(location__local_authority=area)[:10],
            can_import=can.can_import_cqc(self.request.user),
            can_manage=can.can_manage_market(self.request.user),
            **kwargs,
        )


class LocationListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "market/location_list.html"
    permission = staticmethod(can.can_view_market)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = LocationFilterSet.for_page(self.request, selectors.location_list(user=user))
        form, page = filterset.form, filtered_page(self.request, filterset)
        return super().get_context_data(form=form, page=page, can_manage=can.can_manage_market(user), **kwargs)


class MapView(KeptPageMixin, AreaMixin, PageAccessMixin, TemplateView):
    template_name = "market/map.html"
    permission = staticmethod(can.can_view_register)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        area = self.area
        locations = list(analysis.area_locations(area).select_related("provider").order_by("name"))
        labels = dict(Rating.choices)
        boundaries = load_boundaries(BOUNDARIES)
        shapes = [boundaries[area.code]] if area.code in boundaries else []
        drawn = render_map(
            boundaries=shapes,
            points=[
                MapPoint(
                    location.longitude,
                    location.latitude,
                    f"{location.name} ({labels.get(location.overall_rating, 'Not rated or not known')})",
                    labels.get(location.overall_rating, "Not rated or not known"),
                    location.get_absolute_url(),
                )
                for location in locations
            ],
            title=f"Care locations in {area.name}",
            description=f"{len(locations)} locations in the register, marked by CQC rating. The table lists them.",
        )
        return super().get_context_data(
            area=area,
            area_form=self.area_form(),
            map=drawn,
            legend=[(entry, legend_icon(entry.shape, entry.colour)) for entry in drawn.legend],
            locations=locations,
            has_boundary=bool(shapes),
            **kwargs,
        )


class LocationMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def location(self) -> Location:
        return selectors.location_get(user=self.request.user, pk=self.kwargs["pk"])


class LocationDetailView(KeptPageMixin, LocationMixin, PageAccessMixin, TemplateView):
    template_name = "market/location_detail.html"
    permission = staticmethod(can.can_view_market)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        location = self.location
        user = self.request.user
        return super().get_context_data(
            location=location,
            ratings=list(location.ratings.all()),
            returns=list(location.capacity_returns.select_related("entered_by")[:12]),
            events=list(selectors.event_list(user=user).filter(location=location)[:20]),
            can_submit=can.can_submit_capacity(user, location),
            can_view_provider=can.can_view_provider(user, location.provider),
            can_see_history=can.can_view_register(user) or can.acts_for(user, location.provider),
            **kwargs,
        )


class LocationHistoryView(KeptPageMixin, LocationMixin, HistoryPageMixin, PageAccessMixin, TemplateView):
    permission = staticmethod(can.can_view_market)
    label_records = True

    def history_records(self) -> list[Any]:
        return [
            Location.history.filter(id=self.location.pk),
            CapacityReturn.history.filter(location_id=self.location.pk),
        ]

    def history_subject(self) -> tuple[str, str]:
        return self.location.name, self.location.get_absolute_url()


class CapacityReturnView(LocationMixin, ServiceFormView):
    template_name = "form_page.html"

    def get_permission_object(self) -> Any:
        return self.location

    permission = staticmethod(can.can_submit_capacity)
    success_message = "Capacity return saved"

    def get_form(self, form_class: Any = None) -> CapacityReturnForm:
        # Start from the last return, so a provider changes only what moved.
        latest = self.location.capacity_returns.first()
        initial = {name: getattr(latest, name) for name in CAPACITY_FIGURES} if latest else {}
        return CapacityReturnForm(self.request.POST or None, initial=initial, care_home=self.location.is_care_home)

    def perform(self, form: CapacityReturnForm) -> CapacityReturn:
        data = dict(form.cleaned_data)
        return_date = data.pop("return_date")
        return services.capacity_return_save(
            location=self.location, return_date=return_date, values=data, by=self.request.user
        )

    def success_url_for(self, result: CapacityReturn) -> str:
        return self.location.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Capacity return",
            caption=self.location.name,
            back_url=self.location.get_absolute_url(),
            submit_label="Save return",
            **kwargs,
        )


class CommunityServiceCreateView(ServiceFormView):
    """Commissioners add services the CQC register does not hold (day centres, community groups)."""

    template_name = "form_page.html"
    permission = staticmethod(can.can_manage_market)
    form_class = CommunityServiceForm
    success_message = "Service added to the register"

    def get_form(self, form_class: Any = None) -> CommunityServiceForm:
        area = analysis.market_area_for(self.request.user)
        return CommunityServiceForm(
            self.request.POST or None,
            areas=Area.objects.filter(level__in=UPPER_TIER_LEVELS).order_by("name"),
            initial={"local_authority": area},
        )

    def perform(self, form: CommunityServiceForm) -> Location:
        return services.community_service_add(data=form.cleaned_data, by=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Add a service not registered with CQC",
            back_url=reverse("market:location-list"),
            submit_label="Add the service",
            **kwargs,
        )


class VacanciesView(KeptPageMixin, AreaMixin, PageAccessMixin, TemplateView):
    template_name = "market/vacancies.html"
    permission = staticmethod(can.can_view_register)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = analysis.vacancies(self.area)
        reporting = [capacity for _, capacity in rows if capacity is not None]
        return super().get_context_data(
            area=self.area,
            area_form=self.area_form(),
            rows=rows,
            vacant_accepting=sum(capacity.beds_vacant_accepting or 0 for capacity in reporting),
            reporting=len(reporting),
            **kwargs,
        )


class EventListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "market/events.html"
    permission = staticmethod(can.can_view_register)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        events = selectors.event_list(user=self.request.user)
        kind = self.request.GET.get("kind", "")
        if kind:
            events = events.filter(kind=kind)
        page = Paginator(events, 50).get_page(self.request.GET.get("page"))
        user = self.request.user
        return super().get_context_data(
            page=page,
            kind=kind,
            can_confirm={event.pk for event in page if can.can_confirm_closure(user, event)},
            **kwargs,
        )


class ClosureConfirmView(ServiceFormView):
    """The team says whether a location missing from CQC's active list has closed."""

    template_name = "market/closure_confirm.html"
    permission = staticmethod(can.can_confirm_closure)
    form_class = ClosureForm
    success_message = "Answer saved"
    submit_once = False  # answers an existing change; a second answer is refused by the service

    @cached_property
    def event(self) -> MarketEvent:
        return get_object_or_404(selectors.event_list(user=self.request.user), pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.event

    def perform(self, form: ClosureForm) -> MarketEvent:
        return services.closure_confirm(event=self.event, closed=form.cleaned_data["closed"], by=self.request.user)

    def success_url_for(self, result: MarketEvent) -> str:
        return reverse("market:events")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        location = self.event.location
        source = self.event.source
        return super().get_context_data(
            heading=f"Has {location.name} closed?",
            caption="No longer in CQC's active list",
            intro=f"{location.name} ({location.provider.name}) is registered here, but "
            f"{source.file_name if source else 'a CQC file'}, which covers its area, does not list it. A location "
            "confirmed closed leaves supply, concentration and risk; CQC's own record says for sure.",
            back_url=reverse("market:events"),
            submit_label="Save answer",
            **kwargs,
        )
