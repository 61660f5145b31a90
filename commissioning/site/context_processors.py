"""Context every page needs: the service's name, demo notice, navigation, what the user may do
everywhere (attach records as evidence), and the analysis journey between need, supply and money."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest

from commissioning.accounts.models import User
from commissioning.core.jinja2 import url
from commissioning.core.models import Area
from commissioning.cycles.evidence import evidence_type_get
from commissioning.cycles.journey import Journey, journey_links
from commissioning.cycles.permissions import can_add_evidence
from commissioning.site.navigation import navigation_for


def _can_attach(user: User | None, type_key: str, record: Model) -> bool:
    """Whether `user` may attach this record, of this evidence type, to one of their cycles."""
    kind = evidence_type_get(type_key)
    if user is None or kind is None or not can_add_evidence(user):
        return False
    return kind.choices(user).filter(pk=record.pk).exists()


def _journey_for(user: User | None, area: Area | str | None = None, client_group: str | None = "") -> Journey | None:
    """The analysis journey for an area (a record or its code; the user's own council's when not
    given), for pages to link to need, supply and money for the same area."""
    if user is None or not user.is_authenticated:
        return None
    if isinstance(area, str):
        area = Area.objects.filter(code=area.strip().upper()[:20]).first() if area.strip() else None
    if area is None and user.organisation is not None:
        area = user.organisation.area
    if area is None:
        return None
    return Journey(area, journey_links(user=user, area=area, client_group=client_group or ""))


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, url_name in navigation_for(user):
            href = url(url_name)
            active = request.path == href if href == "/" else request.path.startswith(href)
            items.append({"text": label, "href": href, "active": active})
    return {
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "navigation": items,
        # Record pages offer to attach the record to a cycle as evidence when the user can.
        "can_attach": functools.partial(_can_attach, user),
        # journey_for(area, client_group): links to the other pages of the analysis for that area.
        "journey_for": functools.partial(_journey_for, user),
    }
