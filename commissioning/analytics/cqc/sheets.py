"""The three CSV layouts: CQC's HSCA active locations sheet, its care directory, and a local
extract of the directory (as data labs publish it, with coordinates)."""

from __future__ import annotations

import csv
import io
import re

from commissioning.analytics.cqc.records import (
    Checker,
    LocationRecord,
    ParsedFile,
    client_groups_for,
    restored_telephone,
    service_codes_for,
)
from commissioning.analytics.cqc.words import Layout, Ownership
from commissioning.analytics.problems import ImportRejected

GSS = re.compile(r"^E\d{8}$")


def _csv_rows(text: str, checker: Checker, *, header_has: str, required: list[str]) -> tuple[list[str], list]:
    """The header row (found within the first lines, since CQC puts a title above it) and rows."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        checker.add(None, None, f"is not a readable CSV file ({error})")
        raise ImportRejected(checker.problems) from error
    for index, row in enumerate(rows[:10]):
        cleaned = [cell.strip() for cell in row]
        if header_has.lower() in (cell.lower() for cell in cleaned):
            missing = [column for column in required if column.lower() not in (c.lower() for c in cleaned)]
            if missing:
                checker.add(index + 1, None, f"missing column(s): {', '.join(missing)}")
                raise ImportRejected(checker.problems)
            return cleaned, [(number, row) for number, row in enumerate(rows[index + 1 :], start=index + 2)]
    checker.add(1, None, f"no header row with a {header_has!r} column in the first 10 lines")
    raise ImportRejected(checker.problems)


def _dict_rows(text: str, checker: Checker, *, header_has: str, required: list[str]):
    header, rows = _csv_rows(text, checker, header_has=header_has, required=required)
    lookup = {column.lower(): index for index, column in enumerate(header)}
    for line, values in rows:
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            checker.add(line, None, f"{len(values)} values for {len(header)} columns")
            continue
        yield line, values, lookup


HSCA_REQUIRED = [
    "Location ID",
    "Location Name",
    "Care home?",
    "Care homes beds",
    "Location Local Authority",
    "Location Latest Overall Rating",
    "Location Postal Code",
    "Provider ID",
    "Provider Name",
]


def read_hsca(text: str, checker: Checker) -> ParsedFile:
    records: list[LocationRecord] = []
    service_columns: list[tuple[int, str]] = []
    band_columns: list[tuple[int, str]] = []
    lookup_seen = False
    for line, values, lookup in _dict_rows(text, checker, header_has="Location ID", required=HSCA_REQUIRED):
        if not lookup_seen:
            for column, index in lookup.items():
                if column.startswith("service type - "):
                    service_columns.append((index, column.removeprefix("service type - ")))
                elif column.startswith("service user band - "):
                    band_columns.append((index, column.removeprefix("service user band - ")))
            lookup_seen = True

        def get(column: str, values=values, lookup=lookup) -> str:
            index = lookup.get(column.lower())
            return values[index].strip() if index is not None else ""

        service_names = [name for index, name in service_columns if values[index].strip().upper() == "Y"]
        band_names = [name for index, name in band_columns if values[index].strip().upper() == "Y"]
        groups, specialisms = client_groups_for(band_names)
        address = ", ".join(
            part
            for part in (
                get("Location Street Address"),
                get("Location Address Line 2"),
                get("Location City"),
                get("Location County"),
            )
            if part
        )
        charity = checker.text(get("Provider Charity Number"))
        is_care_home = checker.yes_no(line, "Care home?", get("Care home?"))
        records.append(
            LocationRecord(
                line=line,
                location_id=checker.cqc_id(line, "Location ID", get("Location ID"), required=True),
                name=checker.text(get("Location Name")) or _blank(checker, line, "Location Name"),
                provider_id=checker.cqc_id(line, "Provider ID", get("Provider ID"), required=True),
                provider_name=checker.text(get("Provider Name")) or _blank(checker, line, "Provider Name"),
                group_name=checker.text(get("Brand Name")),
                ownership_type=_ownership(get("Provider Type/Sector"), get("Provider Ownership Type"), charity),
                companies_house_number=_companies_house(checker.text(get("Provider Companies House Number"))),
                charity_number=charity,
                service_codes=service_codes_for(service_names),
                cqc_service_types=service_names,
                client_group_codes=groups,
                specialisms=specialisms,
                is_care_home=is_care_home,
                beds=checker.integer(line, "Care homes beds", get("Care homes beds")),
                address=address,
                postcode=checker.postcode(line, "Location Postal Code", get("Location Postal Code")),
                latitude=checker.coordinate(line, "Location Latitude", get("Location Latitude"), 49, 61),
                longitude=checker.coordinate(line, "Location Longitude", get("Location Longitude"), -9, 3),
                local_authority_name=checker.text(get("Location Local Authority")),
                telephone=checker.text(get("Location Telephone Number")),
                website=checker.text(get("Location Web Address")),
                registered_on=checker.date(line, "Location HSCA start date", get("Location HSCA start date")),
                ratings=_overall(
                    checker.rating(line, "Location Latest Overall Rating", get("Location Latest Overall Rating"))
                ),
                rating_published_on=checker.date(line, "Publication Date", get("Publication Date")),
            )
        )
    return ParsedFile(Layout.HSCA, records)


def _ownership(sector: str, ownership: str, charity_number: str) -> str:
    sector, ownership = sector.lower(), ownership.lower()
    if ownership == "individual":
        return Ownership.INDIVIDUAL
    if "local authority" in sector:
        return Ownership.LOCAL_AUTHORITY
    if "nhs" in sector:
        return Ownership.NHS
    if charity_number:
        return Ownership.VOLUNTARY
    if sector or ownership:
        return Ownership.PRIVATE
    return Ownership.UNKNOWN


def _overall(rating: str) -> dict[str, str]:
    return {"overall": rating} if rating else {}


def _blank(checker: Checker, line: int | None, column: str) -> str:
    checker.add(line, column, "is blank")
    return ""


def _companies_house(number: str) -> str:
    # Sheets drop leading zeros from numeric company numbers; put them back.
    number = number.upper()
    return number.zfill(8) if number.isdigit() and len(number) < 8 else number if len(number) == 8 else ""


DIRECTORY_REQUIRED = ["Name", "Address", "Postcode", "Service types", "Provider name", "Local authority"]


def read_directory(text: str, checker: Checker) -> ParsedFile:
    records: list[LocationRecord] = []
    for line, values, lookup in _dict_rows(text, checker, header_has="Service types", required=DIRECTORY_REQUIRED):
        location_column = next((c for c in lookup if c.startswith("cqc location")), None)
        provider_column = next((c for c in lookup if c.startswith("cqc provider")), None)
        if location_column is None:
            checker.add(1, None, "missing column: CQC Location ID (for office use only)")
            raise ImportRejected(checker.problems)

        def get(column: str, values=values, lookup=lookup) -> str:
            index = lookup.get(column.lower())
            return values[index].strip() if index is not None else ""

        service_names = [part.strip() for part in get("Service types").split("|") if part.strip()]
        specialism_names = [part.strip() for part in get("Specialisms/services").split("|") if part.strip()]
        groups, specialisms = client_groups_for(specialism_names)
        services = service_codes_for(service_names)
        records.append(
            LocationRecord(
                line=line,
                location_id=checker.cqc_id(line, "CQC Location ID", get(location_column), required=True),
                name=checker.text(get("Name")) or _blank(checker, line, "Name"),
                provider_id=checker.cqc_id(line, "CQC Provider ID", get(provider_column or ""), required=False),
                provider_name=checker.text(get("Provider name")) or _blank(checker, line, "Provider name"),
                service_codes=services,
                cqc_service_types=service_names,
                client_group_codes=groups,
                specialisms=specialisms,
                is_care_home=bool({"residential", "nursing"} & set(services)),
                address=get("Address"),
                postcode=checker.postcode(line, "Postcode", get("Postcode")),
                local_authority_name=checker.text(get("Local authority")),
                telephone=restored_telephone(checker.text(get("Phone number"))),
                website=checker.text(get("Service's website (if available)")),
                last_checked_on=checker.date(line, "Date of latest check", get("Date of latest check")),
            )
        )
    return ParsedFile(Layout.DIRECTORY, records)


EXTRACT_REQUIRED = ["name", "cqc_id", "type", "address", "postcode", "provider", "area_name"]


def read_extract(text: str, checker: Checker) -> ParsedFile:
    records: list[LocationRecord] = []
    notes: list[str] = []
    bad_codes: set[str] = set()
    for line, values, lookup in _dict_rows(text, checker, header_has="cqc_id", required=EXTRACT_REQUIRED):

        def get(column: str, values=values, lookup=lookup) -> str:
            index = lookup.get(column.lower())
            return values[index].strip() if index is not None else ""

        service_names = [part.strip() for part in get("type").split("|") if part.strip()]
        services = service_codes_for(service_names)
        code = checker.text(get("area_code"))
        if code and not GSS.match(code):
            bad_codes.add(code)  # the area name is used instead; reported once below
            code = ""
        records.append(
            LocationRecord(
                line=line,
                location_id=checker.cqc_id(line, "cqc_id", get("cqc_id"), required=True),
                name=checker.text(get("name")) or _blank(checker, line, "name"),
                provider_name=checker.text(get("provider")) or _blank(checker, line, "provider"),
                service_codes=services,
                cqc_service_types=service_names,
                is_care_home=bool({"residential", "nursing"} & set(services)),
                address=get("address").replace(",", ", "),
                postcode=checker.postcode(line, "postcode", get("postcode")),
                latitude=checker.coordinate(line, "lat", get("lat"), 49, 61),
                longitude=checker.coordinate(line, "lon", get("lon"), -9, 3),
                local_authority_name=checker.text(get("area_name")),
                local_authority_code=code,
                telephone=restored_telephone(checker.text(get("telephone"))),
                website=checker.text(get("website")),
                last_checked_on=checker.date(line, "inspection_date", get("inspection_date")),
            )
        )
    for code in sorted(bad_codes):
        notes.append(f"area_code {code!r} is not a GSS code; the area name was used instead")
    return ParsedFile(Layout.EXTRACT, records, notes)
