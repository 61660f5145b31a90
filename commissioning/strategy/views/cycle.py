"""What every page of one cycle's plan shares: the cycle, found among the user's team's cycles."""

from __future__ import annotations

from typing import Any

from django.utils.functional import cached_property

from commissioning.core.permissions import PageAccessMixin
from commissioning.cycles.models import CommissioningCycle
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors


class CyclePlanMixin(PageAccessMixin):
    """A page of the cycle in the URL's `cycle`: its team's (others get 404); viewers by default."""

    permission = staticmethod(can.can_view_plans)

    @cached_property
    def cycle(self) -> CommissioningCycle:
        return selectors.plan_cycle_get(user=self.request.user, pk=self.kwargs["cycle"])

    def get_permission_object(self) -> Any:
        return self.cycle
