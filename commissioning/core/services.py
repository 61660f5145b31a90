"""Writes shared by every app: audited saves and the area lookup import."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from commissioning.core.choices import ENGLAND, GSS_PREFIX_LEVEL, AreaLevel
from commissioning.core.imports import ImportRejected, ImportResult, RowProblem, formula_notes, read_csv_rows
from commissioning.core.models import Area, PublishedRecord, gss_code_validator

M = TypeVar("M", bound=models.Model)

AREA_LOOKUP = Path(__file__).resolve().parent / "data" / "geography" / "lad23_to_utla23_region23_ew.csv"


def audited_save(*, instance: M, by: Any | None) -> M:
    """Validate and save a record, attributing the change in its history to `by`."""
    instance.full_clean()
    if by is not None:
        instance._history_user = by  # read by simple-history when it writes the record
    instance.save()
    return instance


def audited_delete(*, instance: models.Model, by: Any | None) -> None:
    """Delete a record, attributing the deletion in its history to `by`."""
    if by is not None:
        instance._history_user = by
    instance.delete()


def model_update(*, instance: M, fields: dict[str, Any], by: Any | None) -> tuple[M, bool]:
    """Set the given fields, and save (validated and audited) only if something changed.

    Many-to-many fields are set after the save. Returns the instance and whether it changed.
    """
    changed = False
    many_to_many: dict[str, Any] = {}
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            many_to_many[name] = value
            continue
        # A relation may be given as a record or, by its `_id` name, as a record's id.
        by_id = field.is_relation and name == field.attname
        wanted = value.pk if field.is_relation and not by_id and value is not None else value
        if getattr(instance, field.attname if field.is_relation else name) != wanted:
            setattr(instance, name, value)
            changed = True
    with transaction.atomic():
        if changed:
            audited_save(instance=instance, by=by)
        for name, values in many_to_many.items():
            manager = getattr(instance, name)
            if set(manager.values_list("pk", flat=True)) != {value.pk for value in values}:
                if by is not None:
                    instance._history_user = by
                manager.set(values)
                changed = True
    return instance, changed


P = TypeVar("P", bound=PublishedRecord)


@transaction.atomic
def record_publish(*, record: P, by: Any | None, figures: dict[str, Any] | None = None) -> P:
    """Publish a record, freezing `figures` (if given) as they stand, so the public page and
    documents keep showing what was published."""
    if record.is_published:
        raise ValidationError(f"This {record._meta.verbose_name} is already published")
    record.is_published = True
    if figures is not None:
        record.figures = figures
    try:
        return audited_save(instance=record, by=by)
    except ValidationError:
        record.is_published = False
        raise


def _level_for(code: str) -> AreaLevel | None:
    return GSS_PREFIX_LEVEL.get(code[:3])


@transaction.atomic
def areas_load_lookup(path: Path | str = AREA_LOOKUP) -> ImportResult:
    """Load England's areas from the ONS district -> upper tier -> region lookup.

    Welsh rows are skipped (regions and adult social care data here are England's). The whole
    file is checked first; any bad row rejects the file and nothing changes. Re-running with
    the same file changes nothing.
    """
    name = Path(path).name
    columns = ["LAD23CD", "LAD23NM", "UTLA23CD", "UTLA23NM", "RGN23CD", "RGN23NM"]
    problems: list[RowProblem] = []
    # code -> (name, level, parent code)
    wanted: dict[str, tuple[str, AreaLevel, str | None]] = {ENGLAND: ("England", AreaLevel.COUNTRY, None)}

    def want(line: int, column: str, code: str, area_name: str, parent: str | None) -> None:
        try:
            gss_code_validator(code)
        except Exception:
            problems.append(RowProblem(name, line, column, f"{code!r} is not a GSS code"))
            return
        level = _level_for(code)
        if level is None:
            problems.append(RowProblem(name, line, column, f"{code!r} has an unknown area type"))
            return
        if not area_name:
            problems.append(RowProblem(name, line, column.replace("CD", "NM"), "name is blank"))
            return
        known = wanted.get(code)
        if known and (known[0], known[2]) != (area_name, parent):
            problems.append(RowProblem(name, line, column, f"{code} appears with a different name or parent"))
            return
        wanted[code] = (area_name, level, parent)

    for line, row in read_csv_rows(path, required_columns=columns):
        if "__width__" in row:
            problems.append(RowProblem(name, line, None, row["__width__"]))
            continue
        if not row["LAD23CD"].startswith("E"):
            continue
        region, upper, district = row["RGN23CD"], row["UTLA23CD"], row["LAD23CD"]
        if not region:
            problems.append(RowProblem(name, line, "RGN23CD", "an English district has no region"))
            continue
        want(line, "RGN23CD", region, row["RGN23NM"], ENGLAND)
        if upper == district:
            want(line, "LAD23CD", district, row["LAD23NM"], region)
        else:
            want(line, "UTLA23CD", upper, row["UTLA23NM"], region)
            want(line, "LAD23CD", district, row["LAD23NM"], upper)
    if problems:
        raise ImportRejected(problems)

    existing = {area.code: area for area in Area.objects.all()}
    result = ImportResult(notes=formula_notes(area_name for area_name, _, _ in wanted.values()))
    # Parents first: country, regions, upper tier, then districts.
    depth = {ENGLAND: 0}

    def depth_of(code: str) -> int:
        if code not in depth:
            depth[code] = depth_of(wanted[code][2]) + 1  # type: ignore[arg-type]
        return depth[code]

    for code in sorted(wanted, key=lambda c: (depth_of(c), c)):
        area_name, level, parent_code = wanted[code]
        parent = existing.get(parent_code) if parent_code else None
        region = None
        if level == AreaLevel.REGION:
            region = None
        elif parent is not None:
            region = parent if parent.level == AreaLevel.REGION else parent.region
        values = {
            "name": area_name,
            "level": level,
            "parent": parent,
            "region": region,
            "source": f"ONS {name}",
        }
        area = existing.get(code)
        if area is None:
            area = Area(code=code, **values)
            area.full_clean(validate_unique=False)
            area.save()
            existing[code] = area
            result.created += 1
        elif any(getattr(area, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(area, key, value)
            area.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result
