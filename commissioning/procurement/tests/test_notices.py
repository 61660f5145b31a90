"""Notices follow from what the procurement does and the law it runs under; each is also an OCDS
release, and everything published validates against OCDS 1.1.5 with the UK extension, 0 errors."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from commissioning.procurement import services
from commissioning.procurement.models import Award, Notice
from commissioning.procurement.ocds_schema import validate_package
from commissioning.procurement.tests.factories import procurement_for, published_tender
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
