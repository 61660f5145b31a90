"""The published rate sets the product ships, loaded from the files in data/rates (see SOURCE.md):
older people (dementia, care home admissions), mental health (psychotic disorder), learning
disability (adults known to services) and carers (unpaid care in Census 2021). Each names its
client group, so a cycle can find them.

`commissioning load_published_rates` loads them; running it again changes nothing.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from django.db import transaction

from commissioning.core.choices import ENGLAND, ClientGroup, ServiceType
from commissioning.core.services import model_update
from commissioning.needs.choices import RateKind, RatePeriod, RateUnit, Sex
from commissioning.needs.models import RateSet
from commissioning.needs.services import RateRow, rate_set_create

DATA = Path(__file__).resolve().parent / "data" / "rates"
CFAS_II = "Dementia prevalence, CFAS II (2013)"
ASCOF_ENGLAND = "Permanent care home admissions 65+, England 2023-24 (ASCOF 2C)"
ASCOF_TRAFFORD = "Permanent care home admissions 65+, Trafford 2023-24 (ASCOF 2C)"
PSYCHOTIC_APMS_2007 = "Psychotic disorder in the past year, 16+, APMS 2007"
LD_KNOWN_2004 = "Adults with learning disabilities known to services, 20+, Emerson and Hatton (2004)"
CARERS_ANY_2021 = "Unpaid carers, 5+, England, Census 2021 (TS039)"
CARERS_50_HOURS_2021 = "Unpaid carers giving 50 or more hours a week, 5+, England, Census 2021 (TS039)"
CARERS_20_49_HOURS_2021 = "Unpaid carers giving 20 to 49 hours a week, 5+, England, Census 2021 (TS039)"
CARERS_19_HOURS_2021 = "Unpaid carers giving 19 hours or less a week, 5+, England, Census 2021 (TS039)"
CENSUS_CARERS_FILE = "unpaid_care_census2021_ts039_england.csv"
CENSUS_TOTAL = "Total: All usual residents aged 5 and over"
CENSUS_NONE = "Provides no unpaid care"


def _cfas_rows() -> list[RateRow]:
    rows = []
    with (DATA / "dementia_prevalence_cfas2_65plus.csv").open(encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            band = row["age_band"]
            age_from, age_to = (90, None) if band == "90+" else (int(band.split("-")[0]), int(band.split("-")[1]))
            rows.append(
                RateRow(
                    sex=Sex(row["sex"]),
                    age_from=age_from,
                    age_to=age_to,
                    value=Decimal(row["prevalence"]),
                    ci_lower=Decimal(row["prevalence_95ci_lower"]),
                    ci_upper=Decimal(row["prevalence_95ci_upper"]),
                    line=line,
                )
            )
    return rows


def _band(text: str) -> tuple[int, int | None]:
    """'16-24' -> (16, 24); '75+' -> (75, None)."""
    if text.endswith("+"):
        return int(text[:-1]), None
    start, end = text.split("-")
    return int(start), int(end)


def _banded_rows(file: str) -> list[RateRow]:
    """Rows of a file with age_band, sex and prevalence (per person) columns, without intervals."""
    with (DATA / file).open(encoding="utf-8") as handle:
        return [
            RateRow(Sex(row["sex"]), *_band(row["age_band"]), Decimal(row["prevalence"]), line=line)
            for line, row in enumerate(csv.DictReader(handle), start=2)
        ]


def _ranged_rows(file: str) -> list[RateRow]:
    """Rows of a file with age_from, age_to (blank for 'and over'), sex and prevalence columns."""
    with (DATA / file).open(encoding="utf-8") as handle:
        return [
            RateRow(
                Sex(row["sex"]),
                int(row["age_from"]),
                int(row["age_to"]) if row["age_to"] else None,
                Decimal(row["prevalence"]),
                line=line,
            )
            for line, row in enumerate(csv.DictReader(handle), start=2)
        ]


def _ascof_rate(area_code: str, period: str = "2023/24") -> Decimal:
    with (DATA / "ascof_perm_admissions_care_homes_65plus_trafford_peers.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["area_code"] == area_code and row["period"] == period:
                return Decimal(row["value"]) / 100_000  # per 100,000 -> per person
    raise LookupError(f"No ASCOF 2C figure for {area_code} in {period}")


def census_unpaid_care_counts() -> dict[str, int]:
    """England's Census 2021 counts by provision of unpaid care (TS039), as published."""
    with (DATA / CENSUS_CARERS_FILE).open(encoding="utf-8") as handle:
        return {row["provision_of_unpaid_care"]: int(row["count"]) for row in csv.DictReader(handle)}


