"""Lineage reports, reviews and graph exports against the real Neo4j: ancestry checked against
networkx, the command line's files and its bad input."""

import csv
import json
import re

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lineage.analytics.jobs.compute import compute
from lineage.analytics.reads.frames import edge_frame
from lineage.analytics.reads.reports import lineage_report
from lineage.loader.files import load_files
from lineage.ui.cli import main
from lineage.ui.render.family_tree import INDIRECT, tree_layout
from lineage.ui.render.lineage_report import render_html, render_markdown
from tests.families import FAMILY, WIDE_FAMILY, hub_model, write_crawl

EVIL = "org/__evil__.md"
MARKUP = "<script>alert(1)</script>"
#: FAMILY with licences and languages that change along the way, and a model whose id and
#: licence carry markup.
GOVERNED = [
    hub_model("org/base", 1000, pipeline_tag="text-generation",
              tags=["license:llama3.1", "en", "fr"]),
    hub_model("org/ft-a", 500, ("finetune", "org/base"), pipeline_tag="text-generation",
              tags=["base_model:finetune:org/base", "license:apache-2.0", "en"]),
    hub_model("org/ft-b", 400, ("finetune", "org/base"), pipeline_tag="text-generation",
              tags=["base_model:finetune:org/base", "license:llama3.1", "en", "fr"]),
    *FAMILY[3:],
]


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def load(graph, tmp_path, models, name="family.json"):
    load_files(graph, [write_crawl(tmp_path / name, models)],
               rejects_path=tmp_path / "rejects.jsonl")
    return graph


def networkx_graph(graph) -> nx.DiGraph:
    edges = edge_frame(graph)
    return nx.from_pandas_edgelist(edges, "parent", "child", create_using=nx.DiGraph)


def test_a_report_holds_the_ancestry_to_every_root_and_the_flags_with_evidence(graph, tmp_path):
    load(graph, tmp_path, GOVERNED)
    report = lineage_report(graph, "ORG/QUANT")
    network = networkx_graph(graph)
    assert {s.key for s in report.ancestry} == nx.ancestors(network, "org/quant") | {"org/quant"}
    depths = nx.shortest_path_length(network.reverse(), "org/quant")
    assert {s.key: s.depth for s in report.ancestry} == depths
    assert report.roots == ["org/base"] and report.ancestry_complete
    got = {(f.code, f.ancestor) for f in report.flags}
    # ft-a moved to apache-2.0 under a llama3.1 base; quant declares nothing.
    assert ("license_missing", "org/base") not in got
    assert ("license_missing", "org/ft-a") in got or ("license_missing", "org/ft-b") in got
    ft_a = {(f.code, f.ancestor) for f in lineage_report(graph, "org/ft-a").flags}
    assert ft_a == {("license_not_allowed", "org/base"), ("languages_dropped", "org/base")}
    assert lineage_report(graph, "org/ft-b").flags == []
    assert report.descendants["total"] == 0
    base = lineage_report(graph, "org/base", down=1)
    assert base.descendants["by_relation"]["finetune"] == 2
    assert base.descendants["total"] == 2 and not base.descendants["complete"]
    assert base.family["siblings"] == 0 and base.family["generation"] == "not computed"
    assert lineage_report(graph, "org/ft-a").family["siblings"] == 1
    assert [s["kind"] for s in report.sources] == ["crawl"]


def test_up_limits_the_ancestry_and_says_it_is_incomplete(graph, tmp_path):
    load(graph, tmp_path, GOVERNED)
    report = lineage_report(graph, "org/quant", up=1)
    assert [s.key for s in report.ancestry] == ["org/quant", "org/merged"]
    assert not report.ancestry_complete and report.roots == []


