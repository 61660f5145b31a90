"""Pages for the provider market: directory, map, analysis, risk, capacity, relationships,
forums, contingency plans and market position statements."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.permissions import is_operator
from commissioning.analytics import market as rules
from commissioning.analytics.maps import MapPoint, legend_icon, load_boundaries, render_map
from commissioning.core.charts import Series, line_chart
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.filtersets import filtered_page
from commissioning.core.jobs import job_start
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin, require
from commissioning.core.views_mixins import (
    HistoryPageMixin,
    JobFormView,
    ModelFormPage,
    ServiceFormView,
    document_job_response,
)
from commissioning.cycles.selectors import cycle_list
from commissioning.market import analysis, selectors, services, tasks
from commissioning.market import permissions as can
from commissioning.market.choices import Rating
from commissioning.market.documents import STATEMENT_FORMATS, statement_file, statement_file_name
from commissioning.market.filtersets import LocationFilterSet
from commissioning.market.forms import (
    AreaChoiceForm,
    CapacityImportForm,
    CapacityReturnForm,
    CommunityServiceForm,
    ConcernForm,
    ContingencyPlanForm,
    CqcImportForm,
    ForumForm,
    ProviderDetailsForm,
    ProviderLinkForm,
    ProviderMarketForm,
    RelationshipEntryForm,
    StatementForm,
)
from commissioning.market.models import (
    CAPACITY_FIGURES,
    CapacityReturn,
    ContingencyPlan,
    CqcImport,
    Location,
    MarketPositionStatement,
    Provider,
    ProviderConcern,
    ProviderForum,
    RelationshipEntry,
)
from commissioning.market.statement import figures_for, statement_figures

BOUNDARIES = Path(__file__).resolve().parents[1] / "core" / "data" / "geography" / "ctyua_dec2021_buc_england.geojson"


def _areas_with_locations() -> QuerySet[Area]:
    return Area.objects.filter(level__in=UPPER_TIER_LEVELS, care_locations__isnull=False).distinct().order_by("name")


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
        areas = _areas_with_locations()
        if not areas.filter(pk=self.area.pk).exists():
            areas = Area.objects.filter(pk__in=[*areas.values_list("pk", flat=True), self.area.pk]).order_by("name")
        return AreaChoiceForm(initial={"area": self.area.code}, areas=areas)


class MarketIndexView(AreaMixin, PageAccessMixin, TemplateView):
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
        locations = analysis.area_locations(area)
        this_year = datetime.date.today().year
        trend = analysis.ratings_trend(locations, list(range(this_year - 5, this_year + 1)))
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
            total=locations.count(),
            supply=analysis.supply(area),
            client_groups=analysis.client_group_supply(area),
            beds=analysis.beds_per_thousand(area),
            ratings=analysis.ratings_mix(locations),
            trend=trend,
            benchmark_names=list(yearly),
            benchmark_rows=[
                (period, [dict((y, v) for y, _, v in points).get(year) for points in yearly.values()])
                for year, period, _ in next(iter(yearly.values()), [])
            ],
            benchmark_chart=benchmark_chart,
            concentration=analysis.concentration(area),
            dependency=analysis.dependency(area, self.request.user.organisation_id),
            events=selectors.event_list(user=self.request.user).filter(location__local_authority=area)[:10],
            can_import=can.can_import_cqc(self.request.user),
            can_manage=can.can_manage_market(self.request.user),
            **kwargs,
        )


class LocationListView(PageAccessMixin, TemplateView):
    template_name = "market/location_list.html"
    permission = staticmethod(can.can_view_market)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = LocationFilterSet.for_page(self.request, selectors.location_list(user=user))
        form, page = filterset.form, filtered_page(self.request, filterset)
        return super().get_context_data(form=form, page=page, can_manage=can.can_manage_market(user), **kwargs)


class MapView(AreaMixin, PageAccessMixin, TemplateView):
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


class LocationDetailView(LocationMixin, PageAccessMixin, TemplateView):
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


class LocationHistoryView(LocationMixin, HistoryPageMixin, PageAccessMixin, TemplateView):
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


class VacanciesView(AreaMixin, PageAccessMixin, TemplateView):
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


# Providers ------------------------------------------------------------------------------------


class ProviderMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def provider(self) -> Provider:
        return selectors.provider_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.provider


class ProviderDetailView(ProviderMixin, PageAccessMixin, TemplateView):
    template_name = "market/provider_detail.html"
    permission = staticmethod(can.can_view_market)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        provider = self.provider
        user = self.request.user
        internal = can.can_view_internal(user)
        locations = list(provider.locations.select_related("local_authority").order_by("name"))
        latest = selectors.latest_returns([location.pk for location in locations])
        context: dict[str, Any] = {
            "provider": provider,
            "locations": [(location, latest.get(location.pk)) for location in locations],
            "internal": internal,
            "own": can.acts_for(user, provider),
            "can_manage": can.can_manage_market(user),
            "can_link": can.can_link_provider(user, provider),
        }
        if internal:
            area = analysis.market_area_for(user)
            risks = (
                analysis.provider_risks(area=area, organisation_id=user.organisation_id, provider_id=provider.pk)
                if area
                else []
            )
            risk = risks[0] if risks else None
            funding = provider.funding.filter(organisation_id=user.organisation_id).first()
            context.update(
                funded_share=funding.council_funded_share if funding else None,
                risk=risk,
                risk_area=area,
                concerns=list(selectors.concern_list(user=user).filter(provider=provider)),
                entries=list(selectors.relationship_entry_list(user=user).filter(provider=provider)[:50]),
                plan=selectors.plan_list(user=user).filter(provider=provider).first(),
                forums=list(selectors.forum_list(user=user).filter(attendees=provider)),
                events=list(selectors.event_list(user=user).filter(location__provider=provider)[:20]),
            )
        return super().get_context_data(**context, **kwargs)


class ProviderHistoryView(ProviderMixin, HistoryPageMixin, PageAccessMixin, TemplateView):
    permission = staticmethod(can.can_view_provider)

    def history_records(self) -> list[Any]:
        return [Provider.history.filter(id=self.provider.pk)]

    def history_subject(self) -> tuple[str, str]:
        return self.provider.name, self.provider.get_absolute_url()


class ProviderPageForm(ProviderMixin, ModelFormPage):
    def back_url(self) -> str:
        return self.provider.get_absolute_url()

    def success_url_for(self, result: Any) -> str:
        return self.provider.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(caption=self.provider.name, **kwargs)


class ProviderDetailsEditView(ProviderPageForm):
    """A provider keeps its own contact details up to date."""

    permission = staticmethod(can.can_update_own_details)
    form_class = ProviderDetailsForm
    heading = "Your contact details"
    success_message = "Details saved"

    def instance(self) -> Any:
        # A fresh copy: the form writes onto it, and the service compares it with the stored record.
        return Provider.objects.get(pk=self.provider.pk)

    def perform(self, form: Any) -> Provider:
        return services.provider_update(provider=self.provider, fields=form.cleaned_data, by=self.request.user)


class ProviderMarketEditView(ProviderPageForm):
    permission = staticmethod(can.can_manage_market)
    form_class = ProviderMarketForm
    heading = "Market facts"
    success_message = "Market facts saved"

    def instance(self) -> Any:
        return Provider.objects.get(pk=self.provider.pk)

    def get_initial(self) -> dict[str, Any]:
        funding = self.provider.funding.filter(organisation_id=self.request.user.organisation_id).first()
        return {"council_funded_share": funding.council_funded_share if funding else None}

    def perform(self, form: Any) -> Provider:
        data = dict(form.cleaned_data)
        share = data.pop("council_funded_share")
        user = self.request.user
        with transaction.atomic():
            services.provider_update(provider=self.provider, fields=data, by=user)
            services.funding_share_set(provider=self.provider, organisation=user.organisation, share=share, by=user)
        return self.provider


class ProviderLinkView(ProviderPageForm):
    """Choose the organisation whose people act for this provider (its self-service)."""

    permission = staticmethod(can.can_link_provider)
    form_class = ProviderLinkForm
    heading = "Who acts for this provider"
    success_message = "Saved: that organisation's people now see this provider's records"

    def get_form(self, form_class: Any = None) -> Any:
        user = self.request.user
        organisations = Organisation.objects.filter(kind__in=("provider", "vcs"))
        if not is_operator(user):
            organisations = organisations.filter(managed_by_id=user.organisation_id)
        return ProviderLinkForm(
            self.request.POST or None, organisations=organisations, initial={"organisation": self.provider.organisation}
        )

    def perform(self, form: Any) -> Provider:
        return services.link_provider_organisation(
            provider=self.provider, organisation=form.cleaned_data["organisation"], by=self.request.user
        )


class ConcernCreateView(ProviderPageForm):
    permission = staticmethod(can.can_manage_market)
    form_class = ConcernForm
    heading = "Record a concern"
    success_message = "Concern recorded"

    def form_kwargs(self) -> dict[str, Any]:
        return {"provider": self.provider}

    def perform(self, form: Any) -> ProviderConcern:
        return services.concern_create(provider=self.provider, by=self.request.user, **form.cleaned_data)


class ConcernEditView(ModelFormPage):
    form_class = ConcernForm
    heading = "Change a concern"
    success_message = "Concern saved"
    permission = staticmethod(can.can_change_record)

    @cached_property
    def concern(self) -> ProviderConcern:
        return selectors.concern_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.concern

    def instance(self) -> Any:
        return self.concern

    def form_kwargs(self) -> dict[str, Any]:
        return {"provider": self.concern.provider}

    def back_url(self) -> str:
        return self.concern.provider.get_absolute_url()

    def success_url_for(self, result: Any) -> str:
        return self.back_url()

    def perform(self, form: Any) -> ProviderConcern:
        return services.concern_update(concern=self.concern, by=self.request.user, **form.cleaned_data)


class RelationshipEntryCreateView(ProviderPageForm):
    permission = staticmethod(can.can_manage_market)
    form_class = RelationshipEntryForm
    heading = "Log a contact"
    success_message = "Contact logged"

    def perform(self, form: Any) -> RelationshipEntry:
        return services.relationship_entry_create(provider=self.provider, by=self.request.user, **form.cleaned_data)


class ContingencyPlanView(ProviderPageForm):
    """Write or revise the organisation's contingency plan for a provider."""

    template_name = "market/plan_form.html"
    permission = staticmethod(can.can_manage_market)
    form_class = ContingencyPlanForm
    heading = "Contingency plan"
    success_message = "Contingency plan saved"

    @cached_property
    def plan(self) -> ContingencyPlan | None:
        return selectors.plan_list(user=self.request.user).filter(provider=self.provider).first()

    def instance(self) -> Any:
        return self.plan or ContingencyPlan(provider=self.provider)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        area = analysis.market_area_for(self.request.user)
        spare = [row for row in analysis.vacancies(area) if row[1] and row[1].beds_vacant_accepting] if area else []
        return super().get_context_data(absorbing=spare, **kwargs)

    def perform(self, form: Any) -> ContingencyPlan:
        if self.plan is not None:
            return services.contingency_plan_update(plan=self.plan, by=self.request.user, **form.cleaned_data)
        return services.contingency_plan_create(provider=self.provider, by=self.request.user, **form.cleaned_data)


