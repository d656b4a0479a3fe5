"""Ecosystem figures read from the graph: the paper's Table 1, and the summary of the measures
``lineage compute`` stores (families, generations, disruption).

The words are the glossary's. Nothing here walks the graph in Python: every figure is one named
query (``cypher/stats/``) that the database answers from its indexes, its count store and the
distributions the latest compute run kept, or, for Table 1, the degrees of the models with
children read in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from lineage.analytics.measures.structure import table_one
from lineage.cypher.client import Graph
from lineage.errors import LineageError
from lineage.relations import Relation, relation_types

LARGEST = 10


class NotComputed(LineageError):
    """The stored measures a figure needs are not in the graph yet."""


def topology(graph: Graph, relations: Iterable[str] | None = ("finetune",)) -> dict[str, int]:
    """How often each structure of the paper's Table 1 occurs among the lineage edges of the
    given relations, counted exactly: the database reads the degrees of every model with
    children (``stats/topology``) and :func:`~lineage.analytics.measures.structure.table_one`
    counts, as it counts a frame's.

    An edge is a distinct parent -> child pair (two relationships of different relations
    between the same two models count once). ``pairs`` is n (n - 1) over every model of the
    graph, edges or not: the paper's 3,470,193,356,870 "two arbitrary nodes" is exactly that
    for n = 1,862,846, the 1,860,411 models of its dataset and the parents they name that it
    does not hold.

    Parameters
    ----------
    graph : Graph
        The database.
    relations : iterable of str, optional
        Relation words whose edges make the forest (default: finetune, as the paper; None: all).

    Returns
    -------
    dict
        Count by structure, in the order of :data:`~lineage.analytics.measures.structure.TABLE_ONE`.

    Examples
    --------
    >>> topology(graph)["sibling_pairs"]  # doctest: +SKIP
    119795843
    """
    (row,) = graph.run_columns("stats/topology", types=relation_types(relations))
    return table_one(np.asarray(row["children"], dtype=np.int64),
                     np.asarray(row["parents"], dtype=np.int64),
                     np.asarray(row["grandchildren"], dtype=np.int64), row["nodes"])


def latest_computation(graph: Graph) -> dict[str, Any]:
    """The record of the latest ``lineage compute`` run.

    Raises
    ------
    NotComputed
        When no run is recorded.
    """
    rows = graph.run("stats/computation")
    if not rows:
        raise NotComputed("no stored measures in the graph: run `lineage compute` first")
    return rows[0]["run"]


def ecosystem(graph: Graph, largest: int = LARGEST) -> dict[str, Any]:
    """The ecosystem at a glance, from the measures ``lineage compute`` stored.

    Parameters
    ----------
    graph : Graph
        The database.
    largest : int
        How many of the largest families and deepest models to list.

    Returns
    -------
    dict
        ``computation`` (when the measures were computed, and ``stale`` when the graph changed
        since), ``models``, ``placeholders``, ``edges`` (by relation word), ``families`` (how
        many of two models or more, the models in them, the models in no family),
        ``family_sizes`` (families and models by order of size), ``largest_families``,
        ``deepest`` (the models of the highest generation), ``generations`` (models by
        generation) and ``disruption`` (by relation: models where each variant is defined, and
        how many are negative, zero, positive, with the share negative).

    Raises
    ------
    NotComputed
        When ``lineage compute`` has not run on this graph.

    Examples
    --------
    >>> ecosystem(graph)["families"]["families"]  # doctest: +SKIP
    412
    """
    run = latest_computation(graph)
    generations = graph.run("stats/generations")
    if not generations:
        raise NotComputed("no run kept the count of models by generation (an older version "
                          "of lineage, or `--only` without generation): run `lineage compute`")
    counts = graph.run("stats/graph")[0]
    sizes = graph.run("stats/family_sizes")
    in_families = sum(row["models"] for row in sizes)
    return {
        "computation": {key: run.get(key) for key in
                        ("id", "started_at", "finished_at", "window_days", "stale")},
        "models": counts["models"],
        "placeholders": counts["placeholders"],
        "edges": {member.label: counts[member.type] for member in Relation},
        "families": {"families": sum(row["families"] for row in sizes),
                     "models_in_families": in_families,
                     "models_alone": counts["models"] - in_families},
        "family_sizes": sizes,
        "largest_families": graph.run("stats/largest_families", limit=largest),
        "deepest": graph.run("stats/deepest", limit=largest),
        "generations": generations,
        "disruption": [_disruption(row) for row in graph.run("stats/disruption")],
    }


def _disruption(row: dict[str, Any]) -> dict[str, Any]:
    labels = {member.type: member.label for member in Relation}
    out: dict[str, Any] = {"relation": labels.get(row["relation"], "all")}
    for measure in ("mdi", "mdi_lineage"):
        defined = row[measure]
        out[f"{measure}_models"] = defined
        for sign in ("negative", "zero", "positive"):
            out[f"{measure}_{sign}"] = row[f"{measure}_{sign}"]
        out[f"{measure}_share_negative"] = (round(row[f"{measure}_negative"] / defined, 4)
                                            if defined else None)
    return out
