"""The Do element of a cycle (the purchasing cycle's, and the commissioning cycle's) shows its
procurements and where each stands, linking to them."""

from __future__ import annotations

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.cycles.choices import Element, Level
from commissioning.cycles.element_pages import element_pages_register
from commissioning.cycles.journey import JourneyLink
from commissioning.cycles.models import CommissioningCycle
from commissioning.procurement import permissions as can
from commissioning.procurement import selectors


def do_pages(user: User, cycle: CommissioningCycle) -> list[JourneyLink]:
    if not can.can_view_procurements(user):
        return []
    links = [
        JourneyLink(f"{p.reference} {p.title}: {p.get_status_display().lower()}", p.get_absolute_url())
        for p in selectors.procurement_list(user=user).filter(cycle=cycle)[:20]
    ]
    if can.can_run_procurements(user):
        links.append(JourneyLink("Start a procurement", reverse("procurement:create") + f"?cycle={cycle.pk}"))
    return links or [JourneyLink("Procurement: none yet for this cycle", reverse("procurement:index"))]


element_pages_register(Level.PURCHASING, Element.DO, do_pages)
element_pages_register(Level.STRATEGIC, Element.DO, do_pages)
