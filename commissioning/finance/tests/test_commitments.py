"""What contracts and care packages bind the council to pay for the rest of the year: worked out by
hand to the penny, counted once (a call-off or a package under a spot contract is inside that
contract's value), the same in the budget report's row and total, on the commitments page and in
the Excel download; Trafford's own only; and read in a few queries however many packages there are.

As at 3 December 2026 the rest of year 2026 is 4 December 2026 to 31 March 2027: 118 days
(28 in December, 31, 28 and 31)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from commissioning.care.tests.factories import block_for, package_for, person_for
from commissioning.contracts import services as contracts
from commissioning.contracts.tests.factories import contract_for, providers_for
from commissioning.finance import services
from commissioning.finance.commitments import Commitment, commitments_for, share_in_pennies
from commissioning.finance.reports import budget_report
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)
STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}
CONTRACTS = "Block, spot, grant and in-house contracts"
PACKAGES = "Care packages: spot purchases, direct payments and individual service funds"
CALLED_OFF = "Care packages called off block contracts"
URL = "/resources/commitments/?year=2026"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def bound(world, today):
    """Trafford's contracts and packages (one of each way of buying), a budget line, and a
    Stockport contract that must not show."""
    providers = providers_for(world)
    alice, sonia = world.alice, world.sonia
    # Block: £3,000,001.34 over 1 April 2026 to 31 March 2029 (1,096 days): 300,000,134p x 118 / 1,096
    # = 32,299,284.5p, half a penny up: £322,992.85.
    block = block_for(alice, providers.a, value=Decimal("3000001.34"))
    # Spot contract for a residential placement, £52,000.00 over the year (365 days):
    # 5,200,000p x 118 / 365 = 1,681,095.89p: £16,810.96.
    spot = contract_for(
        alice, providers.b, kind="spot", title="Residential placement", service_type="residential",
        value=Decimal("52000.00"), ends_on=datetime.date(2027, 3, 31),
    )  # fmt: skip
    # Carers' grant, £120,000.00 for the year, terminated on 31 January 2027: 4 December to 31 January
    # is 59 days: 12,000,000p x 59 / 365 = 1,939,726.03p: £19,397.26.
    grant = contract_for(
        alice, providers.b, kind="grant", title="Carers centre", client_group="carers",
        service_type="carers_support", value=Decimal("120000.00"), ends_on=datetime.date(2027, 3, 31),
    )  # fmt: skip
    contracts.contract_terminate(by=alice, contract=grant, terminated_on=datetime.date(2027, 1, 31), reason="Merged")
    # A framework buys nothing itself (£1,000,000.00 counts nothing); the spot purchase under it does.
    framework = contract_for(
        alice, providers.b, kind="framework", title="Supported living framework", client_group="mental_health",
        service_type="supported_living", value=Decimal("1000000.00"),
    )  # fmt: skip

    # Spot homecare, £412.50 a week: 41,250p x 118 / 7 = 695,357.14p: £6,953.57.
    package_for(sonia, person_for(sonia, "P-0001"), provider=providers.a, weekly_cost=Decimal("412.50"))
    # Homecare from 1 February 2027 (59 days), £700.00 a week: 70,000p x 59 / 7 = £5,900.00 exactly.
    package_for(
        sonia, person_for(sonia, "P-0002"), provider=providers.a, weekly_cost=Decimal("700.00"),
        starts_on=datetime.date(2027, 2, 1),
    )  # fmt: skip
    # Direct payment to 15 January 2027 (43 days), £333.33 a week: 33,333p x 43 / 7 = 204,759.86p: £2,047.60.
    package_for(
        sonia, person_for(sonia, "P-0003", client_group="learning_disability", age_band="18-64",
                          support_reason="learning_disability"),
        arrangement="direct_payment", service_type="direct_payments", weekly_cost=Decimal("333.33"),
        ends_on=datetime.date(2027, 1, 15),
    )  # fmt: skip
    # Spot purchase under the framework, £555.55 a week: 55,555p x 118 / 7 = 936,498.57p: £9,364.99.
    package_for(
        sonia, person_for(sonia, "P-0004", client_group="mental_health", age_band="18-64",
                          support_reason="mental_health"),
        arrangement="spot_framework", contract=framework, service_type="supported_living",
        weekly_cost=Decimal("555.55"),
    )  # fmt: skip
    # Not counted again: a call-off from the block, a placement under the spot contract.
    package_for(sonia, person_for(sonia, "P-0005"), arrangement="call_off", contract=block, units=Decimal(10))
    package_for(
        sonia, person_for(sonia, "P-0006"), arrangement="spot", contract=spot, service_type="residential",
        units=Decimal(1), unit="beds", weekly_cost=Decimal("1000.00"),
    )  # fmt: skip
    # Ended on 30 November 2026, before the figures' date: nothing.
    package_for(
        sonia, person_for(sonia, "P-0007"), provider=providers.a, weekly_cost=Decimal("999.99"),
        ends_on=datetime.date(2026, 11, 30),
    )  # fmt: skip

    services.budget_create(
        by=alice, financial_year=2026, client_group="older_people", service_type="homecare",
        funding_source="council", amount=Decimal("500000.00"),
    )  # fmt: skip
    contract_for(world.steve, providers.a, title="Stockport homecare", value=Decimal("7777777.77"))
    return world


EXPECTED = [
    Commitment("carers", "carers_support", CONTRACTS, Decimal("19397.26"), 1),
    Commitment("older_people", "homecare", CONTRACTS, Decimal("322992.85"), 1),
    Commitment("older_people", "residential", CONTRACTS, Decimal("16810.96"), 1),
    Commitment("learning_disability", "direct_payments", PACKAGES, Decimal("2047.60"), 1),
    Commitment("mental_health", "supported_living", PACKAGES, Decimal("9364.99"), 1),
    Commitment("older_people", "homecare", PACKAGES, Decimal("12853.57"), 2),  # 6,953.57 + 5,900.00
    # The call-off from the block, £240.00 a week: listed where its money is, inside the block's amount.
    Commitment("older_people", "homecare", CALLED_OFF, Decimal("4045.71"), 1, inside=True),
]
TOTAL = Decimal("383467.23")  # 359,201.07 from contracts + 24,266.16 from packages


def test_each_source_counts_each_record_once_to_the_penny(bound):
    assert commitments_for(bound.trafford.pk, 2026, TODAY) == EXPECTED
    assert sum(c.amount for c in EXPECTED if not c.inside) == TOTAL
    assert commitments_for(bound.stockport.pk, 2026, TODAY) == [
        Commitment("older_people", "homecare", CONTRACTS, Decimal("837388.48"), 1)  # 777,777,777p x 118 / 1,096
    ]


def test_nothing_is_bound_once_the_year_has_ended_and_all_of_it_before_it_starts(bound):
    assert commitments_for(bound.trafford.pk, 2026, datetime.date(2027, 3, 31)) == []
    assert commitments_for(bound.trafford.pk, 2025, TODAY) == []
    found = commitments_for(bound.trafford.pk, 2026, datetime.date(2026, 3, 1))
    before = {(c.source, c.client_group, c.service_type): c for c in found}
    # The whole year, 365 days: the ended package's 1 April to 30 November (244 days) counts now,
    # £999.99 x 244 / 7 = £34,856.79 (34,856.7942...), and the spot contract is the whole £52,000.00.
    assert before[(CONTRACTS, "older_people", "residential")].amount == Decimal("52000.00")
    homecare = before[(PACKAGES, "older_people", "homecare")]
    assert homecare.count == 3
    # £412.50 x 365 / 7 = £21,508.93 (21,508.9285...), and still £5,900.00 from February.
    assert homecare.amount == Decimal("21508.93") + Decimal("5900.00") + Decimal("34856.79")


def test_rounding_is_half_a_penny_up_in_whole_numbers():
    assert share_in_pennies(1, 1, 2) == 1 and share_in_pennies(1, 1, 3) == 0 and share_in_pennies(2, 1, 3) == 1
    assert share_in_pennies(-1, 1, 2) == -1  # away from zero
    assert share_in_pennies(300_000_134, 118, 1096) == 32_299_285


def test_the_report_adds_commitments_to_its_rows_and_total(bound):
    report = budget_report(organisation_id=bound.trafford.pk, financial_year=2026, as_of=TODAY)
    (homecare,) = report.rows
    assert (homecare.budget, homecare.contracted) == (Decimal("500000.00"), Decimal("335846.42"))
    assert homecare.headroom == Decimal("164153.58")
    assert homecare.outturn == Decimal("0.00")  # the forecast outturn is as it was
    unbudgeted = {(row.client_group, row.service_type): row.contracted for row in report.unbudgeted_spend}
    assert unbudgeted == {
        ("carers", "carers_support"): Decimal("19397.26"),
        ("older_people", "residential"): Decimal("16810.96"),
        ("learning_disability", "direct_payments"): Decimal("2047.60"),
        ("mental_health", "supported_living"): Decimal("9364.99"),
    }
    assert report.total.contracted == TOTAL
    assert report.total.headroom == Decimal("500000.00") - TOTAL == Decimal("116532.77")
    assert report.client_group_total("older_people").contracted == Decimal("352657.38")


class _Tables(HTMLParser):
    """Each table of a page (by its caption) as the text of its rows' cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: list[str] | None = None
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.rows = []
        elif tag == "caption":
            self.caption = []
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self.caption is not None:
            self.tables[" ".join("".join(self.caption).split())] = self.rows
            self.caption = None
        elif tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        for part in (self.cell, self.caption):
            if part is not None:
                part.append(data)


