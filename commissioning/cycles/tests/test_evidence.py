"""Evidence as records: one service, form and view for every kind, typed links and kept figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.cycles import services
from commissioning.cycles.evidence import evidence_type_get
from commissioning.cycles.evidence_migration import link_evidence_to_records
from commissioning.cycles.models import EvidenceLink
from commissioning.finance import services as finance
from commissioning.finance.models import OptionAppraisal
from commissioning.finance.tests.factories import option_for
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet, SavedForecast
from commissioning.needs.services import forecast_save

pytestmark = pytest.mark.django_db


def _activity(cycle, key="resources"):
    return cycle.activities.get(level="strategic", checklist_key=key)


def _option(by, title="More reablement") -> OptionAppraisal:
    return option_for(by, title=title)


def _attach_url(key: str, record) -> str:
    return f"{reverse('cycles:evidence-new')}?type={key}&record={record.pk}"


def test_a_record_is_attached_from_the_activity_with_its_figures_kept(world, client_for):
    option = _option(world.alice)
    activity = _activity(world.cycle)
    client = client_for(world.alice)
    url = reverse("cycles:evidence-create", args=[activity.pk])
    page = client.get(url).content.decode()
    assert "An options appraisal" in page  # first the kind of evidence
    page = client.get(url, {"kind": "finance.option"}).content.decode()
    assert "Choose an options appraisal" in page and "More reablement" in page

    response = client.post(url, {"kind": "finance.option", "record_finance_option": option.pk})

    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    link = activity.evidence.get()
    assert link.record == option and link.url == option.get_absolute_url()
    assert link.title == "Options appraisal: More reablement"
    assert link.snapshot["difference_total"] == "-900000.00"
    assert "Figures kept as they were on" in client.get(activity.get_absolute_url()).content.decode()


def test_choosing_a_kind_without_its_record_is_refused_and_nothing_saved(world, client_for):
    _option(world.alice)
    activity = _activity(world.cycle)
    response = client_for(world.alice).post(
        reverse("cycles:evidence-create", args=[activity.pk]), {"kind": "finance.option"}
    )
    assert response.status_code == 200 and "Choose which one" in response.content.decode()
    assert not EvidenceLink.objects.exists()


def test_attaching_the_same_record_twice_keeps_one_link(world, client_for):
    option = _option(world.alice)
    activity = _activity(world.cycle)
    client = client_for(world.alice)
    for _ in range(2):
        client.post(_attach_url("finance.option", option), {"activity": activity.pk})
    assert activity.evidence.count() == 1


def test_a_record_page_attaches_to_an_activity_the_user_works_on(world, client_for):
    option = _option(world.alice)
    activity = _activity(world.cycle)
    client = client_for(world.alice)
    page = client.get(_attach_url("finance.option", option)).content.decode()
    assert "Options appraisal: More reablement" in page and "Older people 2026 to 2029" in page

    response = client.post(_attach_url("finance.option", option), {"activity": activity.pk})

    assert response.url == option.get_absolute_url()
    assert activity.evidence.get().record == option
    stockport = _activity(world.stockport_cycle)
    response = client.post(_attach_url("finance.option", option), {"activity": stockport.pk})
    assert response.status_code == 200 and not stockport.evidence.exists()  # not an activity of hers


def test_records_out_of_reach_cannot_be_attached(world, client_for):
    option = _option(world.alice)
    # Another council's appraisal is not found; a councillor may read but not attach.
    assert client_for(world.steve).get(_attach_url("finance.option", option)).status_code == 404
    assert client_for(world.colin).get(_attach_url("finance.option", option)).status_code == 403
    assert client_for(world.alice).get(_attach_url("no.such_type", option)).status_code == 404
    assert (
        client_for(world.alice).get(f"{reverse('cycles:evidence-new')}?type=finance.option&record=x").status_code == 404
    )


def test_the_activity_says_when_live_figures_have_changed_or_the_record_has_gone(world, client_for):
    option = _option(world.alice)
    activity = _activity(world.cycle)
    services.evidence_add(activity=activity, by=world.alice, record=option)
    finance.option_update(option=option, by=world.alice, shift_percent=Decimal(20))
    client = client_for(world.alice)
    assert "Figures changed since it was attached" in client.get(activity.get_absolute_url()).content.decode()

    option.delete()
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "It has since been removed" in page and "Options appraisal: More reablement" in page


def test_carrying_a_cycle_forward_keeps_the_record_and_its_figures(world):
    option = _option(world.alice)
    link = services.evidence_add(activity=_activity(world.cycle), by=world.alice, record=option)
    following = services.cycle_start_next(
        previous=world.cycle,
        by=world.alice,
        title="Older people 2029 to 2032",
        period_start=world.cycle.period_end,
        period_end=world.cycle.period_end.replace(year=world.cycle.period_end.year + 3),
    )
    carried = _activity(following).evidence.get()
    assert carried.record == option and carried.snapshot == link.snapshot and carried.pk != link.pk


def test_the_api_attaches_records_by_type_and_id_within_the_users_reach(world):
    option = _option(world.alice)
    theirs = _option(world.steve, title="Stockport's option")
    activity = _activity(world.cycle)
    client = APIClient()
    client.force_authenticate(world.alice)

    response = client.post(
        "/api/v1/evidence-links/",
        {"activity": activity.pk, "record_type": "finance.option", "record_id": option.pk},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["record_type"] == "finance.option" and response.json()["record_id"] == option.pk
    refused = client.post(
        "/api/v1/evidence-links/",
        {"activity": activity.pk, "record_type": "finance.option", "record_id": theirs.pk},
        format="json",
    )
    assert refused.status_code == 400 and "record_id" in refused.json()
    assert activity.evidence.count() == 1


def test_links_made_before_evidence_was_typed_gain_their_record(world):
    option = _option(world.alice)
    activity = _activity(world.cycle)
    services.evidence_add(activity=activity, by=world.alice, title="Appraisal", url=option.get_absolute_url())
    services.evidence_add(activity=activity, by=world.alice, title="Gone", url="/resources/options/999999/")

    typed = link_evidence_to_records(
        apps, app_label="finance", model_name="OptionAppraisal", url_pattern=r"/resources/options/(?P<pk>\d+)/"
    )

    assert typed == 1
    assert activity.evidence.get(title="Appraisal").record == option
    assert activity.evidence.get(title="Gone").record is None


def test_a_partner_sees_the_evidence_but_not_the_figures_of_a_record_it_cannot_open(world):
    option = _option(world.alice)
    activity = _activity(world.cycle)  # the ICB (iris) is a partner on this cycle
    services.evidence_add(activity=activity, by=world.alice, record=option)
    client = APIClient()

    client.force_authenticate(world.iris)
    row = client.get("/api/v1/evidence-links/", {"activity": activity.pk}).json()["results"][0]
    assert row["title"] == "Options appraisal: More reablement" and row["snapshot"] is None
    client.force_authenticate(world.alice)
    row = client.get("/api/v1/evidence-links/", {"activity": activity.pk}).json()["results"][0]
    assert row["snapshot"]["difference_total"] == "-900000.00"


def test_a_forecast_opens_only_through_its_own_organisations_attachment(world, durham_vintage):
    durham = durham_vintage.areas.get(code="E06000047")
    forecast = area_forecast(area=durham, vintage=durham_vintage, rate_sets=list(RateSet.objects.all()[:1]))
    trafford = forecast_save(by=world.alice, forecast=forecast)
    # Stockport pastes the address of Trafford's forecast into its own cycle: it opens nothing.
    services.evidence_add(
        activity=_activity(world.stockport_cycle, "needs"),
        by=world.steve,
        title="Theirs",
        url=trafford.get_absolute_url(),
    )
    assert not SavedForecast.objects.visible_to(world.steve).exists()
    # Attached by Trafford to the shared cycle, the ICB partner may open it, but not pass it on.
    services.evidence_add(activity=_activity(world.cycle, "needs"), by=world.alice, record=trafford)
    assert set(SavedForecast.objects.visible_to(world.iris)) == {trafford}
    kind = evidence_type_get("needs.saved_forecast")
    assert trafford not in kind.choices(world.iris) and trafford in kind.choices(world.alice)
