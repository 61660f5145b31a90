"""Find a provider over a national-size register: 50,000 locations across England with a capacity
return each, care homes and homecare branches spread over the country and denser in towns. Times
the page a social worker opens (through Django's test client, production templates) for a care
home bed with dementia in Trafford within 15 km, and the selector alone; counts its queries.
Goal: under 300 ms server time, not growing with the register (one bounding-box query).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal

from bench.common import django_in_a_temporary_directory, report

LOCATIONS = 50_000
# England's rough extent, and Trafford's centre (its boundary's box), where a fifth of homes cluster.
SOUTH, NORTH, WEST, EAST = 50.0, 55.8, -5.7, 1.7
TRAFFORD = (53.42, -2.35)


def main() -> dict:
    django_in_a_temporary_directory()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from commissioning.accounts.choices import OrganisationKind, Role
    from commissioning.accounts.models import Organisation, User
    from commissioning.contracts.brokerage import Search, find_providers
    from commissioning.core.choices import AreaLevel
    from commissioning.core.models import Area
    from commissioning.market.models import CapacityReturn, Location, Provider

    trafford = Area.objects.create(code="E08000009", name="Trafford", level=AreaLevel.METROPOLITAN)
    council = Organisation.objects.create(name="Trafford Council", kind=OrganisationKind.COUNCIL, area=trafford)
    sonia = User.objects.create_user(
        email="sonia@example.org", full_name="Sonia", role=Role.SOCIAL_WORKER, organisation=council
    )
    rng = random.Random(2027)
    providers = Provider.objects.bulk_create(Provider(name=f"Provider {n}") for n in range(5_000))
    started = time.perf_counter()
    locations = []
    for number in range(LOCATIONS):
        near = number % 5 == 0
        lat = TRAFFORD[0] + rng.uniform(-0.4, 0.4) if near else rng.uniform(SOUTH, NORTH)
        lon = TRAFFORD[1] + rng.uniform(-0.6, 0.6) if near else rng.uniform(WEST, EAST)
        home = number % 3 != 0
        locations.append(
            Location(
                provider=providers[number % len(providers)], name=f"Location {number}",
                service_codes="|care_home|nursing|" if home else "|homecare|",
                specialisms="|dementia|over_65|" if number % 2 else "|over_65|", is_care_home=home,
                latitude=lat, longitude=lon, overall_rating=rng.choice(["good", "outstanding", "requires improvement"]),
            )
        )  # fmt: skip
    Location.objects.bulk_create(locations, batch_size=5_000)
    today = datetime.date.today()
    CapacityReturn.objects.bulk_create(
        (
            CapacityReturn(
                location=location, return_date=today - datetime.timedelta(days=number % 20), beds_capacity=40,
                beds_vacant_accepting=number % 4, can_take_homecare_packages=bool(number % 2),
            )
            for number, location in enumerate(Location.objects.only("pk"))
        ),
        batch_size=5_000,
    )  # fmt: skip
    loading = time.perf_counter() - started
    search = Search(
        service_type="care_home", area=trafford, within_km=15, units=Decimal(1), specialisms=frozenset({"dementia"})
    )
    client = Client()
    client.force_login(sonia)
    url = reverse("contracts:find-provider")
    query = {
        "service_type": "care_home",
        "area": trafford.pk,
        "within_km": "15",
        "units": "1",
        "specialisms": "dementia",
    }

    def median_ms(run, repeat: int = 9) -> float:
        run()
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
        return round(statistics.median(times) * 1000, 1)

    found = find_providers(user=sonia, search=search)
    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url, query).status_code == 200
    return {
        "locations on the register (each with a capacity return)": f"{LOCATIONS:,}",
        "setting up the register, seconds (untimed)": round(loading, 1),
        "candidates within 15 km judged": len(found.shown) + len(found.left_out),
        "shown / left out with a reason": f"{len(found.shown)} / {len(found.left_out)}",
        "selector and judging alone (ms, median of 9)": median_ms(lambda: find_providers(user=sonia, search=search)),
        "the page a social worker opens (ms, median of 9)": median_ms(lambda: client.get(url, query)),
        "goal (ms)": 300,
        "queries on the page": len(statements),
    }


if __name__ == "__main__":
    report("brokerage", main())
