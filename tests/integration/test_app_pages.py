"""The Query, Ecosystem, Compare and Model pages' logic (streamlit.testing AppTest) against the
real Neo4j. Each page module's ``page()`` runs on its own, as the navigation would run it."""

from __future__ import annotations

import collections
import datetime as dt
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lineage.loader.files import load_files
from lineage.relations import Relation
from lineage.ui.cli.serve import APP
from lineage.ui.render.drawing import CATEGORY_COLOURS
from tests.drawing import drawn
from tests.families import FAMILY, hub_model, write_crawl
from tests.stored import DRIFT, MUTATION, store_results

#: FAMILY's edges by relation word, counted from the literal (the tags), not from the graph.
FAMILY_EDGES = collections.Counter(
    tag.split(":")[1] for model in FAMILY for tag in model["tags"]
    if tag.startswith("base_model:"))


@pytest.fixture
def load(graph, cli_env, tmp_path):
    st.cache_data.clear()
    st.cache_resource.clear()

    def load(models=FAMILY, name="family.json"):
        load_files(graph, [write_crawl(tmp_path / name, models)],
                   rejects_path=tmp_path / "rejects.jsonl")

    yield load
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(name, **params):
    app = AppTest.from_string(f"from lineage.ui.app.views.{name} import page\npage()",
                              default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def component(app, key):
    [found] = [e for e in app.main if getattr(e.proto, "component_name", "")
               == "lineage.ui.app.drawing_view.drawing"
               and getattr(e.proto, "id", "").endswith(key)]
    return json.loads(found.proto.json_args)["drawing"]


def texts(elements):
    return " ".join(e.value for e in elements)


def frame(app, index=0):
    return app.dataframe[index].value


# -- Query -----------------------------------------------------------------------------------

def test_the_console_answers_a_query_typed_and_puts_it_in_the_address(load):
    load()
    app = open_page("query")
    text = "MATCH (m:Model) WHERE m.id STARTS WITH $prefix RETURN m.id AS id ORDER BY id"
    app.text_area(key="cypher").input(text)
    app.text_area(key="params").input('{"prefix": "org/ft"}')
    app.button(key="run").click().run()
    assert not app.error
    assert list(frame(app)["id"]) == sorted(m["id"] for m in FAMILY if m["id"].startswith("org/ft"))
    assert app.query_params["q"] == text
    assert json.loads(app.query_params["params"]) == {"prefix": "org/ft"}
    # The shared address runs the same query straight away.
    shared = open_page("query", q=text, params='{"prefix": "org/ft"}')
    assert list(frame(shared)["id"]) == ["org/ft-a", "org/ft-b"]


@pytest.mark.parametrize("text", [
    "CREATE (n:Intruder {id: 'x'}) RETURN n",
    "MATCH (m:Model) DETACH DELETE m",
    "MATCH (m:Model) SET m.likes = 0",
    "CALL dbms.upgrade()",
    "CALL db.createLabel('Intruder')",
])
def test_the_console_refuses_every_write_and_the_graph_is_unchanged(load, graph, text):
    load()
    before = graph.run("stats/graph")[0]
    app = open_page("query", q=text)
    [error] = app.error
    # Refused from the query's plan (a procedure the server does not know is rejected by it).
    assert error.value.startswith("refused:") or "no procedure" in error.value
    assert graph.run("stats/graph")[0] == before
    assert graph.run("models/get", id="org/base")[0]["model"]["likes"] == 42
    assert not app.dataframe


def test_the_row_cap_cuts_the_result_and_says_so(load, monkeypatch):
    load()
    monkeypatch.setenv("LINEAGE_MAX_ROWS", "4")
    app = open_page("query", q="MATCH (m:Model) RETURN m.id AS id ORDER BY id")
    assert len(frame(app)) == 4
    assert "cut at LINEAGE_MAX_ROWS = 4 rows" in texts(app.warning)
    app = open_page("query", q="MATCH (m:Model) RETURN m.id AS id LIMIT 4")
    assert len(frame(app)) == 4 and not app.warning  # exactly the cap: nothing was cut


def test_a_query_past_the_timeout_is_stopped_with_a_clear_line(load, monkeypatch):
    load()
    monkeypatch.setenv("LINEAGE_QUERY_TIMEOUT", "1")
    app = open_page("query", q="UNWIND range(1, 1000000000) AS x RETURN count(x)")
    [error] = app.error
    assert "ran longer than 1 s and was stopped" in error.value
    assert "LINEAGE_QUERY_TIMEOUT" in error.value


@pytest.mark.parametrize(("text", "params", "expected"), [
    ("MATC (m) RETURN m", "", "Neo4j rejected the query: Invalid input 'MATC'"),
    ("RETURN $x", "{not json", "the parameters are not valid JSON"),
    ("RETURN $x", "[1, 2]", "the parameters must be a JSON object"),
])
def test_errors_show_as_one_line(load, text, params, expected):
    load()
    app = open_page("query", q=text, params=params)
    [error] = app.error
    assert error.value.startswith(expected)
    assert "\n" not in error.value


def test_paths_in_a_result_are_drawn_and_offered_as_files(load):
    load()
    app = open_page("query", q="MATCH p = (:Model)-[]->(:Model) RETURN p")
    nodes, edges = drawn(component(app, "query-drawing"))
    expected = {(parent, model["id"], relation)
                for model in FAMILY for tag in model["tags"] if tag.startswith("base_model:")
                for _, relation, parent in [tag.split(":", 2)]}
    words = {member.value: member.type for member in Relation if member.value}
    assert {(e["from"], e["to"], e["title"]) for e in edges} == {
        (p, c, words[r]) for p, c, r in expected}
    assert {n["id"] for n in nodes} == {p for p, _, _ in expected} | {c for _, c, _ in expected}
    labels = {b.label for b in app.get("download_button")}
    assert labels == {"Download CSV", "Download JSON"}


def test_the_named_queries_are_offered_as_examples(load):
    load()
    app = open_page("query")
    app.selectbox(key="example").select("models/search").run()
    assert "MATCH" in app.text_area(key="cypher").value
    assert not app.text_area(key="cypher").value.startswith("//")
    assert set(json.loads(app.text_area(key="params").value)) == {"text", "limit"}
    assert "Returns: id" in texts(app.caption)
    app.text_area(key="params").input('{"text": "ft-", "limit": 10}')
    app.button(key="run").click().run()
    assert list(frame(app)["id"]) == ["org/ft-a", "org/ft-b"]


# -- Ecosystem ---------------------------------------------------------------------------------

def test_the_ecosystem_page_shows_the_stored_results_beside_the_published(load, graph):
    load()
    store_results(graph)
    # The signs of the stored direct-parent indexes (0.5, -0.75, -1.0), as a run keeps them.
    graph.run_statements("test/signs", [
        "MATCH (c:Computation) SET c.mdi_relations = ['ALL'], c.mdi_models = [3], "
        "c.mdi_negative = [2], c.mdi_zero = [0], c.mdi_positive = [1]"])
    app = open_page("ecosystem")
    metrics = [m.value for m in app.metric]
    assert metrics[:2] == [f"{len(FAMILY) + 1}", f"{sum(FAMILY_EDGES.values())}"]
    assert metrics[3] == "2026-01-02 03:05 UTC"  # the Computation's finish
    # Largest families, largest first, as stored.
    assert list(frame(app, 1)["family"]) == ["org/base", "elsewhere/missing"]
    # Disruption: the stored indexes, the most disruptive and the most consolidating with
    # support >= 5 (n_i + n_j + n_k): ft-a (+0.5, 8) and ft-b (-0.75, 8); merged has 1.
    # Of the three stored indexes two are negative, none zero: both readings agree.
    assert ("Of 3 models with a defined index, 66.7% are consolidating (D < 0), 0.0% zero "
            "and 33.3% disruptive (D > 0): 66.7% are not disruptive (D ≤ 0)") in texts(
                app.caption)
    assert "read as D < 0, this graph agrees; read as D ≤ 0, it agrees" in texts(app.caption)
    assert list(frame(app, 2)["id"]) == ["org/ft-a"]
    assert list(frame(app, 3)["id"]) == ["org/ft-b"]
    # Mutation: this graph's stored rates and the published ones.
    mutation = frame(app, 4)
    assert dict(zip(mutation["name"], mutation["rate"])) == {
        trait: value["rate"] for trait, value in MUTATION.items()}
    assert "Published (Laufer et al., 2025)" in texts(app.caption)
    # Drift: the graph drawn, the ordering beside it.
    nodes, edges = drawn(component(app, "drift-license"))
    assert {(e["from"], e["to"]) for e in edges} == {
        (e["source"], e["target"]) for e in DRIFT["license"]["edges"]}
    orderings = [d.value for d in app.dataframe if list(d.value.columns) == ["value"]]
    assert list(orderings[0]["value"]) == DRIFT["license"]["ordering"]
    assert "run `lineage analyze similarity`" in texts(app.info)


def test_the_ecosystem_page_reads_disruption_both_ways(load, graph):
    """Most indexes zero, none negative: the strict reading differs, the two-way agrees."""
    load()
    store_results(graph)
    graph.run_statements("test/signs", [
        "MATCH (c:Computation) SET c.mdi_relations = ['ALL'], c.mdi_models = [10], "
        "c.mdi_negative = [0], c.mdi_zero = [9], c.mdi_positive = [1]"])
    app = open_page("ecosystem")
    caption = texts(app.caption)
    assert ("Of 10 models with a defined index, 0.0% are consolidating (D < 0), 90.0% zero "
            "and 10.0% disruptive (D > 0): 90.0% are not disruptive (D ≤ 0)") in caption
    assert "read as D < 0, this graph differs; read as D ≤ 0, it agrees" in caption


def test_the_ecosystem_page_before_compute_says_what_to_run(load):
    load()
    app = open_page("ecosystem")
    assert "run `lineage compute`" in texts(app.info)
    assert "No family stored: run `lineage compute`." in texts(app.caption)
    assert "run `lineage analyze mutation`" in texts(app.info)


# -- Model -------------------------------------------------------------------------------------

def test_the_model_page_shows_measures_colourings_and_the_family_on_a_day(load, graph):
    day = dt.date(2024, 3, 1)
    load([hub_model("org/base", 90, createdAt="2024-01-01T00:00:00.000Z",
                    tags=["license:mit"]),
          hub_model("org/early", 50, createdAt="2024-02-01T00:00:00.000Z",
                    tags=["license:apache-2.0", "base_model:finetune:org/base"]),
          hub_model("org/late", 40, ("finetune", "org/base"),
                    createdAt="2024-06-01T00:00:00.000Z")])
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["model"] = "org/base"
    app.run()
    assert "run `lineage compute`" in texts(app.info)
    nodes, _ = drawn(component(app, "family-tree"))
    assert {n["id"] for n in nodes} == {"org/base", "org/early", "org/late"}
    app.get("button_group")[0].set_value("licence").run()
    nodes, _ = drawn(component(app, "family-tree"))
    colours = {n["id"]: n["color"]["background"] for n in nodes}
    assert colours["org/early"] == CATEGORY_COLOURS[0]  # the only licence among the relatives
    assert colours["org/late"] != colours["org/early"]
    app.slider(key="as_of").set_value(day).run()
    nodes, _ = drawn(component(app, "family-tree"))
    assert {n["id"] for n in nodes} == {"org/base", "org/early"}


def test_the_model_page_shows_both_disruption_variants_with_their_counts(load, graph):
    load()
    store_results(graph)
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["model"] = "org/ft-b"
    app.run()
    assert not app.exception, app.exception
    measures = [d.value for d in app.dataframe if "variant" in d.value.columns][0]
    direct = measures.iloc[0]
    assert (direct["index"], direct["n_i"], direct["n_j"], direct["n_k"]) == ("-0.750", 0, 6, 2)
    assert measures.iloc[1]["index"] == "undefined"  # no mdi_lineage stored
    assert "Generation" in [m.label for m in app.metric]


# -- Compare -----------------------------------------------------------------------------------

def test_the_compare_page_shows_both_models_and_names_unknown_ids(load):
    load()
    app = open_page("compare", a="org/ft-a", b="ORG/FT-B")
    assert [s.value for s in app.subheader][:2] == ["org/ft-a", "org/ft-b"]
    assert app.query_params["a"] == "org/ft-a"
    app = open_page("compare", a="org/ft-a", b="org/ft-c")
    assert "no model 'org/ft-c' in the graph; closest\\: org/ft-a" in texts(app.warning)


# -- Text from the data is text ------------------------------------------------------------

EVIL = ["<script>window.pwned=1</script>", "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))"]


def test_text_with_markup_shows_as_text_on_the_pages(load):
    # Ids cannot hold markup (the loader rejects them); the other text of a model can.
    load([hub_model("org/evil", 10, pipeline_tag=EVIL[0], library_name=EVIL[1],
                    author=EVIL[2]),
          hub_model("org/evil-child", 5, ("finetune", "org/evil"), pipeline_tag=EVIL[1])])
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["model"] = "org/evil"
    app.run()
    assert not app.exception
    facts = [m.value for m in app.markdown if "**Task:**" in m.value][0]
    # Markdown sees every markup character escaped ...
    assert "\\<script\\>" in facts and "\\<img src=x onerror=alert(1)\\>" in facts
    assert "\\[click\\](javascript\\:alert(1))" in facts
    # ... and in the drawing tooltips are plain strings, which vis-network shows as text.
    nodes, _ = drawn(component(app, "family-tree"))
    [child] = [n for n in nodes if n["id"] == "org/evil-child"]
    assert EVIL[1] in child["title"] and "<img" not in child["label"]
    app = open_page("query", q="MATCH (m:Model) RETURN m")
    nodes, _ = drawn(component(app, "query-drawing"))
    # Labels (read as vis-network's HTML-like markup) are escaped; tooltips keep the text.
    assert not any("<script>" in n["label"] or "<img" in n["label"] for n in nodes)
    assert any("<img src=x" in n["title"] for n in nodes)


# -- With the kin, report and governance modules -------------------------------------------

def test_the_model_page_lists_kin_and_the_governance_flags_with_the_report(load):
    load()
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["model"] = "org/ft-a"
    app.run()
    assert not app.exception, app.exception
    # From FAMILY by hand: ft-a's sibling is ft-b; its ancestor org/base; its descendants
    # merged and quant; no cousins.
    counts = {m.label: m.value for m in app.metric}
    assert (counts["Siblings"], counts["Cousins"], counts["Ancestors"],
            counts["Descendants"]) == ("1", "0", "1", "2")
    listed = [d.value for d in app.dataframe if "id" in d.value.columns]
    assert ["org/ft-b"] in [list(d["id"]) for d in listed]
    assert {"Download the lineage report (JSON)"} <= {b.label for b in app.get("download_button")}


def test_the_compare_page_draws_the_path_through_the_nearest_common_ancestor(load):
    load()
    app = open_page("compare", a="org/quant", b="org/ft-b")
    nodes, edges = drawn(component(app, "compare-drawing"))
    # By hand: quant <- merged <- ft-b (merge), the shortest path; ft-b is their nearest
    # common ancestor (a model counts as its own ancestor).
    assert {(e["from"], e["to"]) for e in edges} == {("org/merged", "org/quant"),
                                                      ("org/ft-b", "org/merged")}
    assert "org/ft-b" in texts(app.markdown)
    app = open_page("compare", a="org/ft-a", b="org/orphan")
    assert "No lineage path joins these two models" in texts(app.info)


def test_the_report_downloads_are_the_bytes_lineage_report_writes(load, cli_env, tmp_path):
    import os
    import re
    import subprocess
    import sys

    from lineage.settings import Settings
    from lineage.ui.app.session import connect
    from lineage.ui.app.views.model_panels import report_of

    load()
    settings = Settings.from_env()
    _, files = report_of(connect(settings), "here", ("v",), "org/merged")
    # Files made a few seconds apart differ in their time and what is named after it (a BOM's
    # serial number, the SPDX element ids): nothing else.
    made = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+00:00|Z)|"
                      r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    commands = {"json": ["report"], "html": ["report"], "cdx.json": ["export", "cyclonedx"],
                "spdx.json": ["export", "spdx"]}
    for fmt, command in commands.items():
        path = tmp_path / f"merged.{fmt}"
        subprocess.run([sys.executable, "-m", "lineage.ui", *command, "org/merged", "-o",
                        str(path)], env=dict(os.environ), check=True, capture_output=True)
        written = path.read_text(encoding="utf-8")
        assert made.sub("T", written) == made.sub("T", files[fmt]), fmt
        assert "org/base" in written


def test_a_banner_says_the_graph_is_changing_while_a_load_runs(load, graph):
    from lineage.ui.app.session import changing

    load()
    started = dt.datetime.now(dt.UTC)
    graph.run("load/snapshot_start", id="running-load", source="big.parquet", kind="file",
              started=started)
    changing.clear()
    for page in ("model", "ecosystem"):
        app = open_page(page)
        assert any("The graph is changing: a load of big.parquet started at" in i.value
                   for i in app.info), page
    graph.run("load/snapshot_finish", id="running-load", counts={"status": "complete"})
    changing.clear()
    app = open_page("ecosystem")
    assert not any("The graph is changing" in i.value for i in app.info)
