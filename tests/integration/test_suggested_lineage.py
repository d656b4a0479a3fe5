"""Suggested lineage (``lineage infer``'s SUGGESTED_PARENT) where users see it, against the real
Neo4j: the lineage report's likely undeclared ancestry and ``--include-suggested`` walk, the
``lineage_undeclared`` flag in reports and reviews, kin and exports with and without
``--include-suggested``, and the measures, which never follow a suggestion.

The suggestions are written with the inference job's own write query, as ``lineage infer``
writes them. Every expected value is worked out by hand from the literal family below.
"""

import csv
import json

import networkx as nx
import pytest

from lineage.analytics.jobs.compute import compute
from lineage.analytics.reads.frames import model_frame
from lineage.analytics.reads.reports import lineage_report
from lineage.cypher.graphmodel import MEASURE_PROPERTIES
from lineage.loader.files import load_files
from lineage.ui.cli import main
from lineage.ui.render.lineage_report import render_html, render_markdown
from tests.families import hub_model, write_crawl

#: meta/Llama-3 (llama3) <- finetune meta/llama3-ft (llama3); x/mystery (mit) declares no
#: parent; x/child (mit) is a finetune of x/mystery; org/base (apache-2.0) stands alone.
MODELS = [
    hub_model("meta/Llama-3", 5000, tags=["license:llama3", "en"]),
    hub_model("meta/llama3-ft", 900, tags=["base_model:finetune:meta/Llama-3",
                                           "license:llama3", "en"]),
    hub_model("x/mystery", 300, tags=["license:mit", "en"]),
    hub_model("x/child", 30, tags=["base_model:finetune:x/mystery", "license:mit", "en"]),
    hub_model("org/base", 100, tags=["license:apache-2.0", "en"]),
]
#: What `lineage infer` would have said about x/mystery: a likely llama3 finetune parent, and
#: an unlikely one below the default threshold (0.5).
SUGGESTIONS = [
    {"child": "x/mystery", "parent": "meta/llama3-ft", "relation": "finetune",
     "confidence": 0.93, "evidence": ["name derived from the parent's", "card links to it"]},
    {"child": "x/mystery", "parent": "org/base", "relation": "adapter", "confidence": 0.3,
     "evidence": ["same architecture"]},
]
#: The report's JSON keys before suggested lineage existed: every one must stay.
REPORT_KEYS = {"schema_version", "made_at", "model", "sources", "ancestry", "flags", "family",
               "descendants", "tree"}


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


@pytest.fixture
def suggested(graph, tmp_path):
    load_files(graph, [write_crawl(tmp_path / "family.json", MODELS)],
               rejects_path=tmp_path / "rejects.jsonl")
    graph.run("infer/write", rows=SUGGESTIONS, run="test-run")
    return graph


def codes(report):
    return [(f.code, f.ancestor) for f in report.flags]


def test_the_report_lists_likely_undeclared_ancestry_and_flags_the_licence(suggested):
    report = lineage_report(suggested, "x/mystery")
    data = report.to_dict()
    assert REPORT_KEYS <= set(data) and set(data) - REPORT_KEYS == {"likely_undeclared_ancestry"}
    # Only the suggestion at or above 0.5, with the parent's licence and the evidence.
    assert data["likely_undeclared_ancestry"] == [{
        "model": "x/mystery", "depth": 0, "parent": "meta/llama3-ft", "relation": "finetune",
        "confidence": 0.93, "evidence": ["name derived from the parent's", "card links to it"],
        "parent_licenses": ["llama3"], "parent_placeholder": False, "run": "test-run"}]
    # llama3 allows a derivative only llama3; x/mystery declares mit.
    assert codes(report) == [("lineage_undeclared", "meta/llama3-ft")]
    evidence = report.flags[0].evidence
    assert "meta/llama3-ft" in evidence and "llama3" in evidence and "0.93" in evidence
    # The walk did not follow the suggestion: the model is its own root.
    assert [s.id for s in report.ancestry] == ["x/mystery"] and report.roots == ["x/mystery"]
    assert data["ancestry"]["include_suggested"] is False


