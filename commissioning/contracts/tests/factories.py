"""Contracts for tests, made through the services: providers on the register for the test world's
provider organisations, contracts entered directly, and a signed award to enter one from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from commissioning.contracts import services
from commissioning.contracts.models import Contract
from commissioning.finance import services as finance
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.finance.models import CostOfCareExercise
from commissioning.market.models import Location, Provider
from commissioning.procurement import services as procurement
from commissioning.procurement.models import Award
from commissioning.procurement.tests.factories import procurement_for

START = datetime.date(2026, 4, 1)


@dataclass
class Providers:
    a: Provider  # Provider A's people (Pam) act for it
    b: Provider  # Provider B's people (Pete) act for it


def providers_for(world: Any) -> Providers:
    """Two providers on the register with a location in Trafford, each linked to its organisation."""
    found = []
    for organisation, cqc in ((world.provider_a, "1-200000001"), (world.provider_b, "1-200000002")):
        provider = Provider.objects.filter(organisation=organisation).first() or Provider.objects.create(
            name=organisation.name, organisation=organisation, cqc_provider_id=cqc
        )
        Location.objects.get_or_create(
            provider=provider, name=f"{organisation.name} branch", local_authority=world.areas["trafford"]
        )
        found.append(provider)
    return Providers(*found)


def contract_for(user: Any, provider: Provider, **fields: Any) -> Contract:
    values: dict[str, Any] = {
        "title": "Homecare, north Trafford", "kind": "block", "provider": provider, "service_type": "homecare",
        "client_group": "older_people", "regime": "pa23", "light_touch": True, "value": Decimal("3000000.00"),
        "starts_on": START, "ends_on": datetime.date(2029, 3, 31),
        "entered_directly_reason": "Let in 2025 before this service was used",
    }  # fmt: skip
    values.update(fields)
    return services.contract_create(by=user, **values)


def signed_award(world: Any, **fields: Any) -> Award:
    """A user-choice direct award to Provider A (no standstill), with a quality question, signed today."""
    values: dict[str, Any] = {"title": "Care for one person", "procedure": "user_choice", "cycle": world.cycle}
    values.update(fields)
    tender = procurement_for(world.alice, **values)
    procurement.question_create(
        by=world.alice, procurement=tender, question="How will you keep the same carers visiting?",
        guidance="Continuity of care workers", weight=Decimal(100),
    )  # fmt: skip
    award = procurement.direct_award_decide(
        by=world.alice, procurement=tender, supplier=world.provider_a, value=Decimal("52000.00")
    )
    return procurement.award_sign(by=world.alice, award=award)


def published_exercise(user: Any) -> CostOfCareExercise:
    exercise = finance.exercise_create(
        by=user, title="Homecare cost of care 2027", kind=ModelKind.HOMECARE, financial_year=2027,
        current_fee=Decimal("24.00"), inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )  # fmt: skip
    finance.exercise_update(
        exercise=exercise, by=user, proposed_fee=Decimal("25.50"), reasoning="Pay at the real living wage"
    )
    return finance.exercise_publish(exercise=exercise, by=user)
