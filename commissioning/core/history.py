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


def _display(field: models.Field, value: Any, cache: dict[tuple[Any, Any], str]) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, list):  # many-to-many: a list of through-table dicts
        return _display_many(field, value, cache)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if field.is_relation and field.related_model is not None:
        key = (field.related_model, value)
        if key not in cache:
            related = field.related_model._default_manager.filter(pk=value).first()
            cache[key] = str(related) if related is not None else f"(deleted record {value})"
        return cache[key]
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return format_date(value)
    text = str(value)
    if len(text) > 2 and text.startswith("|") and text.endswith("|"):
        # Codes stored as |a|b| (services, client groups): show them as the words people chose.
        return ", ".join(_code_labels().get(code, code) for code in text.strip("|").split("|"))
    return text if len(text) <= 300 else text[:297] + "..."


def _display_many(field: models.Field, rows: list[dict[str, Any]], cache: dict) -> str:
    target = field.related_model
    ids = [row.get(target._meta.model_name) for row in rows] if target else []
    names = []
    for pk in ids:
        key = (target, pk)
        if key not in cache:
            related = target._default_manager.filter(pk=pk).first()
            cache[key] = str(related) if related is not None else f"(deleted record {pk})"
        names.append(cache[key])
    return ", ".join(sorted(names)) or "(none)"


def history_entries(records: Any, *, label_records: bool = False, limit: int = 500) -> list[HistoryEntry]:
    """Entries for historical records (newest first), each with its field-by-field changes.

    `records` is a history queryset, possibly of several records (a cycle with its activities);
    with `label_records`, each entry names the record it is about. The newest `limit` records
    are read.
    """
    records = list(records.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    cache: dict[tuple[Any, Any], str] = {}
    entries = []
    for record in records:
        model = record.instance_type
        changes: list[Change] = []
        previous = record.prev_record
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                field = model._meta.get_field(change.field)
                changes.append(
                    Change(
                        str(field.verbose_name).capitalize(),
                        _display(field, change.old, cache),
                        _display(field, change.new, cache),
                    )
                )
            if not changes:
                continue
        elif record.history_type == "+":
            for field in model._meta.concrete_fields:
                if field.name in HIDDEN_FIELDS:
                    continue
                value = getattr(record, field.attname, None)
                if value in (None, "", False):
                    continue
                changes.append(Change(str(field.verbose_name).capitalize(), "", _display(field, value, cache)))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(user) if user else "The system (import or command)",
                action=ACTIONS.get(record.history_type, record.history_type),
                record=f"{model._meta.verbose_name.capitalize()}: {record.history_object}" if label_records else "",
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
