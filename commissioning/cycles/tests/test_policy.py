"""The policy territory register: the starter set, which items apply to a cycle, who may see and
change them, and the Analyse page's "Policy territory" section."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning.accounts.choices import Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.core.choices import ClientGroup
from commissioning.cycles import services
from commissioning.cycles.choices import PolicyKind
from commissioning.cycles.models import PolicyItem, PolicyLink
from commissioning.cycles.policy_starter import STARTER_SET, load_policy_demo, load_policy_starter_set
from commissioning.cycles.selectors import policy_item_list, policy_territory_list
from commissioning.cycles.tests.test_page_permissions import TRAFFORD_STAFF
from commissioning.cycles.validators import WEB_URL_MESSAGE
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect, grow_world

CARE_ACT = "Care Act 2014"
CARERS_PLAN = "Carers action plan 2018 to 2020"
TODAY = timezone.localdate()
LAST_MONTH = TODAY - datetime.timedelta(days=30)
NEXT_YEAR = TODAY + datetime.timedelta(days=365)
COUNCIL_RUNNERS = {"alice", "ada", "steve", "sally"}  # commissioners and administrators of a council


def _item(*, by=None, organisation=None, title="Local item", **overrides):
    fields = {
        "kind": PolicyKind.LOCAL_STRATEGY if organisation else PolicyKind.NATIONAL_FRAMEWORK,
        "issued_by": organisation.name if organisation else "Department of Health and Social Care",
        "summary": "What it is.",
        "duties": "First duty\nSecond duty",
        "review_due": NEXT_YEAR,
    }
    fields.update(overrides)
    return services.policy_item_create(by=by, organisation=organisation, title=title, **fields)


def _titles(items):
    return {item.title for item in items}


@pytest.fixture
def starter(db):
    load_policy_starter_set()


@pytest.fixture
def operator(db):
    return UserFactory(
        email="olive@example.org",
        full_name="Olive",
        role=Role.ADMINISTRATOR,
        organisation=None,
        is_superuser=True,
        is_staff=True,
    )


@pytest.fixture
def trafford_item(world):
    return _item(by=world.alice, organisation=world.trafford, title="Trafford ageing well strategy")


@pytest.fixture
def stockport_item(world):
    return _item(by=world.steve, organisation=world.stockport, title="Stockport all-age strategy")


def _form(**overrides):
    data = {
        "title": "Trafford dementia strategy",
        "kind": "local_strategy",
        "issued_by": "Trafford Council",
        "year": "2026",
        "url": "https://www.trafford.gov.uk/dementia",
        "summary": "How we will support people living with dementia.",
        "duties": "Diagnose earlier\n\n- Support carers",
        "review_due-day": "1",
        "review_due-month": "4",
        "review_due-year": "2028",
        "client_groups": ["older_people", "carers"],
    }
    data.update(overrides)
    return data


# The starter set ----------------------------------------------------------------------------


def test_starter_set_loads_once_and_a_second_load_adds_nothing(db):
    assert load_policy_starter_set() == len(STARTER_SET)
    count = PolicyItem.objects.count()
    assert count == len(STARTER_SET) >= 12
    assert load_policy_starter_set() == 0
    assert PolicyItem.objects.count() == count
    call_command("load_policy_territory")
    assert PolicyItem.objects.count() == count


def test_starter_set_is_national_linked_to_official_texts_and_has_duties(starter):
    for item in PolicyItem.objects.all():
        assert item.is_national
        assert item.url.startswith(("https://www.legislation.gov.uk/", "https://www.gov.uk/")), item.title
        assert len(item.duty_list) >= 3, item.title
        assert item.review_due and item.summary
        assert item.history.count() == 1
    care_act = PolicyItem.objects.get(title=CARE_ACT)
    assert care_act.kind == PolicyKind.LEGISLATION and care_act.year == 2014 and care_act.client_groups == ""
    assert any("section 5" in duty for duty in care_act.duty_list)
    assert PolicyItem.objects.get(title=CARERS_PLAN).client_group_codes == ["carers"]


def test_loading_again_keeps_an_operators_changes(starter, operator):
    care_act = PolicyItem.objects.get(title=CARE_ACT)
    services.policy_item_update(item=care_act, by=operator, summary="Checked and still current.")
    load_policy_starter_set()
    care_act.refresh_from_db()
    assert care_act.summary == "Checked and still current."


def test_demo_loader_adds_a_local_strategy_and_links_once(world, starter):
    ld_cycle = services.cycle_create(
        by=world.alice,
        title="Learning disability 2026 to 2029",
        client_group=ClientGroup.LEARNING_DISABILITY,
        areas=[world.areas["trafford"]],
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2029, 3, 31),
    )
    assert load_policy_demo(council=world.trafford, by=world.alice) == 2
    assert load_policy_demo(council=world.trafford, by=world.alice) == 0
    assert "Autism Act 2009" in _titles(policy_territory_list(ld_cycle))
    assert "Trafford Council carers' strategy (demo)" in _titles(policy_territory_list(world.published))


# Which items apply to a cycle ---------------------------------------------------------------


def test_territory_of_an_older_people_cycle_has_the_care_act_but_not_carers_only_items(world, starter):
    territory = _titles(policy_territory_list(world.cycle))
    assert CARE_ACT in territory
    assert "Mental Capacity Act 2005" in territory
    assert CARERS_PLAN not in territory
    assert "Autism Act 2009" not in territory
    assert CARERS_PLAN in _titles(policy_territory_list(world.published))  # the carers cycle


def test_territory_lists_legislation_first(world, starter):
    kinds = [item.kind for item in policy_territory_list(world.cycle)]
    order = list(PolicyKind.values)
    assert kinds == sorted(kinds, key=order.index)


def test_an_item_applied_to_a_cycle_joins_its_territory_whatever_its_client_group(world, starter):
    carers_plan = PolicyItem.objects.get(title=CARERS_PLAN)
    services.policy_link_add(item=carers_plan, cycle=world.cycle, by=world.alice)
    assert CARERS_PLAN in _titles(policy_territory_list(world.cycle))
    assert CARERS_PLAN not in _titles(policy_territory_list(world.stockport_cycle))


def test_the_lead_councils_own_items_apply_when_their_client_groups_match(world, trafford_item):
    mine = _item(by=world.alice, organisation=world.trafford, title="Carers only", client_groups=["carers"])
    assert _titles(policy_territory_list(world.cycle)) == {trafford_item.title}
    assert _titles(policy_territory_list(world.published)) == {trafford_item.title, mine.title}


def test_another_councils_local_item_never_applies(world, trafford_item, stockport_item):
    assert stockport_item.title not in _titles(policy_territory_list(world.cycle))
    assert _titles(policy_territory_list(world.stockport_cycle)) == {stockport_item.title}
    with pytest.raises(ValidationError):
        services.policy_link_add(item=stockport_item, cycle=world.cycle, by=world.steve)
    # Even a link written straight into the database does not bring it in.
    PolicyLink.objects.create(item=stockport_item, cycle=world.cycle)
    assert stockport_item.title not in _titles(policy_territory_list(world.cycle))


def test_another_councils_local_item_never_appears_on_pages(world, client_for, starter, trafford_item, stockport_item):
    client = client_for(world.alice)
    analyse = client.get(reverse("cycles:element", args=[world.cycle.pk, "strategic", "analyse"])).content.decode()
    assert trafford_item.title in analyse and CARE_ACT in analyse
    assert stockport_item.title not in analyse
    register = client.get(reverse("cycles:policy-list")).content.decode()
    assert trafford_item.title in register and stockport_item.title not in register
    assert client.get(stockport_item.get_absolute_url()).status_code == 404
    assert client.get(reverse("cycles:policy-history", args=[stockport_item.pk])).status_code == 404
    assert stockport_item.title not in _titles(policy_item_list(user=world.alice))


def test_a_councils_own_items_stay_its_own_even_with_partners_and_readers(world, client_for, starter, trafford_item):
    # A partner on Trafford's cycle sees the national territory, not Trafford's own strategies.
    partner = client_for(world.iris).get(reverse("cycles:element", args=[world.cycle.pk, "strategic", "analyse"]))
    assert trafford_item.title not in partner.content.decode() and CARE_ACT in partner.content.decode()
    assert (
        client_for(world.iris).get(f"/api/v1/policy-items/{trafford_item.pk}/?cycle={world.cycle.pk}").status_code
        == 404
    )
    assert client_for(world.iris).get("/api/v1/policy-items/?overdue=maybe").status_code == 400
    assert client_for(world.iris).get("/api/v1/policy-items/?client_group=bogus").status_code == 400
    carers_item = _item(
        by=world.alice, organisation=world.trafford, title="Trafford carers plan", client_groups=["carers"]
    )
    published = reverse("cycles:element", args=[world.published.pk, "strategic", "analyse"])
    page = client_for(world.pam).get(published).content.decode()
    assert CARERS_PLAN in page and CARE_ACT in page
    assert carers_item.title not in page and trafford_item.title not in page
    assert carers_item.title in client_for(world.alice).get(published).content.decode()


# The Analyse page ---------------------------------------------------------------------------


def test_analyse_page_shows_the_territory_with_duties_and_flags_overdue_reviews(world, client_for):
    _item(title="Overdue framework", review_due=LAST_MONTH, duties="Do the first thing\nDo the second thing")
    _item(title="Current framework", review_due=NEXT_YEAR)
    page = client_for(world.alice).get(reverse("cycles:element", args=[world.cycle.pk, "strategic", "analyse"]))
    html = page.content.decode()
    assert '<h2 class="govuk-heading-m" id="policy-territory">Policy territory</h2>' in html
    assert "2 policy items apply to this cycle</caption>" in html
    assert "<li>Do the first thing</li>" in html and "<li>Do the second thing</li>" in html
    assert html.count('<strong class="govuk-tag govuk-tag--red">Review overdue</strong>') == 1
    overdue_row = html.split("Overdue framework")[1].split("</tr>")[0]
    assert "Review overdue" in overdue_row
    assert "Review overdue" not in html.split("Current framework")[1].split("</tr>")[0]
    assert reverse("cycles:policy-list") in html


def test_policy_territory_is_only_on_the_strategic_analyse_page(world, client_for, starter):
    client = client_for(world.alice)
    for level, element in (("strategic", "plan"), ("purchasing", "analyse")):
        page = client.get(reverse("cycles:element", args=[world.cycle.pk, level, element])).content.decode()
        assert "Policy territory" not in page


def test_register_filters_and_overdue_flag(world, client_for, starter, django_assert_max_num_queries):
    _item(title="Overdue framework", review_due=LAST_MONTH)
    client = client_for(world.alice)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("cycles:policy-list")).content.decode()
    assert CARE_ACT in page and "Review overdue" in page
    overdue = client.get(reverse("cycles:policy-list"), {"overdue": "true"}).content.decode()
    assert "Overdue framework" in overdue and CARE_ACT not in overdue
    carers = client.get(reverse("cycles:policy-list"), {"client_group": "carers"}).content.decode()
    assert CARERS_PLAN in carers and CARE_ACT in carers and "Autism Act 2009" not in carers
    guidance = client.get(reverse("cycles:policy-list"), {"kind": "statutory_guidance"}).content.decode()
    assert "Care and support statutory guidance" in guidance and "Mental Capacity Act 2005" not in guidance
    found = client.get(reverse("cycles:policy-list"), {"q": "market"}).content.decode()
    assert CARE_ACT in found and "Autism Act 2009" not in found


# Who may see and change what ----------------------------------------------------------------


def _national(world):
    return PolicyItem.objects.filter(organisation__isnull=True).first() or _item(title="A national framework")


def _trafford(world):
    return PolicyItem.objects.filter(organisation=world.trafford).first() or _item(
        by=world.alice, organisation=world.trafford, title="Trafford ageing well strategy"
    )


POLICY_MATRIX = [
    ("policy register", lambda w: reverse("cycles:policy-list"), expect(EVERYONE)),
    ("national item", lambda w: _national(w).get_absolute_url(), expect(EVERYONE)),
    ("national item history", lambda w: reverse("cycles:policy-history", args=[_national(w).pk]), expect(EVERYONE)),
    ("Trafford's item", lambda w: _trafford(w).get_absolute_url(), expect(TRAFFORD_STAFF)),
    (
        "Trafford's item history",
        lambda w: reverse("cycles:policy-history", args=[_trafford(w).pk]),
        expect(TRAFFORD_STAFF),
    ),
    ("add a policy item", lambda w: reverse("cycles:policy-create"), expect(COUNCIL_RUNNERS, forbidden=EVERYONE)),
    (
        "change a national item",
        lambda w: reverse("cycles:policy-update", args=[_national(w).pk]),
        expect(set(), forbidden=EVERYONE),
    ),
    (
        "change Trafford's item",
        lambda w: reverse("cycles:policy-update", args=[_trafford(w).pk]),
        expect({"alice", "ada"}, forbidden=TRAFFORD_STAFF),
    ),
    (
        "apply a national item to cycles",
        lambda w: reverse("cycles:policy-link", args=[_national(w).pk]),
        expect(COUNCIL_RUNNERS | {"iris"}, forbidden=EVERYONE),
    ),
    (
        "apply Trafford's item to cycles",
        lambda w: reverse("cycles:policy-link", args=[_trafford(w).pk]),
        expect({"alice", "ada"}, forbidden=TRAFFORD_STAFF),
    ),
]


def test_no_policy_page_runs_more_queries_as_the_data_grows(world, client_for):
    rounds = iter(range(10))
    pages = [(page, url_for(world), expected) for page, url_for, expected in POLICY_MATRIX]
    check_queries_do_not_grow(client_for, pages, lambda: grow_world(world, round_=next(rounds)))


@pytest.mark.parametrize(("page", "url_for", "expected"), POLICY_MATRIX, ids=[row[0] for row in POLICY_MATRIX])
def test_policy_page_access(world, client_for, page, url_for, expected):
    check_page_access(world, client_for, page, url_for(world), expected)


@pytest.mark.parametrize(("page", "url_for", "expected"), POLICY_MATRIX, ids=[row[0] for row in POLICY_MATRIX])
def test_signed_out_visitors_are_sent_to_sign_in(world, client_for, page, url_for, expected):
    response = client_for(None).get(url_for(world))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_operators_keep_the_national_register(world, client_for, operator, starter):
    care_act = PolicyItem.objects.get(title=CARE_ACT)
    client = client_for(operator)
    form = _form(title="Care Act 2014", kind="legislation", issued_by="UK Parliament", client_groups=[])
    response = client.post(reverse("cycles:policy-update", args=[care_act.pk]), {**form, "summary": "Checked."})
    assert response.status_code == 302
    care_act.refresh_from_db()
    assert care_act.summary == "Checked." and care_act.history.first().history_user == operator
    response = client.post(
        reverse("cycles:policy-create"), _form(title="New national guidance", kind="statutory_guidance")
    )
    added = PolicyItem.objects.get(title="New national guidance")
    assert response.status_code == 302 and added.is_national
    # Council staff cannot change it, whatever they send.
    assert client_for(world.alice).post(reverse("cycles:policy-update", args=[added.pk]), form).status_code == 403


def test_a_national_item_cannot_be_a_local_strategy(operator, client_for, db):
    response = client_for(operator).post(reverse("cycles:policy-create"), _form())
    assert "A local strategy belongs to a council" in response.content.decode()
    assert not PolicyItem.objects.exists()


def test_commissioner_adds_a_local_item_for_their_council(world, client_for):
    client = client_for(world.alice)
    response = client.post(reverse("cycles:policy-create"), _form())
    item = PolicyItem.objects.get(title="Trafford dementia strategy")
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.organisation == world.trafford
    assert item.client_groups == "|older_people|carers|"
    assert item.duty_list == ["Diagnose earlier", "Support carers"]
    assert item.review_due == datetime.date(2028, 4, 1)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Policy item added" in page and "Older people, Carers" in page
    assert "<li>Support carers</li>" in page
    history = client.get(reverse("cycles:policy-history", args=[item.pk])).content.decode()
    assert "Created" in history and "Alice" in history
    # Stockport's staff never see it, and a Trafford contracts officer cannot change it.
    assert client_for(world.steve).get(item.get_absolute_url()).status_code == 404
    assert client_for(world.carl).post(reverse("cycles:policy-update", args=[item.pk]), _form()).status_code == 403


def test_local_item_changes_are_saved_and_audited(world, client_for, trafford_item):
    response = client_for(world.ada).post(
        reverse("cycles:policy-update", args=[trafford_item.pk]), _form(title=trafford_item.title, year="")
    )
    assert response.status_code == 302
    trafford_item.refresh_from_db()
    assert trafford_item.year is None and trafford_item.url == "https://www.trafford.gov.uk/dementia"
    assert trafford_item.history.first().history_user == world.ada


def test_form_errors_are_clear_and_nothing_is_saved(world, client_for):
    response = client_for(world.alice).post(
        reverse("cycles:policy-create"),
        _form(
            title="",
            url="not a web address",
            year="14",
            **{"review_due-day": "", "review_due-month": "", "review_due-year": ""},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "<title>Error: " in page
    assert "Enter the title" in page
    assert WEB_URL_MESSAGE in page
    assert "Enter the next review date" in page
    assert "Enter a year between 1800 and 2100" in page
    assert 'href="#id_title"' in page and 'href="#id_review_due-day"' in page
    assert not PolicyItem.objects.exists()


def test_links_that_are_not_web_pages_are_refused(world, client_for):
    for bad in ("javascript:alert(1)", "ftp://example.org/act", "www.legislation.gov.uk"):
        response = client_for(world.alice).post(reverse("cycles:policy-create"), _form(url=bad))
        assert WEB_URL_MESSAGE in response.content.decode(), bad
    assert not PolicyItem.objects.exists()


def test_a_council_cannot_have_two_items_of_the_same_title(world, client_for, trafford_item):
    response = client_for(world.alice).post(reverse("cycles:policy-create"), _form(title=trafford_item.title.upper()))
    assert f"Your council already has an item called {trafford_item.title.upper()}" in response.content.decode()
    # Another council may use the same title for its own item.
    _item(by=world.steve, organisation=world.stockport, title=trafford_item.title)


def test_unknown_client_groups_are_refused(world):
    with pytest.raises(ValidationError):
        _item(title="Bad groups", client_groups="|older_people|aliens|")


# Applying items to cycles -------------------------------------------------------------------


def test_commissioner_applies_an_item_to_the_cycles_their_council_leads(world, client_for, trafford_item):
    client = client_for(world.alice)
    url = reverse("cycles:policy-link", args=[trafford_item.pk])
    page = client.get(url).content.decode()
    assert world.cycle.title in page and world.published.title in page
    assert world.stockport_cycle.title not in page
    only_older = _item(by=world.alice, organisation=world.trafford, title="Older only", client_groups=["older_people"])
    response = client.post(reverse("cycles:policy-link", args=[only_older.pk]), {"cycles": [world.published.pk]})
    assert response.status_code == 302
    assert "Older only" in _titles(policy_territory_list(world.published))
    link = PolicyLink.objects.get(item=only_older)
    assert link.linked_by == world.alice and link.history.first().history_user == world.alice
    assert (
        "Older only applies to Carers 2026 to 2029"
        in client.get(reverse("cycles:policy-history", args=[only_older.pk])).content.decode()
    )
    # Removing the tick removes the link, and the cycle's history records it.
    client.post(reverse("cycles:policy-link", args=[only_older.pk]), {})
    assert not PolicyLink.objects.filter(item=only_older).exists()
    history = client.get(reverse("cycles:history", args=[world.published.pk])).content.decode()
    assert "Older only applies to Carers 2026 to 2029" in history and "Deleted" in history


def test_no_one_can_apply_an_item_to_another_councils_cycle(world, client_for, starter):
    care_act = PolicyItem.objects.get(title=CARE_ACT)
    response = client_for(world.alice).post(
        reverse("cycles:policy-link", args=[care_act.pk]), {"cycles": [world.stockport_cycle.pk]}
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not PolicyLink.objects.exists()


def test_one_councils_links_to_a_national_item_stay_hidden_from_another(world, client_for, starter):
    carers_plan = PolicyItem.objects.get(title=CARERS_PLAN)
    client_for(world.steve).post(
        reverse("cycles:policy-link", args=[carers_plan.pk]), {"cycles": [world.stockport_cycle.pk]}
    )
    assert PolicyLink.objects.filter(item=carers_plan, cycle=world.stockport_cycle).exists()
    alice = client_for(world.alice)
    assert world.stockport_cycle.title not in alice.get(carers_plan.get_absolute_url()).content.decode()
    history = alice.get(reverse("cycles:policy-history", args=[carers_plan.pk])).content.decode()
    assert world.stockport_cycle.title not in history
    # Alice saving her own cycles leaves Stockport's link alone.
    alice.post(reverse("cycles:policy-link", args=[carers_plan.pk]), {"cycles": [world.cycle.pk]})
    assert set(carers_plan.links.values_list("cycle_id", flat=True)) == {world.stockport_cycle.pk, world.cycle.pk}


# API ----------------------------------------------------------------------------------------


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return as_user


def _api_titles(client, **params):
    response = client.get("/api/v1/policy-items/", params)
    assert response.status_code == 200
    return {row["title"] for row in response.json()["results"]}


def test_api_is_scoped_like_the_register(world, api, starter, trafford_item, stockport_item):
    national = {entry["title"] for entry in STARTER_SET}
    assert _api_titles(api(world.alice)) == national | {trafford_item.title}
    assert _api_titles(api(world.steve)) == national | {stockport_item.title}
    assert _api_titles(api(world.pam)) == national
    assert api(world.steve).get(f"/api/v1/policy-items/{trafford_item.pk}/").status_code == 404
    assert APIClient().get("/api/v1/policy-items/").status_code == 401


def test_api_gives_a_cycles_territory_and_is_read_only(world, api, starter, trafford_item):
    alice = api(world.alice)
    territory = _api_titles(alice, cycle=world.cycle.pk)
    assert CARE_ACT in territory and trafford_item.title in territory and CARERS_PLAN not in territory
    assert _api_titles(api(world.pam), cycle=world.cycle.pk) == set()  # not published: not theirs to see
    assert alice.get("/api/v1/policy-items/", {"cycle": "x"}).status_code == 400
    row = alice.get(f"/api/v1/policy-items/{trafford_item.pk}/").json()
    assert row["duties"] == ["First duty", "Second duty"] and row["is_national"] is False
    assert row["organisation"] == "Trafford Council" and row["review_overdue"] is False
    assert alice.post("/api/v1/policy-items/", {"title": "New"}, format="json").status_code == 405
    assert alice.patch(f"/api/v1/policy-items/{trafford_item.pk}/", {"title": "X"}, format="json").status_code == 405


def test_api_filters_overdue_items_and_hides_other_councils_cycles(world, api, starter):
    _item(title="Overdue framework", review_due=LAST_MONTH)
    carers_plan = PolicyItem.objects.get(title=CARERS_PLAN)
    services.policy_link_add(item=carers_plan, cycle=world.stockport_cycle, by=world.steve)
    services.policy_link_add(item=carers_plan, cycle=world.cycle, by=world.alice)
    assert "Overdue framework" in _api_titles(api(world.alice), overdue="true")
    assert CARE_ACT not in _api_titles(api(world.alice), overdue="true")
    row = api(world.alice).get(f"/api/v1/policy-items/{carers_plan.pk}/").json()
    assert row["cycles"] == [world.cycle.pk]
    assert row["client_groups"] == ["carers"]
