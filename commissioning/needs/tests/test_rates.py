"""The rate library: published sets with sources, local sets checked band by band."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.analytics.problems import ImportRejected
from commissioning.needs.models import RateSet
from commissioning.needs.published_rates import ASCOF_TRAFFORD, CFAS_II, load_published_rates
from commissioning.needs.services import RateRow, check_rate_rows, parse_rate_rows, rate_set_create


def test_published_rates_load_once_with_their_sources(db):
    assert load_published_rates() == 9
    assert load_published_rates() == 0
    cfas = RateSet.objects.get(name=CFAS_II)
    assert cfas.rates.count() == 12 and cfas.publication_year == 2013
    band = cfas.rates.get(sex="female", age_from=90)
    assert (band.value, band.ci_lower, band.ci_upper, band.age_to) == (
        Decimal("0.35"),
        Decimal("0.284"),
        Decimal("0.423"),
        None,
    )
    assert RateSet.objects.get(name=ASCOF_TRAFFORD).rates.get().value == Decimal("0.007796")


def _rows(text: str) -> list[RateRow]:
    return parse_rate_rows(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("male, 65, 69, -0.1\nfemale, 65, 69, 0.1", "a rate cannot be negative"),
        ("persons, 65, , 1.2", "over 100%"),
        ("persons, 65, 74, 0.1\npersons, 70, , 0.2", "persons bands overlap at age 70"),
        ("persons, 65, 69, 0.1\npersons, 75, , 0.2", "persons bands leave a gap between 69 and 75"),
        ("persons, 65, , 0.1, 0.2, 0.3", "the rate must lie within its confidence interval"),
        ("persons, 65, , 0.1, 0.05, ", "give both ends of the confidence interval"),
        ("male, 65, , 0.1", "give rates for both males and females"),
        ("male, 65, , 0.1\npersons, 65, , 0.1", "persons, or for males and females, not both"),
        ("persons, 65, , 0.00000001", "at most six decimal places"),
        ("persons, 70, 65, 0.1", "the band ends before it starts"),
    ],
)
def test_bad_rates_are_refused_with_a_clear_reason(text, message):
    with pytest.raises(ImportRejected) as rejected:
        check_rate_rows(_rows(text), kind="need", period="point")
    assert message in rejected.value.report()


def test_unreadable_lines_name_their_line():
    with pytest.raises(ImportRejected) as rejected:
        parse_rate_rows("sex, from, to, rate\npersons, 65, , 0.1\nchaps, 65, , 0.1\npersons, sixty, , 0.1\npersons, 65")
    report = rejected.value.report()
    assert "rates, line 3, column sex: 'chaps' is not male, female or persons" in report
    assert "line 4, column age: ages must be whole numbers" in report
    assert "line 5: give sex, age from, age to, rate" in report


def test_service_rates_per_person_may_exceed_one_but_not_prevalence(db):
    check_rate_rows(_rows("persons, 0, , 12.5"), kind="service_use", period="week")
    with pytest.raises(ImportRejected):
        check_rate_rows(_rows("persons, 0, , 12.5"), kind="need", period="point")


def test_a_commissioner_adds_local_rates_and_compares_them(world, client_for):
    load_published_rates()
    client = client_for(world.alice)
    response = client.post(
        reverse("needs:rate-set-create"),
        {
            "name": "Dementia, Trafford clients 2025",
            "kind": "need",
            "measure": "People with dementia",
            "period": "point",
            "display_unit": "100",
            "rates": "female, 65, 69, 0.02\nfemale, 70, 74, 0.03\nfemale, 75, 79, 0.07\nfemale, 80, 84, 0.1\n"
            "female, 85, 89, 0.19\nfemale, 90, , 0.36\nmale, 65, 69, 0.013\nmale, 70, 74, 0.031\n"
            "male, 75, 79, 0.05\nmale, 80, 84, 0.11\nmale, 85, 89, 0.13\nmale, 90, , 0.18",
            "source": "Trafford adult social care client records, March 2025",
            "publication_year": "2025",
            "measured_in": "Trafford residents aged 65+ known to adult social care",
        },
    )
    local = RateSet.objects.get(name="Dementia, Trafford clients 2025")
    assert response.url == local.get_absolute_url()
    assert local.is_local and local.organisation == world.trafford
    page = client.get(local.get_absolute_url()).content.decode()
    assert CFAS_II in page  # the national set shown beside it
    assert ">1.3<" in page and "0.013" not in page  # shown per 100 people (%)
    assert ">1.2<" in page  # CFAS II, males 65 to 69, beside it


def test_local_rate_form_lists_every_problem_and_saves_nothing(world, client_for):
    response = client_for(world.alice).post(
        reverse("needs:rate-set-create"),
        {
            "name": "Bad", "kind": "need", "measure": "X", "period": "point", "display_unit": "100",
            "rates": "persons, 65, 74, 0.1\npersons, 70, , 1.5", "source": "x", "publication_year": "2025",
            "measured_in": "x",
        },
    )  # fmt: skip
    page = response.content.decode()
    assert "There is a problem" in page
    assert "over 100%" in page and "bands overlap at age 70" in page
    assert not RateSet.objects.filter(name="Bad").exists()


def test_other_councils_local_rates_are_invisible(world, client_for):
    load_published_rates()
    steve_set = rate_set_create(
        by=world.steve, rows=_rows("persons, 65, , 0.1"), organisation=world.stockport, is_local=True,
        name="Stockport local", kind="need", measure="People with dementia", source="x", publication_year=2025,
        measured_in="x",
    )  # fmt: skip
    assert client_for(world.alice).get(steve_set.get_absolute_url()).status_code == 404
    assert client_for(world.alice).get(reverse("needs:rate-set-update", args=[steve_set.pk])).status_code == 404
    assert client_for(world.steve).get(reverse("needs:rate-set-update", args=[steve_set.pk])).status_code == 200
    national = RateSet.objects.get(name=CFAS_II)
    assert client_for(world.alice).get(reverse("needs:rate-set-update", args=[national.pk])).status_code == 403
    assert client_for(world.pam).get(national.get_absolute_url()).status_code == 200
    assert client_for(world.pam).get(reverse("needs:rate-set-create")).status_code == 403


def test_service_rate_per_person_with_a_need_is_one_figure(db):
    load_published_rates()
    cfas = RateSet.objects.get(name=CFAS_II)
    with pytest.raises(ValidationError):
        rate_set_create(by=None, rows=_rows("male, 65, , 2\nfemale, 65, , 3"), name="Hours", kind="service_use",
                        measure="Homecare hours", period="week", service_type="homecare", per_need=cfas, source="x",
                        publication_year=2025, measured_in="x")  # fmt: skip


def test_not_a_number_is_not_a_rate():
    with pytest.raises(ImportRejected, match="1 problem"):
        parse_rate_rows("persons, 65, , nan")
    with pytest.raises(ImportRejected, match="1 problem"):
        parse_rate_rows("persons, 65, , 0.1, sNaN, 0.2")
