"""Fixtures for every test: the shared world of named people in named organisations, a test
client that signs in as any of them, and County Durham's population figures. What they build is
in commissioning/testing.py, which tests import for helpers.

The world is built once per process and rolled back to after each test (`SharedWorld`); the two
hooks below run its tests together and open or roll back its transaction before each test."""

from __future__ import annotations

import os

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from commissioning import testing
from commissioning.testing import World

# Playwright's sync API runs an event loop in the test thread; without this, ORM calls in
# browser tests raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    testing.shared_world_tests_first(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture: pytest-django opens the test's own transaction in one.
    testing.shared_world.before(item)


@pytest.fixture(scope="session")
def _shared_world(django_db_setup, django_db_blocker):
    testing.shared_world.start(django_db_blocker)
    yield testing.shared_world
    testing.shared_world.stop()


@pytest.fixture(autouse=True)
def _population_files_in_a_temporary_directory(settings, tmp_path):
    """Imports write Parquet files, and background jobs keep uploads and built documents; keep
    each test's apart from the others and from the demo."""
    settings.POPULATION_DIR = tmp_path / "population"
    settings.JOBS_DIR = tmp_path / "jobs"


@pytest.fixture
def task_worker(settings):
    """Queue tasks in the database, as production does, instead of running them in the request.
    Call the fixture's value to run the task worker once: it runs every queued task, then stops.

    Use it in transactional tests (`django_db(transaction=True)`), as jobs are queued when their
    request's transaction commits and the worker reads them as another process would.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    def run_queued_tasks() -> None:
        # The worker's own loop, without the command's signal handlers (they would outlive it).
        Worker(
            queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
            max_tasks=None, worker_id="tests", excluded_queue_names=[],
        ).run()  # fmt: skip

    return run_queued_tasks


@pytest.fixture
def world(_shared_world, db) -> World:
    """The shared world, or for a test whose writes commit (browser tests), a world of its own
    that pytest-django deletes afterwards."""
    shared = _shared_world.world()
    return shared if shared is not None else testing.build_world()


@pytest.fixture
def client():
    """Django's test client, with a one-time token in every form it sends (testing.FormClient)."""
    return testing.FormClient()


@pytest.fixture
def client_for(client):
    """Sign the test client in as someone (or no one)."""
    return testing.signing_in(client)


@pytest.fixture
def durham(db):
    """County Durham and its region, as in the ONS lookups."""
    return testing.county_durham()


@pytest.fixture
def durham_vintage(durham):
    return testing.county_durham_vintage()
