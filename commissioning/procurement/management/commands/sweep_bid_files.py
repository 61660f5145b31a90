"""commissioning sweep_bid_files [--older-than-hours N] [--dry-run]

Delete sealed bid files and opened bid folders that no bid refers to: what a rolled-back request
leaves behind after writing them. Run it daily (cron or a scheduler); files younger than the given
age (24 hours unless told) are left, so a bid being stored as it runs is never touched.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commissioning.procurement import services


class Command(BaseCommand):
    help = "Delete sealed bid files and opened bid folders that no bid refers to."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-hours", type=float, default=24.0, help="Leave anything younger (24)")
        parser.add_argument("--dry-run", action="store_true", help="List them, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        age = datetime.timedelta(hours=max(options["older_than_hours"], 1.0))
        orphans = services.bid_files_sweep(older_than=age, dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        for path in orphans:
            self.stdout.write(f"{verb} {path.parent.name}/{path.name}")
        self.stdout.write(f"{verb} {len(orphans)} file(s) or folder(s) no bid refers to.")
