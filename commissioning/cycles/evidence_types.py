"""Cycles' own records that can be evidence: policy territory items and uploaded documents."""

from __future__ import annotations

from typing import Any

from commissioning.cycles.evidence import EvidenceType, evidence_type_register
from commissioning.cycles.models import EvidenceDocument, PolicyItem
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


def document_snapshot(document: EvidenceDocument) -> dict[str, Any]:
    """The file as uploaded: its name, size and fingerprint (a changed file would not match)."""
    return {"file": document.file_name, "bytes": document.size, "sha256": document.sha256}


evidence_type_register(
    EvidenceType(
        key="cycles.document",
        label="An uploaded document",
        model=EvidenceDocument,
        choices=lambda user: EvidenceDocument.objects.visible_to(user),
        title=lambda document: document.title,
        snapshot=document_snapshot,
    )
)
