"""Descent in the lineage graph: the walkable graph, ancestors, descendants, families.

Every function works on nodes numbered ``0 .. nodes - 1`` and edges as integer arrays
(``parent -> child``), so that the whole Hub fits in a few arrays. Walks (generation,
ancestors, descendants, disruption) follow the *walkable* lineage graph: every lineage edge
except those flagged ``cycle: true``, each (parent, child) pair once; what is left is acyclic
(any cycle the flags missed is cut too), so every model has a finite generation. Families
join models by every lineage edge, cycle edges included.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lineage.analytics.measures.components import strong_components, weak_components
from lineage.analytics.measures.edgelist import (
    distinct,
    expand_ranges,
    merge_distinct,
    unique_pairs,
)

__all__ = ["Walkable", "walkable", "generation", "longest_paths", "ancestor_pairs",
           "descendants", "families", "family_names", "contains"]

#: The most (ancestor, descendant) pairs :func:`ancestor_pairs` builds before it stops: about
#: 1.6 GB of arrays. The Hub's lineage is shallow (a few pairs per model).
MAX_PAIRS = 100_000_000


@dataclasses.dataclass(frozen=True)
class Walkable:
    """The walkable lineage graph: distinct ``parent -> child`` pairs, acyclic, and each node's
    generation on it (the longest walkable path from a root down to the node)."""

    nodes: int
    parent: np.ndarray
    child: np.ndarray
    generation: np.ndarray

    @property
    def in_degree(self) -> np.ndarray:
        return np.bincount(self.child, minlength=self.nodes)


def walkable(parent: np.ndarray, child: np.ndarray, cycle: np.ndarray, nodes: int) -> Walkable:
    """The lineage graph walks follow: edges not flagged ``cycle``, each pair once, no
    self-loops, and no edge inside a strongly connected set (a cycle the flags missed).

    This is the project's one cycle rule: generation, descendants, disruption, the review's
    order and the drawing of a report's tree all walk this graph. The loader flags every edge
    of a declared cycle, so the strongly connected sets are looked for only when a cycle is
    left once the flagged edges are gone.

    Parameters
    ----------
    parent, child : ndarray of int
        Every lineage edge.
    cycle : ndarray of bool
        Whether each edge is flagged ``cycle: true``.
    nodes : int
        How many nodes.

    Returns
    -------
    Walkable

    Examples
    --------
    >>> w = walkable(np.array([0, 1, 1, 2]), np.array([1, 2, 2, 1]),
    ...              np.array([False, False, False, True]), 3)
    >>> w.parent.tolist(), w.child.tolist(), w.generation.tolist()
    ([0, 1], [1, 2], [0, 1, 2])
    >>> w = walkable(np.array([0, 1, 2]), np.array([1, 2, 1]), np.zeros(3, dtype=bool), 3)
    >>> w.parent.tolist(), w.child.tolist(), w.generation.tolist()
    ([0], [1], [0, 1, 0])
    """
    keep = ~np.asarray(cycle, dtype=bool)
    p, c = unique_pairs(np.asarray(parent)[keep], np.asarray(child)[keep], nodes)
    p, c = p.astype(np.int64), c.astype(np.int64)
    depth, finished = _layers(p, c, nodes)
    if finished < nodes:
        _, strong = strong_components(p, c, nodes)
        inside = strong[p] == strong[c]
        p, c = p[~inside], c[~inside]
        depth, _ = _layers(p, c, nodes)
    return Walkable(nodes, p, c, depth)


def generation(graph: Walkable) -> np.ndarray:
    """Every node's generation: the longest walkable path from a root down to it.

    Examples
    --------
    >>> graph = walkable(np.array([0, 1, 0]), np.array([1, 2, 2]), np.zeros(3, bool), 4)
    >>> generation(graph).tolist()
    [0, 1, 2, 0]
    """
    return graph.generation


def longest_paths(parent: np.ndarray, child: np.ndarray, nodes: int) -> np.ndarray:
    """The length of the longest path from a source down to every node of a DAG.

    Parameters
    ----------
    parent, child : ndarray
        Distinct edges of a directed acyclic graph over nodes ``0 .. nodes - 1``.
    nodes : int
        How many nodes.

    Returns
    -------
    ndarray
        Longest path length (in edges) by node; sources are 0.

    Examples
    --------
    >>> longest_paths(np.array([0, 1, 0]), np.array([1, 2, 2]), 3).tolist()
    [0, 1, 2]
    """
    return _layers(np.asarray(parent, dtype=np.int64), np.asarray(child, dtype=np.int64),
                   nodes)[0]


def _layers(parent: np.ndarray, child: np.ndarray, nodes: int) -> tuple[np.ndarray, int]:
    """Longest path lengths, one layer of nodes whose parents are all done at a time, and how
    many nodes were done (fewer than ``nodes``: a cycle is left)."""
    order = np.argsort(parent, kind="stable")
    parent, child = parent[order], child[order]
    starts = np.searchsorted(parent, np.arange(nodes + 1))
    waiting = np.bincount(child, minlength=nodes)
    depth = np.zeros(nodes, dtype=np.int64)
    frontier = np.flatnonzero(waiting == 0)
    finished = 0
    while frontier.size:
        finished += frontier.size
        out = expand_ranges(starts[frontier], starts[frontier + 1] - starts[frontier])
        np.maximum.at(depth, child[out], depth[parent[out]] + 1)
        done = np.bincount(child[out], minlength=nodes)
        waiting -= done
        frontier = np.flatnonzero((done > 0) & (waiting == 0))
    return depth, finished


def ancestor_pairs(graph: Walkable, max_pairs: int = MAX_PAIRS) -> tuple[np.ndarray, np.ndarray]:
    """Every (ancestor, descendant) pair of the walkable graph: the transitive closure.

    Built one path length at a time, keeping only pairs not seen before, so the work is
    proportional to the number of pairs (the sum over models of their ancestors).

    Parameters
    ----------
    graph : Walkable
    max_pairs : int
        Raise :class:`MemoryError` beyond this many pairs.

    Returns
    -------
    (ndarray, ndarray)
        Ancestors and descendants, sorted by ancestor then descendant.

    Examples
    --------
    >>> graph = walkable(np.array([0, 1, 0]), np.array([1, 2, 3]), np.zeros(3, bool), 4)
    >>> a, d = ancestor_pairs(graph)
    >>> list(zip(a.tolist(), d.tolist()))
    [(0, 1), (0, 2), (0, 3), (1, 2)]
    """
    n = np.int64(graph.nodes)
    order = np.argsort(graph.parent, kind="stable")
    parent, child = graph.parent[order], graph.child[order]
    starts = np.searchsorted(parent, np.arange(graph.nodes + 1))
    known = distinct(parent * n + child)
    frontier = known
    while frontier.size:
        ancestor, middle = frontier // n, frontier % n
        counts = starts[middle + 1] - starts[middle]
        reach = np.repeat(ancestor, counts) * n + child[expand_ranges(starts[middle], counts)]
        reach = distinct(reach)
        fresh = reach[~contains(known, reach)]
        if fresh.size:
            known = merge_distinct(known, fresh)
            if known.size > max_pairs:
                raise MemoryError(f"more than {max_pairs:,} (ancestor, descendant) pairs")
        frontier = fresh
    return known // n, known % n


def descendants(graph: Walkable, ancestors: np.ndarray | None = None) -> np.ndarray:
    """How many distinct models each node reaches downstream (itself not counted).

    Parameters
    ----------
    graph : Walkable
    ancestors : ndarray, optional
        The ancestor column of :func:`ancestor_pairs` when already built.

    Examples
    --------
    >>> graph = walkable(np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.zeros(4, bool), 4)
    >>> descendants(graph).tolist()
    [3, 1, 1, 0]
    """
    if ancestors is None:
        ancestors, _ = ancestor_pairs(graph)
    return np.bincount(ancestors, minlength=graph.nodes).astype(np.int64)


def families(parent: np.ndarray, child: np.ndarray, nodes: int) -> np.ndarray:
    """The family (weakly connected component over every lineage edge) of each node, numbered
    from 0.

    Examples
    --------
    >>> families(np.array([0, 2]), np.array([1, 3]), 5).tolist()
    [0, 0, 1, 1, 2]
    """
    return weak_components(parent, child, nodes)[1]


def family_names(labels: np.ndarray, roots: np.ndarray, descendants: np.ndarray,
                 downloads: np.ndarray, id_rank: np.ndarray) -> np.ndarray:
    """The node naming each family: its root with the most descendants; ties go to the most
    downloads, then to the smallest id.

    Parameters
    ----------
    labels : ndarray
        Family number of each node (:func:`families`).
    roots : ndarray of bool
        Which nodes have no walkable parent (every family has one).
    descendants, downloads : ndarray
        Per node (downloads missing as -1).
    id_rank : ndarray
        Each node's position among the ids in sorted order.

    Returns
    -------
    ndarray
        For each family number, the node naming it.

    Examples
    --------
    >>> family_names(np.array([0, 0, 0, 1]), np.array([True, True, False, True]),
    ...              np.array([1, 1, 0, 0]), np.array([5, 9, 1, 0]),
    ...              np.array([0, 1, 2, 3])).tolist()
    [1, 3]
    """
    candidates = np.flatnonzero(roots)
    order = np.lexsort((id_rank[candidates], -downloads[candidates],
                        -descendants[candidates], labels[candidates]))
    ranked = candidates[order]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = labels[ranked][1:] != labels[ranked][:-1]
    names = np.full(labels.max() + 1 if len(labels) else 0, -1, dtype=np.int64)
    names[labels[ranked[first]]] = ranked[first]
    return names


def contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which ``keys`` are in the sorted array ``sorted_keys``."""
    if not sorted_keys.size:
        return np.zeros(len(keys), dtype=bool)
    at = np.searchsorted(sorted_keys, keys)
    at[at == len(sorted_keys)] = 0
    return sorted_keys[at] == keys
