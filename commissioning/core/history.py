"""Readable audit history: who changed what, and when, for any audited record."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.db import models

from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.jinja2 import format_date

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "password", "last_login"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: Any
    who: str
    action: str
    record: str
    changes: list[Change]
    reason: str


@functools.lru_cache(maxsize=1)
def _code_labels() -> dict[str, str]:
    return {**dict(ServiceType.choices), **dict(ClientGroup.choices)}


Names = dict[tuple[Any, Any], str]


def _display(field: models.Field, value: Any, names: Names) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, set):  # many-to-many: the ids of the related records
        return ", ".join(sorted(_name(field.related_model, pk, names) for pk in value)) or "(none)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if field.is_relation and field.related_model is not None:
        return _name(field.related_model, value, names)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return format_date(value)
    text = str(value)
    if len(text) > 2 and text.startswith("|") and text.endswith("|"):
        # Codes stored as |a|b| (services, client groups): show them as the words people chose.
        return ", ".join(_code_labels().get(code, code) for code in text.strip("|").split("|"))
    return text if len(text) <= 300 else text[:297] + "..."


def _name(model: Any, pk: Any, names: Names) -> str:
    return names.get((model, pk), f"(deleted record {pk})")


def _tracked_fields(history_model: Any, model: Any) -> list[models.Field]:
    """The record's own fields that its history keeps, in the model's order."""
    kept = {field.attname for field in history_model._meta.concrete_fields}
    return [field for field in model._meta.concrete_fields if field.attname in kept and field.name not in HIDDEN_FIELDS]


def _previous_records(records: list[Any]) -> dict[int, Any]:
    """Each changed record's previous version, by history id: one query for all of them
    (simple-history's `prev_record` runs one a record)."""
    changed = [record for record in records if record.history_type == "~"]
    if not changed:
        return {}
    history_model = type(changed[0])
    newest = max(record.history_date for record in changed)
    versions: dict[Any, list[Any]] = {}
    for version in history_model._default_manager.filter(
        id__in={record.id for record in changed}, history_date__lt=newest
    ).order_by("history_date", "history_id"):
        versions.setdefault(version.id, []).append(version)
    previous = {}
    for record in changed:
        earlier = [version for version in versions.get(record.id, []) if version.history_date < record.history_date]
        if earlier:
            previous[record.history_id] = earlier[-1]
    return previous


def _many_to_many(records: list[Any], m2m_fields: list[Any]) -> dict[tuple[int, str], set[Any]]:
    """The related ids each version held in each many-to-many field, one query a field."""
    held: dict[tuple[int, str], set[Any]] = {
        (record.history_id, field.name): set() for record in records for field in m2m_fields
    }
    for field in m2m_fields:
        through = getattr(records[0], field.name).model
        target = field.related_model._meta.model_name
        rows = through._default_manager.filter(history_id__in=[record.history_id for record in records])
        for history_id, pk in rows.values_list("history_id", target):
            held[(history_id, field.name)].add(pk)
    return held


def _related_records(wanted: dict[Any, set[Any]]) -> dict[tuple[Any, Any], Any]:
    """Every related record the entries mention: one query a related model."""
    found: dict[tuple[Any, Any], Any] = {}
    for model, pks in wanted.items():
        pks.discard(None)
        for record in model._default_manager.filter(pk__in=pks):
            found[(model, record.pk)] = record
    return found


def _labelled(record: Any, fields: list[models.Field], related: dict[tuple[Any, Any], Any]) -> str:
    """The record as it was, named as its own str() names it, with its related records given
    from those already read (so naming it runs no query)."""
    instance = record.history_object
    for field in fields:
        if field.many_to_one or field.one_to_one:
            value = getattr(instance, field.attname)
            if (field.related_model, value) in related:
                field.set_cached_value(instance, related[(field.related_model, value)])
    return f"{instance._meta.verbose_name.capitalize()}: {instance}"


def history_entries(records: Any, *, label_records: bool = False, limit: int = 500) -> list[HistoryEntry]:
    """Entries for historical records (newest first), each with its field-by-field changes.

    `records` is a history queryset, possibly of several records (a cycle with its activities);
    with `label_records`, each entry names the record it is about. The newest `limit` records
    are read. The number of queries does not grow with the number of records: previous
    versions, many-to-many values and related records' names are each read in one go.
    """
    records = list(records.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    if not records:
        return []
    model = records[0].instance_type
    fields = _tracked_fields(type(records[0]), model)
    m2m_fields = list(getattr(type(records[0]), "_history_m2m_fields", []))
    previous = _previous_records(records)
    versions = records + list(previous.values())
    held = _many_to_many(versions, m2m_fields) if m2m_fields else {}

    def values(version: Any) -> dict[str, Any]:
        found = {field.name: getattr(version, field.attname) for field in fields}
        found.update({field.name: held[(version.history_id, field.name)] for field in m2m_fields})
        return found

    by_version = {version.history_id: values(version) for version in versions}
    wanted: dict[Any, set[Any]] = {}
    for field in [*fields, *m2m_fields]:
        if field.is_relation and field.related_model is not None:
            for found in by_version.values():
                value = found[field.name]
                wanted.setdefault(field.related_model, set()).update(value if isinstance(value, set) else {value})
    related = _related_records(wanted)
    names = {key: str(record) for key, record in related.items()}
    entries = []
    for record in records:
        changes: list[Change] = []
        new = by_version[record.history_id]
        before = previous.get(record.history_id)
        if record.history_type == "~" and before is not None:
            old = by_version[before.history_id]
            for field in [*fields, *m2m_fields]:
                if old[field.name] != new[field.name]:
                    changes.append(
                        Change(
                            str(field.verbose_name).capitalize(),
                            _display(field, old[field.name], names),
                            _display(field, new[field.name], names),
                        )
                    )
            if not changes:
                continue
        elif record.history_type == "+":
            for field in [*fields, *m2m_fields]:
                value = new[field.name]
                if value in (None, "", False) or value == set():
                    continue
                changes.append(Change(str(field.verbose_name).capitalize(), "", _display(field, value, names)))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(user) if user else "The system (import or command)",
                action=ACTIONS.get(record.history_type, record.history_type),
                record=_labelled(record, fields, related) if label_records else "",
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
