"""Fixtures for every test: the shared world of named people in named organisations, a test
client that signs in as any of them, and County Durham's population figures. What they build is
in commissioning/testing.py, which tests import for helpers."""

from __future__ import annotations

import os

import pytest

from commissioning import testing
from commissioning.testing import World

# Playwright's sync API runs an event loop in the test thread; without this, ORM calls in
# browser tests raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _population_files_in_a_temporary_directory(settings, tmp_path):
    """Imports write Parquet files; keep each test's apart from the others and from the demo."""
    settings.POPULATION_DIR = tmp_path / "population"


@pytest.fixture
def world(db) -> World:
    return testing.build_world()


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
