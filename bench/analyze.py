"""Benchmark of the ecosystem analyses: the exact ordering for N values, and the mutation and
drift counts on a synthetic ecosystem's frames against the paper's way (a networkx graph in
memory and a Python loop over the edges), side by side, with the ratio.

    python bench/analyze.py --models 100000 --seed 1 --values 20
    python bench/analyze.py --graph --models 200000

With ``--graph`` it also generates an ecosystem with card text, loads it into a Neo4j of its
own (a temporary home, stopped at the end) and times ``lineage analyze NAME`` for each
analysis and for ``all`` in a subprocess: wall time and the client's peak memory.

With ``--home`` it runs on a store already loaded and computed (a copy: the run stores its
results): it starts that home's server, times ``lineage analyze all`` step by step (from its
progress lines), prints the client's peak memory, the server's resident memory and the size of
the data folder, stops the server, and then times the paper's way beside ours on the frames of
``--file`` (the file the store was imported from):

    cp -a /path/to/home-1.86m-cards /tmp/h186
    export LINEAGE_HOME=/tmp/h186 NEO4J_URI=bolt://127.0.0.1:7799 NEO4J_PASSWORD=... \
        LINEAGE_NEO4J_HEAP=4g LINEAGE_NEO4J_PAGECACHE=4g
    python bench/analyze.py --home /tmp/h186 \
        --file eco-1.86m-cards.parquet"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from lineage.analytics.ecosystem import drift, mutation
from lineage.loader.synthetic import generate
from lineage.loader.synthetic.fileframes import read_frames


def paper_mutation(edges: pd.DataFrame, traits: pd.DataFrame) -> float:
    """The notebooks' way: traits as node attributes of a networkx graph, a loop over edges."""
    graph = nx.DiGraph()
    graph.add_edges_from(zip(edges["parent"], edges["child"], strict=True))
    for model, values in traits.groupby("model")["value"]:
        if model in graph:
            graph.nodes[model]["trait"] = set(values)
    total, count = 0.0, 0
    for parent, child in graph.edges:
        a, b = graph.nodes[parent].get("trait"), graph.nodes[child].get("trait")
        if a and b:
            total += 1 - len(a & b) / len(a | b)
            count += 1
    return total / count


