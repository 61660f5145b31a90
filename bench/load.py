"""Requests per second and latency of every signed-in page under load, as users run it:
gunicorn with 2 sync workers, production settings (DEBUG off), 16 connections, the demo council
plus national-size data (50,000 CQC locations and a national population projection).

    python -m bench.load                      # SQLite, and PostgreSQL too when DATABASE_URL names one
    python -m bench.load --postgres postgres://postgres@127.0.0.1:5432/postgres
    python -m bench.load --only sqlite --seconds 5

For each database: a temporary data directory and database (on PostgreSQL a throwaway database
created beside the one named, dropped afterwards), migrate, collectstatic, `load_demo`, then the
national CQC register (bench/market_import.py's generator) and the national projection
(bench/needs_import.py's file writer, through the population_import service). Two gunicorns are
started: the product, and a bare Django page (bench/load_bare.py) as the baseline. A demo
commissioner signs in through the sign-in form. Then a small asyncio client keeps 16
connections busy against each page in turn: one warm-up, then three interleaved rounds
(bare, health check, simplest page, dashboard... then again), so a machine slowing down weighs
on every page alike. Requests per second is the median of the three rounds; p50 and p95 are over
every request of the three.

Signed-in pages are kept between requests (core.kept_pages, ADR 13) as production serves them,
so these figures are for pages seen again with nothing changed since; `KEPT_PAGES=false` in the
environment measures every request rendered in full. The client runs on the same machine as the
server and takes some of its CPU, alike for every page. Goals (issue 17): the product's simplest
page at least 0.7x the bare page; every signed-in page at least 0.4x the simplest page, with p95
under 300 ms.

Run time is bounded: per database, set-up takes 3-6 minutes on 2 CPUs (migrate and collectstatic,
the demo, 50,000 locations, 2.4 million population cells) and measuring (--warmup + --seconds) for
each of the 18 pages 3.6 minutes with the defaults: 8-10 minutes a database, under 20 for both.
Every request has a 30 second timeout and the set-up a 15 minute one. Results: the table is printed and
written to bench/results/load-<database>.md and .json.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from bench.common import RESULTS

HOST = "127.0.0.1"
EMAIL = "priya.shah@trafford.example"  # the demo's commissioner at Trafford Council
TRAFFORD = "E08000009"
REQUEST_TIMEOUT = 30
SETUP_TIMEOUT = 15 * 60
SIMPLEST = "simplest page (signed in)"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    server: str = "product"  # or "bare"
    signed_in: bool = True
    goal: str = "page"  # "bare-baseline", "overhead" (0.7x bare) or "page" (0.4x simplest, p95 < 300 ms)


@dataclass
class Measure:
    rates: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    requests: int = 0
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- set-up (in its own process)


def setup(directory: Path) -> None:
    """Migrate, load the demo and the national data, and write the pages to load to targets.json.
    Runs in a child process with the same environment as the server."""
    import django

    django.setup()
    from django.core.management import call_command

    from bench.market_import import _rows as cqc_rows
    from bench.needs_import import _write_files as population_files
    from commissioning.analytics.population_checks import PopulationFile
    from commissioning.core.choices import UPPER_TIER_LEVELS
    from commissioning.core.models import Area
    from commissioning.market.services import cqc_import
    from commissioning.market.tests.files import hsca_csv
    from commissioning.needs.services import population_import

    def step(label: str, started: float) -> None:
        print(f"  {label}: {time.perf_counter() - started:.0f} s", flush=True)

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    step("migrate and collectstatic", began)
    began = time.perf_counter()
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    step("demo council", began)
    began = time.perf_counter()
    councils = sorted(Area.objects.filter(level__in=UPPER_TIER_LEVELS).values_list("name", flat=True))
    run = cqc_import(name="HSCA_Active_Locations.csv", content=hsca_csv(cqc_rows(councils)), by=None)
    step(f"national CQC register ({run.created:,} locations)", began)
    began = time.perf_counter()
    codes = list(Area.objects.order_by("code").values_list("code", "name"))
    files_dir = directory / "population-files"
    files_dir.mkdir()
    files = population_files(files_dir, codes)
    population_import(files=[PopulationFile.from_path(path) for path in files], name="National (bench)", variant="")
    shutil.rmtree(files_dir)
    step(f"national population projection ({len(codes)} areas)", began)
    write_targets(directory)


def write_targets(directory: Path) -> None:
    """The pages to load, with the demo's own records in their addresses, in targets.json."""
    from commissioning.accounts.models import User
    from commissioning.cycles import selectors as cycles
    from commissioning.finance.models import CostOfCareExercise

    user = User.objects.get(email=EMAIL)
    cycle = cycles.cycle_list(user=user).order_by("pk").first()
    exercise = CostOfCareExercise.objects.filter(organisation=user.organisation).order_by("pk").first()
    assert cycle is not None and exercise is not None, "the demo has no cycle or cost of care exercise"
    targets = [
        Target("bare Django page", "/", server="bare", signed_in=False, goal="bare-baseline"),
        Target("/healthz", "/healthz", signed_in=False, goal="overhead"),
        Target("simplest page (anonymous)", "/accessibility/", signed_in=False, goal="overhead"),
        Target(SIMPLEST, "/accessibility/", goal="overhead"),
        Target("dashboard", "/"),
        Target("cycle", f"/cycles/{cycle.pk}/"),
        Target("needs profile", f"/needs/areas/{TRAFFORD}/"),
        Target("market overview", "/market/"),
        Target("resources", "/resources/"),
        Target("cost of care", f"/cost-of-care/{exercise.pk}/"),
        *(
            Target(f"API {name}", f"/api/v1/{name}/")
            for name in (
                "cycles",
                "activities",
                "locations",
                "providers",
                "spend-transactions",
                "population-vintages",
                "organisations",
                "areas",
            )
        ),
    ]
    from commissioning.demo.people import DEMO_PASSWORD

    pages = {"email": EMAIL, "password": DEMO_PASSWORD, "targets": [vars(target) for target in targets]}
    (directory / "targets.json").write_text(json.dumps(pages))


