"""Read the files CQC publishes about care locations into one shape, checking every record.

Four layouts are read: CQC's care directory CSV, the HSCA active locations sheet saved as CSV,
CQC API location records (JSON), and a local extract of the directory (as data labs publish
it, with coordinates). Each gives LocationRecords; every bad value becomes a RowProblem naming
the record and field, and nothing is loaded unless the whole file is good.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from commissioning.analytics.cqc.words import CQC_SERVICE_TYPES, CQC_SPECIALISMS, CQC_USER_BANDS, RATING_WORDS
from commissioning.analytics.text import POSTCODE_PATTERN, normalise_postcode
from commissioning.core.imports import ImportRejected, RowProblem, without_control_characters
from commissioning.market.choices import ImportFormat, OwnershipType, RegistrationStatus

CQC_ID = re.compile(r"^1-\d{6,12}$")
POSTCODE = re.compile(POSTCODE_PATTERN)
GSS = re.compile(r"^E\d{8}$")
MISSING_WORDS = {"", "na", "n/a", "null", "none", "-"}
MOST_BEDS = 2000  # more than any English care home has


@dataclass
class LocationRecord:
    """One location as a CQC file describes it, in our terms."""

    line: int | None
    location_id: str
    name: str
    provider_id: str = ""
    provider_name: str = ""
    group_name: str = ""
    ownership_type: str = OwnershipType.UNKNOWN
    companies_house_number: str = ""
    charity_number: str = ""
    service_codes: list[str] = field(default_factory=list)
    cqc_service_types: list[str] = field(default_factory=list)
    client_group_codes: list[str] = field(default_factory=list)
    specialisms: list[str] = field(default_factory=list)
    is_care_home: bool = False
    beds: int | None = None
    address: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    local_authority_name: str = ""
    local_authority_code: str = ""
    telephone: str = ""
    website: str = ""
    registration_status: str = RegistrationStatus.REGISTERED
    registered_on: datetime.date | None = None
    deregistered_on: datetime.date | None = None
    ratings: dict[str, str] = field(default_factory=dict)  # overall and key questions
    rating_published_on: datetime.date | None = None
    historic_ratings: list[tuple[datetime.date, dict[str, str]]] = field(default_factory=list)
    last_checked_on: datetime.date | None = None


@dataclass
class ParsedFile:
    file_format: str
    records: list[LocationRecord]
    notes: list[str] = field(default_factory=list)


class _Checker:
    """Collects problems for one file; each reader reports through it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[RowProblem] = []

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(RowProblem(self.name, line, column, message))

    def text(self, value: Any) -> str:
        text = "" if value is None or isinstance(value, dict | list) else without_control_characters(str(value)).strip()
        return "" if text.lower() in MISSING_WORDS else text

    def cqc_id(self, line: int | None, column: str, value: Any, *, required: bool) -> str:
        text = self.text(value)
        if not text:
            if required:
                self.add(line, column, "is blank: every location needs its CQC id")
            return ""
        if not CQC_ID.match(text):
            self.add(line, column, f"{text!r} is not a CQC id (like 1-101641521)")
            return ""
        return text

    def rating(self, line: int | None, column: str, value: Any) -> str:
        text = self.text(value).lower()
        if text not in RATING_WORDS:
            known = "Outstanding, Good, Requires improvement, Inadequate or Not rated"
            self.add(line, column, f"{self.text(value)!r} is not a CQC rating ({known})")
            return ""
        return RATING_WORDS[text] or ""

    def postcode(self, line: int | None, column: str, value: Any) -> str:
        text = self.text(value)
        if not text:
            return ""
        postcode = normalise_postcode(text)
        if not POSTCODE.match(postcode):
            self.add(line, column, f"{text!r} is not a postcode")
            return ""
        return postcode

    def integer(self, line: int | None, column: str, value: Any) -> int | None:
        text = self.text(value)
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.add(line, column, f"{text[:40]!r} is not a whole number")
            return None
        if not number.is_finite() or number < 0 or number != number.to_integral_value():
            self.add(line, column, f"{text[:40]!r} is not a whole number of zero or more")
            return None
        if number > MOST_BEDS:
            self.add(line, column, f"{text[:40]} is more than {MOST_BEDS}: check the figure")
            return None
        return int(number)

    def coordinate(self, line: int | None, column: str, value: Any, low: float, high: float) -> float | None:
        text = self.text(value)
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            self.add(line, column, f"{text!r} is not a number")
            return None
        if not low <= number <= high:
            self.add(line, column, f"{text} is outside the United Kingdom ({low} to {high})")
            return None
        return round(number, 6)

    def date(self, line: int | None, column: str, value: Any) -> datetime.date | None:
        text = self.text(value)
        if not text:
            return None
        # ISO (API, extracts), day/month/year with or without a time (directory, HSCA sheets).
        for pattern, length in (("%Y-%m-%d", 10), ("%d/%m/%Y", 10)):
            try:
                return datetime.datetime.strptime(text[:length], pattern).date()
            except ValueError:
                continue
        self.add(line, column, f"{text!r} is not a date (use 2026-02-25 or 25/02/2026)")
        return None

    def yes_no(self, line: int | None, column: str, value: Any) -> bool:
        text = self.text(value).upper()
        if text in ("Y", "YES", "TRUE", "1"):
            return True
        if text in ("", "N", "NO", "FALSE", "0"):
            return False
        self.add(line, column, f"{self.text(value)!r} is not Y or N")
        return False


