"""`lineage kin`, `lineage stats` and `lineage stats topology` from the command line: output
formats, exit codes and messages."""

import csv
import datetime as dt
import io
import json
from collections import Counter

import numpy as np
import pytest

from lineage.analytics.measures import distributions
from lineage.relations import Relation
from lineage.ui.cli import main
from tests.kinship import write

FAMILY = {
    "models": [{"id": i, "key": i.lower(), "downloads": d, "placeholder": p} for i, d, p in [
        ("org/Base", 100, False), ("org/ft-a", 50, False), ("org/ft-b", 40, False),
        ("org/merged", 30, False), ("org/quant", 5, False), ("ghost/missing", None, True),
        ("org/adapter", 1, False), ("org/alone", 0, False)]],
    "edges": [("org/base", "org/ft-a", "FINETUNE"), ("org/base", "org/ft-b", "FINETUNE"),
              ("org/ft-a", "org/merged", "MERGE"), ("org/ft-b", "org/merged", "MERGE"),
              ("org/merged", "org/quant", "QUANTIZATION"),
              ("ghost/missing", "org/adapter", "ADAPTER")],
}


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


@pytest.fixture
def family(graph, cli_env):
    write(graph, FAMILY)
    return graph


def test_kin_lists_the_most_downloaded_first_with_the_total(family, capsys):
    code, out, err = run_cli(capsys, "kin", "org/quant", "--kind", "ancestors", "--format",
                             "json", "--limit", "2")
    assert code == 0, err
    document = json.loads(out)
    assert list(document) == ["model", "kind", "relations", "total", "kin"]
    assert document["total"] == 4
    assert [r["id"] for r in document["kin"]] == ["org/Base", "org/ft-a"]
    assert list(document["kin"][0]) == ["id", "relations", "via", "downloads", "likes",
                                        "pipeline_tag", "created_at", "placeholder"]
    code, out, err = run_cli(capsys, "kin", "org/merged", "--kind", "parents", "--format",
                             "csv", "--relation", "merge")
    assert code == 0, err
    assert out.splitlines()[1].startswith("org/ft-a,merge,")
    code, out, err = run_cli(capsys, "kin", "org/ft-a", "--kind", "siblings", "--format", "csv")
    assert code == 0 and out.splitlines()[1].startswith("org/ft-b,,org/Base,40,")
    code, out, err = run_cli(capsys, "kin", "org/ft-a", "--kind", "siblings")
    assert code == 0 and "siblings of org/ft-a: 1" in out
    code, out, err = run_cli(capsys, "kin", "org/merged", "--kind", "parents", "--limit", "1")
    assert "(1 of 2 shown; raise --limit for more)" in err


