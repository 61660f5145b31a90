"""The care API: the same selectors and services as the pages, so the same scoping and refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from commissioning.care.models import CarePackage, Person
from commissioning.care.tests.factories import START, block_for, day, package_for, person_for
from commissioning.contracts.tests.factories import providers_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _api(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _package_body(person: Person, **fields: Any) -> dict[str, Any]:
    body = {
        "person": person.pk, "arrangement": "spot", "service_type": "homecare", "units": "10",
        "weekly_cost": "240.00", "starts_on": START.isoformat(),
    }  # fmt: skip
    body.update(fields)
    return body


def test_a_social_worker_adds_a_person_and_arranges_their_care_through_the_api(world):
    provider = providers_for(world).a
    api = _api(world.sonia)
    body = {
        "reference": "p-0042", "age_band": "85+", "area": "E08000009", "client_group": "older_people",
        "support_reason": "memory",
    }  # fmt: skip
    made = api.post("/api/v1/care-people/", body, format="json")
    assert made.status_code == 201, made.json()
    person = made.json()
    assert (person["reference"], person["area"]) == ("P-0042", "E08000009")
    again = api.post("/api/v1/care-people/", body, format="json")
    assert again.status_code == 400 and "already recorded" in again.json()["reference"][0]
    named = api.post("/api/v1/care-people/", {**body, "reference": "Mary Jones"}, format="json")
    assert named.status_code == 400 and "reference" in named.json()
    assert api.get("/api/v1/care-people/").json()["count"] == 1

    arranged = api.post(
        "/api/v1/care-packages/",
        _package_body(Person.objects.get(pk=person["id"]), provider=provider.pk),
        format="json",
    )
    assert arranged.status_code == 201, arranged.json()
    package = arranged.json()
    assert package["reference"] == "PKG-000001" and package["person_reference"] == "P-0042"
    assert (package["provider"], package["client_group"], package["support_reason"]) == (
        provider.pk, "older_people", "memory"
    )  # fmt: skip
    assert (package["unit"], package["weekly_cost"], package["changes"], package["purchases"]) == (
        "hours", "240.00", [], []
    )  # fmt: skip
    assert package["status"] == ("live" if TODAY >= START else "planned")
    assert api.get(f"/api/v1/care-packages/{package['id']}/").json()["reference"] == "PKG-000001"


def test_a_call_off_package_takes_block_capacity_and_one_beyond_it_is_refused_naming_units(world):
    providers = providers_for(world)
    block = block_for(world.alice, providers.a, capacity=Decimal(20))
    api = _api(world.sonia)
    body = _package_body(person_for(world.sonia), arrangement="call_off", contract=block.pk, units="15")
    made = api.post("/api/v1/care-packages/", body, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["call_off"] is not None and made.json()["provider"] == providers.a.pk
    other = person_for(world.sonia, "P-0002")
    over = api.post("/api/v1/care-packages/", {**body, "person": other.pk, "units": "6"}, format="json")
    assert over.status_code == 400
    assert over.json()["units"][0].startswith("Beyond the block's capacity: 5 hours a week left")
    assert CarePackage.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"weekly_cost": "12.345"}, "weekly_cost", "pounds and pence"),
        ({"ends_on": (START - datetime.timedelta(days=1)).isoformat()}, "ends_on", "end on or after the day it starts"),
        ({"provider": None}, "provider", "Choose the provider"),
        ({"user_choice": True}, "preference", "Record the person's preference"),
        ({"reference": "Jane Smith"}, "reference", ""),
    ],
)
def test_a_package_with_bad_details_is_refused_naming_the_field(world, fields, field, words):
    body = _package_body(person_for(world.sonia), **{"provider": providers_for(world).a.pk, **fields})
    refused = _api(world.sonia).post("/api/v1/care-packages/", body, format="json")
    assert refused.status_code == 400 and words in " ".join(refused.json()[field])
    assert not CarePackage.objects.exists()


def test_each_reader_sees_only_the_packages_they_may(world):
    providers = providers_for(world)
    person = person_for(world.sonia)
    given_by_a = package_for(world.sonia, person, provider=providers.a, starts_on=TODAY - datetime.timedelta(days=10))
    given_by_b = package_for(world.sonia, person, provider=providers.b, starts_on=TODAY + datetime.timedelta(days=30))

    def listed(user: Any, **filters: Any) -> list[int]:
        answer = _api(user).get("/api/v1/care-packages/", filters)
        assert answer.status_code == 200, answer.json()
        return sorted(row["id"] for row in answer.json()["results"])

    assert listed(world.pam) == [given_by_a.pk]
    assert listed(world.pete) == [given_by_b.pk]
    assert _api(world.pam).get(f"/api/v1/care-packages/{given_by_b.pk}/").status_code == 404
    assert _api(world.pam).get(f"/api/v1/care-packages/{given_by_a.pk}/").json()["person_reference"] == "P-0001"
    for outsider in (world.colin, world.steve):
        assert listed(outsider) == []
        assert _api(outsider).get(f"/api/v1/care-packages/{given_by_a.pk}/").status_code == 404
        assert _api(outsider).get("/api/v1/care-people/").json()["count"] == 0
        assert _api(outsider).get(f"/api/v1/care-people/{person.pk}/").status_code == 404
    # People and budgets are the council's alone: a provider sees the reference on its packages only.
    assert _api(world.pam).get("/api/v1/care-people/").json()["results"] == []
    assert listed(world.alice) == sorted([given_by_a.pk, given_by_b.pk])
    assert listed(world.alice, provider=providers.b.pk) == [given_by_b.pk]
    assert listed(world.alice, status="planned") == [given_by_b.pk]
    assert listed(world.alice, person=person.pk, arrangement="spot", service_type="homecare") == listed(world.alice)
    assert listed(world.alice, arrangement="direct_payment") == []
    assert _api(world.alice).get("/api/v1/care-packages/", {"status": "soon"}).status_code == 400


def test_providers_read_their_packages_but_may_not_arrange_or_change_them(world):
    providers = providers_for(world)
    package = package_for(world.sonia, person_for(world.sonia), provider=providers.a)
    api = _api(world.pam)
    url = f"/api/v1/care-packages/{package.pk}"
    assert api.post("/api/v1/care-packages/", _package_body(package.person), format="json").status_code == 403
    calls = {
        "change": {"effective_on": day(7).isoformat(), "units": "12", "reason": "More"},
        "end": {"ends_on": day(30).isoformat(), "reason": "Ended"},
        "move": {"moves_on": day(30).isoformat(), "reason": "Moved", "provider": providers.a.pk},
        "purchases": {"use": "agency", "weekly_amount": "10.00"},
    }
    for name, body in calls.items():
        assert api.post(f"{url}/{name}/", body, format="json").status_code == 403, name
        assert _api(world.steve).post(f"{url}/{name}/", body, format="json").status_code == 404, name
    assert _api(world.colin).post("/api/v1/care-people/", {"reference": "P-0009"}, format="json").status_code == 403
    package.refresh_from_db()
    assert (package.units, package.ends_on) == (10, None) and not package.changes.exists()


def test_a_package_is_changed_moved_and_ended_through_the_api(world):
    providers = providers_for(world)
    package = package_for(world.sonia, person_for(world.sonia), provider=providers.a)
    api = _api(world.sonia)
    url = f"/api/v1/care-packages/{package.pk}"
    change = {"effective_on": day(7).isoformat(), "units": "14", "weekly_cost": "336.00", "reason": "Second call"}
    changed = api.post(f"{url}/change/", change, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["units"], changed.json()["weekly_cost"]) == ("14.00", "336.00")
    assert [(c["kind"], c["units_before"], c["units_after"]) for c in changed.json()["changes"]] == [
        ("hours", "10.00", "14.00")
    ]
    same = api.post(f"{url}/change/", {**change, "effective_on": day(14).isoformat()}, format="json")
    assert same.status_code == 400 and "Change the hours or the weekly cost" in same.json()["units"][0]
    cheap = api.post(f"{url}/change/", {**change, "weekly_cost": "1.001"}, format="json")
    assert cheap.status_code == 400 and "pounds and pence" in cheap.json()["weekly_cost"][0]

    moving = {"moves_on": day(60).isoformat(), "reason": "Provider closing", "provider": providers.b.pk}
    moved = api.post(f"{url}/move/", {**moving, "weekly_cost": "350.00"}, format="json")
    assert moved.status_code == 201, moved.json()
    new = moved.json()
    assert (new["provider"], new["moved_from"], new["reference"]) == (
        providers.b.pk, package.pk, f"{package.reference}/M1"
    )  # fmt: skip
    assert (new["starts_on"], new["units"], new["weekly_cost"]) == (day(60).isoformat(), "14.00", "350.00")
    old = api.get(f"{url}/").json()
    assert old["ends_on"] == day(59).isoformat() and old["changes"][-1]["kind"] == "moved"
    late = api.post(f"{url}/move/", {**moving, "moves_on": day(90).isoformat()}, format="json")
    assert late.status_code == 400 and "ended on" in late.json()["moves_on"][0]

    new_url = f"/api/v1/care-packages/{new['id']}"
    early = api.post(f"{new_url}/end/", {"ends_on": day(59).isoformat(), "reason": "Too soon"}, format="json")
    assert early.status_code == 400 and "on or after the start" in early.json()["ends_on"][0]
    ended = api.post(f"{new_url}/end/", {"ends_on": day(90).isoformat(), "reason": "Went into hospital"})
    assert ended.status_code == 200, ended.json()
    assert (ended.json()["ends_on"], ended.json()["end_reason"]) == (day(90).isoformat(), "Went into hospital")
    assert ended.json()["changes"][-1]["kind"] == "ended"


def test_a_direct_payment_records_what_it_buys_within_its_amount(world):
    person = person_for(world.sonia)
    api = _api(world.sonia)
    made = api.post(
        "/api/v1/care-packages/", _package_body(person, arrangement="direct_payment", weekly_cost="300.00"),
        format="json",
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["provider"] is None
    url = f"/api/v1/care-packages/{made.json()['id']}/purchases/"
    bought = api.post(url, {"use": "personal_assistant", "weekly_amount": "250.00", "hours_a_week": "16"})
    assert bought.status_code == 200, bought.json()
    assert [(p["use"], p["weekly_amount"], p["hours_a_week"]) for p in bought.json()["purchases"]] == [
        ("personal_assistant", "250.00", "16.00")
    ]
    over = api.post(url, {"use": "day_activities", "weekly_amount": "60.00"}, format="json")
    assert over.status_code == 400 and "£50.00 of £300.00" in over.json()["weekly_amount"][0]
    spot = package_for(world.sonia, person, provider=providers_for(world).a)
    refused = api.post(f"/api/v1/care-packages/{spot.pk}/purchases/", {"use": "agency", "weekly_amount": "1.00"})
    assert refused.status_code == 400 and "Only a direct payment" in refused.json()["non_field_errors"][0]


def test_a_personal_budget_is_set_and_reviewed_through_the_api(world):
    person = person_for(world.sonia)
    api = _api(world.sonia)
    body = {
        "person": person.pk,
        "weekly_amount": "400.00",
        "starts_on": START.isoformat(),
        "review_due": day(365).isoformat(),
    }
    odd = api.post("/api/v1/care-budgets/", {**body, "weekly_amount": "400.001"}, format="json")
    assert odd.status_code == 400 and "pounds and pence" in odd.json()["weekly_amount"][0]
    made = api.post("/api/v1/care-budgets/", body, format="json")
    assert made.status_code == 201, made.json()
    assert (made.json()["weekly_amount"], made.json()["reviews"]) == ("400.00", [])
    url = f"/api/v1/care-budgets/{made.json()['id']}/review/"
    review = {
        "reviewed_on": day(90).isoformat(), "outcome": "Needs more support", "amount_after": "450.00",
        "next_review_due": day(455).isoformat(),
    }  # fmt: skip
    too_soon = api.post(url, {**review, "next_review_due": day(90).isoformat()}, format="json")
    assert too_soon.status_code == 400 and "next_review_due" in too_soon.json()
    reviewed = api.post(url, review, format="json")
    assert reviewed.status_code == 200, reviewed.json()
    budget = reviewed.json()
    assert (budget["weekly_amount"], budget["review_due"]) == ("450.00", day(455).isoformat())
    assert [(r["amount_before"], r["amount_after"]) for r in budget["reviews"]] == [("400.00", "450.00")]
    assert api.get("/api/v1/care-budgets/", {"person": person.pk}).json()["count"] == 1
    assert _api(world.pam).get("/api/v1/care-budgets/").json()["count"] == 0
    assert _api(world.pam).post(url, review, format="json").status_code == 403
    assert _api(world.steve).post(url, review, format="json").status_code == 404
    assert _api(world.steve).post("/api/v1/care-budgets/", body, format="json").status_code == 400


def test_the_care_routes_are_in_the_api_schema(world):
    schema = _api(world.alice).get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/care-people/", "/api/v1/care-packages/{id}/move/", "/api/v1/care-budgets/{id}/review/"):
        assert path in text
