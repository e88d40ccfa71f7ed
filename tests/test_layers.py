"""The package's floor plan holds: no import loops between modules, and the pipeline
(validate → evaluate → render) is composed in one module only, the front door
(procurement/service.py). The layer order itself is import-linter's contract in
pyproject.toml, run by scripts/test.sh.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

from tests.conftest import ROOT

PACKAGE = ROOT / "procurement"
# The steps of the pipeline (function, module); only the front door calls them for a case.
PIPELINE = {
    ("parse_case", "procurement.core.facts_input"),
    ("evaluate", "procurement.core.engine"),
    ("evaluate_checks", "procurement.core.checks"),
    ("render", "procurement.report.render"),
    ("render_checks", "procurement.report.check_report"),
}
FRONT_DOOR = PACKAGE / "service.py"


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    graph = grimp.build_graph("procurement")
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, []):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others() -> None:
    cycles = [c for c in _cycles() if c != ["procurement"]]
    # The package's own __init__ re-exports the front door for scripts; it is the entrance,
    # never imported by the modules below it, so it cannot close a loop.
    assert not cycles, "import loops: " + "; ".join(" ↔ ".join(c) for c in cycles)


def _pipeline_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
        if (alias.name, node.module) in PIPELINE
    }
    return sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.func.id}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in imported
    )


def test_the_pipeline_is_composed_in_the_front_door_only() -> None:
    calls = [
        call
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != FRONT_DOOR
        for call in _pipeline_calls(path)
    ]
    assert not calls, "compose the pipeline through procurement.service.Vagval:\n" + "\n".join(
        calls
    )
    assert _pipeline_calls(FRONT_DOOR), "the front door no longer composes the pipeline"
