"""Resources records for tests, made through the services as people make them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commissioning.accounts.models import User
from commissioning.finance import services
from commissioning.finance.models import OptionAppraisal


def option_for(by: User, **fields: Any) -> OptionAppraisal:
    """An options appraisal for `by`'s organisation: more reablement, fewer residential placements
    (10 of 100 people a year move, saving £30,000 each: £900,000 over 2026 to 2028)."""
    values: dict[str, Any] = {
        "title": "More reablement",
        "first_year": 2026,
        "last_year": 2028,
        "people_first_year": Decimal(100),
        "current_service": "residential",
        "current_cost_per_person_year": Decimal(50000),
        "alternative_service": "reablement",
        "alternative_cost_per_person_year": Decimal(20000),
        "shift_percent": Decimal(10),
        "discount_rate_percent": Decimal(0),
    }
    return services.option_create(by=by, **{**values, **fields})
