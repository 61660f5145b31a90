"""Open contracting data for the contract register: each block contract, framework agreement and
dynamic market as an OCDS 1.1.5 release with its contract section (value, term, status and every
variation as an amendment), in the same contracting process as the procurement it was awarded in
(or one of its own when entered directly), and a contract made under a framework linked to it.

Nothing about a person is published. A spot contract is usually one person's placement and a block
call-off is one person's care, so neither is a release of its own: each framework or block says
only how many there are and what they come to, and a count under five is given as "fewer than 5"
so that nobody can be picked out.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from commissioning.contracts.choices import CallOffStatus, ContractKind, ContractStatus
from commissioning.contracts.models import Contract
from commissioning.procurement import ocds

PUBLISHED_KINDS = (ContractKind.BLOCK, ContractKind.FRAMEWORK, ContractKind.DYNAMIC_MARKET)
SMALL_NUMBER = 5  # counts below this are not published exactly
STATUS = {
    ContractStatus.NOT_STARTED: "pending",
    ContractStatus.LIVE: "active",
    ContractStatus.ENDED: "terminated",
    ContractStatus.TERMINATED: "terminated",
}


def ocid_for(contract: Contract) -> str:
    """The procurement's contracting process if it was awarded through this service; else its own."""
    if contract.procurement_id is not None:
        return ocds.ocid_for(contract.procurement)
    return f"{ocds.ocid_prefix()}-{contract.organisation_id}-{contract.reference}"


def _award_id(contract: Contract) -> str:
    if contract.award_id is not None and contract.lot_id is not None:
        return f"{contract.procurement.reference}-{contract.lot.number}"  # as the award notice gave it
    return f"{contract.reference}-award"


def _supplier(contract: Contract) -> dict[str, Any]:
    provider = contract.provider
    if provider.organisation_id is not None:
        return ocds.party(provider.organisation, ["supplier"])
    return {"id": f"{ocds.ocid_prefix()}-provider-{provider.pk}", "name": provider.name, "roles": ["supplier"]}


def _count(number: int) -> str:
    return f"fewer than {SMALL_NUMBER}" if 0 < number < SMALL_NUMBER else f"{number:,}"


def _what_hangs_off(contract: Contract) -> str:
    """The spot contracts made under a framework, or a block's call-offs, as counts and totals only."""
    today = timezone.localdate()
    if contract.kind == ContractKind.BLOCK:
        live = contract.block_call_offs.filter(status__in=CallOffStatus.holding(), starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
        figures = live.aggregate(n=Count("pk"), units=Sum("units"), cost=Sum("weekly_cost"))
        if not figures["n"]:
            return ""
        return f" Called off for {_count(figures['n'])} people's care today" + (
            f", £{figures['cost']:,.2f} a week in all." if figures["n"] >= SMALL_NUMBER else "."
        )
    if contract.kind in ContractKind.agreements():
        spot = contract.call_offs.aggregate(n=Count("pk"), value=Sum("value"))
        if not spot["n"]:
            return ""
        value = spot["value"] or Decimal(0)
        return f" {_count(spot['n']).capitalize()} placements made under it" + (
            f", worth £{value:,.2f} in all." if spot["n"] >= SMALL_NUMBER else "."
        )
    return ""


def release_for(contract: Contract) -> dict[str, Any]:
    """The contract's release as it stands now (its id changes whenever the contract does)."""
    buyer = ocds.party(contract.organisation, ["buyer"])
    supplier = _supplier(contract)
    award_id = _award_id(contract)
    value = ocds.money(contract.value, contract.vat_rate)
    variations = list(contract.variations.all())
    section: dict[str, Any] = {
        "id": contract.reference,
        "awardID": award_id,
        "title": contract.title,
        "description": (contract.description or contract.get_kind_display()) + _what_hangs_off(contract),
        "status": STATUS[contract.status],
        "period": {"startDate": ocds.timestamp(contract.starts_on), "endDate": ocds.end_of_day(contract.ends_on)},
        "value": value,
        "dateSigned": ocds.timestamp(contract.award.signed_on)
        if contract.award_id and contract.award.signed_on
        else None,
        "amendments": [
            {
                "id": str(v.number),
                "date": ocds.timestamp(v.approved_on),
                "description": f"{v.get_kind_display()}: {v.reason} (value changed by £{v.value_change:,.2f})",
                "rationale": v.ground_label,
            }
            for v in variations
        ],
    }
    release: dict[str, Any] = {
        "ocid": ocid_for(contract),
        "id": f"{contract.reference}-contract-{contract.updated_at:%Y%m%dT%H%M%S}",
        "date": ocds.timestamp(contract.updated_at),
        "tag": ["contract", "contractAmendment"] if variations else ["contract"],
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "parties": [buyer, supplier],
        "awards": [
            {
                "id": award_id,
                "status": "active",
                "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
                "value": ocds.money(contract.original_value, contract.vat_rate),
            }
        ],
        "contracts": [section],
    }
    if contract.framework_id is not None:
        release["relatedProcesses"] = [
            {
                "id": "1",
                "relationship": ["framework"],
                "title": contract.framework.title,
                "scheme": "ocid",
                "identifier": ocid_for(contract.framework),
            }
        ]
    return ocds.without_empty(release)


def published_contracts() -> Any:
    return (
        Contract.objects.filter(kind__in=PUBLISHED_KINDS)
        .select_related("organisation", "provider__organisation", "procurement", "lot", "award", "framework")
        .prefetch_related("variations")
        .order_by("organisation_id", "reference")
    )


def releases() -> Iterator[dict[str, Any]]:
    for contract in published_contracts().iterator(chunk_size=500):
        yield release_for(contract)
