"""commissioning import-population FILE... : load ONS population files as one vintage."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from commissioning.analytics.population_checks import PopulationFile
from commissioning.analytics.problems import ImportRejected
from commissioning.needs.services import population_import, population_import_steps


class Command(BaseCommand):
    help = (
        "Import ONS population projections (subnational projections, Z1 layout: one file per sex or "
        "one with a SEX column) or mid-year estimates by single year of age, as one vintage. All "
        "files are checked first; any problem rejects the lot. Importing the same files again "
        "changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="CSV files")
        parser.add_argument("--name", required=True, help='e.g. "ONS 2022-based subnational population projections"')
        parser.add_argument("--variant", default="", help='e.g. "Migration category variant"')
        parser.add_argument("--year", type=int, help="For estimates without a period column: the mid-year")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--publisher", default="Office for National Statistics")
        parser.add_argument("--notes", default="")
        parser.add_argument(
            "--ignore-unknown-areas",
            action="store_true",
            help="Leave out areas not in the area lookups (older codes, Wales) instead of refusing the file",
        )
        parser.add_argument("--replace", action="store_true", help="Replace a vintage of the same name and variant")

    def handle(self, *args, files: list[Path], **options) -> None:
        missing = [str(path) for path in files if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        steps = population_import_steps(len(files))
        with tqdm(total=steps, desc="Importing", unit="step", disable=options["verbosity"] == 0) as bar:

            def progress(message: str) -> None:
                bar.set_postfix_str(message[:60])
                bar.update(1)

            try:
                vintage, changed = population_import(
                    files=[PopulationFile.from_path(path) for path in files],
                    name=options["name"],
                    variant=options["variant"],
                    estimate_year=options["year"],
                    source_url=options["source_url"],
                    publisher=options["publisher"],
                    notes=options["notes"],
                    ignore_unknown_areas=options["ignore_unknown_areas"],
                    replace=options["replace"],
                    progress=progress,
                )
            except ImportRejected as rejected:
                raise CommandError(rejected.report(limit=50)) from rejected
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            bar.update(steps - bar.n)
        if changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {vintage}: {vintage.cells:,} figures, {vintage.areas.count()} areas, "
                    f"{vintage.first_year} to {vintage.last_year}"
                )
            )
        else:
            self.stdout.write(f"Already imported as {vintage}; nothing changed")
