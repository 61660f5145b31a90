"""Loading care packages from a social care system: a good file loads (people already recorded
reused), the same file twice adds nothing, every bad row is named with its line and column and
nothing is saved, and the command line reports the same."""

from __future__ import annotations

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from commissioning.care.models import CarePackage, PackageImport, Person
from commissioning.care.services import IMPORT_COLUMNS, OPTIONAL_COLUMNS, packages_import
from commissioning.care.tests.factories import block_for, person_for
from commissioning.contracts.tests.factories import contract_for, providers_for
from commissioning.core.imports import ImportRejected

pytestmark = pytest.mark.django_db

COLUMNS = IMPORT_COLUMNS + OPTIONAL_COLUMNS
ROW = {
    "Package reference": "PKG-1", "Person reference": "P-0001", "Age band": "85+", "Client group": "Older people",
    "Support reason": "memory", "Service": "homecare", "Units": "10", "Unit": "hours", "Weekly cost": "240.00",
    "Start": "2026-04-01", "Arranged as": "spot", "End": "", "Area": "E08000009", "Provider": "1-200000001",
    "Contract": "", "User choice": "", "Preference": "",
}  # fmt: skip


def _csv(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({**ROW, **row} for row in rows)
    return out.getvalue()


def _load(world, text: str):
    return packages_import(organisation=world.trafford, name="packages.csv", content=text.encode(), by=world.sonia)


@pytest.fixture
def market(world):
    providers = providers_for(world)
    block = block_for(world.alice, providers.a)
    framework = contract_for(world.alice, providers.b, kind="framework", title="Homecare framework")
    return SimpleNamespace(providers=providers, block=block, framework=framework)


def _good(market) -> str:
    return _csv(
        {},
        {"Package reference": "PKG-2", "Arranged as": "CALL-OFF FROM A BLOCK CONTRACT", "Provider": "",
         "Contract": market.block.reference, "Units": "7.5", "Weekly cost": "£180.00"},
        {"Package reference": "PKG-3", "Person reference": "p-0002", "Age band": "65 to 74",
         "Client group": "physical_disability", "Support reason": "Physical support: personal care",
         "Arranged as": "Direct payment", "Provider": "", "Service": "Direct payments", "Area": ""},
        {"Package reference": "PKG-4", "Person reference": "P-0003", "Age band": "75-84",
         "Service": "Care home (residential or nursing)", "Units": "1", "Unit": "Beds", "Weekly cost": "1,150.00",
         "Arranged as": "spot_framework", "Provider": "provider b homes ltd", "Contract": market.framework.reference,
         "Start": "01/05/2026", "End": "31/03/2027", "User choice": "yes", "Preference": "Near her daughter"},
        {"Package reference": "PKG-5", "Person reference": "P-0009", "Age band": "18-64"},
    )  # fmt: skip


def test_a_file_of_packages_loads_reusing_people_already_recorded(world, market):
    known = person_for(world.sonia, "P-0009", age_band="65-74")
    result = _load(world, _good(market))
    assert (result.created, result.people, result.unchanged) == (5, 3, 0)
    assert sorted(Person.objects.values_list("reference", flat=True)) == ["P-0001", "P-0002", "P-0003", "P-0009"]
    known.refresh_from_db()
    assert known.age_band == "65-74" and known.packages.get().reference == "PKG-5"  # reused as it was
    call_off = CarePackage.objects.get(reference="PKG-2")
    assert call_off.arrangement == "call_off" and call_off.contract == market.block
    assert call_off.provider == market.providers.a and call_off.call_off is None and call_off.units == 7.5
    assert call_off.person.reference == "P-0001" and call_off.weekly_cost == 180
    payment = CarePackage.objects.get(reference="PKG-3")
    assert payment.provider is None and payment.person.age_band == "65-74" and payment.person.area is None
    assert payment.support_reason == "physical_personal" and payment.client_group == "physical_disability"
    home = CarePackage.objects.get(reference="PKG-4")
    assert home.provider == market.providers.b and home.contract == market.framework and home.unit == "beds"
    assert (home.starts_on, home.ends_on) == (datetime.date(2026, 5, 1), datetime.date(2027, 3, 31))
    assert home.user_choice and home.preference == "Near her daughter" and home.weekly_cost == 1150
    assert Person.objects.get(reference="P-0001").area == world.areas["trafford"]
    run = PackageImport.objects.get()
    counts = (run.packages, run.people, run.unchanged)
    assert (run.file_name, run.imported_by, counts) == ("packages.csv", world.sonia, (5, 3, 0))
    assert set(CarePackage.objects.values_list("source", "organisation", "is_demo")) == {
        (run.pk, world.trafford.pk, False)
    }


def test_the_same_file_twice_adds_nothing(world, market):
    _load(world, _good(market))
    again = _load(world, _good(market))
    assert (again.created, again.people, again.unchanged, again.run) == (0, 0, 5, None)
    assert (CarePackage.objects.count(), Person.objects.count(), PackageImport.objects.count()) == (5, 4, 1)


def test_a_file_with_new_packages_adds_only_those(world, market):
    _load(world, _csv({}))
    result = _load(world, _csv({}, {"Package reference": "PKG-2", "Person reference": "P-0002"}))
    assert (result.created, result.people, result.unchanged) == (1, 1, 1)
    assert CarePackage.objects.count() == 2


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"Provider": "Nobody Care Ltd"}, "Provider", "no provider on the market register is called 'Nobody Care Ltd'"),
        ({"Provider": "1-999999999"}, "Provider", "no provider on the market register has the CQC id 1-999999999"),
        ({"Arranged as": "call-off", "Contract": "TMBC-999"}, "Contract",
         "Trafford Council has no contract with the reference 'TMBC-999'"),
        ({"Arranged as": "call-off", "Contract": "{framework}"}, "Contract", "is not a block contract"),
        ({"Arranged as": "call-off", "Provider": ""}, "Contract", "is blank: name a block contract"),
        ({"Arranged as": "framework", "Provider": ""}, "Contract", "is blank: name a framework or dynamic market"),
        ({"Arranged as": "spot", "Provider": ""}, "Provider", "is blank: name the provider that gives the care"),
        ({"Arranged as": "direct payment"}, "Provider", "a direct payment names no provider"),
        ({"Arranged as": "direct payment", "Provider": "", "Contract": "{block}"}, "Contract",
         "a direct payment names no contract"),
        ({"Arranged as": "call-off", "Contract": "{block}", "Provider": "1-200000002"}, "Provider",
         "is held by Provider A Care Ltd, not Provider B Homes Ltd"),
        ({"Arranged as": "call-off", "Contract": "{block}", "Start": "2025-04-01"}, "Start",
         "the package starts outside"),
        ({"End": "2026-03-01"}, "End", "the package ends (1 March 2026) before it starts (1 April 2026)"),
        ({"Start": "1st April"}, "Start", "'1st April' is not a date"),
        ({"Weekly cost": "12.345"}, "Weekly cost", "with at most two decimal places"),
        ({"Weekly cost": "twelve"}, "Weekly cost", "'twelve' is not a weekly cost. Enter the weekly cost in pounds"),
        ({"Weekly cost": "-5.00"}, "Weekly cost", "cannot be negative"),
        ({"Units": "ten"}, "Units", "'ten' is not a number of hours"),
        ({"Units": "2000000"}, "Units", "1,000,000 or fewer"),
        ({"Person reference": "Mary Jones"}, "Person reference", "Use a pseudonymous reference"),
        ({"Person reference": "943 476 5919"}, "Person reference", "looks like an NHS number"),
        ({"Package reference": "9434765919"}, "Package reference", "looks like an NHS number"),
        ({"Package reference": "Mary Jones"}, "Package reference", "no spaces or names"),
        ({"Package reference": "PKG-1"}, "Package reference", "'PKG-1' is on more than one line"),
        ({"Person reference": "P-0001", "Age band": "65-74"}, "Age band",
         "P-0001 is 85+ on line 2: a person's age band must be the same on every line"),
        ({"Person reference": "P-0001", "Area": ""}, "Area", "P-0001 is E08000009 on line 2"),
        ({"Age band": "ancient"}, "Age band", "'ancient' is not one of: 18-64, 65-74, 75-84, 85+"),
        ({"Arranged as": "gift"}, "Arranged as", "'gift' is not one of"),
        ({"Area": "E99999999"}, "Area", "no area has the GSS code 'E99999999'"),
        ({"User choice": "maybe"}, "User choice", "'maybe' is not yes or no"),
        ({"User choice": "yes"}, "Preference", "is blank: record the person's preference"),
    ],
)  # fmt: skip
def test_a_bad_row_is_named_with_its_line_and_column_and_nothing_is_saved(world, market, cells, column, words):
    refs = {"block": market.block.reference, "framework": market.framework.reference}
    bad = {"Package reference": "PKG-2", "Person reference": "P-0002", **cells}
    bad = {key: value.format(**refs) for key, value in bad.items()}
    with pytest.raises(ImportRejected) as rejected:
        _load(world, _csv({}, bad))
    found = {(problem.line, problem.column): problem.message for problem in rejected.value.problems}
    assert words in found[(3, column)]
    assert (CarePackage.objects.count(), Person.objects.count(), PackageImport.objects.count()) == (0, 0, 0)


