from django.core.management.base import BaseCommand

from commissioning.cycles.models import PolicyItem
from commissioning.cycles.policy_starter import load_policy_starter_set


class Command(BaseCommand):
    help = (
        "Load the starter set of the policy territory register: the main English laws, statutory guidance and "
        "national frameworks for adult social care commissioning (safe to run again; edits are kept)."
    )

    def handle(self, *args, **options) -> None:
        added = load_policy_starter_set()
        national = PolicyItem.objects.filter(organisation__isnull=True).count()
        self.stdout.write(self.style.SUCCESS(f"Policy territory: {added} added ({national} in the national register)"))
