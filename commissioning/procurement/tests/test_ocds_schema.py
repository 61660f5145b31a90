"""OCDS 1.1.5 + UK extension validation and the streamed release package writer. No database.

The official worked examples are read from the shared data folder (they are not vendored into the
app); those tests are skipped where it is absent."""

from __future__ import annotations

import copy
import io
import json
import socket
from pathlib import Path

import pytest

from commissioning.procurement import ocds_schema, ocds_stream
from commissioning.procurement.ocds_schema import merge_patch, validate_package
from commissioning.procurement.ocds_stream import iter_release_package, write_release_package

EXAMPLES = Path("/work/shared/data/ocds/examples-1.1.5")
EXAMPLE_NAMES = [
    "planning",
    "tender",
    "tenderAmendment",
    "tenderUpdate",
    "award",
    "contract",
    "contractAmendment",
    "implementation",
]
PREFIX = "ocds-h6vhtk-"
BUYER = "GB-PPON-PBHM-7586-PWLP"
METADATA = {
    "uri": "https://example.gov.uk/ocds/release-packages/2026-03-01.json",
    "published_date": "2026-03-01T09:00:00Z",
    "publisher": {"name": "Hampshire County Council", "scheme": "GB-PPON", "uid": "PBHM-7586-PWLP"},
    "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "publication_policy": "https://example.gov.uk/open-contracting",
    "extensions": ocds_stream.vendored_extensions(),
}


def uk_tender_release(number: int = 1) -> dict:
    """A UK4 tender notice as we mean to publish it: buyer party, two lots, CPV items, gross value."""
    ocid = f"{PREFIX}{number:06x}"
    return {
        "ocid": ocid,
        "id": f"{number:06d}-2026",
        "date": "2026-03-01T09:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {
                "id": BUYER,
                "name": "Hampshire County Council",
                "identifier": {"scheme": "GB-PPON", "id": "PBHM-7586-PWLP"},
                "roles": ["buyer", "procuringEntity"],
                "details": {"classifications": [{"scheme": "UK_CA_TYPE", "id": "publicAuthoritySubCentralGovernment"}]},
            }
        ],
        "buyer": {"id": BUYER, "name": "Hampshire County Council"},
        "tender": {
            "id": ocid,
            "title": "Home care, North and South",
            "status": "active",
            "procuringEntity": {"id": BUYER, "name": "Hampshire County Council"},
            "procurementMethod": "open",
            "mainProcurementCategory": "services",
            "specialRegime": ["lightTouch"],
            "aboveThreshold": True,
            "value": {"amount": 1_000_000, "amountGross": 1_200_000, "currency": "GBP"},
            "tenderPeriod": {"startDate": "2026-03-01T09:00:00Z", "endDate": "2026-04-01T12:00:00Z"},
            "lots": [
                {"id": "1", "title": "North", "status": "active", "value": {"amount": 500_000, "currency": "GBP"}},
                {"id": "2", "title": "South", "status": "active", "value": {"amount": 500_000, "currency": "GBP"}},
            ],
            "items": [
                {
                    "id": "1",
                    "relatedLot": "1",
                    "classification": {"scheme": "CPV", "id": "85312000", "description": "Social work services"},
                },
                {
                    "id": "2",
                    "relatedLot": "2",
                    "classification": {"scheme": "CPV", "id": "85312000", "description": "Social work services"},
                },
            ],
            "documents": [
                {
                    "id": f"{number:06d}-2026",
                    "documentType": "tenderNotice",
                    "noticeType": "UK4",
                    "url": f"https://www.find-tender.service.gov.uk/Notice/{number:06d}-2026",
                    "datePublished": "2026-03-01T09:00:00Z",
                    "format": "text/html",
                }
            ],
        },
    }


def package_of(*releases: dict) -> dict:
    """The package dict `write_release_package` would write for these releases."""
    return json.loads(write_to_string(list(releases)))


def write_to_string(releases: list[dict]) -> str:
    target = io.StringIO()
    write_release_package(target, iter(releases), **METADATA)
    return target.getvalue()


# --- the schema -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_official_examples_validate(name: str) -> None:
    path = EXAMPLES / f"{name}.json"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    package = json.loads(path.read_text(encoding="utf-8"))
    assert validate_package(package, ocid_prefix="ocds-213czf-") == []


def test_uk_release_validates() -> None:
    assert validate_package(package_of(uk_tender_release(1), uk_tender_release(2)), ocid_prefix=PREFIX) == []


