"""A capacity return of nine quintillion beds is refused in plain words, on the page, through the
API and in an imported file, and nothing is saved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commissioning.core.imports import ImportRejected
from commissioning.market.models import CapacityReturn
from commissioning.market.services import capacity_import, cqc_import
from commissioning.market.tests.factories import market_for
from commissioning.market.tests.files import hsca_csv, hsca_row

pytestmark = pytest.mark.django_db

HUGE = "9000000000000000000"
BEYOND_64_BITS = "90000000000000000000"
PLAIN = "Beds must be 1,000 or fewer"
DJANGO_WORDS = ("Ensure this value", "9223372036854775807", "2147483647")


def test_the_capacity_return_page_and_api_refuse_impossible_beds_in_plain_words(world, client_for):
    market = market_for(world)
    client, before = client_for(world.pam), CapacityReturn.objects.count()
    today = datetime.date.today()
    date = {"return_date-day": today.day, "return_date-month": today.month, "return_date-year": today.year}
    for beds in (HUGE, BEYOND_64_BITS, "1001"):
        response = client.post(
            reverse("market:capacity-return", args=[market.home_a.pk]), {**date, "beds_capacity": beds}
        )
        page = response.content.decode()
        assert response.status_code == 200 and PLAIN in page
        assert not any(words in page for words in DJANGO_WORDS)
    for beds in (HUGE, BEYOND_64_BITS, int(HUGE)):
        response = client.post(
            "/api/v1/capacity-returns/",
            {"location": market.home_a.pk, "return_date": today.isoformat(), "beds_capacity": beds},
            content_type="application/json",
        )
        assert response.status_code == 400 and response.json()["beds_capacity"] == [PLAIN]
    # Hours too large for their column get the limit, not a count of digits.
    response = client.post(
        "/api/v1/capacity-returns/",
        {"location": market.home_a.pk, "return_date": today.isoformat(), "homecare_hours": HUGE},
        content_type="application/json",
    )
    assert response.json()["homecare_hours"] == ["Hours in a week must be 1,000,000 or fewer"]
    assert CapacityReturn.objects.count() == before


def test_a_capacity_file_with_impossible_beds_is_refused_naming_the_line(england):
    cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(1), hsca_row(2)]))
    today = datetime.date.today().isoformat()
    text = (
        "Location ID,Date,Beds capacity,Care staff\n"
        f"1-100000001,{today},40,25\n"
        f"1-100000002,{today},{HUGE},{BEYOND_64_BITS}\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        capacity_import(name="capacity.csv", content=text.encode(), by=None)
    assert [str(problem) for problem in rejected.value.problems] == [
        f"capacity.csv, line 3, column Beds capacity: {PLAIN}",
        "capacity.csv, line 3, column Care staff: Staff must be 10,000 or fewer",
    ]
    assert not CapacityReturn.objects.exists()
