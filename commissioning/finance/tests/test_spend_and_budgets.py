"""Budgets against spend: the finance file import (all or nothing, every bad row named, amounts
only in pounds and pence, absurd totals refused) and a report that reconciles to the penny."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.core.imports import ImportRejected
from commissioning.finance import services
from commissioning.finance.models import CostCentre, SpendTransaction
from commissioning.finance.reports import budget_report, forecast_outturn, months_elapsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres(world):
    for code, service in (("OP-RES", "residential"), ("OP-HC", "homecare")):
        services.cost_centre_create(
            by=world.alice, code=code, name=code, service_type=service, client_group="older_people"
        )
    return world


GOOD = (
    "Date,Supplier,Cost centre,Amount,Type,Reference\n"
    '2026-04-28,Oak Care Ltd,OP-RES,"1,000.10",actual,P1\n'
    "31/05/2026,Oak Care Ltd,op-res,2000.20,,P2\n"
    "2026-05-15,Elm Homecare,OP-HC,(50.05),actual,CR1\n"
    "2026-06-01,Oak Care Ltd,OP-RES,300.33,committed,PO1\n"
)


def test_a_finance_file_loads_and_reconciles_to_the_penny(centres):
    run = services.spend_import(
        organisation=centres.trafford, name="ledger.csv", content=GOOD.encode(), financial_year=2026, by=centres.alice
    )
    assert run.rows == 4 and run.total == Decimal("3250.58")
    assert SpendTransaction.objects.get(reference="CR1").amount == Decimal("-50.05")
    with pytest.raises(ImportRejected) as rejected:
        services.spend_import(
            organisation=centres.trafford, name="again.csv", content=GOOD.encode(), financial_year=2026, by=None
        )
    assert "already imported" in str(rejected.value.problems[0])


def test_a_bad_finance_file_lists_every_bad_row_and_loads_nothing(centres):
    bad = (
        "Date,Supplier,Cost centre,Amount\n"
        "2026-04-28,Oak Care Ltd,NOPE,10.00\n"
        "2027-04-01,Oak Care Ltd,OP-RES,10.00\n"
        "2026-05-01,Oak Care Ltd,OP-RES,ten pounds\n"
        "2026-05-01,Oak Care Ltd,OP-RES,10.001\n"
        "2026-05-01,,OP-RES,10.00\n"
        "not a date,Oak Care Ltd,OP-RES,10.00\n"
        "2026-05-01,Oak Care Ltd,OP-RES,10.00\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        services.spend_import(
            organisation=centres.trafford, name="bad.csv", content=bad.encode(), financial_year=2026, by=None
        )
    problems = [str(problem) for problem in rejected.value.problems]
    assert len(problems) == 6
    assert "line 2" in problems[0] and "'NOPE' is not one of your cost centres" in problems[0]
    assert "line 3" in problems[1] and "outside 2026 to 2027" in problems[1]
    assert "line 4" in problems[2] and "'ten pounds' is not an amount" in problems[2]
    assert "line 5" in problems[3] and "'10.001'" in problems[3]
    assert "line 6" in problems[4] and "Supplier" in problems[4]
    assert "line 7" in problems[5] and "not a date" in problems[5]
    assert not SpendTransaction.objects.exists()


def test_another_councils_cost_centres_are_unknown(centres):
    with pytest.raises(ImportRejected):
        services.spend_import(
            organisation=centres.stockport, name="x.csv", content=GOOD.encode(), financial_year=2026, by=None
        )


def test_budget_report_by_hand(centres):
    for service, source, amount in (
        ("residential", "council", "12000.00"),
        ("residential", "icb", "3000.01"),
        ("homecare", "pooled", "5000.00"),
    ):
        services.budget_create(
            by=centres.alice,
            financial_year=2026,
            client_group="older_people",
            service_type=service,
            funding_source=source,
            amount=Decimal(amount),
            partner=centres.icb if source == "pooled" else None,
            partner_share_percent=Decimal("33.33") if source == "pooled" else None,
        )
    services.spend_import(
        organisation=centres.trafford, name="ledger.csv", content=GOOD.encode(), financial_year=2026, by=None
    )
    report = budget_report(organisation_id=centres.trafford.pk, financial_year=2026, as_of=datetime.date(2026, 6, 30))
    assert report.months_elapsed == 3
    homecare, residential = report.rows
    # Residential: actual 3,000.30 over 3 months -> 1,000.10 a month x 9 more + committed 300.33.
    assert (residential.budget, residential.actual, residential.committed) == (
        Decimal("15000.01"),
        Decimal("3000.30"),
        Decimal("300.33"),
    )
    assert residential.outturn == Decimal("12301.53")
    assert residential.variance == Decimal("-2698.48")
    # Homecare: a credit of 50.05 -> -16.683... a month; July so far 0.00 is more than that -> 0.00 for July,
    # then 8 x -16.683... = -133.47 -> outturn -183.52.
    assert homecare.outturn == Decimal("-183.52")
    assert homecare.partner == Decimal("1666.50")
    assert report.total.budget == Decimal("20000.01") == sum(row.budget for row in report.rows)
    assert report.total.outturn == residential.outturn + homecare.outturn
    assert dict(report.by_source)["Council"] == Decimal("12000.00")


def test_outturn_edges():
    assert months_elapsed(2026, datetime.date(2026, 3, 31)) == 0
    assert months_elapsed(2026, datetime.date(2026, 4, 29)) == 0
    assert months_elapsed(2026, datetime.date(2026, 4, 30)) == 1
    assert months_elapsed(2027, datetime.date(2027, 6, 1)) == 2
    assert months_elapsed(2026, datetime.date(2027, 4, 1)) == 12
    assert forecast_outturn(Decimal("10"), Decimal("0"), Decimal("5"), 0) == Decimal("15.00")
    assert forecast_outturn(Decimal("100"), Decimal("0"), Decimal("0"), 12) == Decimal("100.00")
    assert forecast_outturn(Decimal("100"), Decimal("0"), Decimal("0"), 3) == Decimal("400.00")


@pytest.mark.parametrize(("day", "paid_this_month"), [(1, "0"), (27, "0"), (28, "1000")])
def test_outturn_does_not_swing_within_a_month(day, paid_this_month):
    """£1,000 paid on the 28th of each month: the forecast stays £12,000 all through June."""
    months = months_elapsed(2026, datetime.date(2026, 6, day))
    assert months == 2
    assert forecast_outturn(Decimal("2000"), Decimal(paid_this_month), Decimal("0"), months) == Decimal("12000.00")


def test_budget_pages_and_downloads(centres, client_for):
    client = client_for(centres.alice)
    response = client.post(
        reverse("finance:budget-create"),
        {"financial_year": 2026, "client_group": "older_people", "service_type": "homecare",
         "funding_source": "council", "amount": "-5"},
    )  # fmt: skip
    assert response.status_code == 200 and "Amounts cannot be negative" in response.content.decode()
    response = client.post(
        reverse("finance:budget-create"),
        {"financial_year": 2026, "client_group": "older_people", "service_type": "homecare",
         "funding_source": "council", "amount": "1234.56"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("finance:index") + "?year=2026").content.decode()
    assert "1,234.56" in page
    workbook = client.get(reverse("finance:budget-download", args=["xlsx"]) + "?year=2026")
    assert workbook.content[:2] == b"PK"
    pdf = client.get(reverse("finance:budget-download", args=["pdf"]) + "?year=2026")
    assert pdf.content[:4] == b"%PDF"
    upload = client.post(
        reverse("finance:spend-import"),
        {"financial_year": 2026, "file": _file("ledger.csv", GOOD)},
    )
    assert upload.status_code == 302
    bad = client.post(
        reverse("finance:spend-import"),
        {"financial_year": 2026, "file": _file("bad.csv", "Date,Supplier,Cost centre,Amount\n2026-04-01,X,NOPE,1\n")},
    )
    assert "is not one of your cost centres" in bad.content.decode()


def _file(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_cost_centres_and_unit_costs_are_changed_by_their_own_council(centres, client_for):
    from commissioning.finance.models import UnitCost

    centre = CostCentre.objects.get(code="OP-HC")
    url = reverse("finance:cost-centre-edit", args=[centre.pk])
    client = client_for(centres.alice)
    response = client.post(url, {"code": "OP-RES", "name": "X", "service_type": "homecare", "client_group": "carers"})
    assert "You already have a cost centre with this code" in response.content.decode()
    response = client.post(
        url, {"code": "OP-HC", "name": "Homecare", "service_type": "homecare", "client_group": "carers"}
    )
    assert response.status_code == 302
    assert CostCentre.objects.get(pk=centre.pk).client_group == "carers"
    assert client_for(centres.steve).get(url).status_code == 404
    assert client_for(centres.colin).get(url).status_code == 403
    shared = UnitCost.objects.create(
        service_type="homecare", unit="hour", financial_year=2026, amount=Decimal("30.00"),
        source_kind="benchmark", source="A published report",
    )  # fmt: skip
    assert client_for(centres.alice).get(reverse("finance:unit-cost-edit", args=[shared.pk])).status_code == 403


def test_a_finance_file_can_be_taken_back_out(centres, client_for):
    run = services.spend_import(
        organisation=centres.trafford, name="ledger.csv", content=GOOD.encode(), financial_year=2026, by=None
    )
    url = reverse("finance:spend-import-remove", args=[run.pk])
    assert client_for(centres.steve).post(url).status_code == 404
    assert client_for(centres.colin).post(url).status_code == 403
    assert client_for(centres.alice).post(url).status_code == 302
    assert not SpendTransaction.objects.exists()


@pytest.mark.parametrize("amount", ["1e5", "(12.00", "1_000", "1e400", "12.00)", "-(5.00)"])
def test_amounts_must_be_pounds_and_pence(world, amount):
    services.cost_centre_create(
        by=world.alice, code="OP", name="OP", service_type="homecare", client_group="older_people"
    )
    text = f"Date,Supplier,Cost centre,Amount\n2026-05-01,X,OP,{amount}\n"
    with pytest.raises(ImportRejected) as rejected:
        services.spend_import(
            organisation=world.trafford, name="x.csv", content=text.encode(), financial_year=2026, by=None
        )
    assert "not an amount in pounds and pence" in str(rejected.value.problems[0])


def test_a_file_whose_total_is_absurd_is_refused(world):
    services.cost_centre_create(
        by=world.alice, code="OP", name="OP", service_type="homecare", client_group="older_people"
    )
    # Each line is within the limit for one amount; together they come to over a trillion pounds.
    text = "Date,Supplier,Cost centre,Amount\n" + "2026-05-01,X,OP,5000000000.00\n" * 201
    with pytest.raises(ImportRejected) as rejected:
        services.spend_import(
            organisation=world.trafford, name="x.csv", content=text.encode(), financial_year=2026, by=None
        )
    assert "check the amounts" in str(rejected.value.problems[0])
