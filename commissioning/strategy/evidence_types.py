"""Plan records that can be evidence (see cycles.evidence): a gap analysis, for a priority or an activity."""

from __future__ import annotations

from typing import Any

from commissioning.analytics.gap import gap_from_json
from commissioning.cycles.evidence import EvidenceType, evidence_type_register
from commissioning.strategy.models import GapAnalysis
from commissioning.strategy.selectors import gap_analysis_list


def gap_snapshot(analysis: GapAnalysis) -> dict[str, Any]:
    """Each service's gap (supply less demand) in the first and last years, and the data gaps."""
    result = gap_from_json(analysis.result)
    shown = {result.years[0], result.years[-1]}
    gaps: dict[str, dict[str, str | None]] = {service.name: {} for service in result.services}
    names = {service.key: service.name for service in result.services}
    for item in result.service_years:
        if item.year in shown:
            gaps[names[item.service]][str(item.year)] = None if item.gap is None else str(item.gap)
    return {"area": analysis.area.name, "gap": gaps, "data_gaps": len(result.data_gaps)}


evidence_type_register(
    EvidenceType(
        key="strategy.gap_analysis",
        label="A gap analysis",
        model=GapAnalysis,
        choices=lambda user: gap_analysis_list(user=user).filter(organisation_id=user.organisation_id),
        title=lambda analysis: f"Gap analysis: {analysis.title}",
        snapshot=gap_snapshot,
    )
)
