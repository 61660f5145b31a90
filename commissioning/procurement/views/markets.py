"""Dynamic market pages: the buyer announces, sets up, changes and ends a market and decides on
applications; a supplier applies to join and reads the decision."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.functional import cached_property

from commissioning.core.views_mixins import ServiceFormView
from commissioning.procurement import services
from commissioning.procurement.forms import (
    MarketChangeForm,
    MembershipApplyForm,
    MembershipDecisionForm,
    ReasonForm,
)
from commissioning.procurement.models import MarketMembership
from commissioning.procurement.views.bidding import OpportunityMixin
from commissioning.procurement.views.evaluation import ProcurementStepView
from commissioning.procurement.views.refusals import in_words

__all__ = [
    "MarketAnnounceView",
    "MarketCeaseView",
    "MarketChangeView",
    "MarketEstablishView",
    "MembershipApplyView",
    "MembershipDecideView",
    "MembershipRemoveView",
]


class MarketStepView(ProcurementStepView):
    def back_url(self) -> str:
        return self.procurement.get_absolute_url()


class MarketAnnounceView(MarketStepView):
    heading = "Announce the dynamic market"
    intro = (
        "The intention notice is published and suppliers may apply to join from now on. "
        "The conditions for membership cannot change after this."
    )
    submit_label = "Announce the market"
    success_message = "Announced: suppliers can now apply to join"

    def intro_text(self) -> str:
        problems = services.market_problems(self.procurement)
        if not problems:
            return self.intro
        return "Before it can be announced:\n" + "\n".join(f"- {problem}" for problem in problems)

    def perform(self, form: Any) -> Any:
        return in_words(services.market_announce, by=self.request.user, procurement=self.procurement)


class MarketEstablishView(MarketStepView):
    heading = "Set up the dynamic market"
    intro = "The set-up notice is published, and competitions can be held among the members from now on."
    submit_label = "Set up the market"
    success_message = "The dynamic market is set up"

    def perform(self, form: Any) -> Any:
        return in_words(services.market_establish, by=self.request.user, procurement=self.procurement)


class MarketChangeView(MarketStepView):
    submit_once = True  # each change publishes a notice: sent twice, it is published once
    form_class = MarketChangeForm
    heading = "Change the dynamic market"
    submit_label = "Publish the change"
    success_message = "Changed: the notice of the change is published"

    def get_initial(self) -> dict[str, Any]:
        return {"description": self.procurement.description, "market_ends_on": self.procurement.market_ends_on}

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return in_words(
            services.market_change,
            by=self.request.user,
            procurement=self.procurement,
            summary=data["summary"],
            description=data["description"] or None,
            market_ends_on=data["market_ends_on"],
        )


class MarketCeaseView(MarketStepView):
    form_class = ReasonForm
    heading = "End the dynamic market"
    intro = "No more competitions can be held in it, and no more suppliers can join."
    submit_label = "End the market"
    success_message = "The dynamic market has ended"

    def perform(self, form: Any) -> Any:
        return in_words(services.market_cease, by=self.request.user, procurement=self.procurement, **form.cleaned_data)


class MembershipStepView(MarketStepView):
    @cached_property
    def membership(self) -> MarketMembership:
        found = self.procurement.memberships.select_related("supplier").filter(pk=self.kwargs["part"]).first()
        if found is None:
            raise Http404("No such application")
        return found

    def intro_text(self) -> str:
        return (
            f"{self.membership.supplier} applied on {self.membership.applied_at:%d %B %Y}:\n{self.membership.statement}"
        )


class MembershipDecideView(MembershipStepView):
    form_class = MembershipDecisionForm
    submit_label = "Record the decision"
    success_message = "Decision recorded: the supplier can read it"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Decide on {self.membership.supplier}'s application"

    def perform(self, form: Any) -> Any:
        return in_words(
            services.membership_decide, by=self.request.user, membership=self.membership, **form.cleaned_data
        )


class MembershipRemoveView(MembershipStepView):
    form_class = ReasonForm
    submit_label = "Remove from the market"
    success_message = "Removed from the market"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Remove {self.membership.supplier} from the market"

    def perform(self, form: Any) -> Any:
        return in_words(
            services.membership_remove, by=self.request.user, membership=self.membership, **form.cleaned_data
        )


class MembershipApplyView(OpportunityMixin, ServiceFormView):
    template_name = "procurement/step.html"
    form_class = MembershipApplyForm
    submit_once = False  # sent again, it is refused in words: the application is awaiting a decision
    success_message = "Application sent. You will see the decision here."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Apply to join the dynamic market",
            caption=str(self.procurement),
            intro="The conditions for membership:\n" + self.procurement.membership_conditions,
            back_url=self.back_url(),
            submit_label="Send the application",
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        return in_words(
            services.membership_apply, by=self.request.user, procurement=self.procurement, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()
