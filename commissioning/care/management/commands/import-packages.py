"""commissioning import-packages FILE --organisation NAME : load care packages from a social care system."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.accounts.models import Organisation
from commissioning.care.services import IMPORT_COLUMNS, OPTIONAL_COLUMNS, packages_import
from commissioning.core.imports import ImportRejected


class Command(BaseCommand):
    help = (
        "Import care packages from a council's social care system (CSV, one package a row). Columns: "
        + ", ".join(IMPORT_COLUMNS)
        + "; optional "
        + ", ".join(OPTIONAL_COLUMNS)
        + ". People are pseudonymous references only. Every row is checked first (known providers and "
        "contracts, dates, pounds and pence); any problem rejects the file. Packages already recorded are left "
        "as they are, and people already recorded are reused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The council or ICB that arranged them, by name")

    def handle(self, *args, file: Path, organisation: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        owner = Organisation.objects.filter(name=organisation).first()
        if owner is None or not owner.commissions:
            raise CommandError(f"No council or ICB called {organisation!r}")
        try:
            result = packages_import(organisation=owner, name=file.name, content=file.read_bytes(), by=None)
        except ImportRejected as rejected:
            raise CommandError(rejected.report(limit=50)) from rejected
        self.stdout.write(
            self.style.SUCCESS(
                f"{file.name}: {result.created} packages added for {result.people} new people, "
                f"{result.unchanged} already there"
            )
        )
        for note in result.notes:
            self.stdout.write(f"  Note: {note}")
