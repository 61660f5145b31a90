"""commissioning export_ocds [--ocid OCID] [--output FILE] [--validate]

Every published notice's OCDS release, oldest first, as one release package (the public bulk
download's contents), streamed so memory stays flat. Notices are public, so no person is named.
With --validate the package is checked against OCDS 1.1.5 with the UK extension; any problem is
printed and the command fails.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from commissioning.procurement import ocds
from commissioning.procurement.models import Notice
from commissioning.procurement.ocds_schema import validate_package
from commissioning.procurement.ocds_stream import vendored_extensions, write_release_package


class Command(BaseCommand):
    help = "Write every published notice's OCDS release as one release package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ocid", help="Only this contracting process")
        parser.add_argument("--output", type=Path, help="Where to write it (standard output without)")
        parser.add_argument("--validate", action="store_true", help="Check it against OCDS 1.1.5 and the UK extension")

    def handle(self, *args: Any, **options: Any) -> None:
        notices = Notice.objects.order_by("published_at", "pk")
        releases = (
            n.release for n in notices.iterator() if not options["ocid"] or n.release.get("ocid") == options["ocid"]
        )
        meta = ocds.package_metadata(f"{settings.PUBLIC_BASE_URL}/public/open-contracting/releases.json")
        target = io.StringIO() if options["validate"] or options["output"] else sys.stdout
        try:
            count = write_release_package(
                target,
                releases,
                uri=meta["uri"],
                published_date=ocds.timestamp(timezone.now()),
                publisher=meta["publisher"],
                license=meta["license"],
                publication_policy=meta["publication_policy"],
                extensions=vendored_extensions(),
            )
        except ValueError:
            raise CommandError(
                "Nothing has been published" + (f" for {options['ocid']}" if options["ocid"] else "")
            ) from None
        if options["validate"]:
            problems = validate_package(json.loads(target.getvalue()), ocid_prefix=ocds.ocid_prefix())
            if problems:
                raise CommandError(f"{len(problems)} problems:\n" + "\n".join(problems))
        if options["output"]:
            options["output"].write_text(target.getvalue(), encoding="utf-8")
            self.stderr.write(f"Written: {options['output']} ({count} releases)")
        elif options["validate"]:
            self.stdout.write(target.getvalue(), ending="")
        if options["validate"]:
            self.stderr.write(f"{count} releases: valid against OCDS 1.1.5 with the UK extension, 0 errors")
