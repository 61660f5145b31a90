"""Cycles' own records that can be evidence for an activity: policy territory items."""

from __future__ import annotations

from typing import Any

from commissioning.cycles.evidence import EvidenceType, evidence_type_register
from commissioning.cycles.models import PolicyItem
from commissioning.cycles.selectors import policy_item_list


def policy_snapshot(item: PolicyItem) -> dict[str, Any]:
    return {"kind": item.get_kind_display(), "duties": item.duty_list, "review_due": item.review_due.isoformat()}


evidence_type_register(
    EvidenceType(
        key="cycles.policy_item",
        label="A policy territory item",
        model=PolicyItem,
        choices=lambda user: policy_item_list(user=user),
        title=lambda item: f"Policy: {item.title}",
        snapshot=policy_snapshot,
    )
)
