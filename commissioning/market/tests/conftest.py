import pytest

from commissioning.core.services import areas_load_lookup


@pytest.fixture
def england(db):
    """Every English council, so local authority names resolve as in production."""
    areas_load_lookup()
