"""The compute job: the graph measures stored on every model, the families and the heads of
huge kin sets (its command, ``lineage compute``, is :mod:`lineage.ui.cli.compute`).

:func:`lineage.analytics.measures.stored.measure` is pure: models and edges in, every measure
out. :func:`compute` is the job around it: it reads the lineage edges and the models that have
relatives once, measures them, and writes back only what changed (a run on an unchanged graph
writes nothing). A model without relatives is measured in the database itself (generation 0,
its own family of one, no descendants, no children, no disruption), so the millions of them
never travel. What each measure means is the graph model (``docs/graph-model.md``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from lineage.analytics.measures import distributions, kinsets
from lineage.analytics.measures.stored import (
    FAMILY_COLUMNS,
    MEASURES,
    Clock,
    measure,
    measures,
)
from lineage.cypher.client import Graph
from lineage.errors import UsageError
from lineage.relations import LABELS, Relation

__all__ = ["KIN_PROPERTIES", "BATCH", "WRITERS", "ComputeSummary", "compute", "read_related",
           "changed_rows"]

#: The properties of a Kin node.
KIN_PROPERTIES = ("children_top", "children_alone", "children_shared", "grandchildren",
                  "descendants_top", "descendants_count")
#: Models (or families) written per transaction: a transaction's state costs Neo4j about 1 KiB
#: per property it changes, and the server caps one transaction at half its heap.
BATCH = 5_000
#: Write transactions in flight at once: each batch touches its own models, so two keep both
#: of a small server's cores busy.
WRITERS = 2
#: Models walked per page of :func:`read_related`.
_READ_BATCH = 100_000


@dataclasses.dataclass
class ComputeSummary:
    """What one run of :func:`compute` did (also stored as its ``Computation`` node)."""

    id: str
    window_days: int
    measures: list[str]
    models: int = 0
    related: int = 0
    families: int = 0
    models_without_created_at: int = 0
    models_changed: int = 0
    singletons_changed: int = 0
    families_changed: int = 0
    families_removed: int = 0
    virality_skipped: int = 0
    kin_sets: int = 0
    kin_changed: int = 0
    kin_removed: int = 0
    properties_set: int = 0
    stale: bool = False
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


Bar = Callable[[str, int], contextlib.AbstractContextManager[Callable[[int], None]]]


def compute(graph: Graph, window_days: int = 90, only: Sequence[str] | None = None,
            on_phase: Callable[[str], None] = lambda _: None, bar: Bar | None = None,
            kin_threshold: int = kinsets.KIN_THRESHOLD, kin_top: int = kinsets.KIN_TOP
            ) -> ComputeSummary:
    """Measure every model of the graph and store what changed; record the run.

    ``on_phase`` hears of each step; ``bar(description, total)`` gives a progress callback for
    the writes. A load that lands while this runs makes the run finish on what it read and
    marks it ``stale``. ``kin_threshold`` and ``kin_top`` say which kin sets get stored heads
    and the largest limit those serve (:func:`lineage.analytics.measures.kinsets.kin_sets`).
    """
    chosen = measures(only)
    if window_days < 0:
        raise UsageError(f"--window-days must be 0 (no window) or more, not {window_days}")
    if kin_threshold < 0 or kin_top < 1:
        raise UsageError(f"the kin threshold must be 0 or more and the kin top 1 or more, not "
                         f"{kin_threshold} and {kin_top}")
    started = dt.datetime.now(dt.timezone.utc)
    summary = ComputeSummary(f"compute-{started:%Y%m%dT%H%M%S.%fZ}", window_days, chosen)
    clock = Clock(summary.seconds)
    before = graph.run("compute/graph_state")[0]
    previous = graph.run("stats/computation")
    graph.run("compute/run_start", id=summary.id, started_at=started,
              window_days=window_days, measures=chosen)
    properties = [prop for name in chosen for prop in MEASURES[name]]
    # The models without relatives are checked and written by the server alone, so they go
    # from the start, beside the read, the measuring and the other writes.
    server_side = ThreadPoolExecutor(max_workers=1)
    singletons = server_side.submit(graph.run, "compute/write_singletons",
                                    properties=properties)
    try:
        with clock("read"):
            on_phase("Reading the models with relatives and their lineage edges")
            models, frame = read_related(graph, properties, before["models"], bar)
        on_phase("Measuring")
        result = measure(models, frame, window_days, chosen)
        for name, seconds in result.seconds.items():
            summary.seconds[name] = seconds
        summary.related = len(models)
        summary.virality_skipped = result.skipped_virality
        with clock("write"):
            rows = changed_rows(models, result.values, properties)
            summary.models_changed = len(rows)
            on_phase(f"Writing {len(rows):,} models whose measures changed")
            counters = _write(graph, "compute/write_models", rows, bar, "Writing measures")
            summary.properties_set += counters.get("properties_set", 0)
        with clock("write_singletons"):
            on_phase("Models without relatives (written in the database meanwhile)")
            done = singletons.result()
            summary.singletons_changed = done[0]["updated"] if done else 0
    finally:
        # On failure the server finishes or fails the statement on its own; do not wait.
        server_side.shutdown(wait=singletons.done())
    with clock("write_families"):
        if "family" in chosen:
            summary.families = len(result.families)
            summary.families_changed, summary.families_removed = _write_families(
                graph, result.families, started)
    kin_counts = {}
    if "kin" in chosen:
        with clock("kin"):
            on_phase("The heads of huge kin sets")
            found = kinsets.kin_sets(models["key"].to_numpy(dtype=object),
                                     models["downloads"].to_numpy(dtype=np.int64),
                                     frame["parent"].to_numpy(), frame["child"].to_numpy(),
                                     kin_threshold, kin_top)
            summary.kin_sets = len(found)
            summary.kin_changed, summary.kin_removed = _write_kin(graph, found)
        kin_counts = {"kin_sets": summary.kin_sets, "kin_threshold": kin_threshold,
                      "kin_top": kin_top, "kin_types": Relation.types()}
    with clock("distributions"):
        counted = {**distributions.carried(previous[0]["run"] if previous else None, chosen),
                   **distributions.record(result.values, frame["child"].to_numpy(),
                                          frame["relation"].to_numpy(),
                                          alone=before["models"] - len(models))}
    after = graph.run("compute/graph_state")[0]
    summary.models = after["models"]
    summary.models_without_created_at = after["undated"]
    summary.stale = any(before[k] != after[k] for k in ("models", "edges", "snapshot"))
    graph.run("compute/run_finish", id=summary.id,
              finished_at=dt.datetime.now(dt.timezone.utc),
              counts={"models": summary.models, "families": summary.families,
                      "models_without_created_at": summary.models_without_created_at,
                      "models_changed": summary.models_changed + summary.singletons_changed,
                      "families_changed": summary.families_changed,
                      "virality_skipped": summary.virality_skipped,
                      "stale": summary.stale, **kin_counts,
                      **{f"seconds_{k}": round(v, 3) for k, v in summary.seconds.items()},
                      **counted})
    return summary


def read_related(graph: Graph, properties: Sequence[str], total: int = 0,
                 bar: Bar | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The models with relatives and their lineage edges, read in pages of the key index.

    Returns the models (``key``, ``id``, ``downloads`` (-1 when unknown), ``created`` (epoch
    ms, NaN when unknown) and ``stored_<property>`` for each of ``properties``) and the edges
    as :func:`measure` takes them (``parent`` and ``child`` are row positions in the models).
    """
    columns: dict[str, list[Any]] = {c: [] for c in ("key", "id", "downloads", "created")}
    current: list[list[Any]] = []
    child: list[int] = []
    parent_keys: list[str] = []
    types: list[str] = []
    cycles: list[bool] = []
    with contextlib.ExitStack() as stack:
        advance = (stack.enter_context(bar("Reading models", total)) if bar
                   else (lambda _: None))
        after = ""
        while True:
            (page,) = graph.run_columns("compute/related", after=after, limit=_READ_BATCH,
                                        properties=list(properties), types=Relation.types())
            first = len(columns["key"])
            for column, values in columns.items():
                values.extend(page[column])
            current.extend(page["current"])
            for offset, parents in enumerate(page["parents"]):
                for key, kind, cycle in parents:
                    child.append(first + offset)
                    parent_keys.append(key)
                    types.append(kind)
                    cycles.append(cycle)
            advance(page["walked"])
            if page["walked"] < _READ_BATCH:
                break
            after = page["last"]
    models = pd.DataFrame(columns)
    models["downloads"] = pd.to_numeric(models["downloads"]).fillna(-1).astype(np.int64)
    models["created"] = pd.to_numeric(models["created"], errors="coerce").astype(float)
    stored = pd.DataFrame(current, columns=[f"stored_{p}" for p in properties],
                          index=models.index, dtype=object)
    models = pd.concat([models, stored], axis=1)
    edges = pd.DataFrame({"parent": pd.Index(models["key"]).get_indexer(parent_keys),
                          "child": np.asarray(child, dtype=np.int64),
                          "relation": pd.Series(types, dtype=object).map(LABELS),
                          "cycle": np.asarray(cycles, dtype=bool)})
    return models, edges


