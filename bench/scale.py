"""The scale benchmark: each stage against its baseline, side by side, with ratios.

    .venv/bin/python bench/scale.py                      # 200,000 models, a few minutes
    .venv/bin/python bench/scale.py --models 1860411     # the published dataset's size

Stages:

* ``generate``: ``lineage generate`` writes an N-model synthetic ecosystem in the published
  dataset's schema (Parquet; ``--cards`` for the variant with model cards); baseline: reading
  the same file back with Arrow, the I/O floor.
* ``load``: ``lineage load file`` (the real command, in a subprocess) into an empty local Neo4j;
  baseline: the naive loader (``bench/naive.py``, one MERGE per model and per edge, one
  transaction each) on the first ``--baseline-rows`` models. Ratio: models/s over models/s.
* ``import``: the offline ``lineage db import`` of the same file into an empty database, the
  upper anchor the online loader is compared with.

Each stage prints wall time, rows/s and peak memory; figures go to a JSON file (``--json``) so
runs can be compared. The benchmark starts its own Neo4j (memory from LINEAGE_NEO4J_HEAP and
LINEAGE_NEO4J_PAGECACHE, defaults 4g/4g) in a temporary home and stops it at the end.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # bench/naive.py
sys.path.insert(0, str(BENCH.parent))  # tests/conftest.py

from lineage.cypher import schema  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402
from lineage.settings import Settings  # noqa: E402
from tests.conftest import free_port  # noqa: E402


@dataclasses.dataclass
class Stage:
    name: str
    rows: int
    seconds: float
    peak_mb: float | None = None
    extra: dict = dataclasses.field(default_factory=dict)
    baseline: Stage | None = None

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def ratio(self) -> float | None:
        return self.rate / self.baseline.rate if self.baseline and self.baseline.rate else None


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run a command; return (seconds, peak resident MiB, exit code, stderr tail)."""
    seconds, usage, code, tail = run_with_usage(command, env)
    return seconds, usage.ru_maxrss / 1024, code, tail


def run_with_usage(command: list[str], env: dict[str, str]
                   ) -> tuple[float, resource.struct_rusage, int, str]:
    """Run a command; return (seconds, its resource usage, exit code, stderr tail)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        # wait4 gives this child's own peak memory (not the maximum over every child so far).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        tail = err.read()[-3000:]
    return seconds, usage, os.waitstatus_to_exitcode(status), tail


def bench_settings(home: Path) -> Settings:
    env = {**os.environ, "LINEAGE_HOME": str(home),
           "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}",
           "NEO4J_PASSWORD": secrets.token_hex(12)}
    return Settings.from_env(env)


def home_settings(home: Path) -> tuple[bool, Settings]:
    """Whether ``home`` holds no database yet, and the settings of its server: a fresh port
    and password for a new one, those saved beside a benchmark's own (``bench.json``), or the
    environment's for a home made elsewhere."""
    fresh = not (home / "neo4j" / "data").exists()
    settings = bench_settings(home)
    if not fresh and (home / "bench.json").exists():
        saved = json.loads((home / "bench.json").read_text())
        settings = Settings.from_env({**env_for(settings), **saved})
    elif not fresh:
        settings = Settings.from_env({**os.environ, "LINEAGE_HOME": str(home)})
    return fresh, settings


def env_for(settings: Settings) -> dict[str, str]:
    return {**os.environ, "LINEAGE_HOME": str(settings.home), "NEO4J_URI": settings.uri,
            "NEO4J_PASSWORD": settings.password or "",
            "LINEAGE_NEO4J_HEAP": settings.neo4j_heap,
            "LINEAGE_NEO4J_PAGECACHE": settings.neo4j_pagecache}


def graph_counts(graph: Graph) -> dict[str, int]:
    from lineage.analytics.reads.stats import size

    return size(graph)


def stage_generate(args: argparse.Namespace, work: Path) -> tuple[Path, Stage]:
    import pyarrow.parquet as pq

    path = work / f"eco-{args.models}.parquet"
    lineage = str(Path(sys.executable).with_name("lineage"))
    seconds, peak, code, err = run_measured(
        [lineage, "generate", "--models", str(args.models), "--seed", str(args.seed),
         "-o", str(path), *([] if args.cards else ["--no-cards"])], dict(os.environ))
    if code != 0:
        raise SystemExit(f"lineage generate failed:\n{err}")
    started = time.perf_counter()
    for _ in pq.ParquetFile(path).iter_batches(batch_size=65_536):
        pass
    stage = Stage("generate", args.models, seconds, peak,
                  {"file_mb": round(path.stat().st_size / 2**20)})
    stage.baseline = Stage("read back (I/O floor)", args.models, time.perf_counter() - started)
    return path, stage


