"""Who reaches which accounts page: everyone signed in has their account and the organisations
they may see (every one for council and ICB staff, their own for the rest); administrators look
after their own organisation and those it added, and those organisations' people, never another
council's. The sign-in and password pages are open to visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.services import organisation_create, user_create
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect, grow_world

ADMINS = {"ada", "sally"}
OUTSIDERS = {"pam", "pete", "penny"}  # providers' and people's accounts see only their own organisation
STAFF = EVERYONE - OUTSIDERS


@pytest.fixture
def records(world):
    """The world's organisations and people, and a provider Stockport's administrator added, with
    its one person."""
    added = organisation_create(by=world.sally, name="Stockport Homecare Ltd", kind=OrganisationKind.PROVIDER)
    person = user_create(
        by=world.sally, email="hana@example.org", full_name="Hana", role=Role.PROVIDER_USER, organisation=added
    )
    return {**vars(world), **world.people, "added": added, "added_person": person}


def _organisation(name, action="update"):
    return lambda r: reverse(f"accounts:organisation-{action}", args=[r[name].pk])


def _person(name, action="update"):
    return lambda r: reverse(f"accounts:user-{action}", args=[r[name].pk])


MATRIX = [
    ("your account", lambda r: reverse("accounts:account"), expect(EVERYONE)),
    ("organisations", lambda r: reverse("accounts:organisation-list"), expect(EVERYONE)),
    ("add organisation", lambda r: reverse("accounts:organisation-create"), expect(ADMINS, forbidden=EVERYONE)),
    ("change Trafford", _organisation("trafford"), expect({"ada"}, forbidden=STAFF)),
    ("Trafford's history", _organisation("trafford", "history"), expect({"ada"}, forbidden=STAFF)),
    ("change Stockport", _organisation("stockport"), expect({"sally"}, forbidden=STAFF)),
    ("change the ICB", _organisation("icb"), expect(set(), forbidden=STAFF)),
    ("change provider A", _organisation("provider_a"), expect({"ada"}, forbidden=STAFF | {"pam"})),
    ("provider A's history", _organisation("provider_a", "history"), expect({"ada"}, forbidden=STAFF | {"pam"})),
    ("change the carers group", _organisation("carers_group"), expect({"ada"}, forbidden=STAFF | {"penny"})),
    ("change the provider Stockport added", _organisation("added"), expect({"sally"}, forbidden=STAFF)),
    ("history of the provider Stockport added", _organisation("added", "history"), expect({"sally"}, forbidden=STAFF)),
    ("people", lambda r: reverse("accounts:user-list"), expect(ADMINS, forbidden=EVERYONE)),
    ("add person", lambda r: reverse("accounts:user-create"), expect(ADMINS, forbidden=EVERYONE)),
    ("locked sign-ins", lambda r: reverse("accounts:sign-in-locks"), expect(ADMINS, forbidden=EVERYONE)),
    ("change Trafford's social worker", _person("sonia"), expect({"ada"}, forbidden=EVERYONE - ADMINS)),
    ("Trafford's social worker's history", _person("sonia", "history"), expect({"ada"}, forbidden=EVERYONE - ADMINS)),
    ("change the ICB's commissioner", _person("iris"), expect(set(), forbidden=EVERYONE - ADMINS)),
    ("change Stockport's administrator", _person("sally"), expect({"sally"}, forbidden=EVERYONE - ADMINS)),
    ("change the carers group's person", _person("penny"), expect({"ada"}, forbidden=EVERYONE - ADMINS)),
    (
        "change the person Stockport added",
        _person("added_person"),
        expect({"sally"}, forbidden=EVERYONE - ADMINS),
    ),
    (
        "history of the person Stockport added",
        _person("added_person", "history"),
        expect({"sally"}, forbidden=EVERYONE - ADMINS),
    ),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_accounts_page_access(world, records, client_for, page, url_for, expected):
    url = url_for(records)
    check_page_access(world, client_for, page, url, expected)
    response = client_for(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_no_page_runs_more_queries_as_the_data_grows(world, records, client_for):
    rounds = iter(range(10))
    pages = [(page, url_for(records), expected) for page, url_for, expected in MATRIX]
    check_queries_do_not_grow(client_for, pages, lambda: grow_world(world, round_=next(rounds)))


SIGNED_IN = reverse("login") + "?next="  # where pages that need an account send visitors
PUBLIC = [
    # (page, address, status for each persona, status for a visitor)
    ("sign in", reverse("login"), expect(set(), redirected=EVERYONE), 200),
    ("change password", reverse("password_change"), expect(EVERYONE), 302),
    ("password changed", reverse("password_change_done"), expect(EVERYONE), 302),
    ("reset password", reverse("password_reset"), expect(EVERYONE), 200),
    ("reset email sent", reverse("password_reset_done"), expect(EVERYONE), 200),
    (
        "a reset link that is not valid",
        reverse("password_reset_confirm", args=["MQ", "no-token"]),
        expect(EVERYONE),
        200,
    ),
    ("password reset complete", reverse("password_reset_complete"), expect(EVERYONE), 200),
]


@pytest.mark.parametrize(("page", "url", "expected", "visitor"), PUBLIC, ids=[row[0] for row in PUBLIC])
def test_sign_in_and_password_page_access(world, client_for, page, url, expected, visitor):
    check_page_access(world, client_for, page, url, expected)
    response = client_for(None).get(url)
    assert response.status_code == visitor
    if visitor == 302:
        assert response.url.startswith(SIGNED_IN)
