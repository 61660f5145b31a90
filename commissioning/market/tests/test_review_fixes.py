"""Regression tests for defects a review found: edits that did not save, imports that moved
locations between providers or crashed on odd input, partial capacity corrections, internal
figures reaching providers, and documents that failed on control characters."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commissioning.core.imports import ImportRejected
from commissioning.market.models import CapacityReturn, Location, MarketPositionStatement, Provider, ProviderFunding
from commissioning.market.services import capacity_import, cqc_import
from commissioning.market.tests.factories import market_for
from commissioning.market.tests.files import api_json, api_location, hsca_csv, hsca_row

pytestmark = pytest.mark.django_db
EXTRACT_HEADER = "name,cqc_id,type,address,postcode,telephone,website,provider,inspection_date,cqc_webpage,area_name,area_code,lon,lat\n"  # noqa: E501


def extract(rows: list[tuple[str, str, str]]) -> bytes:
    lines = "".join(
        f'{name},{cqc_id},Residential homes,"1 Road,Sale",M33 1AA,,NA,{provider},2024-01-01,,Trafford,E08000009,'
        "-2.3,53.4\n"
        for name, cqc_id, provider in rows
    )
    return (EXTRACT_HEADER + lines).encode()


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


def test_an_extract_without_provider_ids_never_moves_a_location(england):
    cqc_import(
        name="hsca.csv",
        by=None,
        content=hsca_csv(
            [hsca_row(1, **{"Provider Name": "Abbey Care Ltd"}), hsca_row(2, **{"Provider Name": "Abbey Care Ltd"})]
        ),
    )
    before = dict(Location.objects.values_list("cqc_location_id", "provider__cqc_provider_id"))
    cqc_import(
        name="extract.csv",
        by=None,
        content=extract([("Home 1", "1-100000001", "ACME CARE LIMITED"), ("Home 2", "1-100000002", "Abbey Care Ltd")]),
    )
    assert dict(Location.objects.values_list("cqc_location_id", "provider__cqc_provider_id")) == before
    assert Provider.objects.count() == 2
    # A new location whose provider name matches two providers is refused, not guessed.
    with pytest.raises(ImportRejected) as rejected:
        cqc_import(name="extract.csv", by=None, content=extract([("Home 3", "1-100000003", "Abbey Care Ltd")]))
    assert "matches 2 providers" in str(rejected.value.problems[0])


def test_one_provider_id_with_two_names_is_refused(england):
    rows = [hsca_row(1), hsca_row(2, **{"Provider ID": "1-200000001", "Provider Name": "Someone Else Ltd"})]
    with pytest.raises(ImportRejected) as rejected:
        cqc_import(name="hsca.csv", by=None, content=hsca_csv(rows))
    assert "'Someone Else Ltd' here but 'Provider 1 Ltd' at line 2" in str(rejected.value.problems[0])


@pytest.mark.parametrize(
    "override",
    [
        {"currentRatings": {"overall": {"rating": "Good", "keyQuestionRatings": ["Safe"]}}},
        {"historicRatings": ["2020-01-01"]},
        {"currentRatings": "Good"},
    ],
)
def test_api_records_of_the_wrong_shape_are_named_not_crashed_on(england, override):
    with pytest.raises(ImportRejected):
        cqc_import(name="api.json", by=None, content=api_json([api_location(1, **override)]))


def test_odd_numbers_huge_cells_and_control_characters(england):
    cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(1, **{"Care homes beds": "12.0"})]))
    assert Location.objects.get().beds == 12
    for beds in ("1" + "0" * 400 + ".0", "5000", "NaN"):
        with pytest.raises(ImportRejected):
            cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(2, **{"Care homes beds": beds})]))
    with pytest.raises(ImportRejected):
        cqc_import(name="extract.csv", by=None, content=extract([("H" * 200000, "1-100000009", "X")]))
    cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(3, **{"Location Name": "Oak\x00 House\x1b"})]))
    assert Location.objects.get(cqc_location_id="1-100000003").name == "Oak House"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "sNaN", "12345678901.555"])
def test_capacity_import_rejects_non_numbers_with_line_and_column(england, value):
    cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(1)]))
    text = f"Location ID,Date,Homecare hours last week\n1-100000001,{datetime.date.today().isoformat()},{value}\n"
    with pytest.raises(ImportRejected) as rejected:
        capacity_import(name="c.csv", content=text.encode(), by=None)
    assert "line 2" in str(rejected.value.problems[0]) and "Homecare hours last week" in str(rejected.value.problems[0])


def test_a_partial_capacity_correction_keeps_the_other_figures(england):
    cqc_import(name="hsca.csv", by=None, content=hsca_csv([hsca_row(1)]))
    today = datetime.date.today().isoformat()
    capacity_import(
        name="c.csv",
        content=f"Location ID,Date,Beds capacity,Care staff\n1-100000001,{today},40,25\n".encode(),
        by=None,
    )
    capacity_import(
        name="c.csv",
        content=f"Location ID,Date,Beds capacity,Beds occupied\n1-100000001,{today},40,30\n".encode(),
        by=None,
    )
    capacity = CapacityReturn.objects.get()
    assert (capacity.care_staff, capacity.beds_occupied) == (25, 30)


def test_statements_only_for_the_councils_own_areas(world, client_for):
    client = client_for(world.alice)
    base = {"title": "T", "client_group": "older_people", "first_year": 2026, "last_year": 2030}
    client.post(reverse("market:statement-create"), {**base, "area": world.areas["stockport"].pk})
    client.post(
        reverse("market:statement-create"),
        {**base, "area": world.areas["trafford"].pk, "cycle": world.stockport_cycle.pk},
    )
    assert not MarketPositionStatement.objects.filter(title="T").exists()


def test_word_export_survives_control_characters(world, client_for):
    market = market_for(world)
    market.draft.title = "Older people\x0b2026"
    market.draft.save()
    market.provider_b.group_name = "B\x1bGroup"
    market.provider_b.save()
    response = client_for(world.alice).get(reverse("market:statement-download", args=[market.draft.pk, "docx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


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