def changed_rows(models: pd.DataFrame, values: dict[str, np.ndarray],
                 properties: Sequence[str]) -> list[dict[str, Any]]:
    """One ``{key, values}`` row per model whose stored measures differ from ``values``, with
    the properties that differ (None removes one: the value is absent), so that a run after a
    small change writes little.

    >>> m = pd.DataFrame({"key": ["a", "b"], "stored_generation": [0, None],
    ...                   "stored_descendants": [2, 2]})
    >>> changed_rows(m, {"generation": np.array([0, 1]), "descendants": np.array([2, 2])},
    ...              ["generation", "descendants"])
    [{'key': 'b', 'values': {'generation': 1}}]
    """
    differs: dict[str, np.ndarray] = {}
    for prop in properties:
        new, old = values[prop], models[f"stored_{prop}"]
        if new.dtype == object:
            stored = old.to_numpy(dtype=object)
            pairs = zip(new, stored, strict=True)
            differs[prop] = np.fromiter((not _same(a, b) for a, b in pairs), dtype=bool,
                                        count=len(new))
            continue
        fresh = new.astype(float)
        if not np.issubdtype(new.dtype, np.floating):
            fresh[new < 0] = np.nan
        stored = pd.to_numeric(old, errors="coerce").to_numpy(dtype=float)
        differs[prop] = ~((fresh == stored) | (np.isnan(fresh) & np.isnan(stored)))
    changed = np.zeros(len(models), dtype=bool)
    for differ in differs.values():
        changed |= differ
    rows = np.flatnonzero(changed)
    slot = np.full(len(models), -1, dtype=np.int64)
    slot[rows] = np.arange(len(rows))
    keys = models["key"].to_numpy(dtype=object)[rows]
    changes: list[dict[str, Any]] = [{} for _ in range(len(rows))]
    for prop in properties:
        picked = np.flatnonzero(differs[prop])
        for at, value in zip(slot[picked].tolist(), _plain_column(values[prop][picked]),
                             strict=True):
            changes[at][prop] = value
    return [{"key": key, "values": change} for key, change in zip(keys, changes, strict=True)]


