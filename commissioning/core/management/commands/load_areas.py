from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.core.imports import ImportRejected
from commissioning.core.services import AREA_LOOKUP, areas_load_lookup


class Command(BaseCommand):
    help = "Load England's areas (districts, counties and unitaries, regions) from the ONS lookup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            default=AREA_LOOKUP,
            help="ONS LAD23 -> UTLA23 -> RGN23 lookup CSV (default: the copy shipped with the product)",
        )

    def handle(self, *args, file: Path, **options) -> None:
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            result = areas_load_lookup(file)
        except ImportRejected as rejected:
            raise CommandError(rejected.report(limit=50)) from rejected
        self.stdout.write(self.style.SUCCESS(f"Areas: {result}"))
        for note in result.notes:
            self.stdout.write(f"  Note: {note}")
