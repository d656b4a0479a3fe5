"""Loading the real crawled families and tiny literal families into a real Neo4j."""

import json

import pytest

from lineage.analytics.reads.trees import family_tree
from lineage.cypher.cardstore import CardStore
from lineage.loader.files import load_files


def expected_graph(crawl_json_files):
    """Nodes and edges computed independently from the raw JSON, by the README's rules."""
    nodes, edges = set(), set()
    for path in crawl_json_files:
        for row in json.loads(path.read_text())["models"]:
            child = row["model_id"].strip().lower()
            nodes.add(child)
            metadata = json.loads(row["metadata"])
            typed, bare = set(), set()
            for tag in metadata.get("tags") or []:
                if tag.startswith("base_model:"):
                    parts = tag.split(":")
                    if len(parts) == 3:
                        typed.add((parts[2].lower(), {"finetune": "FINETUNE",
                                                      "adapter": "ADAPTER",
                                                      "quantized": "QUANTIZATION",
                                                      "merge": "MERGE"}[parts[1]]))
                    else:
                        bare.add(parts[1].lower())
            typed_parents = {p for p, _ in typed}
            declared = typed | {(p, "DERIVATIVE") for p in bare - typed_parents}
            for column, kind in (("children", "FINETUNE"), ("adapters", "ADAPTER")):
                for url in json.loads(row.get(column) or "[]") if isinstance(
                        row.get(column), str) else row.get(column) or []:
                    other = url.removeprefix("https://huggingface.co/").lower()
                    nodes.add(other)
                    edges.add((child, other, kind))
            for parent, kind in declared:
                if parent != child:
                    nodes.add(parent)
                    edges.add((parent, child, kind))
    return nodes, edges


def graph_contents(graph):
    nodes = {r["key"] for r in graph.adhoc("MATCH (m:Model) RETURN m.key AS key",
                                           max_rows=10**6).rows}
    edges = {(r["p"], r["c"], r["t"]) for r in graph.adhoc(
        "MATCH (p:Model)-[r]->(c:Model) RETURN p.key AS p, c.key AS c, type(r) AS t",
        max_rows=10**6).rows}
    return nodes, edges


def test_real_crawls_load_with_the_counts_the_files_give(graph, crawls, tmp_path):
    files = sorted(crawls.glob("*.json"))
    summary = load_files(graph, files, rejects_path=tmp_path / "rejects.jsonl")
    nodes, edges = graph_contents(graph)
    want_nodes, want_edges = expected_graph(files)
    assert nodes == want_nodes
    assert edges == want_edges
    assert summary.rows == sum(len(json.loads(f.read_text())["models"]) for f in files)
    assert summary.models_new == summary.rows
    assert summary.placeholders_total == len(want_nodes) - summary.rows
    assert summary.edges_new == len(want_edges)


def test_csv_and_json_crawls_give_the_same_graph(graph, crawls, tmp_path):
    load_files(graph, sorted(crawls.glob("*.csv")), rejects_path=tmp_path / "r1.jsonl")
    from_csv = graph_contents(graph)
    want = expected_graph(sorted(crawls.glob("*.json")))
    assert from_csv == want


def test_loading_twice_changes_no_count(graph, crawls, tmp_path):
    files = sorted(crawls.glob("*.csv"))
    load_files(graph, files, rejects_path=tmp_path / "r1.jsonl")
    first = graph_contents(graph)
    again = load_files(graph, files, rejects_path=tmp_path / "r2.jsonl")
    assert graph_contents(graph) == first
    assert again.models_new == 0 and again.edges_new == 0 and again.placeholders_created == 0
    assert again.models_updated == again.rows


