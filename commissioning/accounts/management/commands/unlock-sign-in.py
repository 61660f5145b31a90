"""commissioning unlock-sign-in EMAIL --by OPERATOR : let a locked email address sign in again now."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.accounts.models import User
from commissioning.accounts.services import sign_in_unlock


class Command(BaseCommand):
    help = (
        "Unlock an email address locked after too many wrong passwords, recorded against the operator or "
        "administrator named by --by (as People > Locked sign-ins does). Use this rather than django-axes's "
        "own axes_reset commands, which leave no record of who unlocked whom."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The locked email address")
        parser.add_argument("--by", required=True, help="Email address of the operator or administrator unlocking")

    def handle(self, *args, email: str, by: str, **options) -> None:
        unlocking = User.objects.filter(email=by.strip().lower(), is_active=True).first()
        if unlocking is None:
            raise CommandError(f"No active account with the email address {by!r}")
        try:
            unlock = sign_in_unlock(email=email.strip().lower(), by=unlocking)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{unlock.email} can sign in again (after {unlock.failures} wrong passwords)")
        )
