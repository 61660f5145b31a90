"""Every page-access matrix also guards its pages' query counts (issue 17): a page that runs a
query for each row it shows gets slower as a council's data grows, so each test module that
checks who may open pages must also check that those pages' queries do not grow with the data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "commissioning"


def test_every_module_that_checks_page_access_also_guards_query_counts():
    unguarded = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("*/tests/test_*.py"))
        if "check_page_access(" in (text := path.read_text()) and "check_queries_do_not_grow(" not in text
    ]
    assert not unguarded, f"page-access matrices without a query-count guard: {unguarded}"
