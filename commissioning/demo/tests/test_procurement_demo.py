"""The demo's procurements: a homecare tender opened, evaluated and awarded into standstill, and an
extra care tender still taking bids, as the council's staff and the bidders see them."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.demo.procurement import CARE_HOME_MARKET, DEMO_OPENING_PASSPHRASES, EXTRA_CARE, HOMECARE
from commissioning.procurement import sealing
from commissioning.procurement.models import (
    AssessmentSummary,
    Award,
    Bid,
    Clarification,
    ConflictDeclaration,
    ModeratedScore,
    OpeningKey,
    Procurement,
    Score,
)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _page(client, email: str, url: str) -> str:
    """The page's words as the user reads them: no tags, single spaces."""
    client.force_login(User.objects.get(email=email))
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_homecare_tender_is_evaluated_and_lot_1_is_in_standstill(demo, client):
    homecare = Procurement.objects.get(title=HOMECARE)
    assert homecare.is_demo and homecare.light_touch
    page = _page(client, "priya.shah@trafford.example", homecare.get_absolute_url())
    assert "Award in standstill" in page and "light-touch services" in page
    assert "From the purchasing plan line: Homecare by neighbourhood" in page
    assert "Lot 1: North Trafford" in page and "Lot 2: South Trafford" in page
    assert "Sam Patel, opening officer (independent of the panel)" in page
    assert "Interest: A close friend is a care coordinator at Partington Homecare (demo)" in page
    assert page.count("Nothing to declare") == 3
    evaluation = _page(client, "priya.shah@trafford.example", reverse("procurement:evaluation", args=[homecare.pk]))
    assert "Awarded to Partington Homecare (demo)" in evaluation and "Voluntary standstill" in evaluation
    assert "Price 22.9% below the others" in evaluation and "Explanation accepted" in evaluation
    # Lot 2 is evaluated (Sale Moor Homecare (demo) first) and left for a visitor to award.
    assert evaluation.index("Lot 2: South Trafford") < evaluation.index(
        "Sale Moor Homecare (demo)", evaluation.index("Lot 2")
    )
    assert "Award a lot" in evaluation and "5 assessment summaries sent" in evaluation
    award = Award.objects.get(procurement=homecare)
    assert award.lot.number == 1 and award.in_standstill
    # The winner reads its own summary with the moderator's reasons; another bidder cannot.
    winning = Bid.objects.get(pk=award.bid_id)
    dawn = "dawn.fletcher@partingtonhomecare.example"
    summary = _page(client, dawn, reverse("procurement:summary", args=[winning.pk]))
    assert "Your assessment summary" in summary and "Excellent: small teams, a measured 88%" in summary
    client.force_login(User.objects.get(email="amy.hughes@flixtonsupport.example"))
    assert client.get(reverse("procurement:summary", args=[winning.pk])).status_code == 404


def test_the_extra_care_tender_is_taking_bids_with_a_question_answered(demo, client):
    extra_care = Procurement.objects.get(title=EXTRA_CARE)
    assert extra_care.taking_bids and extra_care.is_demo
    page = _page(client, "priya.shah@trafford.example", extra_care.get_absolute_url())
    assert "Taking bids" in page and "1 sealed bid received" in page
    assert "Asked by Flixton Home Support (demo) (never shown to other bidders)" in page
    # Another bidder reads the answer, in the buyer's words, without who asked.
    opportunity = _page(client, "dawn.fletcher@partingtonhomecare.example", extra_care.get_opportunity_url())
    assert "One waking night worker at each scheme" in opportunity
    assert "Flixton Home Support (demo)" not in opportunity and "our scheme in Stretford" not in opportunity
    public = _page(client, "dawn.fletcher@partingtonhomecare.example", reverse("procurement:public-opportunities"))
    assert EXTRA_CARE in public


def test_the_care_home_market_has_a_member_and_an_application_to_decide(demo, client):
    market = Procurement.objects.get(title=CARE_HOME_MARKET)
    page = _page(client, "priya.shah@trafford.example", market.get_absolute_url())
    assert "Dynamic market in operation" in page and "1 member" in page
    assert "Applied, awaiting a decision" in page and "Decide on Making Space" in page
    own = _page(client, "joanne.price@mha.example", market.get_opportunity_url())
    assert "Your organisation" in own and "Member" in own and "Making Space" not in own
    public = _page(client, "dawn.fletcher@partingtonhomecare.example", reverse("procurement:public-opportunities"))
    assert CARE_HOME_MARKET in public and "join at any time" in public


def test_the_documented_passphrases_unlock_the_officers_keys(demo):
    for email, passphrase in DEMO_OPENING_PASSPHRASES.items():
        key = OpeningKey.objects.get(person__email=email)
        sealing.officer_key_unlock(bytes(key.locked_private_key), passphrase)


def test_loading_the_demo_again_adds_no_procurement(demo):
    models = (
        Procurement, Bid, Score, ModeratedScore, AssessmentSummary, Award, Clarification, OpeningKey,
        ConflictDeclaration,
    )  # fmt: skip

    def counts() -> Counter:
        return Counter({model.__name__: model.objects.count() for model in models})

    before = counts()
    assert before["Procurement"] == 3 and before["Bid"] == 6 and before["Award"] == 1
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