@st.composite
def dags(draw):
    n = draw(st.integers(2, 10))
    edges = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                         .filter(lambda e: e[0] < e[1]), max_size=20))
    return n, sorted(edges), draw(st.integers(0, n - 1))


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=dags())
def test_a_reports_ancestry_is_networkx_ancestors(graph, tmp_path_factory, case):
    n, edges, focus = case
    graph.run("admin/clear")
    parents = {c: [("merge" if sum(1 for _, x in edges if x == c) > 1 else "finetune",
                    f"h/m{p}") for p, x in edges if x == c] for c in range(n)}
    models = [hub_model(f"h/m{i}", i, *parents[i]) for i in range(n)]
    load(graph, tmp_path_factory.mktemp("dag"), models)
    network = nx.DiGraph()
    network.add_nodes_from(f"h/m{i}" for i in range(n))
    network.add_edges_from((f"h/m{p}", f"h/m{c}") for p, c in edges)
    report = lineage_report(graph, f"h/m{focus}", down=n)
    assert {s.key for s in report.ancestry} == nx.ancestors(network, f"h/m{focus}") | {
        f"h/m{focus}"}
    roots = {k for k in nx.ancestors(network, f"h/m{focus}") | {f"h/m{focus}"}
             if network.in_degree(k) == 0}
    assert set(report.roots) == roots
    assert report.descendants["total"] == len(nx.descendants(network, f"h/m{focus}"))
    distance = nx.single_source_shortest_path_length(network, f"h/m{focus}")
    by_generation = {}
    for key, far in distance.items():
        if far:
            by_generation[str(far)] = by_generation.get(str(far), 0) + 1
    walked = report.descendants["by_generation"]
    assert {g: n for g, n in walked.items() if n} == dict(sorted(by_generation.items()))
    # hub_model's downloads are the model's number: the most downloaded have the largest.
    most = sorted((k for k in distance if k != f"h/m{focus}"),
                  key=lambda k: -int(k.removeprefix("h/m")))[:10]
    assert [x["id"] for x in report.descendants["most_downloaded"]] == most
    assert [x["generation"] for x in report.descendants["most_downloaded"]] == [
        distance[k] for k in most]


def test_the_drawing_is_capped_and_says_what_it_draws(graph, tmp_path, monkeypatch):
    from lineage.analytics.reads import reports

    chain = [hub_model("c/m0", 100)] + [hub_model(f"c/m{i}", 100 - i, ("finetune", f"c/m{i - 1}"))
                                        for i in range(1, 8)]
    hub = [hub_model(f"c/kid{i}", i, ("adapter", "c/m4")) for i in range(6)]
    load(graph, tmp_path, chain + hub)
    monkeypatch.setattr(reports, "DRAWN_ANCESTORS", 3)
    monkeypatch.setattr(reports, "DRAWN_DESCENDANTS", 4)
    report = lineage_report(graph, "c/m4", down=3)
    assert len(report.ancestry) == 5 and report.descendants["total"] == 9
    roles = {key: node["role"] for key, node in report.tree_nodes.items()}
    assert roles == {"c/m4": "model", "c/m3": "ancestor", "c/m2": "ancestor",
                     "c/m1": "ancestor", "c/m5": "descendant", "c/m6": "descendant",
                     "c/m7": "descendant", "c/kid5": "descendant"}
    assert report.tree_note == ("Drawn: the model, the 3 nearest of its 4 ancestors, and 4 of "
                                "its 9 descendants within 3 generations (the most downloaded).")
    assert all(e.parent in roles and e.child in roles for e in report.tree_edges)
    assert len(report.tree_edges) == 7
    assert report.descendants["by_relation"]["adapter"] == 6


def test_reports_of_real_crawled_families_match_networkx(graph, crawls, tmp_path):
    load_files(graph, [crawls / "DeepHermes-3-Mistral-24B-Preview_finetunes_20250404_231041.json"],
               rejects_path=tmp_path / "rejects.jsonl")
    network = networkx_graph(graph)
    deepest = sorted(network, key=lambda k: (-len(nx.ancestors(network, k)), k))[:3]
    for key in deepest:
        report = lineage_report(graph, key)
        assert {s.key for s in report.ancestry} == nx.ancestors(network, key) | {key}
        assert report.to_dict()["ancestry"]["roots"]
        for step in report.ancestry:
            assert {link.parent for link in step.parents} == set(network.predecessors(step.key))


