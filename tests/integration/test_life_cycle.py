"""The graph stays current (real Neo4j): three snapshots of one ecosystem loaded in order give
the graph a clean load of the last one gives, for everything current, and the change log holds
exactly the changes between them; loading a snapshot twice records nothing; a killed load run
again gives the same graph and log; partial sources never remove.

The snapshots and the changes between them are written out by hand below, so the expected log
is an independent statement of what changed, not a second run of the loader's comparisons.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from lineage.analytics.jobs.compute import compute
from lineage.analytics.reads.lookup import find_model
from lineage.cypher import schema
from lineage.cypher.graphmodel import MEASURE_PROPERTIES
from lineage.loader.files import load_files
from lineage.relations import Relation


def model(name, *, oid, parents=(), license="apache-2.0", task="text-generation", gated=None,
          card=None, modified="2025-01-01T00:00:00.000Z"):
    """One Hub model object: ``parents`` as (relation word, parent name)."""
    tags = ["transformers", f"license:{license}"]
    for word, parent in parents:
        tags += [f"base_model:org/{parent}", f"base_model:{word}:org/{parent}"]
    value = {"_id": oid, "id": f"org/{name}", "author": "org", "pipeline_tag": task,
             "library_name": "transformers", "createdAt": "2024-06-01T00:00:00.000Z",
             "lastModified": modified, "tags": tags}
    if gated is not None:
        value["gated"] = gated
    if card is not None:
        value["lineage"] = {"card": card}
    return value


def first_snapshot():
    return {
        "a": model("a", oid="0a"),
        "b": model("b", oid="0b", parents=[("finetune", "a")]),
        "c": model("c", oid="0c", parents=[("finetune", "a")]),
        "d": model("d", oid="0d", parents=[("quantized", "b")]),
        "e": model("e", oid="0e", parents=[("adapter", "c")]),
        "f": model("f", oid="0f", license="mit"),
        "g": model("g", oid="10", parents=[("finetune", "f")], card="# G\n\nshort"),
        "h": model("h", oid="11", parents=[("finetune", "a")]),
        "i": model("i", oid="12", parents=[("finetune", "f")]),
        "j": model("j", oid="13", parents=[("finetune", "i")]),
        "m1": model("m1", oid="14", parents=[("merge", "b"), ("merge", "g")]),
    }


def second_snapshot():
    s = first_snapshot()
    del s["h"], s["i"]                                         # h leaves (returns in 3), i gone
    s["c2"] = model("c2", oid="0c", parents=[("finetune", "a")])      # c renamed to c2
    del s["c"]
    s["d"] = model("d", oid="0d", parents=[("quantized", "c2")])      # d re-parented
    s["b"] = model("b", oid="0b", parents=[("finetune", "a")], license="mit")
    s["f"] = model("f", oid="0f", license="mit", gated="manual")
    s["g"] = model("g", oid="10", parents=[("finetune", "f")], card="# G\n\nmuch longer now")
    s["k"] = model("k", oid="15", parents=[("finetune", "b")])
    s["l"] = model("l", oid="16")
    return s


def third_snapshot():
    s = second_snapshot()
    s["h"] = model("h", oid="11", parents=[("finetune", "a")])       # h returns
    s["e"] = model("e", oid="0e", parents=[("adapter", "c2")])       # names c by its new id
    s["k"] = model("k", oid="15", parents=[("finetune", "b")], task="text-classification")
    s["g"] = model("g", oid="10", card="# G\n\nmuch longer now")     # g drops its parent
    s["n"] = model("n", oid="17", parents=[("finetune", "c2"), ("finetune", "b")])
    return s


#: Exactly what changed from the first snapshot to the second, and to the third:
#: (model, kind, before, after, relation).
SECOND = {
    ("org/k", "added", None, None, None), ("org/l", "added", None, None, None),
    ("org/h", "removed", None, None, None), ("org/i", "removed", None, None, None),
    ("org/c2", "renamed", "org/c", "org/c2", None),
    ("org/d", "parent_ended", "org/b", None, "quantization"),
    ("org/d", "parent_added", None, "org/c2", "quantization"),
    ("org/b", "license", ("apache-2.0",), ("mit",), None),
    ("org/f", "gated", None, "manual", None),
    ("org/g", "card", len("# G\n\nshort"), len("# G\n\nmuch longer now"), None),
}
THIRD = {
    ("org/h", "returned", None, None, None),
    ("org/k", "task", "text-generation", "text-classification", None),
    ("org/g", "parent_ended", "org/f", None, "finetune"),
    ("org/n", "added", None, None, None),
}


def write(path, snapshot):
    path.write_text("".join(json.dumps(v) + "\n" for v in snapshot.values()), encoding="utf-8")
    return path


@pytest.fixture
def snapshots(tmp_path):
    return [write(tmp_path / f"s{n}.jsonl", make()) for n, make in
            enumerate((first_snapshot, second_snapshot, third_snapshot), 1)]


def load(graph, path, tmp_path, complete=True):
    return load_files(graph, [path], rejects_path=tmp_path / f"rejects-{path.stem}.jsonl",
                      complete=complete)


def logged(graph):
    """Every recorded change as (model, kind, before, after, relation), lists as tuples."""
    def plain(value):
        return tuple(value) if isinstance(value, list) else value
    rows = graph.adhoc("MATCH (c:Change) RETURN c.model_id AS model, c.kind AS kind, "
                       "c.before AS before, c.after AS after, c.relation AS relation",
                       max_rows=10**6).rows
    found = [(r["model"], r["kind"], plain(r["before"]), plain(r["after"]), r["relation"])
             for r in rows]
    assert len(found) == len(set(found)), "a change recorded twice"
    return set(found)


def current(graph):
    """What a clean load would also hold: models current or referenced, their facts, the
    followed edges, and the measures `lineage compute` stores."""
    compute(graph, window_days=90)
    bookkeeping = {"first_seen", "last_seen", "first_snapshot", "last_snapshot", "object_id",
                   "declared_parents", "parents_statement"}
    rows = graph.adhoc(
        "MATCH (m:Model) WHERE NOT m:Removed OR EXISTS { (m)-[e]->(:Model) WHERE type(e) IN "
        "$types } RETURN m.key AS key, m:Placeholder OR m:Removed AS stand_in, "
        "properties(m) AS props", params={"types": Relation.types()}, max_rows=10**6).rows
    models = {}
    for r in rows:
        props = {k: v for k, v in r["props"].items() if k not in bookkeeping}
        if r["stand_in"]:  # a placeholder, or a removed model a current child still names
            props = {k: props.get(k) for k in ("id", *MEASURE_PROPERTIES)}
        models[r["key"]] = (r["stand_in"], props)
    edges = {(r["p"], r["c"], r["t"]) for r in graph.adhoc(
        "MATCH (p:Model)-[e]->(c:Model) WHERE type(e) IN $types "
        "RETURN p.key AS p, c.key AS c, type(e) AS t", params={"types": Relation.types()},
        max_rows=10**6).rows}
    return models, edges


def test_three_snapshots_in_order_equal_a_clean_load_of_the_last_and_log_every_change(
        graph, snapshots, tmp_path):
    first, second, third = snapshots
    baseline = load(graph, first, tmp_path)
    assert sum(baseline.changes.values()) == 0  # the first load is the baseline
    two = load(graph, second, tmp_path)
    assert logged(graph) == SECOND
    assert (two.removed, two.renamed) == (2, 1)
    three = load(graph, third, tmp_path)
    assert logged(graph) == SECOND | THIRD
    assert three.removed == 0 and three.changes["returned"] == 1
    incremental = current(graph)

    graph.run("admin/clear")
    schema.apply(graph)
    load(graph, third, tmp_path)
    clean = current(graph)
    assert incremental == clean
    assert len(clean[0]) == 14  # 13 models and i, a placeholder j still names


def test_history_stays_and_the_old_id_finds_the_renamed_model(graph, snapshots, tmp_path):
    for path in snapshots:
        load(graph, path, tmp_path)
    found = find_model(graph, "Org/C")
    assert (found["id"], found["renamed_from"], found["removed"]) == ("org/c2", "Org/C", False)
    assert find_model(graph, "org/i")["removed"] is True
    ended = graph.adhoc("MATCH (p:Model)-[e:ENDED]->(c:Model) RETURN p.key AS p, c.key AS c, "
                        "e.relation AS relation, e.ended_snapshot IS NOT NULL AS dated "
                        "ORDER BY p, c", max_rows=100).rows
    # d's old parent, g's old parent, and what h and i declared when they left
    assert [(r["p"], r["c"], r["relation"], r["dated"]) for r in ended] == [
        ("org/a", "org/h", "FINETUNE", True), ("org/b", "org/d", "QUANTIZATION", True),
        ("org/f", "org/g", "FINETUNE", True), ("org/f", "org/i", "FINETUNE", True)]
    removed = graph.adhoc("MATCH (m:Removed) RETURN m.key AS key, m.removed_at IS NOT NULL AS "
                          "dated, m.removed_snapshot IS NOT NULL AS snap", max_rows=10).rows
    assert removed == [{"key": "org/i", "dated": True, "snap": True}]
    aliases = graph.adhoc("MATCH (a:Alias)-[:ALIAS_OF]->(m) RETURN a.id AS old, m.id AS new",
                          max_rows=10).rows
    assert aliases == [{"old": "org/c", "new": "org/c2"}]


def test_the_same_snapshot_twice_records_nothing_and_changes_nothing(graph, snapshots,
                                                                     tmp_path):
    first, second, _ = snapshots
    load(graph, first, tmp_path)
    load(graph, second, tmp_path)
    before_log, before_graph = logged(graph), current(graph)
    again = load(graph, second, tmp_path)
    assert sum(again.changes.values()) == 0 and again.removed == 0 and again.renamed == 0
    assert logged(graph) == before_log and current(graph) == before_graph


def test_partial_sources_never_remove(graph, snapshots, tmp_path):
    first, second, _ = snapshots
    load(graph, first, tmp_path)
    partial = load(graph, second, tmp_path, complete=False)
    assert partial.removed == 0
    assert not graph.adhoc("MATCH (m:Removed) RETURN m.key AS key", max_rows=10).rows
    kinds = {c[1] for c in logged(graph)}
    assert "removed" not in kinds and {"renamed", "license", "added"} <= kinds



def test_a_rename_beside_children_that_name_the_old_id_ends_none_of_their_edges(graph,
                                                                              tmp_path):
    """The renamed model and twenty children still naming its old id, in one batch written on
    two lanes: every child keeps its edge, the rename is the one change, and the next snapshot,
    naming the new id, records nothing."""
    def snapshot(parent, named):
        children = {f"x{n}": model(f"x{n}", oid=f"3{n:02}", parents=[("adapter", named)])
                    for n in range(20)}
        return {parent: model(parent, oid="20"), **children}
    paths = [write(tmp_path / f"r{n}.jsonl", snapshot(parent, named))
             for n, (parent, named) in enumerate([("p", "p"), ("p2", "p"), ("p2", "p2")])]
    load(graph, paths[0], tmp_path)
    load(graph, paths[1], tmp_path)
    renamed = {("org/p2", "renamed", "org/p", "org/p2", None)}
    assert logged(graph) == renamed
    load(graph, paths[2], tmp_path)
    assert logged(graph) == renamed
    edges = graph.adhoc("MATCH (p:Model)-[e]->(c:Model) RETURN p.key AS p, type(e) AS t, "
                        "count(c) AS children", max_rows=10).rows
    assert edges == [{"p": "org/p2", "t": "ADAPTER", "children": 20}]



def test_a_cycle_is_reported_once_and_loses_its_flags_when_broken(graph, tmp_path):
    """x and y name each other: the first load flags both edges and reports the cycle; the same
    snapshot again reports nothing new; once y drops x, the edge left (y -> x) is on no cycle
    and loses its flag."""
    def cycles_reported(path):
        rejects = tmp_path / f"rejects-{path.stem}.jsonl"
        return [json.loads(line)["value"] for line in rejects.read_text().splitlines()
                if json.loads(line)["kind"] == "cycle"] if rejects.exists() else []

    def flagged():
        return {(r["p"], r["c"]) for r in graph.adhoc(
            "MATCH (p:Model)-[e]->(c:Model) WHERE e.cycle AND type(e) IN $types "
            "RETURN p.key AS p, c.key AS c", params={"types": Relation.types()}).rows}

    loop = {"x": model("x", oid="40", parents=[("finetune", "y")]),
            "y": model("y", oid="41", parents=[("finetune", "x")])}
    broken = {**loop, "y": model("y", oid="41")}
    paths = [write(tmp_path / name, snapshot) for name, snapshot in
             (("c1.jsonl", loop), ("c2.jsonl", loop), ("c3.jsonl", broken))]
    first = load(graph, paths[0], tmp_path)
    assert first.cycles == 1 and cycles_reported(paths[0]) == ["org/x -> org/y"]
    assert flagged() == {("org/x", "org/y"), ("org/y", "org/x")}
    again = load(graph, paths[1], tmp_path)
    assert again.cycles == 1 and cycles_reported(paths[1]) == []
    assert flagged() == {("org/x", "org/y"), ("org/y", "org/x")}
    third = load(graph, paths[2], tmp_path)
    assert third.cycles == 0 and cycles_reported(paths[2]) == []
    assert flagged() == set()
    assert logged(graph) == {("org/y", "parent_ended", "org/x", None, "finetune")}


KILLER = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from lineage.cypher.client import Graph
    from lineage.loader import files
    from lineage.settings import Settings

    read = files.read_file

    def read_then_die(path, fmt=None, on_bytes=None):
        for number, item in enumerate(read(path, fmt, on_bytes)):
            if number == int(sys.argv[2]):
                time.sleep(float(sys.argv[4]) if len(sys.argv) > 4 else 0)  # lanes commit
                os.kill(os.getpid(), signal.SIGKILL)
            yield item

    files.read_file = read_then_die
    with Graph.connect(Settings.from_env()) as graph:
        files.load_files(graph, [Path(sys.argv[1])], rejects_path=Path(sys.argv[3]),
                         batch_size=2, complete=True)
""")


