"""A national single-year-of-age projection (every English area, 3 files, about 2.4 million cells):
import time, re-import time, and the needs profile page's server time with it loaded.

The files have ONS's real layout and area codes, with made-up values (the real national files are
not in the repository). Baselines measured in the same run: reading the files with Polars alone,
and rendering a plain page (the area page) on the same database.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.common import django_in_a_temporary_directory, report, timed

YEARS = list(range(2022, 2048))


def _write_files(directory: Path, codes: list[tuple[str, str]]) -> list[Path]:
    rng = random.Random(2026)
    header = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP",' + ",".join(f'"{y}"' for y in YEARS) + "\n"
    paths = {sex: directory / f"2022 SNPP Population {sex}.csv" for sex in ("males", "females", "persons")}
    handles = {sex: path.open("w", encoding="utf-8") for sex, path in paths.items()}
    for handle in handles.values():
        handle.write(header)
    for code, name in codes:
        totals = {sex: [0] * len(YEARS) for sex in handles}
        for age in range(91):
            label = "90 and over" if age == 90 else str(age)
            males = [rng.randint(100_000, 3_000_000) for _ in YEARS]  # thousandths of a person
            females = [rng.randint(100_000, 3_000_000) for _ in YEARS]
            for sex, values in (
                ("males", males),
                ("females", females),
                ("persons", [m + f for m, f in zip(males, females, strict=True)]),
            ):
                totals[sex] = [t + v for t, v in zip(totals[sex], values, strict=True)]
                cells = ",".join(f"{v // 1000}.{v % 1000:03d}" for v in values)
                handles[sex].write(f'{code},"{name}",Population,{sex},{label},{cells}\n')
        for sex, values in totals.items():
            cells = ",".join(f"{v // 1000}.{v % 1000:03d}" for v in values)
            handles[sex].write(f'{code},"{name}",Population,{sex},All ages,{cells}\n')
    for handle in handles.values():
        handle.close()
    return list(paths.values())


def main() -> dict:
    directory = django_in_a_temporary_directory()
    from django.test import Client

    from commissioning.accounts.choices import OrganisationKind, Role
    from commissioning.accounts.models import Organisation, User
    from commissioning.analytics.population import read_ons_projection
    from commissioning.analytics.population_checks import PopulationFile
    from commissioning.core.models import Area
    from commissioning.core.services import areas_load_lookup
    from commissioning.needs.published_rates import load_published_rates
    from commissioning.needs.services import population_import

    areas_load_lookup()
    load_published_rates()
    codes = list(Area.objects.order_by("code").values_list("code", "name"))
    files = _write_files(directory, codes)
    size_mb = sum(path.stat().st_size for path in files) / 1e6

    started = time.perf_counter()
    for path in files:
        read_ons_projection(path)
    read_seconds = time.perf_counter() - started

    started = time.perf_counter()
    vintage, _ = population_import(files=[PopulationFile.from_path(path) for path in files], name="Bench", variant="")
    import_seconds = time.perf_counter() - started
    cells = len(codes) * 92 * len(YEARS) * 3

    started = time.perf_counter()
    _, changed = population_import(files=[PopulationFile.from_path(path) for path in files], name="Bench", variant="")
    reimport_seconds = time.perf_counter() - started
    assert not changed

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

    profile_seconds, _ = timed(lambda: page("/needs/areas/E08000009/"), repeat=15, warmup=2)
    plain_seconds, _ = timed(lambda: page("/areas/E08000009/"), repeat=15, warmup=2)
    figures = {
        "areas": len(codes),
        "cells in the three files": cells,
        "file size (MB)": round(size_mb, 1),
        "import seconds": round(import_seconds, 2),
        "import cells per second": round(cells / import_seconds),
        "reading and checking with Polars alone, seconds (baseline)": round(read_seconds, 2),
        "ratio import / read alone": round(import_seconds / read_seconds, 2),
        "re-import of the same files, seconds": round(reimport_seconds, 3),
        "profile page, ms (median of 15; goal under 300)": round(profile_seconds * 1000, 1),
        "plain area page, ms (baseline)": round(plain_seconds * 1000, 1),
        "ratio profile / plain page": round(profile_seconds / plain_seconds, 1),
        "vintage": str(vintage),
    }
    report("needs_import", figures)
    return figures


if __name__ == "__main__":
    main()
