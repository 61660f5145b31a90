"""Every write to the policy territory register and the links from its items to cycles."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.core.services import audited_delete, audited_save, model_update
from commissioning.cycles.models import (
    CommissioningCycle,
    PolicyItem,
    PolicyLink,
    client_groups_value,
)

POLICY_FIELDS = ("title", "kind", "issued_by", "year", "url", "summary", "duties", "review_due", "client_groups")


def _policy_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Known fields only, text trimmed, client groups in their stored form (|code|code|)."""
    fields = {key: value for key, value in fields.items() if key in POLICY_FIELDS}
    for name in ("title", "issued_by", "url", "summary", "duties"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    if "client_groups" in fields and not isinstance(fields["client_groups"], str):
        fields["client_groups"] = client_groups_value(fields["client_groups"])
    return fields


def _check_policy_title(title: str, organisation: Organisation | None, *, exclude_pk: int | None = None) -> None:
    """One item of a title in the national register, and one in each council's own items."""
    same = PolicyItem.objects.filter(title__iexact=title, organisation=organisation).exclude(pk=exclude_pk)
    if title and same.exists():
        where = "The national register" if organisation is None else "Your council"
        raise ValidationError({"title": f"{where} already has an item called {title}"})


@transaction.atomic
def policy_item_create(
    *,
    by: User | None,
    title: str,
    kind: str,
    issued_by: str,
    summary: str,
    duties: str,
    review_due: datetime.date,
    year: int | None = None,
    url: str = "",
    client_groups: Iterable[str] | str = (),
    organisation: Organisation | None = None,
    is_demo: bool = False,
) -> PolicyItem:
    """Add a policy item: to the national register (no organisation) or a council's own items."""
    fields = _policy_fields(
        {
            "title": title,
            "kind": kind,
            "issued_by": issued_by,
            "summary": summary,
            "duties": duties,
            "review_due": review_due,
            "year": year,
            "url": url,
            "client_groups": client_groups,
        }
    )
    _check_policy_title(fields["title"], organisation)
    item = PolicyItem(organisation=organisation, is_demo=is_demo, **fields)
    return audited_save(instance=item, by=by)


@transaction.atomic
def policy_item_update(*, item: PolicyItem, by: User | None, **fields: Any) -> PolicyItem:
    """Change a policy item's details (not whose it is: a local item never becomes national)."""
    fields = _policy_fields(fields)
    if "title" in fields:
        _check_policy_title(fields["title"], item.organisation, exclude_pk=item.pk)
    item, _ = model_update(instance=item, fields=fields, by=by)
    return item


def policy_link_add(*, item: PolicyItem, cycle: CommissioningCycle, by: User | None) -> PolicyLink:
    """Apply an item to a cycle explicitly (a council's own item only to cycles it leads)."""
    existing = PolicyLink.objects.filter(item=item, cycle=cycle).first()
    return existing or audited_save(instance=PolicyLink(item=item, cycle=cycle, linked_by=by), by=by)


@transaction.atomic
def policy_links_set(
    *, item: PolicyItem, cycles: Iterable[CommissioningCycle], within: Iterable[CommissioningCycle], by: User
) -> tuple[int, int]:
    """Apply the item to exactly `cycles` among `within` (the cycles the person may change).

    Links to other cycles (another council's, applying a national item) are left alone. Returns
    how many links were added and removed.
    """
    within_ids = {cycle.pk for cycle in within}
    wanted = {cycle.pk: cycle for cycle in cycles}
    if set(wanted) - within_ids:
        raise ValidationError({"cycles": "Choose from the active cycles your organisation leads"})
    existing = {link.cycle_id: link for link in item.links.filter(cycle_id__in=within_ids)}
    added = removed = 0
    for pk, cycle in wanted.items():
        if pk not in existing:
            policy_link_add(item=item, cycle=cycle, by=by)
            added += 1
    for pk, link in existing.items():
        if pk not in wanted:
            audited_delete(instance=link, by=by)
            removed += 1
    return added, removed
