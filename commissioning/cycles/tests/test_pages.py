"""What people see and do on the cycle pages, including bad input."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.cycles import services
from commissioning.cycles.checklist import CHECKLIST
from commissioning.cycles.choices import ActivityStatus, Element
from commissioning.cycles.models import Activity, CommissioningCycle, EffortEntry, EvidenceLink, Finding
from commissioning.testing import activity_in


def _cycle_form(world, **overrides):
    data = {
        "title": "Mental health support 2026 to 2029",
        "client_group": "mental_health",
        "areas": [world.areas["trafford"].pk],
        "period_start-day": "1",
        "period_start-month": "4",
        "period_start-year": "2026",
        "period_end-day": "31",
        "period_end-month": "3",
        "period_end-year": "2029",
        "lead_commissioner": world.alice.pk,
        "partner_organisations": [world.icb.pk],
        "summary": "Better crisis support.",
    }
    data.update(overrides)
    return data


def test_commissioner_starts_a_cycle_with_the_checklist(world, client_for):
    client = client_for(world.alice)
    response = client.post(reverse("cycles:create"), _cycle_form(world))
    cycle = CommissioningCycle.objects.get(title="Mental health support 2026 to 2029")
    assert response.status_code == 302 and response.url == cycle.get_absolute_url()
    assert cycle.lead_organisation == world.trafford
    assert cycle.activities.count() == len(CHECKLIST)
    page = client.get(response.url).content.decode()
    assert "Cycle started" in page
    assert "Mental health support 2026 to 2029" in page


def test_bad_cycle_form_shows_every_problem_and_saves_nothing(world, client_for):
    client = client_for(world.alice)
    before = CommissioningCycle.objects.count()
    response = client.post(
        reverse("cycles:create"),
        _cycle_form(
            world,
            title="",
            areas=[],
            **{"period_end-year": "2025", "period_start-month": "13", "is_published": "true", "public_summary": ""},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "<title>Error: " in page
    assert "Enter the title" in page
    assert "Choose the areas" in page
    assert "The start of period must be a real date" in page
    assert 'href="#id_period_start-day"' in page
    assert CommissioningCycle.objects.count() == before


def test_incomplete_date_names_the_missing_part(world, client_for):
    response = client_for(world.alice).post(reverse("cycles:create"), _cycle_form(world, **{"period_end-month": ""}))
    assert "The end of period must include a month" in response.content.decode()


def test_period_end_before_start_is_rejected(world, client_for):
    response = client_for(world.alice).post(
        reverse("cycles:create"), _cycle_form(world, **{"period_end-year": "2026", "period_end-month": "1"})
    )
    assert "The end of the period must be after its start" in response.content.decode()


def test_contracts_officer_completes_an_activity_and_it_shows_in_history(world, client_for):
    client = client_for(world.carl)
    activity = activity_in(world.cycle, "market_performance", level="purchasing")
    response = client.post(reverse("cycles:activity-complete", args=[activity.pk]))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    history = client.get(reverse("cycles:activity-history", args=[activity.pk])).content.decode()
    assert "Carl" in history and "Done" in history and "Not started" in history
    cycle_history = client.get(reverse("cycles:history", args=[world.cycle.pk])).content.decode()
    assert "Review how the market is performing" in cycle_history


def test_completing_is_a_post_only_action(world, client_for):
    activity = activity_in(world.cycle)
    response = client_for(world.alice).get(reverse("cycles:activity-complete", args=[activity.pk]))
    assert response.status_code == 405
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.NOT_STARTED


def test_social_worker_cannot_complete_an_activity(world, client_for):
    activity = activity_in(world.cycle)
    response = client_for(world.sonia).post(reverse("cycles:activity-complete", args=[activity.pk]))
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.NOT_STARTED


def test_provider_cannot_change_another_councils_activity_by_id(world, client_for):
    activity = activity_in(world.cycle)
    client = client_for(world.pam)
    assert client.post(reverse("cycles:activity-complete", args=[activity.pk])).status_code == 404
    assert client.post(reverse("cycles:activity-update", args=[activity.pk]), {"title": "x"}).status_code == 404
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.NOT_STARTED


def test_activity_form_rejects_owner_from_outside_the_cycle(world, client_for):
    activity = activity_in(world.cycle)
    response = client_for(world.alice).post(
        reverse("cycles:activity-update", args=[activity.pk]),
        {"title": activity.title, "status": "in_progress", "owner": world.steve.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    activity.refresh_from_db()
    assert activity.owner is None and activity.status == ActivityStatus.NOT_STARTED


def test_evidence_link_must_be_a_web_address_or_a_page_here(world, client_for):
    activity = activity_in(world.cycle)
    client = client_for(world.alice)
    url = reverse("cycles:evidence-create", args=[activity.pk])
    for bad in ("javascript:alert(1)", "not a link", "//evil.example/"):
        response = client.post(url, {"title": "Bad", "url": bad})
        assert "Enter a web address starting https://" in response.content.decode()
    assert not EvidenceLink.objects.exists()
    client.post(url, {"title": "JSNA", "url": "https://www.ons.gov.uk/"})
    client.post(url, {"title": "Area profile", "url": "/areas/E08000009/"})
    assert set(activity.evidence.values_list("title", flat=True)) == {"JSNA", "Area profile"}


def test_logging_effort_updates_the_balance(world, client_for):
    client = client_for(world.alice)
    today = datetime.date.today()
    response = client.post(
        reverse("cycles:effort-create", args=[world.cycle.pk]),
        {
            "level": "strategic",
            "element": "review",
            "person": world.alice.pk,
            "worked_on-day": today.day,
            "worked_on-month": today.month,
            "worked_on-year": today.year,
            "hours": "2.5",
            "note": "Outcome data",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("cycles:effort", args=[world.cycle.pk])).content.decode()
    assert "2.50" in page and "100%" in page


def test_effort_form_rejects_bad_hours(world, client_for):
    client = client_for(world.alice)
    today = datetime.date.today()
    base = {
        "level": "strategic",
        "element": "review",
        "person": world.alice.pk,
        "worked_on-day": today.day,
        "worked_on-month": today.month,
        "worked_on-year": today.year,
    }
    url = reverse("cycles:effort-create", args=[world.cycle.pk])
    assert "Enter the hours as a number" in client.post(url, {**base, "hours": "two"}).content.decode()
    assert "A day has at most 24 hours" in client.post(url, {**base, "hours": "25"}).content.decode()
    assert "at least a quarter of an hour" in client.post(url, {**base, "hours": "0"}).content.decode()
    assert not EffortEntry.objects.exists()


def test_finding_recorded_from_an_activity_appears_in_the_review(world, client_for):
    activity = activity_in(world.cycle, "monitoring", level="purchasing")
    client = client_for(world.sonia)
    form = client.get(reverse("cycles:finding-create", args=[world.cycle.pk]) + f"?activity={activity.pk}")
    assert form.status_code == 200
    response = client.post(
        reverse("cycles:finding-create", args=[world.cycle.pk]),
        {
            "title": "Evening calls wanted",
            "detail": "Reviews show demand for later calls.",
            "level": "purchasing",
            "element": "review",
            "activity": activity.pk,
        },
    )
    finding = Finding.objects.get(title="Evening calls wanted")
    assert response.url == finding.get_absolute_url()
    review = client.get(reverse("cycles:element", args=[world.cycle.pk, "strategic", "review"])).content.decode()
    assert "Evening calls wanted" in review


def test_start_next_cycle_page(world, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("cycles:next", args=[world.cycle.pk]),
        {
            "title": "Older people 2029 to 2032",
            "period_start-day": "1",
            "period_start-month": "4",
            "period_start-year": "2029",
            "period_end-day": "31",
            "period_end-month": "3",
            "period_end-year": "2032",
        },
    )
    nxt = CommissioningCycle.objects.get(title="Older people 2029 to 2032")
    assert response.url == nxt.get_absolute_url()
    assert Activity.objects.filter(cycle=nxt, carried_from__isnull=False).count() == len(CHECKLIST)
    assert "Previous cycle" in client.get(nxt.get_absolute_url()).content.decode()


def test_cycle_list_filters_and_query_count(world, client_for, django_assert_max_num_queries):
    client = client_for(world.alice)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("cycles:list")).content.decode()
    assert "Older people 2026 to 2029" in page and "Carers 2026 to 2029" in page
    page = client.get(reverse("cycles:list"), {"client_group": "carers"}).content.decode()
    assert "Carers 2026 to 2029" in page and "Older people 2026 to 2029" not in page


def test_cycle_page_query_count_does_not_grow_with_activities(
    world, client_for, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for(world.alice)
    cycle_page = world.cycle.get_absolute_url()
    analyse_page = reverse("cycles:element", args=[world.cycle.pk, "strategic", "analyse"])
    with django_assert_max_num_queries(25):
        client.get(cycle_page)
    with django_assert_max_num_queries(20):
        client.get(analyse_page)
    queries = {}
    for page in (cycle_page, analyse_page):
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        queries[page] = len(captured)

    # Thirty more, at both levels and in all four elements, some overdue, with owners and evidence.
    for number in range(30):
        level, element = ("strategic", "purchasing")[number % 2], Element.values[number // 2 % 4]
        activity = services.activity_create(
            cycle=world.cycle, by=world.alice, level=level, element=element, title=f"Extra activity {number}",
            owner=(world.carl, world.iris, None)[number % 3], notify=False,
            due_date=datetime.date(2026, 5, 1) if number % 5 == 0 else None,
        )  # fmt: skip
        services.evidence_add(activity=activity, by=world.alice, title=f"Evidence {number}", url="/areas/")

    for page in (cycle_page, analyse_page):
        with django_assert_num_queries(queries[page]):
            response = client.get(page)
        assert response.status_code == 200
        assert "Extra activity 0" in response.content.decode()  # overdue, and in strategic Analyse


def test_unknown_element_is_not_found(world, client_for):
    client = client_for(world.alice)
    assert client.get(f"/cycles/{world.cycle.pk}/strategic/dance/").status_code == 404
    assert client.get(f"/cycles/{world.cycle.pk}/outer/analyse/").status_code == 404


def test_cycle_diagram_has_a_text_equivalent(world, client_for):
    page = client_for(world.alice).get(world.cycle.get_absolute_url()).content.decode()
    assert 'role="img"' in page and '<title id="cycle-diagram-title">' in page
    assert "Progress by element" in page


def test_absurd_dates_are_a_form_error_not_a_crash(world, client_for):
    activity = activity_in(world.cycle)
    response = client_for(world.alice).post(
        reverse("cycles:activity-update", args=[activity.pk]),
        {
            "title": activity.title,
            "status": "in_progress",
            "due_date-day": "99999999999999999999",
            "due_date-month": "1",
            "due_date-year": "2027",
        },
    )
    assert response.status_code == 200
    assert "The due date must be a real date" in response.content.decode()


def test_finding_form_ignores_odd_activity_ids(world, client_for):
    response = client_for(world.carl).get(reverse("cycles:finding-create", args=[world.cycle.pk]) + "?activity=%C2%B2")
    assert response.status_code == 200
