"""The formats and cards benchmark: the same synthetic ecosystem loaded as dataset CSV, as
Parquet, and as Parquet with card text, each into an empty graph, beside the naive loader;
then card search timed on the graph with cards.

    .venv/bin/python bench/cards.py --models 100000
    .venv/bin/python bench/cards.py --models 1860411 --seed 2 \
        --cards-file eco-1.86m-cards.parquet --import

It prints, per file: wall seconds, models/s, the ratio to the naive loader (``bench/naive.py``,
one MERGE per model and per edge, one transaction each, on the first ``--baseline-rows`` models
of the file with cards), the loader's CPU seconds and peak memory (with its card index
process: the CPU of both, the peak of the larger), the phases the load recorded
on its Snapshot, the size of the server's data folder (store files and transaction logs), the
size of the card text store and the server's resident memory after the load; each line is printed as its load ends. Then the
ratios that matter: CSV against Parquet, and with cards against without; and the card search
latency (p50, p95, max) over ``--searches`` phrase searches. ``--cards-file`` loads an existing
file with cards (``lineage generate --models N --seed S`` of the same N and S) instead of
generating one; ``--import`` also times ``lineage db import`` of it and searches the imported
graph; ``--loads`` chooses the online loads (``--loads parquet+cards --import``: online against
offline). Figures also go to a JSON
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

from lineage.analytics.reads.search import search_cards  # noqa: E402
from lineage.cypher import cardstore, schema  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402

#: The online loads, each into an empty graph.
LOADS = ("parquet+cards", "parquet", "csv")

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
    cards_mb: float

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
    """The files to load, the one with cards first (``--cards-file`` or generated)."""
    lineage = str(Path(sys.executable).with_name("lineage"))
    files = {"parquet+cards": args.cards_file or work / "cards.parquet",
             "parquet": work / "eco.parquet", "csv": work / "eco.csv"}
    files = {name: path for name, path in files.items()
             if name == "parquet+cards" or name in args.loads}
    for name, path in files.items():
        if not path.exists():
            cards = [] if "cards" in name else ["--no-cards"]
            measured([lineage, "generate", "--models", str(args.models), "--seed",
                      str(args.seed), "-o", str(path), *cards], dict(os.environ))
    return files


def empty_graph(server: LocalServer) -> None:
    """An empty database, in seconds: the server stopped, the database's files and the card
    stores deleted, the server started again (clearing millions of models takes minutes)."""
    server.stop()
    database = server.settings.database
    for folder in (server.data_dir / "databases" / database,
                   server.data_dir / "transactions" / database,
                   server.settings.home / "cards"):
        shutil.rmtree(folder, ignore_errors=True)
    server.start()
    with Graph.connect(server.settings) as graph:
        schema.apply(graph)


def load(name: str, path: Path, server: LocalServer, batch_size: int) -> Load:
    lineage = str(Path(sys.executable).with_name("lineage"))
    empty_graph(server)
    seconds, cpu, peak = measured(
        [lineage, "load", "file", str(path), "--rejects",
         str(server.home.parent / f"{name}.rejects.jsonl"),
         "--batch-size", str(batch_size)], env_for(server.settings))
    with Graph.connect(server.settings) as graph:
        counts = graph_counts(graph)
        phases = graph.adhoc("MATCH (s:Snapshot) RETURN s.seconds_models AS models, "
                             "s.seconds_edges AS edges, s.seconds_indexes AS indexes, "
                             "s.seconds_cards AS card_index, s.cards AS cards").rows[0]
        cards_mb = card_store_mb(graph)
    status = server.status()
    return Load(name, counts["models"], counts["edges"], seconds, cpu, peak, phases,
                folder_mb(status.data_dir), (status.memory_bytes or 0) / 2**20, cards_mb)


def card_store_mb(graph: Graph) -> float:
    found = cardstore.store_id(graph)
    return folder_mb(cardstore.store_folder(graph, found)) if found else 0.0


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


def offline_import(path: Path, server: LocalServer) -> Load:
    """``lineage db import`` of ``path`` into the benchmark's database (server stopped)."""
    lineage = str(Path(sys.executable).with_name("lineage"))
    server.stop()
    seconds, cpu, peak = measured([lineage, "db", "import", "--yes", str(path), "--rejects",
                                   str(server.home.parent / "import.rejects.jsonl")],
                                  env_for(server.settings))
    if not server.status().running:
        server.start()
    with Graph.connect(server.settings) as graph:
        counts = graph_counts(graph)
        cards = graph.adhoc("MATCH (s:Snapshot) RETURN s.cards AS cards").rows[0]
        cards_mb = card_store_mb(graph)
    status = server.status()
    return Load("import+cards", counts["models"], counts["edges"], seconds, cpu, peak,
                {"models": 0.0, "edges": 0.0, "indexes": 0.0, **cards},
                folder_mb(status.data_dir), (status.memory_bytes or 0) / 2**20, cards_mb)


