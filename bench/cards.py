"""The formats and cards benchmark: the same synthetic ecosystem loaded as dataset CSV, as
Parquet, and as Parquet with card text, each into an empty graph, beside the naive loader;
then card search timed on the graph with cards.

    .venv/bin/python bench/cards.py --models 100000
    flock /tmp/lineage-bench.lock .venv/bin/python bench/cards.py --models 1860411

It prints, per file: wall seconds, models/s, the ratio to the naive loader (``bench/naive.py``,
one MERGE per model and per edge, one transaction each, on the first ``--baseline-rows`` models
of the file with cards), the loader's CPU seconds and peak memory, the phases the load recorded
on its Snapshot, the size of the server's data folder (store files and transaction logs) and
the server's resident memory after the load. Then the ratios that matter: CSV against Parquet,
and with cards against without; and the card search latency (p50, p95, max) over ``--searches`` phrase searches. Figures also go to a JSON
file (``--json``). It starts its own Neo4j (LINEAGE_NEO4J_HEAP / LINEAGE_NEO4J_PAGECACHE,
default 4g/4g) in a temporary folder and stops it at the end.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # bench/naive.py, bench/scale.py
sys.path.insert(0, str(BENCH.parent))  # tests/conftest.py

from scale import bench_settings, env_for, graph_counts  # noqa: E402

from lineage.analytics.cardsearch import search_cards  # noqa: E402
from lineage.cypher import schema  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402

#: Phrases an analyst looks for, from rare to very common in the synthetic cards.
PHRASES = ("distilled", "merged with", "mergekit", "more information needed", "fine tuned for",
           "batch size", "system prompt describing", "learning rate", "trained on",
           "relied on", "quantized", "apache-2.0", "the evaluation", "not suitable for",
           "gpt-2 v1.5 \"weights\"*~:")


@dataclasses.dataclass
class Load:
    name: str
    models: int
    edges: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    phases: dict
    store_mb: float
    server_mb: float

    @property
    def rate(self) -> float:
        return self.models / self.seconds


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, CPU seconds, peak resident MiB) of it alone."""
    import subprocess

    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read()[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def generate(args: argparse.Namespace, work: Path) -> dict[str, Path]:
    lineage = str(Path(sys.executable).with_name("lineage"))
    files = {"csv": work / "eco.csv", "parquet": work / "eco.parquet",
             "parquet+cards": work / "cards.parquet"}
    for name, path in files.items():
        measured([lineage, "generate", "--models", str(args.models), "--seed", str(args.seed),
                  "-o", str(path), *([] if "cards" in name else ["--no-cards"])],
                 dict(os.environ))
    return files


def load(name: str, path: Path, server: LocalServer, batch_size: int) -> Load:
    lineage = str(Path(sys.executable).with_name("lineage"))
    with Graph.connect(server.settings) as graph:
        graph.run("admin/clear")
        schema.apply(graph)
    seconds, cpu, peak = measured(
        [lineage, "load", "file", str(path), "--rejects", str(path) + ".rejects.jsonl",
         "--batch-size", str(batch_size)], env_for(server.settings))
    with Graph.connect(server.settings) as graph:
        counts = graph_counts(graph)
        phases = graph.adhoc("MATCH (s:Snapshot) RETURN s.seconds_models AS models, "
                             "s.seconds_edges AS edges, s.seconds_indexes AS indexes, "
                             "s.cards AS cards").rows[0]
    status = server.status()
    return Load(name, counts["models"], counts["edges"], seconds, cpu, peak, phases,
                folder_mb(status.data_dir), (status.memory_bytes or 0) / 2**20)


def time_searches(server: LocalServer, searches: int) -> dict:
    took = []
    with Graph.connect(server.settings) as graph:
        search_cards(graph, "warm up")
        for i in range(searches):
            started = time.perf_counter()
            search_cards(graph, PHRASES[i % len(PHRASES)], limit=20)
            took.append((time.perf_counter() - started) * 1000)
    took.sort()
    return {"searches": searches, "p50_ms": round(statistics.median(took), 1),
            "p95_ms": round(took[int(0.95 * (len(took) - 1))], 1), "max_ms": round(took[-1], 1)}


def main() -> None:
    from naive import naive_load

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-rows", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "cards.json")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lineage-bench-"))
    server = LocalServer(bench_settings(work / "home"))
    loads: list[Load] = []
    search: dict = {}
    baseline = None
    try:
        files = generate(args, work)
        print(f"Starting a Neo4j for the benchmark in {work} ...", file=sys.stderr)
        server.start()
        for name, path in files.items():
            loads.append(load(name, path, server, args.batch_size))
        search = time_searches(server, args.searches)
        with Graph.connect(server.settings) as graph:
            graph.run("admin/clear")
            schema.apply(graph)
            models, _, seconds = naive_load(graph, files["parquet+cards"], args.baseline_rows)
        baseline = models / seconds
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    by = {x.name: x for x in loads}
    print(f"{'file':15} {'models':>10} {'seconds':>8} {'models/s':>9} {'vs naive':>9} "
          f"{'CPU s':>7} {'peak MiB':>9} {'models s':>9} {'edges s':>8} {'index s':>8} "
          f"{'store MiB':>10} {'server MiB':>11}")
    for x in loads:
        print(f"{x.name:15} {x.models:>10,} {x.seconds:>8.1f} {x.rate:>9,.0f} "
              f"{x.rate / baseline:>8.0f}x {x.cpu_seconds:>7.1f} {x.peak_mb:>9,.0f} "
              f"{x.phases['models']:>9.1f} {x.phases['edges']:>8.1f} {x.phases['indexes']:>8.1f} "
              f"{x.store_mb:>10,.0f} {x.server_mb:>11,.0f}")
    print(f"{'naive baseline':15} {args.baseline_rows:>10,} {'':>8} {baseline:>9,.1f}")
    ratios = {"csv / parquet (time)": by["csv"].seconds / by["parquet"].seconds,
              "parquet+cards / parquet (time)": by["parquet+cards"].seconds
              / by["parquet"].seconds}
    for label, value in ratios.items():
        print(f"{label:32} {value:.2f}")
    print(f"card search over {search['searches']} phrase searches: p50 {search['p50_ms']} ms, "
          f"p95 {search['p95_ms']} ms, max {search['max_ms']} ms "
          f"({by['parquet+cards'].phases['cards']:,} cards)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(
        {"models": args.models, "load_average": os.getloadavg(), "naive_models_per_s": baseline,
         "loads": [{**dataclasses.asdict(x), "rate": x.rate} for x in loads],
         "ratios": ratios, "search": search}, indent=2))
    print(f"Figures written to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
