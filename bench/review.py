"""The review benchmark: a lineage report deep in the largest family, and `lineage review
--all`, each beside a naive baseline, with ratios.

    flock /tmp/lineage-bench.lock .venv/bin/python bench/review.py --models 200000
    flock /tmp/lineage-bench.lock .venv/bin/python bench/review.py --models 1860411

It generates a synthetic ecosystem (``lineage generate --no-cards``), loads it into a Neo4j of
its own (temporary home; LINEAGE_NEO4J_HEAP / LINEAGE_NEO4J_PAGECACHE, default 4g/4g), then:

* ``report``: ``lineage report`` (the real command, in a subprocess: wall time including start-up)
  for the model with the most ancestors in the largest family (found with networkx over the edge
  frame); baseline: the same report's ancestry read by one variable-length Cypher match.
* ``review``: ``lineage review --all -o flags.csv`` (subprocess; wall time and peak memory);
  baseline: the naive review, one Cypher ancestry walk per model followed by the same flags, on
  ``--baseline-models`` models (lineage models first, the slow kind), extrapolated as a rate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from scale import bench_settings, env_for, run_measured  # noqa: E402

from lineage.analytics.frames import edge_frame  # noqa: E402
from lineage.analytics.governance import Link, flags  # noqa: E402
from lineage.analytics.reports import step_from  # noqa: E402
from lineage.analytics.rules import default_rules  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402

LINEAGE = str(Path(sys.executable).with_name("lineage"))
NAIVE_ANCESTRY = """
MATCH (m:Model {key: $key})
OPTIONAL MATCH path = (a:Model)-[*1..]->(m)
WITH m, collect(path) AS paths
RETURN m {.*, placeholder: m:Placeholder} AS model,
       [p IN paths | [r IN relationships(p) | {parent: startNode(r).key, child: endNode(r).key,
                      relation: toLower(type(r)), cycle: coalesce(r.cycle, false)}]] AS links,
       [p IN paths | [n IN nodes(p) | n {.*, placeholder: n:Placeholder}]] AS models
"""


def naive_flags(graph: Graph, key: str, rules) -> int:
    """One model's flags from one variable-length Cypher walk of its whole ancestry."""
    row = graph.adhoc(NAIVE_ANCESTRY, {"key": key}, max_rows=1).rows[0]
    facts = {row["model"]["key"]: row["model"]}
    for path in row["models"]:
        for node in path:
            facts.setdefault(node["key"], node)
    links: dict[str, set] = {}
    for path in row["links"]:
        for link in path:
            links.setdefault(link["child"], set()).add(
                Link(link["parent"], link["relation"], link["cycle"]))
    steps = [step_from(facts[k], 0 if k == key else 1, tuple(sorted(links.get(k, ()), key=_order)))
             for k in [key, *sorted(set(facts) - {key})]]
    return len(flags(steps, rules))


def _order(link: Link) -> tuple:
    return link.parent, link.relation, link.cycle


def deep_model(graph: Graph) -> tuple[str, int, int]:
    edges = edge_frame(graph)
    network = nx.from_pandas_edgelist(edges, "parent", "child", create_using=nx.DiGraph)
    largest = max(nx.weakly_connected_components(network), key=len)
    sub = network.subgraph(largest)
    key = max(sorted(largest), key=lambda k: len(nx.ancestors(sub, k)))
    return key, len(largest), len(nx.ancestors(sub, key))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-models", type=int, default=2000)
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "review.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lineage-bench-review-"))
    server = LocalServer(bench_settings(work / "home"))
    results: dict = {"models": args.models}
    try:
        path = work / "eco.parquet"
        subprocess.run([LINEAGE, "generate", "--models", str(args.models), "--seed",
                        str(args.seed), "-o", str(path), "--no-cards"], check=True,
                       stdout=subprocess.DEVNULL)
        server.start()
        env = env_for(server.settings)
        started = time.perf_counter()
        subprocess.run([LINEAGE, "load", "file", str(path), "--rejects", str(work / "r.jsonl")],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results["load_seconds"] = round(time.perf_counter() - started, 1)
        with Graph.connect(server.settings) as graph:
            key, family_size, ancestors = deep_model(graph)
            results.update(deep_model=key, family_size=family_size, ancestors=ancestors)

            seconds, peak, code, err = run_measured(
                [LINEAGE, "report", key, "-o", str(work / "report.html")], env)
            assert code == 0, err
            results["report_seconds"], results["report_peak_mib"] = seconds, peak
            print(f"report of {key}: {seconds:.2f} s, {peak:,.0f} MiB", file=sys.stderr)
            started = time.perf_counter()
            naive_flags(graph, key, default_rules())
            results["report_baseline_seconds"] = time.perf_counter() - started

            seconds, peak, code, err = run_measured(
                [LINEAGE, "review", "--all", "-o", str(work / "flags.csv")], env)
            assert code == 0, err
            total = graph.run("models/stats")[0]["models"]
            results.update(review_seconds=seconds, review_peak_mib=peak, review_models=total)
            print(f"review --all of {total:,} models: {seconds:.1f} s, {peak:,.0f} MiB",
                  file=sys.stderr)
            children = sorted(set(edge_frame(graph)["child"]))
            sample = random.Random(args.seed).sample(children,
                                                     min(args.baseline_models, len(children)))
            rules = default_rules()
            started = time.perf_counter()
            for model in sample:
                naive_flags(graph, model, rules)
            base = time.perf_counter() - started
            results.update(baseline_models=len(sample), baseline_seconds=base)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    rate = results["review_models"] / results["review_seconds"]
    base_rate = results["baseline_models"] / results["baseline_seconds"]
    results.update(review_rate=rate, baseline_rate=base_rate, ratio=rate / base_rate,
                   load_average=os.getloadavg())
    print(f"models in the graph          {results['review_models']:>12,}")
    print(f"largest family / ancestors   {results['family_size']:>12,} / {results['ancestors']}"
          f" ({results['deep_model']})")
    print(f"report (subprocess)          {results['report_seconds']:>12.2f} s, "
          f"{results['report_peak_mib']:,.0f} MiB peak; one-query baseline "
          f"{results['report_baseline_seconds']:.2f} s")
    print(f"review --all                 {results['review_seconds']:>12.1f} s, "
          f"{results['review_peak_mib']:,.0f} MiB peak, {rate:,.0f} models/s")
    print(f"naive per-model walk         {base_rate:>12,.0f} models/s "
          f"({results['baseline_models']:,} lineage models in {results['baseline_seconds']:.1f} s)"
          f"; whole graph ~{results['review_models'] / base_rate:,.0f} s")
    print(f"ratio                        {rate / base_rate:>12.1f}x")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
