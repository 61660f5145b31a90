"""Importing population figures: every file checked (in analytics), then kept as one vintage."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.analytics.population import year_columns
from commissioning.analytics.population_checks import KnownArea, PopulationFile, Progress, check_population
from commissioning.analytics.problems import ImportRejected, RowProblem
from commissioning.core.geography import ABOLISHED_COUNTIES_2023, SUCCESSORS_2023
from commissioning.core.imports import formula_notes
from commissioning.core.models import Area
from commissioning.core.services import audited_save, model_update
from commissioning.needs.analysis import comparisons_prepare
from commissioning.needs.choices import VintageKind
from commissioning.needs.models import PopulationVintage

# Rows a Parquet row group: about 60 areas' figures, so reading a few areas skips most of a
# national file (by the row groups' area_code statistics).
ROW_GROUP = 16_384


def _digest(files: Iterable[PopulationFile]) -> str:
    digest = hashlib.sha256()
    for content in sorted(file.content for file in files):
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def _area_lookup() -> dict[str, KnownArea]:
    return {
        code: KnownArea(name, level, parent)
        for code, name, level, parent in Area.objects.values_list("code", "name", "level", "parent__code")
    }


def population_import_steps(file_count: int) -> int:
    """How many times population_import reports progress: the areas, each file, saving, done."""
    return file_count + 3


def population_import(
    *,
    files: list[PopulationFile],
    name: str,
    variant: str = "",
    by: User | None = None,
    source_url: str = "",
    publisher: str = "Office for National Statistics",
    licence: str = "Open Government Licence v3.0",
    notes: str = "",
    estimate_year: int | None = None,
    ignore_unknown_areas: bool = False,
    replace: bool = False,
    is_demo: bool = False,
    progress: Progress | None = None,
) -> tuple[PopulationVintage, bool]:
    """Import population files as one vintage; returns the vintage and whether anything changed.

    All files are checked before anything is saved; a problem anywhere rejects the lot. The
    same files again change nothing. A different set of figures under an existing vintage's name
    and variant is refused unless `replace` is given. The checks run before the saving
    transaction opens, so a long check of national files holds no write lock; `progress` is told
    each step (see population_import_steps), for the command line's bar and background jobs.
    """
    progress = progress or (lambda message: None)
    if not files:
        raise ImportRejected([RowProblem("(no file)", None, None, "give at least one file")])
    if not name.strip():
        raise ImportRejected([RowProblem(files[0].name, None, None, "give the vintage a name")])
    digest = _digest(files)
    same = PopulationVintage.objects.filter(content_sha256=digest).first()
    if same is not None:
        progress(f"These files are already imported as {same}; nothing changed")
        return same, False
    checked = check_population(
        files,
        areas=_area_lookup(),
        successors=SUCCESSORS_2023,
        abolished=set(ABOLISHED_COUNTIES_2023),
        estimate_year=estimate_year,
        ignore_unknown_areas=ignore_unknown_areas,
        progress=progress,
    )
    frame, notes_made, skipped = checked.frame, checked.notes, checked.skipped
    notes_made = [*notes_made, *formula_notes(frame["area_name"].unique().to_list())]
    kind = VintageKind.PROJECTION if checked.layout == "projection" else VintageKind.ESTIMATE
    years = [int(year) for year in year_columns(frame)]
    sexes = sorted(frame["sex"].unique().to_list())
    figures = sum(frame.select(pl.col(year_columns(frame)).count()).row(0))
    existing = PopulationVintage.objects.filter(name=name.strip(), variant=variant.strip()).first()
    if existing is not None and not replace:
        raise ImportRejected(
            [
                RowProblem(
                    files[0].name, None, None,
                    f"a vintage called '{existing}' was imported on {existing.created_at:%d %B %Y} from different "
                    "figures: give this one another name or variant, or replace it",
                )
            ]
        )  # fmt: skip
    progress("Saving")
    directory = Path(settings.POPULATION_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    storage_name = f"{digest[:24]}.parquet"
    temporary = directory / f".{storage_name}.{os.getpid()}.tmp"
    # Only a file this import creates is removed if saving fails: the same figures may already be
    # stored by an import running at the same moment.
    created = not (directory / storage_name).exists()
    # Wide (a row an area, sex and age; a column a year), sorted so a read of a few areas or of
    # persons only skips the rest by the row groups' statistics.
    frame.sort("area_code", "sex", "age").write_parquet(
        temporary, compression="lz4", statistics=True, row_group_size=ROW_GROUP
    )
    os.replace(temporary, directory / storage_name)
    try:
        with transaction.atomic():
            fields = {
                "kind": kind,
                "base_year": years[0],
                "first_year": years[0],
                "last_year": years[-1],
                "ages_from": int(frame["age"].min()),
                "publisher": publisher,
                "source_url": source_url,
                "licence": licence,
                "notes": "\n".join(
                    [notes, *notes_made, *([f"Left out unknown areas: {', '.join(skipped)}"] if skipped else [])]
                ).strip(),
                "files": "\n".join(file.name for file in files),
                "content_sha256": digest,
                "storage_name": storage_name,
                "cells": figures,
                "sexes": sexes,
            }
            old_storage = existing.storage_name if existing else None
            if existing is None:
                vintage = PopulationVintage(
                    name=name.strip(), variant=variant.strip(), imported_by=by, is_demo=is_demo, **fields
                )
                audited_save(instance=vintage, by=by)
            else:
                vintage, _ = model_update(instance=existing, fields=fields, by=by)
            vintage.areas.set(Area.objects.filter(code__in=frame["area_code"].unique().to_list()))
            if old_storage and old_storage != storage_name:
                transaction.on_commit(lambda: (directory / old_storage).unlink(missing_ok=True))
    except Exception:
        if created:
            (directory / storage_name).unlink(missing_ok=True)
        raise
    # The region and England figures every profile in the vintage compares with: computed now,
    # once, so a profile's comparison table is a lookup.
    comparisons_prepare(vintage)
    progress(f"Imported {figures:,} figures for {len(frame['area_code'].unique())} areas, {years[0]} to {years[-1]}")
    return vintage, True
