"""Sealed bids: what officers, bidders and auditors rely on. No database: the module is pure
cryptography. Argon2id runs at its minimum limits here to keep the tests fast."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from nacl.pwhash import argon2id

from commissioning.procurement import sealing
from commissioning.procurement.sealing import (
    BidTampered,
    Officer,
    QuorumNotMet,
    SealingError,
    WrongPassphrase,
)

CHEAP = {"opslimit": argon2id.OPSLIMIT_MIN, "memlimit": argon2id.MEMLIMIT_MIN}
CHUNK = 64 * 1024
MARKER = b"ACME-CARE-PRICE-PER-HOUR-23.45"

# Two on the evaluation panel, one independent of it.
PASSPHRASES = {
    "panel-ann": "ann's long passphrase",
    "panel-bob": "bob's long passphrase",
    "audit-cat": "cat's long passphrase",
}
INDEPENDENT = {"audit-cat"}


@pytest.fixture(scope="module")
def officer_keys() -> dict[str, sealing.OfficerKey]:
    return {ref: sealing.officer_key_create(passphrase, **CHEAP) for ref, passphrase in PASSPHRASES.items()}


@pytest.fixture(scope="module")
def tender(officer_keys) -> sealing.TenderKey:
    return sealing.tender_key_create(
        [Officer(ref, key.public_key, ref in INDEPENDENT) for ref, key in officer_keys.items()]
    )


def unlock(officer_keys, *refs: str) -> dict:
    return {ref: sealing.officer_key_unlock(officer_keys[ref].locked_private_key, PASSPHRASES[ref]) for ref in refs}


def seal(tender, plaintext: bytes) -> tuple[sealing.SealedBid, bytes]:
    target = io.BytesIO()
    bid = sealing.bid_seal(tender.public_key, io.BytesIO(plaintext), target)
    return bid, target.getvalue()


def open_bid(tender, officer_keys, bid, sealed: bytes, *, refs=("panel-ann", "audit-cat"), sha256=None) -> bytes:
    key = sealing.tender_key_recover(tender.shares, unlock(officer_keys, *refs), INDEPENDENT)
    target = io.BytesIO()
    size = sealing.bid_open(key, bid.sealed_key, io.BytesIO(sealed), target, expected_sha256=sha256 or bid.sha256)
    assert size == len(target.getvalue())
    return target.getvalue()


def test_nothing_stored_reveals_a_bid_or_a_private_key(officer_keys, tender):
    plaintext = os.urandom(3 * CHUNK) + MARKER + os.urandom(CHUNK)
    bid, sealed = seal(tender, plaintext)
    assert MARKER not in sealed and MARKER not in bid.sealed_key
    assert bid.sha256 == hashlib.sha256(plaintext).hexdigest()  # the receipt matches what was sent
    tender_private = bytes(
        sealing.tender_key_recover(tender.shares, unlock(officer_keys, "panel-ann", "audit-cat"), INDEPENDENT)
    )
    for share in tender.shares.values():
        assert tender_private not in share
    for ref, key in officer_keys.items():
        private = bytes(sealing.officer_key_unlock(key.locked_private_key, PASSPHRASES[ref]))
        assert private not in key.locked_private_key
        assert PASSPHRASES[ref].encode() not in key.locked_private_key


def test_a_marker_in_the_passphrase_is_not_in_the_stored_key():
    key = sealing.officer_key_create(f"my {MARKER.decode()} phrase", **CHEAP)
    assert MARKER not in key.locked_private_key


def test_large_bid_opens_unchanged(officer_keys, tender):
    plaintext = os.urandom(4 * CHUNK + 12345) + MARKER
    bid, sealed = seal(tender, plaintext)
    assert bid.size == len(plaintext)
    assert open_bid(tender, officer_keys, bid, sealed) == plaintext


@pytest.mark.parametrize("size", [0, 1, CHUNK, 2 * CHUNK])
def test_empty_small_and_exact_chunk_bids_open_unchanged(officer_keys, tender, size):
    plaintext = os.urandom(size)
    bid, sealed = seal(tender, plaintext)
    assert bid.size == size
    assert open_bid(tender, officer_keys, bid, sealed) == plaintext


def test_sha256_file_gives_the_receipt_digest(tender):
    plaintext = os.urandom(CHUNK + 7)
    bid, _ = seal(tender, plaintext)
    assert sealing.sha256_file(io.BytesIO(plaintext)) == bid.sha256


@pytest.mark.parametrize("refs", [("panel-ann", "audit-cat"), ("audit-cat", "panel-ann"), ("audit-cat", "panel-bob")])
def test_two_officers_one_independent_open_in_either_order(officer_keys, tender, refs):
    bid, sealed = seal(tender, MARKER)
    assert open_bid(tender, officer_keys, bid, sealed, refs=refs) == MARKER


def test_more_than_two_officers_present_can_still_open(officer_keys, tender):
    bid, sealed = seal(tender, MARKER)
    assert open_bid(tender, officer_keys, bid, sealed, refs=tuple(PASSPHRASES)) == MARKER


@pytest.mark.parametrize("refs", [("audit-cat",), ("panel-ann",), ()])
def test_one_officer_alone_cannot_open(officer_keys, tender, refs):
    with pytest.raises(QuorumNotMet, match="Two different"):
        sealing.tender_key_recover(tender.shares, unlock(officer_keys, *refs), INDEPENDENT)


def test_two_panel_members_without_an_independent_officer_cannot_open(officer_keys, tender):
    with pytest.raises(QuorumNotMet, match="independent"):
        sealing.tender_key_recover(tender.shares, unlock(officer_keys, "panel-ann", "panel-bob"), INDEPENDENT)
    # Even if the caller wrongly called one of them independent, there is no share for them.
    with pytest.raises(QuorumNotMet, match="no share"):
        sealing.tender_key_recover(tender.shares, unlock(officer_keys, "panel-ann", "panel-bob"), {"panel-ann"})


def test_an_officer_whose_key_was_replaced_cannot_open(officer_keys, tender):
    unlocked = unlock(officer_keys, "panel-ann")
    unlocked["audit-cat"] = sealing.officer_key_unlock(
        sealing.officer_key_create(PASSPHRASES["audit-cat"], **CHEAP).locked_private_key, PASSPHRASES["audit-cat"]
    )
    with pytest.raises(SealingError, match="does not open"):
        sealing.tender_key_recover(tender.shares, unlocked, INDEPENDENT)


def test_three_officers_one_independent_get_exactly_the_two_pairs_with_them(tender):
    """Each pair in both orders (either may act first); none for the two panel members alone."""
    assert set(tender.shares) == {
        ("audit-cat", "panel-ann"),
        ("panel-ann", "audit-cat"),
        ("audit-cat", "panel-bob"),
        ("panel-bob", "audit-cat"),
    }


@pytest.mark.parametrize("first, second", [("audit-cat", "panel-ann"), ("panel-bob", "audit-cat")])
def test_officers_can_act_one_after_the_other(officer_keys, tender, first, second):
    """The first officer's step leaves a box only the second can open; together they open bids."""
    sealed, target = io.BytesIO(), io.BytesIO()
    receipt = sealing.bid_seal(tender.public_key, io.BytesIO(b"MARKER-bid"), sealed)
    first_key, second_key = (unlock(officer_keys, ref)[ref] for ref in (first, second))
    peeled = sealing.share_peel(tender.shares[(second, first)], first_key)
    with pytest.raises(SealingError):
        sealing.share_finish(peeled, first_key)  # the first officer alone gets nowhere
    tender_key = sealing.share_finish(peeled, second_key)
    sealed.seek(0)
    sealing.bid_open(tender_key, receipt.sealed_key, sealed, target, expected_sha256=receipt.sha256)
    assert target.getvalue() == b"MARKER-bid"


