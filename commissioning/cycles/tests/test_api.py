"""The API follows the same rules as the pages: scoped reads, predicate-checked writes."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.accounts.services import api_token_rotate
from commissioning.cycles.checklist import CHECKLIST
from commissioning.cycles.choices import CycleStatus
from commissioning.cycles.models import Activity, CommissioningCycle, EffortEntry, Finding
from commissioning.testing import activity_in


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return as_user


def test_token_authentication_works_and_bad_tokens_do_not(world):
    key = api_token_rotate(user=world.alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/cycles/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/cycles/").status_code == 401
    assert APIClient().get("/api/v1/cycles/").status_code == 401
    assert Token.objects.filter(user=world.alice).count() == 1


def test_cycle_list_is_scoped_like_the_pages(world, api):
    titles = lambda user: {row["title"] for row in api(user).get("/api/v1/cycles/").json()["results"]}  # noqa: E731
    assert titles(world.alice) == {"Older people 2026 to 2029", "Carers 2026 to 2029"}
    assert titles(world.iris) == {"Older people 2026 to 2029", "Carers 2026 to 2029"}
    assert titles(world.steve) == {"Carers 2026 to 2029", "Stockport older people"}
    assert titles(world.ada) == {"Older people 2026 to 2029", "Carers 2026 to 2029"}
    assert titles(world.pam) == {"Carers 2026 to 2029"}


def test_outsiders_get_public_fields_only(world, api):
    row = api(world.pam).get(f"/api/v1/cycles/{world.published.pk}/").json()
    assert "summary" not in row and "lead_commissioner" not in row
    assert row["public_summary"] == "Plans for care in the area."
    assert api(world.pam).get(f"/api/v1/cycles/{world.cycle.pk}/").status_code == 404


def test_provider_cannot_read_or_change_activities_by_id(world, api):
    activity = activity_in(world.cycle)
    client = api(world.pam)
    assert client.get("/api/v1/activities/").json()["count"] == 0
    assert client.get(f"/api/v1/activities/{activity.pk}/").status_code == 404
    assert client.patch(f"/api/v1/activities/{activity.pk}/", {"status": "done"}, format="json").status_code == 404
    activity.refresh_from_db()
    assert activity.status == "not_started"


def test_commissioner_creates_a_cycle_through_the_api(world, api):
    response = api(world.alice).post(
        "/api/v1/cycles/",
        {
            "title": "Autism support 2026 to 2029",
            "client_group": "autism",
            "areas": ["E08000009"],
            "period_start": "2026-04-01",
            "period_end": "2029-03-31",
            "partner_organisations": [world.icb.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    cycle = CommissioningCycle.objects.get(pk=response.json()["id"])
    assert cycle.activities.count() == len(CHECKLIST)
    assert cycle.history.first().history_user == world.alice


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"client_group": "pets"}, "client_group"),
        ({"areas": ["E99999999"]}, "areas"),
        ({"areas": []}, "areas"),
        ({"period_end": "2020-01-01"}, "period_end"),
        ({"period_start": "not a date"}, "period_start"),
        ({"partner_organisations": [999999]}, "partner_organisations"),
    ],
)
def test_bad_cycle_input_is_rejected_with_a_field_message_and_nothing_saved(world, api, payload, field):
    data = {
        "title": "Autism support",
        "client_group": "autism",
        "areas": ["E08000009"],
        "period_start": "2026-04-01",
        "period_end": "2029-03-31",
        **payload,
    }
    before = CommissioningCycle.objects.count()
    response = api(world.alice).post("/api/v1/cycles/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert CommissioningCycle.objects.count() == before


def test_service_rules_come_back_as_400_not_500(world, api):
    response = api(world.alice).post(
        "/api/v1/cycles/",
        {
            "title": "With a provider partner",
            "client_group": "autism",
            "areas": ["E08000009"],
            "period_start": "2026-04-01",
            "period_end": "2029-03-31",
            "partner_organisations": [world.provider_a.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "partner_organisations" in response.json()


def test_role_rules_apply_to_api_writes(world, api):
    activity = activity_in(world.cycle)
    assert (
        api(world.colin).patch(f"/api/v1/activities/{activity.pk}/", {"status": "done"}, format="json").status_code
        == 403
    )
    assert api(world.sonia).post("/api/v1/cycles/", {}, format="json").status_code == 403
    response = api(world.carl).patch(f"/api/v1/activities/{activity.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 200 and response.json()["completed_on"]
    assert api(world.alice).delete(f"/api/v1/activities/{activity.pk}/").status_code == 403


def test_activity_filters_validate_ids(world, api):
    client = api(world.alice)
    assert client.get("/api/v1/activities/", {"cycle": "abc"}).status_code == 400
    count = client.get("/api/v1/activities/", {"cycle": world.cycle.pk, "level": "purchasing"}).json()["count"]
    assert count == Activity.objects.filter(cycle=world.cycle, level="purchasing").count()


def test_activity_cannot_be_added_to_someone_elses_cycle(world, api):
    response = api(world.steve).post(
        "/api/v1/activities/", {"cycle": world.cycle.pk, "element": "do", "title": "Sneaky"}, format="json"
    )
    assert response.status_code == 400
    assert "cycle" in response.json()
    assert not Activity.objects.filter(title="Sneaky").exists()


def test_effort_and_findings_through_the_api(world, api):
    client = api(world.carl)
    effort = client.post(
        "/api/v1/effort-entries/",
        {"cycle": world.cycle.pk, "element": "do", "level": "purchasing", "worked_on": "2026-06-01", "hours": "3.5"},
        format="json",
    )
    assert effort.status_code == 201, effort.json()
    assert EffortEntry.objects.get().person == world.carl
    bad = client.post(
        "/api/v1/effort-entries/",
        {"cycle": world.cycle.pk, "element": "do", "worked_on": "2026-06-01", "hours": "30"},
        format="json",
    )
    assert bad.status_code == 400 and "hours" in bad.json()
    finding = api(world.sonia).post(
        "/api/v1/findings/",
        {"cycle": world.cycle.pk, "level": "purchasing", "element": "review", "title": "Lesson", "detail": "Learned"},
        format="json",
    )
    assert finding.status_code == 201
    progress = client.get(f"/api/v1/cycles/{world.cycle.pk}/progress/").json()
    assert progress["stage"] == "analyse"
    assert len(progress["elements"]) == 8
    assert {row["element"]: row["hours"] for row in progress["effort"]}["do"] == "3.50"
    assert Finding.objects.get().raised_by == world.sonia


def test_start_next_through_the_api(world, api):
    response = api(world.alice).post(
        f"/api/v1/cycles/{world.cycle.pk}/start-next/",
        {"title": "Older people 2029 to 2032", "period_start": "2029-04-01", "period_end": "2032-03-31"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["previous_cycle"] == world.cycle.pk
    again = api(world.alice).post(
        f"/api/v1/cycles/{world.cycle.pk}/start-next/",
        {"title": "Again", "period_start": "2029-04-01", "period_end": "2032-03-31"},
        format="json",
    )
    assert again.status_code == 403  # it already has a next cycle


def test_openapi_schema_and_docs_are_served(world, client_for):
    client = client_for(world.alice)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in (
        "/api/v1/cycles/",
        "/api/v1/activities/",
        "/api/v1/findings/",
        "/api/v1/areas/",
        "/api/v1/organisations/",
    ):
        assert path in text
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "swagger-ui" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


def test_administrators_cannot_change_another_councils_cycle(world, api):
    response = api(world.ada).patch(f"/api/v1/cycles/{world.stockport_cycle.pk}/", {"summary": "x"}, format="json")
    assert response.status_code == 404
    world.stockport_cycle.refresh_from_db()
    assert world.stockport_cycle.summary == ""


def test_progress_api_hides_overdue_work_from_outsiders(world, api):
    from commissioning.cycles import services

    services.activity_update(activity=activity_in(world.published), by=world.alice, due_date=datetime.date(2020, 1, 1))
    progress = api(world.pam).get(f"/api/v1/cycles/{world.published.pk}/progress/").json()
    assert progress["overdue"] == 0
    assert all(element["overdue"] == 0 for element in progress["elements"])
    assert api(world.alice).get(f"/api/v1/cycles/{world.published.pk}/progress/").json()["overdue"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/activities/?cycle=%C2%B2",
        "/api/v1/cycles/?organisation=%C2%B2",
        "/api/v1/evidence-links/?activity=%C2%B2",
        "/api/v1/activities/?cycle=99999999999999999999999",
    ],
)
def test_odd_ids_in_filters_are_a_400_not_a_crash(world, api, query):
    assert api(world.alice).get(query).status_code == 400


def test_api_applies_the_role_rules_the_forms_do(world, api):
    client = api(world.alice)
    owner = client.post(
        "/api/v1/activities/",
        {"cycle": world.cycle.pk, "element": "do", "title": "T", "owner": world.colin.pk},
        format="json",
    )
    assert owner.status_code == 400 and "owner" in owner.json()
    lead = client.patch(f"/api/v1/cycles/{world.cycle.pk}/", {"lead_commissioner": world.sonia.pk}, format="json")
    assert lead.status_code == 400 and "lead_commissioner" in lead.json()
    england = client.patch(f"/api/v1/cycles/{world.cycle.pk}/", {"areas": ["E92000001"]}, format="json")
    assert england.status_code == 400 and "areas" in england.json()
    publish = client.patch(f"/api/v1/cycles/{world.cycle.pk}/", {"is_published": True}, format="json")
    assert publish.status_code == 400 and "public_summary" in publish.json()
    far = client.post(
        "/api/v1/cycles/",
        {
            "title": "Far",
            "client_group": "autism",
            "areas": ["E08000009"],
            "period_start": "0001-01-01",
            "period_end": "9999-12-31",
        },
        format="json",
    )
    assert far.status_code == 400 and "period_start" in far.json()
    stranger = client.post(
        "/api/v1/activities/",
        {"cycle": world.cycle.pk, "element": "do", "title": "T", "owner": world.pam.pk},
        format="json",
    )
    assert stranger.status_code == 400
    assert "Provider" not in str(stranger.json()) and "Pam" not in str(stranger.json())
    world.cycle.refresh_from_db()
    assert not world.cycle.is_published and world.cycle.lead_commissioner == world.alice


def test_evidence_links_cannot_leave_the_service_disguised_as_a_page(world, api):
    response = api(world.alice).post(
        "/api/v1/evidence-links/",
        {"activity": activity_in(world.cycle).pk, "title": "t", "url": "/\\evil.example/x"},
        format="json",
    )
    assert response.status_code == 400 and "url" in response.json()


def test_a_closed_cycle_can_still_start_its_next_cycle(world, api):
    client = api(world.alice)
    closed = client.post(f"/api/v1/cycles/{world.cycle.pk}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    world.cycle.refresh_from_db()
    assert world.cycle.status == CycleStatus.CLOSED
    response = client.post(
        f"/api/v1/cycles/{world.cycle.pk}/start-next/",
        {"title": "Next", "period_start": "2029-04-01", "period_end": "2032-03-31"},
        format="json",
    )
    assert response.status_code == 201
