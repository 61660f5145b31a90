from decimal import Decimal

import pytest

from commissioning.finance import services
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.market.tests.factories import market_for


@pytest.fixture
def exercise(world):
    """Trafford's open homecare exercise, with providers A and B acting for pam's and pete's organisations."""
    market_for(world)
    return services.exercise_create(
        by=world.alice,
        title="Homecare 2027",
        kind=ModelKind.HOMECARE,
        financial_year=2027,
        current_fee=Decimal("25.00"),
        inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )
