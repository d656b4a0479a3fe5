"""Reading the frames analytics take from the graph, through named queries, streamed.

Analytics are pure functions over plain frames (see :mod:`lineage.analytics.measures.edgelist`);
this is the one module that fills those frames from Neo4j: lineage edges (the whole graph or one
family) and chosen model properties, read in batches so that memory holds the frame and little else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd

from lineage.analytics.reads import suggested
from lineage.analytics.reads.walk import family_walk
from lineage.cypher.client import Graph
from lineage.cypher.graphmodel import MEASURE_PROPERTIES, MODEL_PROPERTIES
from lineage.errors import UsageError
from lineage.relations import LABELS, relation_types

__all__ = ["BATCH", "COLUMN_BATCH", "TEMPORAL", "EDGE_COLUMNS", "edge_frame", "model_frame",
           "model_columns", "model_column_batches", "columns_by_key", "models_by_key",
           "graph_frames"]

BATCH = 50_000
#: Models per columnar batch: one short transaction of a few seconds on a 2-core machine.
COLUMN_BATCH = 100_000
#: Model properties that hold a time (read as epoch milliseconds, returned as UTC times).
TEMPORAL = ("created_at", "last_modified", "first_seen", "last_seen")
EDGE_COLUMNS = ["parent", "child", "relation", "cycle"]


def edge_frame(graph: Graph, relations: Iterable[str] | None = None,
               family: str | None = None) -> pd.DataFrame:
    """The lineage edges of the given relations (all when None), of the whole graph or of one
    family (a ``family`` value written by ``lineage compute``).

    Returns a frame with ``parent`` and ``child`` (model keys), ``relation`` (relation words
    such as ``finetune``) and ``cycle`` (the edge lies on a declared cycle).
    """
    types = relation_types(relations)
    if family is None:
        frame = _edge_columns(graph, types)
    else:
        frame = _frame(graph.stream("frames/family_edges", types=types, family=family),
                       EDGE_COLUMNS)
    frame["relation"] = frame["relation"].map(LABELS)
    frame["cycle"] = frame["cycle"].astype(bool)
    return frame


def model_frame(graph: Graph, properties: Sequence[str], family: str | None = None,
                batch: int = BATCH) -> pd.DataFrame:
    """The models (whole graph or one family), one row each: ``key``, ``placeholder`` and the
    given properties (documented ``Model`` properties and stored measures; missing as None).
    """
    _check_properties(properties)
    columns = ["key", "placeholder", *properties]

    def records() -> Iterator[list[Any]]:
        if family is not None:
            rows = graph.stream("frames/family_models", properties=list(properties),
                                family=family)
            for row in rows:
                yield [row["key"], row["placeholder"], *row["values"]]
            return
        after = ""
        while True:
            rows = graph.run("frames/models", after=after, limit=batch,
                             properties=list(properties))
            for row in rows:
                yield [row["key"], row["placeholder"], *row["values"]]
            if len(rows) < batch:
                return
            after = rows[-1]["key"]

    return pd.DataFrame.from_records(records(), columns=columns)


def _columns_row(graph: Graph, name: str, **params: Any) -> dict[str, Any]:
    """The one row of a columnar query (empty when it returned none)."""
    rows = graph.run_columns(name, **params)
    return rows[0] if rows else {}


def _edge_columns(graph: Graph, types: list[str], batch: int = COLUMN_BATCH) -> pd.DataFrame:
    """Every edge of ``types``, read as columns in batches of children (in key order)."""
    parts: dict[str, list[Any]] = {c: [] for c in EDGE_COLUMNS}
    after = ""
    while True:
        row = _columns_row(graph, "frames/edge_columns", types=types, after=after, limit=batch)
        if not row or row["last"] is None:
            break
        for column, name in zip(EDGE_COLUMNS, ("parents", "children", "relations", "cycles"),
                                strict=True):
            parts[column] += row[name]
        after = row["last"]
    return pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in parts.items()},
                        columns=EDGE_COLUMNS)


def _check_properties(properties: Sequence[str]) -> None:
    allowed = set(MODEL_PROPERTIES) | set(MEASURE_PROPERTIES)
    unknown = [p for p in properties if p not in allowed]
    if unknown:
        raise UsageError(f"unknown model property {unknown[0]!r}: use one of "
                         f"{', '.join(sorted(allowed))}")


class _Columns:
    """Model columns gathered batch by batch from the ``*_columns`` queries."""

    def __init__(self, properties: Sequence[str]) -> None:
        _check_properties(properties)
        self.properties = list(properties)
        self.plain = [p for p in properties if p not in TEMPORAL]
        self.temporal = [p for p in properties if p in TEMPORAL]
        self.parts: dict[str, list[Any]] = {
            c: [] for c in ["key", "placeholder", *self.plain, *self.temporal]}

    def add(self, row: dict[str, Any]) -> int:
        """Append one batch (a query row); returns how many models it held."""
        if not row:
            return 0
        self.parts["key"] += row["keys"]
        self.parts["placeholder"] += row["placeholders"]
        for name, values in zip([*self.plain, *self.temporal],
                                [*row["columns"], *row["temporal_columns"]], strict=True):
            self.parts[name] += values
        return len(row["keys"])

    def frame(self, *, as_objects: bool = False) -> pd.DataFrame:
        """The frame; with ``as_objects`` every column keeps its values as they came (ints stay
        ints, missing stays None) and times are Timestamps (missing: None)."""
        parts = self.parts
        data = {c: pd.Series(parts[c], dtype=object) for c in ("key", "placeholder")}
        data.update({c: pd.Series(parts[c], dtype=object if as_objects else None)
                     for c in self.plain})
        for name in self.temporal:
            times = pd.to_datetime(pd.Series(parts[name], dtype="float64"), unit="ms", utc=True)
            if as_objects:
                times = times.astype(object).where(times.notna(), None)
            data[name] = times
        return pd.DataFrame(data, columns=["key", "placeholder", *self.properties])


def model_columns(graph: Graph, properties: Sequence[str], family: str | None = None,
                  batch: int = COLUMN_BATCH) -> pd.DataFrame:
    """The models (whole graph or one family) as :func:`model_frame` gives them, read as
    columns (one row per batch of models): ``key``, ``placeholder`` and the given properties,
    the temporal ones (:data:`TEMPORAL`) as UTC times to the millisecond (missing: NaT).

    What analyses over the whole graph read: a million models in seconds.
    """
    columns = _Columns(properties)
    if family is not None:
        columns.add(_columns_row(graph, "frames/family_model_columns", family=family,
                                  properties=columns.plain, temporal=columns.temporal))
        return columns.frame()
    after = ""
    while True:
        row = _columns_row(graph, "frames/model_columns", after=after, limit=batch,
                            properties=columns.plain, temporal=columns.temporal)
        if columns.add(row) < batch:
            return columns.frame()
        after = row["keys"][-1]


def model_column_batches(graph: Graph, properties: Sequence[str],
                         batch: int = COLUMN_BATCH) -> Iterator[pd.DataFrame]:
    """The whole graph's models as :func:`model_columns` gives them, one frame per batch of
    models, for readers that reduce each batch as it comes rather than hold every value."""
    after = ""
    while True:
        columns = _Columns(properties)
        row = _columns_row(graph, "frames/model_columns", after=after, limit=batch,
                            properties=columns.plain, temporal=columns.temporal)
        got = columns.add(row)
        if got:
            yield columns.frame()
        if got < batch:
            return
        after = row["keys"][-1]


def columns_by_key(graph: Graph, keys: Iterable[str], properties: Sequence[str],
                   batch: int = 20_000) -> pd.DataFrame:
    """The given models (by key) as :func:`models_by_key` gives them (values as they are,
    times as Timestamps), read as columns; keys not in the graph are left out."""
    columns = _Columns(properties)
    wanted = list(dict.fromkeys(keys))
    for start in range(0, len(wanted), batch):
        columns.add(_columns_row(graph, "frames/model_columns_by_key",
                                  keys=wanted[start:start + batch], properties=columns.plain,
                                  temporal=columns.temporal))
    return columns.frame(as_objects=True).drop(columns="placeholder")


def _frame(rows: Iterable[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A frame from dict rows, built column by column (no per-row frame objects)."""
    data: dict[str, list[Any]] = {c: [] for c in columns}
    appends = [data[c].append for c in columns]
    for row in rows:
        for column, append in zip(columns, appends, strict=True):
            append(row[column])
    return pd.DataFrame(data, columns=columns)


