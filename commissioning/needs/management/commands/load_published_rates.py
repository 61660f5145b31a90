from django.core.management.base import BaseCommand

from commissioning.needs.published_rates import load_published_rates


class Command(BaseCommand):
    help = "Load the published need and service-use rates shipped with the product (safe to run again)."

    def handle(self, *args, **options) -> None:
        added = load_published_rates()
        self.stdout.write(self.style.SUCCESS(f"Published rate sets: {added} added"))
