"""The stored heads of huge kin sets (Kin nodes written by `lineage compute`) against the real
Neo4j: with a low threshold every parent's kin comes from them, and every kind of kin still
equals the networkx brute force, as does every kind once a load lands without a compute run
(the queries go back to the live walk), with relation filters and limits above the heads."""

import datetime as dt
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lineage.analytics.jobs.compute import compute
from lineage.analytics.reads.kin import KINDS, kin
from lineage.errors import UsageError
from lineage.loader.files import load_files
from lineage.loader.jsonlexport import export_jsonl
from tests.kinship import TYPES, digraph, heads_of, kin_sets, lineage_graphs, ranked, via, write

SLOW = settings(max_examples=12, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
LABELS = {"FINETUNE": "finetune", "ADAPTER": "adapter", "MERGE": "merge",
          "QUANTIZATION": "quantization"}


def stored(graph):
    rows = graph.adhoc("MATCH (k:Kin) RETURN k {.*} AS kin", max_rows=10**5).rows
    return {r["kin"]["key"]: {p: v for p, v in r["kin"].items() if p != "key"} for r in rows}


def land_a_load(graph, drawn, rng):
    """Change downloads and add an edge the way a load does, recorded as a finished load."""
    started = dt.datetime.now(dt.timezone.utc)
    graph.run("load/snapshot_start", id="later-load", source="test", kind="jsonl",
              started=started)
    statements = []
    for m in drawn["models"]:
        if not m["placeholder"] and rng.random() < .5:
            m["downloads"] = rng.randrange(0, 6)
            statements.append(f"MATCH (m:Model {{key: '{m['key']}'}}) "
                              f"SET m.downloads = {m['downloads']}")
    keys = [m["key"] for m in drawn["models"]]
    a, b = rng.sample(keys, 2)
    if (a, b, "FINETUNE") not in drawn["edges"]:
        drawn["edges"] = sorted([*drawn["edges"], (a, b, "FINETUNE")])
        statements.append(f"MATCH (a:Model {{key: '{a}'}}), (b:Model {{key: '{b}'}}) "
                          "CREATE (a)-[:FINETUNE]->(b)")
    graph.run_statements("test/load", statements)
    graph.run("load/snapshot_finish", id="later-load", counts={})


def check_every_kind(graph, drawn, keys, top, types=None):
    g = digraph(drawn, types or TYPES)
    ids = {m["key"]: m["id"] for m in drawn["models"]}
    relations = None if types is None else [LABELS[t] for t in types]
    for key in keys:
        expected = kin_sets(g, key)
        for kind in KINDS:
            want = [ids[k] for k in ranked(expected[kind], drawn)]
            for limit in (1, top, top + 3):
                rows, total = kin(graph, ids[key], kind, relations, limit=limit)
                assert [r["id"] for r in rows] == want[:limit], (kind, key, limit)
                assert total == len(want), (kind, key, limit)
                assert [r["via"] for r in rows] == [
                    sorted(ids[x] for x in via(g, key, kind, r["id"].lower())) for r in rows]


@SLOW
@given(drawn=lineage_graphs(max_nodes=12), threshold=st.integers(0, 2), top=st.integers(1, 3),
       types=st.lists(st.sampled_from(TYPES), min_size=1, max_size=3, unique=True),
       seed=st.integers(0, 2**16))
def test_kin_from_the_stored_heads_matches_networkx_before_and_after_a_load(
        graph, drawn, threshold, top, types, seed):
    write(graph, drawn)
    compute(graph, only=["kin"], kin_threshold=threshold, kin_top=top)
    assert stored(graph) == heads_of(drawn, threshold, top)
    rng = random.Random(seed)
    keys = rng.sample(sorted(m["key"] for m in drawn["models"]), k=min(3, len(drawn["models"])))
    check_every_kind(graph, drawn, keys, top)
    check_every_kind(graph, drawn, keys[:1], top, types)
    land_a_load(graph, drawn, rng)
    check_every_kind(graph, drawn, keys, top)


def doctor(graph):
    graph.run_statements("test/doctor", [
        "MATCH (k:Kin {key: 'base/big'}) SET k.children_alone = 1000, "
        "k.descendants_count = 777, k.grandchildren = ['gc/g2']"])


def fan(graph, children=40, shared=5, grand=6):
    """A base with many children (some also children of a second base, some with children of
    their own), ties in downloads, and a cycle below."""
    models = [{"id": "Base/Big", "key": "base/big", "downloads": 50, "placeholder": False},
              {"id": "Base/Other", "key": "base/other", "downloads": 7, "placeholder": False}]
    models += [{"id": f"FT/c{i}", "key": f"ft/c{i}", "downloads": i % 9, "placeholder": False}
               for i in range(children)]
    models += [{"id": f"GC/g{i}", "key": f"gc/g{i}", "downloads": None, "placeholder": i == 0}
               for i in range(grand)]
    edges = [("base/big", f"ft/c{i}", "FINETUNE") for i in range(children)]
    edges += [("base/other", f"ft/c{i}", "MERGE") for i in range(shared)]
    edges += [("base/big", "ft/c1", "ADAPTER")]
    edges += [(f"ft/c{i}", f"gc/g{i}", "QUANTIZATION") for i in range(grand)]
    edges += [("gc/g1", "ft/c7", "FINETUNE"), ("ft/c7", "gc/g1", "ADAPTER")]
    drawn = {"models": models, "edges": sorted(set(edges))}
    write(graph, drawn)
    return drawn


def test_a_fan_of_children_is_answered_from_the_heads_and_reruns_write_nothing(graph):
    drawn = fan(graph)
    summary = compute(graph, only=["kin"], kin_threshold=10, kin_top=4)
    heads = stored(graph)
    assert heads == heads_of(drawn, 10, 4) and "children_top" in heads["base/big"]
    assert summary.kin_sets == summary.kin_changed == len(heads)
    check_every_kind(graph, drawn, ["base/big", "ft/c0", "ft/c1", "ft/c7", "ft/c30"], 4)
    # The heads are what is read: a doctored count shows through, until a load lands.
    doctor(graph)
    assert kin(graph, "base/big", "children", limit=3)[1] == 1000 + 6
    assert kin(graph, "ft/c30", "siblings", limit=3)[1] == 1000 + 6 - 1
    assert kin(graph, "ft/c3", "half-siblings", limit=3)[1] == 1000 + 1  # and ft/c7
    assert kin(graph, "base/big", "descendants", limit=3)[1] == 777
    assert [r["id"] for r in kin(graph, "ft/c30", "nieces-nephews", limit=3)[0]] == ["GC/g2"]
    assert kin(graph, "gc/g3", "aunts-uncles", limit=3)[1] == 1000 + 6 - 1  # not ft/c3
    assert kin(graph, "gc/g3", "cousins", limit=3)[1] == 4  # gc/g5 is only in the live walk
    assert kin(graph, "base/big", "children", limit=5)[1] == 40  # above the heads: live
    assert kin(graph, "base/big", "children", ["finetune"], limit=3)[1] == 40
    again = compute(graph, only=["kin"], kin_threshold=10, kin_top=4)
    assert again.kin_changed == 1 and stored(graph) == heads
    assert compute(graph, only=["kin"], kin_threshold=10, kin_top=4).kin_changed == 0
    assert compute(graph, only=["kin"], kin_threshold=50, kin_top=4).kin_removed == len(heads)
    assert stored(graph) == {}
    with pytest.raises(UsageError, match="the kin threshold must be 0 or more"):
        compute(graph, only=["kin"], kin_top=0)


def test_a_stale_run_or_an_unfinished_load_keeps_the_live_walk(graph):
    drawn = fan(graph)
    compute(graph, only=["kin"], kin_threshold=10, kin_top=4)
    doctor(graph)
    graph.run("load/snapshot_start", id="running", source="test", kind="jsonl",
              started=dt.datetime.now(dt.timezone.utc))
    assert kin(graph, "base/big", "children", limit=3)[1] == 40
    graph.run_statements("test/stale", ["MATCH (s:Snapshot) DETACH DELETE s",
                                        "MATCH (c:Computation) SET c.stale = true"])
    assert kin(graph, "base/big", "children", limit=3)[1] == 40
    check_every_kind(graph, drawn, ["base/big", "ft/c2"], 4)


def test_after_a_real_load_the_kin_follow_the_new_downloads(graph, tmp_path):
    drawn = fan(graph)
    compute(graph, only=["kin"], kin_threshold=10, kin_top=4)
    export_jsonl(graph, tmp_path / "now.jsonl")
    lines = [json.loads(line) for line in
             (tmp_path / "now.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if line["id"] == "FT/c39":
            line["downloads"] = 10**6
    (tmp_path / "later.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines),
                                          encoding="utf-8")
    load_files(graph, [tmp_path / "later.jsonl"], rejects_path=tmp_path / "rejects.jsonl")
    for m in drawn["models"]:
        if m["key"] == "ft/c39":
            m["downloads"] = 10**6
    rows, total = kin(graph, "ft/c3", "siblings", limit=2)
    assert [r["id"] for r in rows][0] == "FT/c39" and total == 39
    check_every_kind(graph, drawn, ["base/big", "ft/c3", "ft/c2"], 4)
    compute(graph, only=["kin"], kin_threshold=10, kin_top=4)
    assert stored(graph)["base/big"]["children_top"][0] == "ft/c39"
    check_every_kind(graph, drawn, ["base/big", "ft/c3", "ft/c2"], 4)
