"""commissioning export_plan strategy|gap ID --by EMAIL [--format docx|pdf] [--output FILE]

A strategy version as Word or PDF, or a gap analysis as CSV, as the person named by --by may see
them (the same rules as the pages). Without --output a gap analysis is printed; a document needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from commissioning.accounts.models import User
from commissioning.analytics.gap import gap_from_json
from commissioning.core.downloads import csv_text
from commissioning.strategy import selectors
from commissioning.strategy.documents import STRATEGY_FORMATS, strategy_file


class Command(BaseCommand):
    help = "Write a strategy version as Word or PDF, or a gap analysis as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["strategy", "gap"], help="A strategy version, or a gap analysis")
        parser.add_argument("id", type=int, help="Its number, as in its page's address")
        parser.add_argument("--by", metavar="EMAIL", required=True, help="Whose access applies")
        parser.add_argument("--format", choices=sorted(STRATEGY_FORMATS), default="docx", help="For a strategy")
        parser.add_argument("--output", type=Path, help="Where to write it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(email__iexact=options["by"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active person with the email {options['by']}") from None
        output: Path | None = options["output"]
        try:
            if options["kind"] == "gap":
                analysis = selectors.gap_analysis_get(user=user, pk=options["id"])
                text = csv_text(gap_from_json(analysis.result).table_rows())
                if output is None:
                    self.stdout.write(text, ending="")
                    return
                output.write_text(text, encoding="utf-8")
            else:
                if output is None:
                    raise CommandError("A strategy document needs --output FILE")
                version = selectors.version_get(user=user, pk=options["id"])
                output.write_bytes(strategy_file(version, options["format"]))
        except Http404:
            raise CommandError(f"No {options['kind']} {options['id']} that {options['by']} may see") from None
        self.stdout.write(f"Written: {output}")
