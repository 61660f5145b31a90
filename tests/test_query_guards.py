"""Every page-access matrix also guards its pages' query counts (issue 17): a page that runs a
query for each row it shows gets slower as a council's data grows, so each app whose tests check
who may open its pages must also check that those pages' queries do not grow with the data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "commissioning"
# What a query-count guard looks like: the shared check, or an app's own module of them.
GUARDS = ("check_queries_do_not_grow(", "def test_a_market_page_runs_as_many_queries")


def test_every_app_that_checks_page_access_also_guards_query_counts():
    unguarded = []
    for tests in sorted(ROOT.glob("*/tests")):
        texts = [path.read_text() for path in tests.glob("test_*.py")]
        if any("check_page_access(" in text for text in texts) and not any(
            guard in text for guard in GUARDS for text in texts
        ):
            unguarded.append(str(tests.relative_to(ROOT)))
    assert not unguarded, f"page-access matrices without a query-count guard: {unguarded}"