@pytest.mark.parametrize("suffix", [".html", ".md", ".json"])
def test_the_command_writes_each_format_byte_identical_but_for_the_time(graph, cli_env, capsys,
                                                                        tmp_path, suffix):
    load(graph, tmp_path, GOVERNED)
    first, second = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    for path in (first, second):
        code, _, err = run_cli(capsys, "report", "org/quant", "-o", path)
        assert code == 0, err
    one, two = first.read_text(), second.read_text()
    made = json.loads(one)["made_at"] if suffix == ".json" else None
    strip = re.compile(r"(Made at |\"made_at\": \")[^<\"\n]*")
    assert strip.sub("", one) == strip.sub("", two)
    assert "org/merged" in one and "license_missing" in one
    if made:
        data = json.loads(one)
        assert data["schema_version"] == 1 and data["ancestry"]["roots"] == ["org/base"]
        assert [s["id"] for s in data["ancestry"]["steps"]][0] == "org/quant"


def test_card_text_ids_and_licences_are_escaped_in_html_and_markdown(graph, cli_env, capsys,
                                                                     tmp_path):
    load(graph, tmp_path, [
        hub_model("org/base", 10, tags=["license:apache-2.0"]),
        hub_model(EVIL, 5, ("finetune", "org/base"), pipeline_tag=MARKUP,
                  tags=["base_model:finetune:org/base", "license:<b onmouseover=x>|*"])])
    html_path, md_path = tmp_path / "r.html", tmp_path / "r.md"
    for path in (html_path, md_path):
        assert run_cli(capsys, "report", EVIL, "-o", path)[0] == 0
    page, text = html_path.read_text(), md_path.read_text()
    assert "<script" not in page.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b-onmouseover" not in page and "&lt;b-onmouseover=x&gt;|*" in page
    # Markdown escapes only what opens HTML or ends a table cell; the id is a code span.
    assert "<script>" not in text and "&lt;script>alert(1)&lt;/script>" in text
    assert "&lt;b-onmouseover=x>\\|*" in text and "`org/__evil__.md`" in text
    assert "\\_" not in text and '"org/__evil__.md"' in text


def test_bad_input_is_one_line_with_the_exit_code_and_no_file_is_left(graph, cli_env, capsys,
                                                                     tmp_path):
    load(graph, tmp_path, GOVERNED)
    code, _, err = run_cli(capsys, "report", "org/ft-c", "-o", tmp_path / "r.html")
    assert code == 2 and err.startswith("Error: no model 'org/ft-c' in the graph; closest: org/ft-")
    code, _, err = run_cli(capsys, "report", "org/quant", "-o", tmp_path / "r.pdf")
    assert code == 2 and "use .htm, .html, .json, .md" in err
    code, _, err = run_cli(capsys, "report", "org/quant", "-o", tmp_path / "no" / "r.html")
    assert code == 1 and "does not exist" in err
    rules = tmp_path / "rules.yaml"
    rules.write_text("licenses:\n  - {id: acme, family: nice, allows: any}\n")
    code, _, err = run_cli(capsys, "report", "org/quant", "-o", tmp_path / "r.html",
                           "--rules", rules)
    assert code == 2 and f"{rules} line 2: family 'nice'" in err
    code, _, err = run_cli(capsys, "review", "--all", "--family", "org/base",
                           "-o", tmp_path / "x.csv")
    assert code == 2 and "choose one of" in err
    assert sorted(p.name for p in tmp_path.iterdir()
                  if p.name != "rejects.jsonl") == ["family.json", "rules.yaml"]


