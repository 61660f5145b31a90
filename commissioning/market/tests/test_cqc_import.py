"""CQC imports: every layout, re-imports that update in place and record what changed (never
moving a location to another provider on a name alone), and bad files, odd cells and records of
the wrong shape that are rejected whole with every problem named."""

from __future__ import annotations

from pathlib import Path

import pytest

from commissioning.analytics.cqc.words import CQC_SERVICE_TYPES, CQC_USER_BANDS
from commissioning.core.choices import ClientGroup, ServiceType
from commissioning.core.imports import ImportRejected
from commissioning.market.choices import EventKind, ImportFormat, Rating
from commissioning.market.models import Location, LocationRating, MarketEvent, Provider
from commissioning.market.services import cqc_import
from commissioning.market.tests.files import HSCA_COLUMNS, api_json, api_location, hsca_csv, hsca_row

TRAFFORD_EXTRACT = Path(__file__).resolve().parents[2] / "demo/data/trafford_care_homes_cqc_2026-02-25.csv"
pytestmark = pytest.mark.django_db


def problems_of(error: ImportRejected) -> list[str]:
    return [str(problem) for problem in error.problems]


EXTRACT_HEADER = "name,cqc_id,type,address,postcode,telephone,website,provider,inspection_date,cqc_webpage,area_name,area_code,lon,lat\n"  # noqa: E501


def extract(rows: list[tuple[str, str, str]]) -> bytes:
    lines = "".join(
        f'{name},{cqc_id},Residential homes,"1 Road,Sale",M33 1AA,,NA,{provider},2024-01-01,,Trafford,E08000009,'
        "-2.3,53.4\n"
        for name, cqc_id, provider in rows
    )
    return (EXTRACT_HEADER + lines).encode()


def test_the_real_trafford_extract_loads_every_care_home(england):
    run = cqc_import(name=TRAFFORD_EXTRACT.name, content=TRAFFORD_EXTRACT.read_bytes(), by=None)
    assert run.file_format == ImportFormat.EXTRACT
    assert run.created == 56 == Location.objects.count()
    home = Location.objects.get(cqc_location_id="1-1938268568")
    assert home.name == "Allingham House Care Centre"
    assert home.local_authority.code == "E08000009"
    assert home.postcode == "WA15 6SQ"
    assert home.telephone == "01619291783"
    assert home.services == ["Nursing home"]
    assert home.latitude == pytest.approx(53.399099)
    assert home.provider.name == "Maria Mallaband 16 Limited"
    # The file's malformed area code is reported, not fatal.
    assert "E0800009" in run.notes
    again = cqc_import(name=TRAFFORD_EXTRACT.name, content=TRAFFORD_EXTRACT.read_bytes(), by=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 56)
    assert Location.objects.count() == 56
    assert not MarketEvent.objects.exists()


def test_hsca_layout_reads_beds_ratings_services_and_groups(england):
    rows = [
        hsca_row(1, **{"Brand Name": "Big Care Group", "Care homes beds": "64"}),
        hsca_row(
            2,
            **{
                "Care home?": "N",
                "Care homes beds": "",
                "Service type - Care home service without nursing": "",
                "Service type - Domiciliary care service": "Y",
                "Location Latest Overall Rating": "Not rated",
                "Provider Charity Number": "1093817",
            },
        ),
    ]
    run = cqc_import(name="HSCA_Active_Locations.csv", content=hsca_csv(rows), by=None)
    assert run.file_format == ImportFormat.HSCA
    home = Location.objects.get(cqc_location_id="1-100000001")
    assert (home.beds, home.overall_rating, home.is_care_home) == (64, Rating.GOOD, True)
    assert home.services == ["Residential care home"]
    assert home.client_groups == ["Older people"]
    assert home.provider.group == "Big Care Group"
    assert home.provider.companies_house_number == "01234567"
    agency = Location.objects.get(cqc_location_id="1-100000002")
    assert agency.services == ["Homecare"] and agency.overall_rating == "" and agency.beds is None
    assert agency.provider.get_ownership_type_display() == "Voluntary or charitable"
    assert LocationRating.objects.filter(location=home).count() == 1


