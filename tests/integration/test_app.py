"""The Streamlit app's page logic (streamlit.testing AppTest) against the real Neo4j."""

from __future__ import annotations

import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lineage.cypher.cardstore import CardWriter
from lineage.loader.files import load_files
from lineage.ui.cli.serve import APP
from lineage.ui.render.drawing import RELATION_COLOURS
from tests.conftest import free_port
from tests.drawing import drawn
from tests.families import FAMILY, hub_model, write_crawl


@pytest.fixture
def load(graph, cli_env, tmp_path):
    """Load models (crawl-format) into the emptied test database; the app's caches start
    empty, so each test sees what it loaded."""
    st.cache_data.clear()
    st.cache_resource.clear()

    def load(models, name="family.json", synthetic=False):
        path = write_crawl(tmp_path / name, models)
        load_files(graph, [path], rejects_path=tmp_path / "rejects.jsonl", synthetic=synthetic)

    yield load
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(model=None):
    app = AppTest.from_file(str(APP), default_timeout=60)
    if model is not None:
        app.query_params["model"] = model
    app.run()
    assert not app.exception, app.exception
    return app


def tree_page(app):
    """The family-tree drawing the app sent to the browser (its data, not a page)."""
    [component] = [e for e in app.main if getattr(e.proto, "component_name", "")
                   == "lineage.ui.app.drawing_view.drawing"]
    return json.loads(component.proto.json_args)["drawing"]


def texts(elements):
    return " ".join(e.value for e in elements)


def shown(elements):
    """The text as Markdown renders it: escaped characters without their backslash."""
    return re.sub(r"\\(.)", r"\1", texts(elements))


def test_the_default_model_shows_its_tree_and_facts(load):
    load(FAMILY)
    app = run_app()
    # Among the most downloaded, the biggest family first: org/base (two children).
    assert app.main.header[0].value == "org/base"
    assert app.query_params["model"] == "org/base"
    nodes, edges = drawn(tree_page(app))
    labels = {node["id"]: node["label"] for node in nodes}
    # Two generations down: org/quant (the third) is counted on its parent's box.
    assert set(labels) == {"org/base", "org/ft-a", "org/ft-b", "org/merged"}
    assert labels["org/merged"].endswith("+1 child not drawn</i>")
    assert {(e["from"], e["to"], e["color"]) for e in edges} == {
        ("org/base", "org/ft-a", RELATION_COLOURS["FINETUNE"]),
        ("org/base", "org/ft-b", RELATION_COLOURS["FINETUNE"]),
        ("org/ft-a", "org/merged", RELATION_COLOURS["MERGE"]),
        ("org/ft-b", "org/merged", RELATION_COLOURS["MERGE"])}
    facts = texts(app.markdown)
    assert "text-generation" in facts and "apache-2.0" in facts
    assert "English (en), French (fr)" in facts
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Children"], metrics["Parents"]) == ("2", "0")
    assert (metrics["Siblings"], metrics["Descendants"]) == ("0", "4")  # the kin tabs
    assert "Children (2)" in [s.value for s in app.subheader]
    assert app.caption[0].value.startswith("7 models (1 placeholder) · 6 lineage edges")


def test_search_finds_models_and_a_pick_shows_it(load):
    load(FAMILY)
    app = run_app()
    app.sidebar.text_input(key="search").input("FT-").run()
    matches = app.sidebar.selectbox(key="match")
    assert matches.options == ["org/ft-a", "org/ft-b"]  # any case, most downloaded first
    matches.select("org/ft-b").run()
    assert app.main.header[0].value == "org/ft-b"
    assert app.query_params["model"] == "org/ft-b"
    assert app.sidebar.selectbox(key="match").value is None  # ready for the next pick
    app.sidebar.text_input(key="search").input("no-such-thing").run()
    assert "No model id contains" in texts(app.sidebar.info)


def test_search_in_cards_finds_a_model_by_a_phrase_of_its_card(load, graph):
    load(FAMILY)
    with CardWriter.of(graph) as cards:
        cards.add([{"key": "org/ft-b", "truncated": False,
                    "text": "# FT-B\nDistilled from org/base in one night."}])
    app = run_app()
    app.sidebar.radio(key="search_in").set_value("cards").run()
    app.sidebar.text_input(key="search").input('distilled "from').run()
    matches = app.sidebar.selectbox(key="match")
    assert matches.options == ["org/ft-b: # FT-B Distilled from org/base in one night."]
    matches.select("org/ft-b").run()
    assert app.main.header[0].value == "org/ft-b"
    app.sidebar.text_input(key="search").input("distilled to").run()
    assert "No model card contains" in texts(app.sidebar.info)


