"""commissioning import-capacity FILE : load capacity returns (Capacity Tracker fields)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.core.imports import ImportRejected
from commissioning.market.services import CAPACITY_COLUMNS, capacity_import


class Command(BaseCommand):
    help = (
        "Import capacity returns: one row per location (CQC location id) and date, with columns "
        + ", ".join(CAPACITY_COLUMNS)
        + ". All rows are checked first; any problem rejects the file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = capacity_import(name=file.name, content=file.read_bytes(), by=None)
        except ImportRejected as rejected:
            raise CommandError(rejected.report(limit=50)) from rejected
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {result}"))
