"""Commissioning cycles' records: the cycle and its working, and the policy territory."""

from commissioning.cycles.models.cycle import (
    Activity,
    CommissioningCycle,
    EffortEntry,
    EvidenceLink,
    EvidenceRecord,
    Finding,
    evidence_typed_constraint,
)
from commissioning.cycles.models.documents import EvidenceDocument
from commissioning.cycles.models.policy import YEAR_MESSAGE, PolicyItem, PolicyLink, client_groups_value

__all__ = [
    "YEAR_MESSAGE",
    "Activity",
    "CommissioningCycle",
    "EffortEntry",
    "EvidenceDocument",
    "EvidenceLink",
    "EvidenceRecord",
    "Finding",
    "PolicyItem",
    "PolicyLink",
    "client_groups_value",
    "evidence_typed_constraint",
]
