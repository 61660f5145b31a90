"""Published rates beyond older people: loaded once with their sources, forecast exactly on an
all-ages vintage, and left out (saying why) where a vintage lacks the ages they need."""

from __future__ import annotations

from decimal import Decimal

from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.choices import ClientGroup
from commissioning.core.models import Area
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet
from commissioning.needs.published_rates import (
    CARERS_19_HOURS_2021,
    CARERS_20_49_HOURS_2021,
    CARERS_50_HOURS_2021,
    CARERS_ANY_2021,
    CENSUS_NONE,
    CENSUS_TOTAL,
    CFAS_II,
    LD_KNOWN_2004,
    PSYCHOTIC_APMS_2007,
    census_unpaid_care_counts,
    load_published_rates,
)
from commissioning.needs.services import population_import

HEADER = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2030"\n'


def _all_ages_vintage(per_age: dict[str, int]):
    """County Durham, every age 0 to 90+, the same number of people at each age for each sex."""
    files = [
        PopulationFile(
            f"{sex}.csv",
            (
                HEADER
                + "\n".join(
                    f"E06000047,County Durham,Population,{sex},{'90 and over' if age == 90 else age},{people}"
                    for age in range(91)
                )
                + "\n"
            ).encode(),
        )
        for sex, people in per_age.items()
    ]
    vintage, _ = population_import(files=files, name="All ages test")
    return vintage


def test_sets_for_other_client_groups_load_once_with_their_sources(db):
    assert load_published_rates() == 9
    assert load_published_rates() == 0
    psychotic = RateSet.objects.get(name=PSYCHOTIC_APMS_2007)
    assert psychotic.client_group == ClientGroup.MENTAL_HEALTH and psychotic.publication_year == 2009
    assert "Adult psychiatric morbidity in England, 2007" in psychotic.source
    assert psychotic.rates.count() == 14
    assert psychotic.rates.get(sex="female", age_from=35).value == Decimal("0.011")
    assert psychotic.rates.get(sex="male", age_from=75).age_to is None
    learning = RateSet.objects.get(name=LD_KNOWN_2004)
    assert learning.client_group == ClientGroup.LEARNING_DISABILITY and "Emerson E, Hatton C" in learning.source
    band = learning.rates.get()
    assert (band.sex, band.age_from, band.age_to, band.value, band.ci_lower) == (
        "persons",
        20,
        None,
        Decimal("0.0046"),
        None,
    )
    assert RateSet.objects.get(name=CFAS_II).client_group == ClientGroup.OLDER_PEOPLE


def test_a_set_loaded_before_client_groups_gets_its_group_and_nothing_else_changes(db):
    load_published_rates()
    RateSet.objects.filter(name=CFAS_II).update(client_group="")
    assert load_published_rates() == 0
    cfas = RateSet.objects.get(name=CFAS_II)
    assert cfas.client_group == ClientGroup.OLDER_PEOPLE and cfas.rates.count() == 12


def test_learning_disability_and_mental_health_forecast_exactly_on_an_all_ages_vintage(durham):
    load_published_rates()
    vintage = _all_ages_vintage({"persons": 300, "males": 100, "females": 200})
    rate_sets = list(RateSet.objects.filter(name__in=[LD_KNOWN_2004, PSYCHOTIC_APMS_2007]).prefetch_related("rates"))
    forecast = area_forecast(area=Area.objects.get(code="E06000047"), vintage=vintage, rate_sets=rate_sets)
    assert forecast.not_forecast == []
    people = {item.rate_set.name: item.totals[2030].people for item in forecast.needs}
    # 71 ages from 20 to 90+, 300 people each, 0.46% of them.
    assert people[LD_KNOWN_2004] == Decimal("97.98")
    # Men: 1,000 a band x (0.6% + 0.7% + 0.1%) = 14; women: 9 ages x 200 x 0.4% (16-24) plus
    # 2,000 a band x (0.2% + 1.1% + 0.8% + 0.6%) = 7.2 + 54 = 61.2.
    assert people[PSYCHOTIC_APMS_2007] == Decimal("75.2")


def test_a_vintage_of_people_65_and_over_says_which_sets_it_cannot_forecast(durham_vintage):
    load_published_rates()
    rate_sets = list(RateSet.objects.filter(kind="need").prefetch_related("rates"))
    forecast = area_forecast(area=Area.objects.get(code="E06000047"), vintage=durham_vintage, rate_sets=rate_sets)
    assert [item.rate_set.name for item in forecast.needs] == [CFAS_II]
    reasons = dict((rate_set.name, reason) for rate_set, reason in forecast.not_forecast)
    assert set(reasons) == {LD_KNOWN_2004, PSYCHOTIC_APMS_2007, *CARERS}
    assert reasons[CARERS_ANY_2021].startswith("its rates start at age 5, and ")
    assert reasons[LD_KNOWN_2004].startswith("its rates start at age 20, and ")
    assert reasons[LD_KNOWN_2004].endswith("covers only ages 65 and over")


