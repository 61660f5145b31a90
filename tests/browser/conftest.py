"""Browser tests: Playwright driving Debian's Chromium, with axe-core on every page visited."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.cache import cache

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    missing = [str(path) for path in (CHROMIUM, AXE) if not path.exists()]
    if not missing:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests need {', '.join(missing)} (see README: Tests)")
    skip = pytest.mark.skip(reason=f"not installed: {', '.join(missing)}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


class Accessibility:
    """Runs axe-core on the current page and collects serious or critical WCAG 2.2 AA failures."""

    def __init__(self) -> None:
        self.script = AXE.read_text(encoding="utf-8") if AXE.exists() else ""
        self.checked: list[str] = []

    def check(self, page) -> None:
        page.evaluate(self.script)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        self.checked.append(page.url)
        serious = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{page.url}: " + "; ".join(serious)


@pytest.fixture
def axe() -> Accessibility:
    return Accessibility()


@pytest.fixture(autouse=True)
def _pages_kept_as_in_production(settings):
    """Browser journeys change records and look again, as people do: with pages kept
    (core.kept_pages), as production serves them, every change must show at once."""
    settings.KEPT_PAGES = True
    cache.clear()
    yield
    cache.clear()
