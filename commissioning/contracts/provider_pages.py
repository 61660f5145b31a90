"""A provider's page on the market register lists the contracts it holds that the reader may see:
the council's own with it, for the council's staff; its own, for the provider's people."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.contracts import permissions as can
from commissioning.contracts import selectors
from commissioning.market.provider_pages import ProviderSection, provider_section_register

SHOWN = 20


def contracts_section(user: Any, provider: Any) -> ProviderSection | None:
    if not can.can_open_contract(user):
        return None
    contracts = list(
        selectors.contract_list(user=user).filter(provider=provider).order_by("ends_on", "pk")[: SHOWN + 1]
    )
    staff = can.can_view_contracts(user)
    rows = [
        (
            f"{c.reference} {c.title}: {c.get_kind_display().lower()}, to {c.ends_on.day} {c.ends_on:%B %Y}",
            c.get_absolute_url(),
        )
        for c in contracts[:SHOWN]
    ]
    register = reverse("contracts:index") + f"?provider={provider.pk}" if staff else reverse("contracts:provider-list")
    return ProviderSection(
        title="Contracts" if staff else "Your contracts",
        rows=rows,
        empty="No contracts with your organisation." if staff else "None.",
        more=("All its contracts in the register", register) if len(contracts) > SHOWN else None,
    )


provider_section_register(contracts_section)
