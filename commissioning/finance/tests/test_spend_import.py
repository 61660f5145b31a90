"""Spend imports refuse what cannot be true or is there already: actual payments dated after
today, and the same transactions again in a file saved another way (line endings, a byte order
mark, columns or rows in another order, amounts and dates written differently). A file that
repeats only some transactions loads, with the repeats counted."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from commissioning.core.imports import ImportRejected
from commissioning.finance import services
from commissioning.finance.models import SpendImport, SpendTransaction

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)
fingerprint_migration = importlib.import_module("commissioning.finance.migrations.0004_spend_rows_fingerprint")


@pytest.fixture
def ledger(world, monkeypatch):
    """Trafford's two cost centres, on 3 December 2026."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    for code, service in (("OP-RES", "residential"), ("OP-HC", "homecare")):
        services.cost_centre_create(
            by=world.alice, code=code, name=code, service_type=service, client_group="older_people"
        )
    return world


def _import(world, text: str | bytes, name: str = "ledger.csv", by=None) -> SpendImport:
    content = text if isinstance(text, bytes) else text.encode()
    return services.spend_import(organisation=world.trafford, name=name, content=content, financial_year=2026, by=by)


def _problems(world, text: str | bytes, name: str = "again.csv") -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        _import(world, text, name)
    return [str(problem) for problem in rejected.value.problems]


# --- Actual payments cannot be dated after today -------------------------------------------------


def test_actual_payments_dated_after_today_refuse_the_file_naming_each_line(ledger):
    text = (
        "Date,Supplier,Cost centre,Amount,Type\n"
        "2027-03-15,Oak Care Ltd,OP-RES,1200.00,actual\n"
        "2027-03-15,Oak Care Ltd,OP-RES,1200.00,committed\n"
        "2026-12-03,Elm Homecare,OP-HC,80.00,actual\n"
        "04/12/2026,Elm Homecare,OP-HC,80.00,\n"
    )
    problems = _problems(ledger, text, "future.csv")
    assert problems == [
        "future.csv, line 2, column Date: 15 March 2027 is after today (03 December 2026): a payment already made "
        "cannot be dated in the future (an order not yet paid is committed spend: give it the Type committed)",
        "future.csv, line 5, column Date: 04 December 2026 is after today (03 December 2026): a payment already "
        "made cannot be dated in the future (an order not yet paid is committed spend: give it the Type committed)",
    ]
    assert not SpendTransaction.objects.exists()


def test_committed_spend_may_be_dated_after_today_and_actual_spend_up_to_today(ledger):
    text = (
        "Date,Supplier,Cost centre,Amount,Type\n"
        "2027-03-15,Oak Care Ltd,OP-RES,1200.00,committed\n"
        "2026-12-03,Elm Homecare,OP-HC,80.00,actual\n"
    )
    assert _import(ledger, text).rows == 2


# --- The same transactions are not loaded twice, however the file was saved ----------------------

ORIGINAL = (
    "Date,Supplier,Cost centre,Amount,Type,Reference,Description\n"
    "2026-04-28,Oak Care Ltd,OP-RES,1000.10,actual,P1,April fees\n"
    "2026-05-31,Oak Care Ltd,OP-RES,2000.20,actual,P2,May fees\n"
    "2026-05-15,Elm Homecare,OP-HC,-50.05,actual,CR1,Credit note\n"
    "2027-03-01,Oak Care Ltd,OP-RES,300.33,committed,PO1,Order\n"
)
SAVED_AGAIN = {
    "Windows line endings": ORIGINAL.replace("\n", "\r\n").encode(),
    "a byte order mark": ("\ufeff" + ORIGINAL.replace("\n", "\r\n")).encode(),
    "columns in another order": (
        "Type,Amount,Cost centre,Supplier,Date,Description,Reference\n"
        "actual,1000.10,OP-RES,Oak Care Ltd,2026-04-28,April fees,P1\n"
        "actual,2000.20,OP-RES,Oak Care Ltd,2026-05-31,May fees,P2\n"
        "actual,-50.05,OP-HC,Elm Homecare,2026-05-15,Credit note,CR1\n"
        "committed,300.33,OP-RES,Oak Care Ltd,2027-03-01,Order,PO1\n"
    ),
    "rows in another order": (
        "Date,Supplier,Cost centre,Amount,Type,Reference,Description\n"
        "2027-03-01,Oak Care Ltd,OP-RES,300.33,committed,PO1,Order\n"
        "2026-05-15,Elm Homecare,OP-HC,-50.05,actual,CR1,Credit note\n"
        "2026-05-31,Oak Care Ltd,OP-RES,2000.20,actual,P2,May fees\n"
        "2026-04-28,Oak Care Ltd,OP-RES,1000.10,actual,P1,April fees\n"
    ),
    "values written another way and a column not loaded": (
        "Date,Supplier,Cost centre,Amount,Type,Reference,Description,Notes\n"
        '28/04/2026, Oak Care Ltd ,op-res,"£1,000.1",,P1,April fees,x\n'
        "31/05/2026,Oak Care Ltd,Op-Res,2000.2,Actual,P2,May fees,y\n"
        "15/05/2026,Elm Homecare,OP-HC,(50.05),ACTUAL,CR1,Credit note,z\n"
        "01/03/2027,Oak Care Ltd,OP-RES,300.33,Committed,PO1,Order,\n"
    ).encode(),
}


