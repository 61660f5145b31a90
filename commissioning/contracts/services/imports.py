"""Loading an existing contract register from CSV: every row checked first, every bad one reported
with its line and column, nothing saved if any is bad; contracts already in the register (by the
reference they had there) are left as they are, so the same file twice adds nothing."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.ownership import owned_save
from commissioning.analytics.text import date_from
from commissioning.contracts.choices import ContractKind
from commissioning.contracts.models import Contract, ExtensionOption
from commissioning.contracts.services.register import _next_reference
from commissioning.core import limits
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.imports import (
    ImportRejected,
    ImportResult,
    Progress,
    RowProblem,
    formula_notes,
    no_progress,
    read_csv_rows,
)
from commissioning.core.services import audited_save
from commissioning.market.models import Provider, cqc_id_validator
from commissioning.procurement.choices import Regime
from commissioning.strategy.choices import VatRate

__all__ = ["IMPORT_COLUMNS", "OPTIONAL_COLUMNS", "contracts_import"]

IMPORT_COLUMNS = [
    "Reference", "Title", "Kind", "Provider", "Service", "Client group", "Start", "End", "Value", "Regime",
]  # fmt: skip
OPTIONAL_COLUMNS = ["VAT rate", "Light touch", "Description", "Reason entered directly", "Extension months"]
POUNDS = re.compile(r"^£?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
YES, NO = {"yes", "y", "true", "1"}, {"", "no", "n", "false", "0"}
# The model's fields, by the column they come from (for messages from the model's own checks).
COLUMN_OF = {
    "legacy_reference": "Reference", "title": "Title", "kind": "Kind", "provider": "Provider",
    "service_type": "Service", "client_group": "Client group", "starts_on": "Start", "ends_on": "End",
    "value": "Value", "regime": "Regime", "vat_rate": "VAT rate", "light_touch": "Light touch",
    "description": "Description", "entered_directly_reason": "Reason entered directly",
}  # fmt: skip


def choice_words(choices: Any, **more: str) -> dict[str, str]:
    """A choice's code or label, in any case, to its code."""
    words = {code.lower(): code for code, _ in choices}
    words.update({str(label).lower(): code for code, label in choices})
    words.update({word.lower(): code for word, code in more.items()})
    return words


KINDS = choice_words(
    ContractKind.choices,
    block=ContractKind.BLOCK, spot=ContractKind.SPOT, framework=ContractKind.FRAMEWORK,
    **{"dynamic market": ContractKind.DYNAMIC_MARKET, "dps": ContractKind.DYNAMIC_MARKET,
       "dynamic purchasing system": ContractKind.DYNAMIC_MARKET, "grant": ContractKind.GRANT,
       "in-house": ContractKind.IN_HOUSE, "in house": ContractKind.IN_HOUSE},
)  # fmt: skip
SERVICES = choice_words(ServiceType.choices)
CLIENT_GROUPS = choice_words(ClientGroup.choices)
REGIMES = choice_words(
    Regime.choices,
    pa23=Regime.PA23,
    pcr=Regime.PCR2015,
    **{"pcr 2015": Regime.PCR2015, "below": Regime.BELOW_THRESHOLD},
)


def pounds(text: str) -> Decimal | None:
    """Pounds and pence as a register writes them: "1,234.56", "£5", "120000". Nothing else."""
    text = text.strip()
    if not POUNDS.match(text):
        return None
    return Decimal(text.replace(",", "").replace("£", ""))


class ProviderLookup:
    """The providers a file names, by CQC provider id or by name (a name two providers share
    must be given as the CQC id)."""

    def __init__(self, values: list[str]) -> None:
        wanted = {value.lower() for value in values if value}
        found = Provider.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted)
        self.by_name: dict[str, list[Provider]] = {}
        for provider in found:
            self.by_name.setdefault(provider.lower_name, []).append(provider)
        ids = [value for value in values if value.startswith("1-")]
        self.by_id = {p.cqc_provider_id: p for p in Provider.objects.filter(cqc_provider_id__in=ids)}

    def find(self, value: str) -> tuple[Provider | None, str]:
        if not value:
            return None, "is blank: every contract must name its provider"
        if value.startswith("1-"):
            try:
                cqc_id_validator(value)
            except ValidationError:
                return None, f"{value!r} is not a CQC provider id (like 1-101641521)"
            found = self.by_id.get(value)
            return (found, "") if found else (None, f"no provider on the market register has the CQC id {value}")
        matches = self.by_name.get(value.lower(), [])
        if len(matches) == 1:
            return matches[0], ""
        if matches:
            return None, f"{len(matches)} providers on the market register are called {value!r}: give its CQC id"
        return None, f"no provider on the market register is called {value!r}"


def _choice(row: dict[str, str], column: str, words: dict[str, str], problems: list[RowProblem], where: Any) -> str:
    value = row.get(column, "").strip()
    code = words.get(value.lower())
    if code is None:
        problems.append(where(column, f"{value!r} is not one of: {', '.join(sorted(set(words.values())))}"))
        return ""
    return code


