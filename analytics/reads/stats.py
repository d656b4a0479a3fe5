"""Ecosystem figures read from the graph (``lineage stats`` is their command, in
:mod:`lineage.ui.cli.stats`): the paper's Table 1, and the summary of the measures
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
from lineage.analytics.replication.figures import disruption_readings
from lineage.cypher.client import Graph
from lineage.errors import LineageError, UsageError
from lineage.relations import LABELS, Relation, relation_types

__all__ = ["LARGEST", "NotComputed", "topology", "latest_computation", "size", "freshness",
           "family_size_counts", "by_order_of_size", "largest_families", "generations", "deepest",
           "disruption_bins", "disruption_extremes", "ecosystem"]

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


def size(graph: Graph) -> dict[str, Any]:
    """The size of the graph, from the count store: ``models``, ``placeholders``, ``removed``
    (models a complete listing no longer holds, kept with their history; counted among
    ``models``), lineage ``edges`` in all and ``by_relation`` (by relation word), and whether
    any model is ``synthetic``."""
    counts = graph.run("stats/graph")[0]
    by_relation = {member.label: counts[member.type] for member in Relation}
    return {"models": counts["models"], "placeholders": counts["placeholders"],
            "edges": sum(by_relation.values()), "by_relation": by_relation,
            "synthetic": counts["synthetic"], "removed": counts["removed"]}


def freshness(graph: Graph) -> dict[str, Any]:
    """When the graph last changed: the newest load (``snapshot``) and the newest finished
    ``lineage compute`` run (``computation``), each None when there is none."""
    return graph.run("stats/freshness")[0]


def family_size_counts(graph: Graph) -> list[dict[str, int]]:
    """How many stored families (two models or more) have each size: rows ``size``,
    ``families``, smallest first."""
    return graph.run("stats/family_sizes")


def by_order_of_size(counts: list[dict[str, int]]) -> list[dict[str, int]]:
    """Families by order of size (2 to 9 models, 10 to 99, 100 to 999 ...): rows ``smallest``,
    ``largest``, ``families`` and ``models``, from :func:`family_size_counts`.

    Examples
    --------
    >>> by_order_of_size([{"size": 2, "families": 3}, {"size": 9, "families": 1},
    ...                   {"size": 120, "families": 1}])  # doctest: +NORMALIZE_WHITESPACE
    [{'smallest': 2, 'largest': 9, 'families': 4, 'models': 15},
     {'smallest': 100, 'largest': 999, 'families': 1, 'models': 120}]
    """
    orders: dict[int, dict[str, int]] = {}
    for row in counts:
        decade = len(str(row["size"])) - 1
        order = orders.setdefault(decade, {"smallest": 2 if decade == 0 else 10 ** decade,
                                           "largest": 10 ** (decade + 1) - 1,
                                           "families": 0, "models": 0})
        order["families"] += row["families"]
        order["models"] += row["families"] * row["size"]
    return [orders[decade] for decade in sorted(orders)]


def largest_families(graph: Graph, limit: int = LARGEST) -> list[dict[str, Any]]:
    """The largest stored families, largest first: ``family``, ``root``, ``size``, ``depth``,
    ``virality`` and their edges of each relation."""
    return graph.run("stats/largest_families", limit=limit)


def generations(graph: Graph) -> list[dict[str, int]]:
    """Models by generation (rows ``generation``, ``models``) as the latest run counted them;
    empty before any."""
    return graph.run("stats/generations")


def deepest(graph: Graph, limit: int = LARGEST) -> list[dict[str, Any]]:
    """The models of the highest generation, most downloaded first."""
    return graph.run("stats/deepest", limit=limit)


def disruption_bins(graph: Graph, variant: str) -> list[dict[str, Any]]:
    """The distribution of a stored disruption index (``mdi`` or ``mdi_lineage``): models per
    bin of width 0.1 (rows ``bin``, ``models``) as the latest run counted them."""
    return graph.run("stats/disruption_histogram", property=_variant(variant))


def disruption_extremes(graph: Graph, variant: str, sign: int, support: int,
                        limit: int) -> list[dict[str, Any]]:
    """The most disruptive (``sign`` 1) or most consolidating (-1) models by a stored index,
    among those whose n_i + n_j + n_k is at least ``support``."""
    return graph.run("stats/disruption_extremes", property=_variant(variant), sign=sign,
                     support=support, limit=limit)


def _variant(variant: str) -> str:
    if variant not in ("mdi", "mdi_lineage"):
        raise UsageError(f"unknown disruption index {variant!r}: use mdi or mdi_lineage")
    return variant


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
        since), ``models``, ``placeholders``, ``removed`` (models a complete listing no longer
        holds), ``edges`` (by relation word), ``families`` (how
        many of two models or more, the models in them, the models in no family),
        ``family_sizes`` (families and models by order of size), ``largest_families``,
        ``deepest`` (the models of the highest generation), ``generations`` (models by
        generation) and ``disruption`` (by relation: models where each variant is defined, how
        many are negative, zero, positive, their shares, the share not disruptive (zero or
        negative) and the verdict of each reading of the paper's "most models consolidating":
        ``agrees`` when more than half are negative, or not disruptive).

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
    counted = generations(graph)
    if not counted:
        raise NotComputed("no run kept the count of models by generation (an older version "
                          "of lineage, or `--only` without generation): run `lineage compute`")
    counts = size(graph)
    sizes = by_order_of_size(family_size_counts(graph))
    in_families = sum(row["models"] for row in sizes)
    return {
        "computation": {key: run.get(key) for key in
                        ("id", "started_at", "finished_at", "window_days", "stale")},
        "models": counts["models"],
        "placeholders": counts["placeholders"],
        "removed": counts["removed"],
        "edges": counts["by_relation"],
        "families": {"families": sum(row["families"] for row in sizes),
                     "models_in_families": in_families,
                     "models_alone": counts["models"] - in_families},
        "family_sizes": sizes,
        "largest_families": largest_families(graph, largest),
        "deepest": deepest(graph, largest),
        "generations": counted,
        "disruption": [_disruption(row) for row in graph.run("stats/disruption")],
    }


def _disruption(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"relation": LABELS.get(row["relation"], "all")}
    for measure in ("mdi", "mdi_lineage"):
        out[f"{measure}_models"] = row[measure]
        for sign in ("negative", "zero", "positive"):
            out[f"{measure}_{sign}"] = row[f"{measure}_{sign}"]
        readings = disruption_readings(*(row[f"{measure}_{sign}"]
                                         for sign in ("negative", "zero", "positive")))
        for share in ("negative", "not_disruptive", "zero", "positive"):
            value = readings[share]
            out[f"{measure}_share_{share}"] = None if value is None else round(value, 4)
        for reading in ("negative", "not_disruptive"):
            out[f"{measure}_verdict_{reading}"] = readings[f"verdict_{reading}"]
    return out
