"""Structure analytics against hand-computed examples and networkx on random forests and DAGs."""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.measures import structure
from lineage.errors import UsageError
from lineage.relations import RELATIONS


@st.composite
def dags(draw, max_nodes=18, cycles=False):
    """A random lineage DAG (edges from lower to higher numbers, so no cycle) with relations;
    with ``cycles``, a few edges pointing back as well."""
    n = draw(st.integers(1, max_nodes))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3 * n)) if pairs else []
    if cycles and pairs:
        chosen += [(j, i) for i, j in draw(st.lists(st.sampled_from(pairs), unique=True,
                                                    max_size=3))]
    relations = draw(st.lists(st.sampled_from(RELATIONS), min_size=len(chosen),
                              max_size=len(chosen)))
    edges = pd.DataFrame({"parent": [f"m{p}" for p, _ in chosen],
                          "child": [f"m{c}" for _, c in chosen], "relation": relations},
                         columns=["parent", "child", "relation"])
    return [f"m{i}" for i in range(n)], edges


@st.composite
def forests(draw, max_nodes=25):
    """A random forest: every node but the roots has one parent with a smaller number."""
    n = draw(st.integers(1, max_nodes))
    parents = [draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
               for i in range(n)]
    edges = pd.DataFrame({"parent": [f"m{p}" for p in parents if p is not None],
                          "child": [f"m{i}" for i, p in enumerate(parents) if p is not None]},
                         columns=["parent", "child"])
    return [f"m{i}" for i in range(n)], edges


def as_networkx(nodes, edges):
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    for row in edges.itertuples(index=False):
        graph.add_edge(row.parent, row.child, relation=getattr(row, "relation", None))
    return graph


@settings(max_examples=150, deadline=None)
@given(dags(cycles=True))
def test_generations_are_longest_paths_with_no_edge_inside_a_cycle_walked(case):
    nodes, edges = case
    graph = nx.DiGraph(as_networkx(nodes, edges))
    graph.remove_edges_from(nx.selfloop_edges(graph))
    member = {node: n for n, members in enumerate(nx.strongly_connected_components(graph))
              for node in members}
    graph.remove_edges_from([(u, v) for u, v in list(graph.edges) if member[u] == member[v]])
    depth = {}
    for node in nx.topological_sort(graph):
        depth[node] = max((depth[p] + 1 for p in graph.predecessors(node)), default=0)
    assert structure.generations(edges, nodes).to_dict() == {m: depth[m] for m in nodes}


@settings(max_examples=150, deadline=None)
@given(dags())
def test_children_with_children_counted_one_by_one(case):
    nodes, edges = case
    graph = as_networkx(nodes, edges)
    expected = {relation: 0 for relation in RELATIONS}
    for relation in RELATIONS:
        made = {c for p, c, r in graph.edges(data="relation") if r == relation}
        expected[relation] = sum(1 for c in made if graph.out_degree(c) > 0)
    assert structure.children_with_children(edges).to_dict() == expected


def brute_force_subgraphs(edges):
    pairs = set(zip(edges["parent"], edges["child"])) - {(a, a) for a in edges["parent"]}
    children = {}
    for p, c in sorted(pairs):
        children.setdefault(p, []).append(c)
    kids = lambda node: children.get(node, [])  # noqa: E731
    models = set(edges["parent"]) | set(edges["child"])
    counts = dict.fromkeys(("pairs", "edges", "sibling_pairs", "sibling_triples",
                            "two_step_paths", "edge_child_pairs", "uncle_nephew",
                            "three_step_paths"), 0)
    counts["pairs"] = len(list(itertools.permutations(models, 2)))
    counts["edges"] = len(pairs)
    for node in children:
        counts["sibling_pairs"] += len(list(itertools.combinations(kids(node), 2)))
        counts["sibling_triples"] += len(list(itertools.combinations(kids(node), 3)))
    for p, c in pairs:
        counts["two_step_paths"] += len(kids(c))
        counts["edge_child_pairs"] += len(list(itertools.combinations(kids(c), 2)))
        for grandchild in kids(c):
            counts["three_step_paths"] += len(kids(grandchild))
    for g, p in pairs:
        for uncle in kids(g):
            if uncle != p:
                counts["uncle_nephew"] += len(kids(p))
    return counts


@settings(max_examples=150, deadline=None)
@given(st.one_of(forests(), dags()))
def test_table1_counts_match_enumeration(case):
    _, edges = case
    assert structure.subgraph_counts(edges[["parent", "child"]]) == brute_force_subgraphs(edges)


def test_table1_on_a_hand_drawn_family():
    # g has children p, u, v; p has children a, b, c; a has child z.
    edges = pd.DataFrame([("g", "p"), ("g", "u"), ("g", "v"), ("p", "a"), ("p", "b"),
                          ("p", "c"), ("a", "z")], columns=["parent", "child"])
    counts = structure.subgraph_counts(edges)
    assert counts == {"pairs": 8 * 7, "edges": 7, "sibling_pairs": 3 + 3,
                      "sibling_triples": 1 + 1, "two_step_paths": 3 + 1, "edge_child_pairs": 3,
                      "uncle_nephew": 2 * 3 + 2 * 1, "three_step_paths": 1}


def test_a_declared_cycle_and_a_self_reference_do_not_loop():
    edges = pd.DataFrame({"parent": ["a", "b", "c", "d"], "child": ["b", "a", "d", "d"]})
    generations = structure.generations(edges)
    assert generations["a"] == generations["b"] == 0
    assert generations["d"] == 1


def test_bad_frames_get_errors_that_say_what_to_give():
    with pytest.raises(UsageError, match="no column parent"):
        structure.component_count(pd.DataFrame({"from": ["a"], "to": ["b"]}))
    with pytest.raises(UsageError, match="unknown relation 'fork'"):
        structure.children_with_children(pd.DataFrame({"parent": ["a"], "child": ["b"],
                                                       "relation": ["fork"]}))
    with pytest.raises(UsageError, match="no parent or no child"):
        structure.component_count(pd.DataFrame({"parent": ["a", None], "child": ["b", "c"]}))
    with pytest.raises(UsageError, match="DataFrame"):
        structure.component_count([("a", "b")])
