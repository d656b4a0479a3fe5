"""Schema migrations: ``schema/NNN_name.cypher`` files applied in order, once each.

``lineage db init`` applies the files whose number is above the version recorded in the graph
(a single ``(:SchemaVersion {name: 'lineage'})`` node) and records the new version. Every
statement uses ``IF NOT EXISTS``, so applying a file twice is harmless.
"""

from __future__ import annotations

import dataclasses
import re
from importlib import resources

from lineage.cypher import queries
from lineage.cypher.client import Graph


@dataclasses.dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def migrations() -> list[Migration]:
    """Every migration shipped with the project, in order."""
    found = []
    for file in resources.files(__package__).joinpath("schema").iterdir():
        match = re.fullmatch(r"(\d+)_(\w+)\.cypher", file.name)
        if match:
            text = file.read_text(encoding="utf-8")
            queries.parse(f"schema/{file.name}", text)  # same header rules as every query
            statements = tuple(s.strip() for s in _strip_comments(text).split(";") if s.strip())
            found.append(Migration(int(match.group(1)), match.group(2), statements))
    return sorted(found, key=lambda m: m.version)


def latest_version() -> int:
    return migrations()[-1].version


def current_version(graph: Graph) -> int:
    rows = graph.run("schema/version")
    return rows[0]["version"] if rows else 0


def apply(graph: Graph) -> tuple[int, int]:
    """Bring the schema up to date; return (version before, version after)."""
    before = current_version(graph)
    for migration in migrations():
        if migration.version > before:
            graph.run_statements(f"schema/{migration.version:03d}_{migration.name}",
                                 migration.statements)
            graph.run("schema/record_version", version=migration.version)
    graph.run("schema/await_indexes")
    return before, current_version(graph)


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
