"""Brokerage: the providers that could meet a person's need, best first, and a reason for every one
shown or left out."""

from __future__ import annotations

import datetime
from decimal import Decimal

from commissioning.analytics import brokerage as b

SALE = (53.4246, -2.3220)
TODAY = datetime.date(2027, 2, 1)


def _need(**fields) -> b.Need:
    values = dict(
        service_type="care_home",
        service_label="Care home",
        units=Decimal(1),
        latitude=SALE[0],
        longitude=SALE[1],
        within_km=10,
        specialisms=frozenset({"dementia"}),
        needs_bed=True,
        today=TODAY,
    )
    values.update(fields)
    return b.Need(**values)  # fmt: skip


def _home(pk: int, name: str, **fields) -> b.Candidate:
    values = dict(
        location_id=pk,
        provider_id=pk,
        name=name,
        services=frozenset({"care_home"}),
        specialisms=frozenset({"dementia"}),
        rating="Good",
        latitude=53.43,
        longitude=-2.33,
        vacant_beds=2,
        return_date=TODAY - datetime.timedelta(days=2),
        weekly_price=Decimal("900"),
        framework_rate=Decimal("950"),
    )
    values.update(fields)
    return b.Candidate(**values)  # fmt: skip


def test_block_capacity_comes_first_then_rating_distance_and_price():
    shown, left_out = b.broker(
        _need(),
        [
            _home(1, "Far but good", latitude=53.47),
            _home(2, "Outstanding", rating="Outstanding"),
            _home(3, "Block bed", rating="Requires improvement", block_left=Decimal(3), block_contract="CON-2027-001"),
            _home(4, "Near and good"),
        ],
    )
    assert [m.candidate.name for m in shown] == ["Block bed", "Outstanding", "Near and good", "Far but good"]
    assert shown[0].from_block and "3 left in the block contract CON-2027-001" in shown[0].reasons
    assert left_out == []


def test_every_provider_left_out_says_why():
    _, left_out = b.broker(
        _need(),
        [
            _home(1, "A homecare branch", services=frozenset({"homecare"})),
            _home(2, "B no dementia", specialisms=frozenset()),
            _home(3, "C inadequate", rating="Inadequate"),
            _home(4, "D far", latitude=53.70),
            _home(5, "E full", vacant_beds=0),
        ],
    )
    reasons = {m.candidate.name: m.reasons[0] for m in left_out}
    assert reasons["A homecare branch"] == "Does not provide care home"
    assert reasons["B no dementia"] == "No specialism in dementia"
    assert reasons["C inadequate"] == "Rated inadequate by the CQC"
    assert reasons["D far"].endswith("beyond the 10 km asked for")
    assert reasons["E full"].startswith("No vacant bed accepting admissions")


def test_what_to_check_is_said_a_price_above_the_rate_an_old_return_and_no_position():
    shown, _ = b.broker(
        _need(),
        [_home(1, "Dear", weekly_price=Decimal("1010.50")),
         _home(2, "Old return", return_date=TODAY - datetime.timedelta(days=40)),
         _home(3, "Unplaced", latitude=None, longitude=None, return_date=None, vacant_beds=None)],
    )  # fmt: skip
    checks = {m.candidate.name: m.checks for m in shown}
    assert checks["Dear"] == ["£60.50 a week above the framework rate: a top-up or approval is needed"]
    assert checks["Old return"][0].startswith("Latest capacity return is from")
    assert checks["Unplaced"] == [
        "Where it is is not known: check the distance", "No capacity return: ring to check it can take the person",
    ]  # fmt: skip


def test_homecare_is_judged_on_taking_packages_and_the_box_covers_the_distance():
    need = _need(service_type="homecare", service_label="Homecare", units=Decimal(10), needs_bed=False,
                 specialisms=frozenset())  # fmt: skip
    shown, left_out = b.broker(need, [
        _home(1, "Taking", services=frozenset({"homecare"}), takes_homecare=True),
        _home(2, "Not taking", services=frozenset({"homecare"}), takes_homecare=False),
    ])  # fmt: skip
    assert [m.candidate.name for m in shown] == ["Taking"] and "Taking new homecare packages" in shown[0].reasons
    assert left_out[0].reasons[0].startswith("Not taking new homecare packages")
    south, north, west, east = b.bounding_box(*SALE, 10)
    assert south < SALE[0] < north and west < SALE[1] < east
    assert round(b.distance_km(SALE[0], SALE[1], north, SALE[1]), 3) == 10
