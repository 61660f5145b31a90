"""commissioning prune_submissions [--days N] : forget the form tokens and API keys sent long ago."""

import datetime

from django.core.management.base import BaseCommand, CommandParser

from commissioning.core.submissions import submission_prune


class Command(BaseCommand):
    help = (
        "Delete the record of one-time form tokens and API Idempotency-Keys sent more than --days ago. "
        "A form or call sent again after that is taken as new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="Keep tokens and keys sent within this many days")

    def handle(self, *args, days: int, **options) -> None:
        deleted = submission_prune(older_than=datetime.timedelta(days=max(days, 0)))
        self.stdout.write(self.style.SUCCESS(f"Forgot {deleted} form token(s) and API key(s)"))
