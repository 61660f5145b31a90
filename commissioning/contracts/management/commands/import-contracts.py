"""commissioning import-contracts FILE --organisation NAME : load an existing contract register."""

from __future__ import annotations

from typing import Any

from commissioning.accounts.management.organisation_import import OrganisationImportCommand
from commissioning.contracts.services import IMPORT_COLUMNS, OPTIONAL_COLUMNS, contracts_import


class Command(OrganisationImportCommand):
    help = (
        "Import an existing contract register (CSV, one contract a row) for a council or ICB. Columns: "
        + ", ".join(IMPORT_COLUMNS)
        + "; optional "
        + ", ".join(OPTIONAL_COLUMNS)
        + ". Every row is checked first (a known provider, dates, pounds and pence); any problem rejects the "
        "file. Contracts whose Reference is already in the register are left as they are."
    )

    def load(self, *, organisation: Any, name: str, content: bytes) -> Any:
        return contracts_import(organisation=organisation, name=name, content=content, by=None)

    def done(self, name: str, result: Any) -> str:
        return f"{name}: {result.created} contracts added, {result.unchanged} already there"
