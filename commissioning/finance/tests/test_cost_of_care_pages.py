"""Cost of care exercises: the model built from its inputs, bad inputs refused with clear
messages, providers returning (and seeing) only their own costs, and no one's figures while too
few have returned, quartiles traced line by line, the fee published with its reasoning, and every
input in the downloads (providers' text as text, never a formula). Options appraisals: from a
saved forecast, and never failing to show."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.analytics.cost_of_care import quartiles
from commissioning.finance import services
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.finance.models import CostSurveyReturn, OptionAppraisal

pytestmark = pytest.mark.django_db


def inputs_post(**changes):
    return {**STARTING_INPUTS[ModelKind.HOMECARE], **changes}


def test_inputs_outside_sensible_ranges_are_refused(world, exercise, client_for):
    client = client_for(world.alice)
    url = reverse("finance:exercise-inputs", args=[exercise.pk])
    response = client.post(url, inputs_post(care_worker_hourly_pay="-1", visit_minutes="0"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Visit length" in page and "must be at least 5 minutes" in page
    response = client.post(url, inputs_post(care_worker_hourly_pay="11.00"))
    assert "is below the National Living Wage (£12.71)" in response.content.decode()
    exercise.refresh_from_db()
    assert exercise.inputs["care_worker_hourly_pay"] == "13.00"
    assert client.post(url, inputs_post(care_worker_hourly_pay="13.50")).status_code == 302
    exercise.refresh_from_db()
    assert exercise.inputs["care_worker_hourly_pay"] == "13.50"


def test_providers_return_their_own_costs_and_see_no_one_elses(world, exercise, client_for):
    url = reverse("finance:survey-return", args=[exercise.pk])
    for person, pay in ((world.pam, "17.10"), (world.pete, "18.30")):
        response = client_for(person).post(url, {"pay": pay, "mileage": "1.80", "back_office": "-2"})
        assert "Costs cannot be negative" in response.content.decode()
        assert client_for(person).post(url, {"pay": pay, "mileage": "1.80", "notes": ""}).status_code == 302
    assert CostSurveyReturn.objects.count() == 2
    own = client_for(world.pam).get(exercise.get_absolute_url()).content.decode()
    assert "Provider A Care Ltd" in own and "Provider B Homes Ltd" not in own
    staff = client_for(world.alice).get(exercise.get_absolute_url()).content.decode()
    assert "Provider A Care Ltd" in staff and "Provider B Homes Ltd" in staff
    # The summary is the reference quartiles of the returns, line by line.
    spread = quartiles([Decimal("17.10"), Decimal("18.30")])
    assert f"£{spread.lower:.2f}" in staff and f"£{spread.median:.2f}" in staff and f"£{spread.upper:.2f}" in staff
    # Staff of another council never reach the exercise.
    assert client_for(world.steve).get(exercise.get_absolute_url()).status_code == 404


def test_publishing_needs_a_fee_and_reasoning_then_is_public(world, exercise, client_for):
    client = client_for(world.alice)
    client.post(exercise.get_absolute_url())
    exercise.refresh_from_db()
    assert not exercise.is_published
    response = client.post(
        reverse("finance:exercise-fee", args=[exercise.pk]),
        {"current_fee": "25.00", "proposed_fee": "26.25", "reasoning": "Pay above the wage", "status": "closed"},
    )
    assert response.status_code == 302
    client.post(exercise.get_absolute_url())
    exercise.refresh_from_db()
    assert exercise.is_published
    client.logout()
    public = client.get(reverse("finance:exercise-public", args=[exercise.pk])).content.decode()
    assert "Pay above the wage" in public and "5.00%" in public
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("finance:exercise-public-download", args=[exercise.pk, "xlsx"])).content)
    )
    assert workbook.sheetnames[:2] == ["Inputs", "Model"]
    formulas = [row[3] for row in workbook["Model"].iter_rows(min_row=2, values_only=True)]
    assert any("paid hours per contact hour" in (formula or "") for formula in formulas)
    inputs = {row[0]: row[1] for row in workbook["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert inputs["National Living Wage"] == "12.71"
    assert client.get(reverse("finance:exercise-public-download", args=[exercise.pk, "pdf"])).content[:4] == b"%PDF"


def test_options_appraisal_is_attached_to_a_cycle(world, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("finance:option-create"),
        {"title": "More reablement", "first_year": 2026, "last_year": 2028, "people_first_year": "100",
         "growth_percent": "0", "current_service": "residential", "current_cost_per_person_year": "50000",
         "alternative_service": "reablement", "alternative_cost_per_person_year": "20000", "shift_percent": "10",
         "one_off_cost": "0", "discount_rate_percent": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "£900,000.00 less" in page  # 10 people a year x £30,000 x 3 years
    activity = world.cycle.activities.get(level="strategic", checklist_key="resources")
    option = OptionAppraisal.objects.get(title="More reablement")
    attach = f"{reverse('cycles:evidence-new')}?type=finance.option&record={option.pk}"
    assert attach.replace("&", "&amp;") in page  # the appraisal's page offers it as evidence
    client.post(attach, {"activity": activity.pk})
    assert activity.evidence.get().title == "Options appraisal: More reablement"


def test_an_option_takes_people_year_by_year_from_a_saved_forecast(world, durham_vintage, client_for):
    from commissioning.core.models import Area
    from commissioning.needs.analysis import area_forecast
    from commissioning.needs.models import RateSet
    from commissioning.needs.services import forecast_save

    rate_set = RateSet.objects.get(name__startswith="Dementia prevalence, CFAS II")
    forecast = area_forecast(area=Area.objects.get(code="E06000047"), vintage=durham_vintage, rate_sets=[rate_set])
    saved = forecast_save(by=world.alice, forecast=forecast)
    client = client_for(world.alice)
    form = {
        "title": "Dementia support",
        "first_year": 2026,
        "last_year": 2027,
        "people_source": f"{saved.pk}:{rate_set.pk}",
        "current_service": "residential",
        "current_cost_per_person_year": "1",
        "alternative_service": "homecare",
        "alternative_cost_per_person_year": "1",
        "shift_percent": "0",
        "one_off_cost": "0",
        "discount_rate_percent": "0",
        "growth_percent": "0",
    }
    response = client.post(reverse("finance:option-create"), form)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    expected = forecast.needs[0].totals[2026].people
    assert f"{expected:,.1f}" in page
    # A forecast that does not reach the option's years is refused, naming them.
    response = client.post(reverse("finance:option-create"), {**form, "last_year": 2099})
    assert "The forecast has no figures for" in response.content.decode()


def test_too_few_returns_are_shown_only_to_the_council(world, exercise, client_for):
    url = reverse("finance:survey-return", args=[exercise.pk])
    client_for(world.pam).post(url, {"pay": "17.00", "notes": '=HYPERLINK("http://evil","x")\x0b'})
    client_for(world.pete).post(url, {"pay": "18.37"})
    assert "£18.37" in client_for(world.alice).get(exercise.get_absolute_url()).content.decode()
    provider_page = client_for(world.pam).get(exercise.get_absolute_url()).content.decode()
    assert "£18.37" not in provider_page and "Too few returns to show" in provider_page
    services.exercise_update(exercise=exercise, by=world.alice, proposed_fee=Decimal("26.00"), reasoning="Why")
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


def test_fees_must_be_positive(world, exercise, client_for):
    response = client_for(world.alice).post(
        reverse("finance:exercise-fee", args=[exercise.pk]),
        {"current_fee": "-10", "proposed_fee": "20", "reasoning": "x", "status": "open"},
    )
    assert "Fees must be at least £0.01" in response.content.decode()


def test_appraisals_refuse_odd_rates_and_never_fail_to_show(world, client_for):
    client = client_for(world.alice)
    form = {
        "title": "Odd", "first_year": 2026, "last_year": 2030, "people_first_year": "10", "growth_percent": "-100",
        "current_service": "residential", "current_cost_per_person_year": "-1", "alternative_service": "homecare",
        "alternative_cost_per_person_year": "1", "shift_percent": "0", "one_off_cost": "0",
        "discount_rate_percent": "-100",
    }  # fmt: skip
    page = client.post(reverse("finance:option-create"), form).content.decode()
    assert "Growth a year must be between -50% and 50%" in page and "Costs a year cannot be negative" in page
    assert "Discount rates must be between 0% and 20%" in page
    assert not OptionAppraisal.objects.exists()
    option = services.option_create(
        by=world.alice,
        title="From a forecast since removed",
        first_year=2026,
        last_year=2027,
        forecast_measure=1,
        current_service="residential",
        current_cost_per_person_year=Decimal(1),
        alternative_service="homecare",
        alternative_cost_per_person_year=Decimal(1),
        shift_percent=Decimal(0),
    )
    response = client.get(option.get_absolute_url())
    assert response.status_code == 200 and "has been removed" in response.content.decode()
