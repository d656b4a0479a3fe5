"""The stored measures against independent computations: networkx and brute force over every
model, on random lineage graphs with merges, cycles, placeholders, missing dates and equal
timestamps."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lineage.analytics.jobs.compute import changed_rows
from lineage.analytics.measures import descent, disruption, virality
from lineage.analytics.measures.stored import measure
from lineage.errors import UsageError
from lineage.relations import RELATIONS

DAY = disruption.DAY_MS


@st.composite
def lineage_graphs(draw, max_nodes=11):
    """Models (some undated: placeholders or missing dates; equal days common) and lineage
    edges in any direction, so cycles occur; edges inside a cycle are flagged as the loader
    flags them (sometimes one is left unflagged, which the measures must survive)."""
    n = draw(st.integers(2, max_nodes))
    # Newer numbers mostly later days; many equal days; some models undated.
    days = [None if d == -3 else max(0, k // 2 + d)
            for k, d in enumerate(draw(st.lists(st.integers(-3, 1), min_size=n, max_size=n)))]
    downloads = draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))
    # Mostly older -> newer numbering (lineage runs forward), some backwards to close cycles.
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                    st.integers(0, 9)), min_size=n, max_size=3 * n))
    pairs = [(min(p, c), max(p, c)) if back else (max(p, c), min(p, c))
             for p, c, back in pairs if p != c]
    kinds = draw(st.lists(st.sampled_from(RELATIONS), min_size=len(pairs),
                          max_size=len(pairs)))
    edges = pd.DataFrame({"parent": [p for p, _ in pairs], "child": [c for _, c in pairs],
                          "relation": kinds}, dtype=object)
    edges = edges.drop_duplicates(["parent", "child", "relation"]).reset_index(drop=True)
    graph = nx.DiGraph(list(zip(edges["parent"], edges["child"], strict=True)))
    inside = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            inside |= {(p, c) for p, c in graph.edges if p in component and c in component}
    flags = [(p, c) in inside for p, c in zip(edges["parent"], edges["child"], strict=True)]
    if any(flags) and draw(st.booleans()):
        flags[flags.index(True)] = False
    edges["cycle"] = flags
    edges["parent"] = edges["parent"].astype(np.int64)
    edges["child"] = edges["child"].astype(np.int64)
    models = pd.DataFrame({"id": [f"m{k:02d}" for k in range(n)], "downloads": downloads,
                           "created": [np.nan if d is None else float(d * DAY) for d in days]})
    return models, edges


def walkable_nx(models: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    """The walkable graph by its definition: no cycle-flagged edge, no edge left on a cycle."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(models)))
    graph.add_edges_from((p, c) for p, c, flag in zip(edges["parent"], edges["child"],
                                                      edges["cycle"], strict=True) if not flag)
    for component in list(nx.strongly_connected_components(graph)):
        if len(component) > 1:
            graph.remove_edges_from([(p, c) for p, c in list(graph.edges)
                                     if p in component and c in component])
    return graph


def brute_disruption(models, graph, window_days, lineage):
    """Both variants straight from the definition, one focal model and one later model at a
    time."""
    created = models["created"].tolist()
    out = {}
    for f in graph.nodes:
        parents = set(graph.predecessors(f))
        t = created[f]
        if not parents or t != t:
            out[f] = (None, None, None, None)
            continue
        ancestors = nx.ancestors(graph, f)
        below_f = nx.descendants(graph, f)
        without_f = graph.copy()
        without_f.remove_node(f)
        avoiding = set().union(*(nx.descendants(without_f, a) for a in ancestors))
        below_ancestors = set().union(*(nx.descendants(graph, a) for a in ancestors))
        n_i = n_j = n_k = 0
        for x in graph.nodes:
            tx = created[x]
            if tx != tx or not (tx > t and (window_days == 0 or tx <= t + window_days * DAY)):
                continue
            if lineage:
                from_f, from_r = x in below_f, x in avoiding
                other = x in below_ancestors and not from_f
            else:
                before = set(graph.predecessors(x))
                from_f, from_r = f in before, bool(before & parents)
                other = from_r and not from_f
            n_i += from_f and not from_r
            n_j += from_f and from_r
            n_k += other
        total = n_i + n_j + n_k
        out[f] = ((n_i - n_j) / total if total else None, n_i, n_j, n_k)
    return out


