"""The demo's care for individuals: about 300 packages for invented people (pseudonymous references
only), arranged every way a council does. Grace, a social worker, calls off the block homecare
contract (Dawn at Partington Homecare accepts most); care home places are spot purchases under the
framework, a few chosen by the person at a higher fee; some homecare is bought spot from other
agencies; people with learning or physical disabilities have direct payments for personal assistants
and agency care, or an individual service fund; the people at the day centre the plan stops have
their packages there. Most people have a personal budget, some reviewed."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.care import selectors, services
from commissioning.contracts import services as contracts
from commissioning.contracts.models import Contract
from commissioning.demo.contracts import BEDS, BLOCK, FRAMEWORK
from commissioning.demo.people import COUNCIL
from commissioning.demo.strategy import DAY_CENTRE_PEOPLE
from commissioning.market.models import Provider

TRAFFORD = "E08000009"
MEMORY, PERSONAL = "memory", "physical_personal"


class _People:
    """Makes people P-0001, P-0002... with seeded, invented details."""

    def __init__(self, grace: User, rng: random.Random) -> None:
        self.grace, self.rng, self.number = grace, rng, 0

    def new(self, client_group: str, reasons: list[str], bands: list[str], reference: str = "") -> Any:
        if not reference:
            self.number += 1
            reference = f"P-{self.number:04d}"
        return services.person_create(
            by=self.grace, reference=reference, age_band=self.rng.choice(bands), client_group=client_group,
            support_reason=self.rng.choice(reasons), area=self.grace.organisation.area, is_demo=True,
        )  # fmt: skip


OLDER = ["75-84", "85+", "85+", "65-74"]
WORKING_AGE = ["18-64"]


def load_care(people: dict[str, User], organisations: dict[str, Organisation], log: list[str]) -> None:
    council = organisations[COUNCIL]
    if selectors.has_people(organisation_id=council.pk):
        log.append("Care demo records: already there")
        return
    grace, dawn = people["grace"], people.get("dawn")
    rng = random.Random(2028)  # noqa: S311 - invented demo figures, the same every load, not a secret
    today = timezone.localdate()
    made = _People(grace, rng)
    block = Contract.objects.get(organisation=council, title=BLOCK)
    counts = {
        "call-offs from the block": _block_call_offs(block, made, dawn, today),
        "beds called off the care home block": _block_beds(council, made, today),
        "care home places under the framework": _framework_places(council, made, today),
        "spot homecare packages": _spot_homecare(made, today),
        "direct payments": _direct_payments(made, today),
        "individual service funds": _service_funds(made, today),
        "day centre places": _day_centre(made, today),
    }
    budgets = _budgets(grace, rng, today)
    log.append("Care: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + f"; {budgets} personal budgets")


def _block_call_offs(block: Contract, made: _People, dawn: User | None, today: datetime.date) -> int:
    """Grace calls off the block for people over the past year: most accepted by Partington
    Homecare (Dawn), some ended, two waiting for an answer and one declined, so that the block runs
    at about nine tenths of its hours with a few voids paid for."""
    rng, grace, count = made.rng, made.grace, 0
    for number in range(1, 181):
        starts = max(block.starts_on, today - datetime.timedelta(days=rng.randrange(0, 360)))
        ends = starts + datetime.timedelta(days=rng.randrange(30, 200)) if rng.random() < 0.3 else None
        hours = Decimal(rng.choice([5, 7, 7.5, 10, 10.5, 14, 14, 17.5, 21]))
        person = made.new("older_people", [PERSONAL, PERSONAL, MEMORY, "physical_access"], OLDER)
        try:
            package = services.package_arrange(
                by=grace, person=person, arrangement="call_off", contract=block, service_type="homecare",
                units=hours, unit="hours", weekly_cost=(hours * block.unit_price).quantize(Decimal("0.01")),
                starts_on=starts, ends_on=ends, reference=f"PKG-{number:05d}",
            )  # fmt: skip
        except ValidationError:  # the block is full on some day of this one: they get spot homecare
            _spot(made, person, "homecare", hours, starts, ends, f"PKG-{number:05d}")
            continue
        count += 1
        if dawn is not None and number not in (177, 178):
            decline = number == 176
            contracts.call_off_decide(
                by=dawn, call_off=package.call_off, accept=not decline,
                reason="No care workers free in Partington for those times" if decline else "",
            )  # fmt: skip
    return count


def _block_beds(council: Organisation, made: _People, today: datetime.date) -> int:
    """Fifteen of the block's twenty beds in use, so Find a provider shows five left in it."""
    beds = Contract.objects.get(organisation=council, title=BEDS)
    for _ in range(15):
        nursing = made.rng.random() < 0.5
        services.package_arrange(
            by=made.grace, person=made.new("older_people", [MEMORY, PERSONAL], OLDER), arrangement="call_off",
            contract=beds, service_type="nursing" if nursing else "residential", units=Decimal(1), unit="beds",
            weekly_cost=beds.unit_price, starts_on=max(beds.starts_on, today - datetime.timedelta(
                days=made.rng.randrange(0, 150))),
        )  # fmt: skip
    return 15


