"""Budget against actual and committed spend, with a forecast outturn, and what contracts and care
packages bind the council to pay for the rest of the year (commitments.py); totals to the penny."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Sum, Value, When
from django.utils import timezone

from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.finance.choices import FundingSource, SpendStatus
from commissioning.finance.commitments import commitments_for
from commissioning.finance.models import Budget, SpendTransaction, financial_year_bounds

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
OUTTURN_METHOD = (
    "Forecast outturn = actual spend in the months that have ended + committed spend + for the current month, "
    "its actual spend so far or the average monthly spend of the ended months, whichever is more + that "
    "average for each month after it. Before a month has ended, the forecast is actual plus committed. "
    "Figures are to the penny; the forecast is rounded to the penny, half up."
)
CONTRACTED_METHOD = (
    "Contracted for the rest of the year = what the council is bound to pay from the day after the figures' date "
    "to 31 March: under its block, spot, grant and in-house contracts (a contract's value spread evenly over the "
    "days of its term, to the day it ends or was terminated) and for its care packages not paid for through one "
    "of those contracts (a package's weekly cost divided by 7 a day, to the day it ends). Each contract's or "
    "package's amount is rounded to the penny, half up, and the amounts are then added up. It is not in the "
    "forecast outturn. Left after commitments = budget less actual, committed and contracted spend."
)


@dataclass
class ReportRow:
    client_group: str
    service_type: str
    budget: Decimal = ZERO
    actual: Decimal = ZERO
    actual_closed: Decimal = ZERO  # in the months that have ended
    committed: Decimal = ZERO
    outturn: Decimal = ZERO
    by_source: dict[str, Decimal] = field(default_factory=dict)
    partner: Decimal = ZERO
    contracted: Decimal = ZERO  # bound by contracts and care packages for the rest of the year

    @property
    def label(self) -> str:
        return f"{ClientGroup(self.client_group).label}: {ServiceType(self.service_type).label}"

    @property
    def variance(self) -> Decimal:
        """Forecast outturn less budget: positive is an overspend."""
        return self.outturn - self.budget

    @property
    def headroom(self) -> Decimal:
        """What is left of the budget after everything spent and bound: negative is over it."""
        return self.budget - self.actual - self.committed - self.contracted


@dataclass
class BudgetReport:
    financial_year: int
    as_of: datetime.date
    months_elapsed: int
    rows: list[ReportRow]
    total: ReportRow
    unbudgeted_spend: list[ReportRow]

    @property
    def by_source(self) -> list[tuple[str, Decimal]]:
        labels = dict(FundingSource.choices)
        return [(labels[key], self.total.by_source.get(key, ZERO)) for key in FundingSource.values]

    def client_group_total(self, client_group: str) -> ReportRow:
        """One client group's lines added up, spend without a budget included."""
        total = ReportRow(client_group, "")
        for row in [*self.rows, *self.unbudgeted_spend]:
            if row.client_group == client_group:
                total.budget += row.budget
                total.actual += row.actual
                total.committed += row.committed
                total.outturn += row.outturn
                total.contracted += row.contracted
        return total


def months_elapsed(financial_year: int, as_of: datetime.date) -> int:
    """Months of the year that have ended by `as_of` (a month ends on its last day)."""
    first, last = financial_year_bounds(financial_year)
    if as_of < first:
        return 0
    if as_of >= last:
        return 12
    started = (as_of.year - first.year) * 12 + as_of.month - first.month + 1
    ends_today = (as_of + datetime.timedelta(days=1)).day == 1
    return started if ends_today else started - 1


def period_end(financial_year: int, months: int) -> datetime.date:
    """The last day of the `months`-th month of the year (the day before April for 0)."""
    first, _ = financial_year_bounds(financial_year)
    month_index = first.month - 1 + months
    start_of_next = datetime.date(first.year + month_index // 12, month_index % 12 + 1, 1)
    return start_of_next - datetime.timedelta(days=1)


def forecast_outturn(actual_closed: Decimal, actual_current: Decimal, committed: Decimal, months: int) -> Decimal:
    """See OUTTURN_METHOD. `actual_current` is spend after the last month that ended."""
    if months <= 0:
        return (actual_closed + actual_current + committed).quantize(PENNY)
    if months >= 12:
        return (actual_closed + actual_current + committed).quantize(PENNY)
    run_rate = actual_closed / months
    current = max(actual_current, run_rate)
    return (actual_closed + current + run_rate * (11 - months) + committed).quantize(PENNY, rounding=ROUND_HALF_UP)


def budget_report(*, organisation_id: int, financial_year: int, as_of: datetime.date | None = None) -> BudgetReport:
    as_of = as_of or timezone.localdate()
    months = months_elapsed(financial_year, as_of)
    rows: dict[tuple[str, str], ReportRow] = {}
    for budget in Budget.objects.filter(organisation_id=organisation_id, financial_year=financial_year):
        row = rows.setdefault(
            (budget.client_group, budget.service_type), ReportRow(budget.client_group, budget.service_type)
        )
        row.budget += budget.amount
        row.by_source[budget.funding_source] = row.by_source.get(budget.funding_source, ZERO) + budget.amount
        row.partner += budget.partner_amount
    spend: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    closed_until = period_end(financial_year, months)
    for client_group, service_type, status, closed, amount in (
        SpendTransaction.objects.filter(
            organisation_id=organisation_id, financial_year=financial_year, transaction_date__lte=as_of
        )
        .annotate(closed=Case(When(transaction_date__lte=closed_until, then=Value(True)), default=Value(False)))
        .values_list("cost_centre__client_group", "cost_centre__service_type", "status", "closed")
        .annotate(total=Sum("amount"))
        .values_list("cost_centre__client_group", "cost_centre__service_type", "status", "closed", "total")
    ):
        key = f"{status}_closed" if status == SpendStatus.ACTUAL and closed else status
        spend[(client_group, service_type)][key] = spend[(client_group, service_type)].get(key, ZERO) + amount
    unbudgeted: dict[tuple[str, str], ReportRow] = {}

    def row_for(key: tuple[str, str]) -> ReportRow:
        """The budget line's row, or one for spend without a budget."""
        row = rows.get(key) or unbudgeted.get(key)
        if row is None:
            row = unbudgeted[key] = ReportRow(*key)
        return row

    for key, amounts in spend.items():
        row = row_for(key)
        row.actual_closed = amounts.get(f"{SpendStatus.ACTUAL}_closed", ZERO)
        row.actual = row.actual_closed + amounts.get(SpendStatus.ACTUAL, ZERO)
        row.committed = amounts.get(SpendStatus.COMMITTED, ZERO)
    for commitment in commitments_for(organisation_id, financial_year, as_of):
        if commitment.inside:
            continue  # already in another source's amount
        row = row_for((commitment.client_group, commitment.service_type))
        row.contracted += commitment.amount
    all_rows = sorted(rows.values(), key=lambda r: (r.client_group, r.service_type)) + list(unbudgeted.values())
    total = ReportRow("all_adults", "care_home")
    for row in all_rows:
        row.outturn = forecast_outturn(row.actual_closed, row.actual - row.actual_closed, row.committed, months)
        total.budget += row.budget
        total.actual += row.actual
        total.committed += row.committed
        total.outturn += row.outturn
        total.partner += row.partner
        total.contracted += row.contracted
        for source, amount in row.by_source.items():
            total.by_source[source] = total.by_source.get(source, ZERO) + amount
    return BudgetReport(
        financial_year,
        as_of,
        months,
        sorted(rows.values(), key=lambda r: (r.client_group, r.service_type)),
        total,
        list(unbudgeted.values()),
    )
