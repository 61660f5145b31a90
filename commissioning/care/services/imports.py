"""Loading care packages from a council's social care system (CSV, one package a row): every row
checked first, every bad one reported with its line and column, nothing saved if any is bad.

Packages whose reference is already recorded for the council are left as they are, and people
already recorded (by pseudonymous reference) are reused unchanged, so the same file twice adds
nothing. A social care system's extract runs to hundreds of thousands of rows, so the rows are
checked against lookups loaded in a few queries and written with bulk inserts, not saved one by one.

A call-off package is recorded against its block (and the block's provider) without a contracts
CallOff: its history is in the social care system, and a call-off checked and recorded one by one
is far too slow for an extract of 200,000 packages. The block's capacity is tracked for packages
arranged through the service (services.package_arrange), not for imported ones."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commissioning.accounts.models import Organisation, User
from commissioning.analytics.text import date_from
from commissioning.care.choices import AgeBand, Arrangement, SupportReason
from commissioning.care.models import CarePackage, PackageImport, Person
from commissioning.care.services.packages import CONTRACT_KINDS, CONTRACT_WORDS, weekly_cost_problem
from commissioning.contracts.choices import CapacityUnit
from commissioning.contracts.models import Contract, validate_package_reference
from commissioning.contracts.services.imports import (
    CLIENT_GROUPS,
    NO,
    SERVICES,
    YES,
    ProviderLookup,
    choice_words,
    pounds,
)
from commissioning.core import limits
from commissioning.core.imports import (
    ImportRejected,
    ImportResult,
    Progress,
    RowProblem,
    formula_notes,
    no_progress,
    read_csv_rows,
)
from commissioning.core.jinja2 import format_date
from commissioning.core.models import Area
from commissioning.strategy.models import validate_pseudonym

__all__ = ["IMPORT_COLUMNS", "OPTIONAL_COLUMNS", "packages_import"]

IMPORT_COLUMNS = [
    "Package reference", "Person reference", "Age band", "Client group", "Support reason", "Service", "Units",
    "Unit", "Weekly cost", "Start", "Arranged as",
]  # fmt: skip
OPTIONAL_COLUMNS = ["End", "Area", "Provider", "Contract", "User choice", "Preference"]
BATCH = 2000

AGE_BANDS = choice_words(AgeBand.choices)
SUPPORT_REASONS = choice_words(SupportReason.choices)
ARRANGEMENTS = choice_words(
    Arrangement.choices,
    **{"call-off": Arrangement.CALL_OFF, "call off": Arrangement.CALL_OFF, "block": Arrangement.CALL_OFF,
       "spot under a framework": Arrangement.SPOT_FRAMEWORK, "framework": Arrangement.SPOT_FRAMEWORK,
       "direct payment": Arrangement.DIRECT_PAYMENT, "dp": Arrangement.DIRECT_PAYMENT,
       "individual service fund": Arrangement.ISF},
)  # fmt: skip
UNITS = choice_words(
    CapacityUnit.choices,
    hour=CapacityUnit.HOURS, bed=CapacityUnit.BEDS, place=CapacityUnit.PLACES, night=CapacityUnit.NIGHTS,
)  # fmt: skip
NUMBER = re.compile(r"^\d{1,7}(\.\d{1,2})?$")  # what the units column holds: 9 digits, 2 after the point
NEED_CONTRACT = (Arrangement.CALL_OFF, Arrangement.SPOT_FRAMEWORK)
# A person's details, in the order _Someone keeps them, with the column each comes from.
PERSON_COLUMNS = ("Age band", "Client group", "Support reason", "Area")
UNREAD: Any = object()  # a person's detail on a line that gave it wrongly (reported there), not compared


@dataclass
class PackagesImported(ImportResult):
    """What a load added: `created` packages for `people` new people; `run` is its audit record
    (None when the file held nothing new)."""

    people: int = 0
    run: PackageImport | None = None


@dataclass
class _Someone:
    """A person as the file first gave them (on `line`): every later line must agree."""

    reference: str
    line: int
    details: tuple[str, str, str, Area | None]
    existing_pk: int | None
    new: Person | None = None


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


class _Checker:
    """Checks rows one by one against lookups loaded up front (no query per row), and keeps what
    each distinct cell (a date, an amount, a provider) turned out to be, since extracts repeat them."""

    def __init__(self, organisation: Organisation, name: str, lines: list[tuple[int, dict[str, str]]]) -> None:
        self.organisation, self.name = organisation, name
        self.problems: list[RowProblem] = []
        self.people: dict[str, _Someone] = {}
        self.bad_people: dict[str, str] = {}
        people = Person.objects.filter(organisation=organisation).values_list("reference", "pk")
        self.existing_people = dict(people.iterator(chunk_size=5000)) if lines else {}  # none to check, none needed
        named = {row.get("Provider", "") for _, row in lines} - {""}
        providers = ProviderLookup(sorted(named))
        self.providers = {value: providers.find(value) for value in named}
        self.contracts: dict[str, Contract] = {}
        if any(row.get("Contract") for _, row in lines):
            found = Contract.objects.filter(organisation=organisation).select_related("provider")
            self.contracts = {c.legacy_reference: c for c in found if c.legacy_reference}
            self.contracts.update({c.reference: c for c in found})  # its reference here wins over an old one
        codes = {row.get("Area", "").upper() for _, row in lines} - {""}
        self.areas = {area.code: area for area in Area.objects.filter(code__in=codes)} if codes else {}
        self.amounts: dict[str, tuple[Decimal | None, str]] = {}
        self.units: dict[str, tuple[Decimal | None, str]] = {}

    def problem(self, line: int, column: str | None, message: str) -> None:
        self.problems.append(RowProblem(self.name, line, column, message))

    def choice(self, line: int, row: dict[str, str], column: str, words: dict[str, str]) -> str:
        value = row[column]
        code = words.get(value.lower())
        if code is None:
            self.problem(line, column, f"{value!r} is not one of: {', '.join(sorted(set(words.values())))}")
            return ""
        return code

    def day(self, line: int, row: dict[str, str], column: str) -> datetime.date | None:
        value = row.get(column, "")
        if not value:
            if column == "Start":
                self.problem(line, column, "is blank: give the day the package started")
            return None
        day = date_from(value)
        if day is None:
            self.problem(line, column, f"{value!r} is not a date (use 2026-04-01 or 01/04/2026)")
        return day

    def weekly_cost(self, line: int, text: str) -> Decimal | None:
        known = self.amounts.get(text)
        if known is None:
            cost = pounds(text)
            if cost is None:  # say why when it is a number (12.345, -5), else ask for pounds and pence
                number = _number(text)
                why = weekly_cost_problem(number) if number is not None and number.is_finite() else ""
                problem = f"{text!r} is not a weekly cost. {why or weekly_cost_problem(None)}"
            else:
                too_much = (limits.PRICE.problem(cost) or "").replace("Costs", "The weekly cost")
                problem = weekly_cost_problem(cost) or too_much
            known = self.amounts[text] = (None, problem) if problem else (cost, "")
        if known[1]:
            self.problem(line, "Weekly cost", known[1])
        return known[0]

    def how_many(self, line: int, text: str) -> Decimal | None:
        known = self.units.get(text)
        if known is None:
            value = Decimal(text) if NUMBER.match(text) else None
            if value is None:
                problem = f"{text!r} is not a number of hours, nights or places a week (like 10 or 7.5)"
            else:
                problem = limits.HOURS_A_WEEK.problem(value) or ""
            known = self.units[text] = (None, problem) if problem else (value, "")
        if known[1]:
            self.problem(line, "Units", known[1])
        return known[0]

    def person(self, line: int, reference: str, details: tuple[str, str, str, Area | None], whole: bool) -> Any:
        """The person a row is for (an existing one's pk, or a _Someone to create), or None."""
        if not reference:
            self.problem(line, "Person reference", "is blank: give the person's pseudonymous reference, such as P-0042")
            return None
        if reference in self.bad_people:
            self.problem(line, "Person reference", self.bad_people[reference])
            return None
        someone = self.people.get(reference)
        if someone is None:
            if reference not in self.existing_people:
                try:
                    validate_pseudonym(reference)
                except ValidationError as error:
                    self.bad_people[reference] = message = " ".join(error.messages)
                    self.problem(line, "Person reference", message)
                    return None
            if not whole:  # the first line to give all their details whole is the one the others must match
                return None
            someone = _Someone(reference, line, details, self.existing_people.get(reference))
            self.people[reference] = someone
            return someone
        agreed = True
        for column, first, given in zip(PERSON_COLUMNS, someone.details, details, strict=True):
            if given is not UNREAD and given != first:
                shown = (first.code if first else "blank") if column == "Area" else first
                self.problem(
                    line, column, f"{reference} is {shown} on line {someone.line}: a person's {column.lower()} "
                    "must be the same on every line",
                )  # fmt: skip
                agreed = False
        return someone if agreed and whole else None

    def contract(self, line: int, row: dict[str, str], arrangement: str, starts: datetime.date | None) -> Any:
        value = row.get("Contract", "")
        if not value:
            if arrangement in NEED_CONTRACT:
                self.problem(line, "Contract", f"is blank: name {CONTRACT_WORDS[arrangement]} (its reference)")
            return None
        if arrangement == Arrangement.DIRECT_PAYMENT:
            self.problem(line, "Contract", "a direct payment names no contract: it is the person's to spend")
            return None
        contract = self.contracts.get(value)
        if contract is None:
            self.problem(line, "Contract", f"{self.organisation} has no contract with the reference {value!r}")
            return None
        if arrangement and contract.kind not in CONTRACT_KINDS[arrangement]:
            self.problem(line, "Contract", f"{value} is not {CONTRACT_WORDS[arrangement]}")
            return None
        if starts is not None:
            if contract.terminated_on is not None and starts > contract.terminated_on:
                when = format_date(contract.terminated_on)
                self.problem(line, "Start", f"{value} was terminated on {when}, before the package starts")
            elif not contract.starts_on <= starts <= contract.ends_on:
                term = f"{format_date(contract.starts_on)} to {format_date(contract.ends_on)}"
                self.problem(line, "Start", f"the package starts outside {value}'s term: {term}")
        return contract

    def provider(self, line: int, row: dict[str, str], arrangement: str, contract: Contract | None) -> Any:
        value = row.get("Provider", "")
        if arrangement == Arrangement.DIRECT_PAYMENT:
            if value:
                self.problem(line, "Provider", "a direct payment names no provider: it is the person's to spend")
            return None
        if not value:
            if contract is not None:
                return contract.provider  # a contract's provider is the one that gives the care
            if arrangement:
                self.problem(line, "Provider", "is blank: name the provider that gives the care (CQC id or name)")
            return None
        provider, problem = self.providers[value]
        if problem:
            self.problem(line, "Provider", problem)
        elif contract is not None and contract.provider_id != provider.pk:
            self.problem(line, "Provider", f"{contract.reference} is held by {contract.provider}, not {provider}")
        return provider

    def row(self, line: int, row: dict[str, str], reference: str) -> tuple[CarePackage, _Someone | None] | None:
        """The package a row gives and the person to create for it, or None when anything is wrong."""
        before = len(self.problems)
        try:
            validate_package_reference(reference)
        except ValidationError as error:
            self.problem(line, "Package reference", " ".join(error.messages))
        age_band = self.choice(line, row, "Age band", AGE_BANDS)
        client_group = self.choice(line, row, "Client group", CLIENT_GROUPS)
        support_reason = self.choice(line, row, "Support reason", SUPPORT_REASONS)
        area, code = None, row.get("Area", "")
        if code:
            area = self.areas.get(code.upper(), UNREAD)
            if area is UNREAD:
                self.problem(line, "Area", f"no area has the GSS code {code!r} (like E08000009)")
        details = (age_band or UNREAD, client_group or UNREAD, support_reason or UNREAD, area)
        someone = self.person(line, row["Person reference"].upper(), details, UNREAD not in details)
        service = self.choice(line, row, "Service", SERVICES)
        units = self.how_many(line, row["Units"])
        unit = self.choice(line, row, "Unit", UNITS)
        weekly_cost = self.weekly_cost(line, row["Weekly cost"])
        starts, ends = self.day(line, row, "Start"), self.day(line, row, "End")
        if starts and ends and ends < starts:
            self.problem(
                line, "End", f"the package ends ({format_date(ends)}) before it starts ({format_date(starts)})"
            )
        arrangement = self.choice(line, row, "Arranged as", ARRANGEMENTS)
        contract = self.contract(line, row, arrangement, starts)
        provider = self.provider(line, row, arrangement, contract)
        choice = row.get("User choice", "").lower()
        if choice not in YES and choice not in NO:
            self.problem(line, "User choice", f"{row['User choice']!r} is not yes or no")
        user_choice = choice in YES
        preference = row.get("Preference", "")
        if user_choice and not preference:
            self.problem(line, "Preference", "is blank: record the person's preference that justifies the placement")
        if len(self.problems) > before or someone is None:
            return None
        package = CarePackage(
            organisation_id=self.organisation.pk, reference=reference, person_id=someone.existing_pk,
            client_group=client_group, support_reason=support_reason, service_type=service, units=units, unit=unit,
            weekly_cost=weekly_cost, starts_on=starts, ends_on=ends, arrangement=arrangement, provider=provider,
            contract=contract, user_choice=user_choice, preference=preference,
        )  # fmt: skip
        return package, someone if someone.existing_pk is None else None


def packages_import(
    *, organisation: Organisation, name: str, content: bytes, by: User | None, progress: Progress = no_progress
) -> PackagesImported:
    """Load care packages (one a row) from a social care system into `organisation`'s records.
    Columns: IMPORT_COLUMNS, and any of OPTIONAL_COLUMNS. A package whose reference is already
    recorded is left as it is; a person already recorded is reused as they are."""
    progress(f"Reading {name}")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    lines = list(read_csv_rows(name, required_columns=IMPORT_COLUMNS, text=text))
    width = [RowProblem(name, line, None, row["__width__"]) for line, row in lines if "__width__" in row]
    if width:
        raise ImportRejected(width)
    if not lines:
        raise ImportRejected([RowProblem(name, None, None, "has no packages")])
    progress(f"Checking {len(lines):,} packages")
    known = set(
        CarePackage.objects.filter(organisation=organisation)
        .values_list("reference", flat=True)
        .iterator(chunk_size=5000)
    )
    repeated = Counter(row["Package reference"] for _, row in lines)
    fresh = [(line, row) for line, row in lines if row["Package reference"] not in known]
    checker = _Checker(organisation, name, fresh)
    wanted: list[tuple[CarePackage, _Someone | None]] = []
    check, unchanged = checker.row, 0
    for line, row in lines:
        reference = row["Package reference"]
        if not reference:
            checker.problem(line, "Package reference", "is blank: give the package's reference in the care system")
        elif repeated[reference] > 1:
            checker.problem(line, "Package reference", f"{reference!r} is on more than one line")
        elif reference in known:
            unchanged += 1
        elif made := check(line, row, reference):
            wanted.append(made)
    if checker.problems:
        raise ImportRejected(checker.problems)
    result = PackagesImported(unchanged=unchanged, notes=formula_notes(package.preference for package, _ in wanted))
    if not wanted:
        return result
    people = [someone for someone in checker.people.values() if someone.existing_pk is None]
    progress(f"Saving {len(wanted):,} packages for {len(people):,} new people")
    try:
        result.run = _save(organisation, name, by, people, wanted, result.unchanged)
    except IntegrityError as error:  # the same packages loaded at the same moment by someone else
        raise ImportRejected([RowProblem(name, None, None, "was being loaded by someone else: try again")]) from error
    result.created, result.people = len(wanted), len(people)
    return result


@transaction.atomic
def _save(
    organisation: Organisation,
    name: str,
    by: User | None,
    people: list[_Someone],
    wanted: list[tuple[CarePackage, _Someone | None]],
    unchanged: int,
) -> PackageImport:
    # Bulk inserts skip the per-row history (simple_history listens for save()): the PackageImport
    # is their audit instead, each package naming it as its source, as a spend file does its rows.
    run = PackageImport.objects.create(
        organisation=organisation, file_name=name[:300], imported_by=by, packages=len(wanted), people=len(people),
        unchanged=unchanged,
    )  # fmt: skip
    for someone in people:
        age_band, client_group, support_reason, area = someone.details
        someone.new = Person(
            organisation_id=organisation.pk, reference=someone.reference, age_band=age_band,
            client_group=client_group, support_reason=support_reason, area=area,
        )  # fmt: skip
    Person.objects.bulk_create([someone.new for someone in people], batch_size=BATCH)
    for package, someone in wanted:
        package.source = run
        if someone is not None:
            package.person_id = someone.new.pk
    CarePackage.objects.bulk_create([package for package, _ in wanted], batch_size=BATCH)
    return run
