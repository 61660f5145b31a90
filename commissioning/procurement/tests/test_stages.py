"""A competitive flexible procedure with stages: suppliers ask to take part, each stage is decided
in turn with reasons for those not taken further, and only suppliers taken through every stage may
send a final, sealed tender."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.tests.factories import OrganisationFactory, UserFactory
from commissioning.procurement import services
from commissioning.procurement.models import Participant, ProcurementEvent, TenderStage
from commissioning.procurement.tests.factories import bid_for, tender_ready

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _staged_tender(world):
    procurement = tender_ready(world, procedure="competitive_flexible", title="Supported living, flexible")
    services.stage_create(
        by=world.alice, procurement=procurement, kind="participation", title="Conditions of participation",
        description="Evidence of CQC registration and two years' accounts", closes_at=timezone.now() + 5 * DAY,
    )  # fmt: skip
    services.stage_create(
        by=world.alice, procurement=procurement, kind="negotiation", title="Negotiation on the model of care",
        description="A meeting with each shortlisted supplier", closes_at=timezone.now() + 10 * DAY,
    )  # fmt: skip
    return services.tender_publish(by=world.alice, procurement=procurement)


def _late_supplier():
    return UserFactory(
        email="late@example.org",
        role=Role.PROVIDER_USER,
        organisation=OrganisationFactory(name="Late Care", kind=OrganisationKind.PROVIDER),
    )


def _stage_closes(stage: TenderStage) -> None:
    TenderStage.objects.filter(pk=stage.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))


def test_only_suppliers_taken_through_every_stage_send_a_final_tender(world):
    procurement = _staged_tender(world)
    first, second = procurement.stages.all()
    with pytest.raises(ValidationError, match="once every stage is decided"):
        bid_for(world.pam, procurement)
    services.participation_request(by=world.pam, procurement=procurement, statement="Registered; accounts attached")
    services.participation_request(by=world.pete, procurement=procurement, statement="Registered last month")
    with pytest.raises(ValidationError, match="already taking part"):
        services.participation_request(by=world.pam, procurement=procurement, statement="Again")
    with pytest.raises(ValidationError, match="open until"):
        services.stage_decide(by=world.alice, stage=first, taken_forward={world.pam.organisation_id}, reasons={})

    _stage_closes(first)
    with pytest.raises(ValidationError, match="Stage 1 closed"):
        services.participation_request(by=_late_supplier(), procurement=procurement, statement="Late")
    with pytest.raises(ValidationError, match="Say why each supplier is not taken further"):
        services.stage_decide(by=world.alice, stage=first, taken_forward={world.pam.organisation_id}, reasons={})
    assert ProcurementEvent.objects.filter(procurement=procurement, action="stage decided", refused=True).count() == 2
    services.stage_decide(
        by=world.alice, stage=first, taken_forward={world.pam.organisation_id},
        reasons={world.pete.organisation_id: "Less than two years' accounts"},
    )  # fmt: skip
    with pytest.raises(ValidationError, match="already decided"):
        services.stage_decide(by=world.alice, stage=first, taken_forward=set(), reasons={})
    _stage_closes(second)
    services.stage_decide(by=world.alice, stage=second, taken_forward={world.pam.organisation_id}, reasons={})

    with pytest.raises(ValidationError, match="taken through every stage"):
        bid_for(world.pete, procurement)
    bid_for(world.pam, procurement)
    pete = Participant.objects.get(supplier=world.pete.organisation)
    assert (pete.out_at_stage, pete.reason) == (1, "Less than two years' accounts")
    release = procurement.notices.get(kind="UK4").release
    assert "Stage 2: Negotiation on the model of care" in release["tender"]["procurementMethodDetails"]


def test_stages_are_designed_before_publication_and_close_before_the_final_tenders(world):
    procurement = tender_ready(world, procedure="competitive_flexible")
    with pytest.raises(ValidationError, match="close in the future"):
        services.stage_create(
            by=world.alice, procurement=procurement, kind="shortlisting", title="Late", description="x",
            closes_at=timezone.now() - DAY,
        )  # fmt: skip
    services.stage_create(
        by=world.alice, procurement=procurement, kind="shortlisting", title="Outline proposals", description="x",
        closes_at=procurement.deadline + DAY,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="must close before the final tenders are due"):
        services.tender_publish(by=world.alice, procurement=procurement)
    with pytest.raises(ValidationError, match="first stage"):
        services.stage_create(
            by=world.alice, procurement=procurement, kind="participation", title="Conditions", description="x",
            closes_at=procurement.deadline + 2 * DAY,
        )  # fmt: skip
    open_tender = tender_ready(world, title="Open one")
    with pytest.raises(ValidationError, match="Only a competitive flexible procedure"):
        services.stage_create(
            by=world.alice, procurement=open_tender, kind="shortlisting", title="x", description="x",
            closes_at=timezone.now() + DAY,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.stage_delete(by=world.pam, stage=procurement.stages.get())


def test_a_supplier_asks_to_take_part_and_the_buyer_decides_on_the_pages(world, client_for):
    procurement = _staged_tender(world)
    first = procurement.stages.first()
    pam = client_for(world.pam)
    page = pam.get(reverse("procurement:opportunity", args=[procurement.pk])).content.decode()
    assert "Ask to take part" in page and "Bid for lot" not in page
    pam.post(reverse("procurement:take-part", args=[procurement.pk]), {"statement": "Registered since 2015"})
    assert Participant.objects.filter(supplier=world.pam.organisation).exists()

    _stage_closes(first)
    alice = client_for(world.alice)
    decide = reverse("procurement:stage-decide", args=[procurement.pk, first.pk])
    assert "decide" in alice.get(procurement.get_absolute_url()).content.decode()
    key = world.pam.organisation_id
    refused = alice.post(decide, {f"forward_{key}": "no", f"reason_{key}": ""})
    assert "Say why each supplier is not taken further" in refused.content.decode()
    alice.post(decide, {f"forward_{key}": "no", f"reason_{key}": "No evidence of registration"})
    pam = client_for(world.pam)
    page = pam.get(reverse("procurement:opportunity", args=[procurement.pk])).content.decode()
    assert "was not taken past stage 1: No evidence of registration" in page
