"""Kin queries and Table 1 in Neo4j beside the paper's way, networkx in memory, with ratios.

    .venv/bin/python bench/kin.py               # 2.5M models
    .venv/bin/python bench/kin.py --models 200000
    .venv/bin/python bench/kin.py --home /tmp/copy-of-a-home

It writes a synthetic ecosystem (``lineage generate --no-cards``), imports it offline
(``lineage db import``) into a Neo4j of its own in a temporary folder, and then:

* **kin**: in the largest family (weak component over every relation), for a few models (the
  root with the most children, a child and a grandchild of the model with the most children,
  the deepest model, a merge), runs every kind of
  kin with a limit of 100 and the total, ``--repeat`` times: p50 and p95 of the named query
  on its live walk (a marker load left unfinished for the while keeps the queries off the
  stored heads of huge kin sets) and from the stored heads (the ``Kin`` nodes ``lineage
  compute`` writes), the ratio live / stored, and the p95 of
  :func:`lineage.analytics.reads.kin.kin`. Baseline: the same kin from a networkx DiGraph of every
  edge held in memory (set operations over neighbours, ``nx.ancestors``/``descendants``, the
  100 most downloaded with ``heapq``); the time to build that graph is printed too. All sides'
  totals must agree, and both query paths must return the same rows.
* **topology**: ``lineage stats topology`` (the finetune forest) against the same eight counts
  from degree loops over a networkx DiGraph of the finetune edges; both must agree exactly.
* **stats**: the seconds of each query ``lineage stats`` runs (no baseline: they read what
  ``lineage compute`` stored).

Prints the figures and ratios, the server's resident memory and the benchmark's peak, and
writes them to ``--json``. The server is stopped at the end. Without ``--home`` it runs
``lineage compute --only kin`` after the import (the stored heads). With ``--home`` it uses that
LINEAGE_HOME's database as it is (imported, and computed: the stats read the measures and the
kin queries the heads) through NEO4J_URI and NEO4J_PASSWORD from the environment, instead of
generating one; it writes there only the marker load, removed when done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import pandas as pd

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from scale import bench_settings, env_for  # noqa: E402

from lineage.analytics.jobs.compute import compute, read_related  # noqa: E402
from lineage.analytics.reads.frames import relation_types  # noqa: E402
from lineage.analytics.reads.kin import KINDS, kin, query_name  # noqa: E402
from lineage.analytics.reads.stats import topology  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer, _resident_bytes  # noqa: E402
from lineage.settings import Settings  # noqa: E402

LIMIT = 100
#: The id of the unfinished load that keeps the kin queries on their live walk while it lasts.
MARKER = "bench-kin-live-walk"


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def nx_kin(g: nx.DiGraph, m: str, kind: str) -> set[str]:
    """One kind of kin from neighbour sets: what an in-memory analysis would do."""
    pred, succ = g.pred, g.succ

    def siblings(x: str) -> set[str]:
        return {s for q in pred[x] for s in succ[q]} - {x}

    if kind == "parents":
        return set(pred[m])
    if kind == "children":
        return set(succ[m])
    if kind == "siblings":
        return siblings(m)
    if kind == "half-siblings":
        own = set(pred[m])
        return {s for s in siblings(m) if set(pred[s]) != own}
    if kind == "cousins":
        grand = {gp for q in pred[m] for gp in pred[q]}
        own = set(pred[m])
        found = {c for gp in grand for q in succ[gp] for c in succ[q]} - {m}
        return {c for c in found if not own & set(pred[c])}
    if kind == "aunts-uncles":
        return {u for q in pred[m] for u in siblings(q)} - set(pred[m]) - {m}
    if kind == "nieces-nephews":
        return {n for s in siblings(m) for n in succ[s]} - set(succ[m]) - {m}
    if kind == "ancestors":
        return nx.ancestors(g, m) - {m}
    if kind == "descendants":
        return nx.descendants(g, m) - {m}
    if kind == "roots":
        return {r for r in nx.ancestors(g, m) | {m} if not pred[r]}
    raise ValueError(kind)


def nx_table1(g: nx.DiGraph, nodes: int) -> dict[str, int]:
    """Table 1 from degree loops over the finetune graph in memory."""
    out = {v: len(g.succ[v]) for v in g}
    into = {v: len(g.pred[v]) for v in g}
    counts = dict.fromkeys(("pairs", "edges", "sibling_pairs", "sibling_triples",
                            "two_step_paths", "edge_child_pairs", "uncle_nephew",
                            "three_step_paths"), 0)
    counts["pairs"] = nodes * (nodes - 1)
    for v, k in out.items():
        counts["sibling_pairs"] += k * (k - 1) // 2
        counts["sibling_triples"] += k * (k - 1) * (k - 2) // 6
    for u, v in g.edges:
        counts["edges"] += 1
        counts["two_step_paths"] += out[v]
        counts["edge_child_pairs"] += out[v] * (out[v] - 1) // 2
        counts["uncle_nephew"] += (out[u] - 1) * out[v]
        counts["three_step_paths"] += into[u] * out[v]
    return counts


def focus_models(g: nx.DiGraph, merges: set[str]) -> tuple[dict[str, str], set[str]]:
    """The models the kin are asked of, in the largest family."""
    family = max(nx.weakly_connected_components(g), key=len)
    sub = g.subgraph(family)
    root = max((v for v in sub if not sub.pred[v]), key=lambda v: len(sub.succ[v]))
    hub = max(sub, key=lambda v: len(sub.succ[v]))
    child = next(iter(sub.succ[hub]))
    condensed = nx.condensation(sub)
    deepest = min(condensed.nodes[nx.dag_longest_path(condensed)[-1]]["members"])
    picks = {"root": root, "child of the parent with most children": child, "deepest": deepest}
    grandchild = next((g for c in sub.succ[hub] for g in sub.succ[c]), None)
    if grandchild:
        picks["grandchild of that parent"] = grandchild
    merge = next((v for v in sub if v in merges), None)
    if merge:
        picks["merge"] = merge
    return picks, family


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=2_500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path, help="import this file instead of generating one")
    parser.add_argument("--home", type=Path, help="use this LINEAGE_HOME's database as it is")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "kin.json")
    args = parser.parse_args()
    lineage = str(Path(sys.executable).with_name("lineage"))
    work = Path(tempfile.mkdtemp(prefix="lineage-kin-bench-"))
    if args.home:
        settings = Settings.from_env({**os.environ, "LINEAGE_HOME": str(args.home)})
    else:
        settings = bench_settings(work / "home")
    server = LocalServer(settings)
    figures: dict = {"models": args.models, "load_average_start": os.getloadavg()}
    try:
        if not args.home:
            path = args.file or work / "eco.parquet"
            if not args.file:
                subprocess.run([lineage, "generate", "--models", str(args.models), "--seed",
                                str(args.seed), "--no-cards", "-o", str(path)], check=True,
                               stdout=subprocess.DEVNULL)
            server.start()
            server.stop()
            started = time.perf_counter()
            subprocess.run([lineage, "db", "import", str(path), "--yes", "--rejects",
                            str(work / "rejects.jsonl")], check=True,
                           env=env_for(server.settings), stdout=subprocess.DEVNULL)
            figures["import_seconds"] = round(time.perf_counter() - started, 1)
        server.start()
        with Graph.connect(server.settings) as graph:
            if not args.home:
                figures["compute_kin_seconds"] = round(
                    compute(graph, only=["kin"]).total_seconds, 1)
            figures["models"] = graph.run("stats/graph")[0]["models"]
            figures.update(run(graph, args))
        figures["server_rss_mib"] = round((_resident_bytes(server.status().pid) or 0) / 2**20)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    figures["bench_peak_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["load_average_end"] = os.getloadavg()
    print(json.dumps({k: v for k, v in figures.items() if k != "kin"}, indent=2, default=str))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, default=str))
    print(f"Figures written to {args.json}", file=sys.stderr)


def run(graph: Graph, args: argparse.Namespace) -> dict:
    figures: dict = {}
    started = time.perf_counter()
    related, read = read_related(graph, [])
    keys = related["key"].to_numpy(dtype=object)
    edges = pd.DataFrame({"parent": keys[read["parent"]], "child": keys[read["child"]],
                          "relation": read["relation"]})
    g = nx.DiGraph()
    g.add_edges_from(zip(edges["parent"], edges["child"], strict=True))
    figures["baseline_build_seconds"] = round(time.perf_counter() - started, 1)
    figures["edges"] = len(edges)
    merges = set(edges.loc[edges["relation"] == "merge", "child"])
    picks, family = focus_models(g, merges)
    figures["largest_family"] = len(family)
    downloads = {r["key"]: r["downloads"] or -1 for r in graph.adhoc(
        "MATCH (m:Model) WHERE m.key IN $keys RETURN m.key AS key, m.downloads AS downloads",
        {"keys": sorted(family)}, max_rows=len(family)).rows}
    types = relation_types(None)
    figures["kin_nodes"] = graph.adhoc("MATCH (k:Kin) RETURN count(k) AS n").rows[0]["n"]
    asks = [(label, graph.run("models/get", id=key)[0]["model"]["id"], key, kind)
            for label, key in picks.items() for kind in KINDS]

    def query(model_id: str, kind: str) -> list[dict]:
        return graph.run(query_name(kind), id=model_id, types=types, limit=LIMIT)

    live = {}
    graph.run("load/snapshot_start", id=MARKER, source="bench/kin.py: live walks",
              kind="synthetic", started=dt.datetime.now(dt.timezone.utc))
    try:
        for _, model_id, _, kind in asks:
            query(model_id, kind)  # planned once, then timed
            live[model_id, kind] = timed(lambda: query(model_id, kind), args.repeat)  # noqa: B023
    finally:
        graph.run_statements("bench/kin_marker",
                             [f"MATCH (s:Snapshot {{id: '{MARKER}'}}) DELETE s"])
    rows = []
    print(f"{'model':24} {'kind':15} {'total':>7} {'live p50':>9} {'live p95':>9} "
          f"{'stored p50':>10} {'stored p95':>10} {'live/st':>8} {'kin() p95':>10} "
          f"{'networkx p95':>12} {'nx/stored':>9}")
    for label, model_id, key, kind in asks:
        query(model_id, kind)
        query_times, result = timed(lambda: query(model_id, kind), args.repeat)  # noqa: B023
        function_times, (_, total) = timed(
            lambda: kin(graph, model_id, kind, limit=LIMIT), args.repeat)  # noqa: B023
        base_times, found = timed(lambda: (lambda s: (heapq.nlargest(  # noqa: B023
            LIMIT, s, key=lambda k: (downloads.get(k, -1), k)), len(s)))(
                nx_kin(g, key, kind)), args.repeat)  # noqa: B023
        live_times, walked = live[model_id, kind]
        if found[1] != total:
            raise SystemExit(f"{kind} of {model_id}: Neo4j counts {total}, "
                             f"networkx {found[1]}")
        if walked != result:
            raise SystemExit(f"{kind} of {model_id}: the stored heads and the live walk differ")
        row = {"model": label, "kind": kind, "total": total,
               "live_p50_ms": p(live_times, .5) * 1e3, "live_p95_ms": p(live_times, .95) * 1e3,
               "query_p50_ms": p(query_times, .5) * 1e3,
               "query_p95_ms": p(query_times, .95) * 1e3,
               "kin_p95_ms": p(function_times, .95) * 1e3,
               "networkx_p95_ms": p(base_times, .95) * 1e3}
        row["live_ratio"] = row["live_p95_ms"] / row["query_p95_ms"]
        row["ratio"] = row["networkx_p95_ms"] / row["query_p95_ms"]
        rows.append(row)
        print(f"{label[:24]:24} {kind:15} {total:>7,} {row['live_p50_ms']:>9.1f} "
              f"{row['live_p95_ms']:>9.1f} {row['query_p50_ms']:>10.1f} "
              f"{row['query_p95_ms']:>10.1f} {row['live_ratio']:>8.1f} "
              f"{row['kin_p95_ms']:>10.1f} {row['networkx_p95_ms']:>12.2f} "
              f"{row['ratio']:>9.3f}")
    figures["kin"] = rows
    figures["kin_query_p95_worst_ms"] = round(max(r["query_p95_ms"] for r in rows), 1)
    figures["kin_function_p95_worst_ms"] = round(max(r["kin_p95_ms"] for r in rows), 1)
    figures["kin_live_p95_worst_ms"] = round(max(r["live_p95_ms"] for r in rows), 1)

    started = time.perf_counter()
    counts = topology(graph)
    figures["topology_seconds"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    finetune = edges[edges["relation"] == "finetune"]
    forest = nx.DiGraph()
    forest.add_edges_from(zip(finetune["parent"], finetune["child"], strict=True))
    forest.remove_edges_from(nx.selfloop_edges(forest))
    nodes = graph.run("stats/graph")[0]["models"]
    baseline = nx_table1(forest, nodes)
    figures["topology_networkx_seconds"] = round(time.perf_counter() - started, 2)
    figures["topology_ratio"] = round(figures["topology_networkx_seconds"]
                                      / figures["topology_seconds"], 2)
    if counts != baseline:
        raise SystemExit(f"Table 1 differs: Neo4j {counts}, networkx {baseline}")
    figures["topology"] = counts

    # What `lineage stats` reads, query by query. Without a `lineage compute` run the stored
    # measures are absent, so only the scans that do not depend on them (the count store, the
    # walk over every edge for the disruption by relation) are timed at full weight.
    seconds = {}
    for name, params in STATS_QUERIES:
        started = time.perf_counter()
        graph.run(name, **params)
        seconds[name] = round(time.perf_counter() - started, 2)
    figures["stats_query_seconds"] = seconds
    figures["stats_seconds_total"] = round(sum(seconds.values()), 2)
    return figures


STATS_QUERIES = [("stats/computation", {}), ("stats/graph", {}), ("stats/family_sizes", {}),
                 ("stats/largest_families", {"limit": 10}), ("stats/deepest", {"limit": 10}),
                 ("stats/generations", {}), ("stats/disruption", {})]


if __name__ == "__main__":
    main()
