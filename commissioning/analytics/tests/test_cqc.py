"""Reading CQC files without a database: each layout into LocationRecords, every bad value named."""

from __future__ import annotations

import datetime
import json

import pytest

from commissioning.analytics.cqc.reader import parse_cqc_file
from commissioning.analytics.cqc.records import LocationRecord
from commissioning.analytics.problems import ImportRejected

HSCA_HEADER = (
    "Location ID,Location Name,Care home?,Care homes beds,Location Local Authority,Location Latest Overall Rating,"
    "Publication Date,Location Postal Code,Provider ID,Provider Name,Provider Companies House Number,"
    "Provider Charity Number,Provider Type/Sector,Service type - Care home service with nursing,"
    "Service user band - Dementia\n"
)


def test_an_hsca_row_is_read_in_our_terms():
    row = "1-101641521,Oak House,Y,64,Trafford,Requires improvement,14/03/2024,m320th,1-102643189,Oak Care Ltd,"
    parsed = parse_cqc_file("hsca.csv", (HSCA_HEADER + row + "1234567,,Social Care Org,Y,Y\n").encode())
    assert parsed.file_format == "hsca"
    assert parsed.records == [
        LocationRecord(
            line=2,
            location_id="1-101641521",
            name="Oak House",
            provider_id="1-102643189",
            provider_name="Oak Care Ltd",
            ownership_type="private",
            companies_house_number="01234567",  # the leading zero a spreadsheet dropped
            service_codes=["nursing"],
            cqc_service_types=["care home service with nursing"],
            client_group_codes=["older_people"],
            specialisms=["dementia"],
            is_care_home=True,
            beds=64,
            postcode="M32 0TH",
            local_authority_name="Trafford",
            ratings={"overall": "requires_improvement"},
            rating_published_on=datetime.date(2024, 3, 14),
        )
    ]


def test_a_bad_file_is_rejected_whole_with_every_problem_located():
    rows = (
        "1-101641521,Oak House,Y,64,Trafford,Brilliant,,M32 0TH,1-102643189,Oak Care Ltd,,,,,\n"
        "1-101641521,Elm House,Maybe,-4,Trafford,Good,,NOT A CODE,1-102643189,Elm Care Ltd,,,,,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        parse_cqc_file("bad.csv", (HSCA_HEADER + rows).encode())
    assert [str(problem) for problem in rejected.value.problems] == [
        "bad.csv, line 2, column Location Latest Overall Rating: 'Brilliant' is not a CQC rating "
        "(Outstanding, Good, Requires improvement, Inadequate or Not rated)",
        "bad.csv, line 3, column Care home?: 'Maybe' is not Y or N",
        "bad.csv, line 3, column Care homes beds: '-4' is not a whole number of zero or more",
        "bad.csv, line 3, column Location Postal Code: 'NOT A CODE' is not a postcode",
        "bad.csv, line 3, column location id: 1-101641521 appears twice (first at line 2)",
        "bad.csv, line 3, column provider name: provider 1-102643189 is 'Elm Care Ltd' here but 'Oak Care Ltd' "
        "at line 2",
    ]


def test_the_directory_is_found_below_its_title_rows():
    text = (
        "Care directory with filters\n\n"
        "Name,Address,Postcode,Phone number,Service types,Specialisms/services,Provider name,Local authority,"
        "CQC Location ID (for office use only),CQC Provider ID (for office use only)\n"
        '"Oak House\x00","1 Oak Road, Sale",M33 7XX,1619620000,Homecare agencies|Supported living,'
        "Learning disabilities,Oak Care Ltd,Trafford,1-555555555,1-666666666\n"
    )
    parsed = parse_cqc_file("directory.csv", text.encode())
    assert parsed.file_format == "directory"
    [record] = parsed.records
    assert (record.line, record.name, record.telephone) == (4, "Oak House", "01619620000")
    assert (record.service_codes, record.client_group_codes) == (
        ["homecare", "supported_living"],
        ["learning_disability"],
    )
    assert not record.is_care_home


def test_an_extract_with_a_malformed_area_code_is_read_with_a_note():
    text = (
        "name,cqc_id,type,address,postcode,provider,area_name,area_code,lat,lon\n"
        "Oak House,1-555555555,Nursing homes,1 Oak Road,WA15 6SQ,Oak Care Ltd,Trafford,E0800009,53.3991,-2.3\n"
    )
    parsed = parse_cqc_file("extract.csv", text.encode())
    assert parsed.file_format == "extract"
    assert parsed.notes == ["area_code 'E0800009' is not a GSS code; the area name was used instead"]
    [record] = parsed.records
    assert (record.local_authority_code, record.is_care_home, record.latitude) == ("", True, 53.3991)


def test_api_records_bring_key_questions_past_ratings_and_deregistration():
    record = {
        "locationId": "1-100000007",
        "providerId": "1-200000007",
        "name": "Home 7",
        "registrationStatus": "Deregistered",
        "deregistrationDate": "2026-10-01",
        "currentRatings": {
            "overall": {
                "rating": "Good",
                "reportDate": "2025-06-02",
                "keyQuestionRatings": [{"name": "Well-led", "rating": "Inadequate"}],
            }
        },
        "historicRatings": [{"reportDate": "2022-01-10", "overall": {"rating": "Outstanding"}}],
    }
    parsed = parse_cqc_file("locations.json", json.dumps({"locations": [record]}).encode())
    assert parsed.file_format == "api"
    [read] = parsed.records
    assert read.ratings == {"overall": "good", "well_led": "inadequate"}
    assert read.rating_published_on == datetime.date(2025, 6, 2)
    assert read.historic_ratings == [(datetime.date(2022, 1, 10), {"overall": "outstanding"})]
    assert (read.registration_status, read.deregistered_on) == ("deregistered", datetime.date(2026, 10, 1))


def test_api_problems_name_the_record_and_field():
    bad = [{"locationId": "1-100000001", "providerId": "1-200000001", "name": "A", "numberOfBeds": "lots"}, 5]
    with pytest.raises(ImportRejected) as rejected:
        parse_cqc_file("api.json", json.dumps(bad).encode())
    assert [str(problem) for problem in rejected.value.problems] == [
        "api.json, column 1-100000001 numberOfBeds: 'lots' is not a whole number",
        "api.json, column record 2: is not a JSON object",
    ]


def test_a_file_of_no_known_layout_is_named_as_such():
    with pytest.raises(ImportRejected) as rejected:
        parse_cqc_file("other.csv", b"a,b\n1,2\n")
    assert str(rejected.value.problems[0]).startswith("other.csv, line 1: is not a CQC file this service reads")
    with pytest.raises(ValueError, match="not a CQC file layout"):
        parse_cqc_file("other.csv", b"a,b\n1,2\n", "spreadsheet")
