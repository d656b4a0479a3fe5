"""The offline importer builds exactly the graph the online loader builds."""

import pytest

from lineage.analytics.jobs.compute import compute
from lineage.cypher.client import Graph
from lineage.errors import UsageError
from lineage.loader.files import load_files
from lineage.loader.offline import import_files
from lineage.localneo4j.server import LocalServer
from tests.conftest import free_port, test_settings
from tests.integration.test_crawl_load import expected_graph
from tests.stored import stored_cards

VOLATILE = {"first_seen", "last_seen", "first_snapshot", "last_snapshot"}


def measured_by_compute(graph):
    """``lineage compute`` on an imported graph: the measures the import stored are those it
    computes, so it changes no model."""
    summary = compute(graph)
    assert summary.models_changed == summary.singletons_changed == 0
    assert summary.models > 0


def new_server(tmp_path):
    """A local server with a database folder of its own, stopped, ready for an import."""
    server = LocalServer(test_settings(tmp_path / "home", free_port()))
    server.start()
    server.stop()
    return server


def loaded_online(graph, files, tmp_path):
    """The files loaded online and computed: the graph an import must equal."""
    summary = load_files(graph, files, rejects_path=tmp_path / "online.jsonl")
    compute(graph)
    return summary, contents(graph)


def contents(graph):
    nodes = {r["key"]: {k: v for k, v in r["p"].items() if k not in VOLATILE}
             for r in graph.adhoc("MATCH (m:Model) RETURN m.key AS key, m {.*, placeholder: m:Placeholder} AS p",
                                  max_rows=10**6).rows}
    edges = {(r["p"], r["c"], r["t"], r["source"], r["word"], r["cycle"]) for r in graph.adhoc(
        "MATCH (p:Model)-[r]->(c:Model) RETURN p.key AS p, c.key AS c, type(r) AS t, "
        "r.source AS source, r.relation_word AS word, coalesce(r.cycle, false) AS cycle",
        max_rows=10**6).rows}
    cards = {key: text for key, (text, _) in stored_cards(graph).items()}
    return nodes, edges, cards


def test_import_matches_the_online_load(graph, crawls, tmp_path):
    from tests.integration.test_crawl_load import write_family

    family = write_family(tmp_path / "family.json", [
        ("org/base", [], 1), ("org/ft", ["base_model:org/base", "base_model:finetune:org/base"], 2),
        ("org/a", ["base_model:finetune:org/b"], 1), ("org/b", ["base_model:finetune:org/a"], 1),
        ("org/odd", ["base_model:distill:org/base"], 1)])
    files = sorted(crawls.glob("*.json")) + [family]
    _, online = loaded_online(graph, files, tmp_path)

    server = new_server(tmp_path)
    try:
        with pytest.raises(UsageError, match="pass --yes"):
            import_files(server, files, rejects_path=tmp_path / "offline.jsonl")
        summary = import_files(server, files, rejects_path=tmp_path / "offline.jsonl",
                               replace=True)
        assert server.status().running
        with Graph.connect(server.settings) as offline_graph:
            offline = contents(offline_graph)
            kinds = offline_graph.adhoc("MATCH (s:Snapshot) RETURN s.status AS status, "
                                        "s.method AS method").rows
            measured_by_compute(offline_graph)
        assert summary.cycles == 1
        assert kinds == [{"status": "complete", "method": "import"}]
        with pytest.raises(UsageError, match="server stopped"):
            import_files(server, files, rejects_path=tmp_path / "again.jsonl", replace=True)
    finally:
        server.stop()

    assert offline[0] == online[0]
    assert offline[1] == online[1]
    assert offline[2] == online[2]
    nodes, edges = expected_graph(sorted(crawls.glob("*.json")))
    assert nodes <= set(offline[0])
    assert edges <= {(p, c, t) for p, c, t, *_ in offline[1]}


