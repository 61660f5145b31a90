"""Loading CQC's files into the register: locations and providers updated in place, and every
change recorded as a market change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.analytics.cqc.reader import parse_cqc_file
from commissioning.analytics.cqc.records import LocationRecord, ParsedFile
from commissioning.analytics.cqc.words import Layout
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.imports import ImportRejected, Progress, RowProblem, formula_notes, no_progress
from commissioning.core.models import Area
from commissioning.market.choices import EventKind, EventOutcome, ImportCoverage, RegistrationStatus
from commissioning.market.models import (
    CqcImport,
    Location,
    LocationRating,
    MarketEvent,
    Provider,
    codes_field_value,
    rating_fell,
)
from commissioning.market.services.history import IDS_PER_STATEMENT, history_copy
from commissioning.market.summary import market_summary_rebuild

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
    # Locations the register held before, by CQC id.
    existing: dict[str, Location] = field(default_factory=dict)
    # Events naming a provider change, whose before and after are provider ids until named.
    provider_changes: list[MarketEvent] = field(default_factory=list)


# How many times cqc_import and capacity_import tell `progress` of a step.
CQC_IMPORT_STEPS = 4


def cqc_import(
    *,
    name: str,
    content: bytes,
    by: User | None,
    file_format: str | None = None,
    coverage: str = ImportCoverage.AUTO,
    is_demo: bool = False,
    progress: Progress = no_progress,
) -> CqcImport:
    """Import a CQC file: create new providers and locations, update changed ones in place,
    record what changed as events, keep every rating. All or nothing; never duplicates.

    A file that covers whole council areas (`coverage`: England, or worked out from the file: a
    care directory or HSCA active locations file covers the councils it lists) also names the
    registered locations there that it leaves out, as events for the team to confirm.
    `progress` is told each of CQC_IMPORT_STEPS steps."""
    progress(f"Reading and checking {name}")
    parsed = parse_cqc_file(name, content, file_format)
    _check_lengths(parsed, name)
    progress(f"Finding the council for each of {len(parsed.records):,} locations")
    by_name, by_code = _local_authorities()
    notes = [*parsed.notes, *formula_notes(value for record in parsed.records for value in vars(record).values())]
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
            created = [location for _, location in plan.new_locations]
            Location.objects.bulk_create(created, batch_size=BATCH)
            _read_back_keys(created)
            history_copy(Location, [location.pk for location in created], history_type="+", by=by, reason=reason)
        if plan.changed_locations:
            Location.objects.bulk_update(
                plan.changed_locations,
                [field.removesuffix("_id") if field.endswith("_id") else field for field in LOCATION_FIELDS],
                batch_size=BATCH,
            )
            history_copy(
                Location, [location.pk for location in plan.changed_locations], history_type="~", by=by, reason=reason
            )
        _name_provider_changes(plan.provider_changes)
        _save_ratings(parsed.records, plan)
        for event in plan.events:
            if event.location is not None:
                event.location_id = event.location.pk
        MarketEvent.objects.bulk_create(plan.events, batch_size=BATCH)
        missing = _record_missing(parsed, _covered_councils(parsed, coverage), run, by)
        if missing:
            notes.append(
                f"{missing:,} registered location(s) in the area this file covers are not in it: confirm on the "
                "market changes page whether each has closed"
            )
        market_summary_rebuild()
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
        Provider.objects.bulk_create(new, batch_size=BATCH)
        if any(provider.pk is None for provider in new):
            # Databases that do not return keys from bulk inserts: read them back.
            ids = dict(Provider.objects.filter(cqc_provider_id__isnull=False).values_list("cqc_provider_id", "pk"))
            unnumbered = Provider.objects.filter(cqc_provider_id__isnull=True).values_list("name", "pk")
            names = {provider_name.lower(): pk for provider_name, pk in unnumbered}
            for provider in new:
                provider.pk = ids.get(provider.cqc_provider_id) or names.get(provider.name.lower())
        history_copy(Provider, [provider.pk for provider in new], history_type="+", by=by, reason=reason)
    if changed:
        Provider.objects.bulk_update(changed, [*PROVIDER_FIELDS, "cqc_provider_id"], batch_size=BATCH)
        history_copy(Provider, [provider.pk for provider in changed], history_type="~", by=by, reason=reason)
    return result


def _read_back_keys(locations: list[Location]) -> None:
    """Databases that do not return keys from bulk inserts: read them back by CQC id."""
    if all(location.pk is not None for location in locations):
        return
    wanted = [location.cqc_location_id for location in locations]
    ids: dict[str, int] = {}
    for start in range(0, len(wanted), 5000):
        batch = Location.objects.filter(cqc_location_id__in=wanted[start : start + 5000])
        ids.update(batch.values_list("cqc_location_id", "pk"))
    for location in locations:
        location.pk = ids[location.cqc_location_id]


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
    plan = _Plan([], [], [], [], [], 0, existing)
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
        events = _events_for(location, changes, run)
        plan.events.extend(events)
        plan.provider_changes.extend(event for event in events if event.kind == EventKind.PROVIDER_CHANGED)
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
        # Provider ids for now: _name_provider_changes names them all in one query.
        event(EventKind.PROVIDER_CHANGED, *changes["provider_id"])
    detail_fields = [name for name in ("name", "address", "postcode") if name in changes]
    if detail_fields:
        event(
            EventKind.DETAILS_CHANGED,
            "; ".join(str(changes[name][0]) for name in detail_fields),
            "; ".join(str(changes[name][1]) for name in detail_fields),
        )
    return events


def _name_provider_changes(events: list[MarketEvent]) -> None:
    """Name the providers before and after each provider change (stored as ids until now)."""
    if not events:
        return
    ids = {int(value) for event in events for value in (event.before, event.after) if value}
    names = dict(Provider.objects.filter(pk__in=ids).values_list("pk", "name"))
    for event in events:
        event.before = names.get(int(event.before), "")[:300] if event.before else ""
        event.after = names.get(int(event.after), "")[:300] if event.after else ""


def _covered_councils(parsed: ParsedFile, coverage: str) -> set[str] | None:
    """The council codes whose every active location the file lists (None: all of England)."""
    if coverage == ImportCoverage.ENGLAND:
        return None
    if coverage == ImportCoverage.LISTED or parsed.file_format not in (Layout.HSCA, Layout.DIRECTORY):
        # API records and local extracts are chosen locations, not a whole area's.
        return set()
    return {record.local_authority_code for record in parsed.records if record.local_authority_code}


def _record_missing(parsed: ParsedFile, covered: set[str] | None, run: CqcImport, by: User | None) -> int:
    """Record a "no longer in CQC's active list" event for each registered location in the
    covered councils that the file leaves out (once, until the team answers), and close the
    question for any that are back in the list. Returns how many were newly found missing."""
    listed = {record.location_id for record in parsed.records}
    pending = MarketEvent.objects.filter(kind=EventKind.NOT_IN_ACTIVE_LIST, outcome=EventOutcome.PENDING)
    back = [pk for pk, cqc_id in pending.values_list("pk", "location__cqc_location_id") if cqc_id in listed]
    if back:
        MarketEvent.objects.filter(pk__in=back).update(
            outcome=EventOutcome.STILL_OPEN, outcome_by=by, outcome_at=timezone.now()
        )
    if covered is not None and not covered:
        return 0
    candidates = Location.objects.filter(
        registration_status=RegistrationStatus.REGISTERED, cqc_location_id__isnull=False
    )
    if covered is not None:
        candidates = candidates.filter(local_authority__code__in=covered)
    asked = set(pending.values_list("location_id", flat=True))
    events = [
        MarketEvent(
            kind=EventKind.NOT_IN_ACTIVE_LIST,
            location_id=pk,
            provider_id=provider_id,
            before="Registered",
            after=f"Not in {run.file_name}"[:300],
            source=run,
        )
        for pk, cqc_id, provider_id in candidates.values_list("pk", "cqc_location_id", "provider_id").iterator()
        if cqc_id not in listed and pk not in asked
    ]
    MarketEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(events)


@transaction.atomic
def closure_confirm(*, event: MarketEvent, closed: bool, by: User) -> MarketEvent:
    """Answer a "no longer in CQC's active list" event: a location confirmed closed is
    deregistered (so it leaves supply, concentration and risk); one still open stays as it is."""
    event = MarketEvent.objects.select_for_update(of=("self",)).select_related("location", "source").get(pk=event.pk)
    if not event.awaits_confirmation:
        raise ValidationError("This change has already been answered")
    event.outcome = EventOutcome.CLOSED if closed else EventOutcome.STILL_OPEN
    event.outcome_by = by
    event.outcome_at = timezone.now()
    event.save(update_fields=["outcome", "outcome_by", "outcome_at"])
    location = event.location
    if closed and location is not None and location.is_registered:
        location.registration_status = RegistrationStatus.DEREGISTERED
        location.deregistered_on = location.deregistered_on or event.detected_at.date()
        # Imported records are saved as CQC gave them, so only these fields are written.
        location._history_user = by
        location._change_reason = f"Confirmed closed: not in {event.source.file_name if event.source else 'a CQC file'}"
        location.save(update_fields=["registration_status", "deregistered_on", "updated_at"])
    return event


def _save_ratings(records: list[LocationRecord], plan: _Plan) -> None:
    """Keep every published rating (current and historic) once per location and date."""
    wanted = [record for record in records if record.ratings or record.historic_ratings]
    if not wanted:
        return
    ids = {location_id: location.pk for location_id, location in plan.existing.items()}
    ids.update((location.cqc_location_id, location.pk) for _, location in plan.new_locations)
    # Only locations the register held before can have ratings already.
    before = [ids[record.location_id] for record in wanted if record.location_id in plan.existing]
    known: set[tuple[int, Any]] = set()
    for start in range(0, len(before), 5000):
        known.update(
            LocationRating.objects.filter(location_id__in=before[start : start + 5000]).values_list(
                "location_id", "published_on"
            )
        )
    rows = []
    copied: list[int] = []
    for record in wanted:
        location_id = ids[record.location_id]
        dated = list(record.historic_ratings)
        if record.ratings and record.rating_published_on:
            if record.location_id not in plan.existing and all(
                published_on != record.rating_published_on for published_on, _ in dated
            ):
                # A new location's current rating is what was just written to its row.
                copied.append(location_id)
                known.add((location_id, record.rating_published_on))
            else:
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
    _copy_current_ratings(copied)


def _copy_current_ratings(location_ids: list[int]) -> None:
    """Each location's current rating as a LocationRating, copied from its row in the database
    (one INSERT ... SELECT per batch rather than a model instance per rating)."""
    quote = connection.ops.quote_name
    rating_table, location_table = LocationRating._meta.db_table, Location._meta.db_table
    targets = ("location", "published_on", *RATING_FIELDS)
    sources = ("id", "rating_published_on", *(f"{key}_rating" for key in RATING_FIELDS))
    columns = ", ".join(quote(LocationRating._meta.get_field(name).column) for name in targets)
    selected = ", ".join(quote(Location._meta.get_field(name).column) for name in sources)
    with connection.cursor() as cursor:
        for start in range(0, len(location_ids), IDS_PER_STATEMENT):
            batch = location_ids[start : start + IDS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {quote(rating_table)} ({columns}) SELECT {selected} FROM {quote(location_table)} "  # noqa: S608
                f"WHERE {quote(Location._meta.pk.column)} IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )
