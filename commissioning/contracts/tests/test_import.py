"""Loading an existing register from CSV: every bad row reported with its line and column, nothing
saved if any is bad; the same file twice adds nothing; the command line reports the same."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from commissioning.contracts.models import Contract
from commissioning.contracts.services import contracts_import
from commissioning.contracts.tests.factories import providers_for
from commissioning.core.imports import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference,Title,Kind,Provider,Service,Client group,Start,End,Value,Regime,VAT rate,Light touch,Extension months\n"
)
GOOD = (
    HEADER + "TMBC-101,Homecare north,Block contract,Provider A Care Ltd,homecare,Older people,2025-04-01,2028-03-31,"
    '"1,250,000.00",PCR 2015,0,yes,12;12\n'
    + "TMBC-102,Respite beds,spot,1-200000002,Short breaks and respite,carers,01/06/2025,31/05/2026,52000,"
    "below threshold,,no,\n"
)


def _load(world, text: str):
    return contracts_import(organisation=world.trafford, name="register.csv", content=text.encode(), by=None)


def test_a_register_loads_and_the_same_file_twice_adds_nothing(world):
    providers = providers_for(world)
    result = _load(world, GOOD)
    assert (result.created, result.unchanged) == (2, 0)
    north = Contract.objects.get(legacy_reference="TMBC-101")
    assert north.provider == providers.a and north.value == 1_250_000 and north.regime == "pcr2015"
    assert north.light_touch and [e.months for e in north.extensions.all()] == [12, 12]
    assert "Imported from the earlier contract register" in north.entered_directly_reason
    assert Contract.objects.get(legacy_reference="TMBC-102").provider == providers.b
    again = _load(world, GOOD)
    assert (again.created, again.unchanged) == (0, 2) and Contract.objects.count() == 2


def test_every_bad_row_is_named_with_its_line_and_column_and_nothing_is_saved(world):
    providers_for(world)
    bad = (
        GOOD
        + "TMBC-103,Unknown,block,Nobody Care Ltd,homecare,older_people,2025-04-01,2026-03-31,1000,pa23,,,\n"
        + "TMBC-104,No provider,block,,homecare,older_people,2025-04-01,2026-03-31,1000,pa23,,,\n"
        + "TMBC-105,Backwards,block,Provider A Care Ltd,homecare,older_people,2026-04-01,2025-03-31,1000,pa23,,,\n"
        + "TMBC-106,Not money,block,Provider A Care Ltd,homecare,older_people,2025-04-01,2026-03-31,12.345,pa23,,,\n"
        + "TMBC-107,Words,block,Provider A Care Ltd,homecare,older_people,2025-04-01,2026-03-31,ten pounds,pa23,,,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        _load(world, bad)
    found = {(problem.line, problem.column): problem.message for problem in rejected.value.problems}
    assert found[(4, "Provider")] == "no provider on the market register is called 'Nobody Care Ltd'"
    assert found[(5, "Provider")].startswith("is blank: every contract must name its provider")
    assert found[(6, "End")].startswith("the contract ends (31 March 2025) before it starts")
    assert found[(7, "Value")] == "'12.345' is not an amount in pounds and pence"
    assert found[(8, "Value")] == "'ten pounds' is not an amount in pounds and pence"
    assert len(found) == 5
    assert not Contract.objects.exists()  # the good rows were not saved either


def test_the_command_line_loads_a_register_or_says_what_is_wrong(world, tmp_path, capsys):
    providers_for(world)
    path = tmp_path / "register.csv"
    path.write_text(GOOD)
    call_command("import-contracts", str(path), organisation=world.trafford.name)
    assert "2 contracts added, 0 already there" in capsys.readouterr().out
    row = "X-1,Bad,block,Provider A Care Ltd,homecare,older_people,2025-04-01,2026-03-31,£,pa23,,,\n"
    path.write_text(HEADER + row)
    with pytest.raises(CommandError, match=r"register.csv, line 2, column Value: '£' is not an amount"):
        call_command("import-contracts", str(path), organisation=world.trafford.name)
    with pytest.raises(CommandError, match="No council or ICB"):
        call_command("import-contracts", str(path), organisation=world.provider_a.name)
