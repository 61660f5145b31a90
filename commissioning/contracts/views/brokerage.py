"""Finding a provider for one person's need: who could meet it now, and why each is shown or left
out; from a result, call off the council's block with that provider or record a spot purchase."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from commissioning.contracts import permissions as can
from commissioning.contracts.brokerage import Search, choice_for, find_providers
from commissioning.contracts.forms import FindProviderForm
from commissioning.core.choices import AreaLevel
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin

__all__ = ["FindProviderView"]


UPPER_TIER = (AreaLevel.COUNTY, AreaLevel.UNITARY, AreaLevel.METROPOLITAN, AreaLevel.LONDON_BOROUGH)


def _areas() -> Any:
    """Councils with social care duties (upper tier): where a person lives, for the distance."""
    return Area.objects.filter(level__in=UPPER_TIER).order_by("name")


class FindProviderView(PageAccessMixin, TemplateView):
    template_name = "contracts/find_provider.html"
    permission = staticmethod(can.can_broker)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        areas = _areas()
        asked = "service_type" in self.request.GET
        initial = {"area": user.organisation.area_id, "within_km": 15, "units": 1}
        form = FindProviderForm(self.request.GET if asked else None, areas=areas, initial=initial)
        found, choices = None, {}
        if asked and form.is_valid():
            data = form.cleaned_data
            search = Search(
                service_type=data["service_type"],
                area=data["area"],
                within_km=float(data["within_km"]),
                units=data["units"],
                specialisms=frozenset(data["specialisms"]),
            )
            found = find_providers(user=user, search=search)
            choices = {
                m.candidate.location_id: choice_for(user, self.request.GET, m, found, search) for m in found.shown
            }
        # Kept through a new search: who the search is for, when it came from someone's page.
        carried = {key: self.request.GET[key] for key in ("person",) if self.request.GET.get(key, "").isdigit()}
        return super().get_context_data(form=form, found=found, choices=choices, carried=carried, asked=asked, **kwargs)
