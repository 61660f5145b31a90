"""Writes for the market: CQC imports, capacity returns, concerns, plans, relationships,
forums and market position statements. Every write is validated, atomic and audited."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.ownership import owned_create
from commissioning.analytics.cqc.reader import parse_cqc_file
from commissioning.analytics.cqc.records import LocationRecord, ParsedFile
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.imports import ImportRejected, ImportResult, Progress, RowProblem, no_progress, read_csv_rows
from commissioning.core.models import Area
from commissioning.core.services import audited_delete, audited_save, model_update, record_publish
from commissioning.cycles.checklist import MARKET_SHAPING
from commissioning.cycles.permissions import can_work_on_activity
from commissioning.cycles.selectors import checklist_activity_get
from commissioning.cycles.services import evidence_add
from commissioning.market.choices import EventKind, RegistrationStatus, ReturnSource
from commissioning.market.models import (
    CAPACITY_FIGURES,
    CapacityReturn,
    ContingencyPlan,
    CqcImport,
    Location,
    LocationRating,
    MarketEvent,
    MarketPositionStatement,
    Provider,
    ProviderConcern,
    ProviderForum,
    ProviderFunding,
    RelationshipEntry,
    codes_field_value,
    rating_fell,
)

BATCH = 2000
RATING_FIELDS = ("overall", "safe", "effective", "caring", "responsive", "well_led")
# Location fields an import sets, compared to tell what changed.
LOCATION_FIELDS = (
    "provider_id",
    "name",
    "service_codes",
    "cqc_service_types",
    "client_group_codes",
    "specialisms",
    "is_care_home",
    "beds",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "local_authority_id",
    "local_authority_name",
    "telephone",
    "website",
    "registration_status",
    "registered_on",
    "deregistered_on",
    *(f"{key}_rating" for key in RATING_FIELDS),
    "rating_published_on",
    "last_checked_on",
)
PROVIDER_FIELDS = ("name", "group_name", "ownership_type", "companies_house_number", "charity_number")
LENGTHS = {
    "name": 300,
    "address": 400,
    "website": 300,
    "telephone": 30,
    "provider_name": 300,
    "group_name": 300,
    "local_authority_name": 120,
    "charity_number": 12,
}


def _local_authorities() -> tuple[dict[str, Area], dict[str, Area]]:
    """Upper-tier councils by lower-case name and by code; districts map to their county,
    since adult social care is the county's."""
    by_name: dict[str, Area] = {}
    by_code: dict[str, Area] = {}
    areas = list(Area.objects.select_related("parent"))
    for area in areas:
        council = area if area.level in UPPER_TIER_LEVELS else area.parent if area.level == "district" else None
        if council is None:
            continue
        by_code[area.code] = council
        by_name.setdefault(area.name.lower(), council)
    # CQC writes some names in the "X, City of" and "County Durham" forms.
    for area in areas:
        if area.level in UPPER_TIER_LEVELS and area.name.lower().startswith("city of "):
            by_name.setdefault(f"{area.name[8:]}, city of".lower(), area)
    return by_name, by_code


def _check_lengths(parsed: ParsedFile, name: str) -> None:
    problems = []
    for record in parsed.records:
        for field_name, limit in LENGTHS.items():
            value = getattr(record, field_name)
            if len(value) > limit:
                problems.append(
                    RowProblem(name, record.line, field_name, f"is {len(value)} characters; at most {limit}")
                )
    if problems:
        raise ImportRejected(problems)


@dataclass
class _Plan:
    """What applying a file will do, worked out before anything is written."""

    new_providers: list[Provider]
    changed_providers: list[Provider]
    new_locations: list[tuple[LocationRecord, Location]]
    changed_locations: list[Location]
    events: list[MarketEvent]
    unchanged: int


# How many times cqc_import and capacity_import tell `progress` of a step.
CQC_IMPORT_STEPS = 4
CAPACITY_IMPORT_STEPS = 4


