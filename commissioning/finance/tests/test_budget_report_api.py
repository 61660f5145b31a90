"""The budget report through the API: the Resources page's figures exactly (budget, actual,
committed, forecast outturn, variance, line by line and in total), for the council's own staff
only."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning.demo.finance import BUDGETS, CENTRES, spend_csv
from commissioning.finance import services
from commissioning.finance.tests.factories import grow_finance
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)
URL = "/api/v1/budget-report/"
STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}
TRAFFORD_STAFF = {"alice", "carl", "sonia", "colin", "ada"}


@pytest.fixture
def demo_budget(world, monkeypatch):
    """Trafford's demo budgets and spend for 2026 as at 3 December 2026, plus spend on a cost
    centre with no budget and a partner's share of the pooled budget."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    for code, name, service, group in [
        *CENTRES,
        ("ASC-MH-DAY", "Mental health day services", "day_services", "mental_health"),
    ]:
        services.cost_centre_create(by=world.alice, code=code, name=name, service_type=service, client_group=group)
    for group, service, source, amount, share in BUDGETS:
        services.budget_create(
            by=world.alice,
            financial_year=2026,
            client_group=group,
            service_type=service,
            funding_source=source,
            amount=Decimal(amount),
            partner=world.icb if share else None,
            partner_share_percent=Decimal(share) if share else None,
        )
    ledger = spend_csv(2026, TODAY) + b"2026-10-14,Day centre (demo),ASC-MH-DAY,1234.57,actual,PAY-MH1\n"
    services.spend_import(
        organisation=world.trafford, name="ledger.csv", content=ledger, financial_year=2026, by=world.alice
    )
    return world


class _Tables(HTMLParser):
    """Each table row of a page as the text of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _page_rows(client) -> dict[str, list[str]]:
    tables = _Tables()
    tables.feed(client.get(reverse("finance:index") + "?year=2026").content.decode())
    return {row[0]: row[1:] for row in tables.rows if row}


def _as_shown(figures: dict[str, str]) -> list[str]:
    """The API's figures as the page writes them."""
    money = [f"£{Decimal(figures[key]):,.2f}" for key in ("budget", "actual", "committed", "forecast_outturn")]
    variance = Decimal(figures["variance"])
    said = f"£{variance:,.2f} over" if variance > 0 else f"£{-variance:,.2f} under" if variance < 0 else "On budget"
    return [*money, said]


def test_the_api_gives_the_pages_budget_report_to_the_penny(demo_budget, client_for):
    client = client_for(demo_budget.alice)
    report = client.get(URL, {"financial_year": 2026}).json()
    assert (report["financial_year"], report["as_of"], report["months_elapsed"]) == (2026, "2026-12-03", 8)
    page = _page_rows(client)
    lines = {line["label"]: line for line in report["lines"]}
    assert len(lines) == 7  # six budgeted lines and the spend with no budget
    for label, line in lines.items():
        shown = f"{label} (no budget)" if not line["has_budget"] else label
        assert page[shown][:5] == _as_shown(line), label  # then contracted and what is left (test_commitments.py)
    assert page["Total"][:5] == _as_shown(report["total"])
    # Exact, as strings: the page's rounding could hide a penny.
    residential = lines["Older people: Residential care home"]
    assert (residential["budget"], residential["actual"]) == ("14250000.00", "10980000.00")
    assert Decimal(residential["variance"]) == Decimal(residential["forecast_outturn"]) - Decimal("14250000.00")
    day_services = next(line for line in report["lines"] if not line["has_budget"])
    assert (day_services["client_group"], day_services["budget"], day_services["actual"]) == (
        "mental_health",
        "0.00",
        "1234.57",
    )
    total = report["total"]
    assert Decimal(total["forecast_outturn"]) == sum(Decimal(line["forecast_outturn"]) for line in report["lines"])
    sources = {source["funding_source"]: source["budget"] for source in report["by_funding_source"]}
    assert sources["pooled"] == "2150000.00" and page["Pooled fund (for example the Better Care Fund)"] == [
        "£2,150,000.00"
    ]
    assert total["partner_share"] == "860000.00"
    assert page["Of which joint partners contribute"] == ["£860,000.00"]


def test_the_year_defaults_to_this_one_and_must_be_a_year(demo_budget, client_for):
    client = client_for(demo_budget.alice)
    assert client.get(URL).json()["financial_year"] == 2026
    assert client.get(URL, {"financial_year": "2025"}).json()["lines"] == []
    response = client.get(URL, {"financial_year": "next"})
    assert response.status_code == 400 and "financial_year" in response.json()


def test_only_the_councils_own_staff_get_its_budget_report(demo_budget, client_for):
    trafford = f"{URL}?financial_year=2026&organisation={demo_budget.trafford.pk}"
    # Trafford's staff see it; other councils' and the ICB's staff do not find it; providers and
    # people who draw on care may not see budgets at all.
    check_page_access(
        demo_budget, client_for, "budget report API", trafford, expect(TRAFFORD_STAFF, forbidden=EVERYONE - STAFF)
    )
    own = client_for(demo_budget.steve).get(URL, {"financial_year": 2026}).json()
    assert own["organisation"] == demo_budget.stockport.pk and own["lines"] == []
    assert own["total"]["actual"] == "0.00"
    assert client_for(demo_budget.steve).get(URL, {"organisation": "x"}).status_code == 400
    assert APIClient().get(URL).status_code == 401


def test_the_budget_report_runs_the_same_queries_however_much_there_is(demo_budget, client_for):
    trafford = f"{URL}?financial_year=2026&organisation={demo_budget.trafford.pk}"
    rounds = iter(range(10))
    pages = [("budget report API", trafford, expect(TRAFFORD_STAFF, forbidden=EVERYONE - STAFF))]
    check_queries_do_not_grow(client_for, pages, lambda: grow_finance(demo_budget, round_=next(rounds)))
