"""Capacity returns imported in bulk: figures that are not numbers are named by line and column,
and a correction that gives some figures keeps the others."""

from __future__ import annotations

import datetime

import pytest

from commissioning.core.imports import ImportRejected
from commissioning.market.models import CapacityReturn
from commissioning.market.services import capacity_import, cqc_import
from commissioning.market.tests.files import hsca_csv, hsca_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["NaN", "Infinity", "sNaN", "12345678901.555"])
def test_capacity_import_rejects_non_numbers_with_line_and_column(england, value):
    cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(1)]))
    text = f"Location ID,Date,Homecare hours last week\n1-100000001,{datetime.date.today().isoformat()},{value}\n"
    with pytest.raises(ImportRejected) as rejected:
        capacity_import(name="c.csv", content=text.encode(), by=None)
    assert "line 2" in str(rejected.value.problems[0]) and "Homecare hours last week" in str(rejected.value.problems[0])


def test_a_partial_capacity_correction_keeps_the_other_figures(england):
    cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(1)]))
    today = datetime.date.today().isoformat()
    capacity_import(
        name="c.csv",
        content=f"Location ID,Date,Beds capacity,Care staff\n1-100000001,{today},40,25\n".encode(),
        by=None,
    )
    capacity_import(
        name="c.csv",
        content=f"Location ID,Date,Beds capacity,Beds occupied\n1-100000001,{today},40,30\n".encode(),
        by=None,
    )
    capacity = CapacityReturn.objects.get()
    assert (capacity.care_staff, capacity.beds_occupied) == (25, 30)
