"""commissioning import-contracts FILE --organisation NAME : load an existing contract register."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.accounts.models import Organisation
from commissioning.contracts.services import IMPORT_COLUMNS, OPTIONAL_COLUMNS, contracts_import
from commissioning.core.imports import ImportRejected


class Command(BaseCommand):
    help = (
        "Import an existing contract register (CSV, one contract a row) for a council or ICB. Columns: "
        + ", ".join(IMPORT_COLUMNS)
        + "; optional "
        + ", ".join(OPTIONAL_COLUMNS)
        + ". Every row is checked first (a known provider, dates, pounds and pence); any problem rejects the "
        "file. Contracts whose Reference is already in the register are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The council or ICB that holds them, by name")

    def handle(self, *args, file: Path, organisation: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        owner = Organisation.objects.filter(name=organisation).first()
        if owner is None or not owner.commissions:
            raise CommandError(f"No council or ICB called {organisation!r}")
        try:
            result = contracts_import(organisation=owner, name=file.name, content=file.read_bytes(), by=None)
        except ImportRejected as rejected:
            raise CommandError(rejected.report(limit=50)) from rejected
        self.stdout.write(
            self.style.SUCCESS(f"{file.name}: {result.created} contracts added, {result.unchanged} already there")
        )
        for note in result.notes:
            self.stdout.write(f"  Note: {note}")
