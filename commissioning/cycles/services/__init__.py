"""Every write to commissioning cycles and the policy territory register: pages, API, command
line and tasks all come here."""

from commissioning.cycles.services.cycle import (
    activity_complete,
    activity_create,
    activity_delete,
    activity_update,
    cycle_close,
    cycle_create,
    cycle_start_next,
    cycle_update,
    default_due_date,
    effort_delete,
    effort_log,
    evidence_add,
    evidence_record_fields,
    evidence_remove,
    finding_raise,
    finding_update,
)
from commissioning.cycles.services.documents import document_bytes, document_upload
from commissioning.cycles.services.policy import (
    POLICY_FIELDS,
    policy_item_create,
    policy_item_update,
    policy_link_add,
    policy_links_set,
)

__all__ = [
    "POLICY_FIELDS",
    "activity_complete",
    "activity_create",
    "activity_delete",
    "activity_update",
    "cycle_close",
    "cycle_create",
    "cycle_start_next",
    "cycle_update",
    "default_due_date",
    "document_bytes",
    "document_upload",
    "effort_delete",
    "effort_log",
    "evidence_add",
    "evidence_record_fields",
    "evidence_remove",
    "finding_raise",
    "finding_update",
    "policy_item_create",
    "policy_item_update",
    "policy_link_add",
    "policy_links_set",
]
