"""The procurement pages as each persona meets them: who may open which page, a tender set up,
published, bid for and opened through the pages, and what a provider may and may not see."""

from __future__ import annotations

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.procurement import services
from commissioning.procurement.models import Bid, Procurement
from commissioning.procurement.tests.factories import (
    PASSPHRASES,
    answers_for,
    bid_for,
    deadline_passes,
    procurement_for,
    published_tender,
    tender_ready,
)
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

pytestmark = pytest.mark.django_db

STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}
TRAFFORD = {"alice", "carl", "sonia", "colin", "ada"}
WORKERS = {"alice", "carl", "ada"}
KEY_HOLDERS = {"alice", "carl", "ada", "iris", "steve", "sally"}
BIDDERS = {"pam", "pete"}


def _matrix(world, draft, published, bid, opened):
    outsiders = EVERYONE - TRAFFORD - {"penny"}
    return [
        ("procurements", reverse("procurement:index"), expect(STAFF, forbidden=EVERYONE - STAFF)),
        ("new procurement", reverse("procurement:create"), expect(KEY_HOLDERS, forbidden=EVERYONE - KEY_HOLDERS)),
        ("opening key", reverse("procurement:opening-key"), expect(KEY_HOLDERS, forbidden=EVERYONE - KEY_HOLDERS)),
        ("draft", draft.get_absolute_url(), expect(TRAFFORD)),
        (
            "draft edit",
            reverse("procurement:edit", args=[draft.pk]),
            expect(WORKERS, forbidden={"sonia", "colin"}),
        ),
        ("draft history", reverse("procurement:history", args=[draft.pk]), expect(TRAFFORD)),
        (
            "lot",
            reverse("procurement:lot-create", args=[draft.pk]),
            expect(WORKERS, forbidden={"sonia", "colin"}),
        ),
        (
            "publish",
            reverse("procurement:publish", args=[draft.pk]),
            expect(WORKERS, forbidden={"sonia", "colin"}),
        ),
        ("declare", reverse("procurement:declare", args=[draft.pk]), expect(TRAFFORD)),
        # A published tender: the buyer's page for its staff, the bidding pages for providers.
        ("published", published.get_absolute_url(), expect(TRAFFORD, forbidden=BIDDERS)),
        (
            "opportunity",
            reverse("procurement:opportunity", args=[published.pk]),
            expect(BIDDERS, forbidden=EVERYONE - BIDDERS),
        ),
        (
            "bid",
            reverse("procurement:bid-submit", args=[published.pk, published.lots.first().pk]),
            expect(BIDDERS, forbidden=EVERYONE - BIDDERS),
        ),
        (
            "ask",
            reverse("procurement:question-ask", args=[published.pk]),
            expect(BIDDERS, forbidden=EVERYONE - BIDDERS),
        ),
        ("receipt", reverse("procurement:receipt", args=[bid.pk]), expect({"pam"}, forbidden=EVERYONE - BIDDERS)),
        ("open", reverse("procurement:open", args=[opened.pk]), expect(TRAFFORD, forbidden=BIDDERS)),
        (
            "opened bid",
            reverse("procurement:bid-opened", args=[opened.pk, opened.bids.first().pk]),
            expect(TRAFFORD, forbidden=BIDDERS),
        ),
        ("opportunities", reverse("procurement:public-opportunities"), expect(EVERYONE)),
        (
            "public tender",
            reverse("procurement:public-opportunity", args=[published.pk]),
            expect(EVERYONE - BIDDERS, redirected=BIDDERS),
        ),
        ("public draft", reverse("procurement:public-opportunity", args=[draft.pk]), expect(set())),
    ], outsiders


@pytest.fixture
def scene(world):
    draft = procurement_for(world.alice)
    published = published_tender(world, title="Homecare, taking bids")
    bid = bid_for(world.pam, published)
    opened = published_tender(world, title="Homecare, opened")
    bid_for(world.pete, opened)
    deadline_passes(opened)
    services.opening_act(by=world.carl, procurement=opened, passphrase=PASSPHRASES["carl"])
    services.opening_act(by=world.ada, procurement=opened, passphrase=PASSPHRASES["ada"])
    return draft, published, bid, opened


def test_who_may_open_each_page(world, client_for, scene):
    pages, _ = _matrix(world, *scene)
    for name, url, expected in pages:
        check_page_access(world, client_for, name, url, expected)
    anonymous = client_for(None)
    assert anonymous.get(reverse("procurement:public-opportunities")).status_code == 200
    assert anonymous.get(reverse("procurement:opportunity", args=[scene[1].pk])).status_code == 302


def test_pages_do_not_run_a_query_per_row(world, client_for, scene):
    pages, _ = _matrix(world, *scene)
    published = scene[1]
    count = itertools.count()

    def grow() -> None:
        number = next(count)
        procurement_for(world.alice, title=f"Purchase {number}")
        services.clarification_ask(by=world.pete, procurement=published, question=f"Question {number}?")

    check_queries_do_not_grow(
        client_for, [p for p in pages if p[0] in ("procurements", "published", "opportunities")], grow
    )