def _homecare_agencies() -> list[Provider]:
    return list(
        Provider.objects.filter(
            locations__local_authority__code=TRAFFORD, locations__service_codes__contains="|homecare|"
        )
        .exclude(name__endswith="(demo)")
        .distinct()
        .order_by("name")[:5]
    )


def _spot(made: _People, person: Any, service: str, hours: Decimal, starts: datetime.date,
          ends: datetime.date | None, reference: str = "") -> bool:  # fmt: skip
    agencies = _homecare_agencies()
    if not agencies:
        return False
    services.package_arrange(
        by=made.grace, person=person, arrangement="spot", provider=made.rng.choice(agencies), service_type=service,
        units=hours, unit="hours", weekly_cost=(hours * Decimal("25.40")).quantize(Decimal("0.01")),
        starts_on=starts, ends_on=ends, reference=reference,
    )  # fmt: skip
    return True


def _spot_homecare(made: _People, today: datetime.date) -> int:
    count = 0
    for _ in range(25):
        starts = today - datetime.timedelta(days=made.rng.randrange(10, 500))
        ends = starts + datetime.timedelta(days=made.rng.randrange(40, 300)) if made.rng.random() < 0.25 else None
        person = made.new("older_people", [PERSONAL, MEMORY], OLDER)
        count += _spot(made, person, "homecare", Decimal(made.rng.choice([7, 10.5, 14])), starts, ends)
    return count


def _framework_places(council: Organisation, made: _People, today: datetime.date) -> int:
    """Care home places bought one at a time under the framework; three chosen by the person at a
    higher fee than the council usually pays, with the preference that justified it."""
    frameworks = list(Contract.objects.filter(organisation=council, title=FRAMEWORK).select_related("provider"))
    count = 0
    for number in range(60):
        framework = frameworks[number % len(frameworks)]
        nursing = made.rng.random() < 0.4
        starts = max(framework.starts_on, today - datetime.timedelta(days=made.rng.randrange(5, 700)))
        ends = starts + datetime.timedelta(days=made.rng.randrange(60, 500)) if made.rng.random() < 0.2 else None
        chose = number in (4, 19, 33)
        fee = Decimal("1146.00") if nursing else Decimal("958.00")
        person = made.new("older_people", [MEMORY, MEMORY, PERSONAL], OLDER)
        services.package_arrange(
            by=made.grace, person=person, arrangement="spot_framework", contract=framework,
            service_type="nursing" if nursing else "residential", units=Decimal(1), unit="beds",
            weekly_cost=fee + (Decimal("85.00") if chose else 0), starts_on=starts, ends_on=min(ends, framework.ends_on)
            if ends else None, user_choice=chose,
            preference="Wants to live near her daughter in Sale, who visits every day; the home is a ten-minute walk"
            if chose else "",
        )  # fmt: skip
        count += 1
    return count


DP_BUYS = [
    ("personal_assistant", 16, "12.50"),
    ("personal_assistant", 24, "12.50"),
    ("agency", 10, "24.80"),
    ("day_activities", None, "45.00"),
]


