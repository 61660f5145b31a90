"""Pages for market position statements: drafts, publishing, documents and the public page."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.downloads import attachment
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin, require
from commissioning.core.views_mixins import (
    ModelFormPage,
    document_job_response,
)
from commissioning.cycles.selectors import cycle_list
from commissioning.market import analysis, selectors, services, tasks
from commissioning.market import permissions as can
from commissioning.market.documents import STATEMENT_FORMATS, statement_file, statement_file_name
from commissioning.market.forms import (
    StatementForm,
)
from commissioning.market.models import (
    MarketPositionStatement,
)
from commissioning.market.statement import figures_for, statement_figures


class StatementListView(KeptPageMixin, PageAccessMixin, TemplateView):
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
    submit_once = False
    permission = staticmethod(can.can_change_statement)
    heading = "Change the statement"
    success_message = "Statement saved"

    def instance(self) -> Any:
        return self.statement

    def perform(self, form: Any) -> MarketPositionStatement:
        return services.statement_update(statement=self.statement, by=self.request.user, **form.cleaned_data)

    def back_url(self) -> str:
        return self.statement.get_absolute_url()


class StatementDetailView(KeptPageMixin, StatementMixin, PageAccessMixin, TemplateView):
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
    return attachment(
        statement_file(statement, figures_for(statement), file_format),
        content_type=STATEMENT_FORMATS[file_format][1],
        file_name=statement_file_name(statement, file_format),
    )


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