def test_every_bad_row_of_a_file_is_reported_at_once(world, market):
    rows = [
        {},
        {"Package reference": "PKG-2", "Weekly cost": "twelve", "Provider": "Nobody Care Ltd"},
        {"Package reference": "PKG-3", "Person reference": "Mary Jones"},
        {"Package reference": "PKG-4", "End": "2020-01-01"},
    ]
    with pytest.raises(ImportRejected) as rejected:
        _load(world, _csv(*rows))
    assert sorted((problem.line, problem.column) for problem in rejected.value.problems) == [
        (3, "Provider"), (3, "Weekly cost"), (4, "Person reference"), (5, "End"),
    ]  # fmt: skip
    assert not CarePackage.objects.exists() and not Person.objects.exists()


def test_a_file_that_is_not_a_list_of_packages_is_refused(world):
    with pytest.raises(ImportRejected, match="1 problem"):
        _load(world, "Reference,Name\nPKG-1,P-0001\n")
    with pytest.raises(ImportRejected) as rejected:
        _load(world, _csv())
    assert str(rejected.value.problems[0]) == "packages.csv: has no packages"


def test_the_command_line_loads_packages_or_says_what_is_wrong(world, market, tmp_path, capsys):
    path = tmp_path / "packages.csv"
    path.write_text(_csv({}, {"Package reference": "PKG-2"}))
    call_command("import-packages", str(path), organisation=world.trafford.name)
    assert "packages.csv: 2 packages added for 1 new people, 0 already there" in capsys.readouterr().out
    call_command("import-packages", str(path), organisation=world.trafford.name)
    assert "0 packages added for 0 new people, 2 already there" in capsys.readouterr().out
    path.write_text(_csv({"Package reference": "PKG-3", "Weekly cost": "twelve"}))
    with pytest.raises(CommandError, match=r"packages.csv, line 2, column Weekly cost: 'twelve' is not a weekly"):
        call_command("import-packages", str(path), organisation=world.trafford.name)
    with pytest.raises(CommandError, match="No council or ICB"):
        call_command("import-packages", str(path), organisation=world.provider_a.name)
    assert CarePackage.objects.count() == 2