def _direct_payments(made: _People, today: datetime.date) -> int:
    count = 0
    for number in range(40):
        group = ["learning_disability", "physical_disability", "autism", "older_people"][number % 4]
        reasons = {"learning_disability": ["learning_disability"], "autism": ["social", "learning_disability"],
                   "physical_disability": [PERSONAL, "physical_access"], "older_people": [PERSONAL]}[group]  # fmt: skip
        person = made.new(group, reasons, WORKING_AGE if group != "older_people" else OLDER)
        buys = made.rng.sample(DP_BUYS, k=made.rng.choice([1, 2]))
        amounts = [(use, hours, (Decimal(hours or 1) * Decimal(rate)).quantize(Decimal("0.01"))) for use, hours, rate
                   in buys]  # fmt: skip
        package = services.package_arrange(
            by=made.grace, person=person, arrangement="direct_payment",
            service_type="homecare" if group == "older_people" else "supported_living", units=Decimal(
                sum(h or 0 for _, h, _ in amounts) or 1), unit="hours",
            weekly_cost=sum((a for _, _, a in amounts), Decimal(0)),
            starts_on=today - datetime.timedelta(days=made.rng.randrange(30, 900)),
        )  # fmt: skip
        for use, hours, amount in amounts:
            services.dp_purchase_add(
                by=made.grace, package=package, use=use, weekly_amount=amount,
                hours_a_week=Decimal(hours) if hours else None,
            )  # fmt: skip
        count += 1
    return count


def _service_funds(made: _People, today: datetime.date) -> int:
    agencies = _homecare_agencies()
    count = 0
    for _ in range(6 if agencies else 0):
        person = made.new("learning_disability", ["learning_disability"], WORKING_AGE)
        hours = Decimal(made.rng.choice([20, 28, 35]))
        services.package_arrange(
            by=made.grace, person=person, arrangement="isf", provider=made.rng.choice(agencies),
            service_type="supported_living", units=hours, unit="hours", weekly_cost=hours * Decimal("23.90"),
            starts_on=today - datetime.timedelta(days=made.rng.randrange(60, 700)),
        )  # fmt: skip
        count += 1
    return count


def _day_centre(made: _People, today: datetime.date) -> int:
    """The people at the day centre the purchasing plan stops, at the provider it names."""
    provider = Provider.objects.filter(locations__local_authority__code=TRAFFORD).order_by("name").first()
    if provider is None:
        return 0
    for number in DAY_CENTRE_PEOPLE:
        person = made.new("older_people", [MEMORY, "social"], OLDER, reference=f"TDC-{number:04d}")
        services.package_arrange(
            by=made.grace, person=person, arrangement="spot", provider=provider, service_type="day_services",
            units=Decimal(made.rng.choice([2, 3])), unit="places", weekly_cost=Decimal("96.00"),
            starts_on=today - datetime.timedelta(days=made.rng.randrange(200, 1500)),
        )  # fmt: skip
    return len(DAY_CENTRE_PEOPLE)


def _budgets(grace: User, rng: random.Random, today: datetime.date) -> int:
    """A personal budget for most people with care in place, a little above its cost; some reviewed."""
    count = 0
    for person in selectors.person_list(user=grace).prefetch_related("packages").order_by("reference"):
        live = [p for p in person.packages.all() if p.ends_on is None or p.ends_on >= today]
        if not live or rng.random() < 0.25:
            continue
        first = min(p.starts_on for p in live)
        weekly = sum((p.weekly_cost for p in live), Decimal(0))
        budget = services.budget_set(
            by=grace, person=person, weekly_amount=(weekly * Decimal("1.05")).quantize(Decimal("0.01")),
            starts_on=first, review_due=max(first + datetime.timedelta(days=365), today + datetime.timedelta(
                days=rng.randrange(-30, 200))),
        )  # fmt: skip
        if first < today - datetime.timedelta(days=400) and rng.random() < 0.4:
            services.budget_review(
                by=grace, budget=budget, reviewed_on=first + datetime.timedelta(days=365),
                amount_after=budget.weekly_amount,
                outcome="Needs met; the person is happy with their care and wants to keep it as it is",
                next_review_due=first + datetime.timedelta(days=730),
            )  # fmt: skip
        count += 1
    return count
