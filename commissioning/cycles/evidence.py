"""The kinds of record any app can attach to a cycle's activity as evidence.

Cycles sits below the apps whose records are evidence (needs, market and finance now; strategy,
engagement and monitoring later), so it cannot import them. Each app registers its evidence
types here when Django starts (in its AppConfig.ready); cycles then keeps a typed database link
to the record, with a snapshot of the figures as they stood when it was attached, and can say
when the live figures have since changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


def _absolute_url(record: Any) -> str:
    return record.get_absolute_url()


@dataclass(frozen=True)
class EvidenceType:
    """One kind of record that can be evidence, and how to show it."""

    key: str  # stable, used in forms and the API: "needs.saved_forecast"
    label: str  # "A saved needs forecast"
    model: type[Model]
    # The records a person may attach (already scoped to what they may see).
    choices: Callable[[Any], QuerySet[Any]]
    title: Callable[[Any], str]
    # The figures that matter, JSON-ready: kept as attached, and compared with the live ones.
    snapshot: Callable[[Any], dict[str, Any]]
    # Where the evidence opens (the record's own page unless said otherwise).
    url: Callable[[Any], str] = _absolute_url


_TYPES: dict[str, EvidenceType] = {}


def evidence_type_register(evidence_type: EvidenceType) -> None:
    """Add a kind of evidence (apps call this from AppConfig.ready)."""
    _TYPES[evidence_type.key] = evidence_type


def evidence_type_list() -> list[EvidenceType]:
    return sorted(_TYPES.values(), key=lambda kind: kind.label)


def evidence_type_get(key: str) -> EvidenceType | None:
    return _TYPES.get(key)


def evidence_type_of(model: type[Model] | None) -> EvidenceType | None:
    """The registered type for a model (or a record's class), if it can be evidence."""
    return next((kind for kind in _TYPES.values() if kind.model is model), None)