def test_import_marks_generated_files_and_only_them(tmp_path):
    from tests.integration.test_synthetic_load import marked_files, marking

    paths, ids = marked_files(tmp_path)
    server = new_server(tmp_path)
    try:
        import_files(server, paths, rejects_path=tmp_path / "rejects.jsonl", replace=True)
        with Graph.connect(server.settings) as graph:
            synthetic, real, word = marking(graph)
            stats = graph.run("stats/graph")[0]
    finally:
        server.stop()
    assert synthetic == ids
    assert real == {"org/base", "org/distilled"}
    assert word == [{"word": "distill", "source": "tag"}]
    assert stats["synthetic"] is True


def card_nodes(graph):
    return stored_cards(graph)


def test_cards_import_offline_as_they_load_online_and_are_searchable(graph, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from lineage.analytics.reads.search import search_cards
    from lineage.loader.cardfacts import CARD_TEXT_LIMIT
    from lineage.loader.synthetic import generate
    from tests.integration.test_card_search import contains_phrase

    path = generate(tmp_path / "cards.parquet", 1000, seed=5).path
    table = pq.read_table(path)
    texts = table.column("modelCard").to_pylist()
    # The edges of the README's card rules: over the size limit (stored cut, counted), empty
    # and blank (no card), only front matter (a card).
    texts[:4] = ["Distilled from a teacher. " * (CARD_TEXT_LIMIT // 20), "", " \n\t",
                 "---\nlicense: mit\n---\n"]
    table = table.set_column(table.schema.get_field_index("modelCard"), "modelCard",
                             pa.array(texts, pa.string()))
    pq.write_table(table, path)
    ids = table.column("model_id").to_pylist()

    online_summary, online = loaded_online(graph, [path], tmp_path)
    online_cards = card_nodes(graph)
    phrases = ("distilled from", "trained on", "learning rate", "not suitable for", "quantized")
    online_found = {p: {r["id"] for r in search_cards(graph, p, limit=1000)} for p in phrases}

    server = new_server(tmp_path)
    try:
        summary = import_files(server, [path], rejects_path=tmp_path / "offline.jsonl",
                               replace=True)
        with Graph.connect(server.settings) as offline_graph:
            offline, offline_cards = contents(offline_graph), card_nodes(offline_graph)
            found = {p: {r["id"] for r in search_cards(offline_graph, p, limit=1000)}
                     for p in phrases}
            counted = offline_graph.adhoc("MATCH (s:Snapshot) RETURN s.cards AS n").rows
            measured_by_compute(offline_graph)
    finally:
        server.stop()

    assert offline == online
    assert offline_cards == online_cards
    stored = {k for k, t in zip(ids, texts) if t and t.strip()}
    assert set(offline_cards) == {k.lower() for k in stored}
    assert [k for k, (_, cut) in offline_cards.items() if cut] == [ids[0].lower()]
    assert len(offline_cards[ids[0].lower()][0]) == CARD_TEXT_LIMIT
    assert offline[0][ids[0].lower()]["card_length"] == len(texts[0])
    assert offline[0][ids[3].lower()]["has_card"] is True
    assert not {offline[0][ids[i].lower()]["has_card"] for i in (1, 2)} - {False}
    assert summary.cards == online_summary.cards == len(stored) == counted[0]["n"]
    assert summary.rejects_by_reason == online_summary.rejects_by_reason
    assert any("card longer than" in reason for reason in summary.rejects_by_reason)
    for phrase in phrases:
        expected = {i for i, t in zip(ids, texts)
                    if t and t.strip() and contains_phrase(t[:CARD_TEXT_LIMIT], phrase)}
        assert expected and found[phrase] == online_found[phrase] == expected, phrase


def test_import_stores_the_measures_compute_stores(graph, tmp_path):
    """Merges, cycles (of two and three), a model naming itself, a placeholder, an untyped
    edge beside a typed one, missing and equal creation times, sub-millisecond times and a
    time without an offset: the import's measures equal what ``lineage compute`` stores after
    the online load, and compute after the import changes nothing."""
    import json

    rows = [
        ("org/base", [], 100, "2024-01-01T00:00:00.000Z"),
        ("org/ft-a", ["base_model:org/base", "base_model:finetune:org/base"], 50,
         "2024-01-05T00:00:00.000Z"),
        ("org/ft-b", ["base_model:finetune:ORG/Base"], 40, "2024-01-05T00:00:00.000Z"),
        ("org/ft-c", ["base_model:finetune:org/base"], 7, "2024-01-05T00:00:00.0019Z"),
        ("org/late", ["base_model:finetune:org/base"], 3, "2024-09-01T00:00:00Z"),
        ("org/merged", ["base_model:merge:org/ft-a", "base_model:merge:org/ft-b"], 30,
         "2024-01-20T10:00:00.123456Z"),
        ("org/quant", ["base_model:quantized:org/merged"], 20, "2024-01-21T10:00:00"),
        ("org/undated", ["base_model:adapter:org/ft-a"], 2, None),
        ("org/loop-a", ["base_model:finetune:org/loop-b"], 1, "2024-02-01T00:00:00Z"),
        ("org/loop-b", ["base_model:finetune:org/loop-a"], 1, "2024-02-02T00:00:00Z"),
        ("org/tri-a", ["base_model:finetune:org/tri-c"], 1, "2024-02-01T00:00:00Z"),
        ("org/tri-b", ["base_model:finetune:org/tri-a"], 1, "2024-02-01T00:00:00Z"),
        ("org/tri-c", ["base_model:finetune:org/tri-b"], 1, "2024-02-01T00:00:00Z"),
        ("org/selfish", ["base_model:finetune:org/selfish"], 1, "2024-03-01T00:00:00Z"),
        ("org/orphan", ["base_model:adapter:elsewhere/missing"], 1, "2024-03-01T00:00:00Z"),
        ("org/alone", [], 0, "2024-03-01T00:00:00Z"),
    ]
    path = tmp_path / "family.json"
    path.write_text(json.dumps({"models": [
        {"model_id": model_id, "depth": 0, "children": "[]",
         "metadata": json.dumps({"id": model_id, "tags": tags, "downloads": downloads,
                                 **({"createdAt": created} if created else {})})}
        for model_id, tags, downloads, created in rows]}))
    _, online = loaded_online(graph, [path], tmp_path)

    server = new_server(tmp_path)
    try:
        import_files(server, [path], rejects_path=tmp_path / "offline.jsonl", replace=True)
        with Graph.connect(server.settings) as offline_graph:
            offline = contents(offline_graph)
            measured_by_compute(offline_graph)
    finally:
        server.stop()
    assert offline[0] == online[0]
    nodes = offline[0]
    # Hand-worked: the merge sits two generations below the base, the quantization three.
    assert nodes["org/merged"]["generation"] == 2 and nodes["org/quant"]["generation"] == 3
    assert nodes["org/base"]["descendants"] == 7
    assert nodes["org/base"]["children_finetune"] == 4
    assert nodes["org/alone"]["family"] == "org/alone" and nodes["org/alone"]["family_size"] == 1
    assert nodes["elsewhere/missing"]["placeholder"] is True
    assert nodes["elsewhere/missing"]["family"] == "elsewhere/missing"
    assert "mdi" not in nodes["org/undated"] and "mdi" not in nodes["org/base"]
    # ft-a, made 2024-01-05: in its window the merge derives from it alone (n_i = 1); of the
    # base's other children ft-b is as old (not later), ft-c 1.9 ms later counts as 1 ms
    # later (n_k = 1), org/late is outside the 90 days and org/undated has no time.
    assert (nodes["org/ft-a"]["mdi_n_i"], nodes["org/ft-a"]["mdi_n_j"],
            nodes["org/ft-a"]["mdi_n_k"]) == (1, 0, 1)
    assert nodes["org/ft-a"]["mdi"] == 0.5
