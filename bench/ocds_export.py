"""The streamed OCDS release package writer (`procurement.ocds_stream.write_release_package`, what
the export command and the API response use) against `json.dump` of the same package held as one
dict (the releases in a list), with the same compact separators, for 100,000 UK tender releases.

Both write the same bytes to a temporary file (checked). `json.dump` streams through the
pure-Python `iterencode` (many small writes), so for reference the fastest all-in-memory way is
timed too: `json.dumps` (the C encoder, the whole 200 MB text in memory) and one write. Then the
writer's peak memory (tracemalloc) fed from a generator, for 10,000 and for 100,000 releases: it
should not grow with the count.
For scale, what 10,000 releases cost held in a list, as the one-dict baseline needs them.

No Django: the writer and the schema module are framework-free.
"""

from __future__ import annotations

import gc
import json
import os
import random
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from bench.common import interleaved, ratio, report
from commissioning.procurement.ocds_schema import validate_package
from commissioning.procurement.ocds_stream import vendored_extensions, write_release_package

PREFIX = "ocds-h6vhtk-"
METADATA = {
    "uri": "https://example.gov.uk/ocds/release-packages/all.json",
    "published_date": "2026-03-01T09:00:00Z",
    "publisher": {"name": "Hampshire County Council", "scheme": "GB-PPON", "uid": "PBHM-7586-PWLP"},
    "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "publication_policy": "https://example.gov.uk/open-contracting",
    "extensions": vendored_extensions(),
}
CPV = [
    ("85311000", "Social work services with accommodation"),
    ("85312000", "Social work services without accommodation"),
    ("85311200", "Welfare services for the handicapped"),
    ("85320000", "Social services"),
]
SERVICES = ["Home care", "Supported living", "Day opportunities", "Extra care housing", "Reablement"]
AREAS = ["North", "South", "East", "West", "Central", "Coastal"]


def _release(number: int, rng: random.Random) -> dict:
    """A UK4 tender notice: buyer party, two lots, CPV items, value with amountGross, tender
    period and the notice document with its noticeType. Every one different."""
    ocid = f"{PREFIX}{number:06x}"
    notice = f"{number % 1_000_000:06d}-2026"
    buyer = f"GB-PPON-PB{number % 97:02d}-{number % 9973:04d}-XQ"
    service = SERVICES[number % len(SERVICES)]
    areas = rng.sample(AREAS, 2)
    lot_values = [rng.randrange(50_000, 5_000_000, 1000) for _ in areas]
    total = sum(lot_values)
    day = 1 + number % 28
    lots, items = [], []
    for index, (area, value) in enumerate(zip(areas, lot_values, strict=True), start=1):
        code, label = CPV[(number + index) % len(CPV)]
        lots.append(
            {
                "id": str(index),
                "title": f"{service}, {area}",
                "description": f"{service} for adults in the {area.lower()} of the county, lot {index}.",
                "status": "active",
                "value": {"amount": value, "amountGross": value * 6 // 5, "currency": "GBP"},
                "contractPeriod": {"startDate": "2026-09-01T00:00:00Z", "endDate": "2030-08-31T23:59:59Z"},
            }
        )
        items.append(
            {
                "id": str(index),
                "description": f"{service} ({area})",
                "relatedLot": str(index),
                "classification": {"scheme": "CPV", "id": code, "description": label},
            }
        )
    return {
        "ocid": ocid,
        "id": notice,
        "date": f"2026-03-{day:02d}T09:{number % 60:02d}:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {
                "id": buyer,
                "name": f"Council {number % 97}",
                "identifier": {"scheme": "GB-PPON", "id": buyer.removeprefix("GB-PPON-")},
                "address": {"locality": "Winchester", "postalCode": "SO23 8UJ", "country": "GB", "region": "UKJ36"},
                "roles": ["buyer"],
                "details": {"classifications": [{"scheme": "UK_CA_TYPE", "id": "publicAuthoritySubCentralGovernment"}]},
            }
        ],
        "buyer": {"id": buyer, "name": f"Council {number % 97}"},
        "tender": {
            "id": ocid,
            "title": f"{service} {2026 + number % 3}",
            "description": f"Open procedure under the light-touch regime for {service.lower()}, in two lots.",
            "status": "active",
            "procurementMethod": "open",
            "mainProcurementCategory": "services",
            "specialRegime": ["lightTouch"],
            "aboveThreshold": total * 6 // 5 >= 663_540,
            "value": {"amount": total, "amountGross": total * 6 // 5, "currency": "GBP"},
            "tenderPeriod": {"startDate": f"2026-03-{day:02d}T09:00:00Z", "endDate": "2026-04-30T12:00:00Z"},
            "lots": lots,
            "items": items,
            "documents": [
                {
                    "id": notice,
                    "documentType": "tenderNotice",
                    "noticeType": "UK4",
                    "description": "Tender notice on Find a Tender",
                    "url": f"https://www.find-tender.service.gov.uk/Notice/{notice}",
                    "datePublished": f"2026-03-{day:02d}T09:00:00Z",
                    "format": "text/html",
                }
            ],
        },
    }


