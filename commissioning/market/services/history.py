"""History rows for records written in bulk, copied inside the database.

simple_history's bulk helpers build a second model instance per row and insert it through the
ORM, which costs as much again as writing the rows themselves. An import of the national register
writes tens of thousands of rows, so their history is copied with one INSERT ... SELECT per batch
from the rows just written: the same history rows (every field as saved, who, when and why),
without the round trip through Python.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

from commissioning.accounts.models import User

# Ids per statement: within every database's limit on query parameters.
IDS_PER_STATEMENT = 900


def history_copy(
    model: type[models.Model],
    pks: Iterable[int],
    *,
    history_type: str,
    by: User | None,
    reason: str,
) -> int:
    """Write a history row (`history_type` "+" created or "~" changed) for each of `pks`, as the
    row stands now, recorded as done by `by` for `reason`. Returns how many were written."""
    history_model = model.history.model  # type: ignore[attr-defined]
    source = {field.attname: field.column for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    targets: list[str] = []
    selected: list[str] = []
    params: list[object] = []  # the constants' values, in the order their placeholders appear
    constants = {
        "history_date": connection.ops.adapt_datetimefield_value(timezone.now()),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": by.pk if by is not None else None,
    }
    for field in history_model._meta.concrete_fields:
        if field.attname == "history_id":
            continue
        targets.append(quote(field.column))
        if field.attname in constants:
            selected.append("%s")
            params.append(constants[field.attname])
        else:
            selected.append(quote(source[field.attname]))
    ids = list(pks)
    # Only table and column names from the models, quoted, are written into the SQL; values are parameters.
    statement = (
        f"INSERT INTO {quote(history_model._meta.db_table)} ({', '.join(targets)}) "  # noqa: S608
        f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN "
    )
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), IDS_PER_STATEMENT):
            batch = ids[start : start + IDS_PER_STATEMENT]
            cursor.execute(f"{statement}({', '.join(['%s'] * len(batch))})", [*params, *batch])
            written += len(batch)
    return written
