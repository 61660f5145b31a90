"""Procurements for tests, made through the services: a Trafford homecare tender with two lots,
ready to publish, and keys for its opening officers."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.procurement import services
from commissioning.procurement.models import Procurement

PASSPHRASES = {"carl": "carl opens the homecare bids", "ada": "ada is independent of the panel"}


def procurement_for(user: Any, **fields: Any) -> Procurement:
    values: dict[str, Any] = {
        "title": "Trafford homecare 2027", "description": "Homecare for older people across Trafford",
        "service_type": "homecare", "cpv_code": "85312000-9", "commenced_on": datetime.date(2026, 11, 2),
        "estimated_value": Decimal("12000000"), "procedure": "open",
        "specification": "Person-centred homecare, seven days a week, 7am to 10pm",
        "deadline": timezone.now() + datetime.timedelta(days=30),
    }  # fmt: skip
    values.update(fields)
    return services.procurement_create(by=user, **values)


def tender_ready(world: Any, **fields: Any) -> Procurement:
    """A tender with two lots, three questions, a panel (Alice and Carl), two opening officers
    (Carl, on the panel, and Ada, independent) with keys, everyone's declarations and a current
    conflicts assessment: ready to publish."""
    alice, carl, ada = world.alice, world.carl, world.ada
    procurement = procurement_for(alice, **fields)
    services.lot_create(by=alice, procurement=procurement, title="North Trafford", estimated_value=Decimal(6_000_000))
    services.lot_create(by=alice, procurement=procurement, title="South Trafford", estimated_value=Decimal(6_000_000))
    services.question_create(
        by=alice, procurement=procurement, question="How will you recruit and keep care workers?",
        weight=Decimal(60), minimum_score=2,
    )  # fmt: skip
    services.question_create(
        by=alice, procurement=procurement, question="How will people choose when their visits happen?",
        weight=Decimal(40),
    )  # fmt: skip
    services.question_create(
        by=alice, procurement=procurement, section="social_value", question="What will you add for Trafford?",
        weight=Decimal(100),
    )  # fmt: skip
    services.panel_member_add(by=alice, procurement=procurement, person=alice, role="assessor")
    services.panel_member_add(by=alice, procurement=procurement, person=carl, role="moderator")
    for name in ("carl", "ada"):
        person = world.people[name]
        if not hasattr(person, "opening_key"):
            services.opening_key_set(by=person, passphrase=PASSPHRASES[name])
        services.opening_officer_add(by=alice, procurement=procurement, person=person)
    for person in (alice, carl, ada):
        services.conflict_declare(by=person, procurement=procurement, has_interest=False)
    services.conflicts_assessment_create(by=alice, procurement=procurement, assessment="No conflicts declared.")
    procurement.refresh_from_db()
    return procurement


def published_tender(world: Any, **fields: Any) -> Procurement:
    procurement = tender_ready(world, **fields)
    return services.tender_publish(by=world.alice, procurement=procurement)


def answers_for(procurement: Procurement, lot: Any, text: str = "We will") -> dict[str, str]:
    return {str(q.pk): f"{text} ({q.number})" for q in procurement.questions.all() if q.lot_id in (None, lot.pk)}


def bid_for(
    user: Any, procurement: Procurement, lot: Any = None, price: Decimal = Decimal("5500000"), **kwargs: Any
) -> Any:
    lot = lot or procurement.lots.first()
    kwargs.setdefault("answers", answers_for(procurement, lot))
    return services.bid_submit(by=user, procurement=procurement, lot=lot, price=price, **kwargs)


def deadline_passes(procurement: Procurement) -> Procurement:
    """Time passes: the deadline is now a minute ago."""
    Procurement.objects.filter(pk=procurement.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    procurement.refresh_from_db()
    return procurement


def dynamic_market(world: Any, **fields: Any) -> Procurement:
    """A Trafford dynamic market for care home placements, with its conflicts record current:
    ready to announce."""
    values: dict[str, Any] = {
        "title": "Trafford care home placements market", "procedure": "dynamic_market",
        "description": "Residential and nursing placements for adults, bought by competition among members",
        "service_type": "care_home", "cpv_code": "85311000-2", "deadline": None,
        "membership_conditions": "Registered with the CQC for the regulated activity; not rated inadequate; "
        "employer's liability insurance of at least £5m",
        "market_ends_on": timezone.localdate() + datetime.timedelta(days=4 * 365),
    }  # fmt: skip
    values.update(fields)
    market = procurement_for(world.alice, **values)
    services.conflict_declare(by=world.alice, procurement=market, has_interest=False)
    services.conflicts_assessment_create(by=world.alice, procurement=market, assessment="No conflicts declared.")
    market.refresh_from_db()
    return market
