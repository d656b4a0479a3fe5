"""Query results and stored analyses rendered: parameters, files, and the graph a result holds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineage.cypher import queries
from lineage.errors import UsageError
from lineage.ui.app.views import stored_results
from lineage.ui.render import results
from lineage.ui.render.drawing import _blend, graph_drawing
from tests.drawing import drawn


def test_parameters_are_a_json_object_or_a_clear_error():
    assert results.parse_parameters("") == {}
    assert results.parse_parameters(' {"id": "a/b", "n": [1, 2]} ') == {"id": "a/b", "n": [1, 2]}
    with pytest.raises(UsageError, match=r"not valid JSON \(Expecting .* line 1, column 2\)"):
        results.parse_parameters("{id: 1}")
    with pytest.raises(UsageError, match="must be a JSON object .* not a list"):
        results.parse_parameters("[1]")
    assert UsageError.exit_code == 2


def test_csv_and_json_hold_every_row_with_nested_values_as_json_text():
    rows = [{"id": "a/b", "n": 3, "tags": ["x", "y"], "when": dt.datetime(2024, 1, 2, 3, 4)},
            {"id": 'q"uote,comma', "n": None, "tags": [], "when": None}]
    columns = ["id", "n", "tags", "when"]
    back = list(csv.DictReader(io.StringIO(results.to_csv(columns, rows))))
    assert back == [{"id": "a/b", "n": "3", "tags": '["x", "y"]', "when": "2024-01-02T03:04:00"},
                    {"id": 'q"uote,comma', "n": "", "tags": "[]", "when": ""}]
    assert json.loads(results.to_json(rows))[0]["when"] == "2024-01-02T03:04:00"


def _path(ids, types):
    return {"nodes": [{"labels": ["Model"], "id": i} for i in ids],
            "relationships": [{"type": t, "start": a, "end": b}
                              for (a, b), t in zip(zip(ids, ids[1:]), types)]}


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=25))
def test_the_graph_of_a_result_is_every_node_and_edge_in_its_paths(pairs):
    # Independent: networkx builds the same graph from the pairs themselves.
    expected = nx.MultiDiGraph()
    rows = []
    for a, b in pairs:
        expected.add_edge(f"m/{a}", f"m/{b}", key="FINETUNE")
        rows.append({"p": _path([f"m/{a}", f"m/{b}"], ["FINETUNE"]), "n": 1})
    nodes, edges = results.graph_of(rows)
    assert set(nodes) == set(expected.nodes)
    assert sorted(edges) == sorted(expected.edges(keys=True))


def test_lone_nodes_relationships_and_nested_maps_are_found_and_unnamed_nodes_left_out():
    rows = [{"a": {"labels": ["Model"], "id": "x/a"}, "b": [{"labels": ["Family"], "size": 2}],
             "r": {"type": "MERGE", "start": "x/a", "end": "x/b"},
             "m": {"inner": {"labels": ["Model"], "id": "x/b"}}, "s": "text"}]
    nodes, edges = results.graph_of(rows)
    assert set(nodes) == {"x/a", "x/b"} and edges == [("x/a", "x/b", "MERGE")]
    assert results.graph_of([{"n": 1, "t": "x"}]) == ({}, [])


def test_every_named_read_query_is_an_example_with_its_parameters():
    examples = queries.examples()
    reads = {n for n, q in queries.catalogue().items() if q.access == "read"}
    assert set(examples) == reads and next(iter(examples)) == queries.FIRST_EXAMPLE
    query = examples["models/search"]
    assert json.loads(results.example_parameters(query)) == {"text": None, "limit": None}


def test_a_drawing_of_any_graph_shows_text_as_text():
    evil = "<img src=x onerror=alert(1)>"
    nodes, edges = drawn(graph_drawing(
        {"a/b": {"labels": ["Model"], "id": f"a/b{evil}", "card": evil}},
        [("a/b", "a/c", "FINETUNE")]))
    assert nodes[0]["title"].endswith(f"card: {evil}")  # a string title: shown as text
    assert nodes[0]["label"] == "a/b&lt;img src=x onerror=alert(1)&gt;"  # escaped
    assert edges == []  # an edge to a node not in the drawing is left out


def test_colours_blend_linearly():
    assert _blend("#000000", "#ffffff", 0) == "#000000"
    assert _blend("#000000", "#ffffff", 1) == "#ffffff"
    assert _blend("#000000", "#ff0080", 0.5) == "#800040"
    assert _blend("#000000", "#ffffff", 7) == "#ffffff"  # clamped


def test_stored_results_become_tables_and_drift_graphs():
    assert stored_results.flat({"a": {"b": 1, "c": [1, 2]}, "d": 2}) == {"a.b": 1,
                                                                        "a.c": [1, 2], "d": 2}
    table = stored_results.table({"license": {"rate": 0.1, "values": ["a", "b"]}})
    assert table.to_dict("records") == [{"name": "license", "rate": 0.1,
                                         "values": '["a", "b"]'}]
    assert stored_results.table([{"x": 1}, {"x": 2}])["x"].tolist() == [1, 2]
    result = {"license": {"ordering": ["a", "b"], "edges": [["a", "b", 3]]},
              "language": {"ordering": ["en"], "graph": [{"from": "en", "to": "fr", "count": 2}]},
              "n": 4}
    assert stored_results.drift_graphs(result) == {"license": ([("a", "b", "3")], ["a", "b"]),
                                            "language": ([("en", "fr", "2")], ["en"])}
    assert stored_results.parse_result(None) is None
    assert set(stored_results.published_table("mutation")["trait"]) == {"license", "language",
                                                                        "task"}
    assert stored_results.published_table("unknown") is None


def test_arrow_tables_hold_the_same_cells_as_the_tables():
    when = dt.datetime(2024, 5, 1, 12, 30)
    rows = [{"id": "a/b", "n": 3, "tags": ["x", "y"], "at": when, "mixed": 1},
            {"id": "<b>c</b>", "n": None, "tags": [], "at": None, "mixed": "two"}]
    columns = ["id", "n", "tags", "at", "mixed"]
    arrow = results.arrow_table(columns, rows)
    assert arrow.column_names == columns
    expected = results.table(columns, rows)
    for column in ["id", "n", "tags", "at"]:
        assert arrow.column(column).to_pylist() == [row[column] for row in expected]
    # Numbers and text in one column: all text, as the cells read.
    assert arrow.column("mixed").to_pylist() == ["1", "two"]
    assert results.arrow_table([], []).num_rows == 0
