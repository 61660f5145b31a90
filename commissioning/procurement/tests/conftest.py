"""What the procurement tests share: a data directory of each test's own, and a tender opened
with three bids."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.tests.factories import OrganisationFactory, UserFactory
from commissioning.procurement import services
from commissioning.procurement.tests.factories import PASSPHRASES, bid_for, deadline_passes, published_tender


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def opened(world):
    """A Trafford homecare tender with three bids for lot 1, opened: Pam's at £5.5m, Pete's at
    £5.2m and Olive's at £3.9m (well below the others)."""
    olive = UserFactory(
        email="olive@example.org",
        role=Role.PROVIDER_USER,
        organisation=OrganisationFactory(name="Olive Tree Care", kind=OrganisationKind.PROVIDER),
    )
    procurement = published_tender(world)
    bids = {
        "pam": bid_for(world.pam, procurement, price=Decimal("5500000")),
        "pete": bid_for(world.pete, procurement, price=Decimal("5200000")),
        "olive": bid_for(olive, procurement, price=Decimal("3900000")),
    }
    deadline_passes(procurement)
    services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    services.opening_act(by=world.ada, procurement=procurement, passphrase=PASSPHRASES["ada"])
    procurement.refresh_from_db()
    for bid in bids.values():
        bid.refresh_from_db()
    return procurement, bids, olive