def cqc_import(
    *,
    name: str,
    content: bytes,
    by: User | None,
    file_format: str | None = None,
    is_demo: bool = False,
    progress: Progress = no_progress,
) -> CqcImport:
    """Import a CQC file: create new providers and locations, update changed ones in place,
    record what changed as events, keep every rating. All or nothing; never duplicates.
    `progress` is told each of CQC_IMPORT_STEPS steps."""
    progress(f"Reading and checking {name}")
    parsed = parse_cqc_file(name, content, file_format)
    _check_lengths(parsed, name)
    progress(f"Finding the council for each of {len(parsed.records):,} locations")
    by_name, by_code = _local_authorities()
    notes = list(parsed.notes)
    unresolved: dict[str, int] = {}
    for record in parsed.records:
        area = by_code.get(record.local_authority_code) or by_name.get(record.local_authority_name.lower())
        record.local_authority_code = area.code if area else ""
        if area is None and record.local_authority_name:
            unresolved[record.local_authority_name] = unresolved.get(record.local_authority_name, 0) + 1
    for la_name, count in sorted(unresolved.items()):
        notes.append(f"{count} location(s) in {la_name!r}: not an English council this service knows")
    areas = {area.code: area for area in by_code.values()}

    progress(f"Comparing {len(parsed.records):,} locations with the register and saving the changes")
    with transaction.atomic():
        run = CqcImport.objects.create(
            file_name=name,
            file_format=parsed.file_format,
            content_sha256=hashlib.sha256(content).hexdigest(),
            imported_by=by,
            rows=len(parsed.records),
        )
        reason = f"CQC import: {name}"
        known = set(
            Location.objects.filter(
                cqc_location_id__in=[r.location_id for r in parsed.records if not r.provider_id]
            ).values_list("cqc_location_id", flat=True)
        )
        providers = _apply_providers(parsed.records, by, reason, is_demo, known, name)
        plan = _plan_locations(parsed.records, providers, areas, run, is_demo)
        if plan.new_locations:
            bulk_create_with_history(
                [location for _, location in plan.new_locations],
                Location,
                batch_size=BATCH,
                default_user=by,
                default_change_reason=reason,
            )
        if plan.changed_locations:
            bulk_update_with_history(
                plan.changed_locations,
                Location,
                [field.removesuffix("_id") if field.endswith("_id") else field for field in LOCATION_FIELDS],
                batch_size=BATCH,
                default_user=by,
                default_change_reason=reason,
            )
        _save_ratings(parsed.records)
        for event in plan.events:
            if event.location is not None:
                event.location_id = event.location.pk
        MarketEvent.objects.bulk_create(plan.events, batch_size=BATCH)
        run.created = len(plan.new_locations)
        run.updated = len(plan.changed_locations)
        run.unchanged = plan.unchanged
        run.notes = "\n".join(notes)
        run.save()
    progress(f"Imported {name}: {run.created:,} new, {run.updated:,} updated, {run.unchanged:,} unchanged")
    return run


