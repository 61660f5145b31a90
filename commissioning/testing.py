"""What every app's tests share: named people in named organisations, so leaks between
organisations are tested by default, and the page-access matrix check.

Trafford Council leads the cycles; the NHS ICB is its joint commissioning partner; Stockport is
another council that must see none of Trafford's internal work; two providers must not see each
other's records.

The root conftest.py turns these into fixtures; only tests import this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.tests.factories import OrganisationFactory, UserFactory
from commissioning.core.choices import AreaLevel
from commissioning.core.models import Area
from commissioning.core.tests.factories import AreaFactory, england_and_north_west
from commissioning.cycles.choices import Level
from commissioning.cycles.models import Activity, CommissioningCycle
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.needs.models import PopulationVintage
from commissioning.needs.published_rates import load_published_rates
from commissioning.needs.services import PopulationFile, population_import

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


def activity_in(cycle: CommissioningCycle, key: str = "needs", level: str = Level.STRATEGIC) -> Activity:
    return cycle.activities.get(level=level, checklist_key=key)


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
