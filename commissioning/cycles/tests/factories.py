import datetime

import factory

from commissioning.core.choices import ClientGroup
from commissioning.cycles import services
from commissioning.cycles.choices import Element, Level
from commissioning.cycles.models import Activity, CommissioningCycle, EffortEntry, Finding


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle made the way people make them: through the service, with the checklist seeded."""

    class Meta:
        model = CommissioningCycle

    title = factory.Sequence(lambda n: f"Older people's services {n}")
    client_group = ClientGroup.OLDER_PEOPLE
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2029, 3, 31)

    @classmethod
    def _create(cls, model_class, *, by, areas, partner_organisations=(), is_published=False, **kwargs):
        return services.cycle_create(
            by=by,
            areas=areas,
            partner_organisations=partner_organisations,
            is_published=is_published,
            public_summary="Plans for care in the area." if is_published else "",
            **kwargs,
        )


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    level = Level.STRATEGIC
    element = Element.ANALYSE
    title = factory.Sequence(lambda n: f"Activity {n}")


class EffortEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EffortEntry

    level = Level.STRATEGIC
    element = Element.ANALYSE
    worked_on = datetime.date(2026, 5, 1)
    hours = 2


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    level = Level.PURCHASING
    element = Element.DO
    title = factory.Sequence(lambda n: f"Finding {n}")
    detail = "What was learned."
    raised_in_cycle = factory.SelfAttribute("cycle")
