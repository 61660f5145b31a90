"""The provider's pages (open opportunities, questions, sealed bids and receipts) and the public
list of opportunities."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.core.forms import ConfirmForm
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import ServiceFormView
from commissioning.procurement import permissions as can
from commissioning.procurement import selectors, services
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.forms import BidForm, ClarificationAskForm
from commissioning.procurement.models import AssessmentSummary, Bid, Lot, Procurement
from commissioning.procurement.views.refusals import in_words


class PublicOpportunityListView(TemplateView):
    """Tenders taking bids, for anyone: no sign-in needed to find work."""

    template_name = "procurement/opportunities.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            opportunities=list(selectors.opportunity_list(user=self.request.user)), **kwargs
        )


class PublicOpportunityView(TemplateView):
    template_name = "procurement/opportunity.html"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if can.is_bidder(request.user):  # a provider signed in goes straight to where it can bid
            return redirect(
                "procurement:opportunity", pk=selectors.opportunity_get(pk=kwargs["pk"], user=request.user).pk
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        procurement = selectors.opportunity_get(pk=kwargs.pop("pk"))
        return super().get_context_data(**opportunity_context(procurement), **kwargs)


def opportunity_context(procurement: Procurement) -> dict[str, Any]:
    """What every provider and the public read about a published tender."""
    return {
        "procurement": procurement,
        "lots": list(procurement.lots.all()),
        "questions": list(procurement.questions.select_related("lot")),
        "clarifications": list(selectors.published_clarifications(procurement)),
        "amendments": list(procurement.amendments.all()),
        "stages": list(procurement.stages.all()),
    }


class OpportunityMixin(PageAccessMixin):
    """A published tender, seen by a provider user."""

    permission = staticmethod(can.is_bidder)

    @cached_property
    def procurement(self) -> Procurement:
        return selectors.opportunity_get(pk=self.kwargs["pk"], user=self.request.user)

    def back_url(self) -> str:
        return reverse("procurement:opportunity", args=[self.procurement.pk])


class OpportunityView(OpportunityMixin, TemplateView):
    template_name = "procurement/opportunity.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        user = self.request.user
        bids = list(selectors.own_bid_list(user=user, procurement=self.procurement))
        latest = self.procurement.amendments.count()
        return super().get_context_data(
            **opportunity_context(self.procurement),
            bids=bids,
            unconfirmed=[b for b in bids if b.status == "submitted" and b.confirmed_amendment < latest],
            own_questions=list(
                self.procurement.clarifications.filter(asked_by_id=user.organisation_id, answered_at__isnull=True)
            ),
            signed_in_bidder=True,
            **membership_context(user, self.procurement),
            participant=self.procurement.participants.filter(supplier_id=user.organisation_id).first(),
            bid_block=services.stages_block_bid(self.procurement, user.organisation_id),
            **kwargs,
        )


def membership_context(user: Any, procurement: Procurement) -> dict[str, Any]:
    """The supplier's own application to a dynamic market, for its opportunity page."""
    own = selectors.membership_list(user=user, procurement=procurement).first()
    return {
        "membership": own,
        "may_apply": can.can_apply_to_market(user, procurement)
        and (own is None or own.status not in MembershipStatus.live()),
    }


class QuestionAskView(OpportunityMixin, ServiceFormView):
    template_name = "form_page.html"
    form_class = ClarificationAskForm
    success_message = "Question sent. The answer will be published to every bidder, without your name."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "lots": self.procurement.lots.all()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Ask a question",
            caption=str(self.procurement),
            back_url=self.back_url(),
            submit_label="Send",
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        return in_words(
            services.clarification_ask, by=self.request.user, procurement=self.procurement, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class BidSubmitView(OpportunityMixin, ServiceFormView):
    template_name = "procurement/bid_form.html"
    form_class = BidForm

    @cached_property
    def lot(self) -> Lot:
        found = self.procurement.lots.filter(pk=self.kwargs["lot"]).first()
        if found is None:
            raise Http404("This tender has no such lot")
        return found

    def get_form_kwargs(self) -> dict[str, Any]:
        questions = self.procurement.questions.filter(lot__in=[self.lot]) | self.procurement.questions.filter(
            lot__isnull=True
        )
        return {**super().get_form_kwargs(), "questions": questions.order_by("section", "number")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=f"Bid for lot {self.lot.number}: {self.lot.title}",
            caption=str(self.procurement),
            back_url=self.back_url(),
            procurement=self.procurement,
            **kwargs,
        )

    def perform(self, form: Any) -> Bid:
        return in_words(
            services.bid_submit,
            by=self.request.user,
            procurement=self.procurement,
            lot=self.lot,
            price=form.cleaned_data["price"],
            answers=form.answers(),
            documents=form.bid_documents(),
        )

    def success_message_for(self, result: Bid) -> str:
        return f"Bid sealed. Your receipt is {result.receipt}"

    def success_url_for(self, result: Bid) -> str:
        return reverse("procurement:receipt", args=[result.pk])


class ReceiptView(PageAccessMixin, TemplateView):
    """A bid's receipt, for its bidder: when it arrived and the hash of what was sent."""

    template_name = "procurement/receipt.html"
    permission = staticmethod(can.is_bidder)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        bid = selectors.bid_get(user=self.request.user, pk=kwargs.pop("pk"))
        has_summary = AssessmentSummary.objects.visible_to(self.request.user).filter(bid=bid).exists()
        return super().get_context_data(bid=bid, procurement=bid.procurement, has_summary=has_summary, **kwargs)


class BidActionView(ServiceFormView):
    """Withdraw a bid, or confirm it stands after an amendment."""

    template_name = "form_page.html"
    permission = staticmethod(can.is_bidder)
    form_class = ConfirmForm
    submit_once = False
    withdraw = True

    @cached_property
    def bid(self) -> Bid:
        return selectors.bid_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        heading = (
            f"Withdraw bid {self.bid.receipt}" if self.withdraw else f"Confirm bid {self.bid.receipt} still stands"
        )
        return super().get_context_data(
            heading=heading,
            back_url=reverse("procurement:receipt", args=[self.bid.pk]),
            submit_label="Withdraw the bid" if self.withdraw else "Confirm the bid",
            **kwargs,
        )

    def perform(self, form: Any) -> Bid:
        service = services.bid_withdraw if self.withdraw else services.bid_confirm
        return in_words(service, by=self.request.user, bid=self.bid)

    def success_message_for(self, result: Bid) -> str:
        return "Bid withdrawn" if self.withdraw else "Bid confirmed against the latest amendment"

    def success_url_for(self, result: Bid) -> str:
        return reverse("procurement:opportunity", args=[result.procurement_id])


class BidConfirmView(BidActionView):
    withdraw = False
