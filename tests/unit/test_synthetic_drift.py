"""The drift the generator plants goes one way: between any two values of a planted ordering,
the moves down it (as the drift analysis counts them from the written file) are never fewer
than the moves up it, on any seed; and the pairs the truth calls undecided are exactly the
ties of the ordering problem, by brute force over every permutation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lineage.analytics.ecosystem import drift
from lineage.loader.synthetic import draw, generate, vocab
from lineage.loader.synthetic.calibration import _published_values
from lineage.loader.synthetic.fileframes import read_frames
from lineage.loader.synthetic.truth import read_truth, undecided

TRAITS = ("license", "language", "task", "library")


def net_against(frames, truth, trait: str) -> list[tuple[str, str, int, int]]:
    """The pairs of the planted ordering with more transitions up it than down it, counted
    from the file by the drift analysis."""
    planted = _published_values(trait, tuple(truth["orderings"][trait]))
    rank = {value: i for i, value in enumerate(planted)}
    transitions = drift.drift_transitions(frames.edges, frames.traits[trait])
    counts = {(s, t): c for s, t, c in transitions[["source", "target", "count"]].itertuples(
        index=False) if s in rank and t in rank and s != t}
    return [(a, b, counts.get((a, b), 0), counts.get((b, a), 0))
            for a, b in itertools.combinations(planted, 2)
            if counts.get((b, a), 0) > counts.get((a, b), 0)]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31 - 1), models=st.integers(2_000, 5_000))
def test_no_pair_of_planted_values_moves_more_up_the_ordering_than_down(tmp_path, seed, models):
    path = tmp_path / f"eco-{seed}-{models}.parquet"
    generate(path, models, seed=seed, with_cards=False)
    frames, truth = read_frames(path), read_truth(path)
    moved = 0
    for trait in TRAITS:
        assert net_against(frames, truth, trait) == [], (seed, models, trait)
        assert truth["drift"][trait]["against"] == [], (seed, models, trait)
        moved += len(truth["drift"][trait]["moves"])
    assert moved > 20  # the traits did drift


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_edges_planted_after_the_traits_move_nothing_up_the_ordering(seed):
    """Merges' other parents and the edges closing cycles are chosen after the traits: each
    of them alone moves every trait down its planted ordering or not at all (checked here
    edge by edge, value by value)."""
    eco, _ = draw(4_000, seed)
    lineage = eco.lineage
    assert len(lineage.extra_child) > 20
    vocabularies = {"license": vocab.licenses(), "language": vocab.languages(),
                    "task": vocab.tasks(), "library": vocab.libraries()}
    for trait, vocabulary in vocabularies.items():
        values = getattr(eco.traits, trait)
        for parent, child in zip(lineage.extra_parent, lineage.extra_child):
            if trait == "language":
                before = eco.traits.language_sets[values[parent]]
                after = eco.traits.language_sets[values[child]]
            else:
                before = () if values[parent] < 0 else (int(values[parent]),)
                after = () if values[child] < 0 else (int(values[child]),)
            if not before or not after:
                continue
            old = [vocabulary.position[m] for m in before if vocabulary.position[m] >= 0]
            new = [vocabulary.position[m] for m in after if vocabulary.position[m] >= 0]
            moves = [(a, b) for b in set(new) - set(old) for a in old]
            moves += [(a, b) for a in set(old) - set(new) for b in new]
            assert all(a < b for a, b in moves), (trait, parent, child, before, after)


def _ties_by_brute_force(moves: np.ndarray) -> set[tuple[int, int]]:
    """The pairs that two optimal orderings (most net weight forward) put in opposite orders,
    over every permutation."""
    n = len(moves)
    net = moves - moves.T
    scored = [(sum(max(net[a, b], 0) for k, a in enumerate(order) for b in order[k + 1:]),
               order) for order in itertools.permutations(range(n))]
    best = max(score for score, _ in scored)
    seen = set()
    for score, order in scored:
        if score == best:
            seen |= {(a, b) for k, a in enumerate(order) for b in order[k + 1:]}
    return {(i, j) for i, j in itertools.combinations(range(n), 2)
            if (i, j) in seen and (j, i) in seen}


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.integers(0, 3), min_size=n, max_size=n), min_size=n, max_size=n),
    st.lists(st.lists(st.integers(0, 1), min_size=n, max_size=n), min_size=n, max_size=n))))
def test_undecided_pairs_are_the_ties_of_the_exact_ordering(case):
    """With every net move down the ordering (as the generator makes them), the undecided
    pairs are exactly those that some optimal orderings put one way and others the other."""
    forward, backward = (np.array(table) for table in case)
    n = len(forward)
    upper = np.triu(np.ones((n, n), bool), 1)
    # Down the ordering: at least as many moves as up it, pair by pair.
    moves = np.where(upper, forward + backward, 0) + np.where(upper, backward, 0).T
    assert np.all((moves - moves.T)[upper] >= 0)
    found = set(undecided(moves, np.ones(n, bool)))
    assert found == _ties_by_brute_force(moves)