def test_an_ancestors_suggestion_is_listed_and_followed_only_when_asked(suggested):
    plain = lineage_report(suggested, "x/child")
    assert [(r["model"], r["depth"], r["parent"]) for r in plain.undeclared] == [
        ("x/mystery", 1, "meta/llama3-ft")]
    assert codes(plain) == []  # the suggestion is x/mystery's, not x/child's
    assert [s.id for s in plain.ancestry] == ["x/child", "x/mystery"]

    walked = lineage_report(suggested, "x/child", include_suggested=True)
    assert [(s.id, s.depth) for s in walked.ancestry] == [
        ("x/child", 0), ("x/mystery", 1), ("meta/llama3-ft", 2), ("meta/Llama-3", 3)]
    mystery = walked.to_dict()["ancestry"]["steps"][1]
    assert mystery["parents"] == [{"parent": "meta/llama3-ft", "relation": "suggested",
                                   "cycle": False, "suggested": True, "confidence": 0.93,
                                   "suggested_relation": "finetune"}]
    # Declared links keep their three keys.
    assert walked.to_dict()["ancestry"]["steps"][0]["parents"] == [
        {"parent": "x/mystery", "relation": "finetune", "cycle": False}]
    # Governance sees through the suggestion: the nearest llama3 ancestor, two steps up.
    assert codes(walked) == [("license_not_allowed", "meta/llama3-ft")]
    assert "2 steps up" in walked.flags[0].evidence
    assert walked.roots == ["meta/Llama-3"]
    assert {(e.parent, e.child, e.relation) for e in walked.tree_edges} == {
        ("meta/llama3-ft", "x/mystery", "suggested"), ("x/mystery", "x/child", "finetune"),
        ("meta/llama-3", "meta/llama3-ft", "finetune")}


def test_the_section_renders_in_markdown_and_html_and_says_when_there_is_none(suggested):
    text = render_markdown(lineage_report(suggested, "x/child"))
    assert "## Likely undeclared ancestry" in text
    # (Markdown escapes the "0." that could start a numbered list; it shows 0.93.)
    assert ("| `x/mystery` | 1 | `meta/llama3-ft` | finetune | 0\\.93 | llama3 | name derived "
            "from the parent's; card links to it |") in text
    assert "`lineage report --include-suggested` does" in text
    page = render_html(lineage_report(suggested, "x/child", include_suggested=True))
    assert "<h2>Likely undeclared ancestry</h2>" in page
    assert "meta/llama3-ft (suggested finetune, 0.93)" in page  # the ancestry's parents
    assert 'stroke-dasharray="6,4"' in page  # the suggested edge drawn dashed
    empty = lineage_report(suggested, "org/base")
    assert empty.to_dict()["likely_undeclared_ancestry"] == []
    assert "No suggested parents; run `lineage infer`" in render_markdown(empty)
    assert "No suggested parents; run <code>lineage infer</code>" in render_html(empty)


def test_lineage_report_include_suggested_from_the_command_line(suggested, cli_env, capsys,
                                                                tmp_path):
    out = tmp_path / "r.json"
    code, _, err = run_cli(capsys, "report", "x/child", "-o", out, "--include-suggested")
    assert code == 0, err
    data = json.loads(out.read_text())
    assert [s["id"] for s in data["ancestry"]["steps"]][2:] == ["meta/llama3-ft",
                                                                "meta/Llama-3"]
    assert data["ancestry"]["include_suggested"] is True
    assert [f["code"] for f in data["flags"]] == ["license_not_allowed"]
    code, _, err = run_cli(capsys, "report", "x/child", "-o", out)
    assert code == 0, err
    assert [s["id"] for s in json.loads(out.read_text())["ancestry"]["steps"]] == [
        "x/child", "x/mystery"]


def test_review_shows_lineage_undeclared_in_every_format(suggested, cli_env, capsys, tmp_path):
    flagged = {("x/mystery", "lineage_undeclared", "meta/llama3-ft")}
    for option in (["--all"], ["--family", "x/child"]):
        out = tmp_path / "flags.csv"
        code, _, err = run_cli(capsys, "review", *option, "-o", out)
        assert code == 0, err
        rows = {(r["model"], r["flag"], r["ancestor"]) for r in csv.DictReader(out.open())}
        assert rows == flagged, option
    ids = tmp_path / "ids.txt"
    ids.write_text("x/mystery\nx/child\n")
    out = tmp_path / "flags.jsonl"
    assert run_cli(capsys, "review", "--models", ids, "-o", out)[0] == 0
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["model"] == "x/mystery"
    assert [f["code"] for f in line["flags"]] == ["lineage_undeclared"]
    assert "0.93" in line["flags"][0]["evidence"]
    summary = tmp_path / "summary.html"
    assert run_cli(capsys, "review", "--all", "-o", summary)[0] == 0
    assert "<td><code>lineage_undeclared</code></td><td>1</td>" in summary.read_text()
    bom = tmp_path / "review.cdx.json"
    assert run_cli(capsys, "review", "--all", "-o", bom)[0] == 0
    values = [p["value"] for c in json.loads(bom.read_text())["components"]
              for p in c.get("properties", []) if p["name"] == "lineage:flag"]
    assert len(values) == 1 and values[0].startswith("lineage_undeclared: meta/llama3-ft")


