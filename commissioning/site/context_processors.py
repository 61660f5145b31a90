"""Context every page needs: the service's name, demo notice, navigation, and what the user may do
everywhere (attach records as evidence)."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.cycles.evidence import evidence_type_get
from commissioning.cycles.permissions import can_add_evidence
from commissioning.site.navigation import navigation_for


def _can_attach(user: User | None, type_key: str, record: Model) -> bool:
    """Whether `user` may attach this record, of this evidence type, to one of their cycles."""
    kind = evidence_type_get(type_key)
    if user is None or kind is None or not can_add_evidence(user):
        return False
    return kind.choices(user).filter(pk=record.pk).exists()


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
        "can_attach": functools.partial(_can_attach, user),
    }
