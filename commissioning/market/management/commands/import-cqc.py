"""commissioning import-cqc FILE... : load CQC location files into the provider register."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from commissioning.core.imports import ImportRejected
from commissioning.market.choices import ImportCoverage, ImportFormat
from commissioning.market.services import CQC_IMPORT_STEPS, cqc_import


class Command(BaseCommand):
    help = (
        "Import CQC location data: the care directory CSV, the HSCA active locations workbook (or CSV), "
        "CQC API location records (JSON), or a directory extract with a cqc_id column. The "
        "layout is detected. Each file is checked whole first; any problem rejects it and lists "
        "every bad record. Re-imports update locations in place and record rating falls, closures "
        "and other changes as events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--format", choices=ImportFormat.values, help="Skip detection and read this layout")
        parser.add_argument(
            "--coverage",
            choices=ImportCoverage.values,
            default=ImportCoverage.AUTO,
            help="What the file covers: registered locations there that it leaves out are listed for the team to "
            "confirm as closed (auto: a directory or HSCA file covers the councils it lists)",
        )

    def handle(self, *args, files: list[Path], **options) -> None:
        missing = [str(path) for path in files if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        with tqdm(
            total=len(files) * CQC_IMPORT_STEPS, desc="Importing", unit="step", disable=options["verbosity"] == 0
        ) as bar:

            def progress(message: str) -> None:
                bar.set_postfix_str(message[:60])
                bar.update(1)

            for path in files:
                try:
                    run = cqc_import(
                        name=path.name,
                        content=path.read_bytes(),
                        by=None,
                        file_format=options["format"],
                        coverage=options["coverage"],
                        progress=progress,
                    )
                except ImportRejected as rejected:
                    raise CommandError(rejected.report(limit=50)) from rejected
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path.name} ({run.get_file_format_display()}): {run.rows:,} locations; "
                        f"{run.created:,} new, {run.updated:,} updated, {run.unchanged:,} unchanged; "
                        f"{run.events.count():,} changes to review"
                    )
                )
                for note in run.notes.splitlines():
                    self.stdout.write(f"  Note: {note}")
