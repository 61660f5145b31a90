"""CQC API location records (JSON): one record, a list of them, or {"locations": [...]}."""

from __future__ import annotations

import datetime
import json
from typing import Any

from commissioning.analytics.cqc.records import (
    Checker,
    LocationRecord,
    ParsedFile,
    client_groups_for,
    restored_telephone,
    service_codes_for,
)
from commissioning.analytics.cqc.words import Layout, Registration
from commissioning.analytics.problems import ImportRejected

KEY_QUESTION_NAMES = {"safe": "safe", "effective": "effective", "caring": "caring", "responsive": "responsive"}


def _api_ratings(checker: Checker, where: str, block: Any) -> dict[str, str]:
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


def read_api(text: str, checker: Checker) -> ParsedFile:
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
        groups, specialisms = client_groups_for(specialism_names + band_names)
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
        services = service_codes_for(service_names)
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
                telephone=restored_telephone(checker.text(item.get("mainPhoneNumber"))),
                website=checker.text(item.get("website")),
                registration_status=Registration.DEREGISTERED
                if status_word == "deregistered"
                else Registration.REGISTERED,
                registered_on=scoped.date("registrationDate", item.get("registrationDate")),
                deregistered_on=scoped.date("deregistrationDate", item.get("deregistrationDate")),
                ratings=ratings,
                rating_published_on=published,
                historic_ratings=historic,
                last_checked_on=scoped.date("lastInspection.date", _dict(item.get("lastInspection")).get("date")),
            )
        )
    return ParsedFile(Layout.API, records)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _Scoped:
    """Date checks that name a JSON record and field instead of a line."""

    def __init__(self, checker: Checker, ident: str) -> None:
        self.checker, self.ident = checker, ident

    def date(self, field_name: str, value: Any) -> datetime.date | None:
        return self.checker.date(None, f"{self.ident} {field_name}", value)
