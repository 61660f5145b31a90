"""commissioning optimise FILE: the budget optimiser on a JSON file of inputs (docs/optimiser.md).

Prints the result as JSON (or writes it to --output). With --save and --by, the run is kept for
that person's organisation, as if run on the page. Exit status 1 when the inputs have problems,
each listed with its field; nothing is saved then.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.accounts.models import User
from commissioning.strategy import services


class Command(BaseCommand):
    help = "Run the budget optimiser on a JSON file of inputs and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The inputs, as described in docs/optimiser.md")
        parser.add_argument("--output", type=Path, help="Write the result here instead of printing it")
        parser.add_argument("--save", metavar="TITLE", help="Keep the run under this title (needs --by)")
        parser.add_argument("--by", metavar="EMAIL", help="Whose run it is, when saved")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            inputs = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror})") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: not a JSON file ({error})") from error
        try:
            if options["save"]:
                user = self._person(options["by"])
                result = services.optimiser_run_create(by=user, title=options["save"], inputs=inputs).result
            else:
                result = services.optimiser_solve(inputs)
        except ValidationError as error:
            problems = (
                error.message_dict.get("inputs", error.messages) if hasattr(error, "error_dict") else error.messages
            )
            raise CommandError(
                f"{path}: {len(problems)} problem(s), nothing was run\n  " + "\n  ".join(problems)
            ) from error
        text = json.dumps(result, indent=2, ensure_ascii=False)
        if options["output"]:
            options["output"].write_text(text + "\n", encoding="utf-8")
            self.stdout.write(
                f"{'Mix found' if result['feasible'] else 'No mix meets every limit'}: {options['output']}"
            )
        else:
            self.stdout.write(text)

    def _person(self, email: str | None) -> User:
        if not email:
            raise CommandError("--save needs --by EMAIL: the person whose run it is")
        try:
            return User.objects.get(email__iexact=email, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active person with the email {email}") from None
