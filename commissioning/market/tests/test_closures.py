"""A care home that closed: dropped from a CQC file that covers its area, it becomes a change for
the team to confirm, and leaves supply and concentration once they do."""

from __future__ import annotations

from fractions import Fraction

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.core.models import Area
from commissioning.market import analysis
from commissioning.market.choices import EventKind, EventOutcome, ImportCoverage
from commissioning.market.models import Location, MarketEvent
from commissioning.market.services import cqc_import
from commissioning.market.tests.files import api_json, api_location, hsca_csv, hsca_row

SAME_PROVIDER = {"Provider ID": "1-200000001", "Provider Name": "Provider 1 Ltd"}


def four_homes() -> list[dict[str, str]]:
    """Residential homes in Trafford: one provider with 30 + 30 beds, others with 20 and 16."""
    return [
        hsca_row(1, **{"Care homes beds": "30"}),
        hsca_row(2, **{"Care homes beds": "30"}, **SAME_PROVIDER),
        hsca_row(3, **{"Care homes beds": "20"}),
        hsca_row(4, **{"Care homes beds": "16"}),
    ]


def residential_hhi() -> Fraction:
    trafford = Area.objects.get(code="E08000009")
    return next(item.index for item in analysis.concentration(trafford) if item.service == "residential")


def missing_events() -> list[MarketEvent]:
    return list(MarketEvent.objects.filter(kind=EventKind.NOT_IN_ACTIVE_LIST))


def test_a_home_dropped_from_the_active_list_leaves_the_market_once_confirmed(world, england, client_for):
    cqc_import(name="june.csv", content=hsca_csv(four_homes()), by=None)
    # (60² + 20² + 16²) / 96², in per cent squared.
    assert residential_hhi() == Fraction(4256 * 10000, 96 * 96)
    run = cqc_import(name="july.csv", content=hsca_csv(four_homes()[:3]), by=None)
    (event,) = missing_events()
    assert (event.location.name, event.outcome, event.after) == ("Home 4", EventOutcome.PENDING, "Not in july.csv")
    assert "1 registered location(s) in the area this file covers are not in it" in run.notes
    # Until the team confirms, the home is still counted.
    assert Location.objects.get(name="Home 4").is_registered
    assert residential_hhi() == Fraction(4256 * 10000, 96 * 96)
    cqc_import(name="july.csv", content=hsca_csv(four_homes()[:3]), by=None)
    assert len(missing_events()) == 1

    url = reverse("market:closure-confirm", args=[event.pk])
    # Stockport's team, a councillor and a provider (who cannot see market changes) may not answer.
    for outsider, status in ((world.steve, 403), (world.colin, 403), (world.pam, 404)):
        assert client_for(outsider).post(url, {"closed": "yes"}).status_code == status
    client = client_for(world.alice)
    changes = client.get(reverse("market:events")).content.decode()
    assert "No longer in CQC&#39;s active list" in changes and url in changes
    home_page = client.get(event.location.get_absolute_url()).content.decode()
    assert "Not in july.csv" in home_page and "stays in supply until the commissioning team confirms" in home_page
    assert client.post(url, {"closed": "yes"}).status_code == 302

    home = Location.objects.get(name="Home 4")
    assert not home.is_registered and home.history.first().history_user == world.alice
    event.refresh_from_db()
    assert (event.outcome, event.outcome_by) == (EventOutcome.CLOSED, world.alice)
    # 60 of 80 beds and 20 of 80: 75² + 25².
    assert residential_hhi() == 6250
    overview = client.get(reverse("market:index") + "?area=E08000009").content.decode()
    assert "HHI 6,250" in overview
    # Answered once: the question is not asked again.
    assert client.post(url, {"closed": "no"}).status_code == 403


def test_only_a_file_that_covers_an_area_counts_as_a_closure(world, england, client_for):
    stockport = hsca_row(9, **{"Location Local Authority": "Stockport"})
    cqc_import(name="june.csv", content=hsca_csv([*four_homes(), stockport]), by=None)
    # API records are chosen locations, and a file said to list only its own rows covers nothing.
    cqc_import(name="one.json", content=api_json([api_location(1)]), by=None)
    cqc_import(name="trafford.csv", content=hsca_csv(four_homes()[:3]), by=None, coverage=ImportCoverage.LISTED)
    assert missing_events() == []
    # A Trafford-only HSCA file says nothing about Stockport's homes...
    cqc_import(name="trafford.csv", content=hsca_csv(four_homes()), by=None)
    assert missing_events() == []
    # ...unless it is said to cover England.
    cqc_import(name="england.csv", content=hsca_csv(four_homes()), by=None, coverage=ImportCoverage.ENGLAND)
    (event,) = missing_events()
    assert event.location.cqc_location_id == "1-100000009"
    # Back in the next file, it is still open: the question closes by itself.
    cqc_import(name="england.csv", content=hsca_csv([*four_homes(), stockport]), by=None)
    event.refresh_from_db()
    assert (
        event.outcome == EventOutcome.STILL_OPEN and Location.objects.get(cqc_location_id="1-100000009").is_registered
    )


def test_a_home_the_team_says_is_still_open_stays_in_supply(world, england, client_for):
    cqc_import(name="june.csv", content=hsca_csv(four_homes()), by=None)
    cqc_import(name="july.csv", content=hsca_csv(four_homes()[:3]), by=None)
    (event,) = missing_events()
    response = client_for(world.alice).post(reverse("market:closure-confirm", args=[event.pk]), {"closed": "no"})
    assert response.status_code == 302
    assert Location.objects.get(name="Home 4").is_registered
    assert residential_hhi() == Fraction(4256 * 10000, 96 * 96)


def test_the_import_page_asks_what_the_file_covers(world, england, client_for):
    cqc_import(name="june.csv", content=hsca_csv(four_homes()), by=None)
    client = client_for(world.ada)
    assert "What does the file cover?" in client.get(reverse("market:cqc-import")).content.decode()

    def upload(coverage: str) -> None:
        file = SimpleUploadedFile("july.csv", hsca_csv(four_homes()[:3]), content_type="text/csv")
        assert client.post(reverse("market:cqc-import"), {"file": file, "coverage": coverage}).status_code == 302

    upload(ImportCoverage.LISTED)
    assert missing_events() == []
    upload(ImportCoverage.AUTO)
    assert [event.location.name for event in missing_events()] == ["Home 4"]
