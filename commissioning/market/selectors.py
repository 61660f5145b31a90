"""Reads for the market, scoped to the user: what they may see, and nothing else."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

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


def provider_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Provider]:
    providers = Provider.objects.all()
    if not can.can_view_register(user):
        providers = (
            providers.filter(organisation_id=user.organisation_id) if can.is_provider_user(user) else providers.none()
        )
    filters = filters or {}
    if filters.get("q"):
        providers = providers.filter(Q(name__icontains=filters["q"]) | Q(group_name__icontains=filters["q"]))
    if filters.get("area"):
        providers = providers.filter(locations__local_authority__code=filters["area"]).distinct()
    return providers


def provider_get(*, user: Any, pk: int) -> Provider:
    provider = provider_list(user=user).filter(pk=pk).first()
    if provider is None:
        raise Http404("No such provider")
    return provider


def location_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Location]:
    locations = Location.objects.select_related("provider", "local_authority")
    if not can.can_view_register(user):
        if not can.is_provider_user(user):
            return locations.none()
        locations = locations.filter(provider__organisation_id=user.organisation_id)
    filters = filters or {}
    if filters.get("q"):
        query = filters["q"].strip()
        locations = locations.filter(
            Q(name__icontains=query) | Q(provider__name__icontains=query) | Q(postcode__istartswith=query.upper())
        )
    if filters.get("area"):
        locations = locations.filter(local_authority__code=filters["area"])
    if filters.get("service"):
        locations = locations.filter(service_codes__contains=f"|{filters['service']}|")
    if filters.get("client_group"):
        locations = locations.filter(client_group_codes__contains=f"|{filters['client_group']}|")
    if filters.get("rating"):
        rating = filters["rating"]
        locations = locations.filter(overall_rating="" if rating == "none" else rating)
    if not filters.get("include_deregistered"):
        # "Not deregistered" (rather than "in registered, not registered") lets the database walk
        # the name index in order instead of sorting every location.
        locations = locations.exclude(registration_status="deregistered")
    return locations.order_by("name", "pk")


def location_get(*, user: Any, pk: int) -> Location:
    location = location_list(user=user, filters={"include_deregistered": True}).filter(pk=pk).first()
    if location is None:
        raise Http404("No such location")
    return location


def latest_returns(locations: QuerySet[Location] | list[int]) -> dict[int, CapacityReturn]:
    """Each location's newest capacity return."""
    returns = CapacityReturn.objects.filter(location__in=locations).order_by("location_id", "-return_date")
    latest: dict[int, CapacityReturn] = {}
    for capacity in returns:
        latest.setdefault(capacity.location_id, capacity)
    return latest


def events_for(*, user: Any, since: datetime.date | None = None) -> QuerySet[MarketEvent]:
    if not can.can_view_register(user):
        return MarketEvent.objects.none()
    events = MarketEvent.objects.select_related("location", "provider", "location__local_authority")
    if since:
        events = events.filter(detected_at__date__gte=since)
    return events


def _own(model: Any, user: Any) -> QuerySet[Any]:
    if not can.can_view_internal(user):
        return model.objects.none()
    return model.objects.filter(organisation_id=user.organisation_id)


def concerns_for(*, user: Any) -> QuerySet[ProviderConcern]:
    return _own(ProviderConcern, user).select_related("provider", "location")


def plans_for(*, user: Any) -> QuerySet[ContingencyPlan]:
    return _own(ContingencyPlan, user).select_related("provider")


def relationship_entries_for(*, user: Any) -> QuerySet[RelationshipEntry]:
    return _own(RelationshipEntry, user).select_related("provider", "recorded_by")


def forums_for(*, user: Any) -> QuerySet[ProviderForum]:
    return _own(ProviderForum, user).prefetch_related("attendees")


def statements_for(*, user: Any) -> QuerySet[MarketPositionStatement]:
    """The organisation's own statements, and every published one."""
    published = Q(status="published")
    if can.can_view_internal(user):
        return MarketPositionStatement.objects.filter(published | Q(organisation_id=user.organisation_id))
    return MarketPositionStatement.objects.filter(published)


def _get(queryset: QuerySet[Any], pk: int) -> Any:
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404("Not found")
    return record


def concern_get(*, user: Any, pk: int) -> ProviderConcern:
    return _get(concerns_for(user=user), pk)


def plan_get(*, user: Any, pk: int) -> ContingencyPlan:
    return _get(plans_for(user=user), pk)


def relationship_entry_get(*, user: Any, pk: int) -> RelationshipEntry:
    return _get(relationship_entries_for(user=user), pk)


def forum_get(*, user: Any, pk: int) -> ProviderForum:
    return _get(forums_for(user=user), pk)


def statement_get(*, user: Any, pk: int) -> MarketPositionStatement:
    return _get(statements_for(user=user), pk)


def published_statement_get(*, pk: int) -> MarketPositionStatement:
    return _get(MarketPositionStatement.objects.filter(status="published"), pk)
