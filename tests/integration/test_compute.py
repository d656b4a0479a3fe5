"""`lineage compute` against the real Neo4j: the stored measures match networkx and brute
force, the on-the-fly named queries agree with them, a second run writes nothing, and the real
crawled families come out right."""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from lineage.analytics.jobs.compute import compute, read_related
from lineage.analytics.measures.stored import FAMILY_COLUMNS, MEASURES
from lineage.analytics.reads.frames import edge_frame, model_frame
from lineage.cypher.graphmodel import MEASURE_PROPERTIES as STORED
from lineage.loader.files import load_files
from lineage.ui.cli import cli
from tests.families import FAMILY, hub_model, write_crawl
from tests.oracles import run_oracle
from tests.unit.test_measures import brute_disruption, walkable_nx

DATED = {  # creation days: equal days, a model without one, a placeholder (none)
    "org/base": "2024-01-01", "org/ft-a": "2024-01-10", "org/ft-b": "2024-01-10",
    "org/merged": "2024-02-01", "org/quant": "2024-02-01", "org/ft-c": "2024-01-20",
    "org/late": "2024-09-01", "org/loop-a": "2024-03-01", "org/loop-b": "2024-03-02",
}


@pytest.fixture
def family(graph, tmp_path):
    models = FAMILY + [
        hub_model("org/ft-c", 50, ("finetune", "org/base")),
        hub_model("org/late", 5, ("finetune", "org/ft-a"), ("adapter", "org/base")),
        hub_model("org/undated", 1, ("finetune", "org/ft-c")),
        hub_model("org/loop-a", 1, ("finetune", "org/loop-b")),
        hub_model("org/loop-b", 1, ("finetune", "org/loop-a")),
        hub_model("org/alone", 9),
    ]
    for model in models:
        if model["id"] in DATED:
            model["createdAt"] = DATED[model["id"]] + "T00:00:00.000Z"
    load_files(graph, [write_crawl(tmp_path / "family.json", models)],
               rejects_path=tmp_path / "rejects.jsonl")
    return graph


def independent(graph, window_days):
    """Every measure from the graph's own edges, by networkx and brute force."""
    edges = edge_frame(graph)
    models = model_frame(graph, ["id", "downloads", "created_at"])
    keys = models["key"].tolist()
    at = {k: i for i, k in enumerate(keys)}
    frame = pd.DataFrame({"parent": edges["parent"].map(at), "child": edges["child"].map(at),
                          "relation": edges["relation"], "cycle": edges["cycle"]})
    created = [np.nan if pd.isna(c) else c.timestamp() * 1000 for c in models["created_at"]]
    table = pd.DataFrame({"id": models["id"], "downloads": models["downloads"].fillna(-1),
                          "created": created})
    walk = walkable_nx(table, frame)
    expected = {}
    for lineage, name in ((False, "mdi"), (True, "mdi_lineage")):
        for node, values in brute_disruption(table, walk, window_days, lineage).items():
            for suffix, value in zip(("", "_n_i", "_n_j", "_n_k"), values, strict=True):
                expected.setdefault(keys[node], {})[name + suffix] = value
    everything = nx.Graph()
    everything.add_nodes_from(range(len(keys)))
    everything.add_edges_from(zip(frame["parent"], frame["child"], strict=True))
    for members in nx.connected_components(everything):
        roots = [m for m in members if walk.in_degree(m) == 0]
        name = min(roots, key=lambda m: (-len(nx.descendants(walk, m)),
                                         -table["downloads"][m], table["id"][m]))
        for m in members:
            expected[keys[m]].update(family=table["id"][name], family_size=len(members))
    for node in range(len(keys)):
        up = [len(p) - 1 for r in nx.ancestors(walk, node)
              for p in nx.all_simple_paths(walk, r, node)]
        expected[keys[node]].update(generation=max(up, default=0),
                                    descendants=len(nx.descendants(walk, node)))
    return expected, everything, keys


def stored_models(graph):
    rows = graph.adhoc("MATCH (m:Model) RETURN m.key AS key, properties(m) AS p",
                       max_rows=100_000).rows
    return {row["key"]: row["p"] for row in rows}


