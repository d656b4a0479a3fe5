"""The compute benchmark: `lineage compute` beside the paper's way, networkx in memory.

    .venv/bin/python bench/compute.py --file eco.parquet        # import it, then compute
    .venv/bin/python bench/compute.py --home /tmp/kept          # reuse an imported database

``--home`` also takes a LINEAGE_HOME made elsewhere (a copy of a shared full-scale one): the
server is then the one NEO4J_URI and NEO4J_PASSWORD name in the environment.

* contender: ``lineage compute`` (every measure, the real command in a subprocess) on the
  imported graph, then again on the unchanged graph (it must write nothing). The import
  stores the measures itself, so its first compute only checks them; ``--first-run`` removes
  every stored measure (and the Family, Kin and Computation nodes) first, so that the first
  compute writes everything, as it does after ``lineage load file``;
* baseline: the same edges in networkx, one model at a time as the paper's per-node loop does
  (longest path to the model, ``nx.descendants``, the CD-index loop over its later
  children and its parents' later children), timed on a random sample of models with parents
  and extrapolated to every model with relatives.

Prints seconds, models/s and the ratio; the peak resident memory of the command and of the
server; and the sign of both disruption variants (share negative, zero and positive), by the
relation through which each model was made. The benchmark runs its own Neo4j (memory from
LINEAGE_NEO4J_HEAP and LINEAGE_NEO4J_PAGECACHE, defaults 4g/4g) in a temporary home (or
``--home``) and stops it at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import networkx as nx  # noqa: E402
from scale import env_for, home_settings, run_measured  # noqa: E402

from lineage.analytics.jobs.compute import read_related  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer, _resident_bytes  # noqa: E402

DAY_MS = 86_400_000
SIGNS = """
MATCH (m:Model)<-[r]-(:Model)
WHERE m.{name} IS NOT NULL AND NOT coalesce(r.cycle, false)
WITH m, collect(DISTINCT type(r)) AS types
UNWIND types AS relation
RETURN relation, count(*) AS models,
       sum(CASE WHEN m.{name} < 0 THEN 1 ELSE 0 END) AS negative,
       sum(CASE WHEN m.{name} = 0 THEN 1 ELSE 0 END) AS zero,
       sum(CASE WHEN m.{name} > 0 THEN 1 ELSE 0 END) AS positive
