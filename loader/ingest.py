"""Write typed rows into Neo4j: batched, idempotent, interrupt-safe.

Every write is a ``MERGE`` on the model key or the (parent, type, child) triple, so loading the
same source twice changes no count, and a load killed half-way and run again finishes the job.

A load has two phases. First every model is written, batch after batch on two lanes (see
:mod:`.pipeline`); writing a model tells whether this load already wrote its id (the row is
then a duplicate and rejected). The edges and card texts of the rows kept are set aside in
spools (:mod:`.spool`). Then the edges are written: every endpoint the source names exists by
then, and only parents missing from the source become placeholders. Meanwhile the card texts
go into the card text store beside the graph (:mod:`lineage.cypher.cardstore`) in a process of
their own (:mod:`.cardindex`): edges are written on one lane, which leaves a core free for the
text index, whereas indexing beside the models took that core from the server's second lane.

Every load after the first to finish compares what it states with what the graph holds
(docs/life-cycle.md): a renamed repository (a known Hub object id under a new id) takes its new
id before its row is written, while no other row is being written; writing a model records
each change to a watched fact as a ``(:Change)`` and ends the edges its statement no longer
declares, in the model's own transaction; a complete listing marks the models it did not see
as removed at the end.

A load into an empty graph defers the indexes it does not read
(:class:`lineage.cypher.schema.DeferredIndexes`): they are built once the models are written,
in the background while the edges go in, and the load is done when they are online.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lineage.changes import WATCHED_PROPERTIES
from lineage.cypher import cardstore, schema
from lineage.cypher.client import Graph
from lineage.ids import model_key
from lineage.loader import cardfacts, cardindex
from lineage.loader.cycles import flag_cycles
from lineage.loader.pipeline import Lanes
from lineage.loader.records import ModelRecord, Reject
from lineage.loader.rejects import RejectsFile
from lineage.loader.spool import Spool
from lineage.relations import LABELS, Relation

DEFAULT_BATCH_SIZE = 5000
#: Load kind -> the kind of statement its records are of a model's parents. A newer statement
#: of the same kind replaces what an older one declared (edges it no longer declares end): the
#: Hub's own objects, however they were fetched, are one kind; the published dataset another.
#: A load of mixed formats (kind ``file``) states per file.
STATEMENTS = {"hub": "hub", "jsonl": "hub", "crawl": "hub", "dataset": "dataset"}
#: The watched facts held in one property each, as load/models takes them.
WATCHED = [{"kind": kind, "property": prop} for kind, prop in WATCHED_PROPERTIES.items()]
LIST_PROPERTIES = ("licenses", "languages", "datasets", "arxiv", "tags", "card_mentions")


@dataclasses.dataclass(slots=True)
class Edge:
    """An edge a source states apart from any model record (e.g. a crawl's children list)."""

    parent_id: str
    child_id: str
    relation: Relation
    source: str
    position: str
    word: str | None = None  # an unknown relation word, kept on the untyped edge

    def row(self) -> dict[str, Any]:
        """Its ``load/edges`` row."""
        return edge_row(self.parent_id, self.child_id, self.relation, self.source, self.word)


@dataclasses.dataclass
class LoadSummary:
    """What one load did; shown as a table at the end and stored on its Snapshot node."""

    snapshot: str
    source: str
    kind: str
    rows: int = 0
    models_new: int = 0
    models_updated: int = 0
    placeholders_resolved: int = 0
    placeholders_created: int = 0
    placeholders_total: int = 0
    edges_by_type: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    edges_new: int = 0
    unknown_relation_words: collections.Counter = dataclasses.field(
        default_factory=collections.Counter)
    cards: int = 0
    cycles: int = 0
    #: What the load changed (see lineage.changes): changes recorded, by kind; models a
    #: complete listing did not see; edges ended; repositories renamed.
    changes: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    removed: int = 0
    edges_ended: int = 0
    renamed: int = 0
    complete: bool = False
    rejects: int = 0
    rejects_by_reason: dict[str, int] = dataclasses.field(default_factory=dict)
    rejects_path: Path | None = None
    seconds: float = 0.0
    #: Where the time went: reading and writing models, writing edges, then waiting for the
    #: card text index to commit and for the indexes a load into an empty graph deferred; the
    #: rest of ``seconds`` is finishing (untyped edges settled, cycles found, counts).
    seconds_models: float = 0.0
    seconds_edges: float = 0.0
    seconds_cards: float = 0.0
    seconds_indexes: float = 0.0

    def counts(self) -> dict[str, Any]:
        """Flat counts for the Snapshot node (Neo4j properties cannot hold maps)."""
        flat: dict[str, Any] = {
            "rows": self.rows, "models_new": self.models_new,
            "models_updated": self.models_updated,
            "placeholders_resolved": self.placeholders_resolved,
            "placeholders_created": self.placeholders_created,
            "placeholders_total": self.placeholders_total, "cards": self.cards,
            "edges_new": self.edges_new,
            "cycles": self.cycles, "rejects": self.rejects, "seconds": round(self.seconds, 3),
            "changes": sum(self.changes.values()), "removed": self.removed,
            "edges_ended": self.edges_ended, "renamed": self.renamed,
            "complete_listing": self.complete,
            "seconds_models": round(self.seconds_models, 3),
            "seconds_edges": round(self.seconds_edges, 3),
            "seconds_cards": round(self.seconds_cards, 3),
            "seconds_indexes": round(self.seconds_indexes, 3),
            "rejects_path": str(self.rejects_path) if self.rejects else None,
        }
        for relation in Relation:
            flat[f"edges_{relation.type}"] = self.edges_by_type.get(relation.type, 0)
        return flat


def model_properties(record: ModelRecord, synthetic: bool = False) -> dict[str, Any]:
    """The node properties a record states, as the node will hold them: what the source does
    not state (None) is left out, and so are empty lists (lists are never stored empty)."""
    props = {
        "object_id": record.object_id, "author": record.author, "created_at": record.created_at,
        "last_modified": record.last_modified, "likes": record.likes,
        "downloads": record.downloads, "trending_score": record.trending_score,
        "pipeline_tag": record.pipeline_tag, "library_name": record.library_name,
        "private": record.private, "gated": record.gated, "licenses": record.licenses,
        "languages": record.languages, "datasets": record.datasets, "arxiv": record.arxiv,
        "tags": record.tags, "architecture": record.architecture,
        "model_type": record.model_type, "parameters": record.parameters,
        "chat_template_hash": record.chat_template_hash, "quant_method": record.quant_method,
        "quant_bits": record.quant_bits, "card_mentions": record.card_mentions,
        "card_mention_count": record.card_mention_count,
    }
    if record.card_known or record.card:
        props.update(record.card_facts or cardfacts.card_facts(record.card))
    if synthetic:
        props["synthetic"] = True
    props.update(record.properties)
    return {k: v for k, v in props.items()
            if v is not None and not (isinstance(v, (list, tuple)) and not v)}

class Ingest:
    """Collects records from a source and writes them in batches.

    ``defer_indexes``: on an empty graph, build the indexes the load does not read after its
    models rather than keep them up to date row by row (right for a file; wrong for a crawl that
    runs for hours while the app is in use).

    ``complete``: the source is the whole of its world (every real, or every synthetic, model),
    so at the end every model of that world no run of it wrote is marked removed
    (``earlier_snapshots``: the runs of the same listing before this one, when it resumes).
    ``statement``: the kind of statement the records are of their parents (default: from
    ``kind``, see :data:`STATEMENTS`); None compares nothing and ends no edge.

    Use as a context manager; :attr:`summary` holds the result after it exits::

        with Ingest(graph, source="x.csv", kind="crawl", rejects_path=path) as ingest:
            for item in read_crawl(path):
                ingest.add(item)
    """

    def __init__(self, graph: Graph, *, source: str, kind: str, rejects_path: Path,
                 batch_size: int = DEFAULT_BATCH_SIZE, synthetic: bool = False,
                 on_rows: Callable[[int], None] | None = None,
                 on_edges: Callable[[int, int], None] | None = None,
                 on_phase: Callable[[str], None] | None = None, lanes: int = 2,
                 defer_indexes: bool = True, complete: bool = False,
                 earlier_snapshots: Iterable[str] = (), statement: str | None = None) -> None:
        self.graph = graph
        self.batch_size = batch_size
        self.synthetic = synthetic
        self.on_rows = on_rows
        self.on_edges = on_edges
        self.on_phase = on_phase or (lambda text: None)
        self.started = dt.datetime.now(dt.timezone.utc)
        snapshot = f"{self.started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.summary = LoadSummary(snapshot=snapshot, source=source, kind=kind,
                                   complete=complete)
        self.statement = statement or STATEMENTS.get(kind)
        self._runs = [*earlier_snapshots, snapshot]
        self._track = True  # set on entering: the first load to finish records nothing
        self._aliases = False  # whether ids may need resolving through aliases (renames)
        self.rejects = RejectsFile(rejects_path)
        self._records: list[ModelRecord] = []
        self._clock = time.perf_counter()
        self._finished = False
        self._counting = threading.Lock()  # the lanes' threads all add to the summary
        self._lanes = Lanes(self._write_models, key=lambda r: r.key, lanes=lanes)
        self._spool = Spool("edges")
        self._card_spool = Spool("cards")
        self._edges_done = 0
        self._indexes = schema.DeferredIndexes(graph)
        self._defer_indexes = defer_indexes
        self._cards: subprocess.Popen | None = None  # indexing the card texts, once started

    def __enter__(self) -> Ingest:
        # Read before this load's own Snapshot exists: a first load is the baseline.
        self._track = bool(self.graph.run("load/baseline_done"))
        self.graph.run("load/snapshot_start", id=self.summary.snapshot,
                       source=self.summary.source, kind=self.summary.kind, started=self.started)
        self._aliases = bool(self.graph.run("load/any_alias"))
        if self._defer_indexes and self._indexes.defer():
            self.on_phase("Empty graph: the indexes a load does not read are built after the "
                          "models")
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None and not self._finished:
                self.finish()
        finally:
            if exc_type is not None:
                self._lanes.abandon()
            try:
                self._index_cards()
            finally:
                self._indexes.build()
                self._spool.close()
                self._card_spool.close()
            self.rejects.close()

    def add(self, item: ModelRecord | Edge | Reject) -> None:
        if isinstance(item, ModelRecord):
            self.summary.rows += 1
            item.statement = item.statement or self.statement
            self._records.append(item)
        elif isinstance(item, Edge):
            if item.word:
                self._count_word(item.word)
            self._spool.add([item.row()])
        else:
            self.summary.rows += item.kind == "row"
            self.reject(item)
        if len(self._records) >= self.batch_size:
            self.flush()

    def add_all(self, items: Iterable[ModelRecord | Edge | Reject]) -> None:
        for item in items:
            self.add(item)

    def reject(self, reject: Reject) -> None:
        self.rejects.write(reject)

    # -- batches -------------------------------------------------------------------------------

    def flush(self) -> None:
        """Hand the buffered records to the writing lanes, renamed repositories first."""
        if self._records:
            if self._track:
                self._rename(self._records)
            self._lanes.submit(self._records)
            self._records = []

    def _write_models(self, records: list[ModelRecord]) -> None:
        """Write one lane's part of a batch: models, card texts; spool the edges of the rows
        kept (those not duplicates of a model this load already wrote)."""
        # Two rows for one id in the same batch: the first wins, like across batches.
        unique: dict[str, ModelRecord] = {}
        for record in records:
            if record.key in unique:
                self._duplicate(record)
            else:
                unique[record.key] = record
        rows = [model_row(r, self.synthetic) for r in unique.values()]

        def write(run: Callable[..., list[dict[str, Any]]]) -> dict[str, Any]:
            # A model, its recorded changes and the edges it no longer declares: one
            # transaction, so a load killed and run again records each change once.
            result = run("load/models", rows=rows, snapshot=self.summary.snapshot,
                         seen=self.started, track=self._track, watched=WATCHED,
                         types=Relation.types(), labels=LABELS, aliases=self._aliases)[0]
            result["ended"] = self._end_edges(run, result["ending"])
            if result["changes"]:
                run("load/record_changes", changes=result["changes"],
                    snapshot=self.summary.snapshot, seen=self.started)
            return result

        result = self.graph.run_together("load/models", write)
        with self._counting:
            self.summary.models_new += result["created"] + result["resolved"]
            self.summary.placeholders_resolved += result["resolved"]
            self.summary.models_updated += result["updated"]
            self.summary.edges_ended += result["ended"]
        duplicates = set(result["duplicates"])
        kept = []
        for record in unique.values():
            if record.key in duplicates:
                self._duplicate(record)
                continue
            kept.append(record)
            for reject in record.rejects:
                self.reject(reject)
        self._write_cards(kept)
        rows = []
        for record in kept:
            for parent in record.parents:
                if parent.word:
                    self._count_word(parent.word)
            rows += edge_rows_of(record)
        self._spool.add(rows)
        if self.on_rows:
            self.on_rows(len(records))

    def _rename(self, records: list[ModelRecord]) -> None:
        """Give renamed repositories (a known object id under a new id) their new id before
        their rows are written (load/renames). A first load has nothing to rename.

        A rename changes a key other rows may name, and rows are written on two lanes, batches
        ahead: a child written beside the rename would compare its parents by the old key
        against edges already under the new one, and end its own edge. So renames wait until
        every batch in flight is written, and run before the next is handed out; they are rare,
        and finding them is one indexed read per batch.
        """
        rows = list({r.key: {"key": r.key, "id": r.id, "object_id": r.object_id}
                     for r in reversed(records) if r.object_id}.values())
        if not rows:
            return
        moved = {row["key"] for row in self.graph.run("load/moved_ids", rows=rows)}
        if not moved:
            return
        self._lanes.drain()
        renamed = self.graph.run("load/renames", rows=[r for r in rows if r["key"] in moved],
                                 snapshot=self.summary.snapshot, seen=self.started,
                                 track=self._track, types=Relation.types())[0]["renamed"]
        self.summary.renamed += len(renamed)
        self._aliases = self._aliases or bool(renamed)

    def _count_word(self, word: str) -> None:
        with self._counting:
            self.summary.unknown_relation_words[word] += 1

    def _duplicate(self, record: ModelRecord) -> None:
        self.reject(Reject(record.position, "duplicate model id in this load (first row kept)",
                           record.id, record.id))

    def _write_cards(self, records: list[ModelRecord]) -> None:
        rows = []
        for record in records:
            row, reject = card_row(record)
            if reject:
                self.reject(reject)
            if row:
                rows.append(row)
        if rows:
            self._card_spool.add(rows)
            with self._counting:
                self.summary.cards += len(rows)

    def _start_cards(self) -> None:
        """Start indexing the spooled card texts."""
        if self._cards is None and self._card_spool.count:
            self._cards = cardindex.start(self._card_spool, cardstore.writable_folder(self.graph))

    def _index_cards(self) -> None:
        """Wait until every spooled card text is indexed and searchable (what a failed load
        wrote too, like its models); raise the indexing's error, if any."""
        self._start_cards()
        if self._cards is not None and self._cards.returncode is None:
            cardindex.wait(self._cards)

    def _write_edges(self) -> None:
        """The second phase: stream the spooled edges into the graph. One lane: edges lock
        both their endpoints, and two lanes sharing children deadlock often enough to cost
        more than they gain."""
        lanes = Lanes(self._write_edge_part, key=lambda row: row["parent_key"], lanes=1)
        try:
            for rows in self._spool.batches(self.batch_size):
                lanes.submit(rows)
        except BaseException:
            lanes.abandon()
            raise
        lanes.close()

    def _write_edge_part(self, rows: list[dict[str, Any]]) -> None:
        _, counters = self.graph.run_counted("load/edges", rows=rows,
                                             snapshot=self.summary.snapshot, seen=self.started,
                                             aliases=self._aliases)
        with self._counting:
            # Every node this query creates is a placeholder for a model the source lacks.
            self.summary.placeholders_created += counters.get("nodes_created", 0)
            self.summary.edges_new += counters.get("relationships_created", 0)
            for row in rows:
                self.summary.edges_by_type[row["type"]] += 1
            self._edges_done += len(rows)
            done = self._edges_done
        if self.on_edges:
            self.on_edges(done, self._spool.count)

    # -- the end -----------------------------------------------------------------------------

    def fail(self, reason: str) -> LoadSummary:
        """Write what was read so far and record the load as failed (the caller then raises)."""
        self.flush()
        self._lanes.close()
        self._start_cards()
        self._write_edges()
        self._index_cards()
        self._close_summary()
        self.graph.run("load/snapshot_finish", id=self.summary.snapshot,
                       counts={**self.summary.counts(), "status": "failed", "error": reason})
        self._finished = True
        return self.summary

    def finish(self) -> LoadSummary:
        self.flush()
        self._lanes.close()
        self.summary.seconds_models = time.perf_counter() - self._clock
        if self._indexes.active:
            self.on_phase("Building the deferred indexes, in the background")
            self._indexes.build()
        self._start_cards()
        cards_too = (f", and indexing {self._card_spool.count:,} card texts beside them"
                     if self._card_spool.count else "")
        self.on_phase(f"Writing {self._spool.count:,} edges{cards_too}")
        self._write_edges()
        self.summary.seconds_edges = (time.perf_counter() - self._clock
                                      - self.summary.seconds_models)
        # Untyped edges a typed edge now covers go; new ones among them were counted as new.
        self.summary.edges_new -= self.graph.run("load/settle_untyped")[0]["removed"]
        self.summary.cycles = flag_cycles(self.graph, self.reject, self.summary.source)
        if self.summary.complete:
            self._mark_removed()
        if self._cards is not None:
            started = time.perf_counter()
            self.on_phase("Finishing the card text index")
            self._index_cards()
            self.summary.seconds_cards = time.perf_counter() - started
        if self._indexes.active:
            started = time.perf_counter()
            self._indexes.finish()
            self.summary.seconds_indexes = time.perf_counter() - started
        self._close_summary()
        self.graph.run("load/snapshot_finish", id=self.summary.snapshot,
                       counts={**self.summary.counts(), "status": "complete"})
        return self.summary

    def _mark_removed(self) -> None:
        """A complete listing: mark every model of its world that no run of it wrote."""
        keys = [row["key"] for row in self.graph.run("load/unseen", snapshots=self._runs,
                                                       synthetic=self.synthetic)]
        if keys:
            self.on_phase(f"Marking {len(keys):,} models the listing no longer holds as removed")
        for start in range(0, len(keys), self.batch_size):
            self._remove(keys[start:start + self.batch_size])

    def _remove(self, keys: list[str]) -> None:
        """Mark ``keys`` removed and end their incoming edges, in one transaction."""
        def remove(run: Callable[..., list[dict[str, Any]]]) -> dict[str, Any]:
            result = run("load/remove", keys=keys, snapshot=self.summary.snapshot,
                         seen=self.started, track=self._track, types=Relation.types())[0]
            return {**result, "ended": self._end_edges(run, result["ending"])}

        result = self.graph.run_together("load/remove", remove)
        self.summary.removed += result["removed"]
        self.summary.edges_ended += result["ended"]

    def _end_edges(self, run: Callable[..., list[dict[str, Any]]], ids: list[str]) -> int:
        """End the edges ``ids`` (load/end_edges) in the caller's transaction; how many."""
        if not ids:
            return 0
        return run("load/end_edges", ids=ids, snapshot=self.summary.snapshot,
                   seen=self.started)[0]["ended"]

    def _close_summary(self) -> None:
        self.summary.placeholders_total = self.graph.run("load/placeholder_count")[0][
            "placeholders"]
        for row in self.graph.run("load/changes_made", snapshot=self.summary.snapshot,
                                  seen=self.started):
            self.summary.changes[row["kind"]] = row["changes"]
        self.summary.rejects = self.rejects.total
        self.summary.rejects_by_reason = dict(self.rejects.by_reason.most_common())
        self.summary.rejects_path = self.rejects.path
        self.summary.seconds = time.perf_counter() - self._clock


