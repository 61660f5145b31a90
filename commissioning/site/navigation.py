"""The service navigation: the menu entries every installed app declares, for one user."""

from __future__ import annotations

import functools
from collections.abc import Callable
from itertools import groupby

from django.apps import apps
from django.utils.module_loading import import_string

from commissioning.accounts.models import User
from commissioning.core.navigation import MenuItem


@functools.cache
def _predicate(path: str) -> Callable[[User], bool]:
    return import_string(path)


@functools.cache
def menu_items() -> tuple[MenuItem, ...]:
    """Every installed app's entries, in menu order."""
    items: list[MenuItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "menu", ()))
    return tuple(sorted(items, key=lambda item: item.position))


def navigation_for(user: User) -> list[tuple[str, str]]:
    """(label, URL name) pairs; every link leads to a page the user may open."""
    shown = []
    for _, alternatives in groupby(menu_items(), key=lambda item: item.position):
        for item in alternatives:
            if item.permission is None or _predicate(item.permission)(user):
                shown.append((item.label, item.url_name))
                break
    return shown
