"""The inference benchmark: `lineage infer` beside a naive all-pairs search.

    .venv/bin/python bench/infer.py --file eco.parquet      # import it, then infer
    .venv/bin/python bench/infer.py --home /tmp/kept        # reuse an imported database

* contender: ``lineage infer`` (the real command in a subprocess: read every model, build the
  indexes, learn from the declared edges, score the candidates of every model without a
  declared parent, write the suggestions), its wall time and peak resident memory;
* baseline: the naive search the indexes avoid: for a random sample of the same models, every
  loaded model is a candidate, scored with the same features and the same trained scorer;
  its seconds per model are timed on the sample and extrapolated to every model asked about.

Prints both, the ratio, and the contender's seconds by step. The benchmark runs its own Neo4j
(memory from LINEAGE_NEO4J_HEAP and LINEAGE_NEO4J_PAGECACHE, defaults 4g/4g) in a temporary
home (or ``--home``) and stops it at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import numpy as np  # noqa: E402
from scale import env_for, home_settings, run_measured  # noqa: E402

from lineage.analytics.inference.candidates import CandidateIndex, Candidates  # noqa: E402
from lineage.analytics.inference.features import Profiles, features  # noqa: E402
from lineage.analytics.inference.scorer import learn  # noqa: E402
from lineage.analytics.jobs.infer import read_population  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402


def baseline(graph: Graph, sample: int) -> tuple[float, int]:
    """Every model as a candidate of each sampled model; returns (seconds per model, models
    asked about)."""
    pop = read_population(graph)
    index, profiles = CandidateIndex(pop), Profiles(pop)
    scorer = learn(pop, index, profiles)
    asked = np.flatnonzero(~pop.placeholder & ~pop.declared)
    chosen = np.random.default_rng(0).choice(asked, min(sample, len(asked)), replace=False)
    everyone = np.arange(len(pop), dtype=np.int64)
    started = time.perf_counter()
    for child in chosen:
        others = everyone[everyone != child]
        pairs = Candidates(child=np.full(len(others), child, dtype=np.int64), parent=others,
                           sources=np.zeros(len(others), dtype=np.uint8),
                           name_coverage=np.zeros(len(others), dtype=np.float32),
                           name_prefix=np.zeros(len(others), dtype=bool),
                           mention_rank=np.full(len(others), -1, dtype=np.int16))
        for start in range(0, len(others), 500_000):
            part = pairs.take(slice(start, start + 500_000))
            world = pop.synthetic[part.child]
            scorer.confidence(features(pop, part, profiles), world)
    return (time.perf_counter() - started) / max(len(chosen), 1), len(asked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, help="import this file into a fresh database")
    parser.add_argument("--home", type=Path,
                        help="keep the database here (reused when it already holds one)")
    parser.add_argument("--sample", type=int, default=5,
                        help="models the all-pairs baseline scores (it is slow)")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "infer.json")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="lineage-bench-infer-")) / "home"
    os.environ.setdefault("LINEAGE_QUERY_TIMEOUT", "600")
    fresh, settings = home_settings(home)
    server = LocalServer(settings)
    lineage = str(Path(sys.executable).with_name("lineage"))
    try:
        if fresh:
            if not args.file:
                raise SystemExit("give --file (or --home of an imported database)")
            seconds, _, code, err = run_measured(
                [lineage, "db", "import", str(args.file), "--yes"], env_for(settings))
            if code != 0:
                raise SystemExit(f"the import failed:\n{err}")
            (home / "bench.json").write_text(json.dumps(
                {"NEO4J_URI": settings.uri, "NEO4J_PASSWORD": settings.password}))
            print(f"imported in {seconds:.0f} s", file=sys.stderr)
        server.start()
        out = home / "infer-summary.json"
        seconds, peak, code, err = run_measured(
            [lineage, "infer", "--format", "json", "-o", str(out)], env_for(settings))
        if code != 0:
            raise SystemExit(f"lineage infer failed:\n{err}")
        summary = {row["what"]: row["value"] for row in json.loads(out.read_text())}
        with Graph.connect(settings) as graph:
            per_model, asked = baseline(graph, args.sample)
        base = per_model * asked
        print(f"{'':40} {'seconds':>10} {'peak MiB':>9} {'ratio':>8}")
        print(f"{'lineage infer':40} {seconds:>10.1f} {peak:>9,.0f} {base / seconds:>7.0f}x")
        print(f"{'all pairs, same scorer (baseline)':40} {base:>10.0f} {'':>9} {'1x':>8}")
        print(f"  baseline: {per_model:.2f} s per model on {args.sample} sampled models, times "
              f"{asked:,} models asked about")
        print(f"  models {summary['models']:,}; asked about {summary['models asked about']:,}; "
              f"learned from {summary['learned from (models with declared parents)']:,}; "
              f"suggestions {summary['suggestions at confidence >= 0.5']:,}")
        print("  seconds by step: " + ", ".join(
            f"{k.removeprefix('seconds ')} {v}" for k, v in summary.items()
            if k.startswith("seconds ")))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "contender_seconds": seconds, "contender_peak_mib": peak,
            "baseline_seconds_per_model": per_model, "baseline_seconds": base,
            "ratio": base / seconds, "summary": summary}, indent=1) + "\n")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