def test_the_patched_schema_has_the_uk_and_lots_fields() -> None:
    definitions = ocds_schema.release_schema()["definitions"]
    assert definitions["Award"]["properties"]["standstillPeriod"]["$ref"] == "#/definitions/Period"
    assert "amountGross" in definitions["Value"]["properties"]
    assert "noticeType" in definitions["Document"]["properties"]
    assert "lots" in definitions["Tender"]["properties"]
    items = ocds_schema.package_schema()["properties"]["releases"]["items"]
    assert "standstillPeriod" in items["definitions"]["Award"]["properties"]


def test_public_schemas_are_copies() -> None:
    ocds_schema.release_schema()["definitions"].clear()
    assert ocds_schema.release_schema()["definitions"]


def test_uk_fields_of_the_wrong_type_are_reported_with_their_path() -> None:
    release = uk_tender_release()
    release["tag"] = ["award"]
    release["awards"] = [{"id": "1", "status": "pending", "standstillPeriod": "8 working days"}]
    release["tender"]["value"]["amountGross"] = "1200000"
    problems = validate_package(package_of(release), ocid_prefix=PREFIX)
    assert problems == [
        "releases/0/awards/0/standstillPeriod: '8 working days' is not of type 'object'",
        "releases/0/tender/value/amountGross: '1200000' is not of type 'number', 'null'",
    ]


def test_closed_codelists_are_enforced() -> None:
    release = uk_tender_release()
    release["tag"] = ["whatever"]
    release["tender"]["status"] = "nearly"
    release["tender"]["lots"][1]["status"] = "sort of"
    release["tender"]["techniques"] = {"frameworkAgreement": {"type": "ajar"}}
    assert validate_package(package_of(release)) == [
        "releases/0/tag/0: 'whatever' is not a code of the closed codelist releaseTag.csv",
        "releases/0/tender/lots/1/status: 'sort of' is not a code of the closed codelist tenderStatus.csv",
        "releases/0/tender/status: 'nearly' is not a code of the closed codelist tenderStatus.csv",
        "releases/0/tender/techniques/frameworkAgreement/type: 'ajar' is not a code of the closed codelist "
        "dynamicPurchasingSystemType.csv",
    ]


def test_open_codelists_accept_new_codes_and_extensions_add_theirs() -> None:
    codelists = ocds_schema.codelists()
    assert {"marketEngagementNotice", "implementationNotice"} <= codelists["documentType.csv"]  # +documentType.csv
    assert "tenderNotice" in codelists["documentType.csv"]  # the core codes are kept
    assert "removedSupplier" in codelists["partyRole.csv"]
    assert codelists["penaltyType.csv"] == {"contracted", "imposed", "negotiated"}
    release = uk_tender_release()
    release["tender"]["documents"][0]["documentType"] = "somethingLocal"  # documentType is open
    assert validate_package(package_of(release)) == []


def test_missing_party_references_are_reported() -> None:
    release = uk_tender_release()
    release["buyer"]["id"] = "GB-PPON-NOBODY"
    release["tender"]["tenderers"] = [{"id": "GB-COH-00000001", "name": "Care Co"}]
    release["awards"] = [{"id": "1", "suppliers": [{"id": "GB-COH-00000002", "name": "Other Care"}]}]
    problems = validate_package(package_of(release))
    assert problems == [
        "releases/0/awards/0/suppliers/0/id: 'GB-COH-00000002' is not the id of any entry in parties",
        "releases/0/buyer/id: 'GB-PPON-NOBODY' is not the id of any entry in parties",
        "releases/0/tender/tenderers/0/id: 'GB-COH-00000001' is not the id of any entry in parties",
    ]
    release["tender"]["procuringEntity"]["id"] = "GB-PPON-ELSEWHERE"
    assert "releases/0/tender/procuringEntity/id: 'GB-PPON-ELSEWHERE' is not the id of any entry in parties" in (
        validate_package(package_of(release))
    )


def test_ocid_prefix_and_duplicate_release_ids() -> None:
    first, second, third = uk_tender_release(1), uk_tender_release(1), uk_tender_release(2)
    second["date"] = "2026-03-02T09:00:00Z"  # same ocid and id, different content
    third["ocid"] = "ocds-b5fd17-000002"
    assert validate_package(package_of(first, second, third), ocid_prefix=PREFIX) == [
        "releases/1/id: release id '000001-2026' is used twice for ocid 'ocds-h6vhtk-000001' (also releases/0/id)",
        "releases/2/ocid: 'ocds-b5fd17-000002' does not start with the ocid prefix 'ocds-h6vhtk-'",
    ]
    # The same release id under another ocid is fine.
    third["ocid"], third["id"] = f"{PREFIX}000002", first["id"]
    assert validate_package(package_of(first, third), ocid_prefix=PREFIX) == []


