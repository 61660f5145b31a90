"""Market and resources pages share one compact row of links to their section's pages, with the
current page marked; codes and dates in tables are kept on one line."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from commissioning.finance.models import CostCentre, SpendImport, SpendTransaction
from commissioning.market.tests.factories import market_for

pytestmark = pytest.mark.django_db

STYLES = Path(__file__).resolve().parents[2] / "core" / "static" / "core" / "app.css"


def _subnav(html: str, label: str) -> str:
    start = html.index(f'<nav class="app-subnav" aria-label="{label}">')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize(
    ("url_name", "label", "current", "count"),
    [
        ("market:index", "Market pages", "Overview", 9),
        ("market:risk", "Market pages", "Provider risk", 9),
        ("finance:index", "Resources pages", "Budgets and spend", 6),
        ("finance:unit-cost-list", "Resources pages", "Unit costs", 6),
    ],
)
def test_section_pages_link_to_each_other_in_one_row_marking_the_current_one(
    world, client_for, url_name, label, current, count
):
    market_for(world)
    html = client_for(world.alice).get(reverse(url_name)).content.decode()

    nav = _subnav(html, label)
    assert nav.count('<ul class="app-subnav__list">') == 1
    assert nav.count('class="app-subnav__item') == count
    assert re.findall(r'aria-current="page">([^<]+)</a>', nav) == [current]
    assert "app-inline-list" not in html  # the old stacked list is gone


def test_market_pages_about_an_area_keep_it_in_their_links(world, client_for):
    market_for(world)
    html = client_for(world.alice).get(reverse("market:map") + "?area=E08000009").content.decode()
    nav = _subnav(html, "Market pages")
    assert 'href="/market/risk/?area=E08000009"' in nav
    assert 'href="/market/forums/"' in nav


def test_codes_and_dates_in_tables_stay_on_one_line(world, client_for):
    centre = CostCentre.objects.create(
        organisation=world.trafford, code="ASC-OP-HC-0001", name="Homecare", client_group="older_people",
        service_type="homecare",
    )  # fmt: skip
    source = SpendImport.objects.create(organisation=world.trafford, file_name="spend.csv", financial_year=2026)
    SpendTransaction.objects.create(
        organisation=world.trafford, cost_centre=centre, financial_year=2026, supplier="Care Co", source=source,
        transaction_date=datetime.date(2026, 9, 30), amount=Decimal("10.00"), status="actual",
    )  # fmt: skip
    client = client_for(world.alice)

    spend = client.get(reverse("finance:spend")).content.decode()
    assert '<td class="govuk-table__cell app-nowrap">30 September 2026</td>' in spend
    assert '<td class="govuk-table__cell app-nowrap">ASC-OP-HC-0001</td>' in spend
    centres = client.get(reverse("finance:cost-centres")).content.decode()
    assert '<th scope="row" class="govuk-table__header app-nowrap">ASC-OP-HC-0001</th>' in centres
    areas = client.get(reverse("site:area-list")).content.decode()
    assert '<td class="govuk-table__cell app-nowrap">E08000009</td>' in areas
    assert ".app-nowrap { white-space: nowrap; }" in STYLES.read_text(encoding="utf-8")
