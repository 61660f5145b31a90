"""The import contracts in pyproject.toml hold, and would catch the imports they exist to stop."""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import grimp
import pytest
from importlinter.application.contract_utils import AlertLevel
from importlinter.application.use_cases import read_user_options
from importlinter.configuration import configure
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

from tools.import_contracts import ProtectedWhenPresentContract

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "commissioning"
CONTRACT_TYPES = {
    "layers": LayersContract,
    "forbidden": ForbiddenContract,
    "protected_when_present": ProtectedWhenPresentContract,
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("commissioning", include_external_packages=True, exclude_type_checking_imports=True)


def _contract(contract_id: str):
    configure()
    config = read_user_options(str(ROOT / "pyproject.toml"))
    options = next(contract for contract in config.contracts_options if contract.get("id") == contract_id)
    return CONTRACT_TYPES[options["type"]](
        name=options["name"],
        session_options=config.session_options,
        contract_options={**options, "unmatched_ignore_imports_alerting": AlertLevel.NONE.value},
    )


def _check(contract_id: str, graph: grimp.ImportGraph, *imports: tuple[str, str]) -> bool:
    graph = copy.deepcopy(graph)
    for importer, imported in imports:
        for module in (importer, imported):
            # A new module's packages exist too, as they would on disk.
            parts = module.split(".")
            for package in (".".join(parts[:end]) for end in range(2, len(parts) + 1)):
                if package not in graph.modules:
                    graph.add_module(package)
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
    return _contract(contract_id).check(graph, verbose=False).kept


@pytest.mark.parametrize("contract_id", ["layers", "analytics", "personal-data"])
def test_the_code_keeps_every_contract(graph, contract_id):
    assert _check(contract_id, graph)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("commissioning.core.models", "commissioning.accounts.models"),  # core below accounts
        ("commissioning.cycles.views", "commissioning.needs.selectors"),  # cycles below needs
        ("commissioning.market.statement", "commissioning.needs.selectors"),  # siblings: only needs.published
        ("commissioning.finance.models", "commissioning.market.models"),  # siblings are independent
        ("commissioning.analytics.forecast", "commissioning.core.models"),  # analytics imports nothing of ours
        ("commissioning.strategy.models", "commissioning.procurement.models"),  # a future app, from its first file
    ],
)
def test_an_import_against_the_walk_of_the_data_breaks_the_layers(graph, importer, imported):
    assert not _check("layers", graph, (importer, imported))


def test_a_new_top_level_package_must_be_given_its_place(graph):
    assert not _check("layers", graph, ("commissioning.newapp.models", "commissioning.core.models"))


def test_the_published_needs_module_is_the_only_way_sideways(graph):
    assert _check("layers", graph, ("commissioning.finance.views", "commissioning.needs.published"))


def test_analytics_may_not_import_django(graph):
    assert not _check("analytics", graph, ("commissioning.analytics.forecast", "django"))


def test_only_care_reads_person_level_records(graph):
    care = ("commissioning.care.selectors", "commissioning.care.models")
    assert _check("personal-data", graph, care)
    assert _check("personal-data", graph, care, ("commissioning.monitoring.views", "commissioning.care.selectors"))
    assert not _check("personal-data", graph, care, ("commissioning.monitoring.views", "commissioning.care.models"))


def _imports_inside_functions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                module = getattr(inner, "module", None) if isinstance(inner, ast.ImportFrom) else None
                names = [alias.name for alias in inner.names] if isinstance(inner, ast.Import) else []
                if (module or "").startswith("commissioning") or any(n.startswith("commissioning") for n in names):
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    return found


def test_no_import_of_the_project_hides_inside_a_function():
    """An import inside a function is how a layer gets dodged unseen; the code has none."""
    production = [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "__main__.py"
    ]
    assert [found for path in production for found in _imports_inside_functions(path)] == []
