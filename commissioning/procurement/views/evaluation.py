"""Evaluation and award pages: scoring and moderation, the ranking, abnormally low prices, the
assessment summaries, the award with its standstill, signing, and termination; and the bidder's
own summary and explanation pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.choices import OrganisationKind
from commissioning.accounts.models import Organisation
from commissioning.core.forms import ConfirmForm
from commissioning.core.jinja2 import format_date
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import ServiceFormView
from commissioning.procurement import permissions as can
from commissioning.procurement import selectors, services
from commissioning.procurement.choices import PanelRole
from commissioning.procurement.forms import (
    AwardForm,
    BidScoresForm,
    DirectAwardForm,
    ExplanationForm,
    LowPriceDecisionForm,
    SignForm,
    TerminationForm,
)
from commissioning.procurement.models import AssessmentSummary, Award, Bid, ModeratedScore, Score
from commissioning.procurement.views.refusals import in_words
from commissioning.procurement.views.staff import ProcurementMixin


class EvaluationView(ProcurementMixin, TemplateView):
    """Scoring under way (who has scored what) and, once every answer is moderated, each lot's
    ranking; after the evaluation is finished, the kept results."""

    template_name = "procurement/evaluation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        procurement, user = self.procurement, self.request.user
        role = procurement.panel.filter(person=user).values_list("role", flat=True).first()
        state = services.evaluation_state(procurement) if procurement.status == "opened" else None
        results = {result.lot_id: result for result in procurement.results.all()}
        awards = {award.lot_id: award for award in procurement.awards.select_related("supplier")}
        scored = {}
        for score in Score.objects.filter(bid__procurement=procurement).values("bid_id", "assessor_id"):
            scored.setdefault(score["bid_id"], set()).add(score["assessor_id"])
        moderated = {}
        for row in ModeratedScore.objects.filter(bid__procurement=procurement).values("bid_id"):
            moderated[row["bid_id"]] = moderated.get(row["bid_id"], 0) + 1
        lots = []
        for lot in procurement.lots.all():
            bids = services.evaluable_bids(procurement, lot)
            lots.append(
                {
                    "lot": lot,
                    "bids": [(bid, user.pk in scored.get(bid.pk, set()), moderated.get(bid.pk, 0)) for bid in bids],
                    "questions": len(services.lot_questions(procurement, lot)),
                    "preview": next((e["evaluation"] for e in state.lots if e["lot"].pk == lot.pk), None)
                    if state
                    else None,
                    "result": results.get(lot.pk),
                    "award": awards.get(lot.pk),
                }
            )
        return super().get_context_data(
            lots=lots,
            state=state,
            role=role,
            can_change=can.can_change_procurement(user, procurement),
            flagged=list(procurement.bids.filter(low_price_percent__isnull=False).select_related("organisation")),
            summaries_sent=AssessmentSummary.objects.filter(bid__procurement=procurement).count(),
            **kwargs,
        )


class BidScoringView(ProcurementMixin, ServiceFormView):
    """An assessor's own scores for one bid's answers, or a moderator's agreed ones."""

    template_name = "procurement/bid_scores.html"
    form_class = BidScoresForm
    submit_once = False  # scores are changed, not added: the same scores sent twice are saved once
    moderating = False

    @cached_property
    def bid(self) -> Bid:
        found = (
            selectors.opened_bid_list(user=self.request.user, procurement=self.procurement)
            .filter(pk=self.kwargs["part"])
            .first()
        )
        if found is None:
            raise Http404("No such opened bid")
        return found

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and request.user.is_active:
            role = self.procurement.panel.filter(person=request.user).values_list("role", flat=True).first()
            if role != (PanelRole.MODERATOR if self.moderating else PanelRole.ASSESSOR):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def questions(self) -> list[Any]:
        return services.lot_questions(self.procurement, self.bid.lot)

    def get_form_kwargs(self) -> dict[str, Any]:
        if self.moderating:
            known = {m.question_id: m for m in ModeratedScore.objects.filter(bid=self.bid)}
        else:
            known = {s.question_id: s for s in Score.objects.filter(bid=self.bid, assessor=self.request.user)}
        return {
            **super().get_form_kwargs(),
            "questions": self.questions,
            "scale": self.procurement.scoring_scale,
            "initial_scores": known,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        assessors = {}
        if self.moderating:
            for score in Score.objects.filter(bid=self.bid).select_related("assessor"):
                assessors.setdefault(score.question_id, []).append(score)
        answers = self.bid.answers or {}
        return super().get_context_data(
            heading=("Moderate" if self.moderating else "Score") + f" the bid from {self.bid.organisation}",
            back_url=reverse("procurement:evaluation", args=[self.procurement.pk]),
            submit_label="Save the moderated scores" if self.moderating else "Save my scores",
            bid=self.bid,
            rows=[(q, answers.get(str(q.pk), ""), assessors.get(q.pk, [])) for q in self.questions],
            moderating=self.moderating,
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        record = services.moderation_record if self.moderating else services.score_record
        saved = 0
        with transaction.atomic():  # all the page's scores, or none
            for question, score, reason in form.scores():
                in_words(record, by=self.request.user, bid=self.bid, question=question, score=score, reason=reason)
                saved += 1
        if not saved:
            raise ValidationError("Give at least one score")
        self._saved = saved
        return self.bid

    def success_message_for(self, result: Any) -> str:
        return f"{self._saved} scores saved"

    def success_url_for(self, result: Any) -> str:
        return reverse("procurement:evaluation", args=[self.procurement.pk])


class BidModerationView(BidScoringView):
    moderating = True


class ProcurementStepView(ProcurementMixin, ServiceFormView):
    """One step in the procurement's life, taken by pressing a button or filling a short form."""

    template_name = "procurement/step.html"
    permission = staticmethod(can.can_change_procurement)
    form_class: Any = ConfirmForm
    submit_once = False  # sent again, a step is refused in words: it has already been taken
    heading = ""
    intro = ""
    submit_label = "Confirm"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=self.heading,
            intro=self.intro_text(),
            back_url=self.back_url(),
            submit_label=self.submit_label,
            **kwargs,
        )

    def intro_text(self) -> str:
        return self.intro

    def back_url(self) -> str:
        return reverse("procurement:evaluation", args=[self.procurement.pk])

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class EvaluationFinishView(ProcurementStepView):
    heading = "Finish the evaluation"
    intro = "Each lot is evaluated from the moderated scores and kept. Scores can no longer change afterwards."
    submit_label = "Finish the evaluation"
    success_message = "Evaluation finished"

    def perform(self, form: Any) -> Any:
        return in_words(services.evaluation_finish, by=self.request.user, procurement=self.procurement)


class SummariesSendView(ProcurementStepView):
    heading = "Send the assessment summaries"
    intro = (
        "Every assessed bidder is sent its scores and the winning bid's, criterion by criterion, with the reasons. "
        "They must have them before the award notice is published."
    )
    submit_label = "Send the summaries"

    def perform(self, form: Any) -> Any:
        self._sent = in_words(services.summaries_send, by=self.request.user, procurement=self.procurement)
        return self.procurement

    def success_message_for(self, result: Any) -> str:
        return f"{self._sent} assessment summaries sent"


class AwardDecideView(ProcurementStepView):
    form_class = AwardForm
    heading = "Award a lot"
    intro = (
        "The lot goes to its most advantageous tender. The standstill is counted from the day the award notice is "
        "published, as the procurement's regime says, and the contract cannot be signed before it ends."
    )
    submit_label = "Award"
    success_message = "Awarded: standstill is under way"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "lots": self.procurement.lots.filter(award__isnull=True)}

    def get_initial(self) -> dict[str, Any]:
        return {"notice_published_on": timezone.localdate()}

    def perform(self, form: Any) -> Any:
        return in_words(services.award_decide, by=self.request.user, procurement=self.procurement, **form.cleaned_data)


