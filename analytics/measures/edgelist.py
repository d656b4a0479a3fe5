"""Lineage edges as integer arrays: the one way every analytics function reads its input.

Analytics take plain frames, whether they come from a file or from Neo4j: an edge frame with
columns ``parent`` and ``child`` (model ids, parent -> child) and, where the relation matters,
``relation`` (the words of :attr:`lineage.relations.Relation.label`: ``finetune``,
``adapter``, ``quantization``, ``merge``, ``unstated``). Ids are turned into consecutive
integers once, here, so the graph algorithms run on numpy arrays whatever the ids are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd

from lineage.errors import UsageError
from lineage.relations import RELATIONS

__all__ = ["EdgeList", "edge_list", "out_degrees", "distinct", "merge_distinct", "unique_pairs",
           "expand_ranges"]


@dataclasses.dataclass(frozen=True)
class EdgeList:
    """Edges over nodes numbered ``0 .. len(ids) - 1``; ``ids[k]`` is node ``k``'s model id."""

    parent: np.ndarray
    child: np.ndarray
    relation: np.ndarray | None
    ids: np.ndarray

    @property
    def nodes(self) -> int:
        return len(self.ids)

    def select(self, keep: np.ndarray) -> EdgeList:
        """The same nodes with only the edges where ``keep`` is true."""
        relation = None if self.relation is None else self.relation[keep]
        return EdgeList(self.parent[keep], self.child[keep], relation, self.ids)


def edge_list(edges: pd.DataFrame, nodes: Iterable | None = None, *,
              relation: bool = False) -> EdgeList:
    """Number the models of ``edges`` (and of ``nodes``, models that may have no edge).

    Raises :class:`~lineage.errors.UsageError` when a column is missing or a relation word is
    not one of :data:`RELATIONS`.

    Parameters
    ----------
    edges : DataFrame
        Columns ``parent``, ``child`` and, with ``relation``, ``relation``.
    nodes : iterable, optional
        Ids of models that may have no edge.
    relation : bool
        Whether the relation column is needed (and checked).

    Returns
    -------
    EdgeList

    Examples
    --------
    >>> e = edge_list(pd.DataFrame({"parent": ["a", "a"], "child": ["b", "c"]}), nodes=["d"])
    >>> e.nodes, e.parent.tolist(), e.child.tolist()
    (4, [0, 0], [1, 2])
    """
    if not isinstance(edges, pd.DataFrame):
        raise UsageError("edges must be a pandas DataFrame with columns parent and child")
    needed = ["parent", "child"] + (["relation"] if relation else [])
    missing = [c for c in needed if c not in edges.columns]
    if missing:
        raise UsageError(f"the edge frame has no column {', '.join(missing)}: give one row per "
                         f"lineage edge with columns {', '.join(needed)}")
    if edges[["parent", "child"]].isna().any().any():
        raise UsageError("an edge has no parent or no child: drop such rows first")
    extra = pd.Series(list(nodes), dtype=object) if nodes is not None else pd.Series([],
                                                                                    dtype=object)
    both = pd.concat([edges["parent"].astype(object), edges["child"].astype(object), extra],
                     ignore_index=True)
    codes, ids = pd.factorize(both)
    m = len(edges)
    kinds = None
    if relation:
        kinds = edges["relation"].to_numpy(dtype=object)
        unknown = set(pd.unique(kinds)) - set(RELATIONS)
        if unknown:
            raise UsageError(f"unknown relation {sorted(map(str, unknown))[0]!r}: use one of "
                             f"{', '.join(RELATIONS)}")
    return EdgeList(codes[:m].astype(np.int64), codes[m:2 * m].astype(np.int64), kinds,
                    np.asarray(ids, dtype=object))


def out_degrees(parent: np.ndarray, nodes: int) -> np.ndarray:
    """How many edges leave each node."""
    return np.bincount(parent, minlength=nodes).astype(np.int64)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: what ``np.unique`` returns, by sorting.

    NumPy 2.3 and later find distinct integers with a hash table, which on this project's
    packed (ancestor, descendant) keys runs 30-40 times slower than a sort; every pass over
    the lineage graph uses this instead.

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(np.asarray(values))
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def merge_distinct(known: np.ndarray, fresh: np.ndarray) -> np.ndarray:
    """Two sorted arrays of distinct values, none in both, merged into one sorted array.

    >>> merge_distinct(np.array([1, 4]), np.array([2, 9])).tolist()
    [1, 2, 4, 9]
    """
    return np.insert(known, np.searchsorted(known, fresh), fresh)


def unique_pairs(parent: np.ndarray, child: np.ndarray, nodes: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (parent, child) pairs, self-loops left out."""
    keep = parent != child
    key = distinct(parent[keep] * np.int64(nodes) + child[keep])
    return key // nodes, key % nodes


def expand_ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The integers ``start, start + 1, ... start + count - 1`` of every range, concatenated.

    Parameters
    ----------
    starts, counts : ndarray
        Where each range starts and how long it is.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> expand_ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    shift = np.repeat(np.asarray(starts, dtype=np.int64) - (ends - counts), counts)
    return np.arange(total, dtype=np.int64) + shift
