"""Mutation, drift, documentation and recognition analytics against hand-computed examples and
brute force on random cases."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.ecosystem import documentation, drift, mutation, recognition
from lineage.errors import UsageError

VALUES = ["a", "b", "c", "d", "e"]


@st.composite
def traits_on_edges(draw):
    """Random edges among a few models, and a random set of values per model."""
    n = draw(st.integers(2, 10))
    models = [f"m{i}" for i in range(n)]
    pairs = draw(st.lists(st.tuples(st.sampled_from(models), st.sampled_from(models)),
                          min_size=1, max_size=20))
    sets = {m: draw(st.sets(st.sampled_from(VALUES), max_size=4)) for m in models}
    edges = pd.DataFrame(pairs, columns=["parent", "child"])
    traits = pd.DataFrame([(m, v) for m, values in sets.items() for v in sorted(values)],
                          columns=["model", "value"])
    return edges, traits, sets


@settings(max_examples=200, deadline=None)
@given(traits_on_edges())
def test_mutation_rate_is_the_mean_jaccard_distance_where_both_carry(case):
    edges, traits, sets = case
    distances = [1 - len(sets[p] & sets[c]) / len(sets[p] | sets[c])
                 for p, c in zip(edges["parent"], edges["child"]) if sets[p] and sets[c]]
    measured = mutation.mutation_rate(edges, traits)
    assert measured.edges == len(distances)
    assert measured.distance == pytest.approx(sum(distances))


@settings(max_examples=200, deadline=None)
@given(traits_on_edges())
def test_drift_transitions_are_counted_as_the_notebooks_count_them(case):
    edges, traits, sets = case
    expected: dict[tuple[str, str], int] = {}
    for p, c in zip(edges["parent"], edges["child"]):
        for added in sets[c] - sets[p]:
            for source in sets[p]:
                expected[(source, added)] = expected.get((source, added), 0) + 1
        for dropped in sets[p] - sets[c]:
            for target in sets[c]:
                expected[(dropped, target)] = expected.get((dropped, target), 0) + 1
    found = drift.drift_transitions(edges, traits)
    assert {(s, t): n for s, t, n in found.itertuples(index=False)} == expected


def test_a_clean_swap_counts_twice_and_ties_are_dropped():
    edges = pd.DataFrame({"parent": ["p", "q"], "child": ["c", "d"]})
    traits = pd.DataFrame({"model": ["p", "c", "q", "d"], "value": ["mit", "gpl", "gpl", "mit"]})
    transitions = drift.drift_transitions(edges, traits)
    assert transitions.to_dict("records") == [{"source": "gpl", "target": "mit", "count": 2},
                                              {"source": "mit", "target": "gpl", "count": 2}]
    assert drift.drift_graph(transitions).empty


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.data())
def test_optimal_ordering_is_exact(n, data):
    values = [f"v{i}" for i in range(n)]
    pairs = [(a, b) for a in values for b in values if a != b]
    weights = data.draw(st.lists(st.integers(0, 9), min_size=len(pairs), max_size=len(pairs)))
    transitions = pd.DataFrame([(a, b, w) for (a, b), w in zip(pairs, weights) if w],
                               columns=["source", "target", "count"])
    graph = drift.drift_graph(transitions, values)
    rank_weight = {(s, t): w for s, t, w in graph.itertuples(index=False)}

    def forward_weight(order):
        position = {v: i for i, v in enumerate(order)}
        return sum(w for (s, t), w in rank_weight.items() if position[s] < position[t])

    best = max(forward_weight(order) for order in itertools.permutations(values))
    found = drift.optimal_ordering(graph, values)
    assert sorted(found) == values
    assert forward_weight(found) == best


def test_agreement_and_concordance_on_a_hand_example():
    transitions = pd.DataFrame({"source": ["x", "y", "y", "z"], "target": ["y", "x", "z", "x"],
                                "count": [5, 2, 4, 1]})
    agreement = drift.ordering_agreement(transitions, ["x", "y", "z"])
    assert (agreement.forward_edges, agreement.edges) == (2, 3)  # x->y, y->z; z->x is backward
    assert (agreement.forward_transitions, agreement.transitions) == (9, 12)
    assert drift.optimal_ordering(drift.drift_graph(transitions)) == ["x", "y", "z"]
    assert drift.order_concordance(["x", "y", "z"], ["z", "y", "x"]) == 0.0
    with pytest.raises(UsageError, match="fewer than two"):
        drift.order_concordance(["x"], ["y"])


def test_sibling_distance_uses_neighbouring_siblings():
    edges = pd.DataFrame({"parent": ["p"] * 4, "child": ["a", "b", "c", "d"]})
    traits = pd.DataFrame({"model": list("abcd"), "value": ["x", "x", "y", "y"]})
    assert mutation.sibling_distance(edges, traits).rate == pytest.approx(1 / 3)
    with pytest.raises(UsageError, match="model and value"):
        mutation.mutation_rate(edges, pd.DataFrame({"id": ["a"]}))
    with pytest.raises(UsageError, match="relations among"):
        mutation.mutation_rate(edges, traits, ("forks",))


def test_documentation_along_edges():
    models = pd.DataFrame({"model": ["p", "c", "d", "e"], "has_card": [True, True, True, False],
                           "card_length": [1000, 400, 600, 0],
                           "card_autogenerated": [False, True, False, False]})
    edges = pd.DataFrame({"parent": ["p", "p", "p"], "child": ["c", "d", "e"]})
    summary = documentation.card_summary(models)
    assert summary == documentation.CardSummary(0.75, 2000 / 3, 600.0)
    along = documentation.cards_along_edges(edges, models)
    assert (along.edges, along.parent_length, along.child_length) == (2, 1000.0, 500.0)
    assert along.autogenerated_gap == 0.5 and along.length_ratio == 0.5
    languages = pd.DataFrame({"model": ["p"] * 6 + ["c", "d", "d"],
                              "value": list("abcdef") + ["a", "a", "b"]})
    listed = documentation.listed_along_edges(edges, languages)
    assert (listed.edges, listed.parent, listed.child) == (2, 6.0, 1.5)
    with pytest.raises(UsageError, match="card_length"):
        documentation.card_summary(models.drop(columns="card_length"))


def test_release_order_and_the_recovered_slopes():
    rng = np.random.default_rng(3)
    rows, models = [], []
    for parent in range(300):
        start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 300)))
        days = np.sort(rng.exponential(40, 8))
        for k, day in enumerate(days):
            child = f"c{parent}-{k}"
            rows.append((f"p{parent}", child, "finetune"))
            models.append((child, start + pd.Timedelta(days=float(day))))
    edges = pd.DataFrame(rows, columns=["parent", "child", "relation"])
    frame = pd.DataFrame(models, columns=["model", "created_at"])
    order = recognition.release_order(edges, frame.set_index("model")["created_at"])
    crowding = order.set_index("child")["crowding"]
    rank = order.set_index("child")["rank"]
    noise = rng.normal(0, 0.3, len(frame))
    log_downloads = (6 - 0.4 * np.log(rank[frame["model"]].to_numpy())
                     - 0.2 * np.log1p(crowding[frame["model"]].to_numpy()) + noise)
    frame["downloads"] = np.expm1(log_downloads)
    effect = recognition.release_order_effect(edges, frame)
    assert effect.rank_slope == pytest.approx(-0.4, abs=0.05)
    assert effect.crowding_slope == pytest.approx(-0.2, abs=0.05)
    assert (effect.siblings, effect.parents) == (2400, 300)
    with pytest.raises(UsageError, match="relation"):
        recognition.release_order_effect(edges.drop(columns="relation"), frame)


def test_siblings_without_known_times_get_the_clear_error_not_a_crash():
    edges = pd.DataFrame({"parent": ["p", "p"], "child": ["a", "b"],
                          "relation": ["finetune", "finetune"]})
    models = pd.DataFrame({"model": ["p", "a", "b"], "downloads": [1, 2, 3],
                           "created_at": pd.to_datetime([None, None, None])})
    assert recognition.release_order(edges, models.set_index("model")["created_at"]).empty
    with pytest.raises(UsageError):
        recognition.release_order_effect(edges, models)
