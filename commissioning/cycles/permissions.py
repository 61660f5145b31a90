"""Who may do what in a commissioning cycle. Predicates take the user, then the record.

A cycle is shared by the staff of its lead and partner organisations. Commissioners and
administrators run it; contracts officers work on its activities; social workers can raise
findings (quality insights from reviews); councillors read everything for scrutiny. Providers and
people who draw on care can read published cycles, without internal notes.
"""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import Role
from commissioning.accounts.permissions import is_signed_in

RUN_ROLES = (Role.COMMISSIONER, Role.ADMINISTRATOR)
WORK_ROLES = (Role.COMMISSIONER, Role.CONTRACTS_OFFICER, Role.ADMINISTRATOR)
FINDING_ROLES = (*WORK_ROLES, Role.SOCIAL_WORKER)


def is_involved(user: Any, cycle: Any) -> bool:
    """Staff of the lead or a partner organisation (administrators included, for their own)."""
    return bool(is_signed_in(user) and user.is_commissioning_staff and user.organisation_id in cycle.organisation_ids())


def can_view_cycle(user: Any, cycle: Any) -> bool:
    return is_involved(user, cycle) or (is_signed_in(user) and cycle.is_published)


def can_view_internal(user: Any, cycle: Any) -> bool:
    """Notes, owners, effort, findings and history: the commissioning team and scrutiny only."""
    return is_involved(user, cycle)


def can_create_cycle(user: Any) -> bool:
    return is_signed_in(user) and user.role in RUN_ROLES and user.is_commissioning_staff


def can_edit_cycle(user: Any, cycle: Any) -> bool:
    return cycle.is_active and user.role in RUN_ROLES and is_involved(user, cycle)


def can_start_next_cycle(user: Any, cycle: Any) -> bool:
    """Also from a closed cycle that has no successor yet, so its open work is never stranded."""
    return user.role in RUN_ROLES and is_involved(user, cycle) and not has_next_cycle(cycle)


def has_next_cycle(cycle: Any) -> bool:
    try:
        return cycle.next_cycle is not None
    except cycle.__class__.next_cycle.RelatedObjectDoesNotExist:
        return False


def can_work_on_cycle(user: Any, cycle: Any) -> bool:
    """Update activities, add evidence and log effort."""
    return cycle.is_active and user.role in WORK_ROLES and is_involved(user, cycle)


def can_raise_finding(user: Any, cycle: Any) -> bool:
    return cycle.is_active and user.role in FINDING_ROLES and is_involved(user, cycle)


def can_work_on_activity(user: Any, activity: Any) -> bool:
    return can_work_on_cycle(user, activity.cycle)


def can_delete_activity(user: Any, activity: Any) -> bool:
    """Checklist activities are marked "not needed" instead, so the checklist stays whole."""
    return not activity.checklist_key and can_work_on_cycle(user, activity.cycle)


def can_respond_to_finding(user: Any, finding: Any) -> bool:
    return can_work_on_cycle(user, finding.cycle)


def can_change_effort(user: Any, entry: Any) -> bool:
    """People correct their own effort entries; those who run the cycle can correct anyone's."""
    return can_work_on_cycle(user, entry.cycle) and (entry.person_id == user.pk or user.role in RUN_ROLES)
