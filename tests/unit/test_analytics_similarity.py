"""Kin pair sampling against brute-force enumeration, the measures against hand-worked values,
and the exact ordering against brute force over permutations."""

from __future__ import annotations

import itertools
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chisquare

from lineage.analytics.ecosystem import drift, similarity
from lineage.analytics.replication.figures import kendall_tau

EDGES = pd.DataFrame({
    "parent": ["g", "g", "g", "p", "p", "p", "u", "c", "c", "x", "m"],
    "child": ["p", "u", "z", "c", "d", "e", "f", "h", "i", "m", "c"],
})


def brute_force(edges: pd.DataFrame, nodes: list[str]) -> dict[str, Counter]:
    """Every kin pair of each kind, enumerated from a networkx graph (one count per
    structure, as the paper's weights count them), as unordered pairs."""
    graph = nx.DiGraph(list(zip(edges["parent"], edges["child"], strict=True)))
    graph.add_nodes_from(nodes)
    found = {kind: Counter() for kind in similarity.KINDS}
    for a, b in itertools.combinations(graph.nodes, 2):
        found["random"][frozenset((a, b))] += 1
    for u, v in graph.edges:
        found["parent_child"][frozenset((u, v))] += 1
        for w in graph.successors(v):
            found["grandparent"][frozenset((u, w))] += 1
            for x in graph.successors(u):
                if x != v:
                    found["aunt_uncle"][frozenset((x, w))] += 1
            for t in graph.predecessors(u):
                found["great_grandparent"][frozenset((t, w))] += 1
    for p in graph.nodes:
        for a, b in itertools.combinations(sorted(graph.successors(p)), 2):
            found["siblings"][frozenset((a, b))] += 1
    return found


@pytest.mark.parametrize("kind", list(similarity.KINDS))
def test_every_pair_of_a_kind_is_equally_likely(kind):
    nodes = sorted(set(EDGES["parent"]) | set(EDGES["child"]) | {"lonely"})
    expected = brute_force(EDGES, nodes)[kind]
    graph = similarity.kin_graph(EDGES, nodes)
    assert similarity.kin_counts(graph)[kind] == sum(expected.values())
    draws = 40_000
    sampled = similarity.sample_kin(graph, kind, draws, np.random.default_rng(7))
    seen = Counter(frozenset(p) for p in zip(sampled["first"], sampled["second"], strict=True))
    assert set(seen) <= set(expected)
    keys = sorted(expected, key=sorted)
    total = sum(expected.values())
    observed = [seen[k] for k in keys]
    wanted = [draws * expected[k] / total for k in keys]
    if len(keys) > 1:
        assert chisquare(observed, wanted).pvalue > 0.001
    assert sum(observed) == draws


def test_a_graph_without_a_kind_gives_no_pairs_and_same_ends_are_redrawn():
    graph = similarity.kin_graph(pd.DataFrame({"parent": ["a", "b"], "child": ["b", "a"]}))
    assert similarity.sample_kin(graph, "siblings", 10, np.random.default_rng(0)).empty
    pairs = similarity.sample_kin(graph, "grandparent", 10, np.random.default_rng(0))
    assert pairs.empty  # a -> b -> a only: both ends the same model
    one = similarity.kin_graph(pd.DataFrame({"parent": [], "child": []}), ["solo"])
    assert similarity.sample_kin(one, "random", 5, np.random.default_rng(0)).empty


def test_unknown_kind_is_a_usage_error():
    from lineage.errors import UsageError
    with pytest.raises(UsageError, match="use one of random"):
        similarity.sample_kin(similarity.kin_graph(EDGES), "cousins", 1,
                              np.random.default_rng(0))


def test_levenshtein_similarity_matches_hand_worked_examples():
    # kitten -> sitting: substitute k/s, e/i, insert g: distance 3 over 7 characters.
    # flaw -> lawn: delete f, insert n: distance 2 over 4.
    values = similarity.levenshtein_similarity(["kitten", "flaw", "", "abc"],
                                               ["sitting", "lawn", "", ""])
    assert values.tolist() == pytest.approx([1 - 3 / 7, 1 - 2 / 4, 1.0, 0.0])


