"""Upload pages for CQC files and capacity returns (checked and loaded by background jobs)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.core.jobs import job_start
from commissioning.core.views_mixins import (
    JobFormView,
)
from commissioning.market import permissions as can
from commissioning.market import services, tasks
from commissioning.market.forms import (
    CapacityImportForm,
    CqcImportForm,
)
from commissioning.market.models import (
    CqcImport,
)


class CqcImportView(JobFormView):
    template_name = "market/cqc_import.html"
    permission = staticmethod(can.can_import_cqc)
    form_class = CqcImportForm

    def perform(self, form: CqcImportForm) -> Any:
        upload = form.cleaned_data["file"]
        return job_start(
            task=tasks.cqc_import,
            title=f"Import the CQC file {upload.name}",
            by=self.request.user,
            uploads=[upload],
            params={"file_format": form.cleaned_data["file_format"] or None, "coverage": form.cleaned_data["coverage"]},
            back_url=reverse("market:cqc-import"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(runs=CqcImport.objects.select_related("imported_by")[:10], **kwargs)


class CapacityImportView(JobFormView):
    """A provider (or operator) uploads several returns at once."""

    template_name = "form_page.html"
    permission = staticmethod(can.can_import_capacity)
    form_class = CapacityImportForm

    def perform(self, form: CapacityImportForm) -> Any:
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
