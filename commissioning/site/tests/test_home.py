"""The dashboard says how many cycles its figures cover."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissioning.cycles.tests.factories import CycleFactory

pytestmark = pytest.mark.django_db


def test_the_balance_of_effort_names_how_many_active_cycles_it_covers(world, client_for):
    CycleFactory(by=world.alice, title="Learning disability 2026 to 2029", areas=[world.areas["trafford"]])

    page = client_for(world.alice).get(reverse("site:home")).content.decode()

    assert "3 active cycles" in page
    assert "Hours logged by element, across your 3 active cycles" in page
    assert "both cycles" not in page


def test_one_active_cycle_is_not_called_both(world, client_for):
    page = client_for(world.steve).get(reverse("site:home")).content.decode()

    assert "Hours logged by element, across your 1 active cycle<" in page
