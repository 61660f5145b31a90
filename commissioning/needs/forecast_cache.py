"""Forecasts computed once and kept (the CachedForecast table): their keys, reads and writes.

A population vintage never changes after import, so one area's forecast from a vintage, a rate
set and the scenario adjustments that apply to it is the same every time it is asked for. Keys
fingerprint the content of those inputs, not their ids or edit times: a rate set's changed bands
or kind, a scenario's changed adjustments, or a vintage replaced by other figures each give a new
key, whatever path changed them (a page, the API, the admin, a migration), so a figure computed
from old inputs is never read back. The code that computes the figures is part of the key too, so
a release that changes the arithmetic does not show figures the old code computed. The services
that change inputs delete their rows only to keep the table small.

needs/analysis.py decides what to compute and turns rows into figures; this module only keys,
reads and writes rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from commissioning.analytics import forecast as arithmetic
from commissioning.analytics import population as population_reader
from commissioning.analytics.forecast import Adjustment
from commissioning.needs.choices import RateKind
from commissioning.needs.models import CachedForecast, PopulationVintage, RateSet, Scenario

# What is stored (bump it when the shape of `totals` or `bands` changes), and the source of the
# code that computes it: a change to either makes every key new.
FORMAT = 1
CODE = hashlib.sha256(
    b"".join(
        [
            str(FORMAT).encode(),
            *(
                Path(module).read_bytes()
                for module in (arithmetic.__file__, population_reader.__file__, Path(__file__).with_name("analysis.py"))
            ),
        ]
    )
).hexdigest()


def _fingerprint(parts: list[Any]) -> str:
    return hashlib.sha256(json.dumps([CODE, *parts], separators=(",", ":")).encode()).hexdigest()


def _number(value: Decimal | None) -> str | None:
    # normalize(): 0.0120 and 0.012 are the same rate, so the same key.
    return None if value is None else str(Decimal(value).normalize())


def applying(rate_set: RateSet, adjustments: Iterable[Adjustment]) -> list[Adjustment]:
    """The adjustments that change a rate set's figures (as analytics applies them): those naming
    it, and, for a need, those naming no rate set. In the scenario's order, as they are applied."""
    is_need = rate_set.kind == RateKind.NEED
    return [item for item in adjustments if item.rate_set == rate_set.pk or (item.rate_set is None and is_need)]


def forecast_key(
    *, vintage: PopulationVintage, area_code: str, rate_set: RateSet, adjustments: list[Adjustment]
) -> str:
    """The key of one area's forecast for one rate set under `adjustments` (see `applying`)."""
    bands = sorted(
        [rate.sex, rate.age_from, rate.age_to, _number(rate.value), _number(rate.ci_lower), _number(rate.ci_upper)]
        for rate in rate_set.rates.all()
    )
    changes = [[item.kind, _number(item.percent), item.from_year, item.rate_set] for item in adjustments]
    return _fingerprint(["forecast", vintage.content_sha256, area_code, rate_set.pk, rate_set.kind, bands, changes])


def residents_key(*, vintage: PopulationVintage, area_code: str, min_age: int = 0) -> str:
    """The key of an area's residents (of all ages, or aged `min_age` and over), year by year."""
    return _fingerprint(["residents", vintage.content_sha256, area_code, *([min_age] if min_age else [])])


def read(keys: Iterable[str], *, bands: bool = True) -> dict[str, tuple[Any, Any]]:
    """The kept rows among `keys` (one query): {key: (totals, bands)}; bands are [] unless asked for."""
    wanted = list(set(keys))
    if not wanted:
        return {}
    if bands:
        rows = CachedForecast.objects.filter(key__in=wanted).values_list("key", "totals", "bands")
        return {key: (totals, band_rows) for key, totals, band_rows in rows}
    rows = CachedForecast.objects.filter(key__in=wanted).values_list("key", "totals")
    return {key: (totals, []) for key, totals in rows}


def keep(rows: list[CachedForecast]) -> None:
    """Store newly computed rows. Another request may have stored the same key a moment before;
    its figures are the same, so that row stands. Rows an earlier release computed (whose keys
    this one never asks for) are deleted on the way."""
    if not rows:
        return
    for row in rows:
        row.computed_by = CODE
    CachedForecast.objects.exclude(computed_by=CODE).delete()
    CachedForecast.objects.bulk_create(rows, ignore_conflicts=True)


def forget(
    *, vintage: PopulationVintage | None = None, rate_set: RateSet | None = None, scenario: Scenario | None = None
) -> None:
    """Delete the rows computed from a vintage, a rate set or a scenario's adjustments, once it has
    changed (their keys would not be asked for again: this only keeps the table small)."""
    if vintage is not None:
        CachedForecast.objects.filter(vintage=vintage).delete()
    if rate_set is not None:
        CachedForecast.objects.filter(rate_set=rate_set).delete()
    if scenario is not None:
        CachedForecast.objects.filter(scenario=scenario).delete()