def test_a_quick_pick_shows_that_model(load):
    load(FAMILY)
    app = run_app()
    picks = app.sidebar.selectbox(key="quick")
    # Labels: the id and its number of children; the biggest family first.
    assert picks.options[:2] == ["org/base (2 children)", "org/ft-a (1 child)"]
    picks.select("org/merged").run()
    assert app.main.header[0].value == "org/merged"


def test_clicking_a_child_button_moves_to_the_child_and_back(load):
    load(FAMILY)
    app = run_app("org/ft-a")
    assert [b.label for b in app.button if b.key.startswith("child-")] == [
        "org/merged · merge"]
    app.button(key="child-org/merged").click().run()
    assert app.main.header[0].value == "org/merged"
    assert app.query_params["model"] == "org/merged"
    parents = {b.key: b.label for b in app.button if b.key.startswith("parent-")}
    assert parents == {"parent-org/ft-a": "org/ft-a · merge",
                       "parent-org/ft-b": "org/ft-b · merge"}
    app.button(key="parent-org/ft-b").click().run()
    assert app.main.header[0].value == "org/ft-b"
    recent = [b.label for b in app.sidebar.button if b.key.startswith("recent-")]
    assert recent == ["org/merged", "org/ft-a"]


def test_an_address_in_any_case_shows_the_model_under_its_own_id(load):
    load(FAMILY)
    app = run_app("ORG/Merged")
    assert app.main.header[0].value == "org/merged"
    assert app.query_params["model"] == "org/merged"


def test_an_unknown_model_gets_the_one_line_answer_and_the_closest_ids(load):
    load(FAMILY)
    app = run_app("zzz/qqq")
    # The message is the one every command gives, shown literally (Markdown escaped).
    assert shown(app.warning).startswith("no model 'zzz/qqq' in the graph; no id is close")
    assert not app.main.header  # no tree
    assert not [b for b in app.button if b.key.startswith("closest-")]
    assert "Search for it in the sidebar" in app.markdown[0].value
    app = run_app("org/ft-c")
    assert shown(app.warning).startswith(
        "no model 'org/ft-c' in the graph; closest: org/ft-a, org/ft-b, ")
    assert [b.key for b in app.button if b.key.startswith("closest-")][:2] == [
        "closest-org/ft-a", "closest-org/ft-b"]
    app.button(key="closest-org/ft-a").click().run()
    assert app.main.header[0].value == "org/ft-a"


def test_a_placeholder_is_marked_as_one(load):
    load(FAMILY)
    app = run_app("elsewhere/missing")
    assert "placeholder" in app.markdown[0].value
    assert "A placeholder" in texts(app.info)
    nodes, _ = drawn(tree_page(app))
    labels = {node["id"]: node["label"] for node in nodes}
    assert labels["elsewhere/missing"] == "elsewhere/missing\n<i>placeholder</i>"
    assert labels["org/orphan"] == "org/orphan"


def test_synthetic_models_are_labelled_everywhere_they_show(load):
    load([hub_model("synth/base", 90), hub_model("synth/child", 9, ("finetune", "synth/base"))],
         name="synthetic.json", synthetic=True)
    app = run_app("synth/base")
    assert "synthetic" in texts(app.warning)  # the banner
    assert "synthetic" in app.markdown[0].value  # the badge
    assert [b.label for b in app.button if b.key.startswith("child-")] == [
        "synth/child · finetune · synthetic"]
    assert "Synthetic:" in texts(app.markdown)
    nodes, _ = drawn(tree_page(app))
    assert all("<i>synthetic</i>" in node["label"] for node in nodes) and len(nodes) == 2
    app.sidebar.text_input(key="search").input("synth/").run()
    matches = app.sidebar.selectbox(key="match")
    assert matches.options == ["synth/base · synthetic", "synth/child · synthetic"]