def test_kin_with_gives_the_path_and_nearest_common_ancestors(family, capsys):
    code, out, err = run_cli(capsys, "kin", "org/ft-a", "--with", "org/quant", "--format",
                             "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["length"] == 2 and document["total_paths"] == 1
    assert document["paths"][0]["ids"] == ["org/ft-a", "org/merged", "org/quant"]
    assert [n["id"] for n in document["nearest"]] == ["org/ft-a"]
    code, out, err = run_cli(capsys, "kin", "org/ft-a", "--with", "org/ft-b", "--format", "csv")
    assert code == 0
    rows = {}
    for row in csv.DictReader(io.StringIO(out)):
        rows.setdefault(row["section"], []).append(row)
    assert [row["lineage"] for row in rows["shortest paths"]] == [
        "org/ft-a <-finetune- org/Base -finetune-> org/ft-b",
        "org/ft-a -merge-> org/merged <-merge- org/ft-b"]
    assert [(row["id"], row["to_source"]) for row in rows["nearest common ancestors"]] == [
        ("org/Base", "1")]
    code, out, err = run_cli(capsys, "kin", "org/alone", "--with", "org/base", "--format", "json")
    document = json.loads(out)
    assert document["length"] is None and document["nearest"] == [] and document["common"] == 0


def test_kin_misuse_exits_2_and_names_the_fix(family, capsys):
    code, _, err = run_cli(capsys, "kin", "org/ft-a")
    assert code == 2 and "give either --kind K or --with MODEL_ID" in err
    code, _, err = run_cli(capsys, "kin", "org/ft-c", "--kind", "parents")
    assert code == 2 and "no model 'org/ft-c' in the graph; closest: org/ft-" in err
    code, _, err = run_cli(capsys, "kin", "org/ft-a", "--kind", "parents", "--relation",
                           "distill")
    assert code == 2 and "unknown relation 'distill': use finetune" in err
    code, _, err = run_cli(capsys, "kin", "org/ft-a", "--kind", "uncles")
    assert code == 2 and "'uncles' is not one of" in err
    code, _, err = run_cli(capsys, "stats", "topology", "--relation", ",")
    assert code == 2 and "name at least one relation" in err


def test_stats_topology_counts_the_chosen_relations(family, capsys, tmp_path):
    code, out, err = run_cli(capsys, "stats", "topology", "--format", "json")
    assert code == 0, err
    counts = json.loads(out)
    assert counts == {"pairs": 56, "edges": 2, "sibling_pairs": 1, "sibling_triples": 0,
                      "two_step_paths": 0, "edge_child_pairs": 0, "uncle_nephew": 0,
                      "three_step_paths": 0}
    target = tmp_path / "t1.csv"
    code, out, err = run_cli(capsys, "stats", "topology", "--relation", "finetune,merge",
                             "--format", "csv", "-o", str(target))
    rows = target.read_text().splitlines()
    assert code == 0 and rows[0] == "structure,occurrences,what"
    assert rows[2].startswith("edges,4,") and rows[5].startswith("two_step_paths,2,")


def test_stats_without_stored_measures_says_to_run_compute(family, capsys):
    code, _, err = run_cli(capsys, "stats")
    assert code == 1
    assert err.strip() == "Error: no stored measures in the graph: run `lineage compute` first"


def test_stats_after_a_run_that_kept_no_distributions_says_to_run_compute(family, capsys):
    family.run_statements("test/old-run", [
        "CREATE (:Computation {id: 'old', started_at: datetime('2025-01-01T00:00:00Z'), "
        "finished_at: datetime('2025-01-01T00:01:00Z'), window_days: 90, stale: false})"])
    code, _, err = run_cli(capsys, "stats")
    assert code == 1
    assert "run `lineage compute`" in err and "generation" in err


MEASURES = {  # key: (generation, family, mdi, mdi_lineage)
    "org/base": (0, "org/Base", None, None), "org/ft-a": (1, "org/Base", -0.5, -0.25),
    "org/ft-b": (1, "org/Base", 0.0, 0.5), "org/merged": (2, "org/Base", 1.0, -1.0),
    "org/quant": (3, "org/Base", None, None), "ghost/missing": (0, "ghost/missing", None, None),
    "org/adapter": (1, "ghost/missing", -1.0, None), "org/alone": (0, "org/alone", None, None),
}


def test_stats_reads_the_stored_measures(family, capsys):
    sets = []
    for key, (generation, name, mdi, lineage) in MEASURES.items():
        extra = "".join(f", m.{p} = {v}" for p, v in (("mdi", mdi), ("mdi_lineage", lineage))
                        if v is not None)
        sets.append(f"MATCH (m:Model {{key: '{key}'}}) SET m.generation = {generation}, "
                    f"m.family = '{name}'{extra}")
    family.run_statements("test/measures", [
        *sets,
        "CREATE (:Family {id: 'org/Base', root: 'org/Base', size: 5, depth: 3, virality: 1.6, "
        "finetune: 2, adapter: 0, quantization: 1, merge: 2, unstated: 0})",
        "CREATE (:Family {id: 'ghost/missing', root: 'ghost/missing', size: 2, depth: 1, "
        "virality: 1.0, finetune: 0, adapter: 1, quantization: 0, merge: 0, unstated: 0})",
    ])
    # The run's record holds the distributions, counted from the same values as a run would.
    keys = list(MEASURES)
    values = {name: np.array([np.nan if v[at] is None else v[at] for v in MEASURES.values()])
              for at, name in ((2, "mdi"), (3, "mdi_lineage"))}
    values["generation"] = np.array([v[0] for v in MEASURES.values()])
    labels = {member.type: member.label for member in Relation}
    child = np.array([keys.index(c) for _, c, _ in FAMILY["edges"]])
    relation = np.array([labels[t] for *_, t in FAMILY["edges"]])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    family.run("compute/run_start", id="run-1", started_at=start, window_days=90,
               measures=["generation", "mdi", "mdi_lineage"])
    family.run("compute/run_finish", id="run-1", finished_at=start + dt.timedelta(minutes=1),
               counts={"stale": False, **distributions.record(values, child, relation, 0)})
    # A later run that stopped half-way (no finished_at) is passed over.
    family.run("compute/run_start", id="run-2", started_at=start + dt.timedelta(days=1),
               window_days=90, measures=["generation"])
    code, out, err = run_cli(capsys, "stats", "--format", "json", "--largest", "1")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["models"] == 8 and summary["placeholders"] == 1
    assert summary["edges"] == {"finetune": 2, "adapter": 1, "quantization": 1, "merge": 2,
                                "unstated": 0}
    assert summary["families"] == {"families": 2, "models_in_families": 7, "models_alone": 1}
    assert summary["family_sizes"] == [{"smallest": 2, "largest": 9, "families": 2,
                                        "models": 7}]
    assert [f["family"] for f in summary["largest_families"]] == ["org/Base"]
    assert summary["deepest"] == [{"id": "org/quant", "generation": 3, "family": "org/Base",
                                   "downloads": 5}]
    histogram = Counter(g for g, *_ in MEASURES.values())
    assert summary["generations"] == [{"generation": g, "models": n}
                                      for g, n in sorted(histogram.items())]
    assert summary["computation"]["id"] == "run-1"
    by_relation = {row["relation"]: row for row in summary["disruption"]}
    # finetune children: ft-a (-0.5), ft-b (0.0); merge child: merged (1.0, lineage -1.0);
    # adapter child: adapter (-1.0); every model with a parent: all four.
    assert by_relation["finetune"]["mdi_models"] == 2
    assert by_relation["finetune"]["mdi_share_negative"] == 0.5
    assert by_relation["merge"]["mdi_positive"] == 1
    assert by_relation["merge"]["mdi_lineage_negative"] == 1
    assert by_relation["all"]["mdi_models"] == 4 and by_relation["all"]["mdi_negative"] == 2
    assert by_relation["all"]["mdi_lineage_models"] == 3
    assert by_relation["all"]["mdi_lineage_share_negative"] == round(2 / 3, 4)
    assert set(by_relation) == {"finetune", "merge", "adapter", "quantization", "all"}
    assert by_relation["quantization"]["mdi_models"] == 0
    assert by_relation["quantization"]["mdi_share_negative"] is None
    code, out, err = run_cli(capsys, "stats")
    assert code == 0 and "largest families" in out and "disruption" in out
