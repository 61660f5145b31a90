"""What the council's care packages commit it to pay for the rest of a financial year, for
finance's budget report (the rule is in commissioning/finance/commitments.py).

A package costs its weekly cost ÷ 7 a day, from its start to its end (to the end of the year
while it goes on). Packages whose cost is inside a contract the contracts' count already pays are
left out, so nothing is counted twice: a call-off from a block (the block is paid for whether
used or not), and a package bought under one of the council's block, spot, grant or in-house
contracts (its value is that contract's). What is left are spot purchases on their own or under
a framework or dynamic market, direct payments and individual service funds.

One query for the whole council (some 20,000 live packages), the arithmetic in whole pence.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from commissioning.care.models import CarePackage
from commissioning.contracts.choices import CallOffStatus
from commissioning.contracts.commitments import PAID_KINDS
from commissioning.finance.commitments import (
    Commitment,
    Tally,
    commitment_source_register,
    days_bound,
    pennies,
    rest_of_year,
    share_in_pennies,
)

SOURCE = "Care packages: spot purchases, direct payments and individual service funds"
WEEK = 7


def package_commitments(*, organisation_id: int, financial_year: int, as_of: datetime.date) -> list[Commitment]:
    stretch = rest_of_year(financial_year, as_of)
    first, last = stretch
    if first > last:
        return []
    rows = (
        CarePackage.objects.filter(organisation_id=organisation_id, call_off__isnull=True, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .exclude(contract__kind__in=PAID_KINDS)
        .order_by()
        .values_list("client_group", "service_type", "weekly_cost", "starts_on", "ends_on")
    )
    tally = Tally(SOURCE)
    for client_group, service_type, weekly_cost, starts_on, ends_on in rows:
        if days := days_bound(stretch, starts_on, ends_on):
            tally.add(client_group, service_type, share_in_pennies(pennies(weekly_cost), days, WEEK))
    return tally.commitments()


CALLED_OFF = "Care packages called off block contracts"


def called_off_commitments(*, organisation_id: int, financial_year: int, as_of: datetime.date) -> list[Commitment]:
    """Each placement called off a block, at its weekly cost: listed so a placement shows where its
    money is, but inside the block's value, so never added to what is contracted."""
    stretch = rest_of_year(financial_year, as_of)
    if stretch[0] > stretch[1]:
        return []
    rows = (
        CarePackage.objects.filter(organisation_id=organisation_id, call_off__status__in=CallOffStatus.holding())
        .filter(starts_on__lte=stretch[1])
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=stretch[0]))
        .order_by()
        .values_list("client_group", "service_type", "weekly_cost", "starts_on", "ends_on")
    )
    tally = Tally(CALLED_OFF, inside=True)
    for client_group, service_type, weekly_cost, starts_on, ends_on in rows:
        if days := days_bound(stretch, starts_on, ends_on):
            tally.add(client_group, service_type, share_in_pennies(pennies(weekly_cost), days, WEEK))
    return tally.commitments()


commitment_source_register(package_commitments)
commitment_source_register(called_off_commitments)
