"""One shape for the commands that load a council's or ICB's file: FILE --organisation NAME, every
row checked first, and the file's problems (by line and column) as the command's error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.accounts.models import Organisation
from commissioning.core.imports import ImportRejected


class OrganisationImportCommand(BaseCommand):
    """Subclasses set `help`, `what` (words for --organisation's help) and implement `load` and `done`."""

    what = "that holds them"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help=f"The council or ICB {self.what}, by name")

    def load(self, *, organisation: Organisation, name: str, content: bytes) -> Any:
        raise NotImplementedError

    def done(self, name: str, result: Any) -> str:
        raise NotImplementedError

    def handle(self, *args: Any, file: Path, organisation: str, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        owner = Organisation.objects.filter(name=organisation).first()
        if owner is None or not owner.commissions:
            raise CommandError(f"No council or ICB called {organisation!r}")
        try:
            result = self.load(organisation=owner, name=file.name, content=file.read_bytes())
        except ImportRejected as rejected:
            raise CommandError(rejected.report(limit=50)) from rejected
        self.stdout.write(self.style.SUCCESS(self.done(file.name, result)))
        for note in result.notes:
            self.stdout.write(f"  Note: {note}")