def test_model_properties_and_cards_are_stored(graph, crawls, tmp_path):
    load_files(graph, [crawls / "DeepSeek-R1_finetunes_20250416_231338.csv",
                       crawls / "gpt-neox-20b_finetunes_20250407_212140.csv"],
               rejects_path=tmp_path / "r.jsonl")
    neox = graph.run("models/get", id="eleutherai/GPT-NEOX-20B")[0]["model"]
    assert neox["id"] == "EleutherAI/gpt-neox-20b"
    assert neox["licenses"] == ["apache-2.0"] and neox["languages"] == ["en"]
    assert neox["library_name"] == "transformers" and neox["likes"] == 558
    assert neox["created_at"].year == 2022 and neox["placeholder"] is False
    r1 = graph.run("models/get", id="deepseek-ai/DeepSeek-R1")[0]["model"]
    assert r1["has_card"] is True and r1["card_length"] > 1000
    assert len(r1["card_excerpt"]) == 512
    text = CardStore.of(graph).text("deepseek-ai/deepseek-r1")
    assert len(text) == r1["card_length"] and text.startswith(r1["card_excerpt"])
    # Model facts, as read by hand from the files: neox's config and safetensors count; R1's
    # card names 14 other models (its slim metadata has no config).
    assert (neox["architecture"], neox["model_type"], neox["parameters"]) == (
        "GPTNeoXForCausalLM", "gpt_neox", 20_739_117_584)
    assert not {"chat_template_hash", "quant_method", "quant_bits", "card_mentions",
                "card_mention_count"} & set(neox)
    assert r1["card_mention_count"] == 14 and len(r1["card_mentions"]) == 14
    assert r1["card_mentions"][0] == "deepseek-ai/DeepSeek-R1-Zero"
    assert not {"architecture", "parameters"} & set(r1)
    gguf = graph.run("models/get", id="mradermacher/DeepSeek-R1-GGUF")[0]["model"]
    assert gguf["card_mentions"] == ["deepseek-ai/DeepSeek-R1", "mradermacher/DeepSeek-R1-i1-GGUF",
                                     "TheBloke/KafkaLM-70B-German-V0.1-GGUF",
                                     "mradermacher/model_requests"]
    plain = graph.run("models/get", id="harshw030/sameeraAI")[0]["model"]
    assert plain["card_mention_count"] == 0 and "card_mentions" not in plain
    # Models sharing an architecture (Mahler60/Prueba's config names its own repository).
    same = graph.adhoc("MATCH (m:Model {architecture: 'GPTNeoXForCausalLM'}) "
                       "RETURN m.id AS id ORDER BY id").rows
    assert [r["id"] for r in same] == ["EleutherAI/gpt-neox-20b", "OpenVINO/gpt-neox-20b-fp16-ov"]


def write_family(path, rows):
    path.write_text(json.dumps({"models": [
        {"model_id": model_id, "metadata": json.dumps({"id": model_id, "tags": tags,
                                                       "downloads": downloads}),
         "depth": 0, "children": "[]"}
        for model_id, tags, downloads in rows]}))
    return path


@pytest.fixture
def literal_family(tmp_path):
    """A base, two finetunes, a merge of both, a quantization, a 2-cycle, a 3-cycle, a model
    naming itself, and a parent that is not in the file."""
    return write_family(tmp_path / "family.json", [
        ("org/base", [], 100),
        ("org/ft-a", ["base_model:org/base", "base_model:finetune:org/base"], 50),
        ("org/ft-b", ["base_model:finetune:ORG/Base"], 40),
        ("org/merged", ["base_model:merge:org/ft-a", "base_model:merge:org/ft-b"], 30),
        ("org/quant", ["base_model:quantized:https://huggingface.co/org/merged"], 20),
        ("org/loop-a", ["base_model:finetune:org/loop-b"], 1),
        ("org/loop-b", ["base_model:finetune:org/loop-a"], 1),
        ("org/tri-a", ["base_model:finetune:org/tri-c"], 1),
        ("org/tri-b", ["base_model:finetune:org/tri-a"], 1),
        ("org/tri-c", ["base_model:finetune:org/tri-b"], 1),
        ("org/selfish", ["base_model:finetune:org/selfish"], 1),
        ("org/orphan", ["base_model:adapter:elsewhere/missing"], 1),
    ])


