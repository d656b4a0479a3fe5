"""Schema migrations: ``schema/NNN_name.cypher`` files, applied in order.

``lineage db init`` (and every load, first) runs every file's statements, in one transaction so
that the indexes a populated graph lacks are built by one scan of it, and records the newest
version in the graph (a single ``(:SchemaVersion {name: 'lineage'})`` node). Every statement
uses ``IF NOT EXISTS``, so running them again is harmless, and it brings back an index that a
first load deferred and was killed before re-creating. Since every file runs every time, a
migration that removes an index also takes its ``CREATE`` out of the earlier file.

A first load into an empty graph writes faster without the indexes it does not read: every
index costs an update per written node. :class:`DeferredIndexes` drops them for the load and
builds each once, which takes seconds where maintaining it row by row costs minutes."""

from __future__ import annotations

import dataclasses
import re
import time
from importlib import resources

from lineage.cypher import queries
from lineage.cypher.client import Graph
from lineage.errors import DiskFull, QueryError


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


def apply(graph: Graph, *, wait: bool = True) -> tuple[int, int]:
    """Bring the schema up to date; return (version before, version after).

    With ``wait`` it returns once every index is online; without, indexes still populating
    finish in the background (queries work meanwhile, slower)."""
    before = current_version(graph)
    found = migrations()
    # A constraint's leftover index (after a crash mid-build) would refuse the constraint.
    orphans = [row["name"] for row in graph.run("schema/orphan_indexes",
                                                 names=constraint_names())]
    if orphans:
        graph.run_statements("schema/drop_orphans",
                             [f"DROP INDEX {name} IF EXISTS" for name in orphans])
    graph.run_statements("schema/migrations", [s for m in found for s in m.statements])
    if found[-1].version > before:
        graph.run("schema/record_version", version=found[-1].version)
    if wait:
        await_online(graph)
    return before, current_version(graph)


def await_online(graph: Graph, poll: float = 1.0) -> None:
    """Return once every index is online, however long populating takes (each poll is a short
    query, so no query timeout applies to the wait). Raises :class:`QueryError` naming an index
    whose population failed."""
    while True:
        pending = graph.run("schema/indexes_pending")
        failed = [row["name"] for row in pending if row["state"] == "FAILED"]
        if failed:
            home = graph.settings.home
            if graph.settings.local_bolt_port and DiskFull.nearly(home):
                raise DiskFull.at(home, f"building the index {', '.join(failed)}")
            raise QueryError(f"index {', '.join(failed)} failed to populate: drop it and run "
                             "`lineage db init` to build it again")
        if not pending:
            return
        time.sleep(poll)


#: The schema objects a load reads: models and snapshots are merged on these keys.
WRITE_PATH = frozenset({"model_key", "snapshot_id"})

_CREATES = re.compile(r"CREATE\s+(CONSTRAINT|(?:\w+\s+)?INDEX)\s+(\w+)", re.IGNORECASE)


def constraint_names() -> list[str]:
    """The names of the constraints the migrations create."""
    return [match.group(2) for migration in migrations() for statement in migration.statements
            if (match := _CREATES.match(statement)) and match.group(1).upper() == "CONSTRAINT"]


def deferrable() -> list[tuple[str, str]]:
    """The (kind, name) of every schema object a load does not read: ``CONSTRAINT`` or
    ``INDEX``."""
    found = []
    for migration in migrations():
        for statement in migration.statements:
            match = _CREATES.match(statement)
            if match and match.group(2) not in WRITE_PATH:
                kind = "CONSTRAINT" if match.group(1).upper() == "CONSTRAINT" else "INDEX"
                found.append((kind, match.group(2)))
    return found


class DeferredIndexes:
    """The indexes one load defers. :meth:`defer` drops the indexes a load does not read when
    the graph holds no model yet; :meth:`build` re-creates them (they populate in the background
    while the load goes on); :meth:`finish` waits until they are online.

    A load that fails calls :meth:`build` and does not wait. If the process is killed, the next
    :func:`apply` (every ``lineage load`` and ``db init`` runs it) re-creates them.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.active = False  # deferred, and not yet online again
        self._built = False

    def defer(self) -> bool:
        """Drop the deferrable indexes if the graph holds no model; return whether it did."""
        if not self.graph.run("schema/any_model"):
            self.graph.run_statements("schema/defer", [f"DROP {kind} {name} IF EXISTS"
                                                       for kind, name in deferrable()])
            self.active = True
        return self.active

    def build(self) -> None:
        """Re-create the deferred indexes now, without waiting for them."""
        if self.active and not self._built:
            apply(self.graph, wait=False)
            self._built = True

    def finish(self) -> None:
        """Re-create the deferred indexes if not yet done, and wait until they are online."""
        if self.active:
            self.build()
            await_online(self.graph)
            self.active = False


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def clear(graph: Graph) -> None:
    """Delete every node and relationship and the graph's card text store, then apply the
    schema again (its constraints and indexes stay; the version is recorded anew)."""
    from lineage.cypher import cardstore

    cardstore.remove_store(graph)
    graph.run("admin/clear")
    apply(graph)
