"""What changed between two versions of a strategy, in words a reader can follow.

Priorities and targets are matched across versions by their lineage (a new draft carries each one
over with the same lineage), so a renamed priority reads as changed, not as one removed and
another added. Long text (the vision, a priority's description) is compared word by word.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from commissioning.strategy.documents import day, figure, trajectory_line
from commissioning.strategy.models import Priority, StrategyVersion, Target


@dataclass(frozen=True)
class TextChange:
    """Words kept, added and removed, in reading order: (kind, text) with kind same/added/removed."""

    parts: list[tuple[str, str]]

    @property
    def changed(self) -> bool:
        return any(kind != "same" for kind, _ in self.parts)


def text_change(before: str, after: str) -> TextChange:
    old, new = (before or "").split(), (after or "").split()
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(new[j1:j2])))
    return TextChange(parts)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class ItemChange:
    """A priority or target: added, removed or changed (with what changed)."""

    kind: str  # added, removed, changed
    title: str
    fields: list[FieldChange] = field(default_factory=list)
    text: TextChange | None = None  # a priority's description, word by word
    targets: list[ItemChange] = field(default_factory=list)
    evidence_added: list[str] = field(default_factory=list)
    evidence_removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class VersionDifference:
    before: StrategyVersion
    after: StrategyVersion
    title: FieldChange | None
    vision: TextChange
    priorities: list[ItemChange]

    @property
    def changed(self) -> bool:
        return bool(self.title or self.vision.changed or self.priorities)


def _target_text(target: Target) -> dict[str, str]:
    return {
        "Measure": target.measure,
        "Unit": target.unit,
        "Baseline": f"{figure(target.baseline)} on {day(target.baseline_on)} ({target.baseline_source})",
        "Target": f"{figure(target.target_figure)} by {target.target_year}",
        "Trajectory": trajectory_line(target),
        "Owner": target.owner.full_name if target.owner else "",
        "How it will be monitored": target.monitoring,
    }


def _field_changes(before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    return [FieldChange(label, before[label], after[label]) for label in before if before[label] != after[label]]


def _evidence_titles(priority: Priority) -> set[str]:
    return {evidence.title for evidence in priority.evidence.all()}


def _priority_change(before: Priority | None, after: Priority | None) -> ItemChange | None:
    if before is None or after is None:
        shown = after or before
        assert shown is not None
        return ItemChange("added" if before is None else "removed", shown.title)
    change = ItemChange("changed", after.title)
    if before.title != after.title:
        change.fields.append(FieldChange("Title", before.title, after.title))
    description = text_change(before.description, after.description)
    change.text = description if description.changed else None
    old_targets = {target.lineage: target for target in before.targets.all()}
    new_targets = {target.lineage: target for target in after.targets.all()}
    for lineage, target in new_targets.items():
        if lineage not in old_targets:
            change.targets.append(ItemChange("added", target.measure))
            continue
        fields = _field_changes(_target_text(old_targets[lineage]), _target_text(target))
        if fields:
            change.targets.append(ItemChange("changed", target.measure, fields=fields))
    change.targets += [ItemChange("removed", t.measure) for k, t in old_targets.items() if k not in new_targets]
    old_evidence, new_evidence = _evidence_titles(before), _evidence_titles(after)
    change.evidence_added = sorted(new_evidence - old_evidence)
    change.evidence_removed = sorted(old_evidence - new_evidence)
    if change.fields or change.text or change.targets or change.evidence_added or change.evidence_removed:
        return change
    return None


def _priorities(version: StrategyVersion) -> dict[Any, Priority]:
    return {
        priority.lineage: priority
        for priority in version.priorities.prefetch_related("targets__owner", "evidence").order_by("position", "pk")
    }


def version_difference(before: StrategyVersion, after: StrategyVersion) -> VersionDifference:
    """What changed from `before` to `after` (two versions of one cycle's strategy)."""
    old, new = _priorities(before), _priorities(after)
    changes = [_priority_change(old.get(lineage), priority) for lineage, priority in new.items()]
    changes += [_priority_change(priority, None) for lineage, priority in old.items() if lineage not in new]
    title = FieldChange("Title", before.title, after.title) if before.title != after.title else None
    return VersionDifference(
        before=before,
        after=after,
        title=title,
        vision=text_change(before.vision, after.vision),
        priorities=[change for change in changes if change is not None],
    )
