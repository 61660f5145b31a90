"""Arranging, changing, moving and ending care for one person, as a social worker would."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commissioning.care import services
from commissioning.care.models import CarePackage
from commissioning.care.tests.factories import START, block_for, day, package_for, person_for
from commissioning.contracts.capacity import capacity_left
from commissioning.contracts.tests.factories import providers_for

pytestmark = pytest.mark.django_db


def test_a_call_off_package_takes_capacity_from_the_block_and_gives_it_back_when_it_ends(world):
    providers = providers_for(world)
    block = block_for(world.alice, providers.a, capacity=Decimal(20))
    person = person_for(world.sonia)
    package = package_for(world.sonia, person, arrangement="call_off", contract=block, units=Decimal(15))
    assert package.provider == providers.a and package.call_off.units == 15
    assert capacity_left(block, day(10)) == 5
    with pytest.raises(ValidationError, match="Beyond the block's capacity: 5 hours a week left"):
        package_for(world.sonia, person_for(world.sonia, "P-0002"), arrangement="call_off", contract=block,
                    units=Decimal(6))  # fmt: skip
    assert CarePackage.objects.count() == 1  # the refused one left nothing behind
    services.package_end(by=world.sonia, package=package, ends_on=day(30), reason="Moved to a care home")
    assert capacity_left(block, day(31)) == 20 and capacity_left(block, day(30)) == 5


def test_changing_hours_of_a_call_off_checks_the_block_again_and_keeps_a_dated_record(world):
    block = block_for(world.alice, providers_for(world).a, capacity=Decimal(20))
    package = package_for(world.sonia, person_for(world.sonia), arrangement="call_off", contract=block)
    change = services.package_change(
        by=world.sonia, package=package, effective_on=day(7), units=Decimal(14), weekly_cost=Decimal("336.00"),
        reason="Needs a second call each morning",
    )  # fmt: skip
    package.refresh_from_db()
    assert (change.units_before, change.units_after, change.kind) == (10, 14, "hours")
    assert package.units == 14 and package.call_off.starts_on == day(7)
    assert capacity_left(block, day(6)) == 10 and capacity_left(block, day(7)) == 6
    with pytest.raises(ValidationError, match="Beyond the block's capacity"):
        services.package_change(by=world.sonia, package=package, effective_on=day(14), units=Decimal(30),
                                reason="More")  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"ends_on": START - datetime.timedelta(days=1)}, "ends_on", "end on or after the day it starts"),
        ({"weekly_cost": Decimal("240.005")}, "weekly_cost", "pounds and pence"),
        ({"weekly_cost": Decimal("-1")}, "weekly_cost", "cannot be negative"),
        ({"provider": None}, "provider", "Choose the provider"),
        ({"user_choice": True}, "preference", "Record the person's preference"),
        ({"reference": "Jane Smith"}, "reference", "no spaces or names"),
        ({"reference": "943 476 5919"}, "reference", "NHS number"),
    ],
)
def test_a_package_with_bad_details_is_refused_naming_the_field(world, fields, field, words):
    provider = providers_for(world).a
    values = {"provider": provider, **fields}
    with pytest.raises(ValidationError) as error:
        package_for(world.sonia, person_for(world.sonia), **values)
    assert words in " ".join(error.value.message_dict[field])
    assert not CarePackage.objects.exists()


def test_a_person_is_only_a_pseudonymous_reference(world):
    with pytest.raises(ValidationError, match="pseudonymous reference"):
        person_for(world.sonia, "Mary Jones")
    with pytest.raises(ValidationError, match="NHS number"):
        person_for(world.sonia, "9434765919")


def test_moving_care_ends_the_package_the_day_before_and_carries_the_need_on(world):
    providers = providers_for(world)
    package = package_for(world.sonia, person_for(world.sonia), provider=providers.a)
    moved = services.package_move(by=world.alice, package=package, moves_on=day(60), reason="Provider closing",
                                  provider=providers.b, weekly_cost=Decimal("250.00"))  # fmt: skip
    package.refresh_from_db()
    assert package.ends_on == day(59) and package.changes.get().kind == "moved"
    assert (moved.provider, moved.starts_on, moved.units, moved.moved_from) == (providers.b, day(60), 10, package)
    assert moved.reference == f"{package.reference}/M1"


def test_a_direct_payment_has_no_provider_and_records_what_it_buys_within_its_amount(world):
    person = person_for(world.sonia)
    dp = package_for(world.sonia, person, arrangement="direct_payment", weekly_cost=Decimal("300.00"))
    services.dp_purchase_add(by=world.sonia, package=dp, use="personal_assistant", weekly_amount=Decimal("250.00"),
                             hours_a_week=Decimal(16))  # fmt: skip
    with pytest.raises(ValidationError, match=r"£50\.00 of £300\.00"):
        services.dp_purchase_add(by=world.sonia, package=dp, use="day_activities", weekly_amount=Decimal("60.00"))
    with pytest.raises(ValidationError, match="direct payment is the person's to spend"):
        package_for(world.sonia, person, arrangement="direct_payment", provider=providers_for(world).a)


def test_a_personal_budget_review_keeps_the_amount_before_and_after(world):
    person = person_for(world.sonia)
    budget = services.budget_set(by=world.sonia, person=person, weekly_amount=Decimal("400.00"), starts_on=START,
                                 review_due=day(365))  # fmt: skip
    services.budget_review(by=world.sonia, budget=budget, reviewed_on=day(90), outcome="Needs more support",
                           amount_after=Decimal("450.00"), next_review_due=day(455))  # fmt: skip
    budget.refresh_from_db()
    review = budget.reviews.get()
    assert (review.amount_before, review.amount_after, budget.weekly_amount) == (400, 450, 450)


def test_only_the_councils_own_people_arrange_its_care(world):
    person = person_for(world.sonia)
    for outsider in (world.pam, world.colin, world.steve):
        with pytest.raises(PermissionDenied):
            package_for(outsider, person, provider=providers_for(world).a)


def test_a_call_off_is_given_by_the_blocks_provider_and_no_other(world):
    providers = providers_for(world)
    block = block_for(world.alice, providers.a)
    with pytest.raises(ValidationError) as error:
        package_for(world.sonia, person_for(world.sonia), arrangement="call_off", contract=block, provider=providers.b)
    assert "is held by" in " ".join(error.value.message_dict["provider"])
    assert not CarePackage.objects.exists()


def test_moved_care_is_changed_on_the_package_it_moved_to(world):
    providers = providers_for(world)
    package = package_for(world.sonia, person_for(world.sonia), provider=providers.a, ends_on=day(100))
    with pytest.raises(ValidationError) as error:
        services.package_move(by=world.alice, package=package, moves_on=day(101), reason="Late", provider=providers.b)
    assert "move it on or before that day" in " ".join(error.value.message_dict["moves_on"])
    moved = services.package_move(by=world.alice, package=package, moves_on=day(60), reason="Closing",
                                  provider=providers.b)  # fmt: skip
    package.refresh_from_db()
    for attempt in (
        lambda: services.package_end(by=world.sonia, package=package, ends_on=day(30), reason="Again"),
        lambda: services.package_move(
            by=world.sonia, package=package, moves_on=day(40), reason="Again", provider=providers.a
        ),
    ):
        with pytest.raises(ValidationError, match=f"moved to {moved.reference}"):
            attempt()
    services.package_end(by=world.sonia, package=moved, ends_on=day(90), reason="Went into hospital")
    with pytest.raises(ValidationError, match="already ends on"):
        services.package_end(by=world.sonia, package=moved, ends_on=day(90), reason="Went into hospital")


def test_a_package_reference_with_an_nhs_number_inside_is_refused(world):
    with pytest.raises(ValidationError, match="NHS number"):
        package_for(world.sonia, person_for(world.sonia), provider=providers_for(world).a, reference="X9434765919")
