"""The published figures kept in the code are the ones printed in the reference files."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from lineage.analytics.replication import published

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference() -> Path:
    candidates = [Path(os.environ["LINEAGE_SHARED_REFERENCE"])] if os.environ.get(
        "LINEAGE_SHARED_REFERENCE") else []
    candidates += [folder / "shared" / "reference" for folder in (REPO.parent, REPO.parent.parent)]
    for folder in candidates:
        if (folder / "license_counts_printed.csv").exists():
            return folder
    pytest.skip("the published reference files live in the project's shared folder, outside "
                "the repository (set LINEAGE_SHARED_REFERENCE to point at them)")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_licence_and_language_counts_match_the_printed_ones(reference):
    licences = [(r["license"], int(r["n_models"])) for r in rows(
        reference / "license_counts_printed.csv")]
    languages = [(r["language"], int(r["n_models"])) for r in rows(
        reference / "language_counts_printed.csv")]
    assert list(published.LICENSE_COUNTS) == licences
    assert list(published.LANGUAGE_COUNTS) == languages


@pytest.mark.parametrize("graph,preset", [("full_graph", "paper"),
                                          ("finetune_only", "final-code")])
def test_drift_orderings_and_agreements_match_the_printed_ones(reference, graph, preset):
    printed = [r for r in rows(reference / "reference_orderings_printed.csv")
               if r["graph"].startswith(graph)]
    figures = published.DRIFT_BY_PRESET[preset]
    assert {r["trait"] for r in printed} == set(figures)
    for row in printed:
        drift = figures[row["trait"]]
        assert " > ".join(drift.ordering) == row["ordering_weighted"]
        assert " > ".join(drift.ordering_unweighted) == row["ordering_unweighted"]
        assert len(drift.ordering) == int(row["top_n"])
        assert row["oriented_compatibility"].startswith(f"{drift.agreeing} / {drift.oriented}")
        # Printed as a share, or as "forward / all (share)".
        share = row["mutations_accounted_for"].rpartition("(")[2].rstrip(")")
        assert float(share) == pytest.approx(drift.accounted_for)
        assert float(row["weighted_objective"]) == drift.objective
