"""Pages of each cycle's gap analyses: make one, read it (chart, table, money, data gaps), download it."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from openpyxl import Workbook

from commissioning.analytics.gap import gap_from_json
from commissioning.core.charts import Series, line_chart
from commissioning.core.downloads import attachment, csv_text, sheet_append, workbook_bytes
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import ServiceFormView
from commissioning.needs.published import forecast_measure_list
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors, services
from commissioning.strategy.forms import GapAnalysisForm
from commissioning.strategy.gap import GAP_SERVICES
from commissioning.strategy.models import GapAnalysis
from commissioning.strategy.views.cycle import CyclePlanMixin

__all__ = ["GapAnalysisCreateView", "GapAnalysisDetailView", "GapAnalysisDownloadView", "GapAnalysisListView"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class GapAnalysisListView(KeptPageMixin, CyclePlanMixin, TemplateView):
    template_name = "strategy/gap_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("cycle", None)
        analyses = selectors.gap_analysis_list(user=self.request.user).filter(cycle=self.cycle).defer("result")
        return super().get_context_data(
            cycle=self.cycle,
            analyses=list(analyses[:100]),
            can_change=can.can_change_risks(self.request.user, self.cycle),
            **kwargs,
        )


class GapAnalysisCreateView(CyclePlanMixin, ServiceFormView):
    template_name = "strategy/gap_form.html"
    form_class = GapAnalysisForm
    permission = staticmethod(can.can_change_risks)
    success_message = "Gap analysis made"

    def get_form_kwargs(self) -> dict[str, Any]:
        area_codes = set(self.cycle.areas.values_list("code", flat=True))
        measures = [m for m in forecast_measure_list(user=self.request.user) if m.area_code in area_codes]
        return {**super().get_form_kwargs(), "measures": measures, "services": GAP_SERVICES}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("cycle", None)
        back = reverse("strategy:gap-list", args=[self.cycle.pk])
        return super().get_context_data(cycle=self.cycle, back_url=back, services=GAP_SERVICES, **kwargs)

    def perform(self, form: GapAnalysisForm) -> GapAnalysis:
        data = form.cleaned_data
        return services.gap_analysis_create(
            by=self.request.user, cycle=self.cycle, title=data["title"], demand=data["demand"]
        )


class GapAnalysisMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def analysis(self) -> GapAnalysis:
        return selectors.gap_analysis_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.analysis


class GapAnalysisDetailView(KeptPageMixin, GapAnalysisMixin, TemplateView):
    """The analysis as made: by service, demand and supply each year on a chart with its table,
    the cost against the budget, and the data gaps."""

    template_name = "strategy/gap_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        result = gap_from_json(self.analysis.result)
        by_service = []
        for service in result.services:
            rows = [item for item in result.service_years if item.service == service.key]
            series = [
                Series(label, [(item.year, value) for item in rows if (value := getattr(item, field)) is not None])
                for label, field in (("Needed", "demand"), ("Available", "supply"))
            ]
            chart = line_chart([line for line in series if line.points])
            by_service.append({"service": service, "rows": rows, "chart": chart})
        return super().get_context_data(
            analysis=self.analysis, result=result, by_service=by_service, shortfalls=result.shortfalls()[:20], **kwargs
        )


class GapAnalysisDownloadView(GapAnalysisMixin, TemplateView):
    """Every cell with its working and sources, as CSV or an Excel workbook (figures as numbers)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rows = gap_from_json(self.analysis.result).table_rows()
        name = f"gap-analysis-{self.analysis.pk}"
        if kwargs["format"] == "csv":
            return attachment(csv_text(rows), content_type="text/csv", file_name=f"{name}.csv")
        if kwargs["format"] != "xlsx":
            raise Http404("Choose csv or xlsx")
        book = Workbook()
        sheet = book.active
        sheet.title = "Gap analysis"
        numeric = {rows[0].index(column) for column in ("Year", "Demand", "Supply", "Gap")}
        for number, row in enumerate(rows):
            sheet_append(sheet, [_number(value) if number and i in numeric else value for i, value in enumerate(row)])
        return attachment(workbook_bytes(book), content_type=XLSX, file_name=f"{name}.xlsx")


def _number(value: Any) -> Any:
    """A figure as a number for a spreadsheet; an unknown one stays an empty cell."""
    if value in ("", None):
        return None
    number = float(value)
    return int(number) if number == int(number) else number
