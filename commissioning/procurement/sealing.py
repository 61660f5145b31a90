"""Sealed tender bids: nobody can read a bid before the opening, whoever they are.

For a council's security reviewer, in plain words:

* Every opening officer has a key pair of their own. The private half is stored only locked with
  their passphrase (Argon2id turns the passphrase into a key; XSalsa20-Poly1305, libsodium's
  secretbox, locks the private key with it). The passphrase itself is never stored.
* Every tender gets a key pair when it is published. Its private half is never stored as it is:
  for every pair of named officers in which at least one is independent of the evaluation panel,
  it is sealed to one officer's public key and that again to the other's, so only the two acting
  together can unwrap it. Pairs drawn only from the panel get nothing, so the panel cannot open
  bids without someone independent.
* Every bid is encrypted, as it is uploaded, under a random key of its own (libsodium's
  secretstream, XChaCha20-Poly1305, in 64 KiB chunks, the last marked final so that a cut-off
  file is noticed), and that key is sealed to the tender's public key. The bidder's receipt
  carries the SHA-256 of what they sent, which is checked again at opening.

What someone holding a database dump or the data directory (a superuser, a backup, a thief) can
do: nothing but read sealed boxes. They hold no private key in the clear, and each officer's is
protected by a passphrase only that officer knows, slowed by Argon2id against guessing. They can
see sizes, dates and who bid. They can damage a bid, which opening reports, or delete one.

What they cannot do: read a bid, or open one with the help of a single officer. Two officers,
one of them independent, each unlocking their own key, can open the bids of a tender; the
application refuses to do that before the deadline and logs who did it and when. This module is
only the cryptography (libsodium, through PyNaCl; nothing hand-made): it knows nothing of
deadlines, users or the database, so that it can be tested and reviewed on its own. So the
deadline rests on the application and on the officers: two of them (one independent) who
collude, with a copy of the database, could open bids early outside the application.

Limits worth knowing: Python cannot reliably wipe keys from memory once used; a running server
that has been taken over can see keys as officers unlock them; and someone who can write to the
database could swap two bids of one tender wholesale (file, sealed key and digest together): they
open cleanly under each other's names, which only the bidders' own receipts would reveal.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import struct
import unicodedata
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from typing import BinaryIO

import nacl.utils
from nacl import bindings as _sodium
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox

# libsodium's secretstream, under shorter names.
_ABYTES = _sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_HEADERBYTES = _sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_TAG_MESSAGE = _sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = _sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_keygen = _sodium.crypto_secretstream_xchacha20poly1305_keygen
_State = _sodium.crypto_secretstream_xchacha20poly1305_state
_init_push = _sodium.crypto_secretstream_xchacha20poly1305_init_push
_init_pull = _sodium.crypto_secretstream_xchacha20poly1305_init_pull
_push = _sodium.crypto_secretstream_xchacha20poly1305_push
_pull = _sodium.crypto_secretstream_xchacha20poly1305_pull

__all__ = [
    "MIN_PASSPHRASE_LENGTH",
    "BidTampered",
    "Officer",
    "OfficerKey",
    "QuorumNotMet",
    "SealedBid",
    "SealingError",
    "TenderKey",
    "WrongPassphrase",
    "bid_open",
    "bid_seal",
    "officer_key_change_passphrase",
    "officer_key_create",
    "officer_key_unlock",
    "passphrase_problem",
    "sha256_file",
    "tender_key_create",
    "tender_key_recover",
]


class SealingError(Exception):
    """Anything that stops a key being made or unlocked or a bid being sealed or opened."""


class WrongPassphrase(SealingError):
    """The passphrase does not unlock the officer's key."""


class QuorumNotMet(SealingError):
    """Too few officers, or none independent, or no share of the tender's key for them."""


class BidTampered(SealingError):
    """The sealed bid was altered, cut short or is not the one the receipt describes."""


MIN_PASSPHRASE_LENGTH = 12

# Locked officer keys: version, Argon2id limits and salt, then the secretbox (nonce and all).
# The limits travel with the blob so that keys locked with other limits still unlock.
_LOCK_VERSION = 1
_LOCK_HEADER = struct.Struct(f">BQQ{argon2id.SALTBYTES}s")
# Checked on unlocking too: a damaged or forged blob must not make the server spend gigabytes
# of memory or minutes of work on one attempt.
_OPSLIMIT_RANGE = (argon2id.OPSLIMIT_MIN, argon2id.OPSLIMIT_SENSITIVE)
_MEMLIMIT_RANGE = (argon2id.MEMLIMIT_MIN, argon2id.MEMLIMIT_SENSITIVE)