def test_reimport_updates_in_place_and_records_a_rating_fall(england):
    cqc_import(name="june.csv", content=hsca_csv([hsca_row(n) for n in range(1, 6)]), by=None)
    changed = [hsca_row(n) for n in range(1, 6)]
    changed[0]["Location Latest Overall Rating"] = "Inadequate"
    changed[0]["Publication Date"] = "02/09/2026"
    changed[1]["Care homes beds"] = "36"
    changed[2]["Location Latest Overall Rating"] = "Outstanding"
    changed[2]["Publication Date"] = "03/09/2026"
    changed.append(hsca_row(6))
    run = cqc_import(name="september.csv", content=hsca_csv(changed), by=None)
    assert (run.created, run.updated, run.unchanged) == (1, 3, 2)
    assert Location.objects.count() == 6 and Provider.objects.count() == 6
    events = {
        (event.kind, event.location.cqc_location_id, event.before, event.after) for event in MarketEvent.objects.all()
    }
    assert events == {
        (EventKind.RATING_FELL, "1-100000001", Rating.GOOD, Rating.INADEQUATE),
        (EventKind.BEDS_CHANGED, "1-100000002", "40", "36"),
        (EventKind.RATING_ROSE, "1-100000003", Rating.GOOD, Rating.OUTSTANDING),
        (EventKind.NEW_LOCATION, "1-100000006", "", "Home 6"),
    }
    fallen = Location.objects.get(cqc_location_id="1-100000001")
    assert list(fallen.ratings.values_list("overall", flat=True)) == [Rating.INADEQUATE, Rating.GOOD]
    # The change is in the location's audit history, attributed to the import.
    assert fallen.history.first().history_change_reason == "CQC import: september.csv"


def test_api_records_bring_key_questions_and_past_ratings(england):
    run = cqc_import(name="locations.json", content=api_json([api_location(7)]), by=None)
    assert run.file_format == ImportFormat.API
    home = Location.objects.get(cqc_location_id="1-100000007")
    assert home.overall_rating == Rating.REQUIRES_IMPROVEMENT
    assert (home.safe_rating, home.caring_rating, home.well_led_rating) == (
        Rating.REQUIRES_IMPROVEMENT,
        Rating.GOOD,
        Rating.REQUIRES_IMPROVEMENT,
    )
    assert home.beds == 40 and home.services == ["Nursing home"] and home.local_authority.name == "Trafford"
    assert [(r.published_on.isoformat(), r.overall) for r in home.ratings.all()] == [
        ("2025-06-02", Rating.REQUIRES_IMPROVEMENT),
        ("2022-01-10", Rating.GOOD),
    ]
    deregistered = api_location(7, registrationStatus="Deregistered", deregistrationDate="2026-10-01")
    cqc_import(name="locations.json", content=api_json([deregistered]), by=None)
    home.refresh_from_db()
    assert not home.is_registered
    assert MarketEvent.objects.get().kind == EventKind.DEREGISTERED


def test_a_bad_file_is_rejected_whole_naming_every_record_and_field(england):
    rows = [hsca_row(n) for n in range(1, 5)]
    rows[0]["Location Latest Overall Rating"] = "Brilliant"
    rows[1]["Location Postal Code"] = "NOT A CODE"
    rows[2]["Location ID"] = rows[3]["Location ID"]
    rows[3]["Care homes beds"] = "-4"
    with pytest.raises(ImportRejected) as rejected:
        cqc_import(name="bad.csv", content=hsca_csv(rows), by=None)
    problems = problems_of(rejected.value)
    assert any("line 2" in p and "Location Latest Overall Rating" in p and "'Brilliant'" in p for p in problems)
    assert any("line 3" in p and "Location Postal Code" in p and "not a postcode" in p for p in problems)
    assert any("line 5" in p and "appears twice" in p for p in problems)
    assert any("line 5" in p and "Care homes beds" in p for p in problems)
    assert not Location.objects.exists() and not Provider.objects.exists()