def timed(work):
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def bench_graph(models: int, seed: int) -> None:
    """Load ``models`` with card text into a Neo4j of the benchmark's own, then time
    ``lineage analyze`` for every analysis."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale import bench_settings, env_for, run_measured

    from lineage.localneo4j.server import LocalServer

    work = Path(tempfile.mkdtemp(prefix="lineage-bench-analyze-"))
    lineage = str(Path(sys.executable).with_name("lineage"))
    server = LocalServer(bench_settings(work / "home"))
    try:
        path = work / "eco.parquet"
        seconds, peak, code, err = run_measured(
            [lineage, "generate", "--models", str(models), "--seed", str(seed), "-o",
             str(path)], env_for(server.settings))
        print(f"generate {models:,} models with cards: {seconds:.0f} s", flush=True)
        server.start()
        env = env_for(server.settings)
        seconds, peak, code, err = run_measured(
            [lineage, "load", "file", str(path), "--rejects", str(work / "rejects.jsonl")], env)
        if code:
            raise SystemExit(err)
        print(f"load with card text: {seconds:.0f} s, client peak {peak:,.0f} MiB", flush=True)
        for name in ("similarity", "mutation", "drift", "documentation", "race", "disruption",
                     "all"):
            out = work / f"{name}.json"
            seconds, peak, code, err = run_measured(
                [lineage, "analyze", name, "--truth", str(path), "--format", "json", "-o",
                 str(out)] if name == "all" else
                [lineage, "analyze", name, "--format", "json", "-o", str(out)], env)
            status = "ok" if code == 0 else f"exit {code}: {err[-300:]}"
            print(f"analyze {name}: {seconds:.1f} s, client peak {peak:,.0f} MiB ({status})",
                  flush=True)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def run_steps(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], float, int,
                                                                   str]:
    """Run ``lineage analyze all``; return seconds per step (from one ``analysis: NAME`` or
    ``reading ...`` progress line to the next), the client's peak resident MiB, the exit code
    and the stderr tail."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    steps: dict[str, float] = {}
    step, since, tail = "start-up", started, []
    for line in process.stderr:
        tail = (tail + [line])[-40:]
        text = line.strip()
        if text.startswith(("analysis: ", "reading ")):
            now = time.perf_counter()
            steps[step] = steps.get(step, 0) + now - since
            step, since = text.removeprefix("analysis: "), now
    _, status, usage = os.wait4(process.pid, 0)
    now = time.perf_counter()
    steps[f"{step} (and storing)"] = now - since
    steps["total"] = now - started
    return steps, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), "".join(tail)


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def bench_home(home: Path, file: Path) -> None:
    """Time ``lineage analyze all`` on a loaded, computed store (a copy), then stop it."""
    from lineage.localneo4j.server import LocalServer
    from lineage.settings import Settings

    settings = Settings.from_env({**os.environ, "LINEAGE_HOME": str(home)})
    server = LocalServer(settings)
    env = {**os.environ, "LINEAGE_HOME": str(home)}
    lineage = str(Path(sys.executable).with_name("lineage"))
    out = Path(tempfile.mkdtemp(prefix="lineage-bench-analyze-"))
    try:
        status = server.start()
        print(f"server started: {status.describe()}", flush=True)
        steps, peak, code, err = run_steps(
            [lineage, "analyze", "all", "--truth", str(file), "--format", "json", "-o",
             str(out / "all.json")], env)
        for step, seconds in steps.items():
            print(f"analyze all, {step}: {seconds:.1f} s", flush=True)
        print(f"analyze all: client peak {peak:,.0f} MiB, exit {code}", flush=True)
        if code:
            print(err, flush=True)
        status = server.status()
        print(f"server after analyze: {status.describe()}", flush=True)
    finally:
        server.stop()
        shutil.rmtree(out, ignore_errors=True)
    data = home / "neo4j" / "data"
    print(f"data folder {data}: {folder_bytes(data) / 2**30:.2f} GiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--values", type=int, default=20)
    parser.add_argument("--graph", action="store_true",
                        help="also load the ecosystem into Neo4j and time lineage analyze")
    parser.add_argument("--baseline-edges", type=int, default=0,
                        help="time the paper's way on this many sampled edges and scale it up "
                             "(it takes hours on millions); default every edge")
    parser.add_argument("--home", type=Path,
                        help="time lineage analyze all on this loaded, computed home (a copy)")
    parser.add_argument("--file", type=Path,
                        help="with --home: the file the store was imported from (its truth "
                             "and its frames for the paper's way)")
    args = parser.parse_args()
    if args.graph:
        bench_graph(args.models, args.seed)
    if args.home:
        if not args.file:
            parser.error("--home needs --file, the file the store was imported from")
        bench_home(args.home, args.file)

    rng = np.random.default_rng(args.seed)
    values = [f"v{i}" for i in range(args.values)]
    pairs = [(a, b) for a in values for b in values if a != b and rng.random() < 0.5]
    raw = pd.DataFrame(pairs, columns=["source", "target"]).assign(
        count=rng.integers(1, 50, len(pairs)))
    oriented = drift.drift_graph(raw, values)
    _, seconds = timed(lambda: drift.optimal_ordering(oriented, values))
    print(f"exact ordering of {args.values} values (scipy milp / HiGHS): {seconds:.2f} s")

    if args.file:
        frames = read_frames(args.file)
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "eco.parquet"
            generate(path, args.models, args.seed, with_cards=False)
            frames = read_frames(path)
    edges = frames.edges[frames.edges["parent"] != frames.edges["child"]]
    sample = edges
    if args.baseline_edges and args.baseline_edges < len(edges):
        sample = edges.sample(args.baseline_edges, random_state=args.seed)
    scale = len(edges) / len(sample)
    for trait in ("license", "language", "task", "library"):
        traits = frames.traits[trait]
        ours, ours_s = timed(lambda: mutation.mutation_rate(edges, traits).rate)
        # The paper's way on the sampled edges and their models' traits, timed and scaled up
        # by the share of edges sampled; checked against ours on the same sample.
        ends = set(sample["parent"]) | set(sample["child"])
        sampled_traits = traits[traits["model"].isin(ends)]
        paper, paper_s = timed(lambda: paper_mutation(sample, sampled_traits))
        check = mutation.mutation_rate(sample, sampled_traits).rate
        assert abs(check - paper) < 1e-9, (check, paper)
        paper_s *= scale
        how = (f"timed on {len(sample):,} sampled edges and scaled by {scale:.1f}"
               if scale > 1 else "timed on every edge")
        print(f"{trait} mutation on {len(edges):,} edges: ours {ours_s:.2f} s, paper's way "
              f"{paper_s:.2f} s ({how}), ratio {paper_s / ours_s:.1f}x (rate {ours:.4f})",
              flush=True)


if __name__ == "__main__":
    main()
