"""Context every page needs: the service's name, demo notice, navigation, and what the user may do
everywhere (attach records as evidence)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from commissioning.cycles.permissions import can_add_evidence
from commissioning.site.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, url_name in navigation_for(user):
            href = reverse(url_name)
            active = request.path == href if href == "/" else request.path.startswith(href)
            items.append({"text": label, "href": href, "active": active})
    return {
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "navigation": items,
        # Record pages offer to attach the record to a cycle as evidence when the user can.
        "can_attach_evidence": bool(user is not None and can_add_evidence(user)),
    }
