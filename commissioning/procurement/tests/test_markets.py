"""Dynamic markets: announced, joined, set up, changed and ended, each with its notice; competitions
held among the members only; and the whole life published as OCDS that validates."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.procurement import selectors, services
from commissioning.procurement.models import MarketMembership, Notice, ProcurementEvent
from commissioning.procurement.ocds_schema import validate_package
from commissioning.procurement.tests.factories import bid_for, dynamic_market, procurement_for, published_tender
from commissioning.procurement.tests.test_notices import _package

pytestmark = pytest.mark.django_db

STATEMENT = "CQC registered for accommodation with nursing; rated good; insured to £10m"


def _kinds(procurement) -> list[str]:
    return list(Notice.objects.filter(procurement=procurement).values_list("kind", flat=True))


def _refusals(procurement, action) -> int:
    return ProcurementEvent.objects.filter(procurement=procurement, action=action, refused=True).count()


def _market_with_pam(world):
    market = services.market_announce(by=world.alice, procurement=dynamic_market(world))
    membership = services.membership_apply(by=world.pam, procurement=market, statement=STATEMENT)
    services.membership_decide(by=world.alice, membership=membership, admit=True)
    return services.market_establish(by=world.alice, procurement=market)


def test_a_market_is_announced_joined_set_up_changed_and_ended_with_a_notice_each(world, client_for):
    market = dynamic_market(world)
    assert selectors.opportunity_list(user=world.pam).filter(pk=market.pk).count() == 0  # not yet announced
    market = services.market_announce(by=world.alice, procurement=market)
    assert _kinds(market) == ["UK13"]
    assert market in list(selectors.opportunity_list())  # the public can find it and read the conditions

    pams = services.membership_apply(by=world.pam, procurement=market, statement=STATEMENT)
    petes = services.membership_apply(by=world.pete, procurement=market, statement="We are keen")
    with pytest.raises(ValidationError, match="awaiting a decision"):
        services.membership_apply(by=world.pam, procurement=market, statement=STATEMENT)
    with pytest.raises(ValidationError, match="which condition"):
        services.membership_decide(by=world.alice, membership=petes, admit=False)
    assert _refusals(market, "membership decided") == 1
    services.membership_decide(by=world.alice, membership=pams, admit=True)
    services.membership_decide(
        by=world.alice, membership=petes, admit=False, reason="No evidence of CQC registration for nursing"
    )
    with pytest.raises(PermissionDenied):
        services.membership_decide(by=world.pam, membership=petes, admit=True)

    market = services.market_establish(by=world.alice, procurement=market)
    later = timezone.localdate() + datetime.timedelta(days=5 * 365)
    market = services.market_change(
        by=world.alice, procurement=market, summary="Runs a year longer, to match the strategy", market_ends_on=later
    )
    assert market.market_ends_on == later
    with pytest.raises(ValidationError, match="why"):
        services.market_cease(by=world.alice, procurement=market, reason=" ")
    market = services.market_cease(by=world.alice, procurement=market, reason="Replaced by block contracts")
    assert _kinds(market) == ["UK13", "UK14", "UK15", "UK16"]
    with pytest.raises(PermissionDenied):
        services.membership_apply(by=world.pete, procurement=market, statement=STATEMENT)

    releases = {r["id"]: r for r in _package(client_for(None))["releases"]}
    uk15 = releases[market.notices.get(kind="UK15").number]
    assert uk15["tender"]["amendments"][0]["description"] == "Runs a year longer, to match the strategy"
    uk16 = releases[market.notices.get(kind="UK16").number]
    assert uk16["tender"]["techniques"]["dynamicPurchasingSystem"] == {"status": "terminated"}
    assert validate_package(_package(client_for(None))) == []


def test_the_conditions_for_membership_and_a_conflicts_record_come_before_the_announcement(world):
    market = dynamic_market(world, membership_conditions="")
    with pytest.raises(ValidationError, match="conditions for membership"):
        services.market_announce(by=world.alice, procurement=market)
    assert _refusals(market, "dynamic market announced") == 1
    assert not market.notices.exists()
    with pytest.raises(ValidationError, match="Announce the dynamic market first"):
        services.market_establish(by=world.alice, procurement=market)


def test_a_competition_is_for_the_markets_members_only(world, client_for):
    market = _market_with_pam(world)
    competition = published_tender(
        world, procedure="dynamic_market_competition", framework=market, title="Nursing beds, spring 2027"
    )
    assert _kinds(competition) == ["UK4"]  # a tender notice, though only members may bid
    assert competition in list(selectors.opportunity_list(user=world.pam))
    assert competition not in list(selectors.opportunity_list(user=world.pete))
    assert competition not in list(selectors.opportunity_list())
    assert client_for(world.pete).get(reverse("procurement:opportunity", args=[competition.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        bid_for(world.pete, competition)
    bid_for(world.pam, competition)
    with pytest.raises(ValidationError, match="competitions being planned or taking bids"):
        services.market_cease(by=world.alice, procurement=market, reason="No longer needed")

    # A member removed takes no part in what comes next.
    membership = MarketMembership.objects.get(procurement=market, supplier=world.pam.organisation)
    services.membership_remove(by=world.alice, membership=membership, reason="Now an excluded supplier")
    assert competition not in list(selectors.opportunity_list(user=world.pam))
    release = ocds_release(competition)
    assert release["relatedProcesses"][0]["relationship"] == ["framework"]
    assert release["tender"]["techniques"] == {"hasDynamicPurchasingSystem": True}


def ocds_release(procurement) -> dict:
    return procurement.notices.get(kind="UK4").release


def test_a_competition_needs_a_market_that_is_set_up(world):
    market = services.market_announce(by=world.alice, procurement=dynamic_market(world))
    with pytest.raises(ValidationError, match="set up"):
        published_tender(world, procedure="dynamic_market_competition", framework=market)


def test_suppliers_apply_on_the_page_and_the_buyer_decides_on_its_page(world, client_for):
    market = services.market_announce(by=world.alice, procurement=dynamic_market(world))
    pam = client_for(world.pam)
    page = pam.get(reverse("procurement:opportunity", args=[market.pk])).content.decode()
    assert "Conditions for membership" in page and "Apply to join" in page
    empty = pam.post(reverse("procurement:market-apply", args=[market.pk]), {"statement": ""})
    assert empty.status_code == 200 and not MarketMembership.objects.exists()
    sent = pam.post(reverse("procurement:market-apply", args=[market.pk]), {"statement": STATEMENT})
    assert sent.status_code == 302
    again = pam.post(reverse("procurement:market-apply", args=[market.pk]), {"statement": STATEMENT})
    assert "awaiting a decision" in again.content.decode() and MarketMembership.objects.count() == 1

    membership = MarketMembership.objects.get()
    alice = client_for(world.alice)
    detail = alice.get(market.get_absolute_url()).content.decode()
    assert "Applications and members" in detail and str(world.pam.organisation) in detail
    decide = reverse("procurement:membership-decide", args=[market.pk, membership.pk])
    refused = alice.post(decide, {"admit": "no", "reason": ""})
    assert "which condition" in refused.content.decode()
    alice.post(decide, {"admit": "no", "reason": "Insurance below £5m"})
    membership.refresh_from_db()
    assert membership.status == "refused"

    pam = client_for(world.pam)
    page = pam.get(reverse("procurement:opportunity", args=[market.pk])).content.decode()
    assert "Insurance below £5m" in page and "Apply to join" in page  # it may put things right and apply again
    assert client_for(world.pete).get(decide).status_code == 403


def test_a_market_is_joined_never_bid_for_nor_terminated_around_its_notices(world):
    market = dynamic_market(world)
    with pytest.raises(ValidationError, match="has no lots"):
        services.lot_create(by=world.alice, procurement=market, title="Lot", estimated_value=1)
    market = _market_with_pam(world)
    assert not market.taking_bids
    with pytest.raises(ValidationError, match="End a dynamic market from its page"):
        services.procurement_terminate(by=world.alice, procurement=market, reason="Done")
    planned = procurement_for(
        world.alice, procedure="dynamic_market_competition", framework=market, title="Spring beds", deadline=None
    )
    with pytest.raises(ValidationError, match="being planned or taking bids"):
        services.market_cease(by=world.alice, procurement=market, reason="Replaced")
    assert planned.status == "planning"


def test_open_framework_rounds_cannot_loop(world):
    first = procurement_for(world.alice, procedure="open_framework", title="Round 1")
    second = procurement_for(world.alice, procedure="open_framework", reopens=first, title="Round 2")
    with pytest.raises(ValidationError, match="earlier open framework"):
        services.procurement_update(by=world.alice, procurement=first, reopens=second)