def _row(
    row: dict[str, str], where: Any, providers: ProviderLookup, name: str, problems: list[RowProblem]
) -> tuple[Contract, list[int]] | None:
    before = len(problems)
    provider, problem = providers.find(row["Provider"])
    if problem:
        problems.append(where("Provider", problem))
    kind = _choice(row, "Kind", KINDS, problems, where)
    service = _choice(row, "Service", SERVICES, problems, where)
    client_group = _choice(row, "Client group", CLIENT_GROUPS, problems, where)
    regime = _choice(row, "Regime", REGIMES, problems, where)
    starts, ends = date_from(row["Start"]), date_from(row["End"])
    for column, day in (("Start", starts), ("End", ends)):
        if day is None:
            problems.append(where(column, f"{row[column]!r} is not a date (use 2026-04-01 or 01/04/2026)"))
    if starts and ends and ends < starts:
        problems.append(where("End", f"the contract ends ({ends:%d %B %Y}) before it starts ({starts:%d %B %Y})"))
    value = pounds(row["Value"])
    if value is None:
        problems.append(where("Value", f"{row['Value']!r} is not an amount in pounds and pence"))
    elif too_much := limits.MONEY.problem(value):
        problems.append(where("Value", too_much))
    vat_text = row.get("VAT rate", "").strip().rstrip("%") or "0"
    vat = int(vat_text) if vat_text.isdigit() and int(vat_text) in VatRate.values else None
    if vat is None:
        problems.append(where("VAT rate", f"{row.get('VAT rate')!r} is not 0 or 20"))
    light = row.get("Light touch", "").strip().lower()
    if light not in YES | NO:
        problems.append(where("Light touch", f"{row['Light touch']!r} is not yes or no"))
    extensions: list[int] = []
    for part in row.get("Extension months", "").replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        months = int(part) if part.isdigit() else None
        if months is None or limits.CONTRACT_MONTHS.problem(months):
            problems.append(where("Extension months", f"{part!r} is not a number of months from 1 to 240"))
        else:
            extensions.append(months)
    if len(problems) > before:
        return None
    contract = Contract(
        legacy_reference=row["Reference"], title=row["Title"], kind=kind, provider=provider, service_type=service,
        client_group=client_group, starts_on=starts, ends_on=ends, value=value, regime=regime, vat_rate=vat,
        light_touch=light in YES, description=row.get("Description", ""),
        entered_directly_reason=row.get("Reason entered directly")
        or f"Imported from the earlier contract register ({name})",
    )  # fmt: skip
    try:
        contract.full_clean(exclude=["organisation", "reference"], validate_unique=False, validate_constraints=False)
        if problem := contract.entered_directly_problem():
            raise ValidationError(problem)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.extend(where(COLUMN_OF.get(field), message) for message in messages)
        return None
    return contract, extensions


def contracts_import(
    *, organisation: Organisation, name: str, content: bytes, by: User | None, progress: Progress = no_progress
) -> ImportResult:
    """Load an existing contract register (one contract a row) into `organisation`'s register.
    Columns: IMPORT_COLUMNS, and any of OPTIONAL_COLUMNS. A contract whose Reference is already in
    the register is left as it is."""
    progress(f"Reading {name}")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    lines = list(read_csv_rows(name, required_columns=IMPORT_COLUMNS, text=text))
    progress(f"Checking {len(lines):,} contracts")
    problems: list[RowProblem] = []
    width = [RowProblem(name, line, None, row["__width__"]) for line, row in lines if "__width__" in row]
    if width:
        raise ImportRejected(width)
    known = set(
        Contract.objects.filter(organisation=organisation)
        .exclude(legacy_reference="")
        .values_list("legacy_reference", flat=True)
    )
    repeated = Counter(row["Reference"] for _, row in lines)
    providers = ProviderLookup([row["Provider"] for _, row in lines])
    wanted: list[tuple[Contract, list[int]]] = []
    unchanged = 0
    for line, row in lines:

        def where(column: str | None, message: str, line: int = line) -> RowProblem:
            return RowProblem(name, line, column, message)

        reference = row["Reference"]
        if not reference:
            problems.append(where("Reference", "is blank: give the contract's reference in your register"))
            continue
        if repeated[reference] > 1:
            problems.append(where("Reference", f"{reference!r} is on more than one line"))
            continue
        if reference in known:
            unchanged += 1
            continue
        made = _row(row, where, providers, name, problems)
        if made is not None:
            wanted.append(made)
    if problems:
        raise ImportRejected(problems)
    if not lines:
        raise ImportRejected([RowProblem(name, None, None, "has no contracts")])
    progress(f"Saving {len(wanted):,} contracts")
    with transaction.atomic():
        for contract, extensions in wanted:
            contract.organisation = organisation
            contract.reference = _next_reference(organisation.pk, contract.starts_on)
            owned_save(record=contract, by=by)
            for position, months in enumerate(extensions, start=1):
                audited_save(instance=ExtensionOption(contract=contract, position=position, months=months), by=by)
    notes = formula_notes(value for _, row in lines for value in row.values())
    return ImportResult(created=len(wanted), unchanged=unchanged, notes=notes)
