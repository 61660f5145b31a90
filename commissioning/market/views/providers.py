"""Pages for a provider and what the commissioning team keeps about it: details, market facts,
concerns, the relationship log, contingency plans, risk and provider forums."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.permissions import is_operator
from commissioning.analytics import market as rules
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import (
    HistoryPageMixin,
    ModelFormPage,
)
from commissioning.market import analysis, selectors, services
from commissioning.market import permissions as can
from commissioning.market.choices import RiskLevel
from commissioning.market.forms import (
    ConcernForm,
    ContingencyPlanForm,
    ForumForm,
    ProviderDetailsForm,
    ProviderLinkForm,
    ProviderMarketForm,
    RelationshipEntryForm,
)
from commissioning.market.models import (
    ContingencyPlan,
    Provider,
    ProviderConcern,
    ProviderForum,
    RelationshipEntry,
)
from commissioning.market.provider_pages import provider_sections
from commissioning.market.views.register import AreaMixin


class ProviderMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def provider(self) -> Provider:
        return selectors.provider_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.provider


class ProviderDetailView(KeptPageMixin, ProviderMixin, PageAccessMixin, TemplateView):
    template_name = "market/provider_detail.html"
    permission = staticmethod(can.can_view_market)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        provider = self.provider
        user = self.request.user
        internal = can.can_view_internal(user)
        locations = list(provider.locations.with_beds().select_related("local_authority").order_by("name"))
        latest = selectors.latest_returns([location.pk for location in locations])
        context: dict[str, Any] = {
            "provider": provider,
            "locations": [(location, latest.get(location.pk)) for location in locations],
            "internal": internal,
            "own": can.acts_for(user, provider),
            "can_manage": can.can_manage_market(user),
            "can_link": can.can_link_provider(user, provider),
            "sections": provider_sections(user=user, provider=provider),
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


class ProviderHistoryView(KeptPageMixin, ProviderMixin, HistoryPageMixin, PageAccessMixin, TemplateView):
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

    submit_once = False

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
    submit_once = False
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

    submit_once = False

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
    submit_once = False
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


class RelationshipLogView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "market/relationship_log.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entries = selectors.relationship_entry_list(user=self.request.user)
        page = Paginator(entries, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, **kwargs)


class RiskView(KeptPageMixin, AreaMixin, PageAccessMixin, TemplateView):
    template_name = "market/risk.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        risks = analysis.provider_risks(area=self.area, organisation_id=user.organisation_id)
        counts = {level: sum(1 for r in risks if r.assessment.level == level) for level in RiskLevel.values}
        return super().get_context_data(
            area=self.area,
            area_form=self.area_form(),
            risks=risks,
            counts=counts,
            rules=rules,
            concerns=list(selectors.concern_list(user=user).filter(closed_on__isnull=True)[:20]),
            **kwargs,
        )


class ForumListView(KeptPageMixin, PageAccessMixin, TemplateView):
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
    submit_once = False
    permission = staticmethod(can.can_change_record)
    heading = "Change a provider forum"
    success_message = "Forum saved"

    def instance(self) -> Any:
        return self.forum

    def perform(self, form: Any) -> ProviderForum:
        return services.forum_update(forum=self.forum, by=self.request.user, **form.cleaned_data)

    def back_url(self) -> str:
        return self.forum.get_absolute_url()


class ForumDetailView(KeptPageMixin, ForumMixin, PageAccessMixin, TemplateView):
    template_name = "market/forum_detail.html"
    permission = staticmethod(can.can_view_internal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            forum=self.forum, can_change=can.can_change_record(self.request.user, self.forum), **kwargs
        )
