"""The graph measures stored on every model: :func:`measure` computes every one of them from
the models and their lineage edges, for ``lineage compute`` and for the offline import alike.

What each measure means is the graph model (``docs/graph-model.md``); the algorithms are those
of :mod:`.descent`, :mod:`.disruption` and :mod:`.virality`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from lineage.analytics.measures import descent, disruption, virality
from lineage.analytics.measures.edgelist import unique_pairs
from lineage.errors import UsageError
from lineage.relations import RELATIONS

__all__ = ["MEASURES", "FAMILY_COLUMNS", "measures", "Measured", "measure", "Clock"]

#: The measures ``--only`` can name, and the Model properties each writes.
MEASURES: dict[str, tuple[str, ...]] = {
    "generation": ("generation",),
    "family": ("family", "family_size"),
    "descendants": ("descendants",),
    "children": tuple(f"children_{label}" for label in RELATIONS),
    "mdi": ("mdi", "mdi_n_i", "mdi_n_j", "mdi_n_k"),
    "mdi_lineage": ("mdi_lineage", "mdi_lineage_n_i", "mdi_lineage_n_j", "mdi_lineage_n_k"),
    # The heads of huge kin sets live on Kin nodes (analytics/kinsets.py), not on models.
    "kin": (),
}
FAMILY_COLUMNS = ("id", "root", "size", "depth", "virality", *RELATIONS)


def measures(only: Sequence[str] | None = None) -> list[str]:
    """The measures to compute: ``only`` checked against :data:`MEASURES` (all when None).

    >>> measures(["mdi", "generation"])
    ['generation', 'mdi']
    """
    if not only:
        return list(MEASURES)
    unknown = [name for name in only if name not in MEASURES]
    if unknown:
        raise UsageError(f"unknown measure {unknown[0]!r}: use {', '.join(MEASURES)}")
    return [name for name in MEASURES if name in only]


@dataclasses.dataclass
class Measured:
    """What :func:`measure` returns.

    ``values`` holds one array per Model property, aligned with the models given: integers,
    strings, and floats with NaN where a value is absent (integer counts use -1 there).
    ``families`` has one row per family of two or more models (:data:`FAMILY_COLUMNS`).
    """

    values: dict[str, np.ndarray]
    families: pd.DataFrame
    seconds: dict[str, float]
    skipped_virality: int = 0


def measure(models: pd.DataFrame, edges: pd.DataFrame, window_days: int = 90,
            only: Sequence[str] | None = None) -> Measured:
    """Every measure of every model.

    Parameters
    ----------
    models : DataFrame
        One row per model, in node order: ``id``, ``downloads`` (-1 when unknown) and
        ``created`` (creation time in epoch milliseconds, NaN when unknown).
    edges : DataFrame
        Lineage edges: ``parent`` and ``child`` (row positions in ``models``), ``relation``
        (relation words) and ``cycle`` (flagged ``cycle: true``).
    window_days : int
        The disruption window; 0 means none.
    only : sequence of str, optional
        Measures to compute (names of :data:`MEASURES`); all when None.

    Returns
    -------
    Measured

    Examples
    --------
    >>> models = pd.DataFrame({"id": ["a", "b", "c"], "downloads": [5, 1, 1],
    ...                        "created": [0.0, 1.0, np.nan]})
    >>> edges = pd.DataFrame({"parent": [0, 0], "child": [1, 2],
    ...                       "relation": ["finetune", "adapter"], "cycle": [False, False]})
    >>> m = measure(models, edges)
    >>> m.values["family"].tolist(), m.values["descendants"].tolist()
    (['a', 'a', 'a'], [2, 0, 0])
    """
    chosen = measures(only)
    n = len(models)
    if window_days < 0:
        raise UsageError(f"the window must be 0 (no window) or a number of days, not "
                         f"{window_days}")
    parent = edges["parent"].to_numpy(dtype=np.int64)
    child = edges["child"].to_numpy(dtype=np.int64)
    seconds: dict[str, float] = {}
    values: dict[str, np.ndarray] = {}
    clock = Clock(seconds)
    with clock("walkable"):
        graph = descent.walkable(parent, child, edges["cycle"].to_numpy(dtype=bool), n)
    generation = None
    if "generation" in chosen or "family" in chosen:
        with clock("generation"):
            generation = descent.generation(graph)
            values["generation"] = generation
    pairs = None
    if {"descendants", "family", "mdi_lineage"} & set(chosen):
        with clock("descendants"):
            pairs = descent.ancestor_pairs(graph)
            count = descent.descendants(graph, pairs[0])
            values["descendants"] = count
    families = pd.DataFrame(columns=list(FAMILY_COLUMNS))
    skipped = 0
    ids = models["id"].to_numpy(dtype=object)
    if "family" in chosen:
        with clock("family"):
            labels = descent.families(parent, child, n)
            size = np.bincount(labels)
            id_rank = np.empty(n, dtype=np.int64)
            id_rank[np.argsort(ids, kind="stable")] = np.arange(n)
            downloads = models["downloads"].fillna(-1).to_numpy(dtype=np.int64)
            names = descent.family_names(labels, graph.in_degree == 0, count, downloads,
                                         id_rank)
            values["family"] = ids[names[labels]]
            values["family_size"] = size[labels].astype(np.int64)
        with clock("virality"):
            spread = virality.structural_virality(parent, child, labels)
        many = np.flatnonzero(size > 1)
        skipped = int(np.isnan(spread[many]).sum())
        depth = np.zeros(len(size), dtype=np.int64)
        np.maximum.at(depth, labels, generation)
        codes = pd.Categorical(edges["relation"], categories=list(RELATIONS)).codes
        mix = np.bincount(labels[parent] * len(RELATIONS) + codes,
                          minlength=len(size) * len(RELATIONS)).reshape(len(size), -1)
        families = pd.DataFrame({"id": ids[names[many]], "root": ids[names[many]],
                                 "size": size[many].astype(np.int64), "depth": depth[many],
                                 "virality": spread[many]})
        for label in RELATIONS:
            families[label] = mix[many, RELATIONS.index(label)].astype(np.int64)
    if "children" in chosen:
        with clock("children"):
            kinds = edges["relation"].to_numpy(dtype=object)
            for label in RELATIONS:
                picked = kinds == label
                p, _ = unique_pairs(parent[picked], child[picked], n)
                values[f"children_{label}"] = np.bincount(p, minlength=n).astype(np.int64)
    created = models["created"].to_numpy(dtype=float)
    dated = ~np.isnan(created)
    stamp = np.where(dated, created, 0).astype(np.int64)
    for name, function in (("mdi", disruption.direct_disruption),
                           ("mdi_lineage", disruption.lineage_disruption)):
        if name not in chosen:
            continue
        with clock(name):
            if name == "mdi":
                result = function(graph, stamp, dated, window_days)
            else:
                result = function(graph, stamp, dated, window_days, pairs=pairs)
        values[name] = result.index
        for part in ("n_i", "n_j", "n_k"):
            values[f"{name}_{part}"] = getattr(result, part)
    wanted = {prop for name in chosen for prop in MEASURES[name]}
    values = {key: value for key, value in values.items() if key in wanted}
    return Measured(values, families, seconds, skipped)


class Clock:
    """Seconds spent per named step, summed into ``seconds``."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
