"""Spend the council is already bound to, from the records of the apps above finance: its
contracts and its care packages. Finance sits below those apps and cannot import them, so each
says what it commits in its `commitments` module (found when Django starts) with a function of
(organisation_id, financial_year, as_of) returning its commitments by client group and service;
the budget report adds them up, and the commitments page lists them, source by source.

The rule every source follows, so that every list and every total agree to the penny:

- Committed (shown as "contracted for the rest of the year") is what the council is bound to pay
  from the day after the figures' date (`as_of`) to the end of the financial year (1 April to
  31 March: year 2026 is 1 April 2026 to 31 March 2027). Nothing already paid or before the year
  is counted; a year that has ended has nothing left to commit.
- A record (a contract, a care package) counts for the days it runs inside that stretch: from the
  latest of the day after `as_of`, the start of the year and the record's own start, to the
  earliest of its end and the end of the year. A record that ends before the stretch starts, or
  starts after it ends, counts nothing.
- Its amount is its cost per day times those days, rounded to the penny (half a penny up) for
  each record on its own; the amounts are then added up. So a line is the sum of its records'
  rounded amounts, and a total the sum of its lines.
- A pound is counted once: a source leaves out what another already counts (a care package
  called off a block contract is paid for by the block). A source may still list such records,
  marked `inside`, so a placement shows where its money is: they are shown, never added.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.finance.models import financial_year_bounds

PENNY = Decimal("0.01")
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Commitment:
    """What one source commits for one client group and service: `count` records, `amount` in all."""

    client_group: str
    service_type: str
    source: str  # in words: "Block, spot, grant and in-house contracts"
    amount: Decimal
    count: int
    inside: bool = False  # already paid inside another source's amount: listed, not added

    @property
    def client_group_label(self) -> str:
        return ClientGroup(self.client_group).label

    @property
    def service_type_label(self) -> str:
        return ServiceType(self.service_type).label


CommitmentSource = Callable[..., list[Commitment]]

_SOURCES: list[CommitmentSource] = []


def commitment_source_register(fn: CommitmentSource) -> CommitmentSource:
    """Add a source of commitments (apps call this from their `commitments` module). `fn` is called
    with the keywords organisation_id, financial_year and as_of and follows the rule above."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def commitments_for(organisation_id: int, financial_year: int, as_of: datetime.date) -> list[Commitment]:
    """Every source's commitments for the organisation's year as at `as_of`, sources in the order
    registered, each source's lines by client group and service."""
    return [
        commitment
        for source in _SOURCES
        for commitment in source(organisation_id=organisation_id, financial_year=financial_year, as_of=as_of)
    ]


# What sources share to follow the rule -------------------------------------------------------


def rest_of_year(financial_year: int, as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last days still to be paid for in the year as at `as_of` (the first is after
    the last when the year has ended)."""
    first, last = financial_year_bounds(financial_year)
    return max(as_of + ONE_DAY, first), last


def days_bound(
    stretch: tuple[datetime.date, datetime.date], starts_on: datetime.date, ends_on: datetime.date | None
) -> int:
    """Days a record running `starts_on` to `ends_on` (None: it goes on) is paid for in `stretch`."""
    first, last = stretch
    start = max(first, starts_on)
    end = last if ends_on is None else min(last, ends_on)
    return max((end - start).days + 1, 0)


def pennies(amount: Decimal) -> int:
    """An amount in pounds and pence as whole pence."""
    return int(amount.scaleb(2).to_integral_value())


def share_in_pennies(whole_pennies: int, days: int, per_days: int) -> int:
    """`whole_pennies` for `per_days` days, for `days` of them: rounded to the penny, half up
    (away from zero), in exact whole-number arithmetic."""
    numerator = abs(whole_pennies) * days
    quotient, remainder = divmod(numerator, per_days)
    if 2 * remainder >= per_days:
        quotient += 1
    return quotient if whole_pennies >= 0 else -quotient


class Tally:
    """Rounded amounts added up by client group and service, with how many records made each."""

    def __init__(self, source: str, *, inside: bool = False) -> None:
        self.source, self.inside = source, inside
        self._lines: dict[tuple[str, str], list[int]] = {}

    def add(self, client_group: str, service_type: str, amount_in_pennies: int) -> None:
        line = self._lines.setdefault((client_group, service_type), [0, 0])
        line[0] += amount_in_pennies
        line[1] += 1

    def commitments(self) -> list[Commitment]:
        return [
            Commitment(
                client_group, service_type, self.source, Decimal(total).scaleb(-2).quantize(PENNY), count, self.inside
            )
            for (client_group, service_type), (total, count) in sorted(self._lines.items())
        ]


def by_source(commitments: Iterable[Commitment]) -> list[tuple[str, list[Commitment]]]:
    """Commitments grouped by their source, in the order the sources gave them."""
    grouped: dict[str, list[Commitment]] = {}
    for commitment in commitments:
        grouped.setdefault(commitment.source, []).append(commitment)
    return list(grouped.items())
