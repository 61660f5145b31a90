"""commissioning import-spend FILE --organisation NAME --year YEAR : load finance system spend."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.accounts.models import Organisation
from commissioning.core.imports import ImportRejected
from commissioning.finance.services import SPEND_COLUMNS, spend_import, spend_overlap_note


class Command(BaseCommand):
    help = (
        "Import transactions from a finance system CSV for one organisation and financial year. Columns: "
        + ", ".join(SPEND_COLUMNS)
        + "; optional Type (actual or committed), Reference, Description. Every row is checked first "
        "(dates in the year, known cost centres, amounts in pounds and pence); any problem rejects the file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The council or ICB, by name")
        parser.add_argument(
            "--year", type=int, required=True, help="Financial year: 2026 means April 2026 to March 2027"
        )

    def handle(self, *args, file: Path, organisation: str, year: int, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        owner = Organisation.objects.filter(name=organisation).first()
        if owner is None:
            raise CommandError(f"No organisation called {organisation!r}")
        try:
            run = spend_import(
                organisation=owner, name=file.name, content=file.read_bytes(), financial_year=year, by=None
            )
        except ImportRejected as rejected:
            raise CommandError(rejected.report(limit=50)) from rejected
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {run.rows:,} transactions, £{run.total:,.2f}"))
        if note := spend_overlap_note(run):
            self.stdout.write(self.style.WARNING(note))
        for note in run.import_notes():
            self.stdout.write(f"  Note: {note}")
