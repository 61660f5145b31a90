"""Block capacity pages: calling off a block for someone's care, the provider accepting or
declining, ending a call-off, and the block's use week by week or month by month."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from commissioning.contracts import capacity, services
from commissioning.contracts import ocds as contract_ocds
from commissioning.contracts import permissions as can
from commissioning.contracts.forms import CallOffDecisionForm, CallOffEndForm, CallOffForm
from commissioning.contracts.models import CallOff
from commissioning.contracts.views.register import ContractFormView, ContractMixin, part_of
from commissioning.core.downloads import streamed_attachment
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.views_mixins import in_words
from commissioning.procurement import ocds as procurement_ocds
from commissioning.procurement.ocds_stream import iter_release_package, vendored_extensions

__all__ = ["CallOffCreateView", "CallOffDecideView", "CallOffEndView", "ContractReleasesView", "UtilisationView"]


class CallOffCreateView(ContractFormView):
    permission = staticmethod(can.can_call_off)
    form_class = CallOffForm
    heading = "Call off the block"
    submit_label = "Call it off"

    def get_initial(self) -> dict[str, Any]:
        return {"starts_on": timezone.localdate(), "weekly_cost": self.contract.unit_price}

    def perform(self, form: Any) -> CallOff:
        return in_words(services.call_off_request, by=self.request.user, contract=self.contract, **form.cleaned_data)

    def success_message_for(self, result: CallOff) -> str:
        return f"Called off: {result.reference}, waiting for {self.contract.provider.name} to accept"


class CallOffStepView(ContractFormView):
    submit_once = False  # sent again, it is refused in words (already decided) or changes nothing more

    @cached_property
    def call_off(self) -> CallOff:
        return part_of(self.contract.block_call_offs.all(), self.kwargs["part"])


class CallOffDecideView(CallOffStepView):
    permission = staticmethod(can.is_provider)
    form_class = CallOffDecisionForm
    submit_label = "Send the answer"
    success_message = "Answer sent to the council"

    def page_heading(self) -> str:
        c, unit = self.call_off, self.contract.get_capacity_unit_display().lower()
        return f"Call-off {c.reference}: {c.units:g} {unit} from {c.starts_on:%d %B %Y}"

    def perform(self, form: Any) -> CallOff:
        return in_words(services.call_off_decide, by=self.request.user, call_off=self.call_off, **form.cleaned_data)


class CallOffEndView(CallOffStepView):
    permission = staticmethod(can.can_call_off)
    form_class = CallOffEndForm
    submit_label = "End it"
    success_message = "Call-off ended: its capacity is free from the day after"

    def page_heading(self) -> str:
        return f"End call-off {self.call_off.reference}"

    def perform(self, form: Any) -> CallOff:
        return in_words(services.call_off_end, by=self.request.user, call_off=self.call_off, **form.cleaned_data)


class UtilisationView(KeptPageMixin, ContractMixin, TemplateView):
    """The block's use by week (the last 12 and the next 4) or by month (the last 12), or between
    the dates asked for."""

    template_name = "contracts/utilisation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contract, today = self.contract, timezone.localdate()
        by = "month" if self.request.GET.get("by") == "month" else "week"
        back = datetime.timedelta(days=365 if by == "month" else 84)
        first = parse_date(self.request.GET.get("from") or "") or today - back
        last = parse_date(self.request.GET.get("to") or "") or today + datetime.timedelta(days=28)
        if last < first or (last - first).days > 3 * 366:
            first, last = today - back, today + datetime.timedelta(days=28)
        periods = capacity.utilisation(contract, first, last, by=by)
        return super().get_context_data(
            by=by,
            first=first,
            last=last,
            periods=periods,
            # Voids already paid for: the weeks or months to come are a forecast, not spent.
            totals=capacity.totals([p for p in periods if p.ends <= today]),
            left_today=capacity.capacity_left(contract, today),
            unit=contract.get_capacity_unit_display().lower(),
            **kwargs,
        )


class ContractReleasesView(View):
    """Every published contract as open contracting data, streamed as one release package (no
    sign-in: the register of public contracts is public; nothing about a person is in it)."""

    def get(self, request: Any) -> HttpResponse:
        meta = procurement_ocds.package_metadata(request.build_absolute_uri())
        package = iter_release_package(
            contract_ocds.releases(),
            uri=request.build_absolute_uri(),
            published_date=procurement_ocds.timestamp(timezone.now()),
            publisher=meta["publisher"],
            license=meta["license"],
            publication_policy=meta["publication_policy"],
            extensions=vendored_extensions(),
        )
        return streamed_attachment(package, content_type="application/json", file_name="contracts.json")
