"""Guessing passwords: after five wrong ones an email address is locked for a while, even with
the right password, until the lock runs out or an administrator who looks after the person
unlocks it (recorded). And a form sent without its security token gets the service's own page."""

from __future__ import annotations

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import SignInUnlock
from commissioning.accounts.tests.factories import PASSWORD

LOGIN = reverse("login")


def _guess(client, email: str, times: int):
    response = None
    for _ in range(times):
        response = client.post(LOGIN, {"username": email, "password": "not the password"})
    return response


def test_twelve_wrong_passwords_lock_the_address_even_against_the_right_one(world, client):
    _guess(client, "alice@example.org", 12)
    response = client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many wrong passwords for this email address" in page
    assert "_auth_user_id" not in client.session


def test_the_count_ignores_case_and_spaces_in_the_address(world, client):
    _guess(client, "Alice@Example.org ", 3)
    _guess(client, "alice@example.org", 2)
    response = client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_fewer_wrong_passwords_than_the_limit_still_sign_in_and_start_again(world, client):
    _guess(client, "alice@example.org", 4)
    response = client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    _guess(client, "alice@example.org", 4)  # the right password cleared the count
    assert client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD}).status_code == 302


def test_a_lock_on_one_address_leaves_colleagues_alone(world, client):
    _guess(client, "alice@example.org", 6)
    assert client.post(LOGIN, {"username": "steve@example.org", "password": PASSWORD}).status_code == 302


def test_an_address_with_no_account_locks_the_same_way(world, client):
    """So the lock message cannot be used to find out which addresses have accounts."""
    response = _guess(client, "nobody@example.org", 6)
    assert response.status_code == 429


def test_the_lock_runs_out(world, client, settings):
    _guess(client, "alice@example.org", 5)
    assert client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD}).status_code == 429
    # The wrong passwords were tried longer ago than the lock lasts.
    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    response = client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_an_administrator_unlocks_their_own_person_and_it_is_recorded(world, client_for):
    _guess(Client(), "alice@example.org", 5)
    ada = client_for(world.ada)
    page = ada.get(reverse("accounts:sign-in-locks")).content.decode()
    assert "alice@example.org" in page and "Alice" in page

    response = ada.post(reverse("accounts:sign-in-locks"), {"email": "alice@example.org"}, follow=True)
    assert "alice@example.org can sign in again" in response.content.decode()
    unlock = SignInUnlock.objects.get()
    assert (unlock.email, unlock.person, unlock.unlocked_by, unlock.failures) == (
        "alice@example.org",
        world.alice,
        world.ada,
        5,
    )
    assert "Recent unlocks" in response.content.decode()
    assert Client().post(LOGIN, {"username": "alice@example.org", "password": PASSWORD}).status_code == 302


def test_another_councils_administrator_cannot_see_or_lift_the_lock(world, client_for):
    _guess(Client(), "alice@example.org", 5)
    sally = client_for(world.sally)
    assert "alice@example.org" not in sally.get(reverse("accounts:sign-in-locks")).content.decode()
    response = sally.post(reverse("accounts:sign-in-locks"), {"email": "alice@example.org"}, follow=True)
    assert "not one you look after" in response.content.decode()
    assert not SignInUnlock.objects.exists()
    assert Client().post(LOGIN, {"username": "alice@example.org", "password": PASSWORD}).status_code == 429


def test_a_form_sent_without_its_security_token_gets_the_service_page(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "alice@example.org", "password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in page and "govuk-header" in page
    assert "CSRF verification failed" not in page


def test_an_operator_unlocks_from_the_command_line_and_it_is_recorded(world):
    _guess(Client(), "alice@example.org", 5)
    output = io.StringIO()
    call_command("unlock-sign-in", "Alice@example.org", by="ada@example.org", stdout=output)
    assert "alice@example.org can sign in again (after 5 wrong passwords)" in output.getvalue()
    assert SignInUnlock.objects.get().unlocked_by == world.ada
    assert Client().post(LOGIN, {"username": "alice@example.org", "password": PASSWORD}).status_code == 302


def test_the_command_refuses_someone_who_may_not_unlock_and_records_nothing(world):
    _guess(Client(), "alice@example.org", 5)
    with pytest.raises(CommandError, match="not one you look after"):
        call_command("unlock-sign-in", "alice@example.org", by="sally@example.org")
    with pytest.raises(CommandError, match="No active account"):
        call_command("unlock-sign-in", "alice@example.org", by="nobody@example.org")
    assert not SignInUnlock.objects.exists()