def _releases(count: int) -> Iterator[dict]:
    rng = random.Random(2026)
    for number in range(1, count + 1):
        yield _release(number, rng)


def _package(releases: list[dict]) -> dict:
    """The same package as the writer's, as one dict, keys in the same order."""
    return {
        "uri": METADATA["uri"],
        "publishedDate": METADATA["published_date"],
        "publisher": METADATA["publisher"],
        "license": METADATA["license"],
        "publicationPolicy": METADATA["publication_policy"],
        "version": "1.1",
        "extensions": METADATA["extensions"],
        "releases": releases,
    }


def _peak_streaming(count: int, path: Path) -> int:
    """Peak bytes traced while writing `count` releases made one at a time by a generator."""
    gc.collect()
    tracemalloc.start()
    try:
        with path.open("w", encoding="utf-8") as target:
            written = write_release_package(target, _releases(count), **METADATA)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == count
    return peak


def _held_in_a_list(count: int) -> int:
    """Bytes traced for `count` releases held in a list, as the one-dict baseline needs them."""
    gc.collect()
    tracemalloc.start()
    try:
        releases = list(_releases(count))
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del releases
    return current


def _timings(count: int, directory: Path) -> dict:
    """Streamed writer vs json.dump of the one dict, interleaved; the same bytes checked."""
    releases = list(_releases(count))  # built once, outside the timings
    package = _package(releases)
    problems = validate_package(_package(releases[:200]), ocid_prefix=PREFIX)
    assert problems == [], problems[:5]
    streamed, dumped = directory / "streamed.json", directory / "dumped.json"

    def stream() -> int:
        with streamed.open("w", encoding="utf-8") as target:
            return write_release_package(target, iter(releases), **METADATA)

    def dump() -> int:
        with dumped.open("w", encoding="utf-8") as target:
            json.dump(package, target, separators=(",", ":"))
        return len(package["releases"])

    def dumps() -> int:
        with dumped_at_once.open("w", encoding="utf-8") as target:
            target.write(json.dumps(package, separators=(",", ":")))
        return len(package["releases"])

    dumped_at_once = directory / "dumped_at_once.json"
    seconds, results = interleaved({"stream": stream, "json.dump": dump, "json.dumps": dumps}, repeat=3, warmup=0)
    assert results["stream"] == results["json.dump"] == results["json.dumps"] == count
    size = streamed.stat().st_size
    assert streamed.read_bytes() == dumped.read_bytes() == dumped_at_once.read_bytes(), "different output"
    for path in (streamed, dumped, dumped_at_once):
        path.unlink()
    return {
        "releases": count,
        "package size, MB": round(size / 1e6, 1),
        "bytes per release": size // count,
        "sample of 200 releases valid (OCDS 1.1.5 + UK extension)": True,
        "same bytes as json.dump and json.dumps": True,
        "write_release_package, seconds (median of 3, to a temp file)": round(seconds["stream"], 3),
        "json.dump of the package dict, seconds (baseline, median of 3)": round(seconds["json.dump"], 3),
        "ratio streamed / json.dump (goal: within 2x)": ratio(seconds["stream"], seconds["json.dump"]),
        "for reference: json.dumps in memory + one write, seconds (median of 3)": round(seconds["json.dumps"], 3),
        "ratio streamed / json.dumps in memory": ratio(seconds["stream"], seconds["json.dumps"]),
        "streamed releases per second": round(count / seconds["stream"]),
    }


def main() -> dict:
    directory = Path(tempfile.mkdtemp(prefix="commissioning-bench-ocds-"))
    figures = _timings(100_000, directory)
    gc.collect()
    path = directory / "peak.json"
    peak_10k = _peak_streaming(10_000, path)
    peak_100k = _peak_streaming(100_000, path)
    held_10k = _held_in_a_list(10_000)
    path.unlink()
    os.rmdir(directory)
    mib = 1024 * 1024
    figures |= {
        "streamed peak memory, 10,000 releases from a generator, MiB (tracemalloc)": round(peak_10k / mib, 2),
        "streamed peak memory, 100,000 releases from a generator, MiB (tracemalloc)": round(peak_100k / mib, 2),
        "peak ratio 100k / 10k (flat: about 1)": ratio(peak_100k, peak_10k),
        "for scale: 10,000 releases held in a list, MiB (tracemalloc)": round(held_10k / mib, 1),
    }
    report("ocds_export", figures)
    return figures


if __name__ == "__main__":
    main()
