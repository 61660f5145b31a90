"""Published rates beyond older people: loaded once with their sources, forecast exactly on an
all-ages vintage, and left out (saying why) where a vintage lacks the ages they need."""

from __future__ import annotations

from decimal import Decimal

from commissioning.analytics.population_checks import PopulationFile
from commissioning.core.choices import ClientGroup
from commissioning.core.models import Area
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet
from commissioning.needs.published_rates import CFAS_II, LD_KNOWN_2004, PSYCHOTIC_APMS_2007, load_published_rates
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
    assert load_published_rates() == 5
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
    assert set(reasons) == {LD_KNOWN_2004, PSYCHOTIC_APMS_2007}
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
