"""The app shows the graph's life cycle (streamlit.testing AppTest against the real Neo4j): the
Ecosystem page's "What changed" panel, a model's history, the removed and renamed banners, and
the family tree's removed models and ended edges ("Show history").

The graph is the three snapshots of tests/integration/test_life_cycle.py loaded in order; what
the pages must show is read from that file's hand-written expectations (SECOND, THIRD), not
from the graph.
"""

from __future__ import annotations

import collections
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lineage.ui.cli.serve import APP
from lineage.ui.render.drawing import ENDED_COLOUR, REMOVED_COLOUR
from tests.drawing import drawn
from tests.integration.test_life_cycle import (
    SECOND,
    THIRD,
    first_snapshot,
    second_snapshot,
    third_snapshot,
    write,
)
from tests.integration.test_life_cycle import load as load_snapshot

SNAPSHOTS = (first_snapshot, second_snapshot, third_snapshot)
TABLE_COLUMNS = ["model", "kind", "before", "after", "relation", "when"]


@pytest.fixture
def loaded(graph, cli_env, tmp_path):
    """Load the first ``n`` snapshots in order, each a complete listing; the app's caches
    start empty."""
    st.cache_data.clear()
    st.cache_resource.clear()

    def loaded(n=3):
        for number, make in enumerate(SNAPSHOTS[:n], 1):
            load_snapshot(graph, write(tmp_path / f"s{number}.jsonl", make()), tmp_path)
        return graph

    yield loaded
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(name):
    app = AppTest.from_string(f"from lineage.ui.app.views.{name} import page\npage()",
                              default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def open_model(model_id):
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["model"] = model_id
    app.run()
    assert not app.exception, app.exception
    return app


def table(app, columns):
    """The one table shown with exactly these columns."""
    [found] = [d.value for d in app.dataframe if list(d.value.columns) == columns]
    return found


def counts(app):
    shown = table(app, ["kind", "changes", "meaning"])
    return dict(zip(shown["kind"], shown["changes"]))


def expected_counts(changes):
    return dict(collections.Counter(kind for _, kind, *_ in changes))


def texts(elements):
    return " ".join(e.value for e in elements)


def tree(app):
    [element] = [e for e in app.main if getattr(e.proto, "component_name", "")
                 == "lineage.ui.app.drawing_view.drawing"
                 and getattr(e.proto, "id", "").endswith("family-tree")]
    return drawn(json.loads(element.proto.json_args)["drawing"])


# -- the Ecosystem page's "What changed" -------------------------------------------------------

def test_what_changed_counts_each_window_exactly(loaded):
    loaded()
    app = open_page("ecosystem")
    # The default window: since the last load, i.e. what the third snapshot changed.
    assert counts(app) == expected_counts(THIRD)
    assert app.button_group(key="changes_window").value == "since the last load"
    assert "The changes the newest load" in texts(app.caption)
    latest = table(app, TABLE_COLUMNS)
    assert {(r.model, r.kind) for r in latest.itertuples()} == {(m, k) for m, k, *_ in THIRD}
    for window in ("all", "last 7 days"):  # everything was loaded just now
        app.button_group(key="changes_window").set_value(window).run()
        assert not app.exception, app.exception
        assert counts(app) == expected_counts(SECOND | THIRD), window
        assert len(table(app, TABLE_COLUMNS)) == len(SECOND | THIRD)
    # The licence change (b: apache-2.0 -> mit), in its own list and through the kind filter.
    licences = table(app, ["model", "before", "after", "when"])
    assert [tuple(r) for r in licences[["model", "before", "after"]].itertuples(index=False)] \
        == [("org/b", "apache-2.0", "mit")]
    app.multiselect(key="changes_kinds").set_value(["license", "parent_ended"]).run()
    latest = table(app, TABLE_COLUMNS)
    assert sorted((r.model, r.kind, r.before, r.after, r.relation)
                  for r in latest.itertuples()) == [
        ("org/b", "license", "apache-2.0", "mit", ""),
        ("org/d", "parent_ended", "org/b", "", "quantization"),
        ("org/g", "parent_ended", "org/f", "", "finetune")]
    # Newest first: g's ended parent (third load) before d's (second).
    assert list(latest["model"])[:1] == ["org/g"]


def test_what_changed_before_a_second_load_says_how_changes_get_recorded(loaded):
    loaded(1)
    app = open_page("ecosystem")
    info = texts(app.info)
    assert "changes appear from the second load of a source" in info
    assert "`lineage load file --complete`" in info
    assert "`lineage load hub --all --since last`" in info
    assert not [d for d in app.dataframe if list(d.value.columns) == TABLE_COLUMNS]


# -- the Model page --------------------------------------------------------------------------

def test_a_removed_model_says_so_and_lists_its_history(loaded):
    graph = loaded()
    removed = graph.adhoc("MATCH (m:Model {key: 'org/i'}) RETURN m.removed_snapshot AS s, "
                          "toString(date(m.removed_at)) AS day", max_rows=1).rows[0]
    app = open_model("org/i")
    warning = texts(app.warning)
    assert (f"Removed from the Hub on {removed['day']} (load {removed['s']}); kept with its "
            "history") in warning.replace("\\", "")
    history = table(app, ["when", "what", "before → after", "load"])
    assert list(history["what"]) == [k for m, k, *_ in sorted(SECOND | THIRD)
                                     if m == "org/i"] == ["removed"]
    assert list(history["load"]) == [removed["s"]]
    # A model that left and came back: both, oldest first.
    app = open_model("org/h")
    assert "Removed from the Hub" not in texts(app.warning)
    history = table(app, ["when", "what", "before → after", "load"])
    assert list(history["what"]) == ["removed", "returned"]
    # j still declares i: i is drawn in j's tree, greyed, dashed, "(removed)", dated.
    nodes, _ = tree(open_model("org/j"))
    [i] = [n for n in nodes if n["id"] == "org/i"]
    assert "(removed)" in i["label"] and i["shapeProperties"]["borderDashes"]
    assert i["color"] == REMOVED_COLOUR and removed["day"] in i["title"]


def test_the_old_id_finds_the_renamed_model_with_a_note(loaded):
    loaded()
    app = open_model("org/c")
    assert app.header[0].value == "org/c2"
    assert "org/c was renamed to org/c2" in texts(app.info).replace("\\", "")
    assert app.query_params["model"] == "org/c2"
    history = table(app, ["when", "what", "before → after", "load"])
    assert ("renamed", "org/c → org/c2") in set(zip(history["what"], history["before → after"]))
    # The new id shows no note.
    assert "was renamed" not in texts(open_model("org/c2").info)


def test_show_history_adds_the_ended_edges_to_the_tree(loaded):
    graph = loaded()
    ended_day = graph.adhoc("MATCH (:Model {key: 'org/f'})-[e:ENDED]->(:Model {key: 'org/g'}) "
                            "RETURN toString(date(e.ended_at)) AS day", max_rows=1).rows[0]["day"]
    app = open_model("org/g")
    nodes, edges = tree(app)
    # g no longer declares f (third snapshot): off by default, neither the edge nor f.
    assert "org/f" not in {n["id"] for n in nodes}
    assert not [e for e in edges if e.get("label", "").startswith("ended")]
    app.toggle(key="show_history").set_value(True).run()
    assert not app.exception, app.exception
    nodes, edges = tree(app)
    ended = [e for e in edges if e.get("label", "").startswith("ended")]
    assert [(e["from"], e["to"], e["label"], e["dashes"], e["color"]) for e in ended] == [
        ("org/f", "org/g", f"ended finetune {ended_day}", True, ENDED_COLOUR)]
    assert "org/f" in {n["id"] for n in nodes}
    assert "ended (no longer declared)" in {row["text"] for row in json.loads(
        [e for e in app.main if getattr(e.proto, "id", "").endswith("family-tree")][0]
        .proto.json_args)["drawing"]["legend"]}
    # d: its old parent b (quantization, ended in the second load) beside its new one, c2;
    # and its grandparent a's: h's edge from a ended when h left (h declares a again since).
    app = open_model("org/d")
    _, edges = tree(app)
    assert {(e["from"], e["to"]) for e in edges} == {("org/a", "org/c2"), ("org/c2", "org/d")}
    app.toggle(key="show_history").set_value(True).run()
    _, edges = tree(app)
    ended = {(e["from"], e["to"], e["label"].rsplit(" ", 1)[0]) for e in edges
             if e.get("label", "").startswith("ended")}
    assert ended == {("org/b", "org/d", "ended quantization"), ("org/a", "org/h", "ended finetune")}