def test_a_tender_needs_two_officers_one_of_them_independent(officer_keys):
    ann, bob, cat = (Officer(ref, officer_keys[ref].public_key, ref in INDEPENDENT) for ref in PASSPHRASES)
    with pytest.raises(SealingError, match="at least two"):
        sealing.tender_key_create([cat])
    with pytest.raises(SealingError, match="independent"):
        sealing.tender_key_create([ann, bob])
    with pytest.raises(SealingError, match="same key"):
        sealing.tender_key_create([cat, Officer("panel-dan", cat.public_key, False)])


def test_wrong_passphrase_is_refused(officer_keys):
    with pytest.raises(WrongPassphrase):
        sealing.officer_key_unlock(officer_keys["audit-cat"].locked_private_key, PASSPHRASES["panel-ann"])


def test_the_unlock_uses_the_limits_the_key_was_locked_with():
    # Locked at minimum limits; unlocking must not assume the (slower, different) defaults.
    key = sealing.officer_key_create("a long enough phrase", **CHEAP)
    private = sealing.officer_key_unlock(key.locked_private_key, "a long enough phrase")
    assert bytes(private.public_key) == key.public_key


def test_a_damaged_locked_key_is_refused():
    key = sealing.officer_key_create("a long enough phrase", **CHEAP)
    with pytest.raises(SealingError, match="format"):
        sealing.officer_key_unlock(b"\x09" + key.locked_private_key[1:], "a long enough phrase")
    flipped = bytearray(key.locked_private_key)
    flipped[-1] ^= 1
    with pytest.raises(WrongPassphrase, match="altered"):
        sealing.officer_key_unlock(bytes(flipped), "a long enough phrase")


