"""Procurements from start to opening: the regime worked out and explained, a tender that cannot
be published until its conflicts record is current and its officers can open it, sealed bids that
no one can read before two officers open them after the deadline, and every refusal logged."""

from __future__ import annotations

import datetime
import io
import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from commissioning.procurement import sealing, services
from commissioning.procurement.choices import BidStatus, ProcurementStatus
from commissioning.procurement.models import Bid, Procurement, ProcurementEvent
from commissioning.procurement.selectors import clarification_list
from commissioning.procurement.tests.factories import (
    PASSPHRASES,
    answers_for,
    bid_for,
    deadline_passes,
    procurement_for,
    published_tender,
    tender_ready,
)

pytestmark = pytest.mark.django_db

MARKER = "MARKER-7f3a-nobody-reads-this-before-opening"


def _refusals(procurement, action):
    return list(ProcurementEvent.objects.filter(procurement=procurement, action=action, refused=True))


def test_the_regime_is_worked_out_and_explained(world):
    procurement = procurement_for(world.alice)
    assert procurement.regime == "pa23"
    assert procurement.light_touch and procurement.above_threshold
    assert "663,540" in procurement.regime_reason
    assert procurement.reference == "PROC-2026-001"
    small = procurement_for(world.alice, estimated_value=Decimal("400000"))
    assert small.regime == "below_threshold" and small.reference == "PROC-2026-002"
    older = procurement_for(world.alice, commenced_on=datetime.date(2025, 1, 6))
    assert older.regime == "pcr2015"
    health = procurement_for(world.alice, health_led=True, cpv_code="85100000-0")
    assert health.regime == "psr"


def test_a_bad_cpv_code_or_direct_award_without_a_ground_is_refused(world):
    with pytest.raises(ValidationError) as error:
        procurement_for(world.alice, cpv_code="homecare")
    assert "cpv_code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        procurement_for(world.alice, procedure="direct_award")
    assert "direct_award_ground" in error.value.message_dict
    assert not Procurement.objects.exists()


def test_only_the_buyers_commissioning_workers_start_procurements(world):
    for person in (world.pam, world.colin, world.sonia):
        with pytest.raises(PermissionDenied):
            procurement_for(person)


def test_a_tender_cannot_be_published_until_everything_is_in_place(world):
    procurement = procurement_for(world.alice, price_weight=Decimal(45))
    problems = services.publication_problems(procurement)
    text = " ".join(problems)
    assert "add up to 105" in text
    assert "Add at least one lot" in text
    assert "Name at least two opening officers" in text
    assert "No conflicts assessment" in text
    with pytest.raises(ValidationError):
        services.tender_publish(by=world.alice, procurement=procurement)
    procurement.refresh_from_db()
    assert not procurement.is_published
    assert _refusals(procurement, "tender published")


def test_a_new_declaration_makes_the_conflicts_assessment_out_of_date(world):
    procurement = tender_ready(world)
    assert services.publication_problems(procurement) == []
    services.conflict_declare(
        by=world.carl, procurement=procurement, has_interest=True, interest="My sister manages Provider A"
    )
    problems = services.publication_problems(procurement)
    assert any("older than the latest declaration" in problem for problem in problems)
    with pytest.raises(ValidationError):
        services.tender_publish(by=world.alice, procurement=procurement)
    services.conflicts_assessment_create(
        by=world.alice, procurement=procurement, assessment="Carl will not moderate Provider A's bids."
    )
    assert services.publication_problems(procurement) == []


def test_only_people_involved_declare_and_two_panel_members_cannot_be_the_only_officers(world):
    procurement = tender_ready(world)
    with pytest.raises(PermissionDenied):
        services.conflict_declare(by=world.sonia, procurement=procurement, has_interest=False)
    services.panel_member_add(by=world.alice, procurement=procurement, person=world.ada, role="assessor")
    assert any("independent" in problem for problem in services.publication_problems(procurement))


def test_publishing_fixes_the_tender_and_makes_key_pieces_for_pairs_with_an_independent_officer(world):
    procurement = published_tender(world)
    assert procurement.is_published and procurement.status == ProcurementStatus.OPEN
    pairs = set(procurement.key_shares.values_list("outer__email", "inner__email"))
    assert pairs == {(world.carl.email, world.ada.email), (world.ada.email, world.carl.email)}
    with pytest.raises(ValidationError, match="amendment"):
        services.lot_create(by=world.alice, procurement=procurement, title="Central", estimated_value=Decimal(1))