def stored(value):
    """The value as stored: NaN and -1 mean absent."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (int, np.integer)) and value < 0:
        return None
    return value.item() if isinstance(value, np.generic) else value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lineage_graphs(), st.sampled_from([0, 1, 2, 90]))
def test_every_measure_matches_networkx_and_brute_force(case, window):
    models, edges = case
    result = measure(models, edges, window_days=window)
    values = result.values
    graph = walkable_nx(models, edges)
    assert nx.is_directed_acyclic_graph(graph)
    n = len(models)
    for v in range(n):
        longest = max((len(p) - 1 for r in nx.ancestors(graph, v)
                       for p in nx.all_simple_paths(graph, r, v)), default=0)
        assert values["generation"][v] == longest
        assert values["descendants"][v] == len(nx.descendants(graph, v))
        for label in RELATIONS:
            kids = {c for p, c, r in zip(edges["parent"], edges["child"], edges["relation"],
                                         strict=True) if p == v and r == label}
            assert values[f"children_{label}"][v] == len(kids)
    for lineage, name in ((False, "mdi"), (True, "mdi_lineage")):
        expected = brute_disruption(models, graph, window, lineage)
        for v in range(n):
            got = tuple(stored(values[f"{name}{suffix}"][v])
                        for suffix in ("", "_n_i", "_n_j", "_n_k"))
            assert got == expected[v], (name, v)
    # Families: weak components over every edge, named by the root with most descendants.
    everything = nx.Graph()
    everything.add_nodes_from(range(n))
    everything.add_edges_from(zip(edges["parent"], edges["child"], strict=True))
    ids, downloads = models["id"].tolist(), models["downloads"].tolist()
    names = {}
    for members in nx.connected_components(everything):
        roots = [m for m in members if graph.in_degree(m) == 0]
        name = min(roots, key=lambda m: (-len(nx.descendants(graph, m)), -downloads[m], ids[m]))
        for m in members:
            assert values["family"][m] == ids[name]
            assert values["family_size"][m] == len(members)
        names[ids[name]] = members
    families = result.families.set_index("id")
    assert set(families.index) == {k for k, members in names.items() if len(members) > 1}
    for family, row in families.iterrows():
        members = names[family]
        sub = everything.subgraph(members)
        assert row["virality"] == pytest.approx(nx.average_shortest_path_length(sub))
        assert row["size"] == len(members)
        assert row["root"] == family
        assert row["depth"] == max(values["generation"][m] for m in members)
        for label in RELATIONS:
            assert row[label] == sum(1 for p, r in zip(edges["parent"], edges["relation"],
                                                       strict=True)
                                     if p in members and r == label)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 60), st.integers(0, 2**31), st.integers(0, 6))
def test_virality_of_trees_and_near_trees_matches_networkx(n, seed, extra):
    rng = np.random.default_rng(seed)
    parent = np.array([rng.integers(0, k) for k in range(1, n)], dtype=np.int64)
    child = np.arange(1, n, dtype=np.int64)
    a = np.concatenate([parent, rng.integers(0, n, extra)])
    b = np.concatenate([child, rng.integers(0, n, extra)])
    got = virality.structural_virality(a, b, np.zeros(n, dtype=np.int64))[0]
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((x, y) for x, y in zip(a.tolist(), b.tolist(), strict=True) if x != y)
    assert got == pytest.approx(nx.average_shortest_path_length(graph))


def test_a_core_past_the_cap_has_no_virality_and_trees_still_do():
    # Family 0: a 4-cycle (core of 4); family 1: a path of three.
    a, b = np.array([0, 1, 2, 3, 4, 5]), np.array([1, 2, 3, 0, 5, 6])
    labels = np.array([0, 0, 0, 0, 1, 1, 1])
    result = virality.structural_virality(a, b, labels, max_core=3)
    assert np.isnan(result[0]) and result[1] == pytest.approx(4 / 3)


def test_descendants_count_merges_once():
    # 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3 (a merge): 0 has three distinct descendants, not four.
    graph = descent.walkable(np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.zeros(4, bool),
                             4)
    assert descent.descendants(graph).tolist() == [3, 1, 1, 0]


def test_the_pair_cap_stops_a_closure_that_would_not_fit():
    chain = descent.walkable(np.arange(49), np.arange(1, 50), np.zeros(49, bool), 50)
    with pytest.raises(MemoryError, match="pairs"):
        descent.ancestor_pairs(chain, max_pairs=100)


def test_a_hand_worked_disruption():
    # P (day 0) -> F (day 1); later: X child of F only (day 2), Y child of F and P (day 3),
    # Z and W children of P only (days 4 and 200, W outside a 90-day window).
    models = pd.DataFrame({"id": list("PFXYZW"), "downloads": [0] * 6,
                           "created": [d * DAY for d in (0.0, 1, 2, 3, 4, 200)]})
    edges = pd.DataFrame({"parent": [0, 1, 1, 0, 0, 0], "child": [1, 2, 3, 3, 4, 5],
                          "relation": ["finetune"] * 6, "cycle": [False] * 6})
    values = measure(models, edges, window_days=90).values
    assert (values["mdi_n_i"][1], values["mdi_n_j"][1], values["mdi_n_k"][1]) == (1, 1, 1)
    assert values["mdi"][1] == 0.0
    # Lineage: X descends from F only; Y from F and from P avoiding F; Z from P only.
    assert (values["mdi_lineage_n_i"][1], values["mdi_lineage_n_j"][1],
            values["mdi_lineage_n_k"][1]) == (1, 1, 1)
    # Without a window W counts too.
    values = measure(models, edges, window_days=0).values
    assert values["mdi_n_k"][1] == 2 and values["mdi"][1] == 0.0
    # P has no parents: undefined, no counts.
    assert np.isnan(values["mdi"][0]) and values["mdi_n_i"][0] == -1


def test_only_computes_the_named_measures_and_refuses_unknown_ones():
    models = pd.DataFrame({"id": ["a", "b"], "downloads": [0, 0], "created": [0.0, 1.0]})
    edges = pd.DataFrame({"parent": [0], "child": [1], "relation": ["merge"], "cycle": [False]})
    result = measure(models, edges, only=["children"])
    assert set(result.values) == {f"children_{r}" for r in RELATIONS}
    assert result.values["children_merge"].tolist() == [1, 0]
    with pytest.raises(UsageError, match="unknown measure 'depth'"):
        measure(models, edges, only=["depth"])
    with pytest.raises(UsageError, match="window"):
        measure(models, edges, window_days=-1)


def test_changed_rows_keep_only_models_and_properties_whose_values_differ():
    models = pd.DataFrame({"key": ["a", "b", "c", "d"], "stored_mdi": [0.5, None, 0.25, None],
                           "stored_mdi_n_i": [1, None, 2, 3],
                           "stored_family": ["a", None, "a", "x"]})
    values = {"mdi": np.array([0.5, np.nan, np.nan, 1.0]), "mdi_n_i": np.array([1, -1, 2, 4]),
              "family": np.array(["a", None, "a", "d"], dtype=object)}
    rows = changed_rows(models, values, ["mdi", "mdi_n_i", "family"])
    assert rows == [{"key": "c", "values": {"mdi": None}},
                    {"key": "d", "values": {"mdi": 1.0, "mdi_n_i": 4, "family": "d"}}]


def test_equal_timestamps_are_not_later():
    models = pd.DataFrame({"id": list("PFX"), "downloads": [0] * 3,
                           "created": [0.0, float(DAY), float(DAY)]})
    edges = pd.DataFrame({"parent": [0, 1], "child": [1, 2], "relation": ["finetune"] * 2,
                          "cycle": [False] * 2})
    values = measure(models, edges).values
    assert np.isnan(values["mdi"][1]) and values["mdi_n_i"][1] == 0
    assert list(itertools.chain(values["mdi_n_j"][1:2], values["mdi_n_k"][1:2])) == [0, 0]
