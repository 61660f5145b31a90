"""Reads for the market, scoped to the user: what they may see, and nothing else."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_operator
from commissioning.market import permissions as can
from commissioning.market.models import (
    CapacityReturn,
    ContingencyPlan,
    Location,
    MarketEvent,
    MarketPositionStatement,
    Provider,
    ProviderConcern,
    ProviderForum,
    RelationshipEntry,
)


def provider_list(*, user: User) -> QuerySet[Provider]:
    """The whole register for commissioning staff; a provider's own record for its people."""
    providers = Provider.objects.all()
    if not can.can_view_register(user):
        providers = (
            providers.filter(organisation_id=user.organisation_id) if can.is_provider_user(user) else providers.none()
        )
    return providers


def provider_get(*, user: User, pk: int) -> Provider:
    return get_object_or_404(provider_list(user=user).distinct(), pk=pk)


def location_list(*, user: User, include_deregistered: bool = False) -> QuerySet[Location]:
    """Every location for commissioning staff; a provider's own locations for its people."""
    locations = Location.objects.with_beds().select_related("provider", "local_authority")
    if not can.can_view_register(user):
        if not can.is_provider_user(user):
            return locations.none()
        locations = locations.filter(provider__organisation_id=user.organisation_id)
    if not include_deregistered:
        # "Not deregistered" (rather than "in registered, not registered") lets the database walk
        # the name index in order instead of sorting every location.
        locations = locations.exclude(registration_status="deregistered")
    return locations.order_by("name", "pk")


def location_get(*, user: User, pk: int) -> Location:
    return get_object_or_404(location_list(user=user, include_deregistered=True), pk=pk)


def capacity_return_list(*, user: User) -> QuerySet[CapacityReturn]:
    """Capacity returns of the locations the user may see, newest first."""
    locations = location_list(user=user, include_deregistered=True)
    return CapacityReturn.objects.filter(location__in=locations).order_by("-return_date", "location_id")


def latest_returns(locations: QuerySet[Location] | list[int]) -> dict[int, CapacityReturn]:
    """Each location's newest capacity return."""
    returns = CapacityReturn.objects.filter(location__in=locations).order_by("location_id", "-return_date")
    latest: dict[int, CapacityReturn] = {}
    for capacity in returns:
        latest.setdefault(capacity.location_id, capacity)
    return latest


def event_list(*, user: User, since: datetime.date | None = None) -> QuerySet[MarketEvent]:
    if not can.can_view_register(user):
        return MarketEvent.objects.none()
    events = MarketEvent.objects.select_related("location", "provider", "location__local_authority", "source")
    if since:
        events = events.filter(detected_at__date__gte=since)
    return events


def concern_list(*, user: User) -> QuerySet[ProviderConcern]:
    return ProviderConcern.objects.visible_to(user).select_related("provider", "location")


def concern_get(*, user: User, pk: int) -> ProviderConcern:
    return get_object_or_404(concern_list(user=user), pk=pk)


def plan_list(*, user: User) -> QuerySet[ContingencyPlan]:
    return ContingencyPlan.objects.visible_to(user).select_related("provider")


def plan_get(*, user: User, pk: int) -> ContingencyPlan:
    return get_object_or_404(plan_list(user=user), pk=pk)


def relationship_entry_list(*, user: User) -> QuerySet[RelationshipEntry]:
    return RelationshipEntry.objects.visible_to(user).select_related("provider", "recorded_by")


def relationship_entry_get(*, user: User, pk: int) -> RelationshipEntry:
    return get_object_or_404(relationship_entry_list(user=user), pk=pk)


def forum_list(*, user: User) -> QuerySet[ProviderForum]:
    return ProviderForum.objects.visible_to(user).prefetch_related("attendees")


def forum_get(*, user: User, pk: int) -> ProviderForum:
    return get_object_or_404(forum_list(user=user), pk=pk)


def statement_list(*, user: User) -> QuerySet[MarketPositionStatement]:
    """The organisation's own statements, and every published one."""
    return MarketPositionStatement.objects.visible_to(user)


def statement_get(*, user: User, pk: int) -> MarketPositionStatement:
    return get_object_or_404(statement_list(user=user), pk=pk)


def published_statement_list() -> QuerySet[MarketPositionStatement]:
    """Every published statement, for anyone (the public pages): newest first."""
    return (
        MarketPositionStatement.objects.filter(is_published=True)
        .select_related("organisation", "area")
        .order_by("-published_at", "title")
    )


def published_statement_get(*, pk: int) -> MarketPositionStatement:
    """A published statement, for anyone (the public page)."""
    return get_object_or_404(MarketPositionStatement.objects.filter(is_published=True), pk=pk)


def capacity_import_locations(*, user: User) -> QuerySet[Location] | None:
    """The locations a person's uploaded capacity returns may touch: their provider's, or any
    (None) for operators."""
    if is_operator(user):
        return None
    return Location.objects.filter(provider__organisation_id=user.organisation_id)
