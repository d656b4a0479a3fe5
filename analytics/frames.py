"""Reading the frames analytics take from the graph, through named queries, streamed.

Analytics are pure functions over plain frames (see :mod:`lineage.analytics.edgelist`); this is
the one module that fills those frames from Neo4j: lineage edges (the whole graph or one family)
and chosen model properties, read in batches so that memory holds the frame and little else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd

from lineage.cypher.client import Graph
from lineage.cypher.model import MEASURES, MODEL_PROPERTIES, Relation
from lineage.errors import UsageError

BATCH = 50_000
_LABELS = {member.type: member.label for member in Relation}
EDGE_COLUMNS = ["parent", "child", "relation", "cycle"]


def relation_types(relations: Iterable[str] | None = None) -> list[str]:
    """The relationship types of the given relation words (``finetune``, ``quantization`` ...;
    all of them when None).

    Examples
    --------
    >>> relation_types(["finetune", "merge"])
    ['FINETUNE', 'MERGE']
    """
    if relations is None:
        return Relation.types()
    by_label = {member.label: member.type for member in Relation}
    wanted = list(relations)
    unknown = [r for r in wanted if r not in by_label]
    if unknown:
        raise UsageError(f"unknown relation {unknown[0]!r}: use {', '.join(by_label)}")
    return [by_label[r] for r in wanted]


def edge_frame(graph: Graph, relations: Iterable[str] | None = None,
               family: str | None = None) -> pd.DataFrame:
    """The lineage edges of the given relations (all when None), of the whole graph or of one
    family (a ``family`` value written by ``lineage compute``).

    Returns a frame with ``parent`` and ``child`` (model keys), ``relation`` (relation words
    such as ``finetune``) and ``cycle`` (the edge lies on a declared cycle).
    """
    types = relation_types(relations)
    if family is None:
        rows = graph.stream("frames/edges", types=types)
    else:
        rows = graph.stream("frames/family_edges", types=types, family=family)
    frame = _frame(rows, EDGE_COLUMNS)
    frame["relation"] = frame["relation"].map(_LABELS)
    frame["cycle"] = frame["cycle"].astype(bool)
    return frame


def model_frame(graph: Graph, properties: Sequence[str], family: str | None = None,
                batch: int = BATCH) -> pd.DataFrame:
    """The models (whole graph or one family), one row each: ``key``, ``placeholder`` and the
    given properties (documented ``Model`` properties and stored measures; missing as None).
    """
    allowed = set(MODEL_PROPERTIES) | set(MEASURES)
    unknown = [p for p in properties if p not in allowed]
    if unknown:
        raise UsageError(f"unknown model property {unknown[0]!r}: use one of "
                         f"{', '.join(sorted(allowed))}")
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


def _frame(rows: Iterable[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A frame from dict rows, built column by column (no per-row frame objects)."""
    data: dict[str, list[Any]] = {c: [] for c in columns}
    appends = [data[c].append for c in columns]
    for row in rows:
        for column, append in zip(columns, appends, strict=True):
            append(row[column])
    return pd.DataFrame(data, columns=columns)


def models_by_key(graph: Graph, keys: Iterable[str], properties: Sequence[str],
                  batch: int = 5_000) -> pd.DataFrame:
    """The given models (by key), one row each: ``key`` and the given properties (allow-listed
    as in :func:`model_frame`); keys not in the graph are left out."""
    allowed = set(MODEL_PROPERTIES) | set(MEASURES)
    unknown = [p for p in properties if p not in allowed]
    if unknown:
        raise UsageError(f"unknown model property {unknown[0]!r}")
    wanted = list(dict.fromkeys(keys))

    def records() -> Iterator[list[Any]]:
        for start in range(0, len(wanted), batch):
            for row in graph.stream("frames/models_by_key", keys=wanted[start:start + batch],
                                    properties=list(properties)):
                yield [row["key"], *row["values"]]

    return pd.DataFrame.from_records(records(), columns=["key", *properties])
