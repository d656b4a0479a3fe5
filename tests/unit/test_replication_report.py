"""The replication report's rows and verdicts, and its rendering as self-contained documents."""

from __future__ import annotations

import re

import pytest

from lineage.analytics.jobs.analyses import AnalysisResult
from lineage.analytics.replication import published
from lineage.analytics.replication.figures import figures
from lineage.ui.render import analysis_report

TABLES = {
    "mutation.mutation": [
        {"trait": "license", "scope": "all edges", "distance": 15.0, "edges": 100,
         "rate": 0.15},
        {"trait": "license", "scope": "finetune", "distance": 9.0, "edges": 50, "rate": 0.18}],
    "drift.orderings": [
        {"trait": "task", "weighted": True, "ordering": list(published.DRIFT["task"].ordering),
         "agreeing": 9, "oriented": 10, "explained": 0.9, "accounted_for": 0.95}],
    "drift.drift_graph": [{"trait": "task", "source": published.DRIFT["task"].ordering[0],
                           "target": published.DRIFT["task"].ordering[1], "weight": 3}],
    "similarity.similarity": [
        {"text": "metadata", "kind": k, "measure": "tfidf", "mean": m, "low": m - 0.02,
         "high": m + 0.02, "pairs": 500}
        for k, m in (("random pair", 0.1), ("parent–child", 0.6), ("siblings", 0.8))],
    "race.race": [{"outcome": "log(1 + downloads)", "regressor": "log(rank)",
                   "coefficient": -0.25, "low": -0.33, "high": -0.17, "siblings": 900,
                   "parents": 90}],
    "disruption.distribution": [{"variant": "mdi", "models": 10, "mean": -0.2, "p5": -1,
                                 "p25": -0.5, "median": -0.2, "p75": 0, "p95": 0.5,
                                 "negative": 0.7, "zero": 0.1, "positive": 0.2}],
}


def by_figure(rows):
    return {row.figure: row for row in rows}


def test_rows_compare_with_the_planted_truth_when_there_is_one():
    truth = {"mutation": {"planted": {"license": {"finetune": 0.172, "all edges": 0.139}}},
             "race_to_release": {"rank_slope": -0.3}, "orderings": {
                 "task": list(published.DRIFT["task"].ordering)}}
    rows = by_figure(figures(TABLES, truth))
    finetune = rows["license: finetune edges"]
    assert finetune.planted == 0.172 and finetune.difference == pytest.approx(0.008)
    assert finetune.verdict == "agrees"
    # Against the planted rate the bar is one point: 0.15 is 1.1 points off 0.139.
    assert rows["license: all edges"].planted == 0.139
    assert rows["license: all edges"].verdict == "differs"
    tau = rows["task: Kendall tau with the planted ordering"]
    assert tau.graph == 1.0 and tau.verdict == "agrees"
    race = rows["log(1 + downloads) per log(rank)"]
    assert race.verdict == "agrees"  # -0.3 lies in [-0.33, -0.17]
    assert rows["metadata tfidf: siblings"].verdict == "agrees"  # 0.8 vs 0.84
    assert rows["card tfidf: siblings"].verdict == "n/a"
    assert rows["mdi: share consolidating (negative)"].verdict == "agrees"


def test_the_realised_race_slope_and_the_recoverable_ordering_are_the_truth_when_given():
    task = list(published.DRIFT["task"].ordering)
    # The stretch the file carries: the recovered ordering agrees over it, not over the rest.
    tables = {**TABLES, "drift.orderings": [{**TABLES["drift.orderings"][0],
                                             "ordering": task[:3] + task[3:][::-1]}]}
    truth = {"orderings": {"task": task}, "drift": {"task": {"recoverable": task[:3]}},
             "race_to_release": {"rank_slope": -0.3, "realised": {"rank_slope": -0.34}}}
    rows = by_figure(figures(tables, truth))
    tau = rows["task: Kendall tau with the recoverable planted ordering"]
    assert tau.graph == 1.0 and tau.verdict == "agrees"
    race = rows["log(1 + downloads) per log(rank)"]
    assert race.planted == -0.34 and race.verdict == "differs"  # outside [-0.33, -0.17]
    whole = by_figure(figures(tables, {"orderings": {"task": task}}))
    assert whole["task: Kendall tau with the planted ordering"].verdict == "differs"


def test_pairs_the_data_leaves_tied_are_named_and_not_counted_as_misses():
    """Against the whole planted ordering, the pairs the truth calls undecided (no chain of
    moves orders them) are left out of tau and the figure says how many; the other pairs
    still count."""
    task = list(published.DRIFT["task"].ordering)
    swapped = [task[1], task[0], *task[2:4], task[5], task[4], *task[6:]]
    tables = {**TABLES, "drift.orderings": [{**TABLES["drift.orderings"][0],
                                             "ordering": swapped}]}
    tied = {"orderings": {"task": task},
            "drift": {"task": {"recoverable": task[:2], "undecided": [[task[0], task[1]]]}}}
    rows = by_figure(figures(tables, tied))
    tau = rows["task: Kendall tau with the planted ordering "
               "(1 pairs the data leaves tied not counted)"]
    pairs = len(task) * (len(task) - 1) // 2 - 1  # one pair left out, one of the rest swapped
    assert tau.graph == pytest.approx((pairs - 2) / pairs) and tau.verdict == "agrees"
    decided = {"orderings": {"task": task}, "drift": {"task": {"undecided": []}}}
    whole = by_figure(figures(tables, decided))["task: Kendall tau with the planted ordering"]
    assert whole.graph == pytest.approx((pairs + 1 - 4) / (pairs + 1))


def test_without_truth_the_race_is_judged_by_its_sign_and_a_far_value_differs():
    tables = {**TABLES, "mutation.mutation": [
        {"trait": "license", "scope": "finetune", "distance": 0, "edges": 10, "rate": 0.5}]}
    rows = by_figure(figures(tables))
    assert rows["log(1 + downloads) per log(rank)"].verdict == "agrees"
    assert rows["license: finetune edges"].verdict == "differs"
    assert rows["license: all edges"].verdict == "n/a"
    assert "library: all edges" not in rows  # no published library rate, nothing planted


def test_reports_are_self_contained_with_their_plots():
    result = AnalysisResult("all", {"seed": 0}, dict(TABLES), ["race: a note"])
    result.tables["replication"] = [f.as_row() for f in figures(TABLES)]
    page = analysis_report.render(result, ".html")
    assert page.count("<svg") >= 3 and "agrees" in page and "race: a note" in page
    assert not re.search(r"(src|href)=['\"]https?:", page)
    markdown = analysis_report.render(result, ".md")
    assert markdown.startswith("# Replication report")
    assert markdown.count("](data:image/png;base64,") >= 3
    assert "| section | figure |" in markdown