def test_a_tender_set_up_published_bid_for_and_opened_through_the_pages(world, client_for):
    procurement = tender_ready(world)
    response = client_for(world.alice).post(reverse("procurement:publish", args=[procurement.pk]), {})
    assert response.status_code == 302
    procurement.refresh_from_db()
    assert procurement.is_published
    # Pam finds it, bids with a document, and gets a receipt.
    listing = client_for(None).get(reverse("procurement:public-opportunities")).content.decode()
    assert procurement.title in listing
    pam = client_for(world.pam)
    lot = procurement.lots.first()
    url = reverse("procurement:bid-submit", args=[procurement.pk, lot.pk])
    answers = {f"answer_{key}": text for key, text in answers_for(procurement, lot).items()}
    document = SimpleUploadedFile("method.txt", b"Our method", content_type="text/plain")
    response = pam.post(url, {"price": "5400000", **answers, "documents": [document]})
    assert response.status_code == 302
    assert response.url.startswith("/bids/"), response.url
    bid = Bid.objects.get()
    receipt = pam.get(response.url).content.decode()
    assert bid.receipt in receipt and bid.sha256 in receipt
    # The buyer sees that a bid came, not whose or what.
    page = client_for(world.alice).get(procurement.get_absolute_url()).content.decode()
    assert "1 sealed bid received" in page and world.provider_a.name not in page and "5,400,000" not in page
    # After the deadline, Carl then Ada open it through the page.
    deadline_passes(procurement)
    carl = client_for(world.carl)
    response = carl.post(
        reverse("procurement:open", args=[procurement.pk]), {"passphrase": PASSPHRASES["carl"]}, follow=True
    )
    assert "A second opening officer" in response.content.decode()
    response = client_for(world.ada).post(
        reverse("procurement:open", args=[procurement.pk]), {"passphrase": PASSPHRASES["ada"]}, follow=True
    )
    assert "1 bids opened" in response.content.decode() or "1 bid" in response.content.decode()
    alice = client_for(world.alice)
    page = alice.get(procurement.get_absolute_url()).content.decode()
    assert world.provider_a.name in page and "5,400,000.00" in page
    document_url = reverse("procurement:bid-document", args=[procurement.pk, bid.pk, 0])
    assert alice.get(document_url).content == b"Our method"


def test_a_late_bid_through_the_page_is_refused_in_words(world, client_for):
    procurement = published_tender(world)
    lot = procurement.lots.first()
    url = reverse("procurement:bid-submit", args=[procurement.pk, lot.pk])
    answers = {f"answer_{key}": text for key, text in answers_for(procurement, lot).items()}
    deadline_passes(procurement)
    response = client_for(world.pam).post(url, {"price": "5400000", **answers})
    assert response.status_code == 200
    assert "The deadline for bids has passed" in response.content.decode()
    assert not Bid.objects.exists()


def test_a_provider_never_sees_another_providers_bid_or_who_asked(world, client_for):
    procurement = published_tender(world)
    bid = bid_for(world.pam, procurement)
    question = services.clarification_ask(by=world.pam, procurement=procurement, question="Is travel paid?")
    services.clarification_answer(by=world.alice, clarification=question, answer="Yes")
    pete = client_for(world.pete)
    assert pete.get(reverse("procurement:receipt", args=[bid.pk])).status_code == 404
    page = pete.get(reverse("procurement:opportunity", args=[procurement.pk])).content.decode()
    assert "Is travel paid?" in page and world.provider_a.name not in page and bid.receipt not in page
    public = client_for(None).get(reverse("procurement:public-opportunity", args=[procurement.pk])).content.decode()
    assert "Is travel paid?" in public and world.provider_a.name not in public


def test_a_weight_set_that_does_not_add_up_is_named_on_the_publish_page(world, client_for):
    procurement = tender_ready(world, price_weight=Decimal(35))
    response = client_for(world.alice).post(reverse("procurement:publish", args=[procurement.pk]), {})
    assert response.status_code == 200
    assert "add up to 95" in response.content.decode()
    procurement.refresh_from_db()
    assert not procurement.is_published


def test_the_regime_and_its_reason_are_on_the_page(world, client_for):
    procurement = procurement_for(world.alice, commenced_on=datetime.date(2026, 3, 3))
    page = client_for(world.alice).get(procurement.get_absolute_url()).content.decode()
    assert "Procurement Act 2023" in page and "light-touch" in page
    assert re.search(r"663,540", page)
    assert Procurement.objects.count() == 1


def test_the_cycles_do_element_lists_its_procurements(world, client_for):
    procurement = procurement_for(world.alice, cycle=world.cycle)
    page = client_for(world.alice).get(f"/cycles/{world.cycle.pk}/strategic/do/").content.decode()
    assert procurement.title in page and "Start a procurement" in page
    assert procurement.title not in client_for(world.steve).get("/cycles/").content.decode()
