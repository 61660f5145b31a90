"""commissioning prune_jobs [--days N] : forget finished background jobs and their documents."""

import datetime

from django.core.management.base import BaseCommand, CommandParser

from commissioning.core.jobs import job_prune


class Command(BaseCommand):
    help = (
        "Delete background jobs (imports, document builds) that finished more than --days ago, with "
        "the documents they built, and uploads a stopped worker left behind. What the imports loaded stays."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="Keep jobs that finished within this many days")

    def handle(self, *args, days: int, **options) -> None:
        deleted = job_prune(older_than=datetime.timedelta(days=max(days, 0)))
        self.stdout.write(self.style.SUCCESS(f"Removed {deleted} finished background job(s)"))