def _tables(client, url: str) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    tables = _Tables()
    tables.feed(response.content.decode())
    return tables.tables


def test_the_report_page_shows_contracted_and_what_is_left_with_a_link_to_where_it_comes_from(bound, client_for):
    client = client_for(bound.alice)
    page = client.get(reverse("finance:index") + "?year=2026").content.decode()
    assert f'href="{URL}"' in page
    tables = _tables(client, "/resources/?year=2026")
    (table,) = [rows for caption, rows in tables.items() if "by client group" in caption]
    header, *rows = table
    assert header[-2:] == ["Contracted for the rest of the year", "Left after commitments"]
    shown = {row[0]: row[-2:] for row in rows}
    assert shown["Older people: Homecare"] == ["£335,846.42", "£164,153.58"]
    assert shown["Carers: Support for carers (no budget)"] == ["£19,397.26", "£19,397.26 over"]
    assert shown["Total"] == ["£383,467.23", "£116,532.77"]
    assert "Contracted for the rest of the year = what the council is bound to pay" in page


def test_the_commitments_page_lists_where_each_figure_comes_from(bound, client_for):
    tables = _tables(client_for(bound.alice), URL)
    assert tables[CONTRACTS] == [
        ["Client group", "Service", "Number", "Amount"],
        ["Carers", "Support for carers", "1", "£19,397.26"],
        ["Older people", "Homecare", "1", "£322,992.85"],
        ["Older people", "Residential care home", "1", "£16,810.96"],
        ["Total", "3", "£359,201.07"],
    ]
    assert tables[PACKAGES] == [
        ["Client group", "Service", "Number", "Amount"],
        ["Learning disability", "Direct payments", "1", "£2,047.60"],
        ["Mental health", "Supported living", "1", "£9,364.99"],
        ["Older people", "Homecare", "2", "£12,853.57"],
        ["Total", "4", "£24,266.16"],
    ]
    assert tables["All commitments"][-1] == ["Contracted for the rest of the year", "£383,467.23"]
    called_off = next(rows for caption, rows in tables.items() if caption.startswith(CALLED_OFF))
    assert called_off[1:] == [["Older people", "Homecare", "1", "£4,045.71"], ["Total", "1", "£4,045.71"]]
    assert CALLED_OFF not in [row[0] for row in tables["All commitments"]]  # shown, never added
    # Stockport's staff see only Stockport's.
    stockport = _tables(client_for(bound.steve), URL)
    assert stockport[CONTRACTS][1:] == [["Older people", "Homecare", "1", "£837,388.48"], ["Total", "1", "£837,388.48"]]
    assert PACKAGES not in stockport


