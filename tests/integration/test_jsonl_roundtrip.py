"""Export -> load into an empty database gives the same graph (real Neo4j)."""

import json

from click.testing import CliRunner

from lineage.cypher import schema
from lineage.loader.files import load_files
from lineage.loader.jsonlexport import export_jsonl
from lineage.ui.cli import cli
from tests.stored import stored_cards

# What says when and by which load a model was seen: it belongs to the load, not the model.
BOOKKEEPING = {"first_seen", "last_seen", "first_snapshot", "last_snapshot"}


def graph_state(graph):
    """Every model with its properties, every card, every lineage edge with its type,
    relation word and cycle flag."""
    rows = graph.adhoc("MATCH (m:Model) RETURN m.key AS key, m {.*, placeholder: m:Placeholder} AS props",
                       max_rows=10**6).rows
    models = {r["key"]: {k: v for k, v in r["props"].items() if k not in BOOKKEEPING}
              for r in rows}
    cards = stored_cards(graph)
    edges = {(r["p"], r["c"], r["t"], r["word"], r["cycle"]) for r in graph.adhoc(
        "MATCH (p:Model)-[e]->(c:Model) RETURN p.key AS p, c.key AS c, type(e) AS t, "
        "e.relation_word AS word, coalesce(e.cycle, false) AS cycle", max_rows=10**6).rows}
    return models, cards, edges


def empty(graph):
    graph.run("admin/clear")
    schema.apply(graph)


def test_real_crawls_export_and_load_back_to_the_same_graph(graph, crawls, tmp_path):
    load_files(graph, sorted(crawls.glob("*.json")), rejects_path=tmp_path / "r1.jsonl")
    before = graph_state(graph)
    exported = export_jsonl(graph, tmp_path / "snapshot.jsonl", batch_size=97)
    models, cards, edges = before
    assert exported.models == len(models) and exported.edges == len(edges)
    assert exported.cards == len(cards) > 0
    assert exported.placeholders == sum(m["placeholder"] for m in models.values()) > 0

    empty(graph)
    summary = load_files(graph, [tmp_path / "snapshot.jsonl"],
                         rejects_path=tmp_path / "r2.jsonl")
    assert summary.kind == "jsonl"
    after = graph_state(graph)
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
    # The Hub's own keys carry nearly everything: few lines need exact properties.
    assert exported.exact <= exported.models // 20
    lines = (tmp_path / "snapshot.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == exported.models and not (tmp_path / "snapshot.jsonl.part").exists()
    first = json.loads(lines[0])
    assert set(first) <= {"_id", "id", "author", "createdAt", "lastModified", "likes", "downloads",
                          "trendingScore", "pipeline_tag", "library_name", "private", "gated",
                          "tags", "cardData", "lineage"}


def family_files(tmp_path):
    """A base, two finetunes and their merge, a 2-cycle, an unknown relation word, a card, a
    licence stated only in card metadata, a parent missing from every file, and (through a
    crawl's children list) a child that is never loaded but has a parent."""
    snapshot = tmp_path / "family.jsonl"
    lines = [
        {"id": "org/base", "createdAt": "2023-05-01T10:00:00.000Z", "likes": 7,
         "tags": ["transformers", "license:apache-2.0", "en"],
         "lineage": {"card": "---\nlicense: apache-2.0\n---\n# Base\nA base model."}},
        {"id": "org/ft-a", "tags": ["base_model:org/base", "base_model:finetune:org/base"],
         "cardData": {"license": "Llama 3.1", "language": ["yue"]}},
        {"id": "org/ft-b", "tags": ["base_model:finetune:ORG/Base"], "gated": "manual"},
        {"id": "org/merged", "tags": ["base_model:merge:org/ft-a", "base_model:merge:org/ft-b"]},
        {"id": "org/loop-a", "tags": ["base_model:finetune:org/loop-b"]},
        {"id": "org/loop-b", "tags": ["base_model:finetune:org/loop-a"]},
        {"id": "org/student", "tags": ["base_model:distill:org/base"], "private": False},
        {"id": "org/orphan", "tags": ["base_model:adapter:elsewhere/Missing"],
         "trendingScore": 1.5},
    ]
    snapshot.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    crawl = tmp_path / "crawl.json"
    crawl.write_text(json.dumps({"models": [{
        "model_id": "org/quant", "depth": 1, "children": "['https://huggingface.co/org/never']",
        "metadata": json.dumps({"id": "org/quant",
                                "tags": ["base_model:quantized:org/merged"]})}]}))
    return [snapshot, crawl]


def test_a_literal_family_round_trips_through_the_commands(graph, cli_env, tmp_path):
    runner = CliRunner()
    load = runner.invoke(cli, ["load", "file", *map(str, family_files(tmp_path)),
                               "--rejects", str(tmp_path / "r1.jsonl")])
    assert load.exit_code == 0, load.output
    before = graph_state(graph)
    models, cards, edges = before
    assert models["elsewhere/missing"]["placeholder"] is True
    assert models["org/never"]["placeholder"] is True
    assert ("org/base", "org/student", "DERIVATIVE", "distill", False) in edges
    assert ("org/loop-a", "org/loop-b", "FINETUNE", None, True) in edges
    assert models["org/ft-a"]["licenses"] == ["llama3.1"]
    assert models["org/ft-a"]["languages"] == ["yue"]

    path = tmp_path / "out.jsonl"
    export = runner.invoke(cli, ["export", "jsonl", str(path)])
    assert export.exit_code == 0, export.output
    assert f"Wrote {len(models)} models (2 placeholders), {len(edges)} edges" in export.output
    lines = {json.loads(line)["id"]: json.loads(line) for line in path.read_text().splitlines()}
    assert lines["org/never"] == {"id": "org/never", "tags": [
        "base_model:org/quant", "base_model:finetune:org/quant"],
        "lineage": {"placeholder": True}}
    assert lines["org/student"]["tags"] == ["base_model:distill:org/base"]
    assert sorted(lines["org/merged"]["tags"]) == [
        "base_model:merge:org/ft-a", "base_model:merge:org/ft-b", "base_model:org/ft-a",
        "base_model:org/ft-b"]
    assert lines["org/base"]["lineage"] == {"card": cards["org/base"][0]}

    empty(graph)
    again = runner.invoke(cli, ["load", "file", str(path), "--rejects",
                                str(tmp_path / "r2.jsonl")])
    assert again.exit_code == 0, again.output
    assert graph_state(graph) == before
    kinds = graph.adhoc("MATCH (s:Snapshot) RETURN s.kind AS kind").rows
    assert kinds == [{"kind": "jsonl"}]


def test_without_cards_the_card_facts_still_travel(graph, tmp_path):
    load_files(graph, family_files(tmp_path), rejects_path=tmp_path / "r.jsonl")
    models, _, edges = graph_state(graph)
    export_jsonl(graph, tmp_path / "out.jsonl", cards=False)
    empty(graph)
    load_files(graph, [tmp_path / "out.jsonl"], rejects_path=tmp_path / "r2.jsonl")
    after_models, after_cards, after_edges = graph_state(graph)
    assert after_models == models and after_edges == edges and after_cards == {}