def test_a_model_with_30000_children_draws_a_bounded_tree_with_notes(load):
    children = [hub_model(f"big/child-{i:05d}", i, ("finetune", "big/base"))
                for i in range(30_000)]
    load([hub_model("big/base", 10**6), *children])
    app = run_app("big/base")
    nodes, _ = drawn(tree_page(app))
    assert len(nodes) == 21  # the 20 most downloaded children per model
    assert "big/child-29999" in {node["id"] for node in nodes}
    assert "Children (30,000)" in [s.value for s in app.main.subheader]
    assert "29,980 more not listed" in texts(app.caption)
    app.sidebar.slider(key="max_nodes").set_value(10).run()
    nodes, edges = drawn(tree_page(app))
    assert len(nodes) == 10 and len(edges) == 9  # the budget: the chosen model, nine children
    [base] = [node for node in nodes if node["id"] == "big/base"]
    assert "+29,991 children not drawn" in base["label"]
    assert "stopped at its budget of 10 models" in texts(app.info)
    assert [m.value for m in app.metric][0] == "30,000"


def test_an_empty_graph_says_how_to_load_it(load):
    app = run_app()
    assert "The graph is empty" in texts(app.info)
    assert "lineage load file" in texts(app.info)


def test_a_database_that_cannot_be_reached_names_the_command_that_starts_it(load, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    app = run_app("org/base")
    [error] = app.error
    assert "cannot reach Neo4j" in error.value and "lineage db start" in error.value
    assert app.button(key="retry")


def test_a_tree_is_kept_until_the_graph_changes(load):
    from lineage.ui.app.session import data_version

    load(FAMILY)
    app = run_app("org/ft-b")
    nodes, _ = drawn(tree_page(app))
    assert {node["id"] for node in nodes} == {"org/base", "org/ft-b", "org/merged", "org/quant"}
    load([hub_model("org/ft-b-late", 1, ("finetune", "org/ft-b"))], name="late.json")
    # The load is a new Snapshot: once the short-lived version read turns (a minute; cleared
    # here), the page reads the tree afresh. Until then it is the one read before.
    app.run()
    assert {node["id"] for node in drawn(tree_page(app))[0]} == {node["id"] for node in nodes}
    data_version.clear()
    app.run()
    assert not app.exception, app.exception
    assert "org/ft-b-late" in {node["id"] for node in drawn(tree_page(app))[0]}


def test_suggested_parents_are_drawn_dashed_and_listed_apart_from_declared_ones(load, graph):
    from lineage.ui.render.drawing import SUGGESTED_COLOUR

    load(FAMILY + [hub_model("x/mystery", 7, tags=["license:mit"])])
    graph.run("infer/write", run="test-run", rows=[
        {"child": "x/mystery", "parent": "org/ft-a", "relation": "finetune", "confidence": 0.93,
         "evidence": ["name derived from the parent's", "card links to it"]},
        {"child": "x/mystery", "parent": "org/base", "relation": "adapter", "confidence": 0.2,
         "evidence": ["same architecture"]}])
    app = run_app("x/mystery")
    nodes, edges = drawn(tree_page(app))
    # The declared tree is the model alone; the likely suggestion brings its parent in, a
    # generation up, joined by a dashed edge; the one below 0.5 is left out.
    assert {node["id"]: node["level"] for node in nodes} == {"x/mystery": 0, "org/ft-a": -1}
    [edge] = edges
    assert (edge["from"], edge["to"], edge["dashes"], edge["color"]) == (
        "org/ft-a", "x/mystery", True, SUGGESTED_COLOUR)
    assert edge["label"] == "suggested finetune (0.93)"
    assert "not declared" in edge["title"] and "- card links to it" in edge["title"]
    assert "Suggested parents (not declared)" in [s.value for s in app.subheader]
    assert [b.label for b in app.button if b.key.startswith("suggested-")] == [
        "org/ft-a · suggested finetune · confidence 0.93"]
    assert "not declared" in texts(app.caption) and "lineage infer" in texts(app.caption)
    assert "name derived from the parent's; card links to it" in shown(app.caption)
    assert "Parents (0)" in [s.value for s in app.subheader]  # declared parents only
    app.button(key="suggested-org/ft-a").click().run()
    assert app.main.header[0].value == "org/ft-a"
    # A model without suggestions says how they are made.
    app = run_app("org/base")
    assert "run `lineage infer`" in texts(app.caption)
