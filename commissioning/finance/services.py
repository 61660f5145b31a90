"""Writes for resources: budgets, cost centres, spend imports, unit costs, cost of care exercises
and options appraisals. Every write is validated, atomic and audited."""

from __future__ import annotations

import hashlib
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.accounts.ownership import owned_create
from commissioning.analytics.fingerprint import rows_fingerprint, rows_in_common
from commissioning.analytics.text import date_from
from commissioning.core import limits
from commissioning.core.imports import ImportRejected, Progress, RowProblem, no_progress, read_csv_rows
from commissioning.core.services import audited_save, model_update, record_publish
from commissioning.finance.choices import ExerciseStatus, SpendStatus
from commissioning.finance.models import (
    Budget,
    CostCentre,
    CostOfCareExercise,
    CostSurveyReturn,
    OptionAppraisal,
    SpendImport,
    SpendTransaction,
    UnitCost,
    financial_year_bounds,
    financial_year_label,
    spend_row_values,
)

logger = logging.getLogger(__name__)
SPEND_COLUMNS = ["Date", "Supplier", "Cost centre", "Amount"]
STATUS_WORDS = {"": SpendStatus.ACTUAL, "actual": SpendStatus.ACTUAL, "committed": SpendStatus.COMMITTED}
# A loaded transaction's fields, as spend_row_values takes them.
ROW_FIELDS = ("cost_centre_id", "transaction_date", "supplier", "amount", "status", "reference", "description")


def budget_create(*, by: User, **fields: Any) -> Budget:
    """Add a budget line for the saver's organisation."""
    return owned_create(Budget, by=by, **fields)


def budget_update(*, budget: Budget, by: User, **fields: Any) -> Budget:
    """Change a budget line."""
    return model_update(instance=budget, fields=fields, by=by)[0]


def _check_cost_centre_code(organisation_id: int | None, code: str, *, exclude_pk: int | None = None) -> None:
    same = CostCentre.objects.filter(organisation_id=organisation_id, code__iexact=code).exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"code": "You already have a cost centre with this code"})


@transaction.atomic
def cost_centre_create(*, by: User, **fields: Any) -> CostCentre:
    """Add a cost centre and the service and client group its spend is for (one of each code)."""
    _check_cost_centre_code(by.organisation_id, fields.get("code", ""))
    return owned_create(CostCentre, by=by, **fields)


@transaction.atomic
def cost_centre_update(*, cost_centre: CostCentre, by: User, **fields: Any) -> CostCentre:
    """Change a cost centre: its spend counts against the service and client group it now names."""
    _check_cost_centre_code(
        cost_centre.organisation_id, fields.get("code", cost_centre.code), exclude_pk=cost_centre.pk
    )
    return model_update(instance=cost_centre, fields=fields, by=by)[0]


def unit_cost_create(*, by: User, shared: bool = False, **fields: Any) -> UnitCost:
    """A council's own unit cost; operators may add published benchmarks shared by everyone."""
    return owned_create(UnitCost, by=by, stamp=not shared, **fields)


def unit_cost_update(*, unit_cost: UnitCost, by: User, **fields: Any) -> UnitCost:
    """Change a unit cost or where it comes from."""
    return model_update(instance=unit_cost, fields=fields, by=by)[0]


AMOUNT = re.compile(r"^(?P<open>\()?(?P<sign>-)?£?(?P<number>\d{1,3}(,\d{3})*|\d+)(\.\d{1,2})?(?P<close>\))?$")
MOST_POUNDS = Decimal("1e12")  # no whole file comes near a trillion pounds


def _parse_amount(text: str) -> Decimal | None:
    """Pounds and pence as finance systems write them: "1,234.56", "-12.00", "(12.00)", "£5".
    Nothing else: no exponents, no unbalanced brackets, no more than two decimal places."""
    text = text.strip()
    match = AMOUNT.match(text)
    if match is None or bool(match["open"]) != bool(match["close"]) or (match["open"] and match["sign"]):
        return None
    try:
        amount = Decimal(text.strip("()").replace(",", "").replace("£", ""))
    except InvalidOperation:
        return None
    return -amount if match["open"] else amount


# How many times spend_import tells `progress` of a step.
SPEND_IMPORT_STEPS = 4


