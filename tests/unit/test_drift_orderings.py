"""Drift orderings as the authors compute them, each part against an independent computation:
the values ranked (their rule, by brute force over the listings), the objective and whether
the optimum is unique (every permutation tried), and the bootstrap's stability on graphs whose
answer is known."""

from __future__ import annotations

import itertools
from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.ecosystem import drift

VALUES = list("abcdefgh")


def oracle_ranked(models: dict[str, set[str]], oriented: list[tuple[str, str]], n: int,
                  exclude: set[str]) -> list[str]:
    """The authors' rule, read literally: values of the oriented drift graph, sorted by how
    many models list them (ties by value), the first n + 5, the excluded dropped, the first n."""
    listed = Counter(value for values in models.values() for value in values)
    nodes = {v for edge in oriented for v in edge}
    ordered = sorted(nodes, key=lambda v: (-listed[v], v))[:n + 5]
    return [v for v in ordered if v not in exclude][:n]


def oracle_orientation(edges: list[tuple[str, str]], models: dict[str, set[str]]
                       ) -> list[tuple[str, str, int]]:
    """The oriented drift graph straight from the definition: per edge, each value the child
    adds comes from every parent value, each value the parent loses goes to every child
    value; per pair the majority direction, weighted by the difference, ties dropped."""
    moves: Counter = Counter()
    for parent, child in edges:
        old, new = models.get(parent, set()), models.get(child, set())
        for added in new - old:
            moves.update((source, added) for source in old)
        for lost in old - new:
            moves.update((lost, target) for target in new)
    oriented = []
    for a, b in itertools.combinations(sorted({v for pair in moves for v in pair}), 2):
        net = moves[(a, b)] - moves[(b, a)]
        if net:
            oriented.append((a, b, net) if net > 0 else (b, a, -net))
    return oriented


def brute_objectives(oriented: list[tuple[str, str, int]], values: list[str], weighted: bool
                     ) -> dict[tuple[str, ...], float]:
    """Every permutation of ``values`` and its net forward weight."""
    found = {}
    for order in itertools.permutations(values):
        rank = {v: i for i, v in enumerate(order)}
        total = 0.0
        for a, b, w in oriented:
            if a in rank and b in rank:
                total += (w if weighted else 1) * (1 if rank[a] < rank[b] else -1)
        found[order] = total
    return found


MODELS = st.dictionaries(st.sampled_from([f"m{i}" for i in range(14)]),
                         st.sets(st.sampled_from(VALUES), min_size=1, max_size=3),
                         min_size=2)


@st.composite
def graphs(draw):
    models = draw(MODELS)
    names = sorted(models) + ["ghost"]
    edges = draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names))
                          .filter(lambda e: e[0] != e[1]), max_size=30))
    return models, edges


def frames(models: dict[str, set[str]], edges: list[tuple[str, str]]):
    traits = pd.DataFrame([(m, v) for m, values in models.items() for v in sorted(values)],
                          columns=["model", "value"])
    return traits, pd.DataFrame(edges, columns=["parent", "child"])


@settings(max_examples=300, deadline=None)
@given(graphs(), st.integers(1, 6), st.sets(st.sampled_from(VALUES), max_size=3))
def test_the_ranked_values_follow_the_authors_rule(graph, n, exclude):
    models, edges = graph
    traits, edge_frame = frames(models, edges)
    oriented = drift.drift_graph(drift.drift_transitions(edge_frame, traits))
    expected_graph = oracle_orientation(edges, models)
    assert sorted(map(tuple, oriented[["source", "target", "weight"]].values.tolist())) == \
        sorted(expected_graph)
    found = drift.ranked_values(traits, oriented, n, exclude=sorted(exclude))
    assert found == oracle_ranked(models, [(a, b) for a, b, _ in expected_graph], n, exclude)
    ranked, unranked = drift.split_unranked(oriented, found)
    linked = {v for a, b, _ in expected_graph if a in found and b in found for v in (a, b)}
    assert ranked == [v for v in found if v in linked]
    assert unranked == [v for v in found if v not in linked]


ORIENTED = st.lists(st.tuples(st.sampled_from(VALUES[:6]), st.sampled_from(VALUES[:6]),
                              st.integers(1, 9)).filter(lambda e: e[0] != e[1]),
                    max_size=12, unique_by=lambda e: frozenset(e[:2]))


@settings(max_examples=200, deadline=None)
@given(ORIENTED, st.integers(2, 6), st.booleans())
def test_the_objective_and_uniqueness_are_those_of_every_permutation(oriented, n, weighted):
    values = VALUES[:n]
    frame = pd.DataFrame(oriented, columns=["source", "target", "weight"])
    solution = drift.solve_ordering(frame, values, weighted=weighted)
    every = brute_objectives(oriented, values, weighted)
    best = max(every.values())
    assert solution.objective == pytest.approx(best)
    assert every[tuple(solution.ordering)] == pytest.approx(best)
    assert drift.ordering_objective(frame, solution.ordering, weighted=weighted) == \
        pytest.approx(best)
    assert solution.unique == (sum(v == pytest.approx(best) for v in every.values()) == 1)


def test_a_unanimous_drift_keeps_every_adjacent_pair_in_every_sample():
    # a -> b -> c -> d, forty edges each way down, none back.
    steps = [("a", "b"), ("b", "c"), ("c", "d")]
    moves = pd.DataFrame([(i * 3 + k, s, t) for i in range(40) for k, (s, t) in
                          enumerate(steps)], columns=["edge", "source", "target"])
    assert drift.adjacent_stability(moves, 120, list("abcd"), resamples=50) == [1.0] * 3


def test_a_pair_the_data_leaves_balanced_keeps_its_order_about_half_the_time():
    # a before b and c decided by 30 unanimous edges each; b and c: 20 edges each way.
    rows = [(i, "a", "b") for i in range(30)] + [(30 + i, "a", "c") for i in range(30)]
    rows += [(60 + i, "b", "c") for i in range(20)] + [(80 + i, "c", "b") for i in range(20)]
    moves = pd.DataFrame(rows, columns=["edge", "source", "target"])
    first, second = drift.adjacent_stability(moves, 100, ["a", "b", "c"], resamples=400,
                                             seed=7)
    assert first > 0.99
    # Each sample's b-c balance is a symmetric random walk: either way about as often.
    assert 0.35 < second < 0.65


def test_the_command_offers_every_preset_and_the_same_default():
    from lineage.analytics.jobs.analyses import DEFAULT_DRIFT_PRESET, DRIFT_PRESETS
    from lineage.ui.cli.analyze import analyze

    [option] = [p for p in analyze.params if p.name == "preset"]
    assert list(option.type.choices) == list(DRIFT_PRESETS)
    assert option.default == DEFAULT_DRIFT_PRESET
