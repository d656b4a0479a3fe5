"""The report's drawing and escaping, without a database."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.ui.render.atomic import format_for
from lineage.ui.render.lineage_report import FORMATS, h, layered_layout, md


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 14).flatmap(lambda n: st.tuples(
    st.just(n), st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                        .filter(lambda e: e[0] != e[1]), max_size=30))))
def test_every_edge_off_a_cycle_points_down_and_no_two_models_share_a_place(case):
    import networkx as nx

    n, edges = case
    nodes = [f"m{i}" for i in range(n)]
    named = [(f"m{a}", f"m{b}") for a, b in edges]
    position = layered_layout(nodes, named)
    assert sorted(position) == sorted(nodes)
    assert len(set(position.values())) == n
    graph = nx.DiGraph(named)
    graph.add_nodes_from(nodes)
    on_cycle = {frozenset(c) for c in nx.strongly_connected_components(graph) if len(c) > 1}
    for a, b in named:
        if not any(a in c and b in c for c in on_cycle):
            assert position[a][1] < position[b][1]
    # The layers are networkx's topological generations once the cycles' edges are cut, and
    # each layer's columns run from 0 without a gap.
    acyclic = graph.copy()
    acyclic.remove_edges_from([(a, b) for a, b in named if any(a in c and b in c
                                                                for c in on_cycle)])
    expected = {key: layer for layer, generation in enumerate(nx.topological_generations(acyclic))
                for key in generation}
    assert {key: layer for key, (_, layer) in position.items()} == expected
    for layer in set(expected.values()):
        columns = sorted(position[k][0] for k, v in expected.items() if v == layer)
        assert columns == list(range(len(columns)))


def test_markup_in_any_text_is_escaped():
    assert h("<a href='x'>&</a>") == "&lt;a href=&#x27;x&#x27;&gt;&amp;&lt;/a&gt;"
    assert md("a|b\n<i>_x_</i>") == "a\\|b \\<i\\>\\_x\\_\\</i\\>"


def test_the_format_comes_from_the_extension():
    assert format_for("r.HTML", FORMATS) == "html" and format_for("r.md", FORMATS) == "md"
    import pytest

    from lineage.errors import UsageError
    with pytest.raises(UsageError, match="use .htm, .html, .json, .md"):
        format_for("r.pdf", FORMATS)
