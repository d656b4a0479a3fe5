"""A first load defers the indexes it does not read and always leaves them in place; a load
killed half-way and run again finishes the job with no duplicates and nothing missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from lineage.cypher import schema
from lineage.cypher.client import Graph
from lineage.loader.files import load_files
from lineage.loader.ingest import Ingest
from lineage.loader.synthetic import generate
from tests.stored import stored_cards


def indexes(graph: Graph) -> dict[str, str]:
    """Every index and constraint-backing index by name, with its state."""
    return {row["name"]: row["state"]
            for row in graph.adhoc("SHOW INDEXES YIELD name, state").rows}


def every_schema_name() -> set[str]:
    return {name for _, name in schema.deferrable()} | schema.WRITE_PATH


def shape(graph: Graph) -> dict:
    """What a load leaves: models, placeholders, edges by type, cards, flagged cycles."""
    row = graph.adhoc(
        "MATCH (m:Model) RETURN count(m) AS models, "
        "count(CASE WHEN m:Placeholder THEN 1 END) AS placeholders, "
        "count(DISTINCT m.id) AS ids").rows[0]
    row["edges"] = {r["type"]: r["n"] for r in graph.adhoc(
        "MATCH (:Model)-[r]->(:Model) RETURN type(r) AS type, count(r) AS n").rows}
    row["flagged"] = graph.adhoc(
        "MATCH ()-[r {cycle: true}]->() RETURN count(r) AS n").rows[0]["n"]
    row["cards"] = len(stored_cards(graph))
    return row


@pytest.fixture(scope="module")
def ecosystem(tmp_path_factory):
    path = tmp_path_factory.mktemp("eco") / "eco.parquet"
    generate(path, 20_000, 3)
    return path


def test_a_first_load_defers_its_indexes_and_ends_with_all_online(graph, ecosystem, tmp_path):
    during = {}

    def on_phase(text: str) -> None:
        during.setdefault(text.split(":")[0], set(indexes(graph)))

    summary = load_files(graph, [ecosystem], rejects_path=tmp_path / "r.jsonl",
                         on_phase=on_phase)
    assert not during["Empty graph"] & {name for _, name in schema.deferrable()}
    assert schema.WRITE_PATH <= during["Empty graph"]
    after = indexes(graph)
    assert every_schema_name() <= set(after)
    assert set(after.values()) == {"ONLINE"}
    assert summary.seconds_indexes > 0

    said = []
    again = load_files(graph, [ecosystem], rejects_path=tmp_path / "r2.jsonl", on_phase=said.append)
    assert not any(text.startswith("Empty graph") for text in said)
    assert again.models_new == 0 and again.seconds_indexes == 0


def test_a_failed_first_load_leaves_the_indexes_in_place(graph, tmp_path):
    with pytest.raises(RuntimeError):
        with Ingest(graph, source="test", kind="file", rejects_path=tmp_path / "r.jsonl"):
            assert not set(indexes(graph)) & {name for _, name in schema.deferrable()}
            raise RuntimeError("the load broke")
    graph.run("schema/await_indexes")
    assert every_schema_name() <= set(indexes(graph))


def test_apply_brings_back_an_index_dropped_by_a_killed_load(graph):
    graph.run_statements("test/drop", ["DROP INDEX model_pipeline_tag"])
    schema.apply(graph)
    assert indexes(graph)["model_pipeline_tag"] == "ONLINE"


def test_a_load_killed_half_way_and_run_again_finishes_the_job(graph, cli_env, ecosystem,
                                                               tmp_path):
    load_files(graph, [ecosystem], rejects_path=tmp_path / "clean.jsonl")
    truth = shape(graph)
    graph.run("admin/clear")
    schema.apply(graph)

    command = [sys.executable, "-m", "lineage.ui", "load", "file", str(ecosystem),
               "--batch-size", "1000", "--rejects", str(tmp_path / "killed.jsonl")]
    load = subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    written = 0
    while time.monotonic() < deadline and load.poll() is None:
        written = graph.adhoc("MATCH (m:Model) RETURN count(m) AS n").rows[0]["n"]
        if written >= 4_000:
            break
        time.sleep(0.05)
    assert load.poll() is None, "the load ended before it could be killed: " + \
        load.stderr.read().decode()
    load.send_signal(signal.SIGKILL)
    load.wait()
    assert 0 < graph.adhoc("MATCH (m:Model) RETURN count(m) AS n").rows[0]["n"] < truth["models"]

    rerun = subprocess.run(command, env=os.environ.copy(), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert shape(graph) == truth
    after = indexes(graph)
    assert every_schema_name() <= set(after) and set(after.values()) == {"ONLINE"}