def spend_import(
    *,
    organisation: Organisation,
    name: str,
    content: bytes,
    financial_year: int,
    by: User | None,
    progress: Progress = no_progress,
) -> SpendImport:
    """Load a finance system extract (one row a transaction) for one financial year.

    Every row is checked first: dates in the year (and, for actual payments, not after today),
    known cost centres, amounts in pounds and pence, a supplier. Any problem rejects the file with
    every bad row listed. The same transactions are never loaded twice, whatever file carries
    them; rows that match ones loaded from other files are counted on the run
    (`rows_seen_before`). `progress` is told each of SPEND_IMPORT_STEPS steps.
    """
    progress(f"Reading {name}")
    digest = hashlib.sha256(content).hexdigest()
    earlier = SpendImport.objects.filter(organisation=organisation, content_sha256=digest).first()
    if earlier is not None:
        raise ImportRejected([_already_imported(name, earlier, "was already imported")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([RowProblem(name, None, None, f"is not UTF-8 text ({error.reason})")]) from error
    centres = {centre.code.upper(): centre for centre in CostCentre.objects.filter(organisation=organisation)}
    first_day, last_day = financial_year_bounds(financial_year)
    today = timezone.localdate()
    problems: list[RowProblem] = []
    rows: list[SpendTransaction] = []
    lines = list(read_csv_rows(name, required_columns=SPEND_COLUMNS, text=text))
    progress(f"Checking {len(lines):,} transactions")
    for line, row in lines:
        if "__width__" in row:
            problems.append(RowProblem(name, line, None, row["__width__"]))
            continue
        day = date_from(row["Date"])
        if day is None:
            problems.append(
                RowProblem(name, line, "Date", f"{row['Date']!r} is not a date (use 2026-05-31 or 31/05/2026)")
            )
        elif not first_day <= day <= last_day:
            problems.append(
                RowProblem(name, line, "Date", f"{day:%d %B %Y} is outside {financial_year_label(financial_year)}")
            )
        centre = centres.get(row["Cost centre"].upper())
        if centre is None:
            problems.append(
                RowProblem(name, line, "Cost centre", f"{row['Cost centre']!r} is not one of your cost centres")
            )
        amount = _parse_amount(row["Amount"])
        if amount is None:
            problems.append(RowProblem(name, line, "Amount", f"{row['Amount']!r} is not an amount in pounds and pence"))
        elif too_much := limits.SPEND.problem(amount):
            problems.append(RowProblem(name, line, "Amount", too_much))
        if not row["Supplier"]:
            problems.append(RowProblem(name, line, "Supplier", "is blank"))
        status = STATUS_WORDS.get(row.get("Type", "").strip().lower())
        if status is None:
            problems.append(RowProblem(name, line, "Type", f"{row['Type']!r} is not actual or committed"))
        if status == SpendStatus.ACTUAL and day and first_day <= day <= last_day and day > today:
            problems.append(
                RowProblem(
                    name,
                    line,
                    "Date",
                    f"{day:%d %B %Y} is after today ({today:%d %B %Y}): a payment already made cannot be dated "
                    "in the future (an order not yet paid is committed spend: give it the Type committed)",
                )
            )
        if day and centre and amount is not None and status and row["Supplier"]:
            rows.append(
                SpendTransaction(
                    organisation=organisation,
                    cost_centre=centre,
                    transaction_date=day,
                    financial_year=financial_year,
                    supplier=row["Supplier"][:200],
                    amount=amount,
                    status=status,
                    reference=row.get("Reference", "")[:60],
                    description=row.get("Description", "")[:300],
                )
            )
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([RowProblem(name, None, None, "has no transactions")])
    total = sum((row.amount for row in rows), Decimal("0.00"))
    if abs(total) >= MOST_POUNDS:
        raise ImportRejected(
            [RowProblem(name, None, "Amount", f"the file adds up to £{total:,.2f}: check the amounts")]
        )
    # Repeats are known by the rows' values, not the file's bytes: line endings, a byte order mark,
    # the order of the columns and columns not loaded are gone once the rows are read. Row order is
    # ignored as well: a ledger's rows carry no meaning in their order, and the same extract sorted
    # another way (or re-sorted in a spreadsheet) is the same spend. A row given twice counts twice.
    values = [row.row_values() for row in rows]
    fingerprint = rows_fingerprint(values)
    earlier = SpendImport.objects.filter(organisation=organisation, rows_sha256=fingerprint).first()
    if earlier is not None:
        raise ImportRejected([_already_imported(name, earlier, "has the same transactions as a file already imported")])
    loaded = SpendTransaction.objects.filter(organisation=organisation, financial_year=financial_year)
    seen = rows_in_common(values, (spend_row_values(**known) for known in loaded.values(*ROW_FIELDS).iterator()))
    progress(f"Saving {len(rows):,} transactions")
    try:
        run = _save_spend(organisation, name, (digest, fingerprint), financial_year, by, rows, total, seen)
    except IntegrityError as error:  # the same file loaded at the same moment by someone else
        raise ImportRejected([RowProblem(name, None, None, "was already imported")]) from error
    progress(f"Imported {run.rows:,} transactions totalling £{run.total:,.2f}")
    return run


def _already_imported(name: str, earlier: SpendImport, what: str) -> RowProblem:
    who = f" by {earlier.imported_by}" if earlier.imported_by else ""
    when = timezone.localtime(earlier.imported_at)
    return RowProblem(
        name,
        None,
        None,
        f"{what}: {earlier.file_name}, imported{who} on {when:%d %B %Y at %H:%M}. Nothing was loaded; "
        "remove that file first to load this one instead",
    )


@transaction.atomic
def _save_spend(
    organisation: Organisation,
    name: str,
    digests: tuple[str, str],
    financial_year: int,
    by: User | None,
    rows: list[SpendTransaction],
    total: Decimal,
    seen: int,
) -> SpendImport:
    run = SpendImport.objects.create(
        organisation=organisation,
        file_name=name,
        content_sha256=digests[0],
        rows_sha256=digests[1],
        rows_seen_before=seen,
        financial_year=financial_year,
        imported_by=by,
        rows=len(rows),
        total=total,
    )
    for row in rows:
        row.source = run
    SpendTransaction.objects.bulk_create(rows, batch_size=2000)
    return run


def spend_overlap_note(run: SpendImport) -> str:
    """Words for a file that repeats transactions already loaded from other files ("" if none)."""
    if not run.rows_seen_before:
        return ""
    return (
        f"{run.rows_seen_before:,} of its {run.rows:,} transactions match ones already loaded from other files "
        "for the year (same cost centre, date, supplier, amount, type, reference and description): check the "
        "file does not repeat them, and remove it if it does"
    )


@transaction.atomic
def spend_import_remove(*, run: SpendImport, by: User) -> None:
    """Take a whole file back out (its transactions go with it); the log records who did it."""
    logger.info(
        "spend file removed",
        extra={"file": run.file_name, "rows": run.rows, "total": str(run.total), "by": getattr(by, "pk", None)},
    )
    run.delete()


# --- Cost of care --------------------------------------------------------------------------------


def exercise_create(*, by: User, **fields: Any) -> CostOfCareExercise:
    """Start a cost of care exercise for the saver's organisation."""
    return owned_create(CostOfCareExercise, by=by, **fields)


def exercise_update(*, exercise: CostOfCareExercise, by: User, **fields: Any) -> CostOfCareExercise:
    """Change an exercise's fees, reasoning or stage (a published one stands as published)."""
    return model_update(instance=exercise, fields=fields, by=by)[0]


def exercise_update_inputs(*, exercise: CostOfCareExercise, inputs: dict[str, Decimal], by: User) -> CostOfCareExercise:
    """Replace the model's inputs and assumptions (kept as text, to the penny)."""
    return exercise_update(exercise=exercise, by=by, inputs={key: str(value) for key, value in inputs.items()})


def exercise_publish(*, exercise: CostOfCareExercise, by: User) -> CostOfCareExercise:
    """Publish the proposed fee and its reasoning; returns close with it."""
    status, exercise.status = exercise.status, ExerciseStatus.CLOSED
    try:
        return record_publish(record=exercise, by=by)
    except ValidationError:
        exercise.status = status
        raise


def survey_return_save(
    *, exercise: CostOfCareExercise, provider: Any, lines: dict[str, Decimal | None], notes: str, by: User
) -> CostSurveyReturn:
    """A provider's return: one per provider per exercise, changeable while the exercise is open."""
    if not exercise.is_open:
        raise ValidationError("This exercise is no longer taking returns")
    stored = {key: str(value) for key, value in lines.items() if value is not None}
    with transaction.atomic():
        existing = CostSurveyReturn.objects.filter(exercise=exercise, provider=provider).first()
        if existing is None:
            return audited_save(
                instance=CostSurveyReturn(
                    exercise=exercise, provider=provider, lines=stored, notes=notes, submitted_by=by
                ),
                by=by,
            )
        existing, _ = model_update(
            instance=existing, fields={"lines": stored, "notes": notes, "submitted_by": by}, by=by
        )
        return existing


def option_create(*, by: User, **fields: Any) -> OptionAppraisal:
    """Add an options appraisal for the saver's organisation."""
    return owned_create(OptionAppraisal, by=by, **fields)


def option_update(*, option: OptionAppraisal, by: User, **fields: Any) -> OptionAppraisal:
    """Change an options appraisal's assumptions."""
    return model_update(instance=option, fields=fields, by=by)[0]
