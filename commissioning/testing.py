"""What every app's tests share: named people in named organisations, so leaks between
organisations are tested by default, and the page-access matrix check.

Trafford Council leads the cycles; the NHS ICB is its joint commissioning partner; Stockport is
another council that must see none of Trafford's internal work; two providers must not see each
other's records.

The world is built once per test process and kept in an open transaction that each test using it
rolls back to, as Django's `TestCase.setUpTestData` does (see `SharedWorld`). The root conftest.py
turns this module into fixtures and hooks; only tests import it.
"""

from __future__ import annotations

import copy
import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from commissioning.accounts import services as accounts
from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.tests.factories import OrganisationFactory, UserFactory
from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.choices import AreaLevel
from commissioning.core.models import Area
from commissioning.core.submissions import FORM_TOKEN_FIELD
from commissioning.core.tests.factories import AreaFactory, england_and_north_west
from commissioning.cycles import services as cycles
from commissioning.cycles.choices import Level
from commissioning.cycles.models import Activity, CommissioningCycle
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.needs.models import PopulationVintage
from commissioning.needs.published_rates import load_published_rates
from commissioning.needs.services import population_import

DURHAM = Path(__file__).resolve().parent / "needs/data/population/snpp2022_migcat_county_durham_65plus.csv"


@dataclass
class World:
    """The organisations, people (also as attributes: `world.alice`) and cycles tests work with."""

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


def check_queries_do_not_grow(
    client_for: Any, pages: list[tuple[str, str, dict[str, int]]], grow: Callable[[], None]
) -> None:
    """Open each page as the first persona who may see it, add more of everything with `grow`,
    and open it again: the number of database queries must stay the same. A page that runs a
    query for each row it shows (an N+1) fails, with its counts.

    `pages` are (name, url, expected statuses) from a page-access matrix. The data is grown once
    before the first count, so lists that were empty (whose prefetches run no query) are not
    mistaken for growth.
    """
    openers = {
        name: (url, next(persona for persona in sorted(expected) if expected[persona] == 200))
        for name, url, expected in pages
        if 200 in expected.values()
    }

    def counts() -> dict[str, int]:
        found = {}
        for name, (url, persona) in openers.items():
            client = client_for(User.objects.get(email=f"{persona}@example.org"))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, f"{name} ({url}) as {persona}: {response.status_code}"
            found[name] = len(queries.captured_queries)
        return found

    grow()
    before = counts()
    grow()
    after = counts()
    grown = {
        name: f"{before[name]} queries, then {after[name]} with more data"
        for name in before
        if after[name] > before[name]
    }
    assert not grown, f"queries grow with the data: {grown}"


def grow_world(world: World, *, round_: int = 0) -> None:
    """More of everything the shared pages list, made through the services: an organisation
    and its person, a published cycle, and in every cycle an edit, an activity with evidence, effort, a finding and
    a policy link. Call it again for more (`round_` keeps titles unique)."""
    suffix = f"{round_}-{uuid.uuid4().hex[:6]}"
    provider = accounts.organisation_create(
        by=world.ada, managed_by=world.trafford, name=f"Growth Care {suffix}", kind=OrganisationKind.PROVIDER
    )
    accounts.user_create(
        by=world.ada, email=f"growth-{suffix}@example.org", full_name=f"Growth {suffix}",
        role=Role.PROVIDER_USER, organisation=provider, managed_by=world.trafford,
    )  # fmt: skip
    item = cycles.policy_item_create(
        by=world.alice, title=f"Local plan {suffix}", kind="local_strategy", issued_by="Trafford Council",
        summary="A plan", duties="Duties", review_due=datetime.date(2027, 1, 1), organisation=world.trafford,
    )  # fmt: skip
    CycleFactory(by=world.alice, title=f"Published {suffix}", areas=[world.areas["trafford"]], is_published=True)
    for cycle, lead in (
        (world.cycle, world.alice),
        (world.published, world.alice),
        (world.stockport_cycle, world.steve),
    ):
        cycles.cycle_update(cycle=cycle, by=lead, summary=f"Summary {suffix}")
        activity = cycles.activity_create(
            cycle=cycle, by=lead, level=Level.STRATEGIC, element="analyse", title=f"Look again {suffix}", owner=lead
        )
        cycles.evidence_add(activity=activity, by=lead, title=f"Report {suffix}", url="/areas/")
        cycles.evidence_add(activity=activity_in(cycle), by=lead, title=f"Note {suffix}", url="/areas/")
        cycles.effort_log(cycle=cycle, by=lead, element="analyse", worked_on=datetime.date(2026, 5, 1), hours=1)
        finding = cycles.finding_raise(
            cycle=cycle, by=lead, level="purchasing", element="do", title=f"Lesson {suffix}", detail="Detail"
        )
        cycles.finding_update(finding=finding, by=lead, response=f"Done {suffix}")
        if cycle.lead_organisation_id == world.trafford.pk:
            cycles.policy_link_add(item=item, cycle=cycle, by=lead)


def activity_in(cycle: CommissioningCycle, key: str = "needs", level: str = Level.STRATEGIC) -> Activity:
    return cycle.activities.get(level=level, checklist_key=key)


class FormClient(Client):
    """The test client, sending forms as a browser that opened their page would: each POST of
    form data carries a new one-time form token (core.submissions) unless the test gives one."""

    def post(self, path: str, data: Any = None, content_type: str = MULTIPART_CONTENT, *args: Any, **kwargs: Any):
        if content_type == MULTIPART_CONTENT and (data is None or isinstance(data, dict)):
            if isinstance(data, MultiValueDict):
                data = data.copy()
                data.setdefault(FORM_TOKEN_FIELD, uuid.uuid4().hex)
            else:
                data = {FORM_TOKEN_FIELD: uuid.uuid4().hex, **(data or {})}
        return super().post(path, data, content_type, *args, **kwargs)


