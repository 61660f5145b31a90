"""Shared test fixtures: named people in named organisations, so leaks between organisations
are tested by default.

Trafford Council leads the cycles; the NHS ICB is its joint commissioning partner; Stockport is
another council that must see none of Trafford's internal work; two providers must not see each
other's records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.tests.factories import OrganisationFactory, UserFactory
from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.choices import AreaLevel
from commissioning.core.tests.factories import AreaFactory, england_and_north_west
from commissioning.cycles.choices import Level
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.needs.published_rates import load_published_rates
from commissioning.needs.services import population_import

DURHAM = (
    Path(__file__).resolve().parent / "commissioning/needs/data/population/snpp2022_migcat_county_durham_65plus.csv"
)

# Playwright's sync API runs an event loop in the test thread; without this, ORM calls in
# browser tests raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    areas: dict[str, Any]
    trafford: Organisation
    icb: Organisation
    stockport: Organisation
    provider_a: Organisation
    provider_b: Organisation
    carers_group: Organisation
    people: dict[str, User]
    cycle: CommissioningCycle
    published: CommissioningCycle
    stockport_cycle: CommissioningCycle

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["people"][name]
        except KeyError:
            raise AttributeError(name) from None


PERSONAS = {
    # name: (role, organisation attribute)
    "alice": (Role.COMMISSIONER, "trafford"),
    "carl": (Role.CONTRACTS_OFFICER, "trafford"),
    "sonia": (Role.SOCIAL_WORKER, "trafford"),
    "colin": (Role.COUNCILLOR, "trafford"),
    "ada": (Role.ADMINISTRATOR, "trafford"),
    "iris": (Role.COMMISSIONER, "icb"),
    "steve": (Role.COMMISSIONER, "stockport"),
    "sally": (Role.ADMINISTRATOR, "stockport"),
    "pam": (Role.PROVIDER_USER, "provider_a"),
    "pete": (Role.PROVIDER_USER, "provider_b"),
    "penny": (Role.PERSON, "carers_group"),
}


EVERYONE = frozenset(PERSONAS)


def expect(
    allowed: set[str] | frozenset,
    *,
    denied: int = 404,
    forbidden: set[str] | frozenset = frozenset(),
    redirected: set[str] | frozenset = frozenset(),
) -> dict[str, int]:
    """The status each persona should get: 200 for `allowed`, 302 for `redirected`, 403 for
    `forbidden` (may see the record, may not do this), `denied` (404, out of scope) for the rest."""
    return {
        name: 200 if name in allowed else 302 if name in redirected else 403 if name in forbidden else denied
        for name in EVERYONE
    }


def check_page_access(world: World, client_for: Any, page: str, url: str, expected: dict[str, int]) -> None:
    """Open the page as every persona and report every one whose status is not the expected one."""
    wrong = {}
    for persona in sorted(EVERYONE):
        status = client_for(world.people[persona]).get(url).status_code
        if status != expected[persona]:
            wrong[persona] = f"got {status}, expected {expected[persona]}"
    assert not wrong, f"{page} ({url}): {wrong}"


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
def world(db) -> World:
    areas = england_and_north_west()
    organisations = {
        "trafford": OrganisationFactory(name="Trafford Council", kind=OrganisationKind.COUNCIL, area=areas["trafford"]),
        "icb": OrganisationFactory(name="NHS Greater Manchester ICB", kind=OrganisationKind.NHS_ICB),
        "stockport": OrganisationFactory(
            name="Stockport Council", kind=OrganisationKind.COUNCIL, area=areas["stockport"]
        ),
        "provider_a": OrganisationFactory(name="Provider A Care Ltd", kind=OrganisationKind.PROVIDER),
        "provider_b": OrganisationFactory(name="Provider B Homes Ltd", kind=OrganisationKind.PROVIDER),
        "carers_group": OrganisationFactory(name="Carers Group", kind=OrganisationKind.VCS),
    }
    # Trafford's administrators look after the providers and groups in its market, and their people.
    for name in ("provider_a", "provider_b", "carers_group"):
        organisations[name].managed_by = organisations["trafford"]
        organisations[name].save()
    people = {
        name: UserFactory(
            email=f"{name}@example.org",
            full_name=name.capitalize(),
            role=role,
            organisation=organisations[organisation],
            managed_by=None if organisations[organisation].commissions else organisations["trafford"],
        )
        for name, (role, organisation) in PERSONAS.items()
    }
    cycle = CycleFactory(
        by=people["alice"],
        title="Older people 2026 to 2029",
        areas=[areas["trafford"]],
        partner_organisations=[organisations["icb"]],
    )
    published = CycleFactory(
        by=people["alice"],
        title="Carers 2026 to 2029",
        client_group="carers",
        areas=[areas["trafford"]],
        is_published=True,
    )
    stockport_cycle = CycleFactory(by=people["steve"], title="Stockport older people", areas=[areas["stockport"]])
    return World(
        areas=areas, people=people, cycle=cycle, published=published, stockport_cycle=stockport_cycle, **organisations
    )


@pytest.fixture
def client_for(client):
    """Sign the test client in as someone (or no one)."""

    def sign_in(user: User | None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def durham(db):
    """County Durham and its region, as in the ONS lookups."""
    england = AreaFactory(code="E92000001", name="England", level=AreaLevel.COUNTRY)
    north_east = AreaFactory(code="E12000001", name="North East", level=AreaLevel.REGION, parent=england)
    # Another North East council, so the region is not "complete" from Durham alone.
    AreaFactory(code="E06000005", name="Darlington", level=AreaLevel.UNITARY, parent=north_east, region=north_east)
    return AreaFactory(
        code="E06000047", name="County Durham", level=AreaLevel.UNITARY, parent=north_east, region=north_east
    )


@pytest.fixture
def durham_vintage(durham):
    load_published_rates()
    vintage, _ = population_import(
        files=[PopulationFile.from_path(DURHAM)],
        name="ONS 2022-based subnational population projections",
        variant="Migration category variant",
    )
    return vintage


def activity_in(cycle: CommissioningCycle, key: str = "needs", level: str = Level.STRATEGIC):
    return cycle.activities.get(level=level, checklist_key=key)
