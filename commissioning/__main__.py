"""The `commissioning` command line: Django's management commands under the product's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.config.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "commissioning"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