def test_the_profile_page_names_the_sets_a_65_plus_vintage_cannot_forecast(world, client_for, durham_vintage):
    load_published_rates()
    learning = RateSet.objects.get(name=LD_KNOWN_2004)
    response = client_for(world.alice).get(f"/needs/areas/E06000047/?vintage={durham_vintage.pk}&rates={learning.pk}")
    assert response.status_code == 200
    assert "because its rates start at age 20" in response.content.decode()


def test_the_api_names_each_sets_client_group(world, client_for):
    load_published_rates()
    learning = RateSet.objects.get(name=LD_KNOWN_2004)
    row = client_for(world.alice).get(f"/api/v1/rate-sets/{learning.pk}/").json()
    assert row["client_group"] == "learning_disability" and row["rates"][0]["value"] == "0.004600"


CARERS = [CARERS_ANY_2021, CARERS_50_HOURS_2021, CARERS_20_49_HOURS_2021, CARERS_19_HOURS_2021]


def test_the_census_counts_shipped_add_up_as_published():
    counts = census_unpaid_care_counts()
    assert counts[CENSUS_TOTAL] == 53_413_098 and counts[CENSUS_NONE] == 48_734_833
    hours = [
        counts["Provides 19 hours or less unpaid care a week"],
        counts["Provides 20 to 49 hours unpaid care a week"],
        counts["Provides 50 or more hours unpaid care a week"],
    ]
    assert hours == [2_303_725, 969_769, 1_404_771]
    assert counts[CENSUS_NONE] + sum(hours) == counts[CENSUS_TOTAL]
    assert (
        counts["Provides 9 hours or less unpaid care a week"] + counts["Provides 10 to 19 hours unpaid care a week"]
        == counts["Provides 19 hours or less unpaid care a week"]
    )
    assert (
        counts["Provides 20 to 34 hours unpaid care a week"] + counts["Provides 35 to 49 hours unpaid care a week"]
        == counts["Provides 20 to 49 hours unpaid care a week"]
    )


def test_unpaid_carers_load_once_as_census_shares_of_everyone_aged_5_and_over(db):
    load_published_rates()
    assert load_published_rates() == 0
    sets = {rate_set.name: rate_set for rate_set in RateSet.objects.filter(client_group=ClientGroup.CARERS)}
    assert set(sets) == set(CARERS)
    # 4,678,265 / 53,413,098 = 0.08758647..., 1,404,771 / 53,413,098 = 0.02630012..., and so on.
    expected = {
        CARERS_ANY_2021: "0.087586",
        CARERS_50_HOURS_2021: "0.026300",
        CARERS_20_49_HOURS_2021: "0.018156",
        CARERS_19_HOURS_2021: "0.043130",
    }
    for name, value in expected.items():
        band = sets[name].rates.get()
        assert (band.sex, band.age_from, band.age_to, band.value, band.ci_lower, band.ci_upper) == (
            "persons",
            5,
            None,
            Decimal(value),
            None,
            None,
        )
        assert sets[name].kind == "need" and sets[name].publication_year == 2023
        assert sets[name].source.startswith("Office for National Statistics, Census 2021, table TS039")
        assert sets[name].licence == "Open Government Licence v3.0"
    assert "4,678,265 of 53,413,098" in sets[CARERS_ANY_2021].source
    assert "England's age mix" in sets[CARERS_ANY_2021].notes


def test_unpaid_carers_forecast_exactly_for_ages_5_and_over_of_an_all_ages_vintage(durham):
    load_published_rates()
    vintage = _all_ages_vintage({"persons": 300, "males": 100, "females": 200})
    rate_sets = list(RateSet.objects.filter(name__in=CARERS).prefetch_related("rates"))
    forecast = area_forecast(area=Area.objects.get(code="E06000047"), vintage=vintage, rate_sets=rate_sets)
    assert forecast.not_forecast == []
    people = {item.rate_set.name: item.totals[2030].people for item in forecast.needs}
    # 86 ages from 5 to 90+ (not the 91 from 0), 300 people each: 25,800 people.
    assert people == {
        CARERS_ANY_2021: Decimal("2259.7188"),  # 25,800 x 0.087586
        CARERS_50_HOURS_2021: Decimal("678.54"),  # 25,800 x 0.026300
        CARERS_20_49_HOURS_2021: Decimal("468.4248"),  # 25,800 x 0.018156
        CARERS_19_HOURS_2021: Decimal("1112.754"),  # 25,800 x 0.043130
    }


def test_the_profile_shows_unpaid_carers_with_the_census_named(world, client_for, durham):
    load_published_rates()
    vintage = _all_ages_vintage({"persons": 300, "males": 100, "females": 200})
    carers = RateSet.objects.get(name=CARERS_50_HOURS_2021)
    response = client_for(world.alice).get(f"/needs/areas/E06000047/?vintage={vintage.pk}&rates={carers.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert CARERS_50_HOURS_2021 in page and "People giving 50 or more hours of unpaid care a week" in page
    assert "measured in usual residents of England aged 5 and over on Census Day" in page
    assert "Persons 5+" in page and "<strong>679</strong>" in page  # 678.54 people, ages 0 to 4 left out
    assert "Not forecast" not in page
