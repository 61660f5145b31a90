"""A decommissioning in the purchasing plan links to its page in care: each person's package,
their transition and their move."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.care.permissions import can_view_care
from commissioning.strategy.models import Decommissioning
from commissioning.strategy.record_links import Link, record_link_register


def decommissioning_care(user: Any, record: Any) -> Link | None:
    if not isinstance(record, Decommissioning) or not can_view_care(user):
        return None
    return ("Each person's care package and move", reverse("care:decommissioning", args=[record.pk]))


record_link_register(decommissioning_care)
