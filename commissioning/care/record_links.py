"""The purchasing plan's records link to care: a decommissioning to its page (each person's
package, their transition and their move), and the plan to the direct payments in place now, to
set beside the share it expects."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.care.permissions import can_view_care
from commissioning.care.selectors import direct_payment_share
from commissioning.core.jinja2 import plural
from commissioning.strategy.models import Decommissioning, PurchasingPlan
from commissioning.strategy.record_links import Link, record_link_register


def decommissioning_care(user: Any, record: Any) -> Link | None:
    if not isinstance(record, Decommissioning) or not can_view_care(user):
        return None
    if record.plan.cycle.lead_organisation_id != user.organisation_id:
        return None  # a partner in the cycle: the people are the lead council's
    return ("Each person's care package and move", reverse("care:decommissioning", args=[record.pk]))


record_link_register(decommissioning_care)


def plan_direct_payments(user: Any, record: Any) -> Link | None:
    if not isinstance(record, PurchasingPlan) or not can_view_care(user):
        return None
    if record.cycle.lead_organisation_id != user.organisation_id:
        return None
    share = direct_payment_share(organisation_id=record.cycle.lead_organisation_id)
    if share is None:
        return None
    text = (
        f"Direct payments now: {share['percent']:.1f}% of the weekly cost of care packages in place "
        f"(£{share['weekly']:,.2f} a week, {plural(share['people'], 'person', 'people')})"
    )
    return (text, reverse("care:index") + "?arrangement=direct_payment&status=live")


record_link_register(plan_direct_payments)
