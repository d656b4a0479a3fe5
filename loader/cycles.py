"""Cycles in declared lineage (A -> B -> A and longer): found as strongly connected sets."""

from __future__ import annotations

from collections.abc import Callable

from lineage.analytics.measures.components import cycle_sets
from lineage.cypher.client import Graph
from lineage.loader.records import Reject
from lineage.relations import Relation

REASON = "lineage cycle: edges kept and flagged cycle = true"


def flag_cycles(graph: Graph, report: Callable[[Reject], None], source: str) -> int:
    """Find every cycle in the graph's lineage and keep the flags ``cycle = true`` true: the
    edges of every cycle flagged, no other edge. Report the cycles this load made (one already
    flagged was reported by the load that made it, and a refresh should not repeat the whole
    graph's). Returns the number of cycles in the graph.

    Only edges whose parent has a parent and whose child has a child can lie on a cycle, so
    only those are read, with the edges flagged before (a cycle an ended edge has broken).
    """
    types = Relation.types()
    pairs, flagged = [], []
    for row in graph.stream("load/chain_edges", types=types):
        pairs.append((row["parent"], row["child"]))
        if row["flagged"]:
            flagged.append((row["parent"], row["child"], row["edge"]))
    cycles = cycle_sets(pairs)
    cycle_of = {member: n for n, members in enumerate(cycles) for member in members}
    broken = [edge for parent, child, edge in flagged
              if parent not in cycle_of or cycle_of[parent] != cycle_of.get(child)]
    if broken:
        graph.run("load/unflag_edges", ids=broken)
    for members in cycles:
        found = graph.run("load/flag_cycle", members=members, types=types)[0]
        if found["flagged"]:
            report(Reject(source, REASON, " -> ".join(sorted(found["ids"])), kind="cycle"))
    return len(cycles)
