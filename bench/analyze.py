"""Benchmark of the ecosystem analyses: the exact ordering for N values, and the mutation and
drift counts on a synthetic ecosystem's frames against the paper's way (a networkx graph in
memory and a Python loop over the edges), side by side, with the ratio.

    python bench/analyze.py --models 100000 --seed 1 --values 20
    flock /tmp/lineage-bench.lock python bench/analyze.py --graph --models 200000

With ``--graph`` it also generates an ecosystem with card text, loads it into a Neo4j of its
own (a temporary home, stopped at the end) and times ``lineage analyze NAME`` for each
analysis and for ``all`` in a subprocess: wall time and the client's peak memory."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from lineage.analytics import drift, mutation
from lineage.loader.synthetic import generate
from lineage.loader.synthetic.frames import read_frames


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--values", type=int, default=20)
    parser.add_argument("--graph", action="store_true",
                        help="also load the ecosystem into Neo4j and time lineage analyze")
    args = parser.parse_args()
    if args.graph:
        bench_graph(args.models, args.seed)

    rng = np.random.default_rng(args.seed)
    values = [f"v{i}" for i in range(args.values)]
    pairs = [(a, b) for a in values for b in values if a != b and rng.random() < 0.5]
    raw = pd.DataFrame(pairs, columns=["source", "target"]).assign(
        count=rng.integers(1, 50, len(pairs)))
    oriented = drift.drift_graph(raw, values)
    _, seconds = timed(lambda: drift.optimal_ordering(oriented, values))
    print(f"exact ordering of {args.values} values (scipy milp / HiGHS): {seconds:.2f} s")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "eco.parquet"
        generate(path, args.models, args.seed, with_cards=False)
        frames = read_frames(path)
    edges = frames.edges[frames.edges["parent"] != frames.edges["child"]]
    for trait in ("license", "task"):
        ours, ours_s = timed(lambda: mutation.mutation_rate(edges, frames.traits[trait]).rate)
        paper, paper_s = timed(lambda: paper_mutation(edges, frames.traits[trait]))
        assert abs(ours - paper) < 1e-9, (ours, paper)
        print(f"{trait} mutation on {len(edges):,} edges: ours {ours_s:.2f} s, paper's way "
              f"{paper_s:.2f} s, ratio {paper_s / ours_s:.1f}x (rate {ours:.4f} both)")


if __name__ == "__main__":
    main()
