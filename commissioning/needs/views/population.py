"""Pages for population vintages and their import."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.views.generic import TemplateView

from commissioning.core.jobs import job_start
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import JobFormView
from commissioning.needs import permissions as can
from commissioning.needs import selectors, tasks
from commissioning.needs.forms import (
    PopulationImportForm,
)


class VintageListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "needs/vintage_list.html"
    permission = staticmethod(can.can_view_needs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            vintages=selectors.vintage_list(),
            can_import=can.can_import_population(self.request.user),
            **kwargs,
        )


class VintageDetailView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "needs/vintage_detail.html"
    permission = staticmethod(can.can_view_needs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        vintage = selectors.vintage_get(pk=self.kwargs["pk"])
        return super().get_context_data(vintage=vintage, areas=vintage.areas.order_by("name"), **kwargs)


class VintageImportView(JobFormView):
    template_name = "needs/vintage_import.html"
    permission = staticmethod(can.can_import_population)
    form_class = PopulationImportForm

    def perform(self, form: PopulationImportForm) -> Any:
        data = form.cleaned_data
        names = ", ".join(upload.name for upload in data["files"])
        return job_start(
            task=tasks.population_import,
            title=f"Import population figures: {names}",
            by=self.request.user,
            uploads=data["files"],
            params={
                "name": data["name"],
                "variant": data["variant"],
                "estimate_year": data["year"],
                "source_url": data["source_url"],
            },
            back_url=reverse("needs:vintage-import"),
        )