class RelationshipLogView(PageAccessMixin, TemplateView):
    template_name = "market/relationship_log.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entries = selectors.relationship_entry_list(user=self.request.user)
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, **kwargs)


class RiskView(AreaMixin, PageAccessMixin, TemplateView):
    template_name = "market/risk.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        risks = analysis.provider_risks(area=self.area, organisation_id=user.organisation_id)
        counts = {level: sum(1 for r in risks if r.assessment.level == level) for level in ("red", "amber", "green")}
        return super().get_context_data(
            area=self.area,
            area_form=self.area_form(),
            risks=risks,
            counts=counts,
            rules=rules,
            concerns=list(selectors.concern_list(user=user).filter(closed_on__isnull=True)[:20]),
            **kwargs,
        )


# Forums ---------------------------------------------------------------------------------------


class ForumListView(PageAccessMixin, TemplateView):
    template_name = "market/forum_list.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            forums=list(selectors.forum_list(user=user)), can_manage=can.can_manage_market(user), **kwargs
        )


def _forum_providers(user: User) -> QuerySet[Provider]:
    area = analysis.market_area_for(user)
    if area is None:
        return Provider.objects.none()
    return Provider.objects.filter(locations__local_authority=area).distinct().order_by("name")


class ForumFormMixin(ModelFormPage):
    form_class = ForumForm

    def form_kwargs(self) -> dict[str, Any]:
        return {"providers": _forum_providers(self.request.user)}

    def perform(self, form: Any) -> ProviderForum:
        return services.forum_create(by=self.request.user, **form.cleaned_data)


