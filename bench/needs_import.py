"""A national single-year-of-age projection (every English area, 3 files, about 2.4 million cells):
import time, re-import time, and the needs profile page's server time with it loaded.

The files have ONS's real layout and area codes, with made-up values (the real national files are
not in the repository). Baselines, timed in turn with what they are compared to: a plain
`pl.read_csv` of the same files (no checks), and a plain page (the area page) on the same
database. The import is timed in a transaction that is undone each time, so each run starts
from the same empty register.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import polars as pl

from bench.common import django_in_a_temporary_directory, interleaved, ratio, report, rolled_back

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
    cells = len(codes) * 92 * len(YEARS) * 3

    def plain_read() -> int:
        return sum(pl.read_csv(path).height for path in files)

    def product_import() -> object:
        vintage, changed = population_import(
            files=[PopulationFile.from_path(path) for path in files], name="Bench", variant=""
        )
        assert changed
        return vintage

    seconds, _ = interleaved({"import": rolled_back(product_import), "read": plain_read}, repeat=3)

    vintage = product_import()
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
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    pages, _ = interleaved(
        {"profile": page("/needs/areas/E08000009/"), "plain": page("/areas/E08000009/")}, repeat=15, warmup=2
    )
    figures = {
        "areas": len(codes),
        "cells in the three files": cells,
        "file size (MB)": round(size_mb, 1),
        "import seconds (median of 3)": round(seconds["import"], 2),
        "import cells per second": round(cells / seconds["import"]),
        "plain pl.read_csv of the same files, seconds (baseline)": round(seconds["read"], 2),
        "ratio import / plain read (goal: within 3x)": ratio(seconds["import"], seconds["read"]),
        "re-import of the same files, seconds": round(reimport_seconds, 3),
        "profile page, ms (median of 15; goal under 300)": round(pages["profile"] * 1000, 1),
        "plain area page, ms (baseline)": round(pages["plain"] * 1000, 1),
        "ratio profile / plain page": ratio(pages["profile"], pages["plain"]),
        "vintage": str(vintage),
    }
    report("needs_import", figures)
    return figures


if __name__ == "__main__":
    main()