def _plain_column(array: np.ndarray) -> list[Any]:
    """Python values for the driver: NaN and -1 counts become None (the property is absent)."""
    if array.dtype == object:
        return array.tolist()
    if np.issubdtype(array.dtype, np.floating):
        return [None if v != v else v for v in array.tolist()]
    return [None if v < 0 else v for v in array.tolist()]


def _same(new: Any, old: Any) -> bool:
    """Whether a stored value (None or NaN when absent) equals a new one."""
    absent_new = new is None or (isinstance(new, float) and new != new)
    absent_old = old is None or (isinstance(old, float) and old != old)
    if absent_new or absent_old:
        return absent_new and absent_old
    return bool(new == old)


def _write(graph: Graph, name: str, rows: list[dict[str, Any]], bar: Bar | None,
           description: str, **params: Any) -> dict[str, int]:
    if not rows:
        return {}
    if bar is None:
        return graph.write_batches(name, rows, batch_size=BATCH, params=params or None,
                                   workers=WRITERS)
    with bar(description, len(rows)) as advance:
        return graph.write_batches(name, rows, batch_size=BATCH, params=params or None,
                                   on_batch=advance, workers=WRITERS)


def _write_families(graph: Graph, families: pd.DataFrame, now: dt.datetime) -> tuple[int, int]:
    """Write the families that changed and remove those that no longer exist."""
    (found,) = graph.run_columns("compute/families")
    stored = {row[0]: dict(zip(FAMILY_COLUMNS, row, strict=True)) for row in found["families"]}
    rows = []
    for record in families.to_dict("records"):
        values = {k: _py(record[k]) for k in FAMILY_COLUMNS if k != "id"}
        old = stored.get(record["id"])
        if old is None or any(not _same(values[k], old.get(k)) for k in values):
            rows.append({"id": record["id"], "values": {**values, "computed_at": now}})
    if rows:
        graph.write_batches("compute/write_families", rows, batch_size=BATCH)
    gone = sorted(set(stored) - set(families["id"]))
    if gone:
        graph.run("compute/remove_families", ids=gone)
    return len(rows), len(gone)


def _write_kin(graph: Graph, found: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """Write the Kin nodes that changed and remove those no longer wanted."""
    (stored,) = graph.run_columns("compute/kin_stored")
    old = {key: values for key, values in stored["kin"]}
    rows = []
    for key, values in found.items():
        new = {prop: values.get(prop) for prop in KIN_PROPERTIES}
        before = old.get(key, {})
        if any(new[prop] != before.get(prop) for prop in KIN_PROPERTIES):
            rows.append({"key": key, "values": new})
    if rows:
        graph.write_batches("compute/write_kin", rows, batch_size=50)
    gone = sorted(set(old) - set(found))
    if gone:
        graph.run("compute/remove_kin", keys=gone)
    return len(rows), len(gone)


def _py(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
