"""Cycles in declared lineage (A -> B -> A and longer): found as strongly connected sets."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from lineage.cypher.client import Graph
from lineage.loader.records import Reject
from lineage.relations import Relation


def strongly_connected(edges: Iterable[tuple[Hashable, Hashable]]) -> list[list[Hashable]]:
    """The sets of nodes that lie on a cycle (strongly connected sets of two or more nodes).

    >>> strongly_connected([("a", "b"), ("b", "a"), ("b", "c")])
    [['a', 'b']]
    """
    index: dict[Hashable, int] = {}
    sources, targets = [], []
    for parent, child in edges:
        sources.append(index.setdefault(parent, len(index)))
        targets.append(index.setdefault(child, len(index)))
    if not index:
        return []
    n = len(index)
    matrix = coo_matrix((np.ones(len(sources), dtype=np.int8), (sources, targets)), shape=(n, n))
    count, labels = connected_components(matrix, directed=True, connection="strong")
    sizes = np.bincount(labels, minlength=count)
    nodes = list(index)
    groups: dict[int, list[Hashable]] = {}
    for position in np.flatnonzero(sizes[labels] > 1):
        groups.setdefault(int(labels[position]), []).append(nodes[position])
    return sorted((sorted(g, key=str) for g in groups.values()), key=lambda g: str(g[0]))


def flag_cycles(graph: Graph, report: Callable[[Reject], None], source: str) -> int:
    """Find every cycle in the graph's lineage, flag its edges ``cycle = true`` and report it.

    Only edges whose parent has a parent and whose child has a child can lie on a cycle, so
    only those are read. Returns the number of cycles.
    """
    types = Relation.types()
    pairs = [(r["parent"], r["child"]) for r in graph.stream("load/chain_edges", types=types)]
    cycles = strongly_connected(pairs)
    for members in cycles:
        ids = graph.run("load/flag_cycle", members=members, types=types)[0]["ids"]
        report(Reject(source, "lineage cycle: edges kept and flagged cycle = true",
                      " -> ".join(sorted(ids)), kind="cycle"))
    return len(cycles)