def test_stored_measures_match_networkx_and_brute_force_and_a_rerun_writes_nothing(family):
    summary = compute(family, window_days=90)
    assert summary.models == 13 and summary.models_without_created_at == 4
    assert not summary.stale
    expected, everything, keys = independent(family, 90)
    stored = stored_models(family)
    for key, values in expected.items():
        for prop, value in values.items():
            assert stored[key].get(prop) == value, (key, prop)
    assert stored["org/base"]["children_finetune"] == 3
    assert stored["org/base"]["children_adapter"] == 1
    assert stored["org/alone"]["family"] == "org/alone"
    assert stored["org/alone"]["family_size"] == 1
    # A merge below two finetunes is counted once among the base's descendants.
    assert stored["org/base"]["descendants"] == 7
    # Families: one node per family of two or more, virality by networkx.
    families = {row["f"]["id"]: row["f"] for row in family.adhoc(
        "MATCH (f:Family) RETURN properties(f) AS f").rows}
    assert set(families) == {"org/base", "elsewhere/missing", "org/loop-a"}
    base = families["org/base"]
    members = [keys.index(k) for k, v in expected.items() if v["family"] == "org/base"]
    assert base["virality"] == pytest.approx(
        nx.average_shortest_path_length(everything.subgraph(members)))
    assert (base["size"], base["depth"], base["root"], base["merge"]) == (8, 3, "org/base", 2)
    assert set(FAMILY_COLUMNS) - {"id"} <= set(base)
    run = family.adhoc("MATCH (c:Computation) RETURN properties(c) AS c").rows[0]["c"]
    assert run["window_days"] == 90 and run["families"] == 3 and run["stale"] is False
    assert run["measures"] == list(MEASURES) and "seconds_mdi_lineage" in run

    again = compute(family, window_days=90)
    assert (again.models_changed, again.singletons_changed, again.families_changed,
            again.families_removed, again.properties_set) == (0, 0, 0, 0, 0)
    assert stored_models(family) == stored


def test_a_new_window_and_a_new_edge_bring_every_model_up_to_date(family, tmp_path):
    compute(family, window_days=90)
    compute(family, window_days=0)
    expected, _, _ = independent(family, 0)
    stored = stored_models(family)
    for key, values in expected.items():
        for prop, value in values.items():
            assert stored[key].get(prop) == value, (key, prop)
    # A load joins the lone model to the base family: its measures and the family follow.
    load_files(family, [write_crawl(tmp_path / "more.json",
                                    [hub_model("org/alone", 9, ("finetune", "org/base"))])],
               rejects_path=tmp_path / "rejects.jsonl")
    summary = compute(family, window_days=0, only=["family"])
    stored = stored_models(family)
    assert stored["org/alone"]["family"] == "org/base"
    assert stored["org/alone"]["family_size"] == 9 and summary.models_changed == 9
    assert summary.measures == ["family"]


def expected_distributions(graph, expected):
    """Generations, disruption signs by relation and disruption bins, counted one model at a
    time from the networkx and brute-force measures and the graph's own edges."""
    generations = Counter(values["generation"] for values in expected.values())
    made = {}
    for row in graph.adhoc("MATCH (:Model)-[r]->(c:Model) RETURN c.key AS child, "
                           "type(r) AS relation").rows:
        made.setdefault(row["child"], set()).update({row["relation"], "ALL"})
    signs = {}
    for key, relations in made.items():
        for relation in relations:
            row = signs.setdefault(relation, Counter())
            for name in ("mdi", "mdi_lineage"):
                value = expected[key].get(name)
                row[name] += value is not None
                for sign, test in (("negative", lambda v: v < 0), ("zero", lambda v: v == 0),
                                   ("positive", lambda v: v > 0)):
                    row[f"{name}_{sign}"] += value is not None and test(value)
    bins = {name: Counter(min(math.floor(v[name] * 10), 9) / 10 for v in expected.values()
                          if v.get(name) is not None) for name in ("mdi", "mdi_lineage")}
    return generations, signs, bins


