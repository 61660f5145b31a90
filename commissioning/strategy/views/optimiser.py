"""Pages of the budget optimiser's runs."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.downloads import attachment
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import ModelFormPage
from commissioning.cycles.selectors import team_cycle_list
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors, services
from commissioning.strategy.analysis import optimiser_summary
from commissioning.strategy.forms import OptimiserForm
from commissioning.strategy.models import OptimiserRun


class OptimiserListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "strategy/optimiser_list.html"
    permission = staticmethod(can.can_view_plans)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            runs=list(selectors.optimiser_run_list(user=user)[:100]), can_run=can.can_make_plans(user), **kwargs
        )


class OptimiserCreateView(ModelFormPage):
    template_name = "strategy/optimiser_form.html"
    permission = staticmethod(can.can_make_plans)
    form_class = OptimiserForm
    heading = "Run the budget optimiser"
    back = "strategy:optimiser-list"
    submit_label = "Run"
    success_message = "Optimiser run"

    def get_form(self, form_class: Any = None) -> Any:
        return OptimiserForm(
            self.request.POST or None,
            self.request.FILES or None,
            initial={"cycle": self.request.GET.get("cycle")} if self.request.method == "GET" else None,
            cycles=team_cycle_list(self.request.user).order_by("title"),
        )

    def perform(self, form: Any) -> OptimiserRun:
        data = form.cleaned_data
        try:
            return services.optimiser_run_create(
                by=self.request.user, title=data["title"], cycle=data["cycle"], inputs=data["problem"]
            )
        except ValidationError as error:
            # The problems are in the file or the pasted text, whichever was given.
            field = "file" if data.get("file") else "inputs"
            raise ValidationError({field: error.message_dict.get("inputs", error.messages)}) from error

    def success_message_for(self, result: OptimiserRun) -> str:
        return "Optimiser run: a mix was found" if result.feasible else "Optimiser run: no mix meets every limit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(guide_url=reverse("strategy:optimiser-guide"), **kwargs)


class OptimiserGuideView(PageAccessMixin, TemplateView):
    template_name = "strategy/optimiser_guide.html"
    permission = staticmethod(can.can_view_plans)


class OptimiserRunMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def run(self) -> OptimiserRun:
        return selectors.optimiser_run_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.run


class OptimiserDetailView(KeptPageMixin, OptimiserRunMixin, TemplateView):
    template_name = "strategy/optimiser_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(run=self.run, summary=optimiser_summary(self.run), **kwargs)


class OptimiserDownloadView(OptimiserRunMixin, TemplateView):
    """The run's inputs (to change and run again) or its whole result, as the documented JSON."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        part = self.kwargs["part"]
        if part not in ("inputs", "result"):
            raise Http404("No such part of a run")
        content = json.dumps(getattr(self.run, part), indent=2, cls=DjangoJSONEncoder, ensure_ascii=False)
        return attachment(content, content_type="application/json", file_name=f"{self.run.title} {part}.json")
