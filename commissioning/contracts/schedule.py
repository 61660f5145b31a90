"""The service levels' reporting schedule and a contract's renewal alert, from its dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from commissioning.contracts.choices import FREQUENCY_MONTHS, KpiFrequency
from commissioning.contracts.dates import add_months


@dataclass(frozen=True)
class ReportDue:
    """A report due at the end of a period, with the KPIs reported then."""

    period_ends: datetime.date
    kpis: tuple[Any, ...]


def reporting_schedule(*, starts_on: datetime.date, ends_on: datetime.date, kpis: list[Any]) -> list[ReportDue]:
    """Every period end from the start date to the end date, each with the KPIs whose frequency
    falls due then: quarterly KPIs on the last day of every third month from the start, and so on.
    A last, shorter period ends with the contract."""
    due: dict[datetime.date, list[Any]] = {}
    for kpi in kpis:
        step = FREQUENCY_MONTHS[KpiFrequency(kpi.frequency)]
        number = 1
        while True:
            period_ends = add_months(starts_on, step * number) - datetime.timedelta(days=1)
            due.setdefault(min(period_ends, ends_on), []).append(kpi)
            if period_ends >= ends_on:
                break
            number += 1
    return [ReportDue(day, tuple(due[day])) for day in sorted(due)]


@dataclass(frozen=True)
class RenewalAlert:
    """A contract that will end soon, and what can be done about it."""

    ends_on: datetime.date
    days_left: int
    options_left: int
    months_available: int

    @property
    def message(self) -> str:
        ends = f"Ends on {self.ends_on.day} {self.ends_on:%B %Y}, in {self.days_left:,} days"
        if self.options_left:
            options = "option" if self.options_left == 1 else "options"
            return (
                f"{ends}. {self.options_left} extension {options} left ({self.months_available} months in all): "
                "decide whether to extend, re-procure or end it."
            )
        return f"{ends}, with no extension options left: re-procure, or plan its end."


def renewal_alert(contract: Any, today: datetime.date) -> RenewalAlert | None:
    """The alert for a live contract from `alert_from` until its end; none once terminated.
    `contract.extensions` should be prefetched by lists."""
    if contract.is_terminated or not (contract.alert_from <= today <= contract.ends_on):
        return None
    left = [option for option in contract.extensions.all() if not option.is_used]
    return RenewalAlert(contract.ends_on, (contract.ends_on - today).days, len(left), sum(o.months for o in left))