# ---------------------------------------------------------------- the servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn(app: str, port: int, env: dict[str, str], log: Path, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        f"--workers={workers}",
        "--worker-class=sync",
        f"--bind={HOST}:{port}",
        "--backlog=2048",
        "--timeout=120",
        "--graceful-timeout=5",
        "--log-level=warning",
    ]
    handle = log.open("ab")
    return subprocess.Popen(command, env=env, stdout=handle, stderr=handle, start_new_session=True)  # noqa: S603


def wait_until_up(port: int, path: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {process.returncode}); see {log}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on port {port}; see {log}")


def stop(process: subprocess.Popen) -> None:
    """Stop one gunicorn we started (its own process group: the arbiter and its workers)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def sign_in(port: int, email: str, password: str) -> str:
    """Sign a demo person in through the sign-in form; returns the Cookie header."""
    origin = f"https://{HOST}:{port}"
    base = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{port}"}
    jar: dict[str, str] = {}

    def keep(response: http.client.HTTPResponse) -> None:
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            jar.update({key: morsel.value for key, morsel in cookie.items()})

    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    connection.request("GET", "/sign-in/", headers=base)
    response = connection.getresponse()
    page = response.read().decode()
    keep(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert response.status == 200 and token, f"sign-in page: {response.status}"
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password, "next": "/"}
    )
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    cookie = "; ".join(f"{key}={value}" for key, value in jar.items())
    connection.request(
        "POST",
        "/sign-in/",
        body=body,
        headers={
            **base,
            "Cookie": cookie,
            "Origin": origin,
            "Referer": f"{origin}/sign-in/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = connection.getresponse()
    response.read()
    keep(response)
    assert response.status == 302, f"sign-in did not succeed: {response.status}"
    return "; ".join(f"{key}={value}" for key, value in jar.items())


# ---------------------------------------------------------------- the client


async def _one_connection(port: int, request: bytes, until: float, measure: Measure) -> None:
    reader = writer = None
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT)
            lines = head.decode("latin-1").split("\r\n")
            status = lines[0].split(" ", 2)[1]
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    key, value = line.split(":", 1)
                    headers[key.strip().lower()] = value.strip()
            if "content-length" in headers:
                await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), REQUEST_TIMEOUT)
            elif headers.get("transfer-encoding", "").lower() == "chunked":
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:
                await asyncio.wait_for(reader.read(), REQUEST_TIMEOUT)
                headers["connection"] = "close"
            finished = time.perf_counter()
            measure.requests += 1
            measure.latencies.append(finished - started)
            measure.statuses[status] = measure.statuses.get(status, 0) + 1
            if status != "200":
                measure.errors += 1
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError) as error:
            measure.requests += 1
            measure.errors += 1
            name = type(error).__name__
            measure.statuses[name] = measure.statuses.get(name, 0) + 1
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _drive(port: int, request: bytes, seconds: float, connections: int, measure: Measure) -> float:
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_one_connection(port, request, until, measure) for _ in range(connections)))
    return time.perf_counter() - started


def drive(port: int, path: str, cookie: str | None, seconds: float, connections: int, measure: Measure) -> None:
    headers = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}", "X-Forwarded-Proto: https", "Accept: */*"]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    request = ("\r\n".join(headers) + "\r\n\r\n").encode()
    before = measure.requests
    elapsed = asyncio.run(_drive(port, request, seconds, connections, measure))
    measure.rates.append((measure.requests - before) / elapsed)


# ---------------------------------------------------------------- one database


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def postgres_database(url: str) -> tuple[str, Callable[[], None]]:
    """A throwaway database on the server `url` names; returns its URL and how to drop it."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"commissioning_load_{os.getpid()}"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


