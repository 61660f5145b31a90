from __future__ import annotations

from pathlib import Path

import pytest

from commissioning.core.choices import AreaLevel
from commissioning.core.tests.factories import AreaFactory
from commissioning.needs.published_rates import load_published_rates
from commissioning.needs.services import PopulationFile, population_import

DATA = Path(__file__).resolve().parents[1] / "data" / "population"
DURHAM = DATA / "snpp2022_migcat_county_durham_65plus.csv"


@pytest.fixture
def durham(db):
    """County Durham and its region, as in the ONS lookups."""
    england = AreaFactory(code="E92000001", name="England", level=AreaLevel.COUNTRY)
    north_east = AreaFactory(code="E12000001", name="North East", level=AreaLevel.REGION, parent=england)
    # Another North East council, so the region is not "complete" from Durham alone.
    AreaFactory(code="E06000005", name="Darlington", level=AreaLevel.UNITARY, parent=north_east, region=north_east)
    return AreaFactory(
        code="E06000047", name="County Durham", level=AreaLevel.UNITARY, parent=north_east, region=north_east
    )


@pytest.fixture
def durham_vintage(durham):
    load_published_rates()
    vintage, _ = population_import(
        files=[PopulationFile.from_path(DURHAM)],
        name="ONS 2022-based subnational population projections",
        variant="Migration category variant",
    )
    return vintage
