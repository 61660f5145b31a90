"""commissioning import-packages FILE --organisation NAME : load care packages from a social care system."""

from __future__ import annotations

from typing import Any

from commissioning.accounts.management.organisation_import import OrganisationImportCommand
from commissioning.care.services import IMPORT_COLUMNS, OPTIONAL_COLUMNS, packages_import


class Command(OrganisationImportCommand):
    help = (
        "Import care packages from a council's social care system (CSV, one package a row). Columns: "
        + ", ".join(IMPORT_COLUMNS)
        + "; optional "
        + ", ".join(OPTIONAL_COLUMNS)
        + ". People are pseudonymous references only. Every row is checked first (known providers and "
        "contracts, dates, pounds and pence); any problem rejects the file. Packages already recorded are left "
        "as they are, and people already recorded are reused."
    )
    what = "that arranged them"

    def load(self, *, organisation: Any, name: str, content: bytes) -> Any:
        return packages_import(organisation=organisation, name=name, content=content, by=None)

    def done(self, name: str, result: Any) -> str:
        return (
            f"{name}: {result.created} packages added for {result.people} new people, {result.unchanged} already there"
        )