def print_load(x: Load, baseline: float | None) -> None:
    ratio = f"{x.rate / baseline:>8.0f}x" if baseline else f"{'':>9}"
    print(f"{x.name:15} {x.models:>10,} {x.seconds:>8.1f} {x.rate:>9,.0f} {ratio} "
          f"{x.cpu_seconds:>7.1f} {x.peak_mb:>9,.0f} {x.phases['models']:>9.1f} "
          f"{x.phases['edges']:>8.1f} {x.phases['indexes']:>8.1f} {x.store_mb:>10,.0f} "
          f"{x.cards_mb:>9,.0f} {x.server_mb:>11,.0f}", flush=True)


def main() -> None:
    from naive import naive_load

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cards-file", type=Path,
                        help="an existing file with cards to load (else one is generated)")
    parser.add_argument("--import", dest="offline", action="store_true",
                        help="also time `lineage db import` of the file with cards, and search "
                             "the imported graph")
    parser.add_argument("--loads", type=lambda text: text.split(","), default=list(LOADS),
                        help=f"the online loads to time, of {','.join(LOADS)} (default all)")
    parser.add_argument("--baseline-rows", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--work", type=Path, help="folder for the files and the server "
                                                  "(default: a new temporary folder)")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "cards.json")
    args = parser.parse_args()
    if set(args.loads) - set(LOADS):
        parser.error(f"--loads: choose from {', '.join(LOADS)}")

    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="lineage-bench-", dir=args.work))
    server = LocalServer(bench_settings(work / "home"))
    loads: list[Load] = []
    searches: dict = {}
    baseline = None
    figures: dict = {"models": args.models}

    def save() -> None:
        figures.update({"load_average": os.getloadavg(), "naive_models_per_s": baseline,
                        "loads": [{**dataclasses.asdict(x), "rate": x.rate} for x in loads],
                        "search": searches})
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))

    print(f"{'file':15} {'models':>10} {'seconds':>8} {'models/s':>9} {'vs naive':>9} "
          f"{'CPU s':>7} {'peak MiB':>9} {'models s':>9} {'edges s':>8} {'index s':>8} "
          f"{'store MiB':>10} {'cards MiB':>9} {'server MiB':>11}", flush=True)
    try:
        files = generate(args, work)
        print(f"Starting a Neo4j for the benchmark in {work} ...", file=sys.stderr)
        server.start()
        for name, path in files.items():
            if name not in args.loads:
                continue
            loads.append(load(name, path, server, args.batch_size))
            print_load(loads[-1], None)
            if name == "parquet+cards":
                searches["online"] = time_searches(server, args.searches)
                print(f"card search: {searches['online']}", flush=True)
            save()
        empty_graph(server)
        with Graph.connect(server.settings) as graph:
            models, _, seconds = naive_load(graph, files["parquet+cards"], args.baseline_rows)
        baseline = models / seconds
        save()
        if args.offline:
            loads.append(offline_import(files["parquet+cards"], server))
            searches["import"] = time_searches(server, args.searches)
            save()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("again, with the naive loader's rate (measured on the first "
          f"{args.baseline_rows:,} rows of the file with cards, extrapolated as a rate):")
    for x in loads:
        print_load(x, baseline)
    print(f"{'naive baseline':15} {args.baseline_rows:>10,} {'':>8} {baseline:>9,.1f}")
    by = {x.name: x for x in loads}
    ratios = {f"{a} / {b} (time)": by[a].seconds / by[b].seconds
              for a, b in (("csv", "parquet"), ("parquet+cards", "parquet"),
                           ("import+cards", "parquet+cards")) if a in by and b in by}
    for label, value in ratios.items():
        print(f"{label:40} {value:.2f}")
    for where, search in searches.items():
        print(f"card search ({where}) over {search['searches']} phrase searches: p50 "
              f"{search['p50_ms']} ms, p95 {search['p95_ms']} ms, max {search['max_ms']} ms")
    figures["ratios"] = ratios
    save()
    print(f"Figures written to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
