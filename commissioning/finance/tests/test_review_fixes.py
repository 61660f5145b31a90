"""Regression tests for defects a review found in resources: provider returns that could be
worked out from published quartiles, spreadsheet formulas in exports, amounts and totals that
crashed imports, appraisals that could not be shown, and partners from outside the sector."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.core.imports import ImportRejected
from commissioning.finance import services
from commissioning.finance.models import CostCentre, OptionAppraisal

pytestmark = pytest.mark.django_db


def test_too_few_returns_are_shown_only_to_the_council(world, exercise, client_for):
    url = reverse("finance:survey-return", args=[exercise.pk])
    client_for(world.pam).post(url, {"pay": "17.00", "notes": '=HYPERLINK("http://evil","x")\x0b'})
    client_for(world.pete).post(url, {"pay": "18.37"})
    assert "£18.37" in client_for(world.alice).get(exercise.get_absolute_url()).content.decode()
    provider_page = client_for(world.pam).get(exercise.get_absolute_url()).content.decode()
    assert "£18.37" not in provider_page and "Too few returns to show" in provider_page
    exercise.proposed_fee, exercise.reasoning = Decimal("26.00"), "Why"
    services.exercise_save(exercise=exercise, by=world.alice)
    services.exercise_publish(exercise=exercise, by=world.alice)
    client = client_for(None)
    assert "£18.37" not in client.get(reverse("finance:exercise-public", args=[exercise.pk])).content.decode()
    # The council's download keeps a provider's text as text, never a live formula.
    book = load_workbook(
        io.BytesIO(
            client_for(world.alice).get(reverse("finance:exercise-download", args=[exercise.pk, "xlsx"])).content
        )
    )
    notes = [row[-1] for row in book["Each return"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil","x")' in notes


@pytest.mark.parametrize("amount", ["1e5", "(12.00", "1_000", "1e400", "12.00)", "-(5.00)"])
def test_amounts_must_be_pounds_and_pence(world, amount):
    services.cost_centre_save(
        cost_centre=CostCentre(code="OP", name="OP", service_type="homecare", client_group="older_people"),
        by=world.alice,
    )
    text = f"Date,Supplier,Cost centre,Amount\n2026-05-01,X,OP,{amount}\n"
    with pytest.raises(ImportRejected) as rejected:
        services.spend_import(
            organisation=world.trafford, name="x.csv", content=text.encode(), financial_year=2026, by=None
        )
    assert "not an amount in pounds and pence" in str(rejected.value.problems[0])


def test_a_file_whose_total_is_absurd_is_refused(world):
    services.cost_centre_save(
        cost_centre=CostCentre(code="OP", name="OP", service_type="homecare", client_group="older_people"),
        by=world.alice,
    )
    text = "Date,Supplier,Cost centre,Amount\n" + "2026-05-01,X,OP,999999999999.99\n" * 2
    with pytest.raises(ImportRejected) as rejected:
        services.spend_import(
            organisation=world.trafford, name="x.csv", content=text.encode(), financial_year=2026, by=None
        )
    assert "check the amounts" in str(rejected.value.problems[0])


def test_appraisals_refuse_odd_rates_and_never_fail_to_show(world, client_for):
    client = client_for(world.alice)
    form = {
        "title": "Odd", "first_year": 2026, "last_year": 2030, "people_first_year": "10", "growth_percent": "-100",
        "current_service": "residential", "current_cost_per_person_year": "-1", "alternative_service": "homecare",
        "alternative_cost_per_person_year": "1", "shift_percent": "0", "one_off_cost": "0",
        "discount_rate_percent": "-100",
    }  # fmt: skip
    page = client.post(reverse("finance:option-create"), form).content.decode()
    assert "greater than or equal to -50" in page and "greater than or equal to 0" in page
    assert not OptionAppraisal.objects.exists()
    option = services.option_save(
        option=OptionAppraisal(
            title="From a forecast since removed", first_year=2026, last_year=2027, forecast_measure=1,
            current_service="residential", current_cost_per_person_year=Decimal(1), alternative_service="homecare",
            alternative_cost_per_person_year=Decimal(1), shift_percent=Decimal(0),
        ),
        by=world.alice,
    )  # fmt: skip
    response = client.get(option.get_absolute_url())
    assert response.status_code == 200 and "has been removed" in response.content.decode()


def test_the_budget_api_takes_only_another_council_or_icb_as_partner(world, client_for):
    body = {
        "financial_year": 2026, "client_group": "carers", "service_type": "short_breaks", "funding_source": "grant",
        "amount": "10.00", "partner_share_percent": "10",
    }  # fmt: skip
    client = client_for(world.alice)
    for partner in (world.provider_a, world.trafford):
        response = client.post("/api/v1/budgets/", {**body, "partner": partner.pk}, content_type="application/json")
        assert response.status_code == 400
    response = client.post("/api/v1/budgets/", {**body, "partner": world.icb.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["partner_amount"] == "1.00"


def test_fees_must_be_positive(world, exercise, client_for):
    response = client_for(world.alice).post(
        reverse("finance:exercise-fee", args=[exercise.pk]),
        {"current_fee": "-10", "proposed_fee": "20", "reasoning": "x", "status": "open"},
    )
    assert "greater than or equal to 0.01" in response.content.decode()