def test_a_changed_bid_byte_is_detected(officer_keys, tender):
    plaintext = os.urandom(2 * CHUNK) + MARKER
    bid, sealed = seal(tender, plaintext)
    for position in (10, len(sealed) // 2, len(sealed) - 1):  # header, middle chunk, final tag
        tampered = bytearray(sealed)
        tampered[position] ^= 0x01
        with pytest.raises(BidTampered):
            open_bid(tender, officer_keys, bid, bytes(tampered))


def test_a_cut_short_bid_is_detected(officer_keys, tender):
    bid, sealed = seal(tender, os.urandom(3 * CHUNK + 100))
    header = len(sealed) - 4 * 17 - 3 * CHUNK - 100
    # Cut exactly after the third chunk: every remaining chunk is genuine, but the final one is gone.
    with pytest.raises(BidTampered, match="cut short"):
        open_bid(tender, officer_keys, bid, sealed[: header + 3 * (CHUNK + 17)])
    with pytest.raises(BidTampered):
        open_bid(tender, officer_keys, bid, sealed[:-50])
    with pytest.raises(BidTampered, match="cut short"):
        open_bid(tender, officer_keys, bid, sealed[:10])


def test_data_added_after_the_end_is_detected(officer_keys, tender):
    bid, sealed = seal(tender, MARKER)
    with pytest.raises(BidTampered):  # read with the final chunk, so that chunk no longer verifies
        open_bid(tender, officer_keys, bid, sealed + b"extra")
    bid, sealed = seal(tender, os.urandom(CHUNK))
    with pytest.raises(BidTampered, match="added after"):
        open_bid(tender, officer_keys, bid, sealed + b"extra")


def test_a_bid_that_does_not_match_its_receipt_is_detected(officer_keys, tender):
    bid, sealed = seal(tender, MARKER)
    with pytest.raises(BidTampered, match="receipt"):
        open_bid(tender, officer_keys, bid, sealed, sha256=hashlib.sha256(b"another bid").hexdigest())
    with pytest.raises(SealingError, match="64 hexadecimal"):
        open_bid(tender, officer_keys, bid, sealed, sha256="not a digest")


def test_a_bid_sealed_for_another_tender_does_not_open(officer_keys, tender):
    other = sealing.tender_key_create(
        [Officer(ref, key.public_key, ref in INDEPENDENT) for ref, key in officer_keys.items()]
    )
    bid, sealed = seal(other, MARKER)
    with pytest.raises(BidTampered, match="this tender's key"):
        open_bid(tender, officer_keys, bid, sealed)


@pytest.mark.parametrize(
    ("passphrase", "problem"),
    [
        ("short", "at least 12"),
        ("a" * 40, "one character"),
        (" " * 12, "one character"),
        ("correct horse", None),
        ("ünïcödé-pässphrase", None),
    ],
)
def test_passphrase_rules(passphrase, problem):
    found = sealing.passphrase_problem(passphrase)
    assert (found is None) if problem is None else (problem in found)
    if problem:
        with pytest.raises(SealingError, match=problem):
            sealing.officer_key_create(passphrase, **CHEAP)


def test_the_same_passphrase_typed_in_another_unicode_form_unlocks():
    composed, decomposed = "caf\u00e9 au lait ok", "cafe\u0301 au lait ok"
    key = sealing.officer_key_create(composed, **CHEAP)
    assert bytes(sealing.officer_key_unlock(key.locked_private_key, decomposed).public_key) == key.public_key


def test_changing_the_passphrase_keeps_the_key_and_retires_the_old_one(officer_keys, tender):
    old = officer_keys["audit-cat"].locked_private_key
    new = sealing.officer_key_change_passphrase(old, PASSPHRASES["audit-cat"], "a brand new passphrase")
    private = sealing.officer_key_unlock(new, "a brand new passphrase")
    assert bytes(private.public_key) == officer_keys["audit-cat"].public_key
    with pytest.raises(WrongPassphrase):
        sealing.officer_key_unlock(new, PASSPHRASES["audit-cat"])
    # The shares made before the change still open with the re-locked key.
    unlocked = {**unlock(officer_keys, "panel-ann"), "audit-cat": private}
    bid, sealed = seal(tender, MARKER)
    target = io.BytesIO()
    key = sealing.tender_key_recover(tender.shares, unlocked, INDEPENDENT)
    sealing.bid_open(key, bid.sealed_key, io.BytesIO(sealed), target, expected_sha256=bid.sha256)
    assert target.getvalue() == MARKER
    with pytest.raises(WrongPassphrase):
        sealing.officer_key_change_passphrase(old, "not the passphrase", "another new passphrase")
    with pytest.raises(SealingError, match="at least 12"):
        sealing.officer_key_change_passphrase(old, PASSPHRASES["audit-cat"], "short")


class Trickle(io.RawIOBase):
    """A source that returns at most a few bytes a read, as pipes and sockets may."""

    def __init__(self, data: bytes):
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_bids_arriving_in_small_reads_seal_and_open(officer_keys, tender):
    plaintext = os.urandom(2 * CHUNK + 5)
    target = io.BytesIO()
    bid = sealing.bid_seal(tender.public_key, Trickle(plaintext), target)
    key = sealing.tender_key_recover(tender.shares, unlock(officer_keys, "panel-bob", "audit-cat"), INDEPENDENT)
    opened = io.BytesIO()
    sealing.bid_open(key, bid.sealed_key, Trickle(target.getvalue()), opened, expected_sha256=bid.sha256)
    assert opened.getvalue() == plaintext


def test_a_bid_bound_to_its_sender_opens_only_as_that_bid(tender, officer_keys):
    sealed = io.BytesIO()
    bid = sealing.bid_seal(tender.public_key, io.BytesIO(MARKER), sealed, bound_to=b"bid|1|1|7|R-1")
    key = sealing.tender_key_recover(tender.shares, unlock(officer_keys, "panel-ann", "audit-cat"), INDEPENDENT)
    opened = io.BytesIO()
    sealing.bid_open(key, bid.sealed_key, io.BytesIO(sealed.getvalue()), opened, expected_sha256=bid.sha256,
                     bound_to=b"bid|1|1|7|R-1")  # fmt: skip
    assert opened.getvalue() == MARKER
    with pytest.raises(BidTampered, match="sent by another supplier"):
        sealing.bid_open(key, bid.sealed_key, io.BytesIO(sealed.getvalue()), io.BytesIO(),
                         expected_sha256=bid.sha256, bound_to=b"bid|1|1|8|R-1")  # fmt: skip
