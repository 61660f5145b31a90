"""Committed spend over a large council's care: 20,000 live care packages (spot purchases, spot
purchases under a framework, direct payments, individual service funds, and packages inside block
and spot contracts that must not be counted twice) and 5,000 that ended last year, across client
groups and services, with 50 contracts of every kind and a budget line for each client group and
service. Times the two pages a commissioner opens, through Django's test client (production
templates), in turn, 20 rounds: the budgets and spend report, which adds contracted spend for the
rest of the year to every line, and the commitments page, which lists where it comes from; and
the commitments alone; and the utilisation page of a block with 20,000 live call-offs and the care
packages list over the 25,000. Counts each page's queries. Goal: each page under 300 ms, in a
handful of queries however many packages there are.
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from bench.common import django_in_a_temporary_directory, interleaved, report

LIVE = 20_000
ENDED = 5_000
CONTRACTS = 50
ROUNDS = 20
GROUPS = ["older_people", "learning_disability", "mental_health", "physical_disability", "autism"]
SERVICES = ["homecare", "residential", "nursing", "supported_living", "day_services", "direct_payments"]
# Mostly spot purchases; some inside a block or spot contract (not counted again).
ARRANGEMENTS = ["spot"] * 6 + ["spot_framework"] * 4 + ["direct_payment"] * 3 + ["isf"] * 2 + ["in_block", "in_spot"]
KINDS = ["block"] * 15 + ["spot"] * 15 + ["grant"] * 8 + ["in_house"] * 6 + ["framework"] * 4 + ["dynamic_market"] * 2


def main() -> dict:
    django_in_a_temporary_directory()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from commissioning.accounts.choices import OrganisationKind, Role
    from commissioning.accounts.models import Organisation, User
    from commissioning.care.models import CarePackage, Person
    from commissioning.contracts.models import CallOff
    from commissioning.contracts.services import contract_create
    from commissioning.core.choices import AreaLevel
    from commissioning.core.models import Area
    from commissioning.finance import services as finance
    from commissioning.finance.commitments import commitments_for
    from commissioning.finance.models import financial_year_bounds, financial_year_of
    from commissioning.finance.reports import budget_report
    from commissioning.market.models import Provider

    today = timezone.localdate()
    year = financial_year_of(today)
    first, last = financial_year_bounds(year)
    trafford = Area.objects.create(code="E08000009", name="Trafford", level=AreaLevel.METROPOLITAN)
    council = Organisation.objects.create(name="Trafford Council", kind=OrganisationKind.COUNCIL, area=trafford)
    alice = User.objects.create_user(
        "alice@example.org", "x" * 20, full_name="Alice", role=Role.COMMISSIONER, organisation=council
    )
    providers = [
        Provider.objects.create(name=f"Provider {n} Care Ltd", cqc_provider_id=f"1-{300000000 + n}") for n in range(10)
    ]
    rng = random.Random(2027)
    started = time.perf_counter()
    contracts = []
    for n in range(CONTRACTS):
        kind = KINDS[n % len(KINDS)]
        starts = first - datetime.timedelta(days=rng.randrange(0, 700))
        contract = contract_create(
            by=alice, title=f"Contract {n}", kind=kind, provider=providers[n % len(providers)],
            service_type=SERVICES[n % len(SERVICES)], client_group=GROUPS[n % len(GROUPS)], regime="pa23",
            light_touch=True, value=Decimal(rng.randrange(5_000_000, 300_000_000)) / 100, starts_on=starts,
            ends_on=last + datetime.timedelta(days=rng.randrange(-100, 900)),
            entered_directly_reason="Let before this service was used",
        )  # fmt: skip
        contracts.append(contract)
    by_kind = {kind: [c for c in contracts if c.kind == kind] for kind in set(KINDS)}
    people = Person.objects.bulk_create(
        (
            Person(
                organisation=council, reference=f"P-{n:06d}", age_band=rng.choice(["18-64", "65-74", "75-84", "85+"]),
                client_group=GROUPS[n % len(GROUPS)], support_reason="physical_personal",
            )
            for n in range(LIVE + ENDED)
        ),
        batch_size=2000,
    )  # fmt: skip
    packages = []
    for n, person in enumerate(people):
        live = n < LIVE
        starts = today - datetime.timedelta(days=rng.randrange(1, 900))
        if live:
            ends = today + datetime.timedelta(days=rng.randrange(1, 500)) if n % 4 == 0 else None
        else:
            starts = first - datetime.timedelta(days=rng.randrange(400, 900))
            ends = first - datetime.timedelta(days=rng.randrange(1, 300))
        arrangement, contract, provider = rng.choice(ARRANGEMENTS), None, rng.choice(providers)
        if arrangement == "in_block":
            arrangement, contract = "call_off", rng.choice(by_kind["block"])
        elif arrangement == "in_spot":
            arrangement, contract = "spot", rng.choice(by_kind["spot"])
        elif arrangement == "spot_framework":
            contract = rng.choice(by_kind["framework"] + by_kind["dynamic_market"])
        elif arrangement == "direct_payment":
            provider = None
        packages.append(
            CarePackage(
                organisation=council, reference=f"PKG-{n:07d}", person=person, client_group=person.client_group,
                support_reason="physical_personal", service_type=SERVICES[n % len(SERVICES)],
                units=Decimal(rng.choice(["7", "10", "14", "21"])), unit="hours",
                weekly_cost=Decimal(rng.randrange(5_000, 250_000)) / 100, starts_on=starts, ends_on=ends,
                arrangement=arrangement, provider=contract.provider if contract else provider, contract=contract,
            )
        )  # fmt: skip
    CarePackage.objects.bulk_create(packages, batch_size=2000)
    # One block holding 20,000 live call-offs, for its utilisation page.
    big = contract_create(
        by=alice, title="Homecare block, whole borough", kind="block", provider=providers[0], service_type="homecare",
        client_group="older_people", regime="pa23", light_touch=True, value=Decimal("90000000.00"),
        starts_on=today - datetime.timedelta(days=700), ends_on=today + datetime.timedelta(days=700),
        capacity=Decimal(250_000), capacity_unit="hours", unit_price=Decimal("24.00"),
        entered_directly_reason="Let before this service was used",
    )  # fmt: skip
    CallOff.objects.bulk_create(
        (
            CallOff(
                contract=big, reference=f"{big.reference}-C{n:05d}", units=Decimal(rng.choice([7, 10, 14])),
                starts_on=today - datetime.timedelta(days=rng.randrange(0, 600)), weekly_cost=Decimal("240.00"),
                status="accepted", requested_by=alice,
                ends_on=today + datetime.timedelta(days=rng.randrange(1, 300)) if n % 3 == 0 else None,
            )
            for n in range(LIVE)
        ),
        batch_size=2000,
    )  # fmt: skip
    for group in GROUPS:
        for service in SERVICES:
            finance.budget_create(
                by=alice, financial_year=year, client_group=group, service_type=service, funding_source="council",
                amount=Decimal(rng.randrange(100_000_000, 2_000_000_000)) / 100,
            )  # fmt: skip
    loading = time.perf_counter() - started

    client = Client()
    client.force_login(alice)
    report_url = f"{reverse('finance:index')}?year={year}"
    commitments_url = f"{reverse('finance:commitments')}?year={year}"
    utilisation_url = reverse("contracts:utilisation", args=[big.pk])
    packages_url = reverse("care:index")

    def page(url: str):
        def get() -> int:
            response = client.get(url)
            assert response.status_code == 200, url
            return len(response.content)

        return get

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured.captured_queries)

    medians, _ = interleaved(
        {
            "report": page(report_url),
            "commitments": page(commitments_url),
            "alone": lambda: commitments_for(council.pk, year, today),
            "utilisation": page(utilisation_url),
            "packages": page(packages_url),
        },
        repeat=ROUNDS,
    )
    found = commitments_for(council.pk, year, today)
    counted = sum(c.count for c in found if not c.inside)
    contracted = sum((c.amount for c in found if not c.inside), Decimal(0))
    total = budget_report(organisation_id=council.pk, financial_year=year, as_of=today).total
    assert total.contracted == contracted, "the report and the commitments page must agree to the penny"
    assert f"£{contracted:,.2f}" in client.get(report_url).content.decode()
    assert f"£{contracted:,.2f}" in client.get(commitments_url).content.decode()
    return {
        "care packages: live / ended": f"{LIVE:,} / {ENDED:,}",
        "contracts": CONTRACTS,
        "setting up, seconds (untimed)": round(loading, 1),
        "records counted (contracts and packages not inside one)": f"{counted:,}",
        "contracted for the rest of the year": f"£{contracted:,.2f} (report total the same to the penny)",
        f"budgets and spend report page (ms, median of {ROUNDS})": round(medians["report"] * 1000, 1),
        f"commitments page (ms, median of {ROUNDS})": round(medians["commitments"] * 1000, 1),
        f"commitments alone, both sources (ms, median of {ROUNDS})": round(medians["alone"] * 1000, 1),
        f"block utilisation page, 20,000 live call-offs (ms, median of {ROUNDS})": round(
            medians["utilisation"] * 1000, 1
        ),
        f"care packages page (ms, median of {ROUNDS})": round(medians["packages"] * 1000, 1),
        "goal (ms)": 300,
        "queries on the report page": queries(report_url),
        "queries on the commitments page": queries(commitments_url),
        "queries on the utilisation page": queries(utilisation_url),
        "queries on the care packages page": queries(packages_url),
    }


if __name__ == "__main__":
    report("commitments", main())
