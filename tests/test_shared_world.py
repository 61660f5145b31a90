"""The test world is built once per process, yet every test starts from it as built, and tests
that do not ask for it see none of it. The first two tests run in this order in one process (as
they are written) unless pytest-xdist sends them to different ones."""

from __future__ import annotations

import pytest
from django.db import connection

from commissioning.accounts.models import Organisation, User
from commissioning.cycles import services
from commissioning.cycles.choices import CycleStatus
from commissioning.cycles.models import CommissioningCycle
from commissioning.testing import shared_world


def test_a_test_closes_a_cycle_renames_a_council_and_signs_pam_out_of_the_service(world):
    services.cycle_close(cycle=world.cycle, by=world.alice)
    world.trafford.name = "Renamed in memory only"
    world.pam.is_active = False
    world.pam.save()
    assert CommissioningCycle.objects.get(pk=world.cycle.pk).status == CycleStatus.CLOSED


@pytest.mark.django_db
def test_the_next_test_finds_the_world_as_it_was_built(world):
    assert world.cycle.status != CycleStatus.CLOSED
    assert CommissioningCycle.objects.get(pk=world.cycle.pk).status != CycleStatus.CLOSED
    assert world.trafford.name == "Trafford Council"
    assert world.pam.is_active and User.objects.get(pk=world.pam.pk).is_active


def test_tests_that_ask_for_the_world_share_one_build_inside_their_own_transaction(world):
    assert shared_world.is_open
    # The shared world's transaction, then the test's own (pytest-django's) inside it.
    assert len(connection.atomic_blocks) >= 2
    assert CommissioningCycle.objects.count() == 3


def test_tests_that_do_not_ask_for_the_world_see_none_of_it(db):
    assert not shared_world.is_open
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    assert not CommissioningCycle.objects.exists()
