"""Market records for tests: providers linked to the test world's provider organisations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from commissioning.market import services
from commissioning.market.choices import ConcernKind, ContactKind, Rating, Severity
from commissioning.market.models import (
    ContingencyPlan,
    Location,
    MarketPositionStatement,
    Provider,
    ProviderConcern,
    ProviderForum,
    RelationshipEntry,
)


@dataclass
class Market:
    provider_a: Provider
    provider_b: Provider
    home_a: Location
    home_b: Location
    concern: ProviderConcern
    plan: ContingencyPlan
    entry: RelationshipEntry
    forum: ProviderForum
    draft: MarketPositionStatement
    published: MarketPositionStatement


def market_for(world: Any) -> Market:
    """Two providers in Trafford (one each for Provider A's and B's people), with the records
    the commissioning team keeps about them, and a draft and a published statement."""
    trafford = world.areas["trafford"]
    provider_a = Provider.objects.create(
        name="Provider A Care Ltd", organisation=world.provider_a, cqc_provider_id="1-200000001"
    )
    provider_b = Provider.objects.create(
        name="Provider B Homes Ltd", organisation=world.provider_b, group_name="B Group"
    )
    home_a = Location.objects.create(
        provider=provider_a, name="Oak House", cqc_location_id="1-100000001", local_authority=trafford, beds=40,
        is_care_home=True, service_codes="|nursing|", overall_rating=Rating.GOOD, postcode="M32 0TH",
        latitude=53.45, longitude=-2.31,
    )  # fmt: skip
    home_b = Location.objects.create(
        provider=provider_b, name="Elm Court", local_authority=trafford, beds=60, is_care_home=True,
        service_codes="|residential|", overall_rating=Rating.INADEQUATE,
    )  # fmt: skip
    today = datetime.date.today()
    services.capacity_return_save(
        location=home_b, return_date=today, by=world.pete,
        values={"beds_capacity": 60, "beds_occupied": 40, "beds_vacant_accepting": 20},
    )  # fmt: skip
    concern = services.concern_create(
        by=world.alice,
        provider=provider_b,
        kind=ConcernKind.SAFEGUARDING,
        severity=Severity.HIGH,
        raised_on=today,
        summary="Enquiry",
    )
    plan = services.contingency_plan_create(
        by=world.alice,
        provider=provider_b,
        summary="Joint response",
        reviewed_on=today,
        review_due=today + datetime.timedelta(days=90),
    )
    entry = services.relationship_entry_create(
        by=world.alice, provider=provider_b, kind=ContactKind.VISIT, occurred_on=today, subject="Visit"
    )
    forum = services.forum_create(
        attendees=[provider_a, provider_b], by=world.alice, title="Autumn forum", held_on=today
    )
    draft = services.statement_create(
        by=world.alice,
        area=trafford,
        client_group="older_people",
        title="Older people draft",
        first_year=2026,
        last_year=2031,
    )
    published = services.statement_create(
        by=world.alice,
        area=trafford,
        client_group="older_people",
        title="Older people 2026",
        first_year=2026,
        last_year=2031,
    )
    services.statement_publish(statement=published, figures={"area": {"name": "Trafford"}}, by=world.alice)
    return Market(provider_a, provider_b, home_a, home_b, concern, plan, entry, forum, draft, published)