def census_share(count: int, total: int) -> Decimal:
    """count / total, rounded (half to even) once, from the exact fraction, to the six decimal
    places a rate holds."""
    return Decimal(round(Fraction(count, total) * 10**6)).scaleb(-6)


def _census_carers_sets() -> list[dict]:
    """One persons rate for everyone aged 5 and over: the share of England's usual residents aged 5+
    giving unpaid care, in all and by hours a week."""
    counts = census_unpaid_care_counts()
    total = counts[CENSUS_TOTAL]
    groups = [
        (CARERS_ANY_2021, "People giving unpaid care", total - counts[CENSUS_NONE]),
        (
            CARERS_50_HOURS_2021,
            "People giving 50 or more hours of unpaid care a week",
            counts["Provides 50 or more hours unpaid care a week"],
        ),
        (
            CARERS_20_49_HOURS_2021,
            "People giving 20 to 49 hours of unpaid care a week",
            counts["Provides 20 to 49 hours unpaid care a week"],
        ),
        (
            CARERS_19_HOURS_2021,
            "People giving 19 hours or less of unpaid care a week",
            counts["Provides 19 hours or less unpaid care a week"],
        ),
    ]
    return [
        {
            "name": name,
            "kind": RateKind.NEED,
            "measure": measure,
            "period": RatePeriod.POINT,
            "display_unit": RateUnit.PERCENT,
            "client_group": ClientGroup.CARERS,
            "source": "Office for National Statistics, Census 2021, table TS039 Provision of unpaid care, England "
            f"(E92000001): {count:,} of {total:,} usual residents aged 5 and over.",
            "source_url": "https://www.nomisweb.co.uk/datasets/c2021ts039",
            "publication_year": 2023,
            "measured_in": "Usual residents of England aged 5 and over on Census Day, 21 March 2021",
            "licence": "Open Government Licence v3.0",
            "notes": "A crude rate: one share for everyone aged 5 and over, not by age or sex, so a forecast "
            "for an area assumes England's age mix. No confidence interval: a census counts everyone rather "
            "than a sample.",
            "rows": [RateRow(Sex.PERSONS, 5, None, census_share(count, total))],
        }
        for name, measure, count in groups
    ]


ASCOF_SOURCE = (
    "NHS England, Measures from the Adult Social Care Outcomes Framework, England 2023-24: measure 2C "
    "(permanent admissions of people aged 65 and over to residential and nursing care homes)"
)
ASCOF_URL = (
    "https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof"
)


