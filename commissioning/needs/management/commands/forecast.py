"""commissioning forecast : people with each need (and demand) by year, as CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.analytics.forecast import ScenarioTooLarge
from commissioning.core.downloads import csv_write
from commissioning.core.forms import is_record_id
from commissioning.core.models import Area
from commissioning.needs.analysis import area_forecast
from commissioning.needs.documents import forecast_csv_rows
from commissioning.needs.models import PopulationVintage, RateSet, Scenario


class Command(BaseCommand):
    help = "Forecast need and demand for an area: population x rate, band by band, for every year of a vintage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="GSS code, e.g. E08000009")
        parser.add_argument(
            "--rates", action="append", default=[], help="Rate set name or id (repeat; default: every published need)"
        )
        parser.add_argument("--vintage", help="Vintage id or name (default: the newest projection for the area)")
        parser.add_argument("--scenario", help="Scenario id or name")
        parser.add_argument("--detail", action="store_true", help="One row per age band and sex, not just totals")
        parser.add_argument("--output", type=Path, help="Write CSV here instead of standard output")

    def handle(self, *args, **options) -> None:
        area = Area.objects.filter(code=options["area"].upper()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']}")
        vintages = PopulationVintage.objects.filter(areas=area)
        if options["vintage"]:
            key = options["vintage"]
            vintage = (vintages.filter(pk=int(key)) if is_record_id(key) else vintages.filter(name=key)).first()
        else:
            vintage = vintages.filter(kind="projection").order_by("-base_year", "-created_at").first()
        if vintage is None:
            raise CommandError(f"No population vintage covering {area.name} matches")
        if options["rates"]:
            rate_sets = []
            for key in options["rates"]:
                found = RateSet.objects.filter(pk=int(key)) if is_record_id(key) else RateSet.objects.filter(name=key)
                if not found.exists():
                    raise CommandError(f"No rate set {key!r}")
                rate_sets.extend(found.prefetch_related("rates"))
        else:
            rate_sets = list(RateSet.objects.filter(is_local=False).prefetch_related("rates"))
        scenario = None
        if options["scenario"]:
            key = options["scenario"]
            scenario = (
                Scenario.objects.filter(pk=int(key)) if key.isdigit() else Scenario.objects.filter(name=key)
            ).first()
            if scenario is None:
                raise CommandError(f"No scenario {key!r}")
        try:
            forecast = area_forecast(area=area, vintage=vintage, rate_sets=rate_sets, scenario=scenario)
        except ScenarioTooLarge as error:
            raise CommandError(str(error)) from error
        rows = forecast_csv_rows(forecast, detail=options["detail"])
        if options["output"]:
            with options["output"].open("w", newline="", encoding="utf-8") as handle:
                csv_write(handle, rows)
            self.stderr.write(f"Wrote {len(rows) - 1} rows to {options['output']}")
        else:
            csv_write(sys.stdout, rows)