def models_by_key(graph: Graph, keys: Iterable[str], properties: Sequence[str],
                  batch: int = 5_000, *, with_placeholder: bool = False) -> pd.DataFrame:
    """The given models (by key), one row each in key order within each batch: ``key``, the
    given properties (allow-listed as in :func:`model_frame`) and, when asked, ``placeholder``;
    keys not in the graph are left out."""
    _check_properties(properties)
    wanted = list(dict.fromkeys(keys))

    def records() -> Iterator[list[Any]]:
        for start in range(0, len(wanted), batch):
            for row in graph.stream("frames/models_by_key", keys=wanted[start:start + batch],
                                    properties=list(properties)):
                yield [row["key"], *row["values"], row["placeholder"]]

    frame = pd.DataFrame.from_records(records(), columns=["key", *properties, "placeholder"])
    return frame if with_placeholder else frame.drop(columns="placeholder")


def graph_frames(graph: Graph, properties: Sequence[str], family_of: str | None = None,
                 include_suggested: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The models (``key``, ``placeholder`` and ``properties``) and every lineage edge
    (``parent``, ``child``, ``relation``, ``cycle``) of the whole graph, or of the family of the
    model ``family_of`` (its weakly connected set of models, walked from it: no ``lineage
    compute`` needed).

    With ``include_suggested`` the edges also hold every stored suggested parent (relation
    ``suggested``), and two more columns, ``suggested_relation`` and ``confidence`` (None on
    declared edges); a family is then walked across suggested edges too.
    """
    if family_of is None:
        models, edges = model_frame(graph, properties), edge_frame(graph)
        if include_suggested:
            edges = suggested.with_suggestions(edges, suggested.every_suggestion(graph))
        return models, edges
    keys, walked = family_walk(graph, family_of, include_suggested)
    models = models_by_key(graph, keys, properties, with_placeholder=True)
    edges = pd.DataFrame.from_records(walked, columns=EDGE_COLUMNS)
    if include_suggested:
        members = set(keys)
        edges = suggested.with_suggestions(edges, (
            row for start in range(0, len(keys), BATCH)
            for row in suggested.suggested_parents(graph, keys[start:start + BATCH], 0.0)
            if row["parent"] in members))
    return models[["key", "placeholder", *properties]], edges