# Sealed bid files: a format marker, the secretstream header, then chunks. The chunk size is
# part of the format (opening reads whole chunks), so changing it needs a new marker.
_BID_FORMAT_UNBOUND = b"SBID\x01"  # before bids were bound to who sent them, and for what
_BID_FORMAT = b"SBID\x02"
_CHUNK = 64 * 1024


def _normalised(passphrase: str) -> bytes:
    # The same passphrase typed on another keyboard or system can arrive in another Unicode form.
    return unicodedata.normalize("NFC", passphrase).encode()


def passphrase_problem(passphrase: str) -> str | None:
    """What is wrong with a new passphrase, in plain English, or None: it alone guards the key."""
    characters = unicodedata.normalize("NFC", passphrase)
    if len(characters) < MIN_PASSPHRASE_LENGTH:
        return f"The passphrase must be at least {MIN_PASSPHRASE_LENGTH} characters long."
    if len(set(characters)) == 1:
        return "The passphrase must not be one character repeated."
    return None


def _check_limits(opslimit: int, memlimit: int) -> None:
    if not _OPSLIMIT_RANGE[0] <= opslimit <= _OPSLIMIT_RANGE[1]:
        raise SealingError(f"The Argon2id operations limit {opslimit} is outside {_OPSLIMIT_RANGE}.")
    if not _MEMLIMIT_RANGE[0] <= memlimit <= _MEMLIMIT_RANGE[1]:
        raise SealingError(f"The Argon2id memory limit {memlimit} is outside {_MEMLIMIT_RANGE}.")


def _lock(private_key: PrivateKey, passphrase: str, opslimit: int, memlimit: int) -> bytes:
    _check_limits(opslimit, memlimit)
    salt = nacl.utils.random(argon2id.SALTBYTES)
    key = argon2id.kdf(SecretBox.KEY_SIZE, _normalised(passphrase), salt, opslimit=opslimit, memlimit=memlimit)
    box = SecretBox(key).encrypt(bytes(private_key))
    return _LOCK_HEADER.pack(_LOCK_VERSION, opslimit, memlimit, salt) + bytes(box)


@dataclass(frozen=True)
class OfficerKey:
    """An officer's public key, and the private key locked with their passphrase (safe to store)."""

    public_key: bytes
    locked_private_key: bytes


def officer_key_create(
    passphrase: str,
    *,
    opslimit: int = argon2id.OPSLIMIT_INTERACTIVE,
    memlimit: int = argon2id.MEMLIMIT_INTERACTIVE,
) -> OfficerKey:
    """A new key pair for an opening officer, the private half locked with their passphrase.

    Production may pass argon2id.OPSLIMIT_MODERATE and MEMLIMIT_MODERATE (slower guessing, 256 MiB
    a derivation); tests pass the minimums to stay fast."""
    if problem := passphrase_problem(passphrase):
        raise SealingError(problem)
    private_key = PrivateKey.generate()
    return OfficerKey(bytes(private_key.public_key), _lock(private_key, passphrase, opslimit, memlimit))


def _unlock(locked_private_key: bytes, passphrase: str) -> tuple[PrivateKey, int, int]:
    if len(locked_private_key) < _LOCK_HEADER.size or locked_private_key[0] != _LOCK_VERSION:
        raise SealingError("The stored officer key is not in a format this version can read.")
    _, opslimit, memlimit, salt = _LOCK_HEADER.unpack_from(locked_private_key)
    _check_limits(opslimit, memlimit)
    key = argon2id.kdf(SecretBox.KEY_SIZE, _normalised(passphrase), salt, opslimit=opslimit, memlimit=memlimit)
    try:
        private_key = SecretBox(key).decrypt(locked_private_key[_LOCK_HEADER.size :])
    except CryptoError:
        # Also what an altered blob gives: the two cannot be told apart, by design.
        raise WrongPassphrase("The passphrase is wrong (or the stored key has been altered).") from None
    return PrivateKey(private_key), opslimit, memlimit


def officer_key_unlock(locked_private_key: bytes, passphrase: str) -> PrivateKey:
    """The officer's private key, unlocked with their passphrase for the opening only."""
    return _unlock(locked_private_key, passphrase)[0]


