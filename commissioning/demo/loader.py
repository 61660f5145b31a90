"""The demo council: Trafford, its partners, people, cycles, needs, market and resources. Real public
data where there is some (areas, care homes, population, published rates); invented records are
marked demo. Loading again completes what is missing and adds nothing twice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from commissioning.core.services import areas_load_lookup
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.policy_starter import load_policy_demo, load_policy_starter_set
from commissioning.demo.care import load_care
from commissioning.demo.contracts import load_contracts
from commissioning.demo.cycles import carers_cycle, financial_year_start, learning_disability_cycle, older_people_cycle
from commissioning.demo.finance import load_finance
from commissioning.demo.market import load_market
from commissioning.demo.needs import load_needs
from commissioning.demo.people import COUNCIL, CQC_FILE, load_organisations, load_people
from commissioning.demo.procurement import load_procurement
from commissioning.demo.strategy import load_strategy


@transaction.atomic
def load_demo() -> list[str]:
    """Load (or complete) the demo council; returns lines describing what was done."""
    log = [f"Areas: {areas_load_lookup()}"]
    organisations = load_organisations(log)
    people = load_people(organisations, log)
    fy = financial_year_start(timezone.localdate())
    builders = {
        "Older people's care and support": lambda: older_people_cycle(people, organisations, fy),
        "Learning disability support": lambda: learning_disability_cycle(people, fy),
        "Support for carers": lambda: carers_cycle(people, organisations, fy),
    }
    created = 0
    for prefix, build in builders.items():
        if not CommissioningCycle.objects.filter(title__startswith=prefix, lead_organisation__name=COUNCIL).exists():
            build()
            created += 1
    log.append(f"Cycles: {created} created ({len(builders) - created} already there)")
    load_needs(people, organisations, log)
    added = load_policy_starter_set()
    demo = load_policy_demo(council=organisations[COUNCIL], by=people["priya"])
    log.append(f"Policy territory: {added} added, {demo} demo records")
    load_market(people, organisations, CQC_FILE, log)
    load_finance(people, organisations, log)
    load_strategy(people, organisations, log)
    load_procurement(people, organisations, log)
    load_contracts(people, organisations, log)
    load_care(people, organisations, log)
    return log