def stage_load(args: argparse.Namespace, path: Path, server: LocalServer) -> Stage:
    from naive import naive_load

    settings = server.settings
    lineage = str(Path(sys.executable).with_name("lineage"))
    with Graph.connect(settings) as graph:
        graph.run("admin/clear")
        schema.apply(graph)
    seconds, peak, code, err = run_measured(
        [lineage, "load", "file", str(path), "--rejects", str(path) + ".rejects.jsonl",
         "--batch-size", str(args.batch_size)], env_for(settings))
    if code != 0:
        raise SystemExit(f"lineage load file failed:\n{err}")
    with Graph.connect(settings) as graph:
        counts = graph_counts(graph)
        graph.run("admin/clear")
        schema.apply(graph)
        models, edges, base_seconds = naive_load(graph, path, args.baseline_rows)
    load = Stage("load", counts["models"], seconds, peak,
                 {"edges": counts["edges"], "edges_per_s": round(counts["edges"] / seconds),
                  "batch_size": args.batch_size})
    load.baseline = Stage("load (naive baseline)", models, base_seconds,
                          extra={"edges": edges})
    return load


def stage_import(args: argparse.Namespace, path: Path, server: LocalServer) -> Stage | None:
    lineage = str(Path(sys.executable).with_name("lineage"))
    server.stop()
    seconds, peak, code, err = run_measured(
        [lineage, "db", "import", str(path), "--yes"], env_for(server.settings))
    server.start()
    if code != 0:
        print(f"(import stage skipped: {err.strip().splitlines()[-1] if err.strip() else code})")
        return None
    with Graph.connect(server.settings) as graph:
        counts = graph_counts(graph)
    return Stage("import (offline anchor)", counts["models"], seconds, peak,
                 {"edges": counts["edges"]})


def report(stages: list[Stage]) -> None:
    header = f"{'stage':28} {'rows':>10} {'seconds':>9} {'rows/s':>10} {'peak MiB':>9} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for stage in stages:
        for row in (stage, stage.baseline):
            if row is None:
                continue
            ratio = f"{row.ratio:.1f}x" if row.ratio else ""
            peak = f"{row.peak_mb:,.0f}" if row.peak_mb else ""
            print(f"{row.name:28} {row.rows:>10,} {row.seconds:>9.1f} {row.rate:>10,.0f} "
                  f"{peak:>9} {ratio:>7}")
            for key, value in row.extra.items():
                print(f"{'  ' + key:28} {value:>10,}" if isinstance(value, int)
                      else f"{'  ' + key:28} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path, help="load this file instead of generating one")
    parser.add_argument("--cards", action="store_true",
                        help="generate the dataset variant with model cards")
    parser.add_argument("--baseline-rows", type=int, default=3000,
                        help="models the naive baseline loads (it is slow)")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--stages", default="generate,load,import")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "scale.json")
    args = parser.parse_args()
    stages_wanted = set(args.stages.split(","))

    work = Path(tempfile.mkdtemp(prefix="lineage-bench-"))
    server = LocalServer(bench_settings(work / "home"))
    stages: list[Stage] = []
    try:
        if args.file:
            path = args.file
        else:
            path, generated = stage_generate(args, work)
            stages.append(generated)
        print(f"Starting a Neo4j for the benchmark in {work} ...", file=sys.stderr)
        server.start()
        if "load" in stages_wanted:
            stages.append(stage_load(args, path, server))
        if "import" in stages_wanted:
            anchor = stage_import(args, path, server)
            if anchor:
                stages.append(anchor)
    finally:
        server.stop()
        report(stages)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(
            {"models": args.models, "load_average": os.getloadavg(),
             "stages": [{**dataclasses.asdict(s), "rate": s.rate, "ratio": s.ratio}
                        for s in stages]}, indent=2, default=str))
        print(f"Figures written to {args.json}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