def _apply_providers(
    records: list[LocationRecord], by: User | None, reason: str, is_demo: bool, known_locations: set[str], name: str
) -> dict[str, Provider]:
    """Providers keyed by CQC id (or, where a layout has none, by name); created or updated.

    A record without a provider id never moves a location already known: its provider stays.
    For a new location such a record is matched by name, and refused if the name is ambiguous.
    """
    wanted: dict[str, LocationRecord] = {}
    for record in records:
        if not record.provider_id and record.location_id in known_locations:
            continue
        wanted.setdefault(record.provider_id or f"name:{record.provider_name.lower()}", record)
    existing: dict[str, Provider] = {}
    by_name: dict[str, list[Provider]] = {}
    for provider in Provider.objects.all():
        if provider.cqc_provider_id:
            existing[provider.cqc_provider_id] = provider
        by_name.setdefault(provider.name.lower(), []).append(provider)
    problems = []
    for key, record in wanted.items():
        if record.provider_id:
            continue
        named = by_name.get(record.provider_name.lower(), [])
        without_id = [provider for provider in named if not provider.cqc_provider_id]
        if len(named) == 1:
            existing[key] = named[0]
        elif len(without_id) == 1:
            existing[key] = without_id[0]
        elif named:
            problems.append(
                RowProblem(
                    name,
                    record.line,
                    "provider",
                    f"{record.provider_name!r} matches {len(named)} providers: use a file with CQC provider ids",
                )
            )
    if problems:
        raise ImportRejected(problems)
    new: list[Provider] = []
    changed: list[Provider] = []
    result: dict[str, Provider] = {}
    for key, record in wanted.items():
        provider = existing.get(key)
        if provider is None and record.provider_id:
            # A provider first known by name (from a layout without ids) gains its id now.
            named = [p for p in by_name.get(record.provider_name.lower(), []) if not p.cqc_provider_id]
            if len(named) == 1:
                provider = named[0]
        values = {
            "name": record.provider_name or (provider.name if provider else f"Provider {record.provider_id}"),
            "group_name": record.group_name,
            "ownership_type": record.ownership_type,
            "companies_house_number": record.companies_house_number,
            "charity_number": record.charity_number,
        }
        if provider is None:
            provider = Provider(cqc_provider_id=record.provider_id or None, is_demo=is_demo, **values)
            new.append(provider)
        else:
            dirty = False
            if record.provider_id and not provider.cqc_provider_id:
                provider.cqc_provider_id = record.provider_id
                dirty = True
            for field_name, value in values.items():
                # A layout that does not carry a value leaves what is known alone.
                if value and value != "unknown" and getattr(provider, field_name) != value:
                    setattr(provider, field_name, value)
                    dirty = True
            if dirty:
                changed.append(provider)
        result[key] = provider
    if new:
        bulk_create_with_history(new, Provider, batch_size=BATCH, default_user=by, default_change_reason=reason)
    if changed:
        bulk_update_with_history(
            changed,
            Provider,
            [*PROVIDER_FIELDS, "cqc_provider_id"],
            batch_size=BATCH,
            default_user=by,
            default_change_reason=reason,
        )
    if any(provider.pk is None for provider in new):
        # Databases that do not return keys from bulk inserts: read them back.
        ids = {p.cqc_provider_id: p.pk for p in Provider.objects.filter(cqc_provider_id__isnull=False)}
        names = {p.name.lower(): p.pk for p in Provider.objects.filter(cqc_provider_id__isnull=True)}
        for provider in new:
            provider.pk = ids.get(provider.cqc_provider_id) or names.get(provider.name.lower())
    return result


def _location_values(record: LocationRecord, provider: Provider, area: Area | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "provider_id": provider.pk,
        "name": record.name,
        "service_codes": codes_field_value(record.service_codes),
        "cqc_service_types": "; ".join(record.cqc_service_types)[:500],
        "client_group_codes": codes_field_value(record.client_group_codes),
        "specialisms": codes_field_value(record.specialisms),
        "is_care_home": record.is_care_home,
        "beds": record.beds,
        "address": record.address,
        "postcode": record.postcode,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "local_authority_id": area.pk if area else None,
        "local_authority_name": record.local_authority_name,
        "telephone": record.telephone,
        "website": record.website,
        "registration_status": record.registration_status,
        "registered_on": record.registered_on,
        "deregistered_on": record.deregistered_on,
        "rating_published_on": record.rating_published_on,
        "last_checked_on": record.last_checked_on,
    }
    for key in RATING_FIELDS:
        values[f"{key}_rating"] = record.ratings.get(key, "")
    return values


def _plan_locations(
    records: list[LocationRecord], providers: dict[str, Provider], areas: dict[str, Area], run: CqcImport, is_demo: bool
) -> _Plan:
    ids = [record.location_id for record in records]
    existing: dict[str, Location] = {}
    for start in range(0, len(ids), 5000):
        for location in Location.objects.filter(cqc_location_id__in=ids[start : start + 5000]):
            existing[location.cqc_location_id] = location
    market_known = bool(existing) or Location.objects.exists()
    plan = _Plan([], [], [], [], [], 0)
    for record in records:
        location = existing.get(record.location_id)
        if location is not None and not record.provider_id:
            provider = Provider(pk=location.provider_id)  # a layout without provider ids keeps the provider
        else:
            provider = providers[record.provider_id or f"name:{record.provider_name.lower()}"]
        values = _location_values(record, provider, areas.get(record.local_authority_code))
        if location is None:
            location = Location(cqc_location_id=record.location_id, is_demo=is_demo, **values)
            plan.new_locations.append((record, location))
            if market_known:
                plan.events.append(
                    MarketEvent(kind=EventKind.NEW_LOCATION, location=location, after=record.name, source=run)
                )
            continue
        changes = {}
        for field_name, value in values.items():
            before = getattr(location, field_name)
            # Values a layout does not carry (blank) leave what is known alone, except the
            # registration status and provider, which every layout states.
            if value in ("", None) and field_name not in ("registration_status",):
                continue
            if before != value:
                changes[field_name] = (before, value)
        if not changes:
            plan.unchanged += 1
            continue
        plan.events.extend(_events_for(location, changes, run))
        for field_name, (_, value) in changes.items():
            setattr(location, field_name, value)
        plan.changed_locations.append(location)
    return plan


