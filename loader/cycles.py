"""Cycles in declared lineage (A -> B -> A and longer): found as strongly connected sets."""

from __future__ import annotations

from collections.abc import Callable

from lineage.analytics.measures.components import cycle_sets
from lineage.cypher.client import Graph
from lineage.loader.records import Reject
from lineage.relations import Relation


def flag_cycles(graph: Graph, report: Callable[[Reject], None], source: str) -> int:
    """Find every cycle in the graph's lineage, flag its edges ``cycle = true`` and report it.

    Only edges whose parent has a parent and whose child has a child can lie on a cycle, so
    only those are read. Returns the number of cycles.
    """
    types = Relation.types()
    pairs = [(r["parent"], r["child"]) for r in graph.stream("load/chain_edges", types=types)]
    cycles = cycle_sets(pairs)
    for members in cycles:
        ids = graph.run("load/flag_cycle", members=members, types=types)[0]["ids"]
        report(Reject(source, "lineage cycle: edges kept and flagged cycle = true",
                      " -> ".join(sorted(ids)), kind="cycle"))
    return len(cycles)
