"""Signed-in pages kept whole until any record changes (core.kept_pages): a change shows at once,
whichever way it was written, and a kept page is only ever shown to the visitor it was made for."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.core.kept_pages import data_version
from commissioning.cycles.models import CommissioningCycle
from commissioning.testing import activity_in

# Kept pages rest on commits: tests that change records and look again write as production does,
# outside a test transaction (COMMITS); the others change nothing a kept page could show.
COMMITS = pytest.mark.django_db(transaction=True)

# Reading a kept page: the session, the visitor and the data version, nothing of the page's own.
KEPT_PAGE_QUERIES = 3


@pytest.fixture(autouse=True)
def _keeping_pages(settings):
    settings.KEPT_PAGES = True
    cache.clear()
    yield
    cache.clear()


def _first_visit(client, url: str) -> None:
    """A first visit gives the browser its CSRF cookie, which the pages after it are kept for."""
    assert client.get(url).status_code == 200


def _view(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), len(queries.captured_queries)


@COMMITS
def test_a_page_seen_again_is_served_kept_until_a_record_changes(world, client_for):
    client = client_for(world.alice)
    url = world.cycle.get_absolute_url()
    _first_visit(client, url)
    first, rendered_queries = _view(client, url)
    again, kept_queries = _view(client, url)
    assert again == first and kept_queries == KEPT_PAGE_QUERIES < rendered_queries

    # A bulk update (no model signals) still shows at once.
    CommissioningCycle.objects.filter(pk=world.cycle.pk).update(title="Older people, renamed")
    assert "Older people, renamed" in _view(client, url)[0]

    # So does raw SQL, as the imports write.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CommissioningCycle._meta.db_table} SET title = %s WHERE id = %s",  # noqa: S608
            ["Older people, from SQL", world.cycle.pk],
        )
    page, queries = _view(client, url)
    assert "Older people, from SQL" in page and queries > KEPT_PAGE_QUERIES


@COMMITS
def test_a_change_made_through_the_pages_shows_with_its_message_at_once(world, client_for):
    client = client_for(world.carl)
    activity = activity_in(world.cycle, "market_performance", level="purchasing")
    url = world.cycle.get_absolute_url()
    _first_visit(client, url)
    _view(client, url)  # kept from here
    done = client.post(reverse("cycles:activity-complete", args=[activity.pk]), {"next": url}, follow=True)
    page = done.content.decode()
    assert f"Marked as done: {activity.title}" in page
    # The message is shown once; the page after it is the changed one, kept again.
    after, _ = _view(client, url)
    assert "Marked as done" not in after
    assert _view(client, url) == (after, KEPT_PAGE_QUERIES)


@COMMITS
def test_a_write_that_is_rolled_back_or_only_touches_a_session_keeps_pages(world, client_for):
    client = client_for(world.alice)
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        CommissioningCycle.objects.filter(pk=world.cycle.pk).update(title="Never saved")
        raise RuntimeError
    client.get(world.cycle.get_absolute_url())  # saves nothing but may touch the session
    assert data_version() == before
    CommissioningCycle.objects.filter(pk=world.cycle.pk).update(title="Saved")
    assert data_version() > before


def test_a_kept_page_is_never_shown_to_another_visitor_or_after_sign_out(world, client_for):
    url = world.cycle.get_absolute_url()
    alice = client_for(world.alice)
    assert world.cycle.title in _view(alice, url)[0]
    _view(alice, url)  # kept for Alice
    # Stockport's commissioner asks for the same address: Trafford's page is not theirs to see.
    steve = client_for(world.steve)
    assert steve.get(url).status_code in (403, 404)
    # Signed out, the same browser is sent to sign in.
    alice.logout()
    response = alice.get(url)
    assert response.status_code == 302 and reverse("login") in response.url


def test_a_person_whose_account_is_closed_loses_the_pages_kept_for_them(world, client_for):
    client = client_for(world.alice)
    url = world.cycle.get_absolute_url()
    _view(client, url)
    _view(client, url)
    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])  # her kept pages stay, but she is no longer let in
    assert client.get(url).status_code in (302, 403)


@COMMITS
def test_api_lists_are_kept_per_person_and_show_changes_at_once(world):
    alice, steve = APIClient(), APIClient()
    alice.force_authenticate(world.alice)
    steve.force_authenticate(world.steve)

    def titles(client) -> set[str]:
        response = client.get("/api/v1/cycles/")
        assert response.status_code == 200
        return {cycle["title"] for cycle in response.json()["results"]}

    assert world.cycle.title in titles(alice)
    assert world.cycle.title not in titles(steve)  # not Alice's kept list
    assert world.cycle.title in titles(alice)
    CommissioningCycle.objects.filter(pk=world.cycle.pk).update(title="Older people, renamed")
    assert "Older people, renamed" in titles(alice)
    # The browsable page and the JSON of one list are kept apart.
    assert alice.get("/api/v1/cycles/", HTTP_ACCEPT="text/html").content.strip().startswith(b"<!DOCTYPE html>")
    assert alice.get("/api/v1/cycles/").json()["results"]


def test_pages_are_not_kept_when_keeping_is_turned_off(world, client_for, settings):
    settings.KEPT_PAGES = False
    client = client_for(world.alice)
    url = world.cycle.get_absolute_url()
    _view(client, url)
    assert _view(client, url)[1] > KEPT_PAGE_QUERIES
