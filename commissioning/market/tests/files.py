"""Build CQC files in their published layouts, for tests and the import benchmark."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

# The HSCA active locations sheet's columns that the import reads, in CQC's order and
# spelling, plus a sample of the one-hot service type and user band columns.
HSCA_COLUMNS = [
    "Location ID",
    "Location ODS Code",
    "Location Name",
    "Location HSCA start date",
    "Dormant (Y/N)",
    "Care home?",
    "Location Type/Sector",
    "Location Inspection Directorate",
    "Location Primary Inspection Category",
    "Location Region",
    "Location Local Authority",
    "Location Telephone Number",
    "Location Web Address",
    "Care homes beds",
    "Location Latest Overall Rating",
    "Publication Date",
    "Location Street Address",
    "Location Address Line 2",
    "Location City",
    "Location County",
    "Location Postal Code",
    "Location Latitude",
    "Location Longitude",
    "Brand ID",
    "Brand Name",
    "Service type - Care home service with nursing",
    "Service type - Care home service without nursing",
    "Service type - Domiciliary care service",
    "Service type - Supported living service",
    "Service user band - Dementia",
    "Service user band - Older People",
    "Service user band - Learning disabilities or autistic spectrum disorder",
    "Service user band - Mental Health",
    "Service user band - Physical Disability",
    "Provider ID",
    "Provider Name",
    "Provider Companies House Number",
    "Provider Charity Number",
    "Provider Type/Sector",
    "Provider Ownership Type",
]


def hsca_row(number: int, **overrides: Any) -> dict[str, str]:
    """A plausible care home row; `number` makes its ids and name unique."""
    row = {column: "" for column in HSCA_COLUMNS}
    row.update(
        {
            "Location ID": f"1-{100000000 + number}",
            "Location Name": f"Home {number}",
            "Location HSCA start date": "01/10/2010",
            "Dormant (Y/N)": "N",
            "Care home?": "Y",
            "Location Type/Sector": "Social Care Org",
            "Location Inspection Directorate": "Adult social care",
            "Location Primary Inspection Category": "Residential social care",
            "Location Region": "North West",
            "Location Local Authority": "Trafford",
            "Care homes beds": "40",
            "Location Latest Overall Rating": "Good",
            "Publication Date": "14/03/2024",
            "Location Street Address": f"{number} Chester Road",
            "Location City": "Stretford",
            "Location Postal Code": "M32 0TH",
            "Location Latitude": "53.4462",
            "Location Longitude": "-2.3096",
            "Brand Name": "",
            "Service type - Care home service without nursing": "Y",
            "Service user band - Older People": "Y",
            "Service user band - Dementia": "Y",
            "Provider ID": f"1-{200000000 + number}",
            "Provider Name": f"Provider {number} Ltd",
            "Provider Companies House Number": "01234567",
            "Provider Type/Sector": "Social Care Org",
            "Provider Ownership Type": "Organisation",
        }
    )
    row.update({key: str(value) for key, value in overrides.items()})
    return row


def hsca_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    columns = columns or HSCA_COLUMNS
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def api_location(number: int, **overrides: Any) -> dict[str, Any]:
    """A CQC API location record (the fields the import reads)."""
    record: dict[str, Any] = {
        "locationId": f"1-{100000000 + number}",
        "providerId": f"1-{200000000 + number}",
        "providerName": f"Provider {number} Ltd",
        "name": f"Home {number}",
        "registrationStatus": "Registered",
        "registrationDate": "2010-10-01",
        "numberOfBeds": 40,
        "postalAddressLine1": f"{number} Chester Road",
        "postalAddressTownCity": "Stretford",
        "postalCode": "M32 0TH",
        "onspdLatitude": 53.4462,
        "onspdLongitude": -2.3096,
        "localAuthority": "Trafford",
        "careHome": "Y",
        "gacServiceTypes": [{"name": "Nursing homes", "description": "Care home service with nursing"}],
        "specialisms": [{"name": "Dementia"}, {"name": "Caring for adults over 65 yrs"}],
        "currentRatings": {
            "overall": {
                "rating": "Requires improvement",
                "reportDate": "2025-06-02",
                "keyQuestionRatings": [
                    {"name": "Safe", "rating": "Requires improvement"},
                    {"name": "Effective", "rating": "Good"},
                    {"name": "Caring", "rating": "Good"},
                    {"name": "Responsive", "rating": "Good"},
                    {"name": "Well-led", "rating": "Requires improvement"},
                ],
            },
            "reportDate": "2025-06-02",
        },
        "historicRatings": [
            {"reportDate": "2022-01-10", "overall": {"rating": "Good", "keyQuestionRatings": []}},
        ],
    }
    record.update(overrides)
    return record


def api_json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps(records).encode("utf-8")
