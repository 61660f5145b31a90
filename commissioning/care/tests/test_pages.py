"""The care pages as each persona meets them: who may open which (the council's social workers
and commissioning workers, a provider its own packages only), arranging a call-off from the block
through the pages, and a commissioner ending a service and moving each person."""

from __future__ import annotations

import datetime
import html
import itertools
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from commissioning.care import services
from commissioning.care.models import CarePackage
from commissioning.care.tests.factories import START, block_for, package_for, person_for
from commissioning.contracts.brokerage import area_centre
from commissioning.contracts.tests.factories import providers_for
from commissioning.market.models import CapacityReturn, Location
from commissioning.strategy import services as strategy
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

pytestmark = pytest.mark.django_db

CARERS = {"alice", "carl", "sonia", "ada"}  # Trafford's people who arrange or commission care
WORKERS = {"alice", "carl", "ada"}
TODAY = datetime.date.today()


def _date(name: str, day: datetime.date) -> dict[str, int]:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def _words(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def scene(world):
    providers = providers_for(world)
    block = block_for(world.alice, providers.a, capacity=Decimal(40))
    person = person_for(world.sonia)
    called = package_for(world.sonia, person, arrangement="call_off", contract=block, units=Decimal(10))
    dp = package_for(world.sonia, person_for(world.sonia, "P-0002"), arrangement="direct_payment",
                     weekly_cost=Decimal("300.00"))  # fmt: skip
    spot_b = package_for(world.sonia, person_for(world.sonia, "P-0003"), provider=providers.b)
    budget = services.budget_set(by=world.sonia, person=person, weekly_amount=Decimal("400.00"), starts_on=START,
                                 review_due=START + datetime.timedelta(days=365))  # fmt: skip
    return SimpleNamespace(providers=providers, block=block, person=person, called=called, dp=dp, spot_b=spot_b,
                           budget=budget)  # fmt: skip


def test_who_may_open_each_page(world, client_for, scene):
    person = scene.person
    called = scene.called
    dp = scene.dp
    spot_b = scene.spot_b
    budget = scene.budget
    elsewhere = {"iris", "steve", "sally"}  # arrange care for their own organisations: Trafford's is not found
    barred = {"colin", "pam", "pete", "penny"}
    arrange = expect(CARERS, forbidden=barred)
    pages = [
        ("packages", reverse("care:index"), expect(CARERS | elsewhere, forbidden=barred)),
        ("your packages", reverse("care:provider-list"), expect({"pam", "pete"}, forbidden=EVERYONE - {"pam", "pete"})),
        ("person", person.get_absolute_url(), arrange),
        ("package of A", called.get_absolute_url(), expect(CARERS | {"pam"}, forbidden={"colin", "penny"})),
        ("package of B", spot_b.get_absolute_url(), expect(CARERS | {"pete"}, forbidden={"colin", "penny"})),
        ("new person", reverse("care:person-create"), expect(CARERS | elsewhere, forbidden=barred)),
        ("arrange", reverse("care:package-create", args=[person.pk]), arrange),
        ("change", reverse("care:package-change", args=[called.pk]), arrange),
        ("end", reverse("care:package-end", args=[called.pk]), arrange),
        ("move", reverse("care:package-move", args=[called.pk]), arrange),
        ("dp buys", reverse("care:purchase-create", args=[dp.pk]), arrange),
        ("budget", reverse("care:budget-create", args=[person.pk]), arrange),
        ("review", reverse("care:budget-review", args=[budget.pk]), arrange),
        ("failure", reverse("care:failure-create"),
         expect(WORKERS | {"iris", "steve", "sally"}, forbidden=EVERYONE - WORKERS - {"iris", "steve", "sally"})),
    ]  # fmt: skip
    for name, url, expected in pages:
        check_page_access(world, client_for, name, url, expected)


def test_a_provider_sees_only_the_packages_it_gives(world, client_for, scene):
    called = scene.called
    dp = scene.dp
    spot_b = scene.spot_b
    page = _words(client_for(world.pam).get(reverse("care:provider-list")))
    assert called.reference in page and spot_b.reference not in page and dp.reference not in page
    page = _words(client_for(world.pete).get(reverse("care:provider-list")))
    assert spot_b.reference in page and called.reference not in page


def test_a_social_worker_calls_off_the_block_and_the_placement_shows_in_utilisation_and_the_providers_view(
    world, client_for, scene
):
    providers, block = scene.providers, scene.block
    client = client_for(world.sonia)
    response = client.post(reverse("care:person-create"), {
        "reference": "P-0100", "age_band": "75-84", "client_group": "older_people", "support_reason": "memory",
    })  # fmt: skip
    assert response.status_code == 302
    person_url = response["Location"]
    pk = int(person_url.rstrip("/").split("/")[-1])
    form = {
        "arrangement": "call_off", "service_type": "homecare", "units": "12", "unit": "hours",
        "weekly_cost": "288.00", **_date("starts_on", START), "contract": block.pk, "reference": "",
    }  # fmt: skip
    response = client.post(reverse("care:package-create", args=[pk]), form)
    assert response.status_code == 302, _words(response)
    package = CarePackage.objects.get(person_id=pk)
    assert package.call_off is not None and package.provider == providers.a
    utilisation = _words(client_for(world.alice).get(reverse("contracts:utilisation", args=[block.pk])))
    assert "22" in utilisation  # 10 + 12 hours in use
    assert package.reference in _words(client_for(world.pam).get(reverse("care:provider-list")))
    # Beyond the block: refused on the form, naming how much is left, nothing saved
    form["units"] = "30"
    page = _words(client_for(world.sonia).post(reverse("care:package-create", args=[pk]), form))
    assert "Beyond the block's capacity: 18 hours a week left" in page
    assert CarePackage.objects.filter(person_id=pk).count() == 1


def test_a_package_with_bad_input_is_refused_on_the_page_with_nothing_saved(world, client_for, scene):
    providers = scene.providers
    person = scene.person
    before = CarePackage.objects.count()
    form = {
        "arrangement": "spot", "service_type": "homecare", "units": "10", "unit": "hours", "weekly_cost": "12.345",
        **_date("starts_on", START), **_date("ends_on", START - datetime.timedelta(days=1)), "provider": providers.a.pk,
    }  # fmt: skip
    page = _words(client_for(world.sonia).post(reverse("care:package-create", args=[person.pk]), form))
    assert "There is a problem" in page
    assert "pounds and pence" in page
    assert CarePackage.objects.count() == before


def test_a_commissioner_ends_a_service_and_sees_each_persons_transition_and_move(world, client_for, scene):
    block = scene.block
    spot_b = scene.spot_b
    plan = strategy.purchasing_plan_create(by=world.alice, cycle=world.cycle, title="Plan", first_year=2026,
                                           last_year=2028)  # fmt: skip
    ending = strategy.decommissioning_add(
        plan=plan, by=world.alice, service="Spot homecare", service_type="homecare", reason="Moving to blocks",
        ends_on=TODAY + datetime.timedelta(days=90),
    )  # fmt: skip
    client = client_for(world.alice)
    page = _words(client.get(reverse("care:decommissioning", args=[ending.pk])))
    assert "2 people with a homecare package in place" in page  # the direct payment is not homecare
    assert "Not planned yet" in page
    response = client.post(reverse("care:transitions-plan", args=[ending.pk]), {})
    assert response.status_code == 302
    assert sorted(ending.people.values_list("reference", flat=True)) == ["P-0001", "P-0003"]
    assert ending.providers.count() == 2
    services.package_move(by=world.alice, package=spot_b, moves_on=TODAY + datetime.timedelta(days=30),
                          reason="Service stops", arrangement="call_off", contract=block)  # fmt: skip
    page = _words(client.get(reverse("care:decommissioning", args=[ending.pk])))
    assert f"To {spot_b.reference}/M1" in page
    assert ending.people.get(reference="P-0003").status == "done"


def test_activating_a_contingency_plan_lists_each_package_and_the_capacity_to_absorb_them(world, client_for, scene):
    providers = scene.providers
    block = scene.block
    called = scene.called
    spot_b = scene.spot_b
    client = client_for(world.alice)
    response = client.post(reverse("care:failure-create"), {
        "provider": providers.b.pk, **_date("activated_on", TODAY), "reason": "The home is closing",
    })  # fmt: skip
    assert response.status_code == 302
    page = _words(client.get(response["Location"]))
    assert spot_b.reference in page and called.reference not in page
    assert "1 package given by" in page
    assert f"Block {block.reference}" in page  # 30 hours a week left in provider A's block


def test_pages_do_not_run_a_query_per_row(world, client_for, scene):
    providers = scene.providers
    person = scene.person
    count = itertools.count()

    def grow() -> None:
        n = next(count)
        other = person_for(world.sonia, f"P-{200 + n}")
        package_for(world.sonia, other, provider=providers.a)
        package_for(world.sonia, person, provider=providers.b)

    pages = [
        ("packages", reverse("care:index"), {"sonia": 200}),
        ("your packages", reverse("care:provider-list"), {"pam": 200}),
        ("person", person.get_absolute_url(), {"sonia": 200}),
    ]
    check_queries_do_not_grow(client_for, pages, grow)


def test_find_a_provider_from_a_persons_page_arranges_that_persons_care(world, client_for, scene):
    providers, person = scene.providers, scene.person
    beds = block_for(world.alice, providers.a, title="Beds block", service_type="care_home", capacity=Decimal(5),
                     capacity_unit="beds", unit_price=Decimal("958.00"))  # fmt: skip
    lat, lon = area_centre(world.areas["trafford"])
    home = Location.objects.create(provider=providers.a, name="Oak House", service_codes="|residential|",
                                   latitude=lat, longitude=lon, is_care_home=True)  # fmt: skip
    CapacityReturn.objects.create(location=home, return_date=TODAY, beds_capacity=30, beds_vacant_accepting=2)
    query = {"service_type": "care_home", "area": world.areas["trafford"].pk, "within_km": "15", "units": "1",
             "person": person.pk}  # fmt: skip
    response = client_for(world.sonia).get(reverse("contracts:find-provider"), query)
    page = _words(response)
    assert f"Call off the block {beds.reference} for P-0001" in page
    link = re.search(r'href="([^"]*care/people/[^"]*)"', response.content.decode()).group(1)
    form = _words(client_for(world.sonia).get(html.unescape(link)))
    assert "Arrange care for P-0001" in form and "Beds block" in form


def test_the_plans_decommissioning_links_to_each_persons_care(world, client_for, scene):
    plan = strategy.purchasing_plan_create(by=world.alice, cycle=world.cycle, title="Plan", first_year=2026,
                                           last_year=2028)  # fmt: skip
    ending = strategy.decommissioning_add(
        plan=plan, by=world.alice, service="Spot homecare", service_type="homecare", reason="Moving to blocks",
        ends_on=TODAY,
    )  # fmt: skip
    assert "Each person's care package and move" in _words(client_for(world.alice).get(ending.get_absolute_url()))
    assert "Each person's care package and move" not in _words(client_for(world.colin).get(ending.get_absolute_url()))


def test_the_purchasing_plan_shows_the_direct_payments_in_place_beside_what_it_expects(world, client_for, scene):
    plan = strategy.purchasing_plan_create(by=world.alice, cycle=world.cycle, title="Plan", first_year=2026,
                                           last_year=2028, direct_payments_percent=Decimal("12.5"))  # fmt: skip
    page = _words(client_for(world.alice).get(plan.get_absolute_url()))
    # £300 of the £780 a week in place (240 + 240 + 300) is the direct payment, for one person
    assert "Direct payments now: 38.5% of the weekly cost of care packages in place (£300.00 a week, 1 person)" in page
    assert "Direct payments now" not in _words(client_for(world.colin).get(plan.get_absolute_url()))


def test_a_partner_in_the_cycle_sees_the_plan_but_never_the_lead_councils_people(world, client_for, scene):
    plan = strategy.purchasing_plan_create(by=world.alice, cycle=world.cycle, title="Plan", first_year=2026,
                                           last_year=2028)  # fmt: skip
    ending = strategy.decommissioning_add(
        plan=plan, by=world.alice, service="Spot homecare", service_type="homecare", reason="Moving to blocks",
        ends_on=TODAY,
    )  # fmt: skip
    iris = client_for(world.iris)  # the ICB's commissioner, a partner in Trafford's cycle
    assert iris.get(ending.get_absolute_url()).status_code == 200
    assert "Each person's care package" not in _words(iris.get(ending.get_absolute_url()))
    assert "Direct payments now" not in _words(iris.get(plan.get_absolute_url()))
    assert iris.get(reverse("care:decommissioning", args=[ending.pk])).status_code == 404
    assert iris.post(reverse("care:transitions-plan", args=[ending.pk]), {}).status_code == 404