def test_missing_columns_and_unknown_layouts_are_named(england):
    columns = [c for c in HSCA_COLUMNS if c != "Location Latest Overall Rating"]
    with pytest.raises(ImportRejected) as rejected:
        cqc_import(name="cut.csv", content=hsca_csv([hsca_row(1)], columns), by=None)
    assert "Location Latest Overall Rating" in problems_of(rejected.value)[0]
    with pytest.raises(ImportRejected) as rejected:
        cqc_import(name="other.csv", content=b"a,b\n1,2\n", by=None)
    assert "not a CQC file" in problems_of(rejected.value)[0]
    bad_json = api_json([api_location(1, numberOfBeds="lots", currentRatings={"overall": {"rating": "Meh"}})])
    with pytest.raises(ImportRejected) as rejected:
        cqc_import(name="api.json", content=bad_json, by=None)
    problems = problems_of(rejected.value)
    assert any("1-100000001 numberOfBeds" in p for p in problems)
    assert any("'Meh'" in p for p in problems)


def test_directory_layout_with_title_rows_above_the_header(england):
    text = (
        "Care directory with filters\n\n\n\n"
        "Name,Also known as,Address,Postcode,Phone number,Service's website (if available),Service types,"
        "Date of latest check,Specialisms/services,Provider name,Local authority,Region,Location URL,"
        "CQC Location ID (for office use only),CQC Provider ID (for office use only)\n"
        'Oak House,,"1 Oak Road, Sale",M33 7XX,1619620000,,Homecare agencies|Supported living,'
        "05/06/2025,Dementia|Learning disabilities,Oak Care Ltd,Trafford,North West,"
        "https://www.cqc.org.uk/location/1-555555555,1-555555555,1-666666666\n"
    )
    run = cqc_import(name="directory.csv", content=text.encode(), by=None)
    assert run.file_format == ImportFormat.DIRECTORY
    location = Location.objects.get()
    assert location.services == ["Homecare", "Supported living"]
    assert set(location.client_groups) == {"Older people", "Learning disability"}
    assert location.provider.cqc_provider_id == "1-666666666"
    assert location.last_checked_on.isoformat() == "2025-06-05"


def test_the_hsca_workbook_is_read_as_cqc_publishes_it(england):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Contents"
    sheet = book.create_sheet("HSCA_Active_Locations")
    sheet.append(HSCA_COLUMNS)
    row = hsca_row(1)
    row["Care homes beds"] = 52
    sheet.append([row[column] for column in HSCA_COLUMNS])
    handle = io.BytesIO()
    book.save(handle)
    run = cqc_import(name="HSCA_Active_Locations.xlsx", content=handle.getvalue(), by=None)
    assert run.file_format == ImportFormat.HSCA
    assert Location.objects.get().beds == 52
    with pytest.raises(ImportRejected) as rejected:
        cqc_import(name="broken.xlsx", content=b"PK\x03\x04 not really", by=None)
    assert "not a readable Excel workbook" in problems_of(rejected.value)[0]


def test_cqc_words_map_only_to_service_types_and_client_groups_we_have():
    assert set(CQC_SERVICE_TYPES.values()) <= set(ServiceType.values)
    assert set(CQC_USER_BANDS.values()) <= set(ClientGroup.values)


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


def test_an_import_keeps_each_records_history_as_saving_it_would(england, world):
    """History rows are copied in bulk; each is the record as saved, by whom and why."""
    cqc_import(name="march.csv", content=hsca_csv([hsca_row(1), hsca_row(2)]), by=world.alice)
    home = Location.objects.get(cqc_location_id="1-100000001")
    created = home.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        world.alice,
        "CQC import: march.csv",
    )
    fields = [field.attname for field in Location._meta.concrete_fields]
    assert {name: getattr(created, name) for name in fields} == {name: getattr(home, name) for name in fields}
    assert home.provider.history.get().history_type == "+"
    # The second home moves to the first home's provider: one change, named, in history and events.
    moved = hsca_row(2, **{"Provider ID": "1-200000001", "Provider Name": "Provider 1 Ltd"})
    cqc_import(name="april.csv", content=hsca_csv([hsca_row(1), moved]), by=None)
    second = Location.objects.get(cqc_location_id="1-100000002")
    changed = second.history.first()
    assert (changed.history_type, changed.provider_id, changed.history_user) == ("~", home.provider_id, None)
    assert second.history.count() == 2 and home.history.count() == 1
    event = MarketEvent.objects.get(kind=EventKind.PROVIDER_CHANGED)
    assert (event.location, event.before, event.after) == (second, "Provider 2 Ltd", "Provider 1 Ltd")
