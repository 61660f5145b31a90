"""What the council's contracts commit it to pay for the rest of a financial year, for finance's
budget report (the rule is in commissioning/finance/commitments.py).

A block, spot, grant or in-house contract's value is what the council pays for its whole term,
so it pays value ÷ the days of the term (starts_on to ends_on, both counted) each day; a
terminated contract is paid to the day it was terminated. A framework agreement or dynamic market
buys nothing itself: what is bought under it is counted where it is (care packages, spot
contracts), so it has no spend of its own here. Care packages paid for by one of these contracts
are left out of care's count (see commissioning/care/commitments.py).
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from commissioning.contracts.choices import ContractKind
from commissioning.contracts.models import Contract
from commissioning.finance.commitments import (
    Commitment,
    Tally,
    commitment_source_register,
    days_bound,
    pennies,
    rest_of_year,
    share_in_pennies,
)

SOURCE = "Block, spot, grant and in-house contracts"
# Kinds whose value the council pays; care packages bought under one are inside its value.
PAID_KINDS = (ContractKind.BLOCK, ContractKind.SPOT, ContractKind.GRANT, ContractKind.IN_HOUSE)


def contract_commitments(*, organisation_id: int, financial_year: int, as_of: datetime.date) -> list[Commitment]:
    stretch = rest_of_year(financial_year, as_of)
    first, last = stretch
    if first > last:
        return []
    tally = Tally(SOURCE)
    rows = (
        Contract.objects.filter(organisation_id=organisation_id, kind__in=PAID_KINDS, starts_on__lte=last)
        .filter(ends_on__gte=first)
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=first))
        .order_by()
        .values_list("client_group", "service_type", "value", "starts_on", "ends_on", "terminated_on")
    )
    for client_group, service_type, value, starts_on, ends_on, terminated_on in rows:
        paid_until = ends_on if terminated_on is None else min(ends_on, terminated_on)
        days = days_bound(stretch, starts_on, paid_until)
        if days:
            term = (ends_on - starts_on).days + 1
            tally.add(client_group, service_type, share_in_pennies(pennies(value), days, term))
    return tally.commitments()


commitment_source_register(contract_commitments)
