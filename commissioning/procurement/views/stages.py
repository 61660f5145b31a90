"""Pages for the stages of a competitive flexible procedure: the buyer designs and decides them; a
supplier asks to take part and reads where it stands."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.functional import cached_property

from commissioning.core.forms import ConfirmForm
from commissioning.core.views_mixins import ServiceFormView
from commissioning.procurement import services
from commissioning.procurement.forms import ParticipationForm, StageDecisionForm, StageForm
from commissioning.procurement.models import TenderStage
from commissioning.procurement.views.bidding import OpportunityMixin
from commissioning.procurement.views.evaluation import ProcurementStepView
from commissioning.procurement.views.refusals import in_words

__all__ = ["ParticipationRequestView", "StageCreateView", "StageDecideView", "StageDeleteView"]


class StageStepView(ProcurementStepView):
    def back_url(self) -> str:
        return self.procurement.get_absolute_url()

    @cached_property
    def stage(self) -> TenderStage:
        found = self.procurement.stages.filter(pk=self.kwargs["part"]).first()
        if found is None:
            raise Http404("No such stage")
        return found


class StageCreateView(StageStepView):
    form_class = StageForm
    heading = "Add a stage"
    intro = "Stages run in the order they are added. Final, sealed tenders come after the last one."
    submit_label = "Add the stage"
    success_message = "Stage added"

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return in_words(
            services.stage_create,
            by=self.request.user,
            procurement=self.procurement,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            closes_at=form.deadline(),
        )


class StageDeleteView(StageStepView):
    form_class = ConfirmForm
    submit_label = "Take the stage out"
    success_message = "Stage taken out"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Take out stage {self.stage.number}: {self.stage.title}"

    def perform(self, form: Any) -> Any:
        in_words(services.stage_delete, by=self.request.user, stage=self.stage)
        return self.procurement


class StageDecideView(StageStepView):
    form_class = StageDecisionForm
    submit_label = "Record the decisions"
    success_message = "Stage decided: each supplier can read where it stands"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Decide stage {self.stage.number}: {self.stage.title}"

    def intro_text(self) -> str:
        return self.stage.description

    def get_form_kwargs(self) -> dict[str, Any]:
        still_in = self.procurement.participants.filter(
            through_stage=self.stage.number - 1, out_at_stage__isnull=True
        ).select_related("supplier")
        return {**super().get_form_kwargs(), "participants": still_in}

    def perform(self, form: Any) -> Any:
        forward, reasons = form.decision()
        return in_words(
            services.stage_decide, by=self.request.user, stage=self.stage, taken_forward=forward, reasons=reasons
        )


class ParticipationRequestView(OpportunityMixin, ServiceFormView):
    template_name = "procurement/step.html"
    form_class = ParticipationForm
    submit_once = False  # sent again, it is refused in words: already taking part
    success_message = "Request sent. You will see here whether you are taken forward."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Ask to take part",
            caption=str(self.procurement),
            intro=self.procurement.stages.first().description if self.procurement.stages.exists() else "",
            back_url=self.back_url(),
            submit_label="Send the request",
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        return in_words(
            services.participation_request, by=self.request.user, procurement=self.procurement, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()