def _services(names: list[str]) -> list[str]:
    return sorted({CQC_SERVICE_TYPES[name.lower()] for name in names if name.lower() in CQC_SERVICE_TYPES})


def _client_groups(names: list[str]) -> tuple[list[str], list[str]]:
    groups = {CQC_USER_BANDS[name.lower()] for name in names if name.lower() in CQC_USER_BANDS}
    specialisms = {CQC_SPECIALISMS[name.lower()] for name in names if name.lower() in CQC_SPECIALISMS}
    return sorted(groups), sorted(specialisms)


def _ownership(sector: str, ownership: str, charity_number: str) -> str:
    sector, ownership = sector.lower(), ownership.lower()
    if ownership == "individual":
        return OwnershipType.INDIVIDUAL
    if "local authority" in sector:
        return OwnershipType.LOCAL_AUTHORITY
    if "nhs" in sector:
        return OwnershipType.NHS
    if charity_number:
        return OwnershipType.VOLUNTARY
    if sector or ownership:
        return OwnershipType.PRIVATE
    return OwnershipType.UNKNOWN


def detect_format(name: str, content: bytes) -> str:
    """Tell the layout from the file: JSON is API records; CSV by its header."""
    head = content[:20000].decode("utf-8-sig", errors="replace")
    if head.lstrip().startswith(("{", "[")):
        return ImportFormat.API
    lowered = head.lower()
    if "location id" in lowered and "care homes beds" in lowered:
        return ImportFormat.HSCA
    if "cqc_id" in lowered:
        return ImportFormat.EXTRACT
    if "service types" in lowered and "cqc location" in lowered:
        return ImportFormat.DIRECTORY
    raise ImportRejected(
        [
            RowProblem(
                name,
                1,
                None,
                "is not a CQC file this service reads: expected the care directory CSV, the HSCA active "
                "locations CSV, CQC API location JSON, or a directory extract with a cqc_id column",
            )
        ]
    )


