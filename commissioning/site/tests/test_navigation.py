"""The menu is gathered from every app's own entries, so a new app adds one without touching core."""

from __future__ import annotations

import pytest
from django.apps import apps

from commissioning.core.navigation import MenuItem
from commissioning.site.navigation import menu_items, navigation_for

pytestmark = pytest.mark.django_db


def _labels(user) -> list[str]:
    return [label for label, _ in navigation_for(user)]


def test_each_person_sees_the_entries_their_role_opens(world):
    assert _labels(world.alice) == [
        "Home", "Cycles", "Needs", "Market", "Resources", "Plan", "Procurement", "Contracts", "Care packages",
        "Organisations", "Areas", "API",
    ]  # fmt: skip
    assert _labels(world.ada)[-3:] == ["Areas", "People", "API"]
    assert _labels(world.pam) == [
        "Home",
        "Published cycles",
        "Needs",
        "Your services",
        "Cost of care",
        "Opportunities",
        "Your contracts",
        "Your care packages",
        "Organisations",
        "Areas",
        "API",
    ]


@pytest.fixture
def new_app_entry():
    """An entry declared by one app's AppConfig, as a new app would declare its own."""
    config = apps.get_app_config("needs")
    menu = config.menu
    config.menu = (
        *menu,
        MenuItem("Monitoring", "site:area-list", 45, "commissioning.cycles.permissions.can_create_cycle"),
    )
    menu_items.cache_clear()
    yield
    config.menu = menu
    menu_items.cache_clear()


def test_an_apps_own_entry_appears_in_its_place_for_those_it_names(world, new_app_entry):
    assert _labels(world.alice)[4:6] == ["Resources", "Monitoring"]
    assert "Monitoring" not in _labels(world.colin)  # a councillor does not start cycles