def test_review_writes_every_flag_as_csv_jsonl_and_an_html_summary(graph, cli_env, capsys,
                                                                   tmp_path):
    load(graph, tmp_path, GOVERNED)
    expected = {}
    for key in ["org/base", "org/ft-a", "org/ft-b", "org/merged", "org/quant", "org/orphan",
                "elsewhere/missing"]:
        for flag in lineage_report(graph, key).flags:
            expected.setdefault(flag.model, set()).add((flag.code, flag.ancestor or ""))
    assert expected["org/ft-a"] == {("license_not_allowed", "org/base"),
                                    ("languages_dropped", "org/base")}
    assert ("ancestor_placeholder", "elsewhere/missing") in expected["org/orphan"]
    for option in (["--all"], ["--family", "org/quant"]):
        out = tmp_path / "flags.csv"
        assert run_cli(capsys, "review", *option, "-o", out)[0] == 0
        got = {}
        for row in csv.DictReader(out.open()):
            got.setdefault(row["model"], set()).add((row["flag"], row["ancestor"]))
        if option == ["--all"]:
            assert got == expected
        else:
            assert got == {k: v for k, v in expected.items() if k.startswith("org/")
                           and k != "org/orphan"}
    ids = tmp_path / "ids.txt"
    ids.write_text("org/ft-a\n# a comment\norg/ft-b\n")
    out = tmp_path / "flags.jsonl"
    assert run_cli(capsys, "review", "--models", ids, "-o", out)[0] == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["model"] for x in lines] == ["org/ft-a"]
    summary = tmp_path / "summary.html"
    assert run_cli(capsys, "review", "--all", "-o", summary)[0] == 0
    page = summary.read_text()
    assert "<td><code>license_not_allowed</code></td><td>1</td>" in page


def test_graphml_reads_back_in_networkx_with_equal_counts_and_attributes(graph, cli_env, capsys,
                                                                         tmp_path):
    load(graph, tmp_path, GOVERNED + [hub_model("org/loop-a", 1, ("finetune", "org/loop-b")),
                                      hub_model("org/loop-b", 1, ("finetune", "org/loop-a"))])
    path = tmp_path / "g.graphml"
    assert run_cli(capsys, "export", "graphml", path)[0] == 0
    back = nx.read_graphml(path, force_multigraph=True)
    edges = edge_frame(graph)
    assert back.number_of_nodes() == 9 and back.number_of_edges() == len(edges) == 8
    assert back.nodes["org/base"]["licenses"] == "llama3.1"
    assert back.nodes["org/base"]["languages"] == "en;fr"
    assert back.nodes["org/base"]["downloads"] == 1000
    assert back.nodes["elsewhere/missing"]["placeholder"] is True
    assert back.nodes["org/ft-a"]["placeholder"] is False
    got = sorted((u, v, d["relation"], d["cycle"]) for u, v, d in back.edges(data=True))
    assert got == sorted(map(tuple, edges[["parent", "child", "relation", "cycle"]]
                             .to_numpy().tolist()))
    family = tmp_path / "f.graphml"
    assert run_cli(capsys, "export", "graphml", family, "--family", "org/loop-a")[0] == 0
    assert sorted(nx.read_graphml(family)) == ["org/loop-a", "org/loop-b"]
    folder = tmp_path / "csv"
    assert run_cli(capsys, "export", "csv", folder)[0] == 0
    nodes, read_edges = pd.read_csv(folder / "nodes.csv"), pd.read_csv(folder / "edges.csv")
    assert len(nodes) == 9 and len(read_edges) == 8
    assert nodes.set_index("key").loc["org/ft-a", "downloads"] == 500


