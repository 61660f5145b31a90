"""Pure calculations over a cycle's activities and effort: progress by element, stage, balance.

No database access here: selectors fetch the counts and hours, these functions shape them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from commissioning.cycles.choices import ELEMENT_ORDER, Element, Level

# The IPC model asks for equal attention to the four elements; a share further than this from
# an even quarter is flagged.
BALANCE_TOLERANCE_POINTS = Decimal(10)


@dataclass
class ElementProgress:
    level: Level
    element: Element
    total: int = 0
    finished: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.finished == self.total

    @property
    def label(self) -> str:
        return Element(self.element).label


@dataclass
class CycleProgress:
    elements: dict[tuple[str, str], ElementProgress] = field(default_factory=dict)

    def get(self, level: str, element: str) -> ElementProgress:
        key = (level, element)
        if key not in self.elements:
            self.elements[key] = ElementProgress(Level(level), Element(element))
        return self.elements[key]

    def for_level(self, level: str) -> list[ElementProgress]:
        return [self.get(level, element) for element in ELEMENT_ORDER]

    @property
    def total(self) -> int:
        return sum(progress.total for progress in self.elements.values())

    @property
    def finished(self) -> int:
        return sum(progress.finished for progress in self.elements.values())

    @property
    def overdue(self) -> int:
        return sum(progress.overdue for progress in self.elements.values())

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0

    @property
    def stage(self) -> Element | None:
        """The first element of the commissioning cycle with work left; None when all is done."""
        for progress in self.for_level(Level.STRATEGIC):
            if progress.total and not progress.is_complete:
                return progress.element
        return None


@dataclass
class EffortShare:
    element: Element
    strategic_hours: Decimal = Decimal(0)
    purchasing_hours: Decimal = Decimal(0)
    share: Decimal = Decimal(0)

    @property
    def hours(self) -> Decimal:
        return self.strategic_hours + self.purchasing_hours

    @property
    def difference(self) -> Decimal:
        """Percentage points above (+) or below (-) an even quarter."""
        return self.share - Decimal(25)

    @property
    def label(self) -> str:
        return Element(self.element).label

    @property
    def is_out_of_balance(self) -> bool:
        return abs(self.difference) > BALANCE_TOLERANCE_POINTS


@dataclass
class EffortBalance:
    shares: list[EffortShare]

    @property
    def total_hours(self) -> Decimal:
        return sum((share.hours for share in self.shares), Decimal(0))

    @property
    def is_balanced(self) -> bool:
        return self.total_hours > 0 and not any(share.is_out_of_balance for share in self.shares)

    @property
    def least_attended(self) -> EffortShare | None:
        return min(self.shares, key=lambda share: share.hours) if self.total_hours else None

    @property
    def most_attended(self) -> EffortShare | None:
        return max(self.shares, key=lambda share: share.hours) if self.total_hours else None


def effort_balance(hours: list[tuple[str, str, Decimal]]) -> EffortBalance:
    """Balance from (level, element, hours) rows; shares are exact, rounded only for display."""
    shares = {element: EffortShare(element) for element in ELEMENT_ORDER}
    for level, element, amount in hours:
        share = shares[Element(element)]
        if level == Level.PURCHASING:
            share.purchasing_hours += Decimal(amount)
        else:
            share.strategic_hours += Decimal(amount)
    balance = EffortBalance(list(shares.values()))
    total = balance.total_hours
    for share in balance.shares:
        share.share = (share.hours * 100 / total) if total else Decimal(0)
    return balance