def test_cosine_matches_a_hand_computed_count_vector():
    vectorizer = similarity.vectorizers()["bag_of_words"].fit(["red fox jumps", "red dog"])
    # vocabulary includes bigrams; "red fox" vs "red dog": shared "red" only.
    # vectors: red fox -> {red, fox, red fox}; red dog -> {red, dog, red dog}: cos = 1/3.
    value = similarity.cosine_similarity(vectorizer, ["red fox"], ["red dog"])
    assert value.tolist() == pytest.approx([1 / 3])


def test_bootstrap_interval_covers_the_mean_and_is_seeded():
    values = np.random.default_rng(1).normal(0.5, 0.1, 400)
    first = similarity.bootstrap_mean(values, np.random.default_rng(3), 2_000)
    again = similarity.bootstrap_mean(values, np.random.default_rng(3), 2_000)
    assert first == again
    assert first.low < values.mean() < first.high
    # the interval's half width is near 1.96 standard errors
    assert (first.high - first.low) / 2 == pytest.approx(1.96 * values.std() / 20, rel=0.15)


def brute_force_ordering(oriented: pd.DataFrame, values: list, weighted: bool) -> float:
    """The best forward score over every permutation of ``values`` (all at once in numpy)."""
    index = {v: i for i, v in enumerate(values)}
    edges = [(index[s], index[t], w if weighted else 1)
             for s, t, w in zip(oriented["source"], oriented["target"], oriented["weight"],
                                strict=True)]
    if not edges:
        return 0
    orders = np.array(list(itertools.permutations(range(len(values)))))
    rank = np.argsort(orders, axis=1)
    source, target, weight = (np.array(column) for column in zip(*edges, strict=True))
    return float(((rank[:, source] < rank[:, target]) * weight).sum(axis=1).max())


def forward_score(oriented: pd.DataFrame, order: list, weighted: bool) -> float:
    rank = {v: i for i, v in enumerate(order)}
    return sum((w if weighted else 1) for s, t, w in zip(
        oriented["source"], oriented["target"], oriented["weight"], strict=True)
        if rank[s] < rank[t])


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 8), st.data())
def test_the_exact_ordering_equals_brute_force_over_permutations(n, data):
    values = [f"v{i}" for i in range(n)]
    pairs = list(itertools.permutations(values, 2))
    chosen = data.draw(st.lists(st.sampled_from(pairs), max_size=len(pairs), unique=True))
    weights = data.draw(st.lists(st.integers(1, 9), min_size=len(chosen),
                                 max_size=len(chosen)))
    raw = pd.DataFrame({"source": [s for s, _ in chosen], "target": [t for _, t in chosen],
                        "count": weights or []})
    oriented = drift.drift_graph(raw.astype({"count": int}), values)
    for weighted in (True, False):
        order = drift.optimal_ordering(oriented, values, weighted=weighted)
        assert sorted(order) == values
        assert forward_score(oriented, order, weighted) == brute_force_ordering(
            oriented, values, weighted)


def test_ties_in_the_ordering_still_give_an_optimal_order():
    # a <-> b cancel (no oriented edge); c is downstream of both: any order with c last wins.
    raw = pd.DataFrame({"source": ["a", "b", "a", "b"], "target": ["b", "a", "c", "c"],
                        "count": [3, 3, 2, 2]})
    oriented = drift.drift_graph(raw, ["a", "b", "c"])
    order = drift.optimal_ordering(oriented, ["a", "b", "c"])
    assert order[-1] == "c" and forward_score(oriented, order, True) == 4


def test_a_planted_order_is_recovered_from_noisy_drift():
    rng = np.random.default_rng(5)
    planted = [f"t{i}" for i in range(12)]
    rows = []
    for _ in range(3_000):
        i, j = sorted(rng.choice(12, 2, replace=False))
        forward = rng.random() < 0.7
        rows.append((planted[i], planted[j]) if forward else (planted[j], planted[i]))
    raw = pd.DataFrame(rows, columns=["source", "target"]).value_counts().rename(
        "count").reset_index()
    order = drift.optimal_ordering(drift.drift_graph(raw, planted), planted)
    assert kendall_tau(order, planted) >= 0.9


def test_kendall_tau_matches_scipy():
    from scipy.stats import kendalltau
    first = ["a", "b", "c", "d", "e"]
    second = ["b", "a", "c", "e", "d"]
    rank = {v: i for i, v in enumerate(second)}
    expected = kendalltau(range(5), [rank[v] for v in first]).statistic
    assert kendall_tau(first, second) == pytest.approx(expected)
