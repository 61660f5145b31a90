"""The contract register as open contracting data: blocks, frameworks and dynamic markets as
releases that validate against OCDS 1.1.5 with the UK extension, spot contracts made under a
framework linked to it and counted, never published one by one, and nothing about a person."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.contracts import ocds, services
from commissioning.contracts.tests.factories import contract_for, providers_for, signed_award
from commissioning.procurement import ocds as procurement_ocds
from commissioning.procurement.ocds_schema import validate_package

pytestmark = pytest.mark.django_db


def _package(client) -> dict:
    response = client.get(reverse("contracts:releases"))
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_register_is_published_as_ocds_that_validates_with_nothing_about_a_person(world, client_for):
    providers = providers_for(world)
    block = contract_for(world.alice, providers.a, capacity=Decimal(2000), title="Homecare block")
    for number in range(6):
        services.call_off_request(
            by=world.sonia, contract=block, units=Decimal(10), starts_on=block.starts_on,
            weekly_cost=Decimal("233.30"), package_reference=f"PKG-SECRET-{number}",
        )  # fmt: skip
    services.variation_add(
        by=world.alice, contract=block, reason="Uplift for the real living wage", effective_on=block.starts_on,
        approved_by=world.alice, approved_on=datetime.date(2026, 6, 1), value_change=Decimal("30000.00"),
    )  # fmt: skip
    framework = contract_for(world.alice, providers.b, kind="framework", title="Care homes framework")
    contract_for(world.alice, providers.b, kind="spot", title="Spot placement for Mrs Example", framework=framework)

    package = _package(client_for(None))
    assert validate_package(package) == []
    releases = {r["contracts"][0]["title"]: r for r in package["releases"]}
    assert set(releases) == {"Homecare block", "Care homes framework"}  # the spot placement is not published
    block_release = releases["Homecare block"]
    assert block_release["tag"] == ["contract", "contractAmendment"]
    assert (
        "Called off for 6 people's care today, £1,399.80 a week in all" in block_release["contracts"][0]["description"]
    )
    assert "Fewer than 5 placements made under it" in releases["Care homes framework"]["contracts"][0]["description"]
    text = json.dumps(package)
    assert "PKG-SECRET" not in text and "Mrs Example" not in text


def test_a_contract_from_an_award_is_in_its_procurements_contracting_process(world):
    providers_for(world)
    award = signed_award(world)
    contract = services.contract_from_award(
        by=world.alice, award=award, kind="block", client_group="older_people", ends_on=datetime.date(2029, 3, 31)
    )
    release = ocds.release_for(contract)
    assert release["ocid"] == procurement_ocds.ocid_for(award.procurement)
    assert release["contracts"][0]["awardID"] == release["awards"][0]["id"]