def _events_for(location: Location, changes: dict[str, tuple[Any, Any]], run: CqcImport) -> list[MarketEvent]:
    events = []

    def event(kind: str, before: Any, after: Any) -> None:
        events.append(
            MarketEvent(
                kind=kind,
                location=location,
                provider_id=location.provider_id,
                before=str(before or "")[:300],
                after=str(after or "")[:300],
                source=run,
            )
        )

    if "overall_rating" in changes:
        before, after = changes["overall_rating"]
        if not before:
            event(EventKind.FIRST_RATING, "", after)
        elif rating_fell(before, after):
            event(EventKind.RATING_FELL, before, after)
        else:
            event(EventKind.RATING_ROSE, before, after)
    if "registration_status" in changes and changes["registration_status"][1] == RegistrationStatus.DEREGISTERED:
        event(EventKind.DEREGISTERED, "Registered", "Deregistered")
    if "beds" in changes:
        event(EventKind.BEDS_CHANGED, *changes["beds"])
    if "provider_id" in changes:
        before, after = changes["provider_id"]
        event(EventKind.PROVIDER_CHANGED, Provider.objects.filter(pk=before).first(), Provider.objects.get(pk=after))
    detail_fields = [name for name in ("name", "address", "postcode") if name in changes]
    if detail_fields:
        event(
            EventKind.DETAILS_CHANGED,
            "; ".join(str(changes[name][0]) for name in detail_fields),
            "; ".join(str(changes[name][1]) for name in detail_fields),
        )
    return events


def _save_ratings(records: list[LocationRecord]) -> None:
    """Keep every published rating (current and historic) once per location and date."""
    wanted = [record for record in records if record.ratings or record.historic_ratings]
    if not wanted:
        return
    ids = {
        location.cqc_location_id: location.pk
        for location in Location.objects.filter(cqc_location_id__in=[r.location_id for r in wanted]).only(
            "pk", "cqc_location_id"
        )
    }
    known = set(LocationRating.objects.filter(location_id__in=ids.values()).values_list("location_id", "published_on"))
    rows = []
    for record in wanted:
        location_id = ids[record.location_id]
        dated = list(record.historic_ratings)
        if record.ratings and record.rating_published_on:
            dated.append((record.rating_published_on, record.ratings))
        for published_on, ratings in dated:
            if (location_id, published_on) in known:
                continue
            known.add((location_id, published_on))
            rows.append(
                LocationRating(
                    location_id=location_id, published_on=published_on, **{k: ratings.get(k, "") for k in RATING_FIELDS}
                )
            )
    LocationRating.objects.bulk_create(rows, batch_size=BATCH)


# --- Capacity -------------------------------------------------------------------------------


@transaction.atomic
def capacity_return_save(
    *, location: Location, return_date: datetime.date, values: dict[str, Any], by: User | None, source: str = ""
) -> CapacityReturn:
    """Record (or correct) a location's capacity on a date. One return per location a day.

    A correction changes only the figures given; the others keep what was entered before.
    """
    capacity = CapacityReturn.objects.filter(location=location, return_date=return_date).first()
    fields = {key: values[key] for key in CAPACITY_FIGURES if key in values}
    fields["source"] = source or ReturnSource.PROVIDER
    if capacity is None:
        capacity = CapacityReturn(location=location, return_date=return_date, entered_by=by, **fields)
        return audited_save(instance=capacity, by=by)
    fields["entered_by"] = by
    capacity, _ = model_update(instance=capacity, fields=fields, by=by)
    return capacity


CAPACITY_COLUMNS = {
    "Location ID": None,
    "Date": None,
    "Beds capacity": "beds_capacity",
    "Beds occupied": "beds_occupied",
    "Vacant beds accepting admissions": "beds_vacant_accepting",
    "Vacant beds not accepting admissions": "beds_vacant_reserved",
    "Care staff": "care_staff",
    "Nurses": "nursing_staff",
    "Agency staff": "agency_staff",
    "Staff absent": "staff_absent",
    "People receiving homecare": "homecare_people",
    "Homecare hours last week": "homecare_hours",
    "Homecare care workers": "homecare_care_workers",
}


