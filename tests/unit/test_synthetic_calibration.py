"""The calibration report on a mid-size synthetic ecosystem: every figure within tolerance, and
the analytics recover what the truth file says was planted."""

from __future__ import annotations

import pytest

from lineage.analytics.ecosystem import recognition
from lineage.analytics.replication import published
from lineage.analytics.replication.tolerance import Tolerance
from lineage.loader.synthetic import generate
from lineage.loader.synthetic.calibration import Row, check, out_of_tolerance, report
from lineage.loader.synthetic.fileframes import read_frames
from lineage.loader.synthetic.truth import read_truth
from tests.fidelity import recoverable_tau, recovered_tau

MODELS = 200_000


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    path = tmp_path_factory.mktemp("calibration") / "eco.parquet"
    generate(path, MODELS, seed=1)
    frames = read_frames(path)
    return frames, report(frames), read_truth(path)


def test_every_figure_of_the_report_is_within_its_tolerance(calibrated):
    _, rows, _ = calibrated
    assert len(rows) >= 60
    assert [(r.section, r.figure, r.generated, r.published) for r in out_of_tolerance(rows)] == []
    check(rows)


def test_the_report_covers_every_published_family_of_figures(calibrated):
    _, rows, _ = calibrated
    sections = {row.section for row in rows}
    assert {"structure", "finetune forest (Table 1)", "mutation", "drift (top 20)",
            "vocabularies", "documentation", "race to release"} <= sections
    figures = " ".join(row.figure for row in rows)
    for word in ("components", "family #6", "deepest lineage", "children with children",
                 "uncle-nephew", "mutation rate", "accounted for", "automatically generated",
                 "languages listed by the parent"):
        assert word in figures


def test_the_race_to_release_is_recovered(calibrated):
    frames, _, truth = calibrated
    planted = truth["race_to_release"]
    effect = recognition.release_order_effect(frames.edges, frames.models,
                                              planted["window_days"])
    for which in ("rank", "crowding"):
        low, high = effect.interval(which)
        assert low <= planted[f"{which}_slope"] <= high < 0, which
        assert low <= planted["realised"][f"{which}_slope"] <= high, which


def test_the_planted_drift_orderings_are_recovered(calibrated):
    frames, _, truth = calibrated
    taus = {trait: recovered_tau(frames, truth, trait)
            for trait in ("license", "language", "task", "library")}
    assert min(taus.values()) >= 0.9, taus


def test_every_ordering_is_recovered_as_far_as_the_generator_carries_it(calibrated):
    """Over the stretch of each planted ordering the generator's moves carry (the truth's
    ``recoverable``), tau is at least 0.9 for all four traits; at this size the stretch holds
    most of the values the analysis orders."""
    frames, _, truth = calibrated
    for trait, least in (("license", 10), ("language", 10),
                         ("task", 7), ("library", 6)):
        tau, values = recoverable_tau(frames, truth, trait)
        assert values >= least and tau >= 0.9, (trait, tau, values)


def test_tolerances_say_what_they_accept():
    assert Tolerance("relative", 0.1).holds(105, 100) and not Tolerance("relative", 0.1).holds(
        111, 100)
    assert Tolerance("absolute", 0.02).holds(0.31, 0.3)
    assert Tolerance("factor", 2).holds(190, 100) and not Tolerance("factor", 2).holds(40, 100)
    assert Tolerance("at most", 0.9).holds(0.5, "< 1") and not Tolerance("at most", 0.9).holds(
        1.2, "< 1")
    assert Tolerance("negative").holds(-0.1, "negative")
    assert not Tolerance("negative").holds(float("nan"), "negative")
    assert Tolerance("same").holds("transformers", "transformers")
    row = Row("s", "f", 1.5, 1.0, Tolerance("relative", 0.1))
    assert not row.ok and row.as_dict()["status"] == "OUT"
    assert published.scaled(published.EDGES_TOTAL, published.DATASET_MODELS) == 573_653
