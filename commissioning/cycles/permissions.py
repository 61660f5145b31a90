"""Who may do what in a commissioning cycle. Predicates take the user, then the record.

A cycle is shared by the staff of its lead and partner organisations. Commissioners and
administrators run it; contracts officers work on its activities; social workers can raise
findings (quality insights from reviews); councillors read everything for scrutiny. Providers and
people who draw on care can read published cycles, without internal notes.

The policy territory register (national laws, guidance and frameworks, and each council's own
local strategies) follows the same pattern:
- Everyone signed in reads the shared national register; providers, people who draw on care and
  carers read it too, since it is public law and policy. Staff of a council or ICB (councillors
  included, for scrutiny) also read their own organisation's local items; nobody else sees them
  (selectors make them "not found").
- Commissioners and administrators of a council add and change their council's local items.
  National items are kept by operators only, so one council cannot change what every council reads.
- Commissioners and administrators of a council or ICB apply items (national, or their own) to the
  active cycles their organisation leads.
- On a cycle's Analyse page, the lead and partner organisations' staff see the whole territory,
  including the lead council's local items (sharing a cycle shares its territory); anyone else
  reading a published cycle sees its national items only.
"""

from __future__ import annotations

from typing import Any

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_operator, is_signed_in

RUN_ROLES = (Role.COMMISSIONER, Role.ADMINISTRATOR)
WORK_ROLES = (Role.COMMISSIONER, Role.CONTRACTS_OFFICER, Role.ADMINISTRATOR)
FINDING_ROLES = (*WORK_ROLES, Role.SOCIAL_WORKER)


def is_involved(user: User, cycle: Any) -> bool:
    """Staff of the lead or a partner organisation (administrators included, for their own)."""
    return bool(is_signed_in(user) and user.is_commissioning_staff and user.organisation_id in cycle.organisation_ids())


def can_view_cycle(user: User, cycle: Any) -> bool:
    return is_involved(user, cycle) or (is_signed_in(user) and cycle.is_published)


def can_view_internal(user: User, cycle: Any) -> bool:
    """Notes, owners, effort, findings and history: the commissioning team and scrutiny only."""
    return is_involved(user, cycle)


def can_create_cycle(user: User) -> bool:
    return is_signed_in(user) and user.role in RUN_ROLES and user.is_commissioning_staff


def can_edit_cycle(user: User, cycle: Any) -> bool:
    return cycle.is_active and user.role in RUN_ROLES and is_involved(user, cycle)


def can_start_next_cycle(user: User, cycle: Any) -> bool:
    """Also from a closed cycle that has no successor yet, so its open work is never stranded."""
    return user.role in RUN_ROLES and is_involved(user, cycle) and not has_next_cycle(cycle)


def has_next_cycle(cycle: Any) -> bool:
    try:
        return cycle.next_cycle is not None
    except cycle.__class__.next_cycle.RelatedObjectDoesNotExist:
        return False


def can_work_on_cycle(user: User, cycle: Any) -> bool:
    """Update activities, add evidence and log effort."""
    return cycle.is_active and user.role in WORK_ROLES and is_involved(user, cycle)


def can_raise_finding(user: User, cycle: Any) -> bool:
    return cycle.is_active and user.role in FINDING_ROLES and is_involved(user, cycle)


def can_work_on_activity(user: User, activity: Any) -> bool:
    return can_work_on_cycle(user, activity.cycle)


def can_add_evidence(user: User, activity: Any = None) -> bool:
    """Attach evidence to this activity; with none given, to some activity of the user's team."""
    if activity is not None:
        return can_work_on_activity(user, activity)
    return is_signed_in(user) and user.is_commissioning_staff and user.role in WORK_ROLES


def can_delete_activity(user: User, activity: Any) -> bool:
    """Checklist activities are marked "not needed" instead, so the checklist stays whole."""
    return not activity.checklist_key and can_work_on_cycle(user, activity.cycle)


def can_respond_to_finding(user: User, finding: Any) -> bool:
    return can_work_on_cycle(user, finding.cycle)


def can_change_effort(user: User, entry: Any) -> bool:
    """People correct their own effort entries; those who run the cycle can correct anyone's."""
    return can_work_on_cycle(user, entry.cycle) and (entry.person_id == user.pk or user.role in RUN_ROLES)


# Policy territory register --------------------------------------------------------------------


def can_view_policy_register(user: User) -> bool:
    """The register page; what it lists is scoped by the selector."""
    return is_signed_in(user)


def can_keep_local_policy(user: User) -> bool:
    """Commissioners and administrators of a council: add and change their council's own items."""
    return bool(
        is_signed_in(user)
        and user.is_commissioning_staff
        and user.role in RUN_ROLES
        and user.organisation.kind == OrganisationKind.COUNCIL
    )


def can_add_policy_item(user: User) -> bool:
    """A council's own item, or (operators) an item in the national register."""
    return can_keep_local_policy(user) or is_operator(user)


def can_change_policy_item(user: User, item: Any) -> bool:
    if item.organisation_id is None:
        return is_operator(user)
    return can_keep_local_policy(user) and item.belongs_to_organisation_of(user)


def can_link_policy_item(user: User, item: Any) -> bool:
    """Apply a national item, or the organisation's own, to cycles the organisation leads."""
    return bool(
        is_signed_in(user)
        and user.is_commissioning_staff
        and user.role in RUN_ROLES
        and item.organisation_id in (None, user.organisation_id)
    )


def can_upload_documents(user: User, _obj: Any = None) -> bool:
    """Those who do the commissioning work keep documents as evidence."""
    return is_signed_in(user) and user.is_commissioning_staff and user.role in WORK_ROLES


def can_read_documents(user: User, _obj: Any = None) -> bool:
    return is_signed_in(user) and user.is_commissioning_staff
