"""Resources records for tests, made through the services as people make them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commissioning.accounts.models import User
from commissioning.finance import services
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.finance.models import OptionAppraisal
from commissioning.testing import grow_world


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


def grow_finance(world: Any, *, round_: int) -> None:
    """More of every resources record, for Trafford and for Stockport."""
    grow_world(world, round_=round_)
    for person, organisation in ((world.alice, world.trafford), (world.steve, world.stockport)):
        code = f"GROW-{round_}"
        services.cost_centre_create(
            by=person, code=code, name=code, service_type="homecare", client_group="older_people"
        )
        services.budget_create(
            by=person, financial_year=2026, client_group=["autism", "mental_health", "physical_disability"][round_ % 3],
            service_type="day_services", funding_source="grant", amount=Decimal(round_ + 1),
        )  # fmt: skip
        services.unit_cost_create(
            by=person, service_type="homecare", unit="hour", financial_year=2026, amount=Decimal("25.00") + round_,
            source_kind="local_contract", source=f"Contract {round_}",
        )  # fmt: skip
        option_for(person, title=f"Option {round_}", last_year=2027)
        ledger = f"2026-04-2{round_},Oak Care Ltd {round_},{code},10.00,actual,R{round_}\n"
        services.spend_import(
            organisation=organisation, name=f"ledger-{round_}.csv", financial_year=2026, by=person,
            content=("Date,Supplier,Cost centre,Amount,Type,Reference\n" + ledger).encode(),
        )  # fmt: skip
    services.exercise_create(
        by=world.alice, title=f"Homecare {round_}", kind=ModelKind.HOMECARE, financial_year=2027,
        inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )  # fmt: skip
