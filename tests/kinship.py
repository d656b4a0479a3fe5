"""Random lineage graphs written straight into Neo4j, and the kin and Table 1 counts worked out
by brute force over them with networkx: the independent side of the kin and topology tests."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

import networkx as nx
from hypothesis import strategies as st

from lineage.cypher.client import Graph

TYPES = ("FINETUNE", "ADAPTER", "MERGE", "QUANTIZATION")


@st.composite
def lineage_graphs(draw, min_nodes: int = 2, max_nodes: int = 11) -> dict:
    """A random lineage graph: models (some placeholders, some without downloads, ties in
    downloads) and typed edges with several parents, parallel edges of two types and cycles;
    never a self-loop (the loader rejects those)."""
    n = draw(st.integers(min_nodes, max_nodes))
    models = []
    for i in range(n):
        placeholder = draw(st.booleans()) and draw(st.booleans())
        downloads = None if placeholder else draw(st.one_of(st.none(), st.integers(0, 5)))
        models.append({"id": f"Org/M{i}", "key": f"org/m{i}", "downloads": downloads,
                       "placeholder": placeholder})
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
    raw = draw(st.lists(st.tuples(pairs, st.sampled_from(TYPES)), max_size=3 * n))
    edges = sorted({(models[a]["key"], models[b]["key"], t) for (a, b), t in raw})
    return {"models": models, "edges": edges}


def write(graph: Graph, drawn: dict) -> None:
    """Replace the graph's contents with the drawn graph."""
    statements = [
        "MATCH (n) DETACH DELETE n",
        f"UNWIND {_literal(drawn['models'])} AS m CREATE (x:Model) SET x = m",
        "MATCH (x:Model) WHERE x.placeholder REMOVE x.downloads SET x:Placeholder",
        "MATCH (x:Model) REMOVE x.placeholder",
    ]
    for relation in TYPES:
        pairs = [[p, c] for p, c, t in drawn["edges"] if t == relation]
        if pairs:
            statements.append(
                f"UNWIND {json.dumps(pairs)} AS e MATCH (p:Model {{key: e[0]}}), "
                f"(c:Model {{key: e[1]}}) CREATE (p)-[:{relation}]->(c)")
    graph.run_statements("test/write", statements)


def _literal(models: list[dict]) -> str:
    items = []
    for m in models:
        downloads = "null" if m["downloads"] is None else str(m["downloads"])
        items.append(f"{{id: '{m['id']}', key: '{m['key']}', downloads: {downloads}, "
                     f"placeholder: {str(m['placeholder']).lower()}}}")
    return "[" + ", ".join(items) + "]"


def digraph(drawn: dict, types: Iterable[str] = TYPES) -> nx.DiGraph:
    """The drawn graph as a networkx DiGraph over the edges of ``types`` (one edge per pair)."""
    wanted = set(types)
    g = nx.DiGraph()
    g.add_nodes_from(m["key"] for m in drawn["models"])
    g.add_edges_from((p, c) for p, c, t in drawn["edges"] if t in wanted)
    return g


def kin_sets(g: nx.DiGraph, m: str) -> dict[str, set[str]]:
    """Every kind of kin of ``m``, straight from the definitions."""
    parents = {x: set(g.predecessors(x)) for x in g}
    children = {x: set(g.successors(x)) for x in g}

    def siblings(x: str) -> set[str]:
        return {s for s in g if s != x and parents[s] & parents[x]}

    def grandparents(x: str) -> set[str]:
        return set().union(*(parents[p] for p in parents[x])) if parents[x] else set()

    ancestors = nx.ancestors(g, m) - {m}
    return {
        "parents": parents[m],
        "children": children[m],
        "siblings": siblings(m),
        "half-siblings": {s for s in siblings(m) if parents[s] != parents[m]},
        "cousins": {c for c in g if c != m and grandparents(c) & grandparents(m)
                    and not parents[c] & parents[m]},
        "aunts-uncles": set().union(*(siblings(p) for p in parents[m])) - parents[m] - {m},
        "nieces-nephews": set().union(*(children[s] for s in siblings(m))) - children[m] - {m},
        "ancestors": ancestors,
        "descendants": nx.descendants(g, m) - {m},
        "roots": {r for r in ancestors | {m} if not parents[r]},
    }


def ranked(keys: Iterable[str], drawn: dict) -> list[str]:
    """Keys most downloaded first (no downloads last), ties by key."""
    downloads = {m["key"]: m["downloads"] for m in drawn["models"]}
    return sorted(keys, key=lambda k: (-(downloads[k] if downloads[k] is not None else -1), k))


def via(g: nx.DiGraph, m: str, kind: str, k: str) -> set[str]:
    """What the kin queries' ``via`` column names for kin ``k`` of ``m``: the shared parents
    of siblings, the shared grandparents of cousins, the parents an aunt or uncle is a sibling
    of, the siblings a niece or nephew is a child of; nothing for the other kinds."""
    parents = {x: set(g.predecessors(x)) for x in (m, k)}

    def grandparents(x: str) -> set[str]:
        return {q for p in g.predecessors(x) for q in g.predecessors(p)}

    if kind in ("siblings", "half-siblings"):
        return parents[m] & parents[k]
    if kind == "cousins":
        return grandparents(m) & grandparents(k)
    if kind == "aunts-uncles":
        return {p for p in parents[m] if p != k and set(g.predecessors(p)) & parents[k]}
    if kind == "nieces-nephews":
        return {s for s in parents[k] if s != m and set(g.predecessors(s)) & parents[m]}
    return set()


def heads_of(drawn: dict, threshold: int, top: int) -> dict[str, dict]:
    """The Kin nodes `lineage compute` should write, worked out from networkx sets: every
    model with more children, or more descendants, than the threshold."""
    g = digraph(drawn)
    found = {}
    for v in g:
        kids = set(g.successors(v))
        if len(kids) > threshold:
            alone = {k for k in kids if set(g.predecessors(k)) == {v}}
            shared = kids - alone
            grand = {x for k in kids for x in g.successors(k)}
            if len(shared) <= 2 * top:
                found[v] = {"children_top": ranked(alone, drawn)[:top + 1],
                            "children_alone": len(alone),
                            "children_shared": ranked(shared, drawn)}
                if len(grand) <= 2 * top:
                    found[v]["grandchildren"] = ranked(grand, drawn)
        below = nx.descendants(g, v) - {v}
        if len(below) > threshold:
            found.setdefault(v, {}).update(descendants_top=ranked(below, drawn)[:top],
                                           descendants_count=len(below))
    return found


def table1(g: nx.DiGraph) -> dict[str, int]:
    """The eight structures of the paper's Table 1, enumerated one occurrence at a time."""
    nodes = list(g)
    edges = list(g.edges)
    succ = {x: sorted(g.successors(x)) for x in nodes}
    pred = {x: sorted(g.predecessors(x)) for x in nodes}
    return {
        "pairs": sum(1 for _ in itertools.permutations(nodes, 2)),
        "edges": len(edges),
        "sibling_pairs": sum(1 for p in nodes for _ in itertools.combinations(succ[p], 2)),
        "sibling_triples": sum(1 for p in nodes for _ in itertools.combinations(succ[p], 3)),
        "two_step_paths": sum(1 for u, v in edges for _ in succ[v]),
        "edge_child_pairs": sum(1 for u, v in edges for _ in itertools.combinations(succ[v], 2)),
        "uncle_nephew": sum(1 for p, c in edges for u in succ[p] if u != c for _ in succ[c]),
        "three_step_paths": sum(1 for v, w in edges for _ in pred[v] for _ in succ[w]),
    }
