"""The one mechanism every page and API endpoint uses to check access.

Reads are scoped by selectors (a record outside a user's scope is "not found", so its existence
is not revealed); actions on a visible record are checked with predicates from each app's
permissions.py (an action the user may not take is "forbidden").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

Predicate = Callable[..., bool]


def require(user: Any, predicate: Predicate, obj: Any = None) -> None:
    """Raise PermissionDenied unless the predicate allows the user (on the object, if any)."""
    allowed = predicate(user) if obj is None else predicate(user, obj)
    if not allowed:
        raise PermissionDenied


class PageAccessMixin(LoginRequiredMixin):
    """Signed-in users only; `permission` (a predicate) must allow the view's object or parent.

    Views set `permission` and implement `get_permission_object()` when the check needs one.
    """

    permission: Predicate | None = None

    def get_permission_object(self) -> Any:
        return None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.is_active:
            raise PermissionDenied
        if self.permission is not None:
            require(request.user, self.permission, self.get_permission_object())
        return super().dispatch(request, *args, **kwargs)


class ActionPermission(BasePermission):
    """DRF permission: the view's `action_permissions` maps an action to a predicate.

    Actions absent from the map are allowed for any signed-in user; the queryset (a selector)
    already limits which records they reach. Object-level predicates get the record.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated and request.user.is_active):
            return False
        predicate = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if predicate is None or getattr(predicate, "needs_object", False):
            return True
        return predicate(request.user)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        predicate = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if predicate is None:
            return True
        if getattr(predicate, "needs_object", False):
            return predicate(request.user, obj)
        return predicate(request.user)


def on_object(predicate: Predicate) -> Predicate:
    """Mark a predicate as taking (user, obj), for ActionPermission."""

    def wrapped(user: Any, obj: Any) -> bool:
        return predicate(user, obj)

    wrapped.needs_object = True  # type: ignore[attr-defined]
    wrapped.__name__ = predicate.__name__
    return wrapped