def signs_in(client: Any, email: str, password: str) -> bool:
    """Sign in through the sign-in page, as a person would (Django's `client.login` skips the
    page, and with it the throttling that needs the request)."""
    client.post(reverse("login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session


def signing_in(client: Any) -> Callable[[User | None], Any]:
    """A function that signs the test client in as someone (or no one) and returns it."""

    def sign_in(user: User | None) -> Any:
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


def build_world() -> World:
    """The six organisations, eleven personas and three cycles, made through the services."""
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


def county_durham() -> Area:
    """County Durham and its region, as in the ONS lookups."""
    england = AreaFactory(code="E92000001", name="England", level=AreaLevel.COUNTRY)
    north_east = AreaFactory(code="E12000001", name="North East", level=AreaLevel.REGION, parent=england)
    # Another North East council, so the region is not "complete" from Durham alone.
    AreaFactory(code="E06000005", name="Darlington", level=AreaLevel.UNITARY, parent=north_east, region=north_east)
    return AreaFactory(
        code="E06000047", name="County Durham", level=AreaLevel.UNITARY, parent=north_east, region=north_east
    )


def county_durham_vintage() -> PopulationVintage:
    """The published rates and ONS's 2022-based projection for County Durham (65 and over)."""
    load_published_rates()
    vintage, _ = population_import(
        files=[PopulationFile.from_path(DURHAM)],
        name="ONS 2022-based subnational population projections",
        variant="Migration category variant",
    )
    return vintage


# Built once, rolled back per test -------------------------------------------------------------

# Fixtures a test asks for when its writes must really commit (a live server's thread, a worker
# process): those tests build their own world and pytest-django empties the database after them.
COMMITTING_FIXTURES = frozenset({"transactional_db", "live_server", "django_db_reset_sequences"})


def _commits_by_marker(transaction: bool = False, reset_sequences: bool = False, *args: Any, **kwargs: Any) -> bool:
    """The django_db marker's arguments (pytest-django's signature) that make a test commit."""
    return bool(transaction or reset_sequences)


def commits(item: Any) -> bool:
    """Whether a pytest test's writes really commit, as pytest-django decides: by its django_db
    marker or by the fixtures it asks for."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and _commits_by_marker(*marker.args, **marker.kwargs):
        return True
    return bool(COMMITTING_FIXTURES & set(item.fixturenames))


def uses_shared_world(item: Any) -> bool:
    return "world" in item.fixturenames and not commits(item)


def shared_world_tests_first(items: list[Any]) -> None:
    """Run the tests that share the world one after another, so it is built once per process.

    They all use the database without committing, the group pytest-django already runs first;
    the sort is stable, so every other test keeps its place."""
    items.sort(key=lambda item: not uses_shared_world(item))


class SharedWorld:
    """The world, built once per test process, for the tests that ask for it.

    It is built inside a transaction that stays open from one such test to the next. Each test's
    own transaction (pytest-django's, as in a Django TestCase) then nests inside it as a savepoint
    and is rolled back, so every test starts from the same rows; each gets its own deep copy of
    the Python objects, so changes a test makes to them never reach the next test.

    The rows exist only while that transaction is open. Before any test that does not ask for the
    world, or whose writes must commit, it is rolled back: those tests see the database exactly as
    they did when every test built its own world. The next test that asks for the world builds it
    again, which sorting the tests (`shared_world_tests_first`) keeps to once per process.

    `before(test)` must run before the test's fixtures (a pytest_runtest_setup hook), because
    pytest-django opens the test's transaction in a fixture; `start()` is called from a session
    fixture once the test database exists.
    """

    def __init__(self) -> None:
        self._blocker: Any = None
        self._atomic: Any = None
        self._pristine: World | None = None
        self._wanted = False

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def start(self, blocker: Any) -> None:
        """The test database exists: from now on the world may be built (`blocker` is
        pytest-django's django_db_blocker, which keeps the database closed outside tests)."""
        self._blocker = blocker
        if self._wanted:
            self._open()

    def stop(self) -> None:
        self._close()
        self._blocker = None

    def before(self, item: Any) -> None:
        """Open or roll back the world's transaction for the test about to run."""
        self._wanted = uses_shared_world(item)
        if self._blocker is None:
            return  # start() opens it once the test database exists
        if self._wanted and not self.is_open:
            self._open()
        elif not self._wanted and self.is_open:
            self._close()

    def world(self) -> World | None:
        """A fresh copy of the world for one test, or None when the transaction is not open (the
        test commits, or asked for the world some way the hook could not see)."""
        return copy.deepcopy(self._pristine) if self.is_open else None

    def _open(self) -> None:
        with self._blocker.unblock():
            atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
            # As Django's TestCase marks its own: durable atomic blocks in the code under test
            # may nest inside this one.
            atomic._from_testcase = True
            atomic.__enter__()
            try:
                self._pristine = build_world()
            except BaseException:
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
                atomic.__exit__(None, None, None)
                raise
            self._atomic = atomic

    def _close(self) -> None:
        if self._atomic is None:
            return
        atomic, self._atomic, self._pristine = self._atomic, None, None
        with self._blocker.unblock():
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            atomic.__exit__(None, None, None)


shared_world = SharedWorld()
