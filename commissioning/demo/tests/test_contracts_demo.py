"""The demo's contracts and care: Trafford's block homecare contract called off for people over the
past year, the provider answering call-offs, the block's use by month, about 300 care packages
arranged every way, and a social worker finding a bed in the block for someone."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.care.models import CarePackage, DirectPaymentPurchase, PersonalBudget
from commissioning.contracts import capacity
from commissioning.contracts.models import CallOff, Contract, Kpi
from commissioning.demo.contracts import BLOCK


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _page(client, email: str, url: str) -> str:
    client.force_login(User.objects.get(email=email))
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_block_is_called_off_and_its_use_shown_by_month(demo, client):
    block = Contract.objects.get(title=BLOCK)
    call_offs = Counter(block.block_call_offs.values_list("status", flat=True))
    assert call_offs["accepted"] > 100 and call_offs["requested"] == 2 and call_offs["declined"] == 1
    assert 0 <= capacity.capacity_left(block) < 400  # most of the 2,000 hours are in use
    page = _page(client, "tom.walsh@trafford.example", reverse("contracts:utilisation", args=[block.pk]) + "?by=month")
    assert "voids paid for and unused cost £" in page
    provider = _page(client, "dawn.fletcher@partingtonhomecare.example", block.get_absolute_url())
    assert "Accept or decline" in provider
    _the_care_demo_has_packages_of_every_kind_and_a_bed_to_find(client)


def _the_care_demo_has_packages_of_every_kind_and_a_bed_to_find(client) -> None:
    """(Checked in the test above, so the demo is loaded once for both.)"""
    counts = Counter(CarePackage.objects.values_list("arrangement", flat=True))
    assert sum(counts.values()) >= 300 and set(counts) == {
        "call_off",
        "spot_framework",
        "spot",
        "direct_payment",
        "isf",
    }
    assert DirectPaymentPurchase.objects.count() >= 40 and PersonalBudget.objects.count() > 150
    own = _page(client, "dawn.fletcher@partingtonhomecare.example", reverse("care:provider-list"))
    partington = CarePackage.objects.filter(provider__name="Partington Homecare (demo)").count()
    assert f"{partington} care packages" in own and "Brookvale" not in own  # Partington's packages only
    grace = User.objects.get(email="grace.okafor@trafford.example")
    query = f"?service_type=care_home&area={grace.organisation.area_id}&within_km=15&units=1"
    found = _page(client, "grace.okafor@trafford.example", reverse("contracts:find-provider") + query)
    assert "5 left in the block contract" in found and "Call off the block" in found
    packages = _page(client, "grace.okafor@trafford.example", reverse("care:index"))
    assert "Direct payment" in packages and "In place today" in packages


def test_loading_the_demo_again_adds_no_contract(demo):
    before = (Contract.objects.count(), CallOff.objects.count(), Kpi.objects.count(), CarePackage.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Contract.objects.count(),
        CallOff.objects.count(),
        Kpi.objects.count(),
        CarePackage.objects.count(),
    ) == before