def model_row(record: ModelRecord, synthetic: bool = False) -> dict[str, Any]:
    """The ``load/models`` row of a record.

    A source that does not state a property leaves what another source stated. A list it
    states empty is sent as null, which removes the property, so a newer snapshot that drops a
    model's last licence clears it.
    """
    props: dict[str, Any] = model_properties(record, synthetic)
    for name in LIST_PROPERTIES:
        value = getattr(record, name)
        if value is not None and not len(value) and name not in record.properties:
            props[name] = None
    parents = None
    if record.statement is not None:
        parents = [{"type": row["type"], "key": row["parent_key"], "id": row["parent_id"]}
                   for row in edge_rows_of(record)]
    return {"key": record.key, "id": record.id,
            "created_at": _iso(props.pop("created_at", None)),
            "last_modified": _iso(props.pop("last_modified", None)), "props": props,
            "statement": record.statement, "parents": parents}

def card_row(record: ModelRecord) -> tuple[dict[str, Any] | None, Reject | None]:
    """The card store row of a record's card (None when it has none), and the reject that
    reports the card stored cut (None when whole, or when the source had already cut it)."""
    if not (record.card and record.card.strip()):
        return None, None
    text, cut = cardfacts.stored_text(record.card)
    reject = None
    if cut and not record.card_truncated:
        reject = Reject(record.position, f"card longer than {cardfacts.CARD_TEXT_LIMIT:,} "
                        "characters: stored cut, facts describe the whole card",
                        len(record.card), record.id, kind="card")
    return {"key": record.key, "text": text, "truncated": cut or record.card_truncated}, reject


def edge_rows_of(record: ModelRecord) -> list[dict[str, Any]]:
    """The ``load/edges`` rows of the parents a record declares."""
    return [edge_row(p.id, record.id, p.relation, p.source, p.word, record.statement)
            for p in record.parents]


def edge_row(parent_id: str, child_id: str, relation: Relation, source: str,
             word: str | None = None, statement: str | None = None) -> dict[str, Any]:
    return {"parent_key": model_key(parent_id), "parent_id": parent_id,
            "child_key": model_key(child_id), "child_id": child_id,
            "type": relation.type, "source": source, "word": word, "statement": statement}


def _iso(value: dt.datetime | None) -> str | None:
    # Datetimes travel as text: the driver's own conversion costs more than the rest of a row.
    return value.isoformat() if value is not None else None