def _all_database_bytes() -> bytes:
    """Everything in every table, as a dump would hold it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the database itself)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    chunks.append(value if isinstance(value, bytes) else str(value).encode())
    return b"\n".join(chunks)


def _all_data_directory_bytes() -> bytes:
    chunks = []
    for folder, _, files in os.walk(settings.DATA_DIR):
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                chunks.append(handle.read())
    return b"\n".join(chunks)


def test_a_bid_cannot_be_read_from_a_database_dump_or_the_data_directory_before_opening(world):
    procurement = published_tender(world)
    lot = procurement.lots.first()
    document = services.BidDocument("method.txt", f"Our method statement {MARKER}".encode())
    bid = bid_for(world.pam, procurement, lot, answers=answers_for(procurement, lot, MARKER), documents=[document])
    assert bid.receipt.startswith(procurement.reference) and len(bid.sha256) == 64
    marker = MARKER.encode()
    assert marker not in _all_database_bytes()
    assert marker not in _all_data_directory_bytes()
    assert b"5500000" not in _all_database_bytes()  # the price is sealed too
    # After the deadline two officers open it, and then the buyer reads it.
    deadline_passes(procurement)
    services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    result = services.opening_act(by=world.ada, procurement=procurement, passphrase=PASSPHRASES["ada"])
    assert result.finished and result.opened == 1
    bid.refresh_from_db()
    assert bid.status == BidStatus.OPENED and bid.price == Decimal("5500000")
    assert MARKER in next(iter(bid.answers.values()))
    assert services.opened_document_path(bid, 0).read_bytes() == document.content


def test_no_one_can_open_before_the_deadline_and_one_officer_alone_cannot_open(world):
    procurement = published_tender(world)
    bid_for(world.pam, procurement)
    with pytest.raises(ValidationError, match="before the deadline"):
        services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    deadline_passes(procurement)
    with pytest.raises(PermissionDenied):
        services.opening_act(by=world.alice, procurement=procurement, passphrase="anything at all here")
    with pytest.raises(ValidationError, match="passphrase"):
        services.opening_act(by=world.ada, procurement=procurement, passphrase="not my passphrase at all")
    first = services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    again = services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    assert not first.finished and not again.finished  # the same officer twice is still one officer
    assert Bid.objects.get().opened_at is None
    assert len(_refusals(procurement, "opening")) == 3


def test_a_late_bid_a_wrong_lot_and_a_bad_file_are_refused_and_logged(world):
    procurement = published_tender(world)
    other = published_tender(world, title="Another tender")
    lot = procurement.lots.first()
    with pytest.raises(ValidationError, match="lot"):
        bid_for(world.pam, procurement, other.lots.first(), answers=answers_for(procurement, lot))
    bad = services.BidDocument("virus.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError, match=r"virus\.exe"):
        bid_for(world.pam, procurement, lot, documents=[bad])
    fake = services.BidDocument("accounts.pdf", b"not a pdf")
    with pytest.raises(ValidationError, match="not the kind of file"):
        bid_for(world.pam, procurement, lot, documents=[fake])
    with pytest.raises(ValidationError, match="Answer question"):
        bid_for(world.pam, procurement, lot, answers={})
    deadline_passes(procurement)
    with pytest.raises(ValidationError, match="deadline for bids has passed"):
        bid_for(world.pam, procurement, lot)
    assert not Bid.objects.exists()
    assert len(_refusals(procurement, "bid submitted")) == 5


def test_a_bidder_replaces_or_withdraws_its_bid_until_the_deadline(world):
    procurement = published_tender(world)
    first = bid_for(world.pam, procurement)
    second = bid_for(world.pam, procurement, price=Decimal("5400000"))
    first.refresh_from_db()
    assert first.status == BidStatus.REPLACED and second.status == BidStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.bid_withdraw(by=world.pete, bid=second)
    services.bid_withdraw(by=world.pam, bid=second)
    mine = bid_for(world.pete, procurement)
    deadline_passes(procurement)
    with pytest.raises(ValidationError, match="deadline"):
        services.bid_withdraw(by=world.pete, bid=mine)
    services.opening_act(by=world.ada, procurement=procurement, passphrase=PASSPHRASES["ada"])
    result = services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    assert result.opened == 1  # only Pete's bid: Pam's first was replaced, her second withdrawn


def test_an_amendment_asks_bidders_to_confirm_their_bids(world):
    procurement = published_tender(world)
    bid = bid_for(world.pam, procurement)
    later = timezone.now() + datetime.timedelta(days=40)
    services.amendment_make(by=world.alice, procurement=procurement, summary="Visits from 6am", new_deadline=later)
    procurement.refresh_from_db()
    assert procurement.deadline == later
    bid.refresh_from_db()
    assert bid.confirmed_amendment == 0
    services.bid_confirm(by=world.pam, bid=bid)
    bid.refresh_from_db()
    assert bid.confirmed_amendment == 1


def test_a_tampered_bid_stops_the_opening(world):
    procurement = published_tender(world)
    bid = bid_for(world.pam, procurement)
    path = services.bids_dir("sealed") / bid.stored_as
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    deadline_passes(procurement)
    services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    with pytest.raises(sealing.BidTampered):
        services.opening_act(by=world.ada, procurement=procurement, passphrase=PASSPHRASES["ada"])
    procurement.refresh_from_db()
    assert procurement.status == ProcurementStatus.OPEN
    assert _refusals(procurement, "opening")


def test_two_bids_swapped_in_the_database_stop_the_opening(world):
    """Someone able to write to the database swaps two bids wholesale (file, sealed key and hash):
    each is bound to who sent it, so neither opens as the other."""
    procurement = published_tender(world)
    pams, petes = bid_for(world.pam, procurement, price=Decimal(5_000_000)), bid_for(world.pete, procurement)
    swapped = ("stored_as", "sealed_key", "sha256", "size")
    Bid.objects.filter(pk=pams.pk).update(**{field: getattr(petes, field) for field in swapped})
    Bid.objects.filter(pk=petes.pk).update(**{field: getattr(pams, field) for field in swapped})
    deadline_passes(procurement)
    services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    with pytest.raises(sealing.BidTampered, match="sent by another supplier"):
        services.opening_act(by=world.ada, procurement=procurement, passphrase=PASSPHRASES["ada"])
    assert Bid.objects.filter(status="opened").count() == 0


def test_clarifications_are_published_without_the_askers_name(world):
    procurement = published_tender(world)
    question = services.clarification_ask(by=world.pam, procurement=procurement, question="Is travel time paid?")
    services.clarification_answer(
        by=world.alice, clarification=question, answer="Yes, at the contract rate", question="Is travel time paid?"
    )
    seen_by_pete = list(clarification_list(user=world.pete, procurement=procurement))
    assert [c.answer for c in seen_by_pete] == ["Yes, at the contract rate"]
    unanswered = services.clarification_ask(by=world.pete, procurement=procurement, question="Can we subcontract?")
    assert unanswered not in list(clarification_list(user=world.pam, procurement=procurement))
    with pytest.raises(PermissionDenied):
        services.clarification_ask(by=world.alice, procurement=procurement, question="Hmm?")


def test_the_log_names_no_bidder_until_the_bids_are_opened(world, client_for):
    procurement = published_tender(world)
    bid_for(world.pam, procurement)
    with pytest.raises(ValidationError):
        bid_for(world.pam, procurement, price=Decimal(0))
    page = client_for(world.alice).get(procurement.get_absolute_url()).content.decode()
    assert "Bid received" in page and world.pam.full_name not in page and world.provider_a.name not in page


def test_a_tender_is_never_shortened_and_a_terminated_one_never_published(world):
    procurement = published_tender(world)
    with pytest.raises(ValidationError, match="more time, never less"):
        services.amendment_make(
            by=world.alice, procurement=procurement, summary="Sooner",
            new_deadline=procurement.deadline - datetime.timedelta(days=1),
        )  # fmt: skip
    draft = tender_ready(world, title="Another")
    services.procurement_terminate(by=world.alice, procurement=draft, reason="No longer needed")
    with pytest.raises(ValidationError, match="cannot be published"):
        services.tender_publish(by=world.alice, procurement=draft)


def test_an_opening_stopped_by_a_tampered_bid_leaves_nothing_opened_on_disk(world):
    procurement = published_tender(world)
    bid_for(world.pam, procurement)
    tampered = bid_for(world.pete, procurement)
    path = services.bids_dir("sealed") / tampered.stored_as
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    deadline_passes(procurement)
    services.opening_act(by=world.carl, procurement=procurement, passphrase=PASSPHRASES["carl"])
    with pytest.raises(sealing.BidTampered):
        services.opening_act(by=world.ada, procurement=procurement, passphrase=PASSPHRASES["ada"])
    assert not any(services.bids_dir("opened").iterdir())


def test_files_no_bid_refers_to_are_swept_once_old_enough(world):
    procurement = published_tender(world)
    bid = bid_for(world.pam, procurement)
    orphan = services.bids_dir("sealed") / "left-behind-by-a-rollback"
    orphan.write_bytes(b"sealed")
    fresh = services.bids_dir("sealed") / "being-stored-now"
    fresh.write_bytes(b"sealed")
    old = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(orphan, (old, old))
    os.utime(services.bids_dir("sealed") / bid.stored_as, (old, old))
    out = io.StringIO()
    call_command("sweep_bid_files", "--dry-run", stdout=out)
    assert "Would delete 1" in out.getvalue() and orphan.exists()
    call_command("sweep_bid_files", stdout=io.StringIO())
    assert not orphan.exists() and fresh.exists() and (services.bids_dir("sealed") / bid.stored_as).exists()