def test_the_excel_download_has_the_columns_too(bound, client_for):
    response = client_for(bound.alice).get(reverse("finance:budget-download", args=["xlsx"]) + "?year=2026")
    sheet = load_workbook(io.BytesIO(response.content))["Budget and spend"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Contracted for the rest of the year", "Left after commitments")
    assert rows[-1][0] == "Total" and [Decimal(str(value)) for value in rows[-1][-2:]] == [TOTAL, Decimal("116532.77")]


def test_the_commitments_page_is_for_those_who_see_the_budget_report(world, today, client_for):
    check_page_access(world, client_for, "commitments", URL, expect(STAFF, forbidden=EVERYONE))


def test_the_pages_read_the_same_queries_however_many_packages_and_contracts(bound, client_for):
    providers = providers_for(bound)
    rounds = iter(range(10))

    def grow() -> None:
        round_ = next(rounds)
        framework = contract_for(
            bound.alice, providers.b, kind="framework", title=f"Framework {round_}", service_type="supported_living"
        )
        for number in range(5):
            reference = f"P-1{round_}{number}"
            person = person_for(bound.sonia, reference)
            package_for(bound.sonia, person, provider=providers.a, weekly_cost=Decimal("100.01") + number)
            package_for(
                bound.sonia, person, arrangement="spot_framework", contract=framework, service_type="supported_living"
            )
        contract_for(bound.alice, providers.a, kind="in_house", title=f"In-house {round_}", service_type="reablement")

    pages = [
        ("budgets", "/resources/?year=2026", expect({"alice"})),
        ("commitments", URL, expect({"alice"})),
    ]
    check_queries_do_not_grow(client_for, pages, grow)
