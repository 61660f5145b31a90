"""A national-size CQC register (50,000 locations in the HSCA active locations layout): import
time, re-import with 1% changed, and the directory page's and market overview's server time with
it loaded (the overview also with 5,000 locations, to show it does not grow with the register).

The file has CQC's real column names and every English council's name, with made-up locations
(the national file is not in the repository). Baselines, timed in turn with what they are
compared to: a plain bulk insert of the same providers and locations (no checks, no history, no
change detection), and a plain page (the area page) on the same database. Imports are timed in a
transaction that is undone each time, so each run starts from the same empty register.
"""

from __future__ import annotations

import random
import time

from bench.common import django_in_a_temporary_directory, interleaved, ratio, report, rolled_back

LOCATIONS = 50_000
SMALL = 5_000  # the overview is timed with this many locations too
RATINGS = ["Outstanding", "Good", "Good", "Good", "Requires improvement", "Inadequate", ""]


def _rows(councils: list[str]) -> list[dict[str, str]]:
    from commissioning.market.tests.files import hsca_row

    rng = random.Random(2026)
    rows = []
    for number in range(1, LOCATIONS + 1):
        care_home = rng.random() < 0.45
        provider = rng.randint(1, LOCATIONS // 3)
        rows.append(
            hsca_row(
                number,
                **{
                    "Location Name": f"{rng.choice(['Oak', 'Elm', 'Ash', 'Birch', 'Rowan'])} "
                    f"{rng.choice(['House', 'Court', 'Lodge', 'Care', 'Homecare'])} {number}",
                    "Location Local Authority": rng.choice(councils),
                    "Care home?": "Y" if care_home else "N",
                    "Care homes beds": str(rng.randint(8, 120)) if care_home else "",
                    "Service type - Care home service with nursing": "Y" if care_home and rng.random() < 0.4 else "",
                    "Service type - Care home service without nursing": "Y" if care_home else "",
                    "Service type - Domiciliary care service": "" if care_home else "Y",
                    "Location Latest Overall Rating": rng.choice(RATINGS),
                    "Location Latitude": f"{rng.uniform(50.2, 55.6):.5f}",
                    "Location Longitude": f"{rng.uniform(-5.5, 1.6):.5f}",
                    "Provider ID": f"1-{200000000 + provider}",
                    "Provider Name": f"Provider {provider} Ltd",
                    "Brand Name": f"Group {provider % 400}" if provider % 3 == 0 else "",
                },
            )
        )
    return rows


def _plain_bulk_insert(rows: list[dict[str, str]]) -> None:
    """The baseline: the same providers and locations written with bulk_create."""
    from commissioning.market.models import Location, Provider

    providers = {}
    for row in rows:
        providers.setdefault(
            row["Provider ID"], Provider(name=row["Provider Name"], cqc_provider_id=row["Provider ID"])
        )
    Provider.objects.bulk_create(providers.values(), batch_size=2000)
    ids = dict(Provider.objects.values_list("cqc_provider_id", "pk"))
    Location.objects.bulk_create(
        (
            Location(
                provider_id=ids[row["Provider ID"]],
                name=row["Location Name"],
                cqc_location_id=row["Location ID"],
                beds=int(row["Care homes beds"]) if row["Care homes beds"] else None,
                postcode=row["Location Postal Code"],
                local_authority_name=row["Location Local Authority"],
            )
            for row in rows
        ),
        batch_size=2000,
    )


def main() -> dict:
    django_in_a_temporary_directory()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.choices import OrganisationKind, Role
    from commissioning.accounts.models import Organisation, User
    from commissioning.core.choices import UPPER_TIER_LEVELS
    from commissioning.core.models import Area
    from commissioning.core.services import areas_load_lookup
    from commissioning.market.models import Location, MarketEvent
    from commissioning.market.services import cqc_import
    from commissioning.market.tests.files import hsca_csv

    areas_load_lookup()
    councils = sorted(Area.objects.filter(level__in=UPPER_TIER_LEVELS).values_list("name", flat=True))
    rows = _rows(councils)
    content = hsca_csv(rows)

    def product_import():
        return cqc_import(name="HSCA_Active_Locations.csv", content=content, by=None)

    council = Organisation.objects.create(
        name="Trafford Council", kind=OrganisationKind.COUNCIL, area=Area.objects.get(code="E08000009")
    )
    user = User.objects.create_user(
        "bench@example.org", "x" * 20, full_name="Bench", role=Role.COMMISSIONER, organisation=council
    )
    client = Client()
    client.force_login(user)

    def page(url: str):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    def overview_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page("/market/?area=E08000009")
        return len(captured)

    # The overview with a tenth of the register loaded (undone afterwards), to show its time does
    # not grow with the register.
    def small_register() -> tuple[dict[str, float], int]:
        cqc_import(name="HSCA_Active_Locations.csv", content=hsca_csv(rows[:SMALL]), by=None)
        timings, _ = interleaved(
            {"overview": lambda: page("/market/?area=E08000009"), "plain": lambda: page("/areas/E08000009/")},
            repeat=15,
            warmup=2,
        )
        return timings, overview_queries()

    small_pages, small_queries = rolled_back(small_register)()

    seconds, results = interleaved(
        {"import": rolled_back(product_import), "bulk": rolled_back(lambda: _plain_bulk_insert(rows))},
        repeat=3,
        warmup=0,
    )
    assert results["import"].created == LOCATIONS, results["import"]
    import_seconds, baseline_seconds = seconds["import"], seconds["bulk"]
    first = product_import()
    assert first.created == LOCATIONS, first

    rng = random.Random(7)
    for row in rng.sample(rows, LOCATIONS // 100):
        row["Location Latest Overall Rating"] = (
            "Inadequate" if row["Location Latest Overall Rating"] != "Inadequate" else "Good"
        )
        row["Publication Date"] = "01/11/2026"
    changed_content = hsca_csv(rows)
    started = time.perf_counter()
    second = cqc_import(name="HSCA_Active_Locations.csv", content=changed_content, by=None)
    reimport_seconds = time.perf_counter() - started
    assert second.updated == LOCATIONS // 100 and second.created == 0, second

    from django.db import reset_queries

    connection.force_debug_cursor = True
    reset_queries()
    page("/market/locations/?q=Oak")
    queries = list(connection.queries)
    connection.force_debug_cursor = False
    pages, _ = interleaved(
        {
            "directory": lambda: page("/market/locations/"),
            "filtered": lambda: page("/market/locations/?service=nursing&rating=good&page=3"),
            "searched": lambda: page("/market/locations/?q=Oak+House"),
            "overview": lambda: page("/market/?area=E08000009"),
            "plain": lambda: page("/areas/E08000009/"),
        },
        repeat=15,
        warmup=2,
    )
    directory_seconds, filtered_seconds, search_seconds = pages["directory"], pages["filtered"], pages["searched"]
    plain_seconds = pages["plain"]
    figures = {
        "locations": Location.objects.count(),
        "file size (MB)": round(len(content) / 1e6, 1),
        "import seconds (median of 3)": round(import_seconds, 2),
        "import rows per second": round(LOCATIONS / import_seconds),
        "plain bulk insert of the same rows, seconds (baseline, median of 3)": round(baseline_seconds, 2),
        "ratio import / plain bulk insert (goal: within 2x)": ratio(import_seconds, baseline_seconds),
        "re-import with 1% changed, seconds": round(reimport_seconds, 2),
        "re-import rows per second": round(LOCATIONS / reimport_seconds),
        "ratio re-import / plain bulk insert": ratio(reimport_seconds, baseline_seconds),
        "changes recorded": MarketEvent.objects.count(),
        "directory page, ms (median of 15; goal under 300)": round(directory_seconds * 1000, 1),
        "directory page filtered (service, rating, page 3), ms": round(filtered_seconds * 1000, 1),
        "directory page searched by name, ms": round(search_seconds * 1000, 1),
        "directory page database queries (searched)": len(queries),
        "plain area page, ms (baseline)": round(plain_seconds * 1000, 1),
        "ratio directory / plain page": ratio(directory_seconds, plain_seconds),
        "market overview, ms (median of 15)": round(pages["overview"] * 1000, 1),
        "ratio overview / plain page": ratio(pages["overview"], plain_seconds),
        "market overview database queries": overview_queries(),
        f"market overview with {SMALL:,} locations, ms (median of 15)": round(small_pages["overview"] * 1000, 1),
        f"plain area page with {SMALL:,} locations, ms (baseline)": round(small_pages["plain"] * 1000, 1),
        f"market overview database queries with {SMALL:,} locations": small_queries,
        f"ratio overview at {LOCATIONS:,} / at {SMALL:,} locations (goal: about 1)": ratio(
            pages["overview"], small_pages["overview"]
        ),
    }
    report("market_import", figures)
    return figures


if __name__ == "__main__":
    main()
