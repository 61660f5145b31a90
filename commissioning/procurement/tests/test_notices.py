"""Notices follow from what the procurement does and the law it runs under; each is also an OCDS
release, and everything published validates against OCDS 1.1.5 with the UK extension, 0 errors."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning.analytics import working_days
from commissioning.procurement import ocds, selectors, services
from commissioning.procurement.models import Award, Notice
from commissioning.procurement.ocds_schema import validate_package
from commissioning.procurement.tests.factories import (
    PASSPHRASES,
    bid_for,
    deadline_passes,
    procurement_for,
    published_tender,
)
from commissioning.procurement.tests.test_award import _score_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ocid_prefix(settings):
    settings.OCDS_OCID_PREFIX = "ocds-t3st00"


def _package(client, **params) -> dict:
    response = client.get(reverse("procurement:releases"), params)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_whole_route_is_published_as_ocds_that_validates(world, opened, client_for):
    procurement, bids, _ = opened
    _score_all(world, procurement, bids)
    services.evaluation_finish(by=world.alice, procurement=procurement)
    services.summaries_send(by=world.alice, procurement=procurement)
    lot = procurement.lots.first()
    award = services.award_decide(by=world.alice, procurement=procurement, lot=lot, voluntary_standstill=True)
    Award.objects.filter(pk=award.pk).update(earliest_signing=timezone.localdate())
    award.refresh_from_db()
    services.award_sign(by=world.alice, award=award)
    kinds = list(Notice.objects.filter(procurement=procurement).values_list("kind", flat=True))
    assert kinds == ["UK4", "UK6", "UK7"]
    package = _package(client_for(None))
    assert validate_package(package, ocid_prefix="ocds-t3st00") == []
    tags = [release["tag"] for release in package["releases"]]
    assert tags == [["tender"], ["award"], ["award", "contract"]]
    award_release = package["releases"][1]["awards"][0]
    assert award_release["suppliers"][0]["name"] == world.provider_a.name
    assert "standstillPeriod" in award_release and "assessmentSummariesDateSent" in award_release
    assert package["releases"][0]["tender"]["specialRegime"] == ["lightTouch"]
    assert package["releases"][0]["tender"]["value"]["amountGross"] == 12_000_000.0


def test_a_terminated_tender_publishes_a_termination_notice(world, client_for):
    procurement = published_tender(world)
    services.procurement_terminate(by=world.alice, procurement=procurement, reason="The service is being redesigned")
    notice = Notice.objects.get(procurement=procurement, kind="UK12")
    assert notice.release["tag"] == ["tenderCancellation"] and notice.release["tender"]["status"] == "cancelled"
    client = client_for(None)
    page = client.get(reverse("procurement:notice", args=[notice.pk])).content.decode()
    assert "Procurement termination notice" in page and "The service is being redesigned" in page
    data = json.loads(b"".join(client.get(reverse("procurement:notice-data", args=[notice.pk])).streaming_content))
    assert validate_package(data) == []


def test_which_notices_the_law_asks_for(world):
    homecare = procurement_for(world.alice)
    needs = {need.kind: need.need for need in services.notice_needs(homecare)}
    assert needs["UK4"] == needs["UK6"] == needs["UK7"] == "required"
    assert needs["UK1"] == "optional" and needs["UK5"] == "not needed"
    choice = procurement_for(world.alice, procedure="user_choice", estimated_value=Decimal(900_000))
    needs = {need.kind: need.need for need in services.notice_needs(choice)}
    assert needs["UK5"] == needs["UK6"] == needs["UK7"] == "not needed"
    small = procurement_for(world.alice, estimated_value=Decimal(20_000))
    assert services.notice_required(small, "UK4")[0] == "not needed"
    older = procurement_for(world.alice, commenced_on=datetime.date(2024, 6, 3))
    assert "Public Contracts Regulations 2015" in services.notice_required(older, "UK4")[1]


def test_an_optional_notice_is_published_before_the_tender_and_validates(world, client_for):
    procurement = procurement_for(world.alice)
    client = client_for(world.alice)
    response = client.post(reverse("procurement:notice-publish", args=[procurement.pk, "UK2"]), {})
    assert response.status_code == 302
    notice = Notice.objects.get(kind="UK2")
    assert notice.release["planning"]["documents"][0]["documentType"] == "marketEngagementNotice"
    with pytest.raises(ValidationError, match="not for this procurement"):
        services.notice_publish(by=world.alice, procurement=procurement, kind="UK5")
    assert validate_package(_package(client_for(None), ocid=notice.release["ocid"])) == []
    assert (
        client_for(world.pam).post(reverse("procurement:notice-publish", args=[procurement.pk, "UK1"]), {}).status_code
        == 404
    )


def test_the_command_line_writes_and_validates_every_release(world, tmp_path):
    published_tender(world)
    output = tmp_path / "releases.json"
    call_command("export_ocds", "--validate", "--output", str(output), stderr=io.StringIO())
    package = json.loads(output.read_text())
    assert [release["tag"] for release in package["releases"]] == [["tender"]]
    with pytest.raises(CommandError, match="Nothing has been published"):
        call_command("export_ocds", "--ocid", "ocds-t3st00-no-such", stderr=io.StringIO())


def _framework_with_pam(world, procedure="framework"):
    """A homecare framework whose lot 1 is awarded to Provider A (Pam's)."""
    framework = published_tender(world, procedure=procedure, title="Homecare framework")
    bid_for(world.pam, framework)
    deadline_passes(framework)
    services.opening_act(by=world.carl, procurement=framework, passphrase=PASSPHRASES["carl"])
    services.opening_act(by=world.ada, procurement=framework, passphrase=PASSPHRASES["ada"])
    bid = framework.bids.get()
    for question in framework.questions.all():
        services.score_record(by=world.alice, bid=bid, question=question, score=3, reason="Good")
        services.moderation_record(by=world.carl, bid=bid, question=question, score=3, reason="Good")
    services.evaluation_finish(by=world.alice, procurement=framework)
    services.summaries_send(by=world.alice, procurement=framework)
    award = services.award_decide(by=world.alice, procurement=framework, lot=framework.lots.first())
    Award.objects.filter(pk=award.pk).update(earliest_signing=timezone.localdate())  # standstill has passed
    services.award_sign(by=world.alice, award=award)
    return framework


def test_a_call_off_is_offered_to_the_frameworks_suppliers_and_linked_in_ocds(world, client_for):
    framework = _framework_with_pam(world)
    call_off = published_tender(world, procedure="framework_call_off", framework=framework, title="Call-off 1")
    assert not Notice.objects.filter(procurement=call_off).exists()  # no tender notice for a mini-competition
    assert call_off not in list(selectors.opportunity_list())
    assert client_for(world.pete).get(reverse("procurement:opportunity", args=[call_off.pk])).status_code == 404
    assert client_for(world.pam).get(reverse("procurement:opportunity", args=[call_off.pk])).status_code == 200
    # Pam finds it among her opportunities, on the page and through the API; Pete nowhere.
    assert call_off in list(selectors.opportunity_list(user=world.pam))
    assert call_off not in list(selectors.opportunity_list(user=world.pete))
    assert "Call-off 1" in client_for(world.pam).get(reverse("procurement:public-opportunities")).content.decode()
    pam_api, pete_api = APIClient(), APIClient()
    pam_api.force_authenticate(world.pam)
    pete_api.force_authenticate(world.pete)
    assert [o["id"] for o in pam_api.get("/api/v1/opportunities/").json()["results"]] == [call_off.pk]
    assert pam_api.get(f"/api/v1/opportunities/{call_off.pk}/").status_code == 200
    assert pete_api.get("/api/v1/opportunities/").json()["results"] == []
    assert pete_api.get(f"/api/v1/opportunities/{call_off.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        bid_for(world.pete, call_off)
    bid_for(world.pam, call_off)
    services.procurement_terminate(by=world.alice, procurement=call_off, reason="Needs met another way")
    last, _, rule = services.standstill_for(call_off, datetime.date(2026, 11, 27), voluntary=False)
    assert last is None and "No standstill" in rule
    services.notice_publish(by=world.alice, procurement=procurement_for(world.alice, title="Later"), kind="UK1")
    unsaved = Notice(pk=10**6, procurement=call_off, kind="UK6", number="x", published_at=timezone.now())
    release = ocds.release_for(unsaved)
    assert release["relatedProcesses"][0]["identifier"] == ocds.ocid_for(framework)
    assert validate_package(_package(client_for(None))) == []


def test_a_direct_award_publishes_its_transparency_notice_first(world, client_for):
    procurement = procurement_for(
        world.alice, procedure="direct_award", direct_award_ground="technical_reasons",
        direct_award_justification="The only provider with a Makaton-trained team in the borough",
        cpv_code="48000000-8", estimated_value=Decimal(400_000), deadline=None,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="transparency notice"):
        services.direct_award_decide(
            by=world.alice, procurement=procurement, supplier=world.provider_a, value=Decimal(390_000)
        )
    services.notice_publish(by=world.alice, procurement=procurement, kind="UK5")
    award = services.direct_award_decide(
        by=world.alice, procurement=procurement, supplier=world.provider_a, value=Decimal(390_000)
    )
    assert award.standstill_last_day == working_days.standstill(timezone.localdate()).last_day  # eight working days
    kinds = list(procurement.notices.values_list("kind", flat=True))
    assert kinds == ["UK5", "UK6"]
    package = _package(client_for(None))
    assert validate_package(package, ocid_prefix="ocds-t3st00") == []
    assert package["releases"][0]["tender"]["procurementMethod"] == "limited"


def test_an_individuals_choice_of_provider_needs_no_notice_or_standstill(world):
    procurement = procurement_for(world.alice, procedure="user_choice", estimated_value=Decimal(52_000), deadline=None)
    award = services.direct_award_decide(
        by=world.alice, procurement=procurement, supplier=world.provider_b, value=Decimal(52_000)
    )
    assert award.standstill_last_day is None and "exempt" in award.standstill_rule
    services.award_sign(by=world.alice, award=award)
    assert not procurement.notices.exists()


def test_only_planning_and_transparency_notices_are_published_by_hand(world, client_for):
    procurement = procurement_for(world.alice)
    client = client_for(world.alice)
    assert client.get(reverse("procurement:notice-publish", args=[procurement.pk, "UK4"])).status_code == 404
    assert client.get(reverse("procurement:notice-publish", args=[procurement.pk, "UK1"])).status_code == 200


def test_an_open_framework_shows_when_it_must_be_awarded_again(world, client_for):
    framework = _framework_with_pam(world, procedure="open_framework")
    signed = framework.awards.get().signed_on
    schedule = framework.open_framework_schedule()
    assert schedule.next_award_due_by == signed.replace(year=signed.year + 3) - datetime.timedelta(days=1)
    page = client_for(world.alice).get(framework.get_absolute_url()).content.decode()
    assert "Award it again by" in page
    second = procurement_for(world.alice, procedure="open_framework", reopens=framework, title="Round 2")
    assert second.open_framework_schedule().ends_by == schedule.ends_by
    not_open = procurement_for(world.alice, procedure="open", reopens=framework, title="Open tender")
    assert not_open.reopens is None
