"""Signing in and loading the signed-in person on each request."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from commissioning.accounts.models import User


class UserBackend(ModelBackend):
    """Django's model backend, loading the person with their organisation and its area in the same
    query: every signed-in page shows the organisation's name and decides the menu by its kind,
    and the needs, market and dashboard pages open on the organisation's area."""

    def get_user(self, user_id: int) -> User | None:
        try:
            user = User._default_manager.select_related("organisation__area").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
