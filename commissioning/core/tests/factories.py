import factory

from commissioning.core.choices import AreaLevel
from commissioning.core.models import Area


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Unitary {n}")
    level = AreaLevel.UNITARY


def england_and_north_west() -> dict[str, Area]:
    """A small real slice of the area tree: England, North West, Trafford, Stockport."""
    england = AreaFactory(code="E92000001", name="England", level=AreaLevel.COUNTRY)
    north_west = AreaFactory(code="E12000002", name="North West", level=AreaLevel.REGION, parent=england)
    trafford = AreaFactory(
        code="E08000009", name="Trafford", level=AreaLevel.METROPOLITAN, parent=north_west, region=north_west
    )
    stockport = AreaFactory(
        code="E08000007", name="Stockport", level=AreaLevel.METROPOLITAN, parent=north_west, region=north_west
    )
    return {"england": england, "north_west": north_west, "trafford": trafford, "stockport": stockport}
