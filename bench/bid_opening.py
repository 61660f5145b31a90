"""Opening a tender's sealed bids (`procurement.sealing`: recover the tender's key with two
officers, then `bid_open` every bid, checking its SHA-256 against the receipt) against PyNaCl
used directly on the same files (unseal the content key, run the secretstream pull loop, write
the plaintext out; no checks beyond libsodium's own, no hashing).

200 bids of 5 MB of random bytes are sealed once, outside the timing, into a temporary
directory. Both write the plaintext to /dev/null, so what is timed is the reading, decryption and
(for the product) the checks, not the disk. Officers unlock their keys outside the timing too
(Argon2id, timed on its own): it is done once per opening, whatever the number of bids.
No Django: the sealing module needs none.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from nacl import bindings as b
from nacl.public import PrivateKey, SealedBox

from bench.common import interleaved, ratio, report
from commissioning.procurement import sealing

BIDS = 200
BID_BYTES = 5 * 1000 * 1000
CHUNK = 64 * 1024
FORMAT = b"SBID\x02"  # the sealed file's marker, which the baseline skips


def _bound_to(index: int) -> bytes:
    """What each bid is bound to, as the service binds it (supplier, tender, lot and receipt)."""
    return f"commissioning-bid|1|1|{index}|BENCH-{index:03d}".encode()


PASSPHRASES = {"panel-ann": "ann's long passphrase", "audit-cat": "cat's long passphrase"}
INDEPENDENT = {"audit-cat"}


def _seal_all(directory: Path) -> tuple[sealing.TenderKey, dict, list[tuple[Path, sealing.SealedBid]]]:
    keys = {ref: sealing.officer_key_create(passphrase) for ref, passphrase in PASSPHRASES.items()}
    tender = sealing.tender_key_create(
        [sealing.Officer(ref, key.public_key, ref in INDEPENDENT) for ref, key in keys.items()]
    )
    bids = []
    for index in range(BIDS):
        path = directory / f"bid-{index:03d}.sealed"
        plain = directory / "plain"
        plain.write_bytes(os.urandom(BID_BYTES))
        with plain.open("rb") as source, path.open("wb") as target:
            bids.append((path, sealing.bid_seal(tender.public_key, source, target, bound_to=_bound_to(index))))
        plain.unlink()
    return tender, keys, bids


def _product(tender: sealing.TenderKey, unlocked: dict, bids: list) -> int:
    key = sealing.tender_key_recover(tender.shares, unlocked, INDEPENDENT)
    total = 0
    with open(os.devnull, "wb") as sink:
        for index, (path, bid) in enumerate(bids):
            with path.open("rb") as source:
                total += sealing.bid_open(
                    key, bid.sealed_key, source, sink, expected_sha256=bid.sha256, bound_to=_bound_to(index)
                )
    return total


def _raw(tender_private_key: PrivateKey, bids: list) -> int:
    """PyNaCl directly: the content key, then pull chunk after chunk until the final tag."""
    box = SealedBox(tender_private_key)
    total = 0
    with open(os.devnull, "wb") as sink:
        for index, (path, bid) in enumerate(bids):
            content_key = box.decrypt(bid.sealed_key)
            with path.open("rb") as source:
                source.seek(len(FORMAT))
                state = b.crypto_secretstream_xchacha20poly1305_state()
                header = source.read(b.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
                b.crypto_secretstream_xchacha20poly1305_init_pull(state, header, content_key)
                tag = None
                while tag != b.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
                    chunk = source.read(CHUNK + b.crypto_secretstream_xchacha20poly1305_ABYTES)
                    plaintext, tag = b.crypto_secretstream_xchacha20poly1305_pull(state, chunk, _bound_to(index))
                    sink.write(plaintext)
                    total += len(plaintext)
    return total


def _peak_traced(function) -> int:
    """Peak bytes Python allocated while `function` ran (untimed: tracing slows it down)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> dict:
    directory = Path(tempfile.mkdtemp(prefix="commissioning-bench-bids-"))
    try:
        started = time.perf_counter()
        tender, keys, bids = _seal_all(directory)
        sealing_seconds = time.perf_counter() - started

        started = time.perf_counter()
        unlocked = {ref: sealing.officer_key_unlock(keys[ref].locked_private_key, PASSPHRASES[ref]) for ref in keys}
        unlock_seconds = (time.perf_counter() - started) / len(keys)
        tender_private_key = sealing.tender_key_recover(tender.shares, unlocked, INDEPENDENT)

        seconds, results = interleaved(
            {"product": lambda: _product(tender, unlocked, bids), "raw": lambda: _raw(tender_private_key, bids)},
            repeat=3,
        )
        assert results["product"] == results["raw"] == BIDS * BID_BYTES, "different plaintext sizes"

        peak_one = _peak_traced(lambda: _product(tender, unlocked, bids[:1]))
        peak_all = _peak_traced(lambda: _product(tender, unlocked, bids))
        megabytes = BIDS * BID_BYTES / 1e6
        figures = {
            "bids": BIDS,
            "bid size, MB": BID_BYTES / 1e6,
            "sealing all bids, seconds (once, untimed set-up)": round(sealing_seconds, 2),
            "unlocking one officer's key, seconds (Argon2id, default limits; outside the timing)": round(
                unlock_seconds, 3
            ),
            "product: recover tender key + bid_open all with SHA-256 check, seconds (median of 3)": round(
                seconds["product"], 3
            ),
            "raw PyNaCl: unseal key + secretstream pull, no hashing, seconds (baseline)": round(seconds["raw"], 3),
            "ratio product / raw PyNaCl (goal: within 2x)": ratio(seconds["product"], seconds["raw"]),
            "product throughput, MB/s": round(megabytes / seconds["product"]),
            "peak Python memory opening 1 bid (5 MB), KiB": round(peak_one / 1024),
            f"peak Python memory opening {BIDS} bids ({megabytes:,.0f} MB), KiB": round(peak_all / 1024),
            "peak resident memory of the whole process, MiB": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            ),
        }
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    report("bid_opening", figures)
    return figures


if __name__ == "__main__":
    main()