class ForumCreateView(ForumFormMixin):
    permission = staticmethod(can.can_manage_market)
    heading = "Record a provider forum"
    success_message = "Forum recorded"
    back = "market:forum-list"


class ForumMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def forum(self) -> ProviderForum:
        return selectors.forum_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.forum


class ForumEditView(ForumMixin, ForumFormMixin):
    permission = staticmethod(can.can_change_record)
    heading = "Change a provider forum"
    success_message = "Forum saved"

    def instance(self) -> Any:
        return self.forum

    def perform(self, form: Any) -> ProviderForum:
        return services.forum_update(forum=self.forum, by=self.request.user, **form.cleaned_data)

    def back_url(self) -> str:
        return self.forum.get_absolute_url()


class ForumDetailView(ForumMixin, PageAccessMixin, TemplateView):
    template_name = "market/forum_detail.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            forum=self.forum, can_change=can.can_change_record(self.request.user, self.forum), **kwargs
        )


# Imports --------------------------------------------------------------------------------------


class CqcImportView(JobFormView):
    template_name = "market/cqc_import.html"
    permission = staticmethod(can.can_import_cqc)
    form_class = CqcImportForm

    def start_job(self, form: CqcImportForm) -> Any:
        upload = form.cleaned_data["file"]
        return job_start(
            task=tasks.cqc_import,
            title=f"Import the CQC file {upload.name}",
            by=self.request.user,
            uploads=[upload],
            params={"file_format": form.cleaned_data["file_format"] or None},
            back_url=reverse("market:cqc-import"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(runs=CqcImport.objects.select_related("imported_by")[:10], **kwargs)


class CapacityImportView(JobFormView):
    """A provider (or operator) uploads several returns at once."""

    template_name = "form_page.html"
    permission = staticmethod(can.can_import_capacity)
    form_class = CapacityImportForm

    def start_job(self, form: CapacityImportForm) -> Any:
        upload = form.cleaned_data["file"]
        return job_start(
            task=tasks.capacity_import,
            title=f"Import capacity returns from {upload.name}",
            by=self.request.user,
            uploads=[upload],
            back_url=reverse("market:capacity-import"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Upload capacity returns",
            back_url=reverse("market:index"),
            submit_label="Upload",
            columns=list(services.CAPACITY_COLUMNS),
            **kwargs,
        )


class EventListView(PageAccessMixin, TemplateView):
    template_name = "market/events.html"
    permission = staticmethod(can.can_view_register)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        events = selectors.event_list(user=self.request.user)
        kind = self.request.GET.get("kind", "")
        if kind:
            events = events.filter(kind=kind)
        page = Paginator(events, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, kind=kind, **kwargs)


# Market position statements -------------------------------------------------------------------


class StatementListView(PageAccessMixin, TemplateView):
    template_name = "market/statement_list.html"
    permission = staticmethod(can.can_view_market)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            statements=list(selectors.statement_list(user=user).select_related("area", "organisation")),
            can_manage=can.can_manage_market(user),
            **kwargs,
        )


class StatementFormMixin(ModelFormPage):
    form_class = StatementForm

    def form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        cycles = cycle_list(user=user).filter(lead_organisation_id=user.organisation_id)
        # A council writes statements for its own area (and the areas of the cycles it leads).
        own = [user.organisation.area_id] if user.organisation.area_id else []
        cycle_areas = Area.objects.filter(cycles__in=cycles).values_list("pk", flat=True)
        return {
            "areas": Area.objects.filter(pk__in=[*own, *cycle_areas], level__in=UPPER_TIER_LEVELS).order_by("name"),
            "cycles": cycles,
        }

    def perform(self, form: Any) -> MarketPositionStatement:
        return services.statement_create(by=self.request.user, **form.cleaned_data)


class StatementCreateView(StatementFormMixin):
    permission = staticmethod(can.can_manage_market)
    heading = "New market position statement"
    success_message = "Draft saved: the figures below come live from the register and forecasts"

    def get_initial(self) -> dict[str, Any]:
        this_year = datetime.date.today().year
        area = analysis.market_area_for(self.request.user)
        return {"first_year": this_year, "last_year": this_year + 5, "area": area.pk if area else None}

    back = "market:statement-list"


class StatementMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def statement(self) -> MarketPositionStatement:
        return selectors.statement_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.statement


class StatementEditView(StatementMixin, StatementFormMixin):
    permission = staticmethod(can.can_change_statement)
    heading = "Change the statement"
    success_message = "Statement saved"

    def instance(self) -> Any:
        return self.statement

    def perform(self, form: Any) -> MarketPositionStatement:
        return services.statement_update(statement=self.statement, by=self.request.user, **form.cleaned_data)

    def back_url(self) -> str:
        return self.statement.get_absolute_url()


class StatementDetailView(StatementMixin, PageAccessMixin, TemplateView):
    template_name = "market/statement_detail.html"
    permission = staticmethod(can.can_view_market)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        statement = self.statement
        return super().get_context_data(
            statement=statement,
            figures=figures_for(statement),
            can_change=can.can_change_statement(self.request.user, statement),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Publish the statement."""
        require(request.user, can.can_change_statement, self.statement)
        try:
            services.statement_publish(
                statement=self.statement, figures=statement_figures(self.statement), by=request.user
            )
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "Published: the statement is now on the public page, with today's figures")
        return HttpResponseRedirect(self.statement.get_absolute_url())


class StatementDownloadView(StatementMixin, PageAccessMixin, TemplateView):
    """The statement as Word or PDF, built by a background job (see document_job_response)."""

    permission = staticmethod(can.can_view_market)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        file_format = kwargs["format"]
        if file_format not in STATEMENT_FORMATS:
            raise Http404("Choose docx or pdf")
        statement = self.statement
        return document_job_response(
            request,
            task=tasks.statement_document,
            title=f"{statement} as a {STATEMENT_FORMATS[file_format][0]}",
            params={"statement_id": statement.pk, "file_format": file_format},
            reuse_key=f"{statement.pk}:{file_format}:{statement.updated_at.isoformat()}",
            back_url=statement.get_absolute_url(),
        )


def _statement_file(statement: MarketPositionStatement, file_format: str) -> HttpResponse:
    if file_format not in STATEMENT_FORMATS:
        raise Http404("Choose docx or pdf")
    response = HttpResponse(
        statement_file(statement, figures_for(statement), file_format), content_type=STATEMENT_FORMATS[file_format][1]
    )
    response["Content-Disposition"] = f'attachment; filename="{statement_file_name(statement, file_format)}"'
    return response


class PublicStatementView(TemplateView):
    """A published statement, open to everyone without signing in (transparency)."""

    template_name = "market/statement_public.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        statement = selectors.published_statement_get(pk=self.kwargs["pk"])
        return super().get_context_data(statement=statement, figures=statement.figures, **kwargs)


class PublicStatementDownloadView(TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        statement = selectors.published_statement_get(pk=kwargs["pk"])
        return _statement_file(statement, kwargs["format"])
