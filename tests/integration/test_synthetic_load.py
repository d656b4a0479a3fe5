"""A synthetic ecosystem loaded into a real Neo4j through the dataset reader: nothing is
rejected but the planted bad rows, and the graph holds what the file declares."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from lineage.loader.synthetic import generate, load_synthetic
from lineage.loader.synthetic.fileframes import read_frames
from lineage.loader.synthetic.truth import SELF_REFERENCE_REASON, read_truth
from lineage.relations import TYPES

CYCLE_REASON = "lineage cycle: edges kept and flagged cycle = true"


def counts(graph):
    models = graph.adhoc(
        "MATCH (m:Model) RETURN count(m) AS models, "
        "count(CASE WHEN m:Placeholder THEN 1 END) AS placeholders, "
        "count(CASE WHEN m.synthetic THEN 1 END) AS synthetic").rows[0]
    edges = {r["type"]: r["n"] for r in graph.adhoc(
        "MATCH (:Model)-[r]->(:Model) RETURN type(r) AS type, count(r) AS n").rows}
    return models, edges


def test_a_synthetic_ecosystem_loads_with_only_the_planted_rejects(graph, tmp_path):
    kept = tmp_path / "eco.parquet"
    summary, generated = load_synthetic(graph, 3_000, 5, rejects_path=tmp_path / "rejects.jsonl",
                                        keep=kept, batch_size=1_000)
    truth = generated.truth
    planted = truth["planted"]
    assert read_truth(kept) == truth
    assert summary.rows == truth["models"] == 3_000
    assert summary.rejects_by_reason == {SELF_REFERENCE_REASON: planted["self_references"]["count"],
                                         CYCLE_REASON: planted["cycles"]["count"]}
    assert summary.cycles == planted["cycles"]["count"]
    models, edges = counts(graph)
    assert models == {"models": 3_000 + planted["missing_parents"]["count"],
                      "placeholders": planted["missing_parents"]["count"], "synthetic": 3_000}
    assert edges == {TYPES[label]: n for label, n in truth["edges"].items()
                     if label != "total" and n}
    rejected = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert sorted(r["model_id"] for r in rejected if r["kind"] == "edge") == sorted(
        planted["self_references"]["models"])
    snapshot = graph.adhoc("MATCH (s:Snapshot) RETURN s.kind AS kind, s.source AS source").rows
    assert snapshot == [{"kind": "synthetic", "source": "synthetic: models=3000 seed=5"}]
    flagged = graph.adhoc("MATCH ()-[r {cycle: true}]->() RETURN count(r) AS n").rows[0]["n"]
    assert flagged == sum(len(cycle) for cycle in planted["cycles"]["members"])


def test_loading_the_same_ecosystem_twice_changes_no_count(graph, tmp_path):
    load_synthetic(graph, 1_500, 9, rejects_path=tmp_path / "first.jsonl")
    first = counts(graph)
    summary, _ = load_synthetic(graph, 1_500, 9, rejects_path=tmp_path / "second.jsonl")
    assert counts(graph) == first
    assert summary.models_new == 0 and summary.edges_new == 0


def test_the_command_line_generates_and_loads(cli_env, graph, tmp_path):
    env = {**os.environ, "LINEAGE_QUERY_TIMEOUT": "120"}
    result = subprocess.run(
        [sys.executable, "-m", "lineage.ui", "load", "synthetic", "--models", "1000", "--seed",
         "3", "--rejects", str(tmp_path / "rejects.jsonl")],
        env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Planted:" in result.stderr and "models new" in result.stderr
    models, _ = counts(graph)
    assert models["synthetic"] == 1_000
    misuse = subprocess.run([sys.executable, "-m", "lineage.ui", "load", "synthetic"], env=env,
                            capture_output=True, text=True)
    assert misuse.returncode == 2 and "--models" in misuse.stderr


def marked_files(tmp_path):
    """A generated CSV and a generated Parquet file under names that do not say synthetic, and a
    file of real-shaped rows (no marker, one lineage declared only in tags); the synthetic ids."""
    from tests.unit.test_dataset_reader import write_rows

    first = generate(tmp_path / "gen-a.csv", 1_000, seed=3, with_cards=False).path
    second = generate(tmp_path / "gen-b.parquet", 1_000, seed=4, with_cards=False).path
    paths = [first.rename(tmp_path / "hub-models.csv"),
             second.rename(tmp_path / "modelbiome.parquet"),
             write_rows(tmp_path / "real.csv", [
                 {"model_id": "org/base"},
                 {"model_id": "org/distilled", "tags": "['base_model:distill:org/base']"}])]
    ids = {i.lower() for path in paths[:2]
           for i in read_frames(path).models["model"]}
    return paths, ids


def marking(graph):
    rows = graph.adhoc("MATCH (m:Model) WHERE NOT m:Placeholder "
                       "RETURN m.key AS key, coalesce(m.synthetic, false) AS synthetic",
                       max_rows=10**6).rows
    word = graph.adhoc("MATCH (:Model {key: 'org/base'})-[r:DERIVATIVE]->"
                       "(:Model {key: 'org/distilled'}) RETURN r.relation_word AS word, "
                       "r.source AS source").rows
    return ({r["key"] for r in rows if r["synthetic"]},
            {r["key"] for r in rows if not r["synthetic"]}, word)


def test_generated_files_are_marked_through_load_file(graph, cli_env, tmp_path):
    paths, ids = marked_files(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "lineage.ui", "load", "file", *map(str, paths),
         "--rejects", str(tmp_path / "rejects.jsonl")],
        env={**os.environ}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    synthetic, real, word = marking(graph)
    assert synthetic == ids
    assert real == {"org/base", "org/distilled"}
    assert word == [{"word": "distill", "source": "tag"}]
    assert graph.run("stats/graph")[0]["synthetic"] is True