def officer_key_change_passphrase(
    locked_private_key: bytes,
    old: str,
    new: str,
    *,
    opslimit: int | None = None,
    memlimit: int | None = None,
) -> bytes:
    """The same private key locked with a new passphrase, so the tender shares made for the
    officer stay valid. Keeps the stored Argon2id limits unless new ones are given."""
    if problem := passphrase_problem(new):
        raise SealingError(problem)
    private_key, stored_opslimit, stored_memlimit = _unlock(locked_private_key, old)
    return _lock(
        private_key,
        new,
        stored_opslimit if opslimit is None else opslimit,
        stored_memlimit if memlimit is None else memlimit,
    )


@dataclass(frozen=True)
class Officer:
    """A named opening officer; independent means not on the tender's evaluation panel."""

    ref: str
    public_key: bytes
    independent: bool


@dataclass(frozen=True)
class TenderKey:
    """A tender's public key, and its private key wrapped for each allowed pair of officers,
    keyed by (a, b) with a < b. Safe to store: no private key is kept in the clear."""

    public_key: bytes
    shares: dict[tuple[str, str], bytes]


def tender_key_create(officers: Sequence[Officer]) -> TenderKey:
    """A key pair for a tender at publication; the private half exists only inside the shares."""
    if len(officers) < 2:
        raise SealingError("A tender needs at least two opening officers.")
    if not any(officer.independent for officer in officers):
        raise SealingError("At least one opening officer must be independent of the evaluation panel.")
    refs = [officer.ref for officer in officers]
    if len(set(refs)) != len(refs) or not all(refs):
        raise SealingError("Each opening officer needs a reference of their own.")
    # Two records with one key would let one person open the bids alone.
    if len({officer.public_key for officer in officers}) != len(officers):
        raise SealingError("Two opening officers have the same key; each must have their own.")
    try:
        boxes = {officer.ref: SealedBox(PublicKey(officer.public_key)) for officer in officers}
    except CryptoError:
        raise SealingError("An opening officer's public key is not a valid key.") from None
    independent = {officer.ref for officer in officers if officer.independent}
    private_key = PrivateKey.generate()
    secret = bytes(private_key)
    # Both orders of each pair, so that either officer can act first and on their own (see
    # share_peel): the first removes the outer layer, which leaves a box only the other can open.
    shares = {
        (inner, outer): boxes[outer].encrypt(boxes[inner].encrypt(secret))
        for inner, outer in itertools.permutations(sorted(refs), 2)
        if inner in independent or outer in independent
    }
    return TenderKey(bytes(private_key.public_key), shares)


def share_peel(share: bytes, outer_private_key: PrivateKey) -> bytes:
    """The first officer's step: remove their layer from a share sealed to them on the outside.
    What is left is still sealed to the second officer, so it can be kept until they act."""
    try:
        return SealedBox(outer_private_key).decrypt(share)
    except CryptoError:
        raise SealingError("This piece of the tender's key is not sealed to your opening key.") from None


def share_finish(peeled: bytes, inner_private_key: PrivateKey) -> PrivateKey:
    """The second officer's step: open what the first left, giving the tender's private key."""
    try:
        return PrivateKey(SealedBox(inner_private_key).decrypt(peeled))
    except CryptoError:
        raise SealingError("This piece of the tender's key is not sealed to your opening key.") from None


def tender_key_recover(
    shares: Mapping[tuple[str, str], bytes],
    unlocked: Mapping[str, PrivateKey],
    independent: Set[str],
) -> PrivateKey:
    """The tender's private key, from two distinct officers' unlocked keys (one independent)."""
    if len(unlocked) < 2:
        raise QuorumNotMet("Two different opening officers must unlock their keys to open the bids.")
    if not independent & unlocked.keys():
        raise QuorumNotMet("At least one officer opening the bids must be independent of the evaluation panel.")
    failed = []
    for first, second in itertools.combinations(sorted(unlocked), 2):
        if first not in independent and second not in independent:
            continue
        # share(x, y) is sealed to x inside y; stored under (a, b) with a < b, but read either way.
        for inner, outer in ((first, second), (second, first)):
            share = shares.get((inner, outer))
            if share is None:
                continue
            try:
                secret = SealedBox(unlocked[inner]).decrypt(SealedBox(unlocked[outer]).decrypt(share))
                return PrivateKey(secret)
            except CryptoError:
                failed.append(f"{first} and {second}")
    if failed:
        raise SealingError(
            f"The tender's key share for {', '.join(failed)} does not open with their keys: a key has "
            "been replaced since the tender was published, or the share is damaged."
        )
    raise QuorumNotMet("These officers together hold no share of this tender's key.")


@dataclass(frozen=True)
class SealedBid:
    """What to store beside the sealed file: the content key sealed to the tender, and the
    plaintext's SHA-256 (the bidder's receipt) and size."""

    sealed_key: bytes
    sha256: str
    size: int