@pytest.mark.parametrize("how", SAVED_AGAIN)
def test_the_same_transactions_saved_again_are_refused_naming_the_earlier_import(ledger, how):
    first = _import(ledger, ORIGINAL, by=ledger.alice)
    when = timezone.localtime(first.imported_at)
    (problem,) = _problems(ledger, SAVED_AGAIN[how])
    assert problem == (
        "again.csv: has the same transactions as a file already imported: ledger.csv, imported by Alice on "
        f"{when:%d %B %Y at %H:%M}. Nothing was loaded; remove that file first to load this one instead"
    )
    assert SpendTransaction.objects.count() == 4 and SpendImport.objects.count() == 1


def test_the_same_bytes_again_name_who_loaded_them_and_when(ledger):
    first = _import(ledger, ORIGINAL, by=ledger.alice)
    (problem,) = _problems(ledger, ORIGINAL)
    when = timezone.localtime(first.imported_at)
    assert f"again.csv: was already imported: ledger.csv, imported by Alice on {when:%d %B %Y at %H:%M}" in problem


def test_once_the_earlier_file_is_removed_the_one_saved_again_loads(ledger):
    first = _import(ledger, ORIGINAL)
    services.spend_import_remove(run=first, by=ledger.alice)
    assert _import(ledger, SAVED_AGAIN["Windows line endings"]).rows == 4


def test_a_file_repeating_some_transactions_loads_and_says_how_many(ledger, client_for):
    _import(ledger, ORIGINAL)
    overlapping = (
        "Date,Supplier,Cost centre,Amount,Type,Reference,Description\r\n"
        "2026-04-28,Oak Care Ltd,OP-RES,1000.10,actual,P1,April fees\r\n"
        "2026-05-31,Oak Care Ltd,OP-RES,2000.20,actual,P2,May fees\r\n"
        "2026-05-31,Oak Care Ltd,OP-RES,2000.20,actual,P2,May fees\r\n"  # once before, so one repeat
        "2026-06-30,Oak Care Ltd,OP-RES,2000.20,actual,P3,June fees\r\n"
    )
    run = _import(ledger, overlapping, "april-to-june.csv")
    assert (run.rows, run.rows_seen_before) == (4, 2)
    assert services.spend_overlap_note(run).startswith("2 of its 4 transactions match ones already loaded")
    page = client_for(ledger.alice).get(reverse("finance:spend-import")).content.decode()
    assert "2 of its transactions matched ones already loaded" in page
    assert SpendTransaction.objects.count() == 8


def test_files_loaded_before_fingerprints_get_one_and_an_old_repeat_keeps_none(ledger):
    first = _import(ledger, ORIGINAL)
    fingerprint = first.rows_sha256
    SpendImport.objects.update(rows_sha256="")  # as they stood before the migration
    repeat = _import(ledger, SAVED_AGAIN["Windows line endings"], "again.csv")  # the bug: loaded twice
    SpendImport.objects.update(rows_sha256="")
    fingerprint_migration.fingerprint_loaded_files(apps, None)
    first.refresh_from_db()
    repeat.refresh_from_db()
    assert (first.rows_sha256, repeat.rows_sha256) == (fingerprint, "")
    assert "already imported: ledger.csv" in _problems(ledger, SAVED_AGAIN["a byte order mark"])[0]


def test_a_zero_amount_and_a_credit_match_however_written(ledger):
    _import(ledger, "Date,Supplier,Cost centre,Amount\n2026-05-01,Oak,OP-RES,0.00\n2026-05-02,Oak,OP-RES,-5\n")
    assert (
        "same transactions"
        in _problems(
            ledger, "Date,Supplier,Cost centre,Amount\n2026-05-02,Oak,OP-RES,(5.00)\n2026-05-01,Oak,OP-RES,(0)\n"
        )[0]
    )
    assert SpendTransaction.objects.get(amount__lt=0).amount == Decimal("-5.00")


def test_a_line_larger_than_any_council_spends_is_refused_with_its_line(ledger):
    text = (
        "Date,Supplier,Cost centre,Amount,Type\n"
        "2026-11-02,Oak Care Ltd,OP-RES,1200.00,actual\n"
        '2026-11-02,Oak Care Ltd,OP-RES,"9,000,000,000.00",actual\n'
    )
    assert _problems(ledger, text, "huge.csv") == [
        "huge.csv, line 3, column Amount: Amounts must be £5,000,000,000 or less"
    ]
    assert not SpendTransaction.objects.exists()