def workbook_as_csv(name: str, content: bytes) -> bytes:
    """CQC publishes the HSCA active locations as a workbook: read its locations sheet as CSV."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not a readable Excel workbook ({error})")]) from error
    sheet = next((book[title] for title in book.sheetnames if "location" in title.lower()), book.worksheets[0])
    output = io.StringIO()
    writer = csv.writer(output)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([_cell_text(value) for value in row])
    book.close()
    return output.getvalue().encode("utf-8")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_cqc_file(name: str, content: bytes, file_format: str | None = None) -> ParsedFile:
    """Read and check a whole CQC file (CSV, JSON, or the HSCA workbook). Raises ImportRejected
    listing every problem."""
    if content[:2] == b"PK":  # an Excel workbook (a zip)
        content = workbook_as_csv(name, content)
    file_format = file_format or detect_format(name, content)
    checker = _Checker(name)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    reader = {
        ImportFormat.API: _read_api,
        ImportFormat.HSCA: _read_hsca,
        ImportFormat.DIRECTORY: _read_directory,
        ImportFormat.EXTRACT: _read_extract,
    }[ImportFormat(file_format)]
    parsed = reader(text, checker)
    _check_duplicates(parsed.records, checker)
    _check_provider_names(parsed.records, checker)
    if checker.problems:
        raise ImportRejected(checker.problems)
    return parsed


def _check_duplicates(records: list[LocationRecord], checker: _Checker) -> None:
    first_line: dict[str, int | None] = {}
    for record in records:
        if not record.location_id:
            continue
        if record.location_id in first_line:
            where = first_line[record.location_id]
            checker.add(
                record.line,
                "location id",
                f"{record.location_id} appears twice (first at {f'line {where}' if where else 'an earlier record'})",
            )
        else:
            first_line[record.location_id] = record.line


def _check_provider_names(records: list[LocationRecord], checker: _Checker) -> None:
    """One provider id, one name: a file that disagrees with itself is refused."""
    first: dict[str, LocationRecord] = {}
    for record in records:
        if not record.provider_id or not record.provider_name:
            continue
        earlier = first.setdefault(record.provider_id, record)
        if earlier.provider_name.lower() != record.provider_name.lower():
            where = f"line {earlier.line}" if earlier.line else "an earlier record"
            checker.add(
                record.line,
                "provider name",
                f"provider {record.provider_id} is {record.provider_name!r} here "
                f"but {earlier.provider_name!r} at {where}",
            )


def _csv_rows(text: str, checker: _Checker, *, header_has: str, required: list[str]) -> tuple[list[str], list]:
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


def _dict_rows(text: str, checker: _Checker, *, header_has: str, required: list[str]):
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


def _read_hsca(text: str, checker: _Checker) -> ParsedFile:
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
        groups, specialisms = _client_groups(band_names)
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
                service_codes=_services(service_names),
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
    return ParsedFile(ImportFormat.HSCA, records)


def _overall(rating: str) -> dict[str, str]:
    return {"overall": rating} if rating else {}


def _blank(checker: _Checker, line: int | None, column: str) -> str:
    checker.add(line, column, "is blank")
    return ""


def _companies_house(number: str) -> str:
    # Sheets drop leading zeros from numeric company numbers; put them back.
    number = number.upper()
    return number.zfill(8) if number.isdigit() and len(number) < 8 else number if len(number) == 8 else ""


DIRECTORY_REQUIRED = ["Name", "Address", "Postcode", "Service types", "Provider name", "Local authority"]


def _read_directory(text: str, checker: _Checker) -> ParsedFile:
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
        groups, specialisms = _client_groups(specialism_names)
        services = _services(service_names)
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
                telephone=_telephone(checker.text(get("Phone number"))),
                website=checker.text(get("Service's website (if available)")),
                last_checked_on=checker.date(line, "Date of latest check", get("Date of latest check")),
            )
        )
    return ParsedFile(ImportFormat.DIRECTORY, records)


def _telephone(number: str) -> str:
    # Spreadsheet round trips drop the leading 0 from UK numbers (01617... -> 1617...).
    return f"0{number}" if number.isdigit() and len(number) == 10 else number


EXTRACT_REQUIRED = ["name", "cqc_id", "type", "address", "postcode", "provider", "area_name"]


def _read_extract(text: str, checker: _Checker) -> ParsedFile:
    records: list[LocationRecord] = []
    notes: list[str] = []
    bad_codes: set[str] = set()
    for line, values, lookup in _dict_rows(text, checker, header_has="cqc_id", required=EXTRACT_REQUIRED):

        def get(column: str, values=values, lookup=lookup) -> str:
            index = lookup.get(column.lower())
            return values[index].strip() if index is not None else ""

        service_names = [part.strip() for part in get("type").split("|") if part.strip()]
        services = _services(service_names)
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
                telephone=_telephone(checker.text(get("telephone"))),
                website=checker.text(get("website")),
                last_checked_on=checker.date(line, "inspection_date", get("inspection_date")),
            )
        )
    for code in sorted(bad_codes):
        notes.append(f"area_code {code!r} is not a GSS code; the area name was used instead")
    return ParsedFile(ImportFormat.EXTRACT, records, notes)


KEY_QUESTION_NAMES = {"safe": "safe", "effective": "effective", "caring": "caring", "responsive": "responsive"}


def _api_ratings(checker: _Checker, where: str, block: Any) -> dict[str, str]:
    """{"overall": ..., "safe": ...} from an API rating block (currentRatings or a historic one)."""
    if not isinstance(block, dict):
        return {}
    overall = block.get("overall", block)
    ratings: dict[str, str] = {}
    if isinstance(overall, dict) and "rating" in overall:
        rating = checker.rating(None, f"{where}.overall.rating", overall.get("rating"))
        if rating:
            ratings["overall"] = rating
        for question in overall.get("keyQuestionRatings") or []:
            if not isinstance(question, dict):
                checker.add(None, f"{where}.keyQuestionRatings", "each key question rating must be an object")
                continue
            name = str(question.get("name", "")).strip().lower().replace("-", " ")
            key = "well_led" if name == "well led" else KEY_QUESTION_NAMES.get(name)
            if key is None:
                checker.add(None, f"{where}.keyQuestionRatings", f"{question.get('name')!r} is not a key question")
                continue
            rating = checker.rating(None, f"{where}.{key}", question.get("rating"))
            if rating:
                ratings[key] = rating
    return ratings


def _read_api(text: str, checker: _Checker) -> ParsedFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        checker.add(error.lineno, None, f"is not valid JSON ({error.msg})")
        raise ImportRejected(checker.problems) from error
    if isinstance(data, dict) and isinstance(data.get("locations"), list):
        items = data["locations"]
    elif isinstance(data, dict):
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        checker.add(None, None, 'expected a location record, a list of them, or {"locations": [...]}')
        raise ImportRejected(checker.problems)
    records: list[LocationRecord] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            checker.add(None, f"record {number}", "is not a JSON object")
            continue
        # API problems name the record (its id, or its position) since JSON has no useful lines.
        ident = str(item.get("locationId") or f"record {number}")
        scoped = _Scoped(checker, ident)
        missing = [key for key in ("locationId", "providerId", "name") if not item.get(key)]
        if missing:
            checker.add(None, ident, f"missing field(s): {', '.join(missing)}")
        service_names = []
        for service in _list(item.get("gacServiceTypes")):
            for key in ("name", "description"):
                if isinstance(service, dict) and service.get(key):
                    service_names.append(str(service[key]))
        specialism_names = [str(s.get("name")) for s in _list(item.get("specialisms")) if isinstance(s, dict)]
        band_names = [str(b) for b in _list(item.get("serviceUserBands")) if isinstance(b, str)]
        groups, specialisms = _client_groups(specialism_names + band_names)
        current = item.get("currentRatings") or {}
        if not isinstance(current, dict):
            checker.add(None, f"{ident} currentRatings", "must be an object")
            current = {}
        ratings = _api_ratings(checker, f"{ident} currentRatings", current)
        current_overall = current.get("overall") if isinstance(current, dict) else None
        published = scoped.date(
            "currentRatings.reportDate",
            (current_overall or {}).get("reportDate") if isinstance(current_overall, dict) else None,
        ) or scoped.date("currentRatings.reportDate", current.get("reportDate") if isinstance(current, dict) else None)
        historic = []
        for index, block in enumerate(_list(item.get("historicRatings")), start=1):
            if not isinstance(block, dict):
                checker.add(None, f"{ident} historicRatings[{index}]", "must be an object")
                continue
            when = scoped.date(f"historicRatings[{index}].reportDate", block.get("reportDate"))
            past = _api_ratings(checker, f"{ident} historicRatings[{index}]", block)
            if when and past:
                historic.append((when, past))
        status_word = str(item.get("registrationStatus") or "Registered").strip().lower()
        if status_word not in ("registered", "deregistered"):
            checker.add(
                None,
                f"{ident} registrationStatus",
                f"{item.get('registrationStatus')!r} is not Registered or Deregistered",
            )
        address = ", ".join(
            str(item[key]).strip()
            for key in ("postalAddressLine1", "postalAddressLine2", "postalAddressTownCity", "postalAddressCounty")
            if item.get(key)
        )
        services = _services(service_names)
        care_home_flag = str(item.get("careHome") or "").upper()
        records.append(
            LocationRecord(
                line=None,
                location_id=checker.cqc_id(None, f"{ident} locationId", item.get("locationId"), required=False),
                name=checker.text(item.get("name")),
                provider_id=checker.cqc_id(None, f"{ident} providerId", item.get("providerId"), required=False),
                provider_name=checker.text(item.get("providerName")),
                group_name=checker.text(item.get("brandName")),
                service_codes=services,
                cqc_service_types=sorted(set(service_names)),
                client_group_codes=groups,
                specialisms=specialisms,
                is_care_home=care_home_flag == "Y" or bool({"residential", "nursing"} & set(services)),
                beds=checker.integer(None, f"{ident} numberOfBeds", item.get("numberOfBeds")),
                address=address,
                postcode=checker.postcode(None, f"{ident} postalCode", item.get("postalCode")),
                latitude=checker.coordinate(None, f"{ident} onspdLatitude", item.get("onspdLatitude"), 49, 61),
                longitude=checker.coordinate(None, f"{ident} onspdLongitude", item.get("onspdLongitude"), -9, 3),
                local_authority_name=checker.text(item.get("localAuthority")),
                telephone=_telephone(checker.text(item.get("mainPhoneNumber"))),
                website=checker.text(item.get("website")),
                registration_status=RegistrationStatus.DEREGISTERED
                if status_word == "deregistered"
                else RegistrationStatus.REGISTERED,
                registered_on=scoped.date("registrationDate", item.get("registrationDate")),
                deregistered_on=scoped.date("deregistrationDate", item.get("deregistrationDate")),
                ratings=ratings,
                rating_published_on=published,
                historic_ratings=historic,
                last_checked_on=scoped.date("lastInspection.date", _dict(item.get("lastInspection")).get("date")),
            )
        )
    return ParsedFile(ImportFormat.API, records)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _Scoped:
    """Date checks that name a JSON record and field instead of a line."""

    def __init__(self, checker: _Checker, ident: str) -> None:
        self.checker, self.ident = checker, ident

    def date(self, field_name: str, value: Any) -> datetime.date | None:
        return self.checker.date(None, f"{self.ident} {field_name}", value)