def test_the_runs_record_holds_the_distributions_stats_and_the_app_read(family):
    compute(family, window_days=90)
    expected, _, _ = independent(family, 90)
    generations, signs, bins = expected_distributions(family, expected)
    assert {row["generation"]: row["models"] for row in family.run("stats/generations")} \
        == dict(generations)
    rows = family.run("stats/disruption")
    assert [row["relation"] for row in rows] == sorted(signs)
    for row in rows:
        assert {k: v for k, v in row.items() if k != "relation" and v} \
            == {k: v for k, v in signs[row["relation"]].items() if v}, row["relation"]
    for name in ("mdi", "mdi_lineage"):
        got = {row["bin"]: row["models"]
               for row in family.run("stats/disruption_histogram", property=name)}
        assert got == dict(bins[name]), name
    # A run of one measure keeps the others' distributions from the run before.
    compute(family, window_days=90, only=["children"])
    assert {row["generation"]: row["models"] for row in family.run("stats/generations")} \
        == dict(generations)
    assert family.run("stats/disruption") == rows


def test_the_most_disruptive_and_consolidating_are_a_sort_of_every_model(family):
    compute(family, window_days=90)
    expected, _, _ = independent(family, 90)
    ids = {row["key"]: row["p"]["id"] for row in family.adhoc(
        "MATCH (m:Model) RETURN m.key AS key, properties(m) AS p").rows}
    for name in ("mdi", "mdi_lineage"):
        for sign in (1, -1):
            for support in (0, 2):
                rows = []
                for key, values in expected.items():
                    if values.get(name) is None or values[name] * sign <= 0:
                        continue
                    counted = sum(values[f"{name}_{p}"] for p in ("n_i", "n_j", "n_k"))
                    if counted >= support:
                        rows.append((values[name] * sign, counted, ids[key], values[name]))
                ranked = sorted(rows, key=lambda row: (-row[0], -row[1], row[2]))[:3]
                got = family.run("stats/disruption_extremes", property=name, sign=sign,
                                 support=support, limit=3)
                assert [(row["id"], row["index"]) for row in got] \
                    == [(row[2], row[3]) for row in ranked], (name, sign, support)
    assert any(family.run("stats/disruption_extremes", property=name, sign=sign, support=0,
                          limit=3) for name in ("mdi", "mdi_lineage") for sign in (1, -1))


def test_the_on_the_fly_queries_agree_with_the_stored_measures(family):
    compute(family, window_days=30)
    check_on_the_fly(family, sorted(stored_models(family)), window_days=30)


def check_on_the_fly(graph, keys, window_days):
    stored = stored_models(graph)
    for key in keys:
        model = stored[key]
        (row,) = run_oracle(graph, "generation", id=model["id"])
        assert row["generation"] == model["generation"], key
        (row,) = run_oracle(graph, "descendants", id=model["id"])
        assert row["descendants"] == model["descendants"], key
        (row,) = run_oracle(graph, "children", id=model["id"])
        for prop in MEASURES["children"]:
            assert row[prop] == model[prop], (key, prop)
        for name in ("mdi", "mdi_lineage"):
            (row,) = run_oracle(graph, name, id=model["id"], window_days=window_days)
            assert row[name] == model.get(name), (key, name)
            for part in ("n_i", "n_j", "n_k"):
                assert row[part] == model.get(f"{name}_{part}"), (key, name, part)
        (row,) = run_oracle(graph, "family", id=model["id"])
        assert (row["family"], row["family_size"]) == (model["family"], model["family_size"])
        if model["family_size"] > 1:
            (node,) = graph.adhoc("MATCH (f:Family {id: $id}) RETURN properties(f) AS f",
                                  {"id": model["family"]}).rows
            for prop in ("root", "depth", "finetune", "adapter", "quantization", "merge",
                         "unstated"):
                assert row[prop] == node["f"][prop], (key, prop)
            (row,) = run_oracle(graph, "virality", id=model["id"])
            assert row["virality"] == pytest.approx(node["f"]["virality"]), key


def test_the_real_crawled_families(graph, crawls, tmp_path):
    load_files(graph, sorted(crawls.glob("*.json")), rejects_path=tmp_path / "rejects.jsonl")
    summary = compute(graph, window_days=90)
    assert summary.families >= 7 and summary.virality_skipped == 0
    expected, _, _ = independent(graph, 90)
    stored = stored_models(graph)
    for key, values in expected.items():
        for prop, value in values.items():
            assert stored[key].get(prop) == value, (key, prop)
    assert stored["deepseek-ai/deepseek-r1"]["family"] == "deepseek-ai/DeepSeek-R1"
    # The on-the-fly queries on the models of every small family and the base models.
    small = [k for k, m in stored.items() if m["family_size"] <= 30]
    bases = [k for k, m in stored.items() if m["family"] == m["id"] and m["family_size"] > 30
             and m["family_size"] < 500]
    check_on_the_fly(graph, small[:40] + bases, window_days=90)
    assert compute(graph, window_days=90).models_changed == 0