class DirectAwardView(ProcurementStepView):
    form_class = DirectAwardForm
    heading = "Record the direct award"
    intro = (
        "The supplier the Schedule 5 ground points to. Where the law asks for one, the transparency notice must be "
        "published first; the award notice and standstill follow as the regime says."
    )
    submit_label = "Award"
    success_message = "Direct award recorded"

    def back_url(self) -> str:
        return self.procurement.get_absolute_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        suppliers = Organisation.objects.filter(kind__in=[OrganisationKind.PROVIDER, OrganisationKind.VCS])
        return {**super().get_form_kwargs(), "suppliers": suppliers.order_by("name")}

    def get_initial(self) -> dict[str, Any]:
        return {"notice_published_on": timezone.localdate(), "value": self.procurement.estimated_value}

    def perform(self, form: Any) -> Any:
        return in_words(
            services.direct_award_decide, by=self.request.user, procurement=self.procurement, **form.cleaned_data
        )


class AwardSignView(ProcurementStepView):
    form_class = SignForm
    heading = "Record the contract signed"
    submit_label = "Record the signing"
    success_message = "Contract signed"

    @cached_property
    def award(self) -> Award:
        found = self.procurement.awards.filter(pk=self.kwargs["part"]).first()
        if found is None:
            raise Http404("No such award")
        return found

    def get_initial(self) -> dict[str, Any]:
        return {"signed_on": timezone.localdate()}

    def intro_text(self) -> str:
        award = self.award
        intro = f"Lot {award.lot.number}. {award.standstill_rule}"
        if award.standstill_last_day:
            intro += f" Standstill ends at midnight on {format_date(award.standstill_last_day)}."
        return intro

    def perform(self, form: Any) -> Any:
        return in_words(services.award_sign, by=self.request.user, award=self.award, **form.cleaned_data)