def test_literal_family_edges_placeholders_and_cycles(graph, literal_family, tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    summary = load_files(graph, [literal_family], rejects_path=rejects)
    nodes, edges = graph_contents(graph)
    assert ("org/base", "org/ft-a", "FINETUNE") in edges
    assert ("org/base", "org/ft-a", "DERIVATIVE") not in edges
    assert {("org/ft-a", "org/merged", "MERGE"), ("org/ft-b", "org/merged", "MERGE"),
            ("org/merged", "org/quant", "QUANTIZATION"),
            ("elsewhere/missing", "org/orphan", "ADAPTER")} <= edges
    assert not any(p == c for p, c, _ in edges)
    missing = graph.run("models/get", id="elsewhere/missing")[0]["model"]
    assert missing["placeholder"] is True
    assert summary.placeholders_total == 1 and summary.cycles == 2
    flagged = {(r["p"], r["c"]) for r in graph.adhoc(
        "MATCH (p)-[r {cycle: true}]->(c) RETURN p.key AS p, c.key AS c").rows}
    assert flagged == {("org/loop-a", "org/loop-b"), ("org/loop-b", "org/loop-a"),
                       ("org/tri-a", "org/tri-b"), ("org/tri-b", "org/tri-c"),
                       ("org/tri-c", "org/tri-a")}
    reported = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert {r["reason"] for r in reported} >= {"model names itself as its parent"}
    assert sum(r["kind"] == "cycle" for r in reported) == 2
    assert graph.run("models/get", id="org/selfish")[0]["model"]["placeholder"] is False


def test_a_placeholder_becomes_the_real_model_when_it_arrives(graph, tmp_path):
    write_family(tmp_path / "child.json", [("org/child", ["base_model:finetune:Org/Parent"], 1)])
    write_family(tmp_path / "parent.json", [("ORG/parent", [], 7)])
    load_files(graph, [tmp_path / "child.json"], rejects_path=tmp_path / "r.jsonl")
    assert graph.run("models/get", id="org/parent")[0]["model"]["placeholder"] is True
    summary = load_files(graph, [tmp_path / "parent.json"], rejects_path=tmp_path / "r.jsonl")
    assert summary.placeholders_resolved == 1
    rows = graph.adhoc("MATCH (m:Model) WHERE m.key = 'org/parent' RETURN m.id AS id, "
                       "m:Placeholder AS placeholder, m.downloads AS downloads").rows
    assert rows == [{"id": "ORG/parent", "placeholder": False, "downloads": 7}]


def test_family_tree_walk_terminates_on_cycles_and_bounds_size(graph, literal_family, tmp_path):
    load_files(graph, [literal_family], rejects_path=tmp_path / "r.jsonl")
    loop = family_tree(graph, "org/loop-a", up=40, down=40)
    assert set(loop.nodes) == {"org/loop-a", "org/loop-b"}
    tree = family_tree(graph, "org/merged", up=5, down=5)
    assert {p["id"] for p in tree.parents} == {"org/ft-a", "org/ft-b"}
    assert [c["id"] for c in tree.children] == ["org/quant"]
    assert tree.levels["org/base"] == -2
    small = family_tree(graph, "org/base", up=0, down=5, max_nodes=2)
    assert len(small.nodes) == 2


def test_duplicate_ids_in_one_load_are_rejected_after_the_first(graph, tmp_path):
    write_family(tmp_path / "dups.json", [("org/x", [], 1), ("ORG/X", [], 2)])
    summary = load_files(graph, [tmp_path / "dups.json"], rejects_path=tmp_path / "r.jsonl")
    assert summary.rejects_by_reason == {"duplicate model id in this load (first row kept)": 1}
    assert graph.run("models/get", id="org/x")[0]["model"]["downloads"] == 1
