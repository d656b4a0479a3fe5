"""Structural virality of families (Goel, Anderson, Hofman & Watts, 2016).

The structural virality of a family is the mean shortest-path distance between two of its
models, over every pair, with lineage edges taken undirected (the Wiener index over the number
of pairs). A family grown by one broadcast (a base and its many direct children) is near 2; one
grown by long chains of reuse is larger.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import shortest_path

from lineage.analytics.measures.edgelist import distinct, unique_pairs

__all__ = ["MAX_CORE", "structural_virality"]

#: Families whose cyclic core (what is left after peeling off every tree part) has more models
#: than this get no virality: the exact all-pairs walk over the core is quadratic.
MAX_CORE = 10_000
#: Sources walked at once over a core (a chunk of the distance matrix in memory).
_SOURCES = 256


def structural_virality(a: np.ndarray, b: np.ndarray, labels: np.ndarray,
                        max_core: int = MAX_CORE) -> np.ndarray:
    """The structural virality of every family, exactly.

    Tree parts are peeled off leaf by leaf: the edge above a peeled part of ``s`` models is a
    bridge that ``s * (size - s)`` pairs cross, which is linear in the family. What remains (the
    core, where merges close undirected cycles) is walked from every core model with each core
    model weighted by the models peeled into it; a tree-shaped family has no core.

    Parameters
    ----------
    a, b : ndarray of int
        Lineage edges (either direction; repeats and self-loops are ignored).
    labels : ndarray of int
        Family number of every node (edges never join two families).
    max_core : int
        Largest core walked; a family with a larger core gets NaN.

    Returns
    -------
    ndarray
        Virality by family number; NaN for a family of one model or one skipped.

    Examples
    --------
    A star of a base and three children, and a path of three:

    >>> v = structural_virality(np.array([0, 0, 0, 4, 5]), np.array([1, 2, 3, 5, 6]),
    ...                         np.array([0, 0, 0, 0, 1, 1, 1]))
    >>> v.round(3).tolist()
    [1.5, 1.333]
    """
    nodes = len(labels)
    families = int(labels.max()) + 1 if nodes else 0
    size = np.bincount(labels, minlength=families).astype(np.int64)
    lo, hi = unique_pairs(np.minimum(a, b), np.maximum(a, b), nodes)
    degree = np.bincount(lo, minlength=nodes) + np.bincount(hi, minlength=nodes)
    neighbours = np.zeros(nodes, dtype=np.int64)  # xor of the neighbours still attached
    np.bitwise_xor.at(neighbours, lo, hi)
    np.bitwise_xor.at(neighbours, hi, lo)
    weight = np.ones(nodes, dtype=np.int64)
    wiener = np.zeros(families, dtype=np.float64)
    leaves = np.flatnonzero(degree == 1)
    while leaves.size:
        above = neighbours[leaves]
        # The last edge of a tree joins two leaves: only the smaller one is peeled.
        keep = ~((degree[above] == 1) & (leaves > above))
        leaves, above = leaves[keep], above[keep]
        part = weight[leaves]
        np.add.at(wiener, labels[leaves], (part * (size[labels[leaves]] - part)).astype(float))
        np.add.at(weight, above, part)
        degree[leaves] = 0
        np.subtract.at(degree, above, 1)
        np.bitwise_xor.at(neighbours, above, leaves)
        leaves = distinct(above[degree[above] == 1])
    core = degree > 0
    if core.any():
        inside = core[lo] & core[hi]
        _core_distances(lo[inside], hi[inside], np.flatnonzero(core), labels, weight, wiener,
                        max_core)
    pairs = size * (size - 1) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(size > 1, wiener / np.maximum(pairs, 1), np.nan)


def _core_distances(lo: np.ndarray, hi: np.ndarray, members: np.ndarray, labels: np.ndarray,
                    weight: np.ndarray, wiener: np.ndarray, max_core: int) -> None:
    """Add each core's weighted sum of distances over pairs to ``wiener`` (NaN past the cap)."""
    members = members[np.argsort(labels[members], kind="stable")]
    family = labels[members]
    bounds = np.flatnonzero(np.r_[True, family[1:] != family[:-1], True])
    order = np.argsort(labels[lo], kind="stable")
    lo, hi = lo[order], hi[order]
    edge_family = labels[lo]
    local = np.full(len(labels), -1, dtype=np.int64)
    for start, stop in zip(bounds[:-1], bounds[1:], strict=False):
        group = members[start:stop]
        label = family[start]
        if len(group) > max_core:
            wiener[label] = np.nan
            continue
        local[group] = np.arange(len(group))
        first, last = np.searchsorted(edge_family, [label, label + 1])
        k = len(group)
        matrix = coo_matrix((np.ones(last - first), (local[lo[first:last]],
                                                      local[hi[first:last]])),
                            shape=(k, k)).tocsr()
        w = weight[group].astype(float)
        total = 0.0
        for chunk in range(0, k, _SOURCES):
            sources = np.arange(chunk, min(chunk + _SOURCES, k))
            distance = shortest_path(matrix, directed=False, unweighted=True, indices=sources)
            total += float(w[sources] @ (distance @ w))
        wiener[label] += total / 2