ORDER BY models DESC
"""


def baseline(graph: Graph, sample: int, window_days: int) -> tuple[float, int, float]:
    """networkx, one model at a time; returns (seconds per model, models, read seconds)."""
    started = time.perf_counter()
    models, edges = read_related(graph, [])  # the same fast read as the contender's
    read = time.perf_counter() - started
    keys = models["key"].tolist()
    created = {key: (None if t != t else t) for key, t in zip(keys, models["created"],
                                                              strict=True)}
    walk = nx.DiGraph()
    walk.add_nodes_from(keys)
    walk.add_edges_from((keys[p], keys[c]) for p, c, cycle in zip(
        edges["parent"], edges["child"], edges["cycle"], strict=True) if not cycle)
    focal = [m for m in walk.nodes if walk.in_degree(m) and created.get(m) is not None]
    chosen = random.Random(0).sample(focal, min(sample, len(focal)))
    window = window_days * DAY_MS
    started = time.perf_counter()
    for f in chosen:
        # generation: the longest path from any ancestor down to f
        ancestors = nx.ancestors(walk, f)
        depth = {a: 0 for a in ancestors if walk.in_degree(a) == 0}
        for node in nx.topological_sort(walk.subgraph(ancestors | {f})):
            for child in walk.successors(node):
                if child in ancestors or child == f:
                    depth[child] = max(depth.get(child, 0), depth.get(node, 0) + 1)
        nx.descendants(walk, f)
        t = created[f]
        parents = set(walk.predecessors(f))
        later = {x for s in parents | {f} for x in walk.successors(s)
                 if created.get(x) is not None and t < created[x] <= t + window}
        n_i = n_j = n_k = 0
        for x in later:
            before = set(walk.predecessors(x))
            n_i += f in before and not before & parents
            n_j += f in before and bool(before & parents)
            n_k += f not in before
    per_model = (time.perf_counter() - started) / max(len(chosen), 1)
    return per_model, len(created), read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, help="import this file into a fresh database")
    parser.add_argument("--load", type=Path, nargs="+",
                        help="load these files with `lineage load file` instead (small sets "
                             "such as the real crawls)")
    parser.add_argument("--home", type=Path,
                        help="keep the database here (reused when it already holds one)")
    parser.add_argument("--window-days", type=int, default=90)
    parser.add_argument("--first-run", action="store_true",
                        help="remove every stored measure before the first compute, so that "
                             "it writes all of them (as after an online load)")
    parser.add_argument("--sample", type=int, default=3000,
                        help="models the networkx baseline measures (it is slow)")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "compute.json")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="lineage-bench-compute-")) / "home"
    # The whole edge frame is one read; on a shared machine it may outlast the 60 s default.
    os.environ.setdefault("LINEAGE_QUERY_TIMEOUT", "600")
    fresh, settings = home_settings(home)
    server = LocalServer(settings)
    lineage = str(Path(sys.executable).with_name("lineage"))
    figures: dict[str, object] = {}
    imported = None
    try:
        if fresh:
            if not (args.file or args.load):
                raise SystemExit("give --file or --load (or --home of an imported database)")
            server.start()
            if args.load:
                command = [lineage, "load", "file", *map(str, args.load)]
            else:
                server.stop()
                command = [lineage, "db", "import", str(args.file), "--yes"]
            seconds, peak, code, err = run_measured(command, env_for(settings))
            if code != 0:
                raise SystemExit(f"loading failed:\n{err}")
            (home / "bench.json").write_text(json.dumps(
                {"NEO4J_URI": settings.uri, "NEO4J_PASSWORD": settings.password}))
            imported = {"command": command[1:3], "seconds": seconds, "peak_mb": peak}
            print(f"{' '.join(command[1:3])} in {seconds:.0f} s", file=sys.stderr)
        server.start()
        if args.first_run:
            started = time.perf_counter()
            with Graph.connect(settings) as graph:
                graph.run("admin/remove_measures")
            print(f"removed every stored measure in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
        runs = []
        for label in ("compute", "compute again (unchanged graph)"):
            out = home / "compute-summary.json"
            seconds, peak, code, err = run_measured(
                [lineage, "compute", "--window-days", str(args.window_days), "--format",
                 "json", "-o", str(out)], env_for(settings))
            if code != 0:
                raise SystemExit(f"lineage compute failed:\n{err}")
            summary = {row["what"]: row["value"] for row in json.loads(out.read_text())}
            runs.append({"label": label, "seconds": seconds, "peak_mb": peak,
                         "summary": summary})
        status = server.status()
        server_mb = (_resident_bytes(status.pid) or 0) / 2**20 if status.pid else None
        with Graph.connect(settings) as graph:
            signs = {name: graph.adhoc(SIGNS.replace("{name}", name), max_rows=100).rows
                     for name in ("mdi", "mdi_lineage")}
            per_model, related, read = baseline(graph, args.sample, args.window_days)
        models = runs[0]["summary"]["models"]
        first = runs[0]
        base_seconds = read + per_model * related
        print(f"{'':36} {'seconds':>9} {'models/s':>12} {'peak MiB':>9} {'ratio':>7}")
        for run in runs:
            print(f"{run['label']:36} {run['seconds']:>9.1f} {models / run['seconds']:>12,.0f} "
                  f"{run['peak_mb']:>9,.0f} {base_seconds / run['seconds']:>6.1f}x")
        if imported:
            total = imported["seconds"] + first["seconds"]
            print(f"{' '.join(imported['command']) + ' + first compute':36} {total:>9.1f} "
                  f"{models / total:>12,.0f} {imported['peak_mb']:>9,.0f} "
                  f"{base_seconds / total:>6.1f}x")
        print(f"{'networkx per-node loop (baseline)':36} {base_seconds:>9.0f} "
              f"{models / base_seconds:>12,.0f} {'':>9} {'1x':>7}")
        print(f"  baseline: {per_model * 1000:.2f} ms per model on {args.sample:,} sampled "
              f"models with parents, times {related:,} models with relatives, plus {read:.0f} s "
              "reading")
        print(f"  server resident memory now (VmRSS after the runs): {server_mb:,.0f} MiB")
        print(f"  models {models:,}; with relatives {first['summary']['models with relatives']:,}"
              f"; families {first['summary']['families (2+ models)']:,}")
        print("  seconds by step (first run): " + ", ".join(
            f"{k.removeprefix('seconds ')} {v}" for k, v in first["summary"].items()
            if k.startswith("seconds ")))
        print(f"  second run changed {runs[1]['summary']['models changed']} models, "
              f"{runs[1]['summary']['families changed']} families")
        for name, rows in signs.items():
            print(f"  {name} sign by relation (share negative / zero / positive):")
            for row in rows:
                n = row["models"]
                print(f"    {row['relation']:14} {n:>9,}  {row['negative'] / n:6.1%} "
                      f"{row['zero'] / n:6.1%} {row['positive'] / n:6.1%}")
        figures = {"runs": runs, "imported": imported, "first_run": args.first_run,
                   "baseline_seconds": base_seconds,
                   "baseline_ms_per_model": per_model * 1000, "server_mb": server_mb,
                   "signs": signs, "load_average": os.getloadavg()}
    finally:
        server.stop()
        if figures:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
