"""Market records that can be evidence for a cycle's activity (see cycles.evidence)."""

from __future__ import annotations

from typing import Any

from commissioning.cycles.evidence import EvidenceType, evidence_type_register
from commissioning.market.models import MarketPositionStatement
from commissioning.market.selectors import statement_list


def statement_snapshot(statement: MarketPositionStatement) -> dict[str, Any]:
    """The published supply and demand figures (a published statement's figures never change)."""
    figures = statement.figures or {}
    return {
        "published_at": statement.published_at.isoformat() if statement.published_at else None,
        "supply": [
            {key: row.get(key) for key in ("service", "locations", "beds")} for row in figures.get("supply") or []
        ],
        "demand": [
            {"measure": row.get("measure"), "values": row.get("values")}
            for row in (figures.get("demand") or {}).get("needs") or []
        ],
    }


evidence_type_register(
    EvidenceType(
        key="market.statement",
        label="A published market position statement",
        model=MarketPositionStatement,
        choices=lambda user: statement_list(user=user).filter(is_published=True),
        title=lambda statement: f"Market position statement: {statement.title}",
        snapshot=statement_snapshot,
        url=lambda statement: statement.get_public_url(),
    )
)