def test_kin_follows_suggestions_only_with_include_suggested(suggested, cli_env, capsys):
    def kin(*args):
        code, out, err = run_cli(capsys, "kin", *args, "--format", "json")
        assert code == 0, err
        return json.loads(out)

    assert kin("x/mystery", "--kind", "parents")["kin"] == []
    found = kin("x/mystery", "--kind", "parents", "--include-suggested")
    # Every stored suggestion is lineage here, each with the relation word "suggested".
    assert [(r["id"], r["relations"]) for r in found["kin"]] == [
        ("meta/llama3-ft", ["suggested"]), ("org/base", ["suggested"])]
    assert list(found) == ["model", "kind", "relations", "total", "kin"]
    assert [r["id"] for r in kin("x/child", "--kind", "ancestors")["kin"]] == ["x/mystery"]
    assert [r["id"] for r in kin("x/child", "--kind", "ancestors", "--include-suggested")
            ["kin"]] == ["meta/Llama-3", "meta/llama3-ft", "x/mystery", "org/base"]
    assert [r["id"] for r in kin("meta/llama3-ft", "--kind", "children",
                                 "--include-suggested")["kin"]] == ["x/mystery"]
    assert kin("x/child", "--with", "meta/Llama-3")["length"] is None
    path = kin("x/child", "--with", "meta/Llama-3", "--include-suggested")
    assert path["length"] == 3
    assert [s["relation"] for s in path["paths"][0]["steps"]] == [
        "finetune", "suggested", "finetune"]


def test_exports_write_suggested_edges_only_when_asked(suggested, cli_env, capsys, tmp_path):
    plain, both = tmp_path / "plain", tmp_path / "both"
    assert run_cli(capsys, "export", "csv", plain)[0] == 0
    assert run_cli(capsys, "export", "csv", both, "--include-suggested")[0] == 0
    with (plain / "edges.csv").open() as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["parent", "child", "relation", "cycle"]
    assert sorted(r[2] for r in rows[1:]) == ["finetune", "finetune"]
    with (both / "edges.csv").open() as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["parent", "child", "relation", "cycle", "suggested_relation",
                       "confidence"]
    assert sorted(rows[1:]) == [
        ["meta/llama-3", "meta/llama3-ft", "finetune", "False", "", ""],
        ["meta/llama3-ft", "x/mystery", "suggested", "False", "finetune", "0.93"],
        ["org/base", "x/mystery", "suggested", "False", "adapter", "0.3"],
        ["x/mystery", "x/child", "finetune", "False", "", ""]]

    path = tmp_path / "family.graphml"
    assert run_cli(capsys, "export", "graphml", path, "--family", "x/child")[0] == 0
    assert set(nx.read_graphml(path)) == {"x/mystery", "x/child"}
    assert run_cli(capsys, "export", "graphml", path, "--family", "x/child",
                   "--include-suggested")[0] == 0
    read = nx.read_graphml(path)
    # The family walked across the suggestions: every model here is joined to x/child.
    assert set(read) == {"x/mystery", "x/child", "meta/llama3-ft", "meta/llama-3", "org/base"}
    edges = {(p, c): {k: v for k, v in attrs.items() if k != "id"}  # "id": the edge's key
             for p, c, attrs in read.edges(data=True)}
    assert edges[("meta/llama3-ft", "x/mystery")] == {
        "relation": "suggested", "cycle": False, "suggested_relation": "finetune",
        "confidence": 0.93}
    assert edges[("x/mystery", "x/child")] == {"relation": "finetune", "cycle": False}


def test_a_suggestion_changes_no_stored_measure(graph, tmp_path):
    load_files(graph, [write_crawl(tmp_path / "family.json", MODELS)],
               rejects_path=tmp_path / "rejects.jsonl")
    compute(graph)
    before = model_frame(graph, list(MEASURE_PROPERTIES)).set_index("key").sort_index()
    # Had compute followed it, x/mystery would be generation 2 and meta/llama3-ft would have
    # descendants 2 instead of 0.
    assert before.loc["x/mystery", "generation"] == 0
    assert before.loc["meta/llama3-ft", "descendants"] == 0
    graph.run("infer/write", rows=SUGGESTIONS, run="test-run")
    summary = compute(graph)
    assert (summary.models_changed, summary.singletons_changed, summary.families_changed,
            summary.families_removed) == (0, 0, 0, 0)
    after = model_frame(graph, list(MEASURE_PROPERTIES)).set_index("key").sort_index()
    assert after.equals(before)
