"""One CQC location record in our terms, and the checks every value of every layout goes through."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from commissioning.analytics.cqc.words import (
    CQC_SERVICE_TYPES,
    CQC_SPECIALISMS,
    CQC_USER_BANDS,
    RATING_WORDS,
    Ownership,
    Registration,
)
from commissioning.analytics.problems import RowProblem
from commissioning.analytics.text import POSTCODE_PATTERN, date_from, normalise_postcode, without_control_characters

CQC_ID = re.compile(r"^1-\d{6,12}$")
POSTCODE = re.compile(POSTCODE_PATTERN)
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
    ownership_type: str = Ownership.UNKNOWN
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
    registration_status: str = Registration.REGISTERED
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


class Checker:
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
        found = date_from(text[:10])
        if found is None:
            self.add(line, column, f"{text!r} is not a date (use 2026-02-25 or 25/02/2026)")
        return found

    def yes_no(self, line: int | None, column: str, value: Any) -> bool:
        text = self.text(value).upper()
        if text in ("Y", "YES", "TRUE", "1"):
            return True
        if text in ("", "N", "NO", "FALSE", "0"):
            return False
        self.add(line, column, f"{self.text(value)!r} is not Y or N")
        return False


def service_codes_for(names: list[str]) -> list[str]:
    return sorted({CQC_SERVICE_TYPES[name.lower()] for name in names if name.lower() in CQC_SERVICE_TYPES})


def client_groups_for(names: list[str]) -> tuple[list[str], list[str]]:
    groups = {CQC_USER_BANDS[name.lower()] for name in names if name.lower() in CQC_USER_BANDS}
    specialisms = {CQC_SPECIALISMS[name.lower()] for name in names if name.lower() in CQC_SPECIALISMS}
    return sorted(groups), sorted(specialisms)


def restored_telephone(number: str) -> str:
    # Spreadsheet round trips drop the leading 0 from UK numbers (01617... -> 1617...).
    return f"0{number}" if number.isdigit() and len(number) == 10 else number
