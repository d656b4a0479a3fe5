"""Components of the lineage graph: the one routine for strongly and weakly connected sets.

A *family* is a weakly connected set of models (the glossary); a *cycle* in declared lineage
is a strongly connected set of two models or more. Every part of the project that needs either
(the loader flagging cycles, the walkable graph, families, the heads of huge kin sets, the
drawing of a report's tree) calls these functions, on nodes numbered ``0 .. nodes - 1`` and
edges as integer arrays ``parent -> child``.

SciPy's compressed-graph routines do the work; they are imported on first use, so that a
command that never meets a cycle (a lineage report, for one) does not wait for SciPy to load.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

__all__ = ["strong_components", "weak_components", "cycle_sets"]


def _matrix(parent: np.ndarray, child: np.ndarray, nodes: int):
    from scipy.sparse import csr_matrix

    return csr_matrix((np.ones(len(parent), dtype=np.int8),
                       (np.asarray(parent, dtype=np.int64), np.asarray(child, dtype=np.int64))),
                      shape=(nodes, nodes))


def strong_components(parent: np.ndarray, child: np.ndarray, nodes: int
                      ) -> tuple[int, np.ndarray]:
    """The strongly connected set of every node: how many sets, and each node's set number.

    Examples
    --------
    >>> count, labels = strong_components(np.array([0, 1, 1]), np.array([1, 0, 2]), 4)
    >>> count, bool(labels[0] == labels[1]), bool(labels[1] == labels[2])
    (3, True, False)
    """
    from scipy.sparse.csgraph import connected_components

    count, labels = connected_components(_matrix(parent, child, nodes), directed=True,
                                         connection="strong")
    return int(count), labels.astype(np.int64)


def weak_components(parent: np.ndarray, child: np.ndarray, nodes: int
                    ) -> tuple[int, np.ndarray]:
    """The weakly connected set (edges taken either way) of every node: how many sets, and each
    node's set number, numbered from 0 in the order of their first node.

    Examples
    --------
    >>> weak_components(np.array([0, 2]), np.array([1, 3]), 5)[1].tolist()
    [0, 0, 1, 1, 2]
    """
    from scipy.sparse.csgraph import connected_components

    count, labels = connected_components(_matrix(parent, child, nodes), directed=False)
    return int(count), labels.astype(np.int64)


def cycle_sets(edges: Iterable[tuple[Hashable, Hashable]]) -> list[list[Hashable]]:
    """The sets of models that lie on a cycle (strongly connected sets of two or more), each
    sorted, the sets in order of their first member.

    >>> cycle_sets([("a", "b"), ("b", "a"), ("b", "c")])
    [['a', 'b']]
    """
    index: dict[Hashable, int] = {}
    sources, targets = [], []
    for parent, child in edges:
        sources.append(index.setdefault(parent, len(index)))
        targets.append(index.setdefault(child, len(index)))
    if not index:
        return []
    count, labels = strong_components(np.asarray(sources), np.asarray(targets), len(index))
    sizes = np.bincount(labels, minlength=count)
    nodes = list(index)
    groups: dict[int, list[Hashable]] = {}
    for position in np.flatnonzero(sizes[labels] > 1):
        groups.setdefault(int(labels[position]), []).append(nodes[position])
    return sorted((sorted(g, key=str) for g in groups.values()), key=lambda g: str(g[0]))