def test_the_command_prints_its_summary_and_refuses_bad_input(family, cli_env):
    runner = CliRunner()
    result = runner.invoke(cli, ["compute", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"models without created_at"' in result.output
    for args, message in ((["--window-days", "-1"], "-1"), (["--window-days", "ninety"],
                                                            "ninety"),
                          (["--only", "generation,depth"], "unknown measure 'depth'")):
        result = runner.invoke(cli, ["compute", *args])
        assert result.exit_code == 2 and message in result.output, result.output


def test_every_stored_property_is_in_the_shared_contract():
    assert {p for props in MEASURES.values() for p in props} == set(STORED)


def test_a_load_landing_during_a_run_marks_it_stale(family, tmp_path):
    def load_meanwhile(phase):
        if phase == "Measuring":
            load_files(family, [write_crawl(tmp_path / "late.json",
                                            [hub_model("org/newcomer", 3,
                                                       ("finetune", "org/base"))])],
                       rejects_path=tmp_path / "rejects.jsonl")

    summary = compute(family, on_phase=load_meanwhile)
    assert summary.stale
    run = family.adhoc("MATCH (c:Computation) RETURN c.stale AS stale").rows
    assert run == [{"stale": True}]
    # The run finished on what it read: the newcomer is not measured yet, or measured as the
    # model without relatives the server saw between the load's models and its edges (the
    # server writes those beside the run); the next run measures it.
    newcomer = family.run("models/get", id="org/newcomer")[0]["model"]
    assert newcomer.get("family") in (None, "org/newcomer")
    assert not compute(family).stale
    assert stored_models(family)["org/newcomer"]["family"] == "org/base"


def test_the_paged_read_gives_every_model_with_relatives_and_every_edge(family, monkeypatch):
    monkeypatch.setattr("lineage.analytics.jobs.compute._READ_BATCH", 3)  # many pages, one short
    models, edges = read_related(family, ["generation", "family"])
    frame = edge_frame(family)
    related = set(frame["parent"]) | set(frame["child"])
    assert sorted(models["key"]) == sorted(related) and len(models) == len(set(models["key"]))
    keys = models["key"].to_numpy()
    read = sorted(zip(keys[edges["parent"]], keys[edges["child"]], edges["relation"],
                      edges["cycle"], strict=True))
    assert read == sorted(zip(frame["parent"], frame["child"], frame["relation"],
                              frame["cycle"], strict=True))
    by_key = model_frame(family, ["id", "downloads"]).set_index("key")
    assert models["id"].tolist() == by_key.loc[keys, "id"].tolist()
    assert models["downloads"].tolist() == by_key.loc[keys, "downloads"].fillna(-1).tolist()
    assert models["stored_generation"].isna().all()


def test_models_without_relatives_are_rewritten_only_where_a_value_is_wrong(family):
    compute(family)
    with family._driver.session(database=family.settings.database) as session:  # a hand edit
        session.run("MATCH (m:Model {key: 'org/alone'}) SET m.children_merge = 4, "
                    "m.mdi_lineage_n_i = 2, m.mdi_lineage_n_k = 1").consume()
    only_disruption = compute(family, only=["mdi"])
    assert only_disruption.singletons_changed == 0  # the wrong values are not its measures
    again = compute(family)
    assert again.singletons_changed == 1 and again.models_changed == 0
    alone = stored_models(family)["org/alone"]
    assert alone["children_merge"] == 0 and "mdi_lineage_n_i" not in alone
    assert "mdi_lineage_n_k" not in alone and compute(family).singletons_changed == 0


def test_removing_the_measures_leaves_the_graph_as_a_load_does(family):
    before = stored_models(family)
    compute(family)
    family.run("admin/remove_measures")
    assert stored_models(family) == before
    assert not any(set(props) & set(STORED) for props in stored_models(family).values())
    left = family.adhoc("MATCH (n) WHERE n:Family OR n:Kin OR n:Computation "
                        "RETURN count(n) AS n").rows
    assert left == [{"n": 0}]
    first = compute(family)
    assert first.models_changed + first.singletons_changed == first.models == 13
