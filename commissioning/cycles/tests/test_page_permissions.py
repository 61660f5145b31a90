"""Role x page x expected status: every page family, for every persona.

A record outside someone's scope is "not found" (404), so its existence is not revealed; an
action their role does not allow on a record they can see is "forbidden" (403).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissioning.cycles import services
from commissioning.testing import (
    EVERYONE,
    activity_in,
    check_page_access,
    check_queries_do_not_grow,
    expect,
    grow_world,
)

TRAFFORD_STAFF = {"alice", "carl", "sonia", "colin", "ada"}
TEAM = TRAFFORD_STAFF | {"iris"}  # the cycle's lead and partner organisations' staff
RUNNERS = {"alice", "ada", "iris"}  # commissioners and administrators of involved organisations
WORKERS = RUNNERS | {"carl"}  # plus contracts officers
RAISERS = WORKERS | {"sonia"}  # plus social workers
ADMINS = {"ada", "sally"}  # administrators of Trafford and of Stockport
COMMISSIONING_WORKERS = WORKERS | {"steve", "sally"}  # who may add local evidence for their council


def _finding(world):
    return services.finding_raise(
        cycle=world.cycle, by=world.carl, level="purchasing", element="do", title="A lesson", detail="Detail"
    )


def _effort(world):
    import datetime

    return services.effort_log(
        cycle=world.cycle, by=world.alice, element="analyse", worked_on=datetime.date(2026, 5, 1), hours=2
    )


def _evidence(world):
    return services.evidence_add(activity=activity_in(world.cycle), by=world.alice, title="JSNA", url="/areas/")


MATRIX = [
    # (description, url builder, expected status by persona)
    ("home", lambda w: reverse("site:home"), expect(EVERYONE)),
    ("area list", lambda w: reverse("site:area-list"), expect(EVERYONE)),
    ("area detail", lambda w: reverse("site:area-detail", args=["E08000009"]), expect(EVERYONE)),
    ("cycle list", lambda w: reverse("cycles:list"), expect(EVERYONE)),
    (
        "start a cycle",
        lambda w: reverse("cycles:create"),
        expect({"alice", "ada", "iris", "steve", "sally"}, forbidden=EVERYONE),
    ),
    ("cycle page", lambda w: w.cycle.get_absolute_url(), expect(TEAM)),
    ("another council's cycle", lambda w: w.stockport_cycle.get_absolute_url(), expect({"steve", "sally"})),
    (
        "change another council's cycle",
        lambda w: reverse("cycles:update", args=[w.stockport_cycle.pk]),
        expect({"steve", "sally"}),
    ),
    ("published cycle page", lambda w: w.published.get_absolute_url(), expect(EVERYONE)),
    ("change cycle", lambda w: reverse("cycles:update", args=[w.cycle.pk]), expect(RUNNERS, forbidden=TEAM)),
    ("cycle history", lambda w: reverse("cycles:history", args=[w.cycle.pk]), expect(TEAM)),
    (
        "published cycle history",
        lambda w: reverse("cycles:history", args=[w.published.pk]),
        expect(TRAFFORD_STAFF, forbidden=EVERYONE),
    ),
    ("start next cycle", lambda w: reverse("cycles:next", args=[w.cycle.pk]), expect(RUNNERS, forbidden=TEAM)),
    ("close cycle", lambda w: reverse("cycles:close", args=[w.cycle.pk]), expect(RUNNERS, forbidden=TEAM)),
    ("element page", lambda w: reverse("cycles:element", args=[w.cycle.pk, "strategic", "analyse"]), expect(TEAM)),
    (
        "published element page",
        lambda w: reverse("cycles:element", args=[w.published.pk, "purchasing", "review"]),
        expect(EVERYONE),
    ),
    ("activity page", lambda w: activity_in(w.cycle).get_absolute_url(), expect(TEAM)),
    ("published activity page", lambda w: activity_in(w.published).get_absolute_url(), expect(TRAFFORD_STAFF)),
    (
        "change activity",
        lambda w: reverse("cycles:activity-update", args=[activity_in(w.cycle).pk]),
        expect(WORKERS, forbidden=TEAM),
    ),
    (
        "add activity",
        lambda w: reverse("cycles:activity-create", args=[w.cycle.pk]),
        expect(WORKERS, forbidden=TEAM),
    ),
    (
        "add evidence",
        lambda w: reverse("cycles:evidence-create", args=[activity_in(w.cycle).pk]),
        expect(WORKERS, forbidden=TEAM),
    ),
    (
        "remove evidence",
        lambda w: reverse("cycles:evidence-delete", args=[_evidence(w).pk]),
        expect(WORKERS, forbidden=TEAM),
    ),
    (
        "activity history",
        lambda w: reverse("cycles:activity-history", args=[activity_in(w.cycle).pk]),
        expect(TEAM),
    ),
    (
        "delete checklist activity",
        lambda w: reverse("cycles:activity-delete", args=[activity_in(w.cycle).pk]),
        expect(set(), forbidden=TEAM),
    ),
    ("effort", lambda w: reverse("cycles:effort", args=[w.cycle.pk]), expect(TEAM)),
    (
        "published effort",
        lambda w: reverse("cycles:effort", args=[w.published.pk]),
        expect(TRAFFORD_STAFF, forbidden=EVERYONE),
    ),
    ("log effort", lambda w: reverse("cycles:effort-create", args=[w.cycle.pk]), expect(WORKERS, forbidden=TEAM)),
    (
        "delete someone's effort",
        lambda w: reverse("cycles:effort-delete", args=[_effort(w).pk]),
        expect(RUNNERS, forbidden=TEAM),
    ),
    ("findings", lambda w: reverse("cycles:findings", args=[w.cycle.pk]), expect(TEAM)),
    (
        "record a finding",
        lambda w: reverse("cycles:finding-create", args=[w.cycle.pk]),
        expect(RAISERS, forbidden=TEAM),
    ),
    ("finding page", lambda w: _finding(w).get_absolute_url(), expect(TEAM)),
    (
        "respond to finding",
        lambda w: reverse("cycles:finding-respond", args=[_finding(w).pk]),
        expect(WORKERS, forbidden=TEAM),
    ),
    ("finding history", lambda w: reverse("cycles:finding-history", args=[_finding(w).pk]), expect(TEAM)),
    ("organisations", lambda w: reverse("accounts:organisation-list"), expect(EVERYONE)),
    (
        "provider B's page",
        lambda w: reverse("site:organisation-detail", args=[w.provider_b.pk]),
        expect(EVERYONE - {"pam", "penny"}),
    ),
    (
        "change provider B",
        lambda w: reverse("accounts:organisation-update", args=[w.provider_b.pk]),
        expect({"ada"}, forbidden=EVERYONE - {"pam", "penny"}),
    ),
    (
        "provider B's history",
        lambda w: reverse("accounts:organisation-history", args=[w.provider_b.pk]),
        expect({"ada"}, forbidden=EVERYONE - {"pam", "penny"}),
    ),
    (
        "change Trafford",
        lambda w: reverse("accounts:organisation-update", args=[w.trafford.pk]),
        expect({"ada"}, forbidden=EVERYONE - {"pam", "pete", "penny"}),
    ),
    ("add organisation", lambda w: reverse("accounts:organisation-create"), expect(ADMINS, forbidden=EVERYONE)),
    ("people", lambda w: reverse("accounts:user-list"), expect(ADMINS, forbidden=EVERYONE)),
    ("add person", lambda w: reverse("accounts:user-create"), expect(ADMINS, forbidden=EVERYONE)),
    (
        "change another council's commissioner",
        lambda w: reverse("accounts:user-update", args=[w.steve.pk]),
        expect({"sally"}, denied=404, forbidden=EVERYONE - ADMINS),
    ),
    (
        "change provider's person",
        lambda w: reverse("accounts:user-update", args=[w.pete.pk]),
        expect({"ada"}, forbidden=EVERYONE - ADMINS),
    ),
    (
        "provider person's history",
        lambda w: reverse("accounts:user-history", args=[w.pete.pk]),
        expect({"ada"}, forbidden=EVERYONE - ADMINS),
    ),
    ("your account", lambda w: reverse("accounts:account"), expect(EVERYONE)),
    ("needs", lambda w: reverse("needs:index"), expect(EVERYONE)),
    ("rate library", lambda w: reverse("needs:rate-set-list"), expect(EVERYONE)),
    ("add local rates", lambda w: reverse("needs:rate-set-create"), expect(COMMISSIONING_WORKERS, forbidden=EVERYONE)),
    ("scenarios", lambda w: reverse("needs:scenario-list"), expect(EVERYONE)),
    ("new scenario", lambda w: reverse("needs:scenario-create"), expect(COMMISSIONING_WORKERS, forbidden=EVERYONE)),
    ("population figures", lambda w: reverse("needs:vintage-list"), expect(EVERYONE)),
    ("import population", lambda w: reverse("needs:vintage-import"), expect(ADMINS, forbidden=EVERYONE)),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_page_access(world, client_for, page, url_for, expected):
    check_page_access(world, client_for, page, url_for(world), expected)


def test_no_page_runs_more_queries_as_the_data_grows(world, client_for):
    rounds = iter(range(10))
    pages = [(page, url_for(world), expected) for page, url_for, expected in MATRIX]
    check_queries_do_not_grow(client_for, pages, lambda: grow_world(world, round_=next(rounds)))


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_signed_out_visitors_are_sent_to_sign_in(world, client_for, page, url_for, expected):
    response = client_for(None).get(url_for(world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_closed_cycle_cannot_be_changed_even_by_its_lead(world, client_for):
    services.cycle_close(cycle=world.cycle, by=world.alice)
    client = client_for(world.alice)
    assert client.get(world.cycle.get_absolute_url()).status_code == 200
    assert client.get(reverse("cycles:update", args=[world.cycle.pk])).status_code == 403
    assert client.get(reverse("cycles:activity-update", args=[activity_in(world.cycle).pk])).status_code == 403


def test_published_cycle_hides_internal_notes_from_outsiders(world, client_for):
    services.cycle_update(cycle=world.published, by=world.alice, summary="Internal: budget pressure of 2m")
    page = client_for(world.pam).get(world.published.get_absolute_url()).content.decode()
    assert "Plans for care in the area." in page
    assert "budget pressure" not in page
    assert "Balance of effort" not in page
