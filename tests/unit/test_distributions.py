"""The distributions a compute run keeps, and the sort-based set operations the graph passes
use, against plain loops and Python sets over the same input."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.measures import distributions
from lineage.analytics.measures.edgelist import distinct, merge_distinct

INDEX = st.one_of(st.just(math.nan), st.sampled_from([-1.0, -0.95, -0.1, 0.0, 0.05, 0.999, 1.0]),
                  st.floats(-1, 1))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-5, 2**40), max_size=60), st.lists(st.integers(0, 50), max_size=30))
def test_distinct_and_merge_are_the_sets_python_gives(values, more):
    assert distinct(np.array(values, dtype=np.int64)).tolist() == sorted(set(values))
    known = distinct(np.array(values, dtype=np.int64))
    fresh = np.array(sorted(set(more) - set(values)), dtype=np.int64)
    assert merge_distinct(known, fresh).tolist() == sorted(set(values) | set(more))


@settings(max_examples=300, deadline=None)
@given(st.lists(INDEX, min_size=1, max_size=12), st.data())
def test_signs_and_bins_are_a_loop_over_the_models(index, data):
    n = len(index)
    edges = data.draw(st.lists(st.tuples(st.integers(0, n - 1),
                                         st.sampled_from(["FINETUNE", "MERGE", "ADAPTER"])),
                               max_size=20))
    child = np.array([c for c, _ in edges], dtype=np.int64)
    relation = np.array([r for _, r in edges], dtype=object)
    signs = distributions.disruption_signs(np.array(index), child, relation)
    expected = {}
    for model in range(n):
        made = {r for c, r in edges if c == model}
        for name in made | ({"ALL"} if made else set()):
            row = expected.setdefault(name, Counter())
            value = index[model]
            if not math.isnan(value):
                row["models"] += 1
                row["negative"] += value < 0
                row["zero"] += value == 0
                row["positive"] += value > 0
    assert signs["relations"] == sorted(expected)
    for at, name in enumerate(signs["relations"]):
        for sign in distributions.SIGNS:
            assert signs[sign][at] == expected[name][sign], (name, sign)
    edges_, counts = distributions.disruption_bins(np.array(index))
    by_bin = Counter(min(math.floor(v * 10), 9) / 10 for v in index if not math.isnan(v))
    assert dict(zip(edges_, counts, strict=True)) == dict(by_bin)
    assert edges_ == sorted(edges_)


@given(st.lists(st.integers(0, 40), max_size=30), st.integers(0, 5))
def test_generation_counts_add_the_models_alone_at_generation_zero(generation, alone):
    counts = distributions.generation_counts(np.array(generation, dtype=np.int64), alone)
    expected = Counter(generation)
    expected[0] += alone
    assert counts == [expected[g] for g in range(max(generation, default=0) + 1)]


def test_a_run_of_some_measures_carries_the_others_over():
    before = {"generation_models": [4, 2], "mdi_relations": ["ALL"], "mdi_models": [2],
              "mdi_lineage_bins": [0.0], "window_days": 90}
    assert distributions.carried(before, ["mdi"]) == {"generation_models": [4, 2],
                                                      "mdi_lineage_bins": [0.0]}
    assert distributions.carried(before, ["generation", "mdi", "mdi_lineage"]) == {}
    assert distributions.carried(None, ["mdi"]) == {}