def test_formats_are_checked() -> None:
    release = uk_tender_release()
    release["date"] = "2026-02-30T09:00:00Z"
    release["tender"]["tenderPeriod"]["endDate"] = "2026-04-01"  # no time, no offset
    release["tender"]["documents"][0]["url"] = "find-tender notice 1"
    package = package_of(release)
    package["publishedDate"] = "2026-03-01T09:00:00"  # no offset
    assert validate_package(package) == [
        "publishedDate: '2026-03-01T09:00:00' is not a 'date-time'",
        "releases/0/date: '2026-02-30T09:00:00Z' is not a 'date-time'",
        "releases/0/tender/documents/0/url: 'find-tender notice 1' is not a 'uri'",
        "releases/0/tender/tenderPeriod/endDate: '2026-04-01' is not a 'date-time'",
    ]
    assert ocds_schema._is_date_time("2026-12-31T23:59:60.5+01:00")
    assert ocds_schema._is_uri("https://example.com/a%20b?q=1#x")
    assert not ocds_schema._is_uri("https://example.com/a%2")


def test_package_level_problems() -> None:
    package = package_of(uk_tender_release())
    del package["publisher"]
    package["releases"].append(copy.deepcopy(package["releases"][0]))
    problems = validate_package(package)
    assert "(root): 'publisher' is a required property" in problems
    assert "releases: has non-unique elements" in problems  # the whole list is not quoted back


def test_validation_never_uses_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    ocds_schema._validator.cache_clear()
    assert validate_package(package_of(uk_tender_release())) == []


def test_merge_patch_follows_rfc_7386() -> None:
    # Appendix A of RFC 7386, a selection.
    assert merge_patch({"a": "b"}, {"a": "c"}) == {"a": "c"}
    assert merge_patch({"a": "b"}, {"a": None}) == {}
    assert merge_patch({"a": "b", "b": "c"}, {"a": None}) == {"b": "c"}
    assert merge_patch({"a": ["b"]}, {"a": "c"}) == {"a": "c"}
    assert merge_patch({"a": [{"b": "c"}]}, {"a": [1]}) == {"a": [1]}
    assert merge_patch({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}) == {"a": {"b": "d"}}
    assert merge_patch({"e": None}, {"a": 1}) == {"e": None, "a": 1}
    assert merge_patch([1, 2], {"a": "b", "c": None}) == {"a": "b"}
    assert merge_patch({}, {"a": {"bb": {"ccc": None}}}) == {"a": {"bb": {}}}
    target = {"a": {"b": 1}}
    merge_patch(target, {"a": {"b": 2}})
    assert target == {"a": {"b": 1}}  # not modified


# --- the streamed writer --------------------------------------------------------------------------


def test_streamed_package_round_trips_and_validates() -> None:
    releases = [uk_tender_release(number) for number in (1, 2, 3)]
    target = io.StringIO()
    count = write_release_package(target, (release for release in releases), **METADATA)
    assert count == 3
    package = json.loads(target.getvalue())
    assert package["releases"] == releases
    assert package["version"] == "1.1"
    assert package["extensions"] == ocds_stream.vendored_extensions()
    assert validate_package(package, ocid_prefix=PREFIX) == []
    # Byte for byte what json.dumps gives for the whole package held in memory.
    assert target.getvalue() == json.dumps(package, separators=(",", ":"))


def test_chunks_join_to_the_written_package() -> None:
    releases = [uk_tender_release(number) for number in range(1, 120)]  # more than one 64 KiB chunk
    chunks = list(iter_release_package(iter(releases), **METADATA))
    assert len(chunks) > 1
    assert all(isinstance(chunk, str) and chunk for chunk in chunks)
    assert "".join(chunks) == write_to_string(releases)


def test_an_empty_package_is_refused_before_anything_is_written() -> None:
    target = io.StringIO()
    with pytest.raises(ValueError, match="at least one release"):
        write_release_package(target, iter(()), **METADATA)
    assert target.getvalue() == ""
    with pytest.raises(ValueError, match="at least one release"):
        next(iter_release_package([], **METADATA))


def test_extension_lists() -> None:
    assert len(ocds_stream.UK_EXTENSIONS) == 10
    assert (
        ocds_stream.UK_EXTENSIONS[8]
        == "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
    )
    pinned = ocds_stream.vendored_extensions()
    assert pinned[-1].startswith("https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/aa0e43b")
    assert "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json" in (
        ocds_stream.vendored_extensions(pinned=False)
    )
    for extension in ocds_schema.EXTENSIONS:  # every declared extension is vendored
        assert (ocds_schema.DATA / extension.name / "release-schema.json").exists()
