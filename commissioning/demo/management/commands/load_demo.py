from django.core.management.base import BaseCommand

from commissioning.demo.loader import load_demo
from commissioning.demo.people import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "Load the demonstration council (Trafford). Safe to run again: nothing is duplicated."

    def handle(self, *args, **options) -> None:
        for line in load_demo():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("\nDemo council ready. Sign in at /sign-in/ as any of these:"))
        width = max(len(person.email) for person in PEOPLE)
        for person in PEOPLE:
            self.stdout.write(f"  {person.email:<{width}}  {person.role.label} ({person.organisation})")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}\n")
