"""Import-linter contract types of our own (named in pyproject.toml's [tool.importlinter])."""

from __future__ import annotations

import grimp
from importlinter import ContractCheck
from importlinter.contracts.protected import ProtectedContract


class ProtectedWhenPresentContract(ProtectedContract):
    """A protected contract that may name modules not written yet: it holds trivially until they
    exist, then binds from their first file (as optional layers do)."""

    type_name = "protected_when_present"

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        def present(expressions: set) -> set:
            return {item for item in expressions if item.has_wildcard_expression() or item.expression in graph.modules}

        self.protected_modules = present(self.protected_modules)  # type: ignore[has-type]
        self.allowed_importers = present(self.allowed_importers)  # type: ignore[has-type]
        return super().check(graph, verbose)