def capacity_import(
    *,
    name: str,
    content: bytes,
    by: User | None,
    allowed: Iterable[Location] | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import capacity returns (one row per location and date, Capacity Tracker fields).

    `allowed` limits which locations the file may touch (a provider's own); every problem is
    reported by line and column and nothing is saved unless the whole file is good. `progress`
    is told each of CAPACITY_IMPORT_STEPS steps.
    """
    progress(f"Reading {name}")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    problems: list[RowProblem] = []
    rows = list(read_csv_rows(name, required_columns=["Location ID", "Date"], text=text))
    progress(f"Checking {len(rows):,} returns")
    ids = {row.get("Location ID", "") for _, row in rows}
    scope = Location.objects.filter(cqc_location_id__in=ids)
    if allowed is not None:
        scope = scope.filter(pk__in=[location.pk for location in allowed])
    locations = {location.cqc_location_id: location for location in scope}
    parsed: list[tuple[Location, datetime.date, dict[str, Any]]] = []
    seen: dict[tuple[str, datetime.date], int] = {}
    for line, row in rows:
        if "__width__" in row:
            problems.append(RowProblem(name, line, None, row["__width__"]))
            continue
        location = locations.get(row["Location ID"])
        if location is None:
            problems.append(
                RowProblem(name, line, "Location ID", f"{row['Location ID']!r} is not a location you can report for")
            )
            continue
        try:
            return_date = datetime.date.fromisoformat(row["Date"])
        except ValueError:
            problems.append(RowProblem(name, line, "Date", f"{row['Date']!r} is not a date like 2026-11-24"))
            continue
        key = (location.cqc_location_id, return_date)
        if key in seen:
            problems.append(
                RowProblem(
                    name, line, "Date", f"a second return for this location and date (first at line {seen[key]})"
                )
            )
            continue
        seen[key] = line
        values: dict[str, Any] = {}
        for column, field_name in CAPACITY_COLUMNS.items():
            raw = row.get(column, "")
            if field_name is None or raw == "":
                continue
            try:
                number = Decimal(raw)
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                problems.append(RowProblem(name, line, column, f"{raw[:40]!r} is not a number"))
                continue
            if number < 0 or (field_name != "homecare_hours" and number != number.to_integral_value()):
                problems.append(RowProblem(name, line, column, f"{raw!r} is not a whole number of zero or more"))
                continue
            values[field_name] = number if field_name == "homecare_hours" else int(number)
        candidate = CapacityReturn(location=location, return_date=return_date, **values)
        try:
            candidate.full_clean(exclude=["location", "entered_by"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = next((c for c, f in CAPACITY_COLUMNS.items() if f == field_name), "Date")
                problems.extend(RowProblem(name, line, column, message) for message in messages)
        parsed.append((location, return_date, values))
    if problems:
        raise ImportRejected(problems)
    result = ImportResult()
    progress(f"Saving {len(parsed):,} returns")
    with transaction.atomic():
        for location, return_date, values in parsed:
            existed = CapacityReturn.objects.filter(location=location, return_date=return_date).exists()
            capacity_return_save(
                location=location, return_date=return_date, values=values, by=by, source=ReturnSource.IMPORT
            )
            if existed:
                result.updated += 1
            else:
                result.created += 1
    progress(f"Imported {name}: {result}")
    return result


# --- Records the commissioning team keeps -------------------------------------------------------


def concern_create(*, provider: Provider, by: User, **fields: Any) -> ProviderConcern:
    """Record a concern about a provider for the recorder's organisation."""
    return owned_create(ProviderConcern, by=by, provider=provider, recorded_by=by, **fields)


def concern_update(*, concern: ProviderConcern, by: User, **fields: Any) -> ProviderConcern:
    """Change a concern, or close it."""
    return model_update(instance=concern, fields=fields, by=by)[0]


def contingency_plan_create(*, provider: Provider, by: User, **fields: Any) -> ContingencyPlan:
    """Write the organisation's contingency plan for a provider (one each)."""
    if ContingencyPlan.objects.filter(provider=provider, organisation=by.organisation).exists():
        raise ValidationError("Your organisation already has a contingency plan for this provider: change that one")
    return owned_create(ContingencyPlan, by=by, provider=provider, **fields)


def contingency_plan_update(*, plan: ContingencyPlan, by: User, **fields: Any) -> ContingencyPlan:
    """Revise a contingency plan."""
    return model_update(instance=plan, fields=fields, by=by)[0]


def relationship_entry_create(*, provider: Provider, by: User, **fields: Any) -> RelationshipEntry:
    """Log a contact with a provider (the recorder is kept)."""
    return owned_create(RelationshipEntry, by=by, provider=provider, recorded_by=by, **fields)


@transaction.atomic
def forum_create(*, by: User, attendees: Iterable[Provider] = (), **fields: Any) -> ProviderForum:
    """Record a provider forum and who came."""
    forum = owned_create(ProviderForum, by=by, **fields)
    model_update(instance=forum, fields={"attendees": list(attendees)}, by=by)
    return forum


def forum_update(*, forum: ProviderForum, by: User, **fields: Any) -> ProviderForum:
    """Change a forum's record (its attendees too, given as `attendees`)."""
    return model_update(instance=forum, fields=fields, by=by)[0]


def provider_update(*, provider: Provider, fields: dict[str, Any], by: User) -> Provider:
    """A provider's own contact details, or a commissioner's market facts about it."""
    provider, _ = model_update(instance=provider, fields=fields, by=by)
    return provider


@transaction.atomic
def funding_share_set(
    *, provider: Provider, organisation: Organisation, share: Decimal | None, by: User | None
) -> None:
    """Record (or clear) the share of a provider's business an organisation funds."""
    existing = ProviderFunding.objects.filter(provider=provider, organisation=organisation).first()
    if share is None:
        if existing is not None:
            audited_delete(instance=existing, by=by)
    elif existing is None:
        audited_save(
            instance=ProviderFunding(provider=provider, organisation=organisation, council_funded_share=share), by=by
        )
    else:
        model_update(instance=existing, fields={"council_funded_share": share}, by=by)


def statement_create(*, by: User, **fields: Any) -> MarketPositionStatement:
    """Start a draft market position statement for the writer's organisation."""
    return owned_create(MarketPositionStatement, by=by, **fields)


def statement_update(*, statement: MarketPositionStatement, by: User, **fields: Any) -> MarketPositionStatement:
    """Change a draft statement (a published one stands as published)."""
    return model_update(instance=statement, fields=fields, by=by)[0]


@transaction.atomic
def statement_publish(
    *, statement: MarketPositionStatement, figures: dict[str, Any], by: User
) -> MarketPositionStatement:
    """Publish: freeze today's figures so the public page and documents stay as published."""
    record_publish(record=statement, by=by, figures=figures)
    if statement.cycle_id:
        # The published statement is evidence for its cycle's market shaping.
        activity = checklist_activity_get(cycle=statement.cycle, key=MARKET_SHAPING)
        if activity is not None and can_work_on_activity(by, activity):
            evidence_add(activity=activity, by=by, record=statement)
    return statement


def link_provider_organisation(*, provider: Provider, organisation: Organisation | None, by: User | None) -> Provider:
    """Say which organisation's people act for a provider (their self-service scope)."""
    provider, _ = model_update(instance=provider, fields={"organisation": organisation}, by=by)
    return provider


@transaction.atomic
def community_service_add(*, data: dict[str, Any], by: User) -> Location:
    """Add a service CQC does not register, under a provider found by name or created."""
    provider = Provider.objects.filter(name__iexact=data["provider_name"].strip()).order_by("pk").first()
    if provider is None:
        provider = audited_save(instance=Provider(name=data["provider_name"].strip()), by=by)
    location = Location(
        provider=provider,
        name=data["name"].strip(),
        service_codes=codes_field_value(data["services"]),
        client_group_codes=codes_field_value(data.get("client_groups") or []),
        address=data.get("address", ""),
        postcode=data.get("postcode", ""),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        local_authority=data["local_authority"],
        local_authority_name=data["local_authority"].name,
        telephone=data.get("telephone", ""),
        registration_status=RegistrationStatus.NOT_REGISTERED,
    )
    return audited_save(instance=location, by=by)
