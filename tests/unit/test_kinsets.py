"""The stored heads of huge kin sets (analytics/kinsets.py) against networkx sets worked out
from the definitions, on random graphs with merges, parallel edges, cycles and ties."""

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.measures.kinsets import kin_order, kin_sets, reach_bound
from tests.kinship import digraph, heads_of, lineage_graphs


def arrays(drawn):
    models = sorted(drawn["models"], key=lambda m: m["key"])
    keys = np.array([m["key"] for m in models], dtype=object)
    at = {k: i for i, k in enumerate(keys)}
    downloads = np.array([-1 if m["downloads"] is None else m["downloads"] for m in models])
    parent = np.array([at[p] for p, _, _ in drawn["edges"]], dtype=np.int64)
    child = np.array([at[c] for _, c, _ in drawn["edges"]], dtype=np.int64)
    return keys, downloads, parent, child


@settings(max_examples=200, deadline=None)
@given(drawn=lineage_graphs(max_nodes=16), threshold=st.integers(0, 4),
       top=st.integers(1, 5))
def test_the_heads_match_networkx(drawn, threshold, top):
    keys, downloads, parent, child = arrays(drawn)
    assert kin_sets(keys, downloads, parent, child, threshold, top) == heads_of(
        drawn, threshold, top)


@settings(max_examples=200, deadline=None)
@given(drawn=lineage_graphs(max_nodes=16))
def test_the_reach_bound_never_undercounts_and_is_exact_on_forests(drawn):
    keys, _, parent, child = arrays(drawn)
    g = digraph(drawn)
    bound = reach_bound(parent, child, len(keys))
    forest = all(d <= 1 for _, d in g.in_degree()) and nx.is_directed_acyclic_graph(g)
    for i, key in enumerate(keys):
        reach = len(nx.descendants(g, key) | {key})
        assert bound[i] >= reach
        if forest:
            assert bound[i] == reach


def test_the_kin_order_is_downloads_then_key():
    # keys a < b < c < d; downloads 3, absent, 3, 9 -> d, a, c, b
    assert kin_order(np.array([3, -1, 3, 9])).tolist() == [1, 3, 2, 0]