@pytest.mark.parametrize("after", [3, 9])
def test_a_killed_load_run_again_gives_the_same_graph_and_log(graph, snapshots, tmp_path,
                                                             cli_env, after):
    first, second, third = snapshots
    load(graph, first, tmp_path)
    load(graph, second, tmp_path)
    load(graph, third, tmp_path)
    expected = logged(graph), current(graph)

    graph.run("admin/clear")
    schema.apply(graph)
    load(graph, first, tmp_path)
    load(graph, second, tmp_path)
    killed = subprocess.run([sys.executable, "-c", KILLER, str(third), str(after),
                             str(tmp_path / "killed.jsonl")], env=dict(os.environ),
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    load(graph, third, tmp_path)
    assert (logged(graph), current(graph)) == expected


def test_a_store_from_before_the_life_cycle_migrates_and_its_next_load_logs_the_changes(
        graph, snapshots, tmp_path):
    first, second, _ = snapshots
    load(graph, first, tmp_path)
    # What a store written before schema version 8 lacks: object ids, statements, the log.
    with graph._driver.session(database=graph.settings.database) as session:
        session.run("MATCH (m:Model) REMOVE m.object_id, m.declared_parents, "
                    "m.parents_statement").consume()
        session.run("MATCH ()-[e]->() REMOVE e.statement").consume()
        session.run("MATCH (s:SchemaVersion) SET s.version = 7").consume()
        session.run("DROP CONSTRAINT alias_key IF EXISTS").consume()
        for name in ("model_object_id", "change_at", "change_model_key"):
            session.run(f"DROP INDEX {name} IF EXISTS").consume()
    assert schema.current_version(graph) == 7
    schema.apply(graph)  # as every load through the command line does first
    load(graph, second, tmp_path)
    assert schema.current_version(graph) == schema.latest_version()
    # Without object ids the rename shows as a removal and an addition; from now on they are
    # stored, so the next rename is found.
    assert logged(graph) == (SECOND - {("org/c2", "renamed", "org/c", "org/c2", None)}) | {
        ("org/c2", "added", None, None, None), ("org/c", "removed", None, None, None)}


def test_the_published_dataset_is_a_statement_of_its_own_and_ends_what_it_no_longer_says(
        graph, tmp_path):
    header = "model_id,finetune_parent,parent_model,licenses,pipeline_tag\n"
    old = tmp_path / "old.csv"
    old.write_text(header + "org/a,[],[],['mit'],text-generation\n"
                   "org/b,['org/a'],[],['mit'],text-generation\n"
                   "org/x,[],['org/a'],['mit'],text-generation\n", encoding="utf-8")
    new = tmp_path / "new.csv"
    new.write_text(header + "org/a,[],[],['mit'],text-generation\n"
                   "org/b,['org/x'],[],['mit'],text-generation\n"
                   "org/x,[],[],['mit'],text-generation\n", encoding="utf-8")
    load(graph, old, tmp_path, complete=False)
    load(graph, new, tmp_path, complete=False)
    assert logged(graph) == {("org/b", "parent_ended", "org/a", None, "finetune"),
                             ("org/b", "parent_added", None, "org/x", "finetune"),
                             ("org/x", "parent_ended", "org/a", None, "unstated")}
    edges = graph.adhoc("MATCH (p)-[e]->(c:Model) RETURN p.key AS p, type(e) AS t, c.key AS c "
                        "ORDER BY p, c", max_rows=10).rows
    assert [(r["p"], r["t"], r["c"]) for r in edges] == [
        ("org/a", "ENDED", "org/b"), ("org/a", "ENDED", "org/x"), ("org/x", "FINETUNE", "org/b")]


def test_a_first_load_killed_and_run_again_is_still_the_baseline(graph, snapshots, tmp_path,
                                                                  cli_env):
    first = snapshots[0]
    killed = subprocess.run([sys.executable, "-c", KILLER, str(first), "7",
                             str(tmp_path / "killed.jsonl"), "2"], env=dict(os.environ),
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert graph.adhoc("MATCH (m:Model) RETURN count(m) AS n", max_rows=1).rows[0]["n"] > 0
    rerun = load(graph, first, tmp_path)
    assert sum(rerun.changes.values()) == 0 and not logged(graph)
