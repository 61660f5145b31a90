"""Who may see and make plans. A council's or ICB's plans are its own staff's (councillors read
them for scrutiny); those who do the commissioning work make them. Providers and the public see
none of it until a strategy is published."""

from __future__ import annotations

from typing import Any

from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_signed_in
from commissioning.cycles.permissions import WORK_ROLES
from commissioning.cycles.selectors import team_cycle_list


def can_view_plans(user: User, _obj: Any = None) -> bool:
    return is_signed_in(user) and user.is_commissioning_staff


def can_make_plans(user: User, _obj: Any = None) -> bool:
    return can_view_plans(user) and user.role in WORK_ROLES


def can_change_risks(user: User, cycle: Any) -> bool:
    """Those who do the work, in the cycle's team (its lead or a partner organisation)."""
    return can_make_plans(user) and team_cycle_list(user).filter(pk=cycle.pk).exists()


def can_change_risk(user: User, risk: Any) -> bool:
    return can_change_risks(user, risk.cycle)


def can_change_strategy(user: User, version: Any) -> bool:
    """The cycle's team's commissioning workers change its strategy (a draft only: see services)."""
    return can_change_risks(user, version.cycle)


def can_decide_strategy(user: User, version: Any) -> bool:
    """Recording the democratic decision and publishing are the lead organisation's, not a partner's."""
    return can_change_strategy(user, version) and user.organisation_id == version.cycle.lead_organisation_id


def can_change_priority(user: User, priority: Any) -> bool:
    return can_change_strategy(user, priority.version)


def can_change_plan(user: User, plan: Any) -> bool:
    """A purchasing plan (or a part of one): the cycle's team's commissioning workers."""
    return can_change_risks(user, plan.cycle)


def can_change_plan_part(user: User, part: Any) -> bool:
    return can_change_plan(user, part.plan)


def can_change_design(user: User, design: Any) -> bool:
    return can_make_plans(user) and design.organisation_id == user.organisation_id