def published_rate_sets() -> list[dict]:
    return [
        {
            "name": CFAS_II,
            "kind": RateKind.NEED,
            "measure": "People with dementia",
            "period": RatePeriod.POINT,
            "display_unit": RateUnit.PERCENT,
            "source": "Matthews FE, Arthur A, Barnes LE et al. A two-decade comparison of prevalence of dementia in "
            "individuals aged 65 years and older from three geographical areas of England: results of the "
            "Cognitive Function and Ageing Study I and II. The Lancet 2013;382(9902):1405-1412.",
            "source_url": "https://doi.org/10.1016/S0140-6736(13)61570-6",
            "publication_year": 2013,
            "measured_in": "People aged 65+ in Cambridgeshire, Newcastle and Nottingham, 2008 to 2011, "
            "including care home residents",
            "licence": "Published research; transcription under the Open Government Licence v3.0",
            "client_group": ClientGroup.OLDER_PEOPLE,
            "rows": _cfas_rows(),
        },
        {
            "name": ASCOF_ENGLAND,
            "kind": RateKind.SERVICE_USE,
            "measure": "Permanent admissions to care homes, people aged 65+",
            "period": RatePeriod.YEAR,
            "display_unit": RateUnit.PER_100_THOUSAND,
            "service_type": ServiceType.CARE_HOME,
            "source": ASCOF_SOURCE,
            "source_url": ASCOF_URL,
            "publication_year": 2024,
            "measured_in": "Council-supported admissions in England, April 2023 to March 2024",
            "licence": "Open Government Licence v3.0",
            "client_group": ClientGroup.OLDER_PEOPLE,
            "rows": [RateRow(Sex.PERSONS, 65, None, _ascof_rate(ENGLAND))],
        },
        {
            "name": ASCOF_TRAFFORD,
            "kind": RateKind.SERVICE_USE,
            "measure": "Permanent admissions to care homes, people aged 65+",
            "period": RatePeriod.YEAR,
            "display_unit": RateUnit.PER_100_THOUSAND,
            "service_type": ServiceType.CARE_HOME,
            "source": ASCOF_SOURCE,
            "source_url": ASCOF_URL,
            "publication_year": 2024,
            "measured_in": "Council-supported admissions in Trafford, April 2023 to March 2024",
            "licence": "Open Government Licence v3.0",
            "client_group": ClientGroup.OLDER_PEOPLE,
            "rows": [RateRow(Sex.PERSONS, 65, None, _ascof_rate("E08000009"))],
        },
        {
            "name": PSYCHOTIC_APMS_2007,
            "kind": RateKind.NEED,
            "measure": "People with a psychotic disorder",
            "period": RatePeriod.POINT,
            "display_unit": RateUnit.PERCENT,
            "client_group": ClientGroup.MENTAL_HEALTH,
            "source": "McManus S, Meltzer H, Brugha T, Bebbington P, Jenkins R (eds.). Adult psychiatric morbidity "
            "in England, 2007: results of a household survey. The NHS Information Centre for health and social "
            "care, 2009. Psychotic disorder in the past year by age and sex, as tabled in West Sussex County "
            "Council's Joint Strategic Needs Assessment.",
            "source_url": "https://digital.nhs.uk/data-and-information/publications/statistical/"
            "adult-psychiatric-morbidity-survey",
            "publication_year": 2009,
            "measured_in": "Adults aged 16+ living in private households in England, 2007",
            "licence": "Open Government Licence v3.0",
            "notes": "A dash in the published table (no case found in the sample for that group) is loaded as 0. "
            "No confidence intervals were given in the table read.",
            "rows": _banded_rows("psychotic_disorder_apms2007_16plus.csv"),
        },
        {
            "name": LD_KNOWN_2004,
            "kind": RateKind.NEED,
            "measure": "Adults with learning disabilities known to services",
            "period": RatePeriod.POINT,
            "display_unit": RateUnit.PERCENT,
            "client_group": ClientGroup.LEARNING_DISABILITY,
            "source": "Emerson E, Hatton C. Estimating the Current Need/Demand for Supports for People with "
            "Learning Disabilities in England. Institute for Health Research, Lancaster University, 2004: "
            "administrative prevalence of people aged 20 or more.",
            "publication_year": 2004,
            "measured_in": "People known to the learning disability services of 24 English councils, against 2001 "
            "Census populations",
            "licence": "Published research, quoted",
            "notes": "Counts people known to services, not everyone with a learning disability; one rate for all "
            "adults aged 20 and over.",
            "rows": _ranged_rows("learning_disability_known_to_services_emerson_hatton_2004.csv"),
        },
        *_census_carers_sets(),
    ]


@transaction.atomic
def load_published_rates() -> int:
    """Add any published rate set not yet loaded; returns how many were added. A set loaded before
    sets had a client group gets its group; nothing else about a loaded set changes."""
    added = 0
    for definition in published_rate_sets():
        existing = RateSet.objects.filter(name=definition["name"]).first()
        if existing is not None:
            if not existing.client_group and definition.get("client_group"):
                model_update(instance=existing, fields={"client_group": definition["client_group"]}, by=None)
            continue
        fields = dict(definition)
        rows = fields.pop("rows")
        rate_set_create(by=None, rows=rows, **fields)
        added += 1
    return added
