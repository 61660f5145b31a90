"""Text that starts like a spreadsheet formula, arriving in an import: kept exactly as written, and
each import's results say how many such values the file held (downloads keep it text: see
test_every_download_is_guarded)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.imports import formula_notes
from commissioning.core.models import Area
from commissioning.core.services import areas_load_lookup
from commissioning.finance import services as finance_services
from commissioning.finance.models import SpendTransaction
from commissioning.market.models import Location, Provider
from commissioning.market.services import cqc_import
from commissioning.market.tests.files import hsca_csv, hsca_row
from commissioning.needs.services import population_import

FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_the_note_counts_only_text_that_starts_like_a_formula():
    assert formula_notes(["Oak House", "-12.5", 3, None, ""]) == []
    (note,) = formula_notes([FORMULA, "+44 161 000", "@home", "Oak House", "-4"])
    assert note.startswith("3 values in this file start with =, +, -, @ or a tab")
    assert "kept exactly as written" in note
    assert formula_notes(["-2+3"])[0].startswith("1 value in this file starts with")


def test_an_area_lookup_keeps_a_formula_like_name_and_says_so(db, tmp_path, capsys):
    path = tmp_path / "lookup.csv"
    path.write_text(
        "LAD23CD,LAD23NM,UTLA23CD,UTLA23NM,RGN23CD,RGN23NM\n"
        f'E08000009,"{FORMULA.replace(chr(34), chr(34) * 2)}",E08000009,x,E12000002,North West\n'
    )
    call_command("load_areas", str(path))
    assert Area.objects.get(code="E08000009").name == FORMULA
    assert "Note: 1 value in this file starts with =, +, -, @ or a tab" in capsys.readouterr().out
    assert areas_load_lookup(path).notes[0].startswith("1 value in this file starts with")


def test_a_population_file_keeps_formula_like_area_names_and_says_so(durham, settings):
    rows = [f'E06000047,"{FORMULA.replace(chr(34), chr(34) * 2)}",Population,persons,{age},1.5' for age in range(91)]
    content = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2030"\n' + "\n".join(rows) + "\n"
    vintage, _ = population_import(files=[PopulationFile("odd.csv", content.encode())], name="Odd names")
    assert "1 value in this file starts with =, +, -, @ or a tab" in vintage.notes


def test_a_cqc_file_keeps_formula_like_names_and_says_so(db):
    rows = [hsca_row(1, **{"Location Name": FORMULA, "Provider Name": "+Care Ltd"}), hsca_row(2)]
    run = cqc_import(name="hsca.csv", content=hsca_csv(rows), by=None)
    assert Location.objects.get(cqc_location_id="1-100000001").name == FORMULA
    assert Provider.objects.filter(name="+Care Ltd").exists()
    assert "2 values in this file start with =, +, -, @ or a tab" in run.notes


@pytest.mark.django_db
def test_a_spend_file_keeps_formula_like_suppliers_and_says_so(world):
    finance_services.cost_centre_create(
        by=world.alice, code="OP-RES", name="Residential", service_type="residential", client_group="older_people"
    )
    content = (
        "Date,Supplier,Cost centre,Amount,Type,Reference\n"
        f'2026-05-15,"{FORMULA.replace(chr(34), chr(34) * 2)}",OP-RES,-50.05,actual,@ref\n'
        "2026-05-16,Oak Care Ltd,OP-RES,10.00,actual,P1\n"
    )
    run = finance_services.spend_import(
        organisation=world.trafford, name="ledger.csv", content=content.encode(), financial_year=2026, by=world.alice
    )
    assert SpendTransaction.objects.filter(supplier=FORMULA, reference="@ref").exists()
    assert run.import_notes()[0].startswith("2 values in this file start with")
