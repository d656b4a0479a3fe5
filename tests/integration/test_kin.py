"""Kin queries and Table 1 counts against the real Neo4j, each checked against networkx brute
force on random graphs with merges (several parents), parallel edges, cycles and placeholders."""

import itertools
import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lineage.analytics.measures.structure import TABLE_ONE, subgraph_counts
from lineage.analytics.reads.kin import KINDS, kin, kin_path
from lineage.analytics.reads.stats import topology
from lineage.errors import ModelNotFound, UsageError
from tests.kinship import TYPES, digraph, kin_sets, lineage_graphs, ranked, table1, write

SLOW = settings(max_examples=10, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
LABELS = {"FINETUNE": "finetune", "ADAPTER": "adapter", "MERGE": "merge",
          "QUANTIZATION": "quantization"}
type_subsets = st.one_of(st.none(), st.lists(st.sampled_from(TYPES), min_size=1, unique=True))


def relations_of(types):
    return None if types is None else [LABELS[t] for t in types]


@SLOW
@given(drawn=lineage_graphs(), types=type_subsets, seed=st.integers(0, 2**16))
def test_every_kind_of_kin_matches_networkx(graph, drawn, types, seed):
    write(graph, drawn)
    g = digraph(drawn, types or TYPES)
    ids = {m["key"]: m["id"] for m in drawn["models"]}
    placeholders = {m["id"] for m in drawn["models"] if m["placeholder"]}
    focus = random.Random(seed).sample(sorted(g), k=min(2, len(g)))
    for key in focus:
        expected = kin_sets(g, key)
        for kind in KINDS:
            want = [ids[k] for k in ranked(expected[kind], drawn)]
            rows, total = kin(graph, ids[key], kind, relations_of(types), limit=1000)
            assert [r["id"] for r in rows] == want, (kind, key)
            assert total == len(want), (kind, key)
            assert all(r["placeholder"] == (r["id"] in placeholders) for r in rows)
            if want and key == focus[0]:
                top, total_limited = kin(graph, ids[key].upper(), kind, relations_of(types),
                                         limit=2)
                assert [r["id"] for r in top] == want[:2] and total_limited == len(want)


def test_aunts_uncles_and_nieces_nephews_mirror_each_other():
    # A property of the definitions, checked on the brute force used as the reference.
    rng = random.Random(5)
    for _ in range(40):
        g = nx.gnp_random_graph(9, 0.25, seed=rng.randrange(10**6), directed=True)
        g = nx.relabel_nodes(g, str)
        sets = {m: kin_sets(g, m) for m in g}
        for m, n in itertools.permutations(g, 2):
            assert (n in sets[m]["nieces-nephews"]) == (m in sets[n]["aunts-uncles"])


def _path_count(g: nx.DiGraph, multiplicity, path) -> int:
    count = 1
    for u, v in itertools.pairwise(path):
        count *= multiplicity[frozenset((u, v))]
    return count


@SLOW
@given(drawn=lineage_graphs(), types=type_subsets, seed=st.integers(0, 2**16))
def test_paths_and_nearest_common_ancestors_match_networkx(graph, drawn, types, seed):
    write(graph, drawn)
    wanted = set(types or TYPES)
    g = digraph(drawn, wanted)
    undirected = g.to_undirected()
    multiplicity = {}
    for p, c, t in drawn["edges"]:
        if t in wanted:
            multiplicity[frozenset((p, c))] = multiplicity.get(frozenset((p, c)), 0) + 1
    ids = {m["key"]: m["id"] for m in drawn["models"]}
    rng = random.Random(seed)
    for _ in range(3):
        a, b = rng.choice(sorted(g)), rng.choice(sorted(g))
        found = kin_path(graph, ids[a], ids[b], relations_of(types), limit=10_000)
        if nx.has_path(undirected, a, b):
            expected = list(nx.all_shortest_paths(undirected, a, b))
            assert found.length == len(expected[0]) - 1
            assert {tuple(p["ids"]) for p in found.paths} == {
                tuple(ids[k] for k in p) for p in expected}
            assert found.total_paths == sum(_path_count(g, multiplicity, p) for p in expected)
            for path in found.paths:
                for step, (u, v) in zip(path["steps"], itertools.pairwise(path["ids"]),
                                        strict=True):
                    assert {step["parent"], step["child"]} == {u, v}
                    assert g.has_edge(step["parent"].lower(), step["child"].lower())
        else:
            assert found.length is None and found.paths == [] and found.total_paths == 0

        up = {x: nx.ancestors(g, x) | {x} for x in g}
        common = up[a] & up[b]
        nearest = {c for c in common
                   if not any(c in up[d] and d not in up[c] for d in common)}
        assert found.common == len(common)
        assert {(n["id"], n["to_source"], n["to_target"]) for n in found.nearest} == {
            (ids[c], nx.shortest_path_length(g, c, a), nx.shortest_path_length(g, c, b))
            for c in nearest}
        totals = [n["to_source"] + n["to_target"] for n in found.nearest]
        assert totals == sorted(totals)
        if common and nx.is_directed_acyclic_graph(g):
            assert ids[nx.lowest_common_ancestor(g, a, b)] in {n["id"] for n in found.nearest}


@SLOW
@given(drawn=lineage_graphs(min_nodes=1, max_nodes=14), types=type_subsets)
def test_table1_counts_match_a_brute_force_enumeration(graph, drawn, types):
    write(graph, drawn)
    g = digraph(drawn, types or TYPES)
    counts = topology(graph, relations_of(types) or [LABELS[t] for t in TYPES])
    assert counts == table1(g)
    assert list(counts) == list(TABLE_ONE)
    import pandas as pd
    frame = pd.DataFrame(list(g.edges), columns=["parent", "child"])
    # The frame holds the forest's models only, so its pairs differ; the rest is the same.
    same = subgraph_counts(frame)
    assert {k: v for k, v in counts.items() if k != "pairs"} == {
        k: v for k, v in same.items() if k != "pairs"}


def test_the_finetune_forest_is_the_default_and_a_hand_worked_family(graph):
    # g -> p -> {c, d}, g -> u -> n, p -> c also by adapter; e is a lone model.
    drawn = {"models": [{"id": k, "key": k, "downloads": 1, "placeholder": False}
                        for k in "gpcdune"],
             "edges": [("g", "p", "FINETUNE"), ("p", "c", "FINETUNE"), ("p", "d", "FINETUNE"),
                       ("g", "u", "FINETUNE"), ("u", "n", "FINETUNE"), ("p", "c", "ADAPTER"),
                       ("n", "e", "QUANTIZATION")]}
    write(graph, drawn)
    assert topology(graph) == {
        "pairs": 42, "edges": 5, "sibling_pairs": 2, "sibling_triples": 0,
        "two_step_paths": 3, "edge_child_pairs": 1, "uncle_nephew": 3,
        "three_step_paths": 0}
    assert topology(graph, ["quantization"])["edges"] == 1


def test_the_siblings_of_a_popular_base_stream_with_a_limit_and_a_count(graph):
    count = 1500
    graph.run_statements("test/fan", [
        "CREATE (:Model {id: 'base/Big', key: 'base/big', downloads: 10})",
        f"UNWIND range(1, {count}) AS i CREATE (c:Model {{id: 'ft/m' + i, key: 'ft/m' + i, "
        "downloads: i})",
        "MATCH (b:Model {key: 'base/big'}), (c:Model) WHERE c.key STARTS WITH 'ft/' "
        "CREATE (b)-[:FINETUNE]->(c)",
    ])
    rows, total = kin(graph, "ft/m1", "siblings", limit=5)
    assert total == count - 1
    assert [r["id"] for r in rows] == [f"ft/m{i}" for i in range(count, count - 5, -1)]
    assert rows[0]["via"] == ["base/Big"]
    rows, total = kin(graph, "base/big", "children", ["finetune"], limit=1)
    assert total == count and rows[0]["relations"] == ["finetune"]


def test_unknown_ids_kinds_relations_and_limits_are_usage_errors(graph):
    write(graph, {"models": [{"id": "org/a", "key": "org/a", "downloads": 1,
                              "placeholder": False}], "edges": []})
    with pytest.raises(ModelNotFound, match="no model 'org/b' in the graph; closest: org/a"):
        kin(graph, "org/b", "parents")
    with pytest.raises(UsageError, match="unknown kind of kin 'uncles': use one of parents"):
        kin(graph, "org/a", "uncles")
    with pytest.raises(UsageError, match="unknown relation 'distill'"):
        kin(graph, "org/a", "parents", ["distill"])
    with pytest.raises(UsageError, match="limit must be between 1"):
        kin(graph, "org/a", "parents", limit=0)
    with pytest.raises(ModelNotFound, match="no model 'org/zz'"):
        kin_path(graph, "org/a", "org/zz")
    same = kin_path(graph, "org/a", "ORG/A")
    assert same.length == 0 and same.paths[0]["ids"] == ["org/a"]
    assert [n["id"] for n in same.nearest] == ["org/a"]


def test_kin_and_table1_on_real_crawled_families(graph, crawls, tmp_path):
    from lineage.analytics.reads.frames import edge_frame, model_frame
    from lineage.loader.files import load_files

    load_files(graph, [crawls / "DeepSeek-R1_finetunes_20250416_231338.json"],
               rejects_path=tmp_path / "rejects.jsonl")
    edges = edge_frame(graph)
    models = model_frame(graph, ["id", "downloads"])
    g = nx.DiGraph()
    g.add_nodes_from(models["key"])
    g.add_edges_from(zip(edges["parent"], edges["child"], strict=True))
    drawn = {"models": [{"key": k, "downloads": None if d != d or d is None else int(d)}
                        for k, d in zip(models["key"], models["downloads"], strict=True)]}
    ids = dict(zip(models["key"], models["id"], strict=True))
    hub = max(g, key=lambda v: len(g.succ[v]))
    grandchild = next(c for child in g.succ[hub] for c in g.succ[child])
    for key in (next(iter(g.succ[hub])), grandchild):
        expected = kin_sets(g, key)
        for kind in KINDS:
            rows, total = kin(graph, ids[key], kind, limit=20)
            assert total == len(expected[kind]), (kind, key)
            assert [r["id"] for r in rows] == [ids[k] for k in
                                               ranked(expected[kind], drawn)[:20]], (kind, key)
    finetune = edges[edges["relation"] == "finetune"]
    forest = nx.DiGraph()
    forest.add_nodes_from(models["key"])
    forest.add_edges_from(zip(finetune["parent"], finetune["child"], strict=True))
    assert topology(graph) == table1(forest)
