"""Writes to what the commissioning team keeps about its market: concerns, contingency plans,
contacts, forums, providers' market facts, statements and services CQC does not register."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.ownership import owned_create
from commissioning.core.services import audited_delete, audited_save, model_update, record_publish
from commissioning.cycles.checklist import MARKET_SHAPING
from commissioning.cycles.permissions import can_work_on_activity
from commissioning.cycles.selectors import checklist_activity_get
from commissioning.cycles.services import evidence_add
from commissioning.market.choices import RegistrationStatus
from commissioning.market.models import (
    ContingencyPlan,
    Location,
    MarketPositionStatement,
    Provider,
    ProviderConcern,
    ProviderForum,
    ProviderFunding,
    RelationshipEntry,
    codes_field_value,
)


def concern_create(*, provider: Provider, by: User, **fields: Any) -> ProviderConcern:
    """Record a concern about a provider for the recorder's organisation."""
    return owned_create(ProviderConcern, by=by, provider=provider, recorded_by=by, **fields)


def concern_update(*, concern: ProviderConcern, by: User, **fields: Any) -> ProviderConcern:
    """Change a concern, or close it."""
    return model_update(instance=concern, fields=fields, by=by)[0]


def contingency_plan_create(*, provider: Provider, by: User, **fields: Any) -> ContingencyPlan:
    """Write the organisation's contingency plan for a provider (one each)."""
    if ContingencyPlan.objects.filter(provider=provider, organisation=by.organisation).exists():
        raise ValidationError("Your organisation already has a contingency plan for this provider: change that one")
    return owned_create(ContingencyPlan, by=by, provider=provider, **fields)


def contingency_plan_update(*, plan: ContingencyPlan, by: User, **fields: Any) -> ContingencyPlan:
    """Revise a contingency plan."""
    return model_update(instance=plan, fields=fields, by=by)[0]


def relationship_entry_create(*, provider: Provider, by: User, **fields: Any) -> RelationshipEntry:
    """Log a contact with a provider (the recorder is kept)."""
    return owned_create(RelationshipEntry, by=by, provider=provider, recorded_by=by, **fields)


@transaction.atomic
def forum_create(*, by: User, attendees: Iterable[Provider] = (), **fields: Any) -> ProviderForum:
    """Record a provider forum and who came."""
    forum = owned_create(ProviderForum, by=by, **fields)
    model_update(instance=forum, fields={"attendees": list(attendees)}, by=by)
    return forum


def forum_update(*, forum: ProviderForum, by: User, **fields: Any) -> ProviderForum:
    """Change a forum's record (its attendees too, given as `attendees`)."""
    return model_update(instance=forum, fields=fields, by=by)[0]


def provider_update(*, provider: Provider, fields: dict[str, Any], by: User) -> Provider:
    """A provider's own contact details, or a commissioner's market facts about it."""
    provider, _ = model_update(instance=provider, fields=fields, by=by)
    return provider


@transaction.atomic
def funding_share_set(
    *, provider: Provider, organisation: Organisation, share: Decimal | None, by: User | None
) -> None:
    """Record (or clear) the share of a provider's business an organisation funds."""
    existing = ProviderFunding.objects.filter(provider=provider, organisation=organisation).first()
    if share is None:
        if existing is not None:
            audited_delete(instance=existing, by=by)
    elif existing is None:
        audited_save(
            instance=ProviderFunding(provider=provider, organisation=organisation, council_funded_share=share), by=by
        )
    else:
        model_update(instance=existing, fields={"council_funded_share": share}, by=by)


def statement_create(*, by: User, **fields: Any) -> MarketPositionStatement:
    """Start a draft market position statement for the writer's organisation."""
    return owned_create(MarketPositionStatement, by=by, **fields)


def statement_update(*, statement: MarketPositionStatement, by: User, **fields: Any) -> MarketPositionStatement:
    """Change a draft statement (a published one stands as published)."""
    return model_update(instance=statement, fields=fields, by=by)[0]


@transaction.atomic
def statement_publish(
    *, statement: MarketPositionStatement, figures: dict[str, Any], by: User
) -> MarketPositionStatement:
    """Publish: freeze today's figures so the public page and documents stay as published."""
    record_publish(record=statement, by=by, figures=figures)
    if statement.cycle_id:
        # The published statement is evidence for its cycle's market shaping.
        activity = checklist_activity_get(cycle=statement.cycle, key=MARKET_SHAPING)
        if activity is not None and can_work_on_activity(by, activity):
            evidence_add(activity=activity, by=by, record=statement)
    return statement


def link_provider_organisation(*, provider: Provider, organisation: Organisation | None, by: User | None) -> Provider:
    """Say which organisation's people act for a provider (their self-service scope)."""
    provider, _ = model_update(instance=provider, fields={"organisation": organisation}, by=by)
    return provider


@transaction.atomic
def community_service_add(*, data: dict[str, Any], by: User) -> Location:
    """Add a service CQC does not register, under a provider found by name or created."""
    provider = Provider.objects.filter(name__iexact=data["provider_name"].strip()).order_by("pk").first()
    if provider is None:
        provider = audited_save(instance=Provider(name=data["provider_name"].strip()), by=by)
    location = Location(
        provider=provider,
        name=data["name"].strip(),
        service_codes=codes_field_value(data["services"]),
        client_group_codes=codes_field_value(data.get("client_groups") or []),
        address=data.get("address", ""),
        postcode=data.get("postcode", ""),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        local_authority=data["local_authority"],
        local_authority_name=data["local_authority"].name,
        telephone=data.get("telephone", ""),
        registration_status=RegistrationStatus.NOT_REGISTERED,
    )
    return audited_save(instance=location, by=by)
