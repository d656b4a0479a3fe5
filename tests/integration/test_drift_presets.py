"""`lineage analyze drift` in both published versions on a real Neo4j: the ranked values all
have drift among them, the objective is the net forward weight of the drift graph, the final
code's version counts finetune edges only and ranks 10 tasks and libraries, and the
replication report compares each version with its own published figures."""

from __future__ import annotations

import json

import pytest

from lineage.analytics.jobs.analyses import AnalysisResult
from lineage.analytics.replication import published
from lineage.loader.synthetic import load_synthetic
from lineage.ui.cli import main
from lineage.ui.explorer import Explorer
from lineage.ui.render import analysis_report
from lineage.ui.render.graphfiles import NODE_PROPERTIES
from tests.unit.test_drift_orderings import oracle_orientation

MODELS, SEED = 3_000, 11


def run_json(capsys, *args) -> dict:
    with pytest.raises(SystemExit) as done:
        main(["analyze", *args, "--format", "json"])
    captured = capsys.readouterr()
    assert done.value.code == 0, captured.err
    return json.loads(captured.out)


@pytest.fixture
def ecosystem(graph, cli_env, tmp_path):
    load_synthetic(graph, MODELS, SEED, rejects_path=tmp_path / "rejects.jsonl")
    return graph


def licence_graph(relations: set[str] | None) -> list[tuple[str, str, int]]:
    """The licence drift graph straight from the models and edges the graph holds."""
    with Explorer() as explorer:
        models, edges = explorer.graph_frames(NODE_PROPERTIES)
    listed = {key: set(values) for key, values in zip(models["key"], models["licenses"])
              if isinstance(values, list) and values}
    chosen = edges if relations is None else edges[edges["relation"].isin(relations)]
    pairs = sorted(set(zip(chosen["parent"], chosen["child"])))  # one edge per pair
    return oracle_orientation([(p, c) for p, c in pairs if p != c], listed)


@pytest.mark.parametrize("preset,relations", [("paper", None), ("final-code", {"finetune"})])
def test_each_preset_ranks_values_with_drift_and_reports_the_objective(
        ecosystem, capsys, preset, relations):
    result = run_json(capsys, "drift", "--preset", preset)
    assert result["parameters"]["preset"] == preset
    tables = result["tables"]
    expected = {(a, b): w for a, b, w in licence_graph(relations)}
    orderings = [r for r in tables["orderings"]]
    assert {r["trait"] for r in orderings} >= {"license", "task", "library"}
    for row in orderings:
        ordering = row["ordering"]
        drift = {(e["source"], e["target"]): e["weight"] for e in tables["drift_graph"]
                 if e["trait"] == row["trait"]}
        assert set(drift) <= {(a, b) for a in ordering for b in ordering}
        for value in ordering:
            assert any(value in pair for pair in drift), (row["trait"], value)
        rank = {v: i for i, v in enumerate(ordering)}
        net = sum((w if row["weighted"] else 1) * (1 if rank[a] < rank[b] else -1)
                  for (a, b), w in drift.items())
        assert row["objective"] == pytest.approx(net)
        assert isinstance(row["unique"], bool)
        assert len(row["adjacent_stability"]) == len(ordering) - 1
        assert all(0 <= s <= 1 for s in row["adjacent_stability"])
        assert not set(row["unranked"]) & set(ordering)
        if row["trait"] == "license":
            assert drift == {pair: w for pair, w in expected.items()
                             if pair[0] in rank and pair[1] in rank}
    top = {"task": 10, "library": 10} if preset == "final-code" else {"task": 20, "library": 20}
    for trait, n in top.items():
        row = next(r for r in orderings if r["trait"] == trait and r["weighted"])
        assert len(row["ordering"]) + len(row["unranked"]) == n


def test_the_replication_report_compares_each_version_with_its_own_figures(
        ecosystem, capsys):
    for preset, version, figures in (("final-code", "the final code",
                                      published.DRIFT_FINAL_CODE),
                                     ("paper", "the paper", published.DRIFT)):
        result = run_json(capsys, "all", "--preset", preset)
        rows = {r["figure"]: r for r in result["tables"]["replication"]}
        for trait, reference in figures.items():
            row = rows[f"{trait}: drift directions agreeing ({version})"]
            assert row["published"] == pytest.approx(reference.explained)
        # The report's drift section shows each ordering with its steps' stability.
        report = analysis_report.render(AnalysisResult(
            "all", result["parameters"], result["tables"], result["notes"]), ".md")
        drift = report[report.index("## Drift of traits"):report.index("## Documentation")]
        weighted = next(r for r in result["tables"]["drift.orderings"]
                        if r["trait"] == "license" and r["weighted"])
        first, second = weighted["ordering"][:2]
        assert f"{first} > ({weighted['adjacent_stability'][0]:.3f}) {second}" in drift
        assert "objective (net forward weight)" in drift and preset in drift


def test_an_unknown_preset_is_a_usage_error(ecosystem, capsys):
    with pytest.raises(SystemExit) as done:
        main(["analyze", "drift", "--preset", "second-draft"])
    assert done.value.code == 2
    assert "paper" in capsys.readouterr().err
