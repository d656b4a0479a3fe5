"""The project's layering, read from the source with ``ast`` (no module is imported).

The rooms import only downward: ``lineage/`` < ``cypher/`` and ``localneo4j/`` (the stores) <
``analytics/`` < ``loader/`` < ``ui/``. Within ``analytics/`` the pure subpackages (the
literature's measures, the ecosystem analyses, governance, the papers' replication) touch no
store: they import neither ``cypher`` nor ``localneo4j`` nor the subpackages that read and write
the graph. And the front ends (``ui/``) name no query: they ask the explorer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: Each room (a top-level folder, installed as ``lineage.<room>``) and its rank.
RANKS = {"lineage": 0, "cypher": 1, "localneo4j": 1, "analytics": 2, "loader": 3, "ui": 4}
#: The pure part of ``analytics/``, and what it may not import.
PURE = ("measures", "ecosystem", "governance", "replication", "inference")
IMPURE = ("lineage.cypher", "lineage.localneo4j", "lineage.analytics.reads",
          "lineage.analytics.jobs")


def sources(repo: Path = REPO) -> Iterator[tuple[str, str]]:
    """Every module of every room: its path relative to the repository, and its text."""
    for room in RANKS:
        for path in sorted((repo / room).rglob("*.py")):
            yield str(path.relative_to(repo)), path.read_text(encoding="utf-8")


def query_names(repo: Path = REPO) -> set[str]:
    return {str(p.relative_to(repo / "cypher"))[:-len(".cypher")]
            for p in (repo / "cypher").rglob("*.cypher") if not p.name[0].isdigit()}


def _imports(tree: ast.AST) -> Iterator[tuple[int, list[str]]]:
    """Each import statement's line and the modules it may import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, [alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # ``from lineage.analytics import reads`` imports a subpackage by its name.
            yield node.lineno, [node.module, *(f"{node.module}.{a.name}" for a in node.names)]


def _room_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "lineage":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in RANKS else "lineage"


def violations(modules: Iterable[tuple[str, str]], queries: set[str]) -> list[str]:
    """One line per import that goes up a room, per pure analytics module that touches a
    store, and per query a front-end module names."""
    found = []
    for path, text in modules:
        room = path.split("/")[0]
        tree = ast.parse(text, path)
        parts = path.split("/")
        pure = room == "analytics" and len(parts) > 2 and parts[1] in PURE
        for line, modules in _imports(tree):
            up = [m for m in modules
                  if (target := _room_of(m)) is not None and RANKS[target] > RANKS[room]]
            if up:
                found.append(f"{path}:{line} imports {up[0]}: {room}/ may import only rooms "
                             "below it")
            stores = [m for m in modules
                      if any(m == p or m.startswith(p + ".") for p in IMPURE)]
            if pure and stores:
                found.append(f"{path}:{line} imports {stores[0]}: the pure part of analytics/ "
                             "touches no store")
        if room == "ui":
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and node.value in queries:
                    found.append(f"{path}:{node.lineno} names the query {node.value!r}: ask "
                                 "the explorer")
    return sorted(set(found))