def _read_full(source: BinaryIO, size: int) -> bytes:
    """Exactly `size` bytes unless the end comes first: raw files and pipes may return fewer,
    and opening relies on whole chunks."""
    data = source.read(size)
    if len(data) == size or not data:
        return data
    parts = [data]
    missing = size - len(data)
    while missing and (more := source.read(missing)):
        parts.append(more)
        missing -= len(more)
    return b"".join(parts)


def bid_seal(tender_public_key: bytes, source: BinaryIO, target: BinaryIO, *, bound_to: bytes = b"") -> SealedBid:
    """Encrypt a bid from `source` into `target` as it arrives, in constant memory, so that it is
    never written anywhere in the clear. `bound_to` (who sent it, for which tender and lot) is
    authenticated with every chunk: the bid opens only as that bid, so one cannot be passed off
    as another by swapping files and keys in the database."""
    content_key = _keygen()
    state = _State()
    target.write(_BID_FORMAT + _init_push(state, content_key))
    digest = hashlib.sha256()
    size = 0
    chunk = _read_full(source, _CHUNK)
    while True:
        # Read one chunk ahead: the last chunk (empty for an empty bid) must be tagged final.
        following = _read_full(source, _CHUNK) if len(chunk) == _CHUNK else b""
        tag = _TAG_MESSAGE if following else _TAG_FINAL
        digest.update(chunk)
        size += len(chunk)
        target.write(_push(state, chunk, bound_to or None, tag=tag))
        if not following:
            break
        chunk = following
    sealed_key = SealedBox(PublicKey(tender_public_key)).encrypt(content_key)
    return SealedBid(sealed_key, digest.hexdigest(), size)


def bid_open(
    tender_private_key: PrivateKey,
    sealed_key: bytes,
    source: BinaryIO,
    target: BinaryIO,
    *,
    expected_sha256: str,
    bound_to: bytes = b"",
) -> int:
    """Decrypt a sealed bid from `source` into `target` and return its size, checking that it is
    whole, unaltered and the one the receipt describes. On BidTampered, `target` holds unchecked
    partial output: discard it."""
    try:
        expected = bytes.fromhex(expected_sha256)
    except ValueError:
        expected = b""
    if len(expected) != hashlib.sha256().digest_size:
        raise SealingError("The expected SHA-256 is not 64 hexadecimal characters.")
    try:
        content_key = SealedBox(tender_private_key).decrypt(sealed_key)
    except CryptoError:
        raise BidTampered(
            "The bid's key does not open with this tender's key: it was altered or belongs elsewhere."
        ) from None
    form = _read_full(source, len(_BID_FORMAT))
    if form not in (_BID_FORMAT, _BID_FORMAT_UNBOUND):
        raise BidTampered("The file is not a sealed bid, or its start has been altered.")
    ad = (bound_to or None) if form == _BID_FORMAT else None
    header = _read_full(source, _HEADERBYTES)
    if len(header) != _HEADERBYTES:
        raise BidTampered("The sealed bid is cut short: its header is incomplete.")
    state = _State()
    _init_pull(state, header, content_key)
    digest = hashlib.sha256()
    size = 0
    while True:
        chunk = _read_full(source, _CHUNK + _ABYTES)
        if len(chunk) < _ABYTES:
            raise BidTampered("The sealed bid is cut short: its final part is missing.")
        try:
            plaintext, tag = _pull(state, chunk, ad)
        except CryptoError:
            if size == 0 and ad is not None:
                raise BidTampered(
                    "The sealed bid does not open as this bid: it was sent by another supplier or for another "
                    "tender or lot, or it has been altered."
                ) from None
            raise BidTampered(f"The sealed bid has been altered (at about byte {size:,} of the bid).") from None
        # Only these two are ever written; any other is not ours (and could not be forged).
        if tag not in (_TAG_MESSAGE, _TAG_FINAL):
            raise BidTampered("The sealed bid has an unexpected marker in it.")
        digest.update(plaintext)
        size += len(plaintext)
        target.write(plaintext)
        if tag == _TAG_FINAL:
            break
    if source.read(1):
        raise BidTampered("The sealed bid has data added after its end.")
    if not hmac.compare_digest(digest.digest(), expected):
        raise BidTampered("The opened bid does not match the SHA-256 on its receipt.")
    return size


def sha256_file(source: BinaryIO) -> str:
    """The SHA-256 of a file, read in chunks, as on a bid's receipt (hexadecimal)."""
    return hashlib.file_digest(source, "sha256").hexdigest()