class TerminateView(ProcurementStepView):
    form_class = TerminationForm
    heading = "End the procurement without an award"
    submit_label = "Terminate the procurement"
    success_message = "Procurement terminated"

    def back_url(self) -> str:
        return self.procurement.get_absolute_url()

    def perform(self, form: Any) -> Any:
        return in_words(
            services.procurement_terminate, by=self.request.user, procurement=self.procurement, **form.cleaned_data
        )


class LowPriceRequestView(ProcurementStepView):
    heading = "Ask the bidder to explain its price"
    intro = "The price is well below the others'. The bidder is asked how it is made up; nothing is decided yet."
    submit_label = "Ask for an explanation"
    success_message = "The bidder has been asked to explain its price"

    @cached_property
    def bid(self) -> Bid:
        found = self.procurement.bids.filter(pk=self.kwargs["part"]).first()
        if found is None:
            raise Http404("No such bid")
        return found

    def perform(self, form: Any) -> Any:
        return in_words(services.low_price_request, by=self.request.user, bid=self.bid)


class LowPriceDecideView(LowPriceRequestView):
    form_class = LowPriceDecisionForm
    heading = "Decide on the explanation of the price"
    intro = ""
    submit_label = "Record the decision"
    success_message = "Decision recorded"

    def intro_text(self) -> str:
        return f"The bidder's explanation: {self.bid.explanation}"

    def perform(self, form: Any) -> Any:
        return in_words(services.low_price_decide, by=self.request.user, bid=self.bid, **form.cleaned_data)


# The bidder's side ------------------------------------------------------------------------------------


class SummaryView(PageAccessMixin, TemplateView):
    """A bidder's own assessment summary: its marks and the winner's, with the reasons."""

    template_name = "procurement/summary.html"
    permission = staticmethod(can.is_bidder)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        bid = selectors.bid_get(user=self.request.user, pk=kwargs.pop("pk"))
        summary = AssessmentSummary.objects.visible_to(self.request.user).filter(bid=bid).first()
        if summary is None:
            raise Http404("No assessment summary has been sent for this bid")
        return super().get_context_data(bid=bid, summary=summary, procurement=bid.procurement, **kwargs)


class ExplainView(ServiceFormView):
    template_name = "form_page.html"
    permission = staticmethod(can.is_bidder)
    form_class = ExplanationForm
    submit_once = False
    success_message = "Explanation sent"

    @cached_property
    def bid(self) -> Bid:
        return selectors.bid_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Explain your price",
            caption=f"Bid {self.bid.receipt}",
            back_url=reverse("procurement:receipt", args=[self.bid.pk]),
            submit_label="Send the explanation",
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        return in_words(services.low_price_explain, by=self.request.user, bid=self.bid, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return reverse("procurement:receipt", args=[self.bid.pk])