def test_a_failed_csv_export_leaves_neither_file_and_keeps_the_previous_pair(
        graph, cli_env, capsys, tmp_path, monkeypatch):
    from lineage.ui.explorer import Explorer

    load(graph, tmp_path, GOVERNED)
    folder = tmp_path / "csv"
    assert run_cli(capsys, "export", "csv", folder)[0] == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(before) == ["edges.csv", "nodes.csv"]
    load(graph, tmp_path, [hub_model("org/late", 3, ("finetune", "org/base"))], "late.json")
    real = Explorer.graph_frames

    def edges_without_a_column(explorer, properties, family_of=None, **options):
        models, edges = real(explorer, properties, family_of, **options)
        return models, edges.drop(columns=["cycle"])

    # The nodes file is written in full before the edges file fails.
    monkeypatch.setattr(Explorer, "graph_frames", edges_without_a_column)
    with pytest.raises(KeyError):
        main(["export", "csv", str(folder)])
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    fresh = tmp_path / "fresh"
    with pytest.raises(KeyError):
        main(["export", "csv", str(fresh)])
    assert list(fresh.iterdir()) == []
    monkeypatch.undo()
    (fresh / "edges.csv").mkdir()
    code, _, err = run_cli(capsys, "export", "csv", fresh)
    assert code == 1 and "edges.csv: it is a folder" in err
    assert [p.name for p in fresh.iterdir()] == ["edges.csv"]


def test_both_reports_carry_the_tree_and_labels_and_markdown_reads_raw(graph, tmp_path):
    load(graph, tmp_path, GOVERNED)
    compute(graph, window_days=90)
    report = lineage_report(graph, "org/merged")
    text, page = render_markdown(report), render_html(report)
    chart = re.search(r"```mermaid\n(flowchart TB\n.*?)\n```", text, re.S).group(1)
    named = dict(re.findall(r'^    (m\d+)\["([^"]*)"\]$', chart, re.M))
    assert set(named.values()) == {"org/base", "org/ft-a", "org/ft-b", "org/merged",
                                   "org/quant"}
    node = {label: name for name, label in named.items()}
    for parent in ("org/ft-a", "org/ft-b"):
        assert f'{node[parent]} -->|"merge"| {node["org/merged"]}' in chart
    assert report.family["family_node"] != "not computed"
    outside_code = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)
    assert not re.search(r"\\[_+()]", outside_code)
    assert "| created |" in text and "| the family's computed at |" in text
    for rendered in (text, page):
        assert "Family." not in rendered and "computed_at" not in rendered
        assert "created_at" not in rendered and "family_size" not in rendered
    assert "<td>the family&#x27;s computed at</td>" in page


def test_a_root_of_hundreds_draws_a_bounded_tree_with_the_most_downloaded(graph, tmp_path):
    load(graph, tmp_path, WIDE_FAMILY)
    report = lineage_report(graph, "wide/root")
    assert report.descendants["total"] == 534
    layout = tree_layout(report)
    root, children, grandchildren = layout.generations
    assert [box.text for box in root] == ["wide/root"]
    assert {box.text for box in grandchildren} == {f"wide/grandkid-{n}" for n in range(12)}
    # The 40 drawn descendants: 14 grandchildren and the 26 most downloaded children. Two
    # grandchildren hang below the root (their parent is not drawn); the children's generation
    # shows 24 boxes and "+4 more".
    assert len(children) == 25 and children[-1].text == "+4 more"
    assert {box.text for box in children[:2]} == {"wide/far-0", "wide/far-1"}
    assert {box.text for box in children[2:-1]} == {f"wide/kid-{n:03d}"
                                                   for n in range(519, 497, -1)}
    indirect = [edge for edge in layout.edges if edge[2] == INDIRECT]
    assert sorted(edge[1] for edge in indirect) == ["wide/far-0", "wide/far-1"]
    kid = next(box for box in children if box.text == "wide/kid-519")
    assert {(edge[0], edge[2]) for edge in layout.edges if edge[1].startswith("wide/grand")} == {
        (kid.key, "quantization")}
    assert layout.width <= 1100 and all(box.x + box.width <= layout.width
                                        for box in layout.boxes.values())
