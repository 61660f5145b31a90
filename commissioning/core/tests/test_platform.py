"""Settings, health, logging, templates and audit: the shared foundations."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from commissioning.config.env import env_bool, env_choice, env_int, env_list
from commissioning.core.history import history_entries
from commissioning.core.logging import JsonFormatter
from commissioning.core.models import AuditedModel
from commissioning.cycles import services
from commissioning.testing import activity_in


def test_env_readers_fail_loudly_on_bad_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL='maybe' is not a boolean"):
        env_bool("X_BOOL", default=False)
    monkeypatch.setenv("X_BOOL", "Yes")
    assert env_bool("X_BOOL", default=False) is True
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("X_INT", 1, minimum=0)
    monkeypatch.setenv("X_LIST", " a, ,b ")
    assert env_list("X_LIST", []) == ["a", "b"]
    monkeypatch.setenv("X_CHOICE", "loud")
    with pytest.raises(ImproperlyConfigured, match="must be one of"):
        env_choice("X_CHOICE", "info", ("info", "debug"))


def _run_cli(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean environment: the test settings put their own values in os.environ.
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    clean.update(DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "commissioning", *args], env=clean, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run_cli(tmp_path, "check", DEBUG="false", ALLOWED_HOSTS="commissioning.example", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = _run_cli(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="commissioning.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_health_check_reports_the_database(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["X-Request-ID"]


def test_health_check_fails_when_the_database_does_not_answer(db, client, caplog):
    with (
        caplog.at_level(logging.INFO, logger="commissioning.request"),
        mock.patch("commissioning.core.views.connection.cursor", side_effect=OSError("down")),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert [record.status for record in caplog.records if record.name == "commissioning.request"] == [503]


def test_healthy_probes_are_not_logged(db, client, caplog):
    with caplog.at_level(logging.INFO, logger="commissioning.request"):
        assert client.get("/healthz").status_code == 200
    assert not [record for record in caplog.records if record.name == "commissioning.request"]


def test_health_check_asks_the_database_once_and_nothing_of_the_session(world, client_for, django_assert_num_queries):
    # Probes come every few seconds: no session or user lookup, no cookie set, however they call.
    client = client_for(world.alice)
    with django_assert_num_queries(1):
        response = client.get("/healthz", HTTP_HOST="10.0.0.5")  # load balancers probe by address
    assert response.status_code == 200 and response.json()["database"] == "ok"
    assert not response.cookies and "Cookie" not in response.get("Vary", "")


def test_a_signed_in_page_loads_the_session_and_the_person_in_two_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.alice)
    with django_assert_num_queries(2):  # the session, then the person with their organisation
        response = client.get("/accessibility/")
    assert response.status_code == 200
    assert world.alice.organisation.name in response.content.decode()


def test_page_links_are_remembered_but_follow_the_address_the_service_is_served_under():
    from django.urls import reverse, set_script_prefix

    from commissioning.core.jinja2 import url

    assert url("cycles:detail", 7) == reverse("cycles:detail", args=[7]) == "/cycles/7/"
    assert url("needs:area-profile", code="E08000009") == "/needs/areas/E08000009/"
    try:
        set_script_prefix("/commissioning/")
        assert url("cycles:detail", 7) == "/commissioning/cycles/7/"
    finally:
        set_script_prefix("/")
    assert url("cycles:detail", 7) == "/cycles/7/"


def test_json_log_lines_carry_extra_fields():
    record = logging.makeLogRecord({"name": "x", "levelname": "INFO", "msg": "GET / 200", "request_id": "abc"})
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET / 200" and line["request_id"] == "abc" and line["level"] == "info"


def test_requests_are_logged_with_their_id(world, client_for, caplog):
    with caplog.at_level(logging.INFO, logger="commissioning.request"):
        response = client_for(world.alice).get("/", HTTP_X_REQUEST_ID="trace-123")
    assert response["X-Request-ID"] == "trace-123"
    record = next(r for r in caplog.records if r.name == "commissioning.request")
    assert record.status == 200 and record.user_id == world.alice.pk and record.request_id == "trace-123"


def test_every_audited_model_keeps_history():
    audited = [model for model in apps.get_models() if issubclass(model, AuditedModel)]
    assert len(audited) >= 6
    for model in audited:
        assert hasattr(model, "history"), f"{model.__name__} has no history"


def test_history_shows_who_changed_what(world):
    services.cycle_update(
        cycle=world.cycle,
        by=world.iris,
        title="Older people's care 2026 to 2029",
        areas=[
            world.areas["trafford"],
            world.areas["stockport"],
        ],
    )
    entries = history_entries(world.cycle.history.all())
    changes: dict = {}
    for entry in entries:  # newest first: keep each field's latest change
        for change in entry.changes:
            changes.setdefault(change.field, change)
    assert entries[0].who == "Iris"
    assert changes["Title"].old == "Older people 2026 to 2029"
    assert changes["Areas"].new == "Stockport, Trafford"
    assert entries[-1].action == "Created"


def test_pages_name_the_page_and_the_service(world, client_for):
    page = client_for(world.alice).get("/").content.decode()
    assert "<title>Home – Commissioning</title>" in page
    assert "govuk-crest" not in page and "GDS Transport" not in page


def test_not_found_page_is_the_service_page(world, client_for):
    response = client_for(world.alice).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_information_pages_are_public(client):
    for url in ("/accessibility/", "/privacy/", "/data-sources/", "/help/api/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_queued_emails_are_sent_by_the_task_worker(world, settings):
    """Production queues tasks in the database; `commissioning db_worker` runs them."""
    from django.core import mail
    from django.core.management import call_command

    from commissioning.cycles import services as cycle_services

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    cycle_services.activity_update(activity=activity_in(world.cycle), by=world.alice, owner=world.carl)
    assert mail.outbox == []  # queued, not sent
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert [message.to for message in mail.outbox] == [["carl@example.org"]]
