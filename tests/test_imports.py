"""The package's import graph has no cycle: each module can be read (and loaded) after the ones it uses.

Read from the syntax tree of every module, so an import inside a function counts as much as one at the top
(a lazy import that only dodges a cycle is still a cycle). Importing `indexer.a.b` also runs `indexer/a/__init__.py`,
so a module outside a package depends on that package's `__init__` as well; only imports under
`if TYPE_CHECKING:` are left out, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "indexer"


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skipped


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (and the packages whose `__init__` that runs)."""
    modules = _modules(root)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_nodes(tree)
        here = name.split(".") if is_package else name.split(".")[:-1]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                targets |= {module} | {f"{module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
        deps = set()
        for target in targets & modules.keys():
            parts = target.split(".")
            for n in range(2, len(parts) + 1):  # indexer.render.x runs indexer/render/__init__.py first
                parent = ".".join(parts[:n])
                if parent in modules and not name.startswith(parent + ".") and parent != name:
                    deps.add(parent)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_a_lazy_import_that_closes_a_circle_is_found(tmp_path):
    pkg = tmp_path / "indexer"
    (pkg / "render").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "render" / "__init__.py").write_text("from .training import x\n")
    (pkg / "render" / "training.py").write_text("def x():\n    from ..pack import y\n")
    (pkg / "pack.py").write_text("from .render.context import z\n")
    (pkg / "render" / "context.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..pack import y\n")
    assert cycles(import_graph(pkg)) == [["indexer.pack", "indexer.render", "indexer.render.training"]]