def run_one(database: str, args: argparse.Namespace) -> dict:
    directory = args.reuse or Path(tempfile.mkdtemp(prefix=f"commissioning-load-{database}-"))
    drop = None
    if database == "postgresql":
        url, drop = postgres_database(args.postgres)
    else:
        url = f"sqlite:///{directory / 'load.sqlite3'}"
        if args.reuse and not (directory / "load.sqlite3").exists():
            raise SystemExit(f"no load.sqlite3 in {directory}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commissioning.config.settings",
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "BEHIND_TLS_PROXY": "true",  # the client says X-Forwarded-Proto: https, as a TLS proxy would
        "DATA_DIR": str(directory),
        "DATABASE_URL": url,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    env.pop("STATIC_ROOT", None)
    env.pop("POPULATION_DIR", None)
    log = directory / "gunicorn.log"
    servers: list[subprocess.Popen] = []
    try:
        if not args.reuse:
            print(f"\n== load on {database}: setting up in {directory}", flush=True)
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.load", "--setup", str(directory)],
                env={**env, "TASKS_BACKEND": "immediate", "LOG_LEVEL": "warning"},
                check=True,
                timeout=SETUP_TIMEOUT,
            )
        pages = json.loads((directory / "targets.json").read_text())
        targets = [Target(**item) for item in pages["targets"]]
        if args.pages:  # the baselines always, for the ratios
            wanted = {name.strip() for name in args.pages.split(",")}
            targets = [t for t in targets if t.goal != "page" or t.name in wanted or t.path in wanted]
        ports = {"product": free_port(), "bare": free_port()}
        servers.append(gunicorn("commissioning.config.wsgi", ports["product"], env, log, args.workers))
        servers.append(gunicorn("bench.load_bare:application", ports["bare"], env, log, args.workers))
        wait_until_up(ports["product"], "/healthz", servers[0], log)
        wait_until_up(ports["bare"], "/", servers[1], log)
        cookie = sign_in(ports["product"], pages["email"], pages["password"])
        measures = {target.name: Measure() for target in targets}

        def run(target: Target, seconds: float, measure: Measure) -> None:
            cookie_header = cookie if target.signed_in else None
            drive(ports[target.server], target.path, cookie_header, seconds, args.connections, measure)

        print(f"  measuring {len(targets)} pages: {args.warmup:g} s warm-up, then 3 rounds", flush=True)
        for target in targets:
            warm = Measure()
            run(target, args.warmup, warm)
            if warm.errors:
                print(f"  warning: {target.name} {target.path}: {warm.statuses}", flush=True)
        for _ in range(3):
            for target in targets:
                run(target, args.seconds / 3, measures[target.name])
        return report_table(database, targets, measures, args)
    except Exception:
        if log.exists():
            print(f"  the servers' log ended:\n{log.read_text(errors='replace')[-3000:]}", flush=True)
        raise
    finally:
        for process in reversed(servers):
            stop(process)
        if drop is not None:
            drop()
        if args.keep or args.reuse:
            print(f"  kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


def report_table(database: str, targets: list[Target], measures: dict[str, Measure], args: argparse.Namespace) -> dict:
    rows = []
    bare = statistics.median(measures["bare Django page"].rates)
    simplest = statistics.median(measures[SIMPLEST].rates)
    for target in targets:
        measure = measures[target.name]
        rate = statistics.median(measure.rates)
        p50, p95 = (percentile(measure.latencies, share) * 1000 for share in (0.5, 0.95))
        if target.goal == "overhead":
            versus, goal_met = f"{rate / bare:.2f}x bare", rate / bare >= 0.7
        elif target.goal == "page":
            versus, goal_met = f"{rate / simplest:.2f}x", rate / simplest >= 0.4 and p95 < 300
        else:
            versus, goal_met = "", None
        rows.append(
            {
                "page": target.name,
                "path": target.path,
                "requests per second": round(rate, 1),
                "p50 ms": round(p50, 1),
                "p95 ms": round(p95, 1),
                "requests": measure.requests,
                "errors": measure.errors,
                "statuses": measure.statuses,
                "ratio": versus,
                "goal met": goal_met,
            }
        )
    lines = [
        f"# Load: {database}",
        "",
        f"gunicorn, {args.workers} sync workers, production settings; {args.connections} connections; "
        f"{args.seconds:g} s a page in 3 interleaved rounds after {args.warmup:g} s warm-up; "
        f"{os.cpu_count()} CPUs shared with the client. Goals: the simplest page at least 0.7x the bare "
        "page; each signed-in page at least 0.4x the simplest page (signed in) with p95 under 300 ms.",
        "",
        "| Page | Path | Requests/s | p50 ms | p95 ms | Errors | Ratio | Goal |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        goal = {True: "met", False: "MISSED", None: ""}[row["goal met"]]
        lines.append(
            f"| {row['page']} | `{row['path']}` | {row['requests per second']:.0f} | {row['p50 ms']:.0f} | "
            f"{row['p95 ms']:.0f} | {row['errors']} | {row['ratio']} | {goal} |"
        )
    table = "\n".join(lines) + "\n"
    print("\n" + table, flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"load-{database}.md").write_text(table)
    (RESULTS / f"load-{database}.json").write_text(json.dumps(rows, indent=2))
    return {
        f"{row['page']} (requests/s, p95 ms, ratio)": f"{row['requests per second']:.0f}, "
        f"{row['p95 ms']:.0f}, {row['ratio']}"
        for row in rows
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--targets", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run on one database only")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else "",
        help="a PostgreSQL server to run on too (default: DATABASE_URL when it names one); "
        "a throwaway database is made on it",
    )
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load a page (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up a page (default 2)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", help="only these pages (names or paths, comma-separated), besides the baselines")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument(
        "--reuse", type=Path, help="a SQLite data directory kept by --keep: measure again without setting up"
    )
    args = parser.parse_args(argv)
    if args.setup:
        setup(args.setup)
        return 0
    if args.targets:  # only the list of pages, for a data directory set up before
        import django

        django.setup()
        write_targets(args.targets)
        return 0
    databases = [args.only] if args.only else ["sqlite", *(["postgresql"] if args.postgres else [])]
    if args.reuse and databases != ["sqlite"]:
        parser.error("--reuse is for a SQLite data directory: add --only sqlite")
    if "postgresql" in databases and not args.postgres:
        parser.error("PostgreSQL needs --postgres URL or DATABASE_URL")
    figures = {}
    for database in databases:
        for key, value in run_one(database, args).items():
            figures[f"{database}: {key}"] = value
    # `python -m bench` summarises bench/results/<name>.json (figure: value pairs).
    (RESULTS / "load.json").write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
