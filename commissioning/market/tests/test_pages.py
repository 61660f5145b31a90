"""Market pages: who sees what (a provider sees only itself), and what commissioners and
providers can do there."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.market.models import CapacityReturn, Location, MarketPositionStatement, Provider, ProviderFunding
from commissioning.market.tests.factories import Market, market_for
from commissioning.testing import EVERYONE, check_page_access, expect

STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}
WORKERS = {"alice", "carl", "ada", "iris", "steve", "sally"}
TRAFFORD_WORKERS = {"alice", "carl", "ada"}
TRAFFORD_STAFF = {"alice", "carl", "sonia", "colin", "ada"}


@pytest.fixture
def market(world) -> Market:
    return market_for(world)


MATRIX = [
    (
        "market overview",
        lambda m: reverse("market:index") + "?area=E08000009",
        expect(STAFF, forbidden=EVERYONE, redirected={"pam", "pete"}),
    ),
    ("directory", lambda m: reverse("market:location-list"), expect(STAFF | {"pam", "pete"}, forbidden=EVERYONE)),
    ("map", lambda m: reverse("market:map") + "?area=E08000009", expect(STAFF, forbidden=EVERYONE)),
    ("vacancies", lambda m: reverse("market:vacancies") + "?area=E08000009", expect(STAFF, forbidden=EVERYONE)),
    ("risk", lambda m: reverse("market:risk") + "?area=E08000009", expect(STAFF, forbidden=EVERYONE)),
    ("changes", lambda m: reverse("market:events"), expect(STAFF, forbidden=EVERYONE)),
    ("own provider", lambda m: m.provider_a.get_absolute_url(), expect(STAFF | {"pam"}, forbidden=frozenset())),
    ("other provider", lambda m: m.provider_b.get_absolute_url(), expect(STAFF | {"pete"}, forbidden=frozenset())),
    ("own location", lambda m: m.home_a.get_absolute_url(), expect(STAFF | {"pam"}, forbidden={"penny"})),
    (
        "location history",
        lambda m: reverse("market:location-history", args=[m.home_b.pk]),
        expect(STAFF | {"pete"}, forbidden={"penny"}),
    ),
    (
        "provider history",
        lambda m: reverse("market:provider-history", args=[m.provider_b.pk]),
        expect(STAFF | {"pete"}, forbidden=frozenset()),
    ),
    (
        "capacity return",
        lambda m: reverse("market:capacity-return", args=[m.home_a.pk]),
        expect({"pam"}, forbidden=STAFF),
    ),
    (
        "own details",
        lambda m: reverse("market:provider-details", args=[m.provider_a.pk]),
        expect({"pam"}, forbidden=STAFF),
    ),
    (
        "market facts",
        lambda m: reverse("market:provider-market", args=[m.provider_a.pk]),
        expect(WORKERS, forbidden=STAFF | {"pam"}),
    ),
    (
        "record concern",
        lambda m: reverse("market:concern-create", args=[m.provider_b.pk]),
        expect(WORKERS, forbidden=STAFF | {"pete"}),
    ),
    (
        "change concern",
        lambda m: reverse("market:concern-edit", args=[m.concern.pk]),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF),
    ),
    (
        "log contact",
        lambda m: reverse("market:entry-create", args=[m.provider_b.pk]),
        expect(WORKERS, forbidden=STAFF | {"pete"}),
    ),
    (
        "contingency plan",
        lambda m: reverse("market:plan", args=[m.provider_b.pk]),
        expect(WORKERS, forbidden=STAFF | {"pete"}),
    ),
    ("relationship log", lambda m: reverse("market:relationship-log"), expect(STAFF, forbidden=EVERYONE)),
    ("forums", lambda m: reverse("market:forum-list"), expect(STAFF, forbidden=EVERYONE)),
    ("forum", lambda m: m.forum.get_absolute_url(), expect(TRAFFORD_STAFF)),
    ("new forum", lambda m: reverse("market:forum-create"), expect(WORKERS, forbidden=EVERYONE)),
    ("import CQC", lambda m: reverse("market:cqc-import"), expect({"ada", "sally"}, forbidden=EVERYONE)),
    ("upload capacity", lambda m: reverse("market:capacity-import"), expect({"pam", "pete"}, forbidden=EVERYONE)),
    ("statements", lambda m: reverse("market:statement-list"), expect(STAFF | {"pam", "pete"}, forbidden=EVERYONE)),
    ("draft statement", lambda m: m.draft.get_absolute_url(), expect(TRAFFORD_STAFF)),
    (
        "change draft",
        lambda m: reverse("market:statement-edit", args=[m.draft.pk]),
        expect(TRAFFORD_WORKERS, forbidden=TRAFFORD_STAFF),
    ),
    (
        "published statement",
        lambda m: m.published.get_absolute_url(),
        expect(STAFF | {"pam", "pete"}, forbidden={"penny"}),
    ),
    ("public statement", lambda m: m.published.get_public_url(), expect(EVERYONE)),
    ("public draft", lambda m: reverse("market:statement-public", args=[m.draft.pk]), expect(set())),
]


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_market_page_access(world, market, client_for, page, url_for, expected):
    check_page_access(world, client_for, page, url_for(market), expected)


def test_provider_sees_only_its_own_locations_and_no_risk(world, market, client_for):
    client = client_for(world.pam)
    page = client.get(reverse("market:location-list")).content.decode()
    assert "Oak House" in page and "Elm Court" not in page
    assert client.get(market.home_b.get_absolute_url()).status_code == 404
    own = client.get(market.provider_a.get_absolute_url()).content.decode()
    assert "Contingency plan" not in own and "Relationship log" not in own
    assert client.get(reverse("market:index")).url == market.provider_a.get_absolute_url()
    api = client.get("/api/v1/locations/").json()
    assert [row["name"] for row in api["results"]] == ["Oak House"]
    assert client.get("/api/v1/capacity-returns/").json()["count"] == 0
    assert client.get("/api/v1/provider-risk/").status_code == 403


def test_provider_enters_a_capacity_return_and_bad_figures_are_refused(world, market, client_for):
    client = client_for(world.pam)
    url = reverse("market:capacity-return", args=[market.home_a.pk])
    today = datetime.date.today()
    date = {"return_date-day": today.day, "return_date-month": today.month, "return_date-year": today.year}
    response = client.post(url, {**date, "beds_capacity": 40, "beds_occupied": 45})
    assert response.status_code == 200
    assert "Occupied beds (45) cannot be more than capacity (40)" in response.content.decode()
    assert not CapacityReturn.objects.filter(location=market.home_a).exists()
    response = client.post(url, {**date, "beds_capacity": 40, "beds_occupied": 35, "beds_vacant_accepting": 5})
    assert response.status_code == 302
    capacity = CapacityReturn.objects.get(location=market.home_a)
    assert (capacity.beds_vacant_accepting, capacity.entered_by) == (5, world.pam)
    # Through the API, another provider's location is not even a valid choice.
    other = client.post(
        "/api/v1/capacity-returns/",
        {"location": market.home_b.pk, "return_date": today.isoformat(), "beds_capacity": 1},
        content_type="application/json",
    )
    assert other.status_code == 400


def test_risk_page_shows_reasons_and_the_directory_filters(world, market, client_for):
    client = client_for(world.alice)
    page = client.get(reverse("market:risk") + "?area=E08000009").content.decode()
    assert "Elm Court is rated Inadequate" in page
    assert "Open safeguarding concern: Enquiry" in page
    assert "Elm Court is 67% occupied (below 70%)" in page
    directory = client.get(reverse("market:location-list") + "?service=nursing").content.decode()
    assert "Oak House" in directory and "Elm Court" not in directory
    provider_page = client.get(market.provider_b.get_absolute_url()).content.decode()
    assert "Elm Court is rated Inadequate" in provider_page and "Oak House" not in provider_page
    overview = client.get(reverse("market:index") + "?area=E08000009").content.decode()
    assert "HHI" in overview and "B Group" in overview


def test_a_provider_with_nothing_to_judge_by_is_not_known_and_never_green(world, market, client_for):
    # A homecare agency with no rating and no capacity returns: nothing says it is safe.
    unrated = Provider.objects.create(name="Quiet Care Ltd")
    Location.objects.create(
        provider=unrated, name="Ash Homecare", local_authority=world.areas["trafford"], service_codes="|homecare|"
    )
    client = client_for(world.alice)
    page = client.get(reverse("market:risk") + "?area=E08000009").content.decode()
    assert "1 red, 1 amber, 0 green and 1 not known (not enough data to judge)" in page
    row = page[page.index("Quiet Care Ltd") :]
    row = row[: row.index("</tr>")]
    assert "Not known" in row and "Green" not in row and "None found" not in row
    assert "Not enough data to judge: no CQC rating and no occupancy figure" in row
    api = {risk["provider_name"]: risk["level"] for risk in client.get("/api/v1/provider-risk/").json()}
    assert api == {"Provider B Homes Ltd": "red", "Provider A Care Ltd": "amber", "Quiet Care Ltd": "unknown"}


def test_map_draws_trafford_with_a_link_per_location(world, market, client_for):
    page = client_for(world.alice).get(reverse("market:map") + "?area=E08000009").content.decode()
    assert "<svg" in page and market.home_a.get_absolute_url() in page
    assert "1 location has no coordinates" in page


def test_statement_downloads_and_public_page(world, market, client_for):
    client = client_for(world.alice)
    word = client.get(reverse("market:statement-download", args=[market.draft.pk, "docx"]))
    assert word.status_code == 200 and word.content[:2] == b"PK"
    pdf = client.get(reverse("market:statement-download", args=[market.draft.pk, "pdf"]))
    assert pdf.content[:4] == b"%PDF"
    client.logout()
    assert client.get(market.published.get_public_url()).status_code == 200
    assert client.get(reverse("market:statement-public-download", args=[market.published.pk, "pdf"])).status_code == 200


def test_publishing_freezes_figures_and_locks_the_text(world, market, client_for):
    market.draft.cycle = world.cycle
    market.draft.save()
    client = client_for(world.alice)
    assert client.post(market.draft.get_absolute_url()).status_code == 302
    market.draft.refresh_from_db()
    assert market.draft.is_published and market.draft.figures["area"]["name"] == "Trafford"
    assert client.get(reverse("market:statement-edit", args=[market.draft.pk])).status_code == 403
    # It becomes evidence for the cycle's market shaping activity, linking to the public page.
    link = world.cycle.activities.get(level="strategic", checklist_key="market").evidence.get()
    assert link.url == market.draft.get_public_url()


def test_commissioners_add_services_cqc_does_not_register(world, market, client_for):
    client = client_for(world.alice)
    url = reverse("market:community-service-create")
    base = {
        "name": "Stretford Lunch Club",
        "provider_name": "Stretford Community Trust",
        "services": ["day_services"],
        "client_groups": ["older_people"],
        "local_authority": world.areas["trafford"].pk,
    }
    response = client.post(url, {**base, "postcode": "NOT A CODE"})
    assert "Enter a real postcode" in response.content.decode()
    response = client.post(url, {**base, "postcode": "m320th"})
    assert response.status_code == 302
    club = Location.objects.get(name="Stretford Lunch Club")
    assert (club.postcode, club.registration_status, club.services) == ("M32 0TH", "not_registered", ["Day services"])
    directory = client.get(reverse("market:location-list") + "?service=day_services").content.decode()
    assert "Stretford Lunch Club" in directory
    assert client_for(world.pam).get(url).status_code == 403


def test_concerns_plans_and_forums_in_the_api_are_the_councils_own(world, market, client_for):
    for endpoint in ("provider-concerns", "contingency-plans", "provider-forums"):
        assert client_for(world.alice).get(f"/api/v1/{endpoint}/").json()["count"] == 1, endpoint
        for person in (world.steve, world.pam, world.penny):
            assert client_for(person).get(f"/api/v1/{endpoint}/").json()["count"] == 0, (endpoint, person)


def test_provider_pages_save_what_is_posted(world, client_for):
    market = market_for(world)
    response = client_for(world.pam).post(
        reverse("market:provider-details", args=[market.provider_a.pk]),
        {"telephone": "0161 111 2222", "email": "", "website": ""},
    )
    assert response.status_code == 302
    assert Provider.objects.get(pk=market.provider_a.pk).telephone == "0161 111 2222"
    response = client_for(world.alice).post(
        reverse("market:provider-market", args=[market.provider_b.pk]),
        {"ownership_type": "private", "council_funded_share": "80", "group_name": "B Group"},
    )
    assert response.status_code == 302
    assert (
        ProviderFunding.objects.get(provider=market.provider_b, organisation=world.trafford).council_funded_share == 80
    )


def test_each_council_keeps_its_own_funded_share_out_of_providers_sight(world, client_for):
    market = market_for(world)
    for person, share in ((world.alice, "20"), (world.steve, "90")):
        client_for(person).post(
            reverse("market:provider-market", args=[market.provider_b.pk]),
            {"ownership_type": "private", "council_funded_share": share, "group_name": "B Group"},
        )
    shares = dict(ProviderFunding.objects.values_list("organisation__name", "council_funded_share"))
    assert shares == {"Trafford Council": 20, "Stockport Council": 90}
    history = client_for(world.pete).get(reverse("market:provider-history", args=[market.provider_b.pk]))
    assert "funded" not in history.content.decode().lower()


def test_administrators_link_a_provider_to_the_organisation_that_acts_for_it(world, client_for):
    market = market_for(world)
    url = reverse("market:provider-link", args=[market.provider_b.pk])
    assert client_for(world.alice).get(url).status_code == 403
    # One organisation acts for one provider: provider A's is taken.
    response = client_for(world.ada).post(url, {"organisation": world.provider_a.pk})
    assert response.status_code == 200
    response = client_for(world.ada).post(url, {"organisation": world.carers_group.pk})
    assert response.status_code == 302
    market.provider_b.refresh_from_db()
    assert market.provider_b.organisation == world.carers_group
    # Stockport's administrator cannot hand Trafford's providers' accounts to anyone.
    response = client_for(world.sally).post(url, {"organisation": world.provider_b.pk})
    assert response.status_code == 200


def test_statements_only_for_the_councils_own_areas(world, client_for):
    client = client_for(world.alice)
    base = {"title": "T", "client_group": "older_people", "first_year": 2026, "last_year": 2030}
    client.post(reverse("market:statement-create"), {**base, "area": world.areas["stockport"].pk})
    client.post(
        reverse("market:statement-create"),
        {**base, "area": world.areas["trafford"].pk, "cycle": world.stockport_cycle.pk},
    )
    assert not MarketPositionStatement.objects.filter(title="T").exists()


def test_the_whole_register_through_the_api_gives_its_total_without_counting_the_table(world, market, client_for):
    """The unfiltered national list reads its total from the market summaries; a filtered list, or
    a provider's own, is counted as it is."""
    registered = Location.objects.exclude(registration_status="deregistered")
    total = registered.count()
    client = client_for(world.alice)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/locations/").json()["count"] == total
    assert not [q for q in queries.captured_queries if 'COUNT(*) AS "__count" FROM "market_location"' in q["sql"]]
    assert client.get("/api/v1/locations/?page=1").json()["count"] == registered.count()
    area = market.home_a.local_authority
    by_area = client.get(f"/api/v1/locations/?area={area.code}").json()
    assert by_area["count"] == registered.filter(local_authority=area).count()
    assert client_for(world.pam).get("/api/v1/locations/").json()["count"] == 1
