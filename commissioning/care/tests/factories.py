"""Care for tests, made through the services: people by pseudonymous reference, and packages
arranged each way (a call-off from a block, a spot purchase, a direct payment)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from commissioning.care import services
from commissioning.care.models import CarePackage, Person
from commissioning.contracts.tests.factories import START, contract_for

__all__ = ["START", "block_for", "package_for", "person_for"]


def person_for(user: Any, reference: str = "P-0001", **fields: Any) -> Person:
    values: dict[str, Any] = {
        "reference": reference, "age_band": "85+", "client_group": "older_people", "support_reason": "memory",
    }  # fmt: skip
    values.update(fields)
    return services.person_create(by=user, **values)


def block_for(user: Any, provider: Any, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "kind": "block", "capacity": Decimal(100), "capacity_unit": "hours", "unit_price": Decimal("24.00"),
        "title": "Homecare block",
    }  # fmt: skip
    values.update(fields)
    return contract_for(user, provider, **values)


def package_for(user: Any, person: Person, **fields: Any) -> CarePackage:
    """A spot homecare package of 10 hours a week from START unless told otherwise."""
    values: dict[str, Any] = {
        "arrangement": "spot", "service_type": "homecare", "units": Decimal(10), "unit": "hours",
        "weekly_cost": Decimal("240.00"), "starts_on": START,
    }  # fmt: skip
    values.update(fields)
    return services.package_arrange(by=user, person=person, **values)


def day(offset: int) -> datetime.date:
    return START + datetime.timedelta(days=offset)
