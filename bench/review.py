"""The review benchmark: a lineage report deep in the largest family, and `lineage review
--all`, each beside a naive baseline, with ratios.

    .venv/bin/python bench/review.py --models 90000
    .venv/bin/python bench/review.py --models 300000
    # a database already imported and computed (read only; NEO4J_PASSWORD its password):
    .venv/bin/python bench/review.py --home /path/to/home-2.5m \
        --skip-review
    .venv/bin/python bench/review.py \
        --home /path/to/home-1.86m-cards --skip-report

Without ``--home`` it generates a synthetic ecosystem (``lineage generate``), imports it
offline into a Neo4j of its own (temporary home; LINEAGE_NEO4J_HEAP / LINEAGE_NEO4J_PAGECACHE,
default 4g/4g) and runs ``lineage compute``; with ``--home`` it starts that home's server on a
free port, reads only, and stops it at the end. Then:

* ``report``: ``lineage report`` (the real command, in a subprocess: wall time including the
  interpreter's start-up, and peak memory) for the deepest model of the largest family (the
  stored ``Family`` with the most models, its model of the highest ``generation``), and for
  that family's root (the most descendants to summarise); baseline: the same report's
  ancestry read by one variable-length Cypher match and flagged.
* ``review``: ``lineage review --all -o flags.csv`` (subprocess; wall time and peak memory);
  beside it ``lineage review --all -o all.cdx.json`` (the same review written as one CycloneDX
  BOM), with its time as a multiple of the CSV review's; baseline: the naive review, one
  Cypher ancestry walk per model followed by the same flags, on ``--baseline-models`` models
  (lineage models first, the slow kind), extrapolated as a rate.
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

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from scale import bench_settings, env_for, run_with_usage  # noqa: E402

from lineage.analytics.governance.flags import Link, flags  # noqa: E402
from lineage.analytics.governance.rules import default_rules  # noqa: E402
from lineage.analytics.reads.reports import step_from  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402
from lineage.relations import Relation

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


DEEPEST = """
MATCH (f:Family) WITH f ORDER BY f.size DESC, f.id LIMIT 1
MATCH (m:Model {family: f.id})
WITH f, m ORDER BY m.generation DESC, m.key LIMIT 1
RETURN m.key AS key, f.size AS size, f.root AS root, m.generation AS generation
"""


def deep_model(graph: Graph) -> dict:
    """The deepest model of the largest stored family, and that family's root."""
    rows = graph.adhoc(DEEPEST, max_rows=1).rows
    if not rows:
        raise SystemExit("no stored Family: run `lineage compute` first")
    row = rows[0]
    root = graph.run("models/get", id=row["root"]) if row["root"] else []
    return {"deep_model": row["key"], "family_size": row["size"],
            "generation": row["generation"],
            "root": root[0]["model"]["key"] if root else row["root"]}


def timed_baseline(env: dict, key: str) -> dict | str:
    """The naive report in a process of its own (start-up included, like the command's)."""
    try:
        return run_timed([sys.executable, __file__, "--naive-report", key], env)
    except SystemExit as err:  # a variable-length match over a big family may time out
        return f"failed: {str(err).splitlines()[-1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--home", type=Path,
                        help="an imported and computed LINEAGE_HOME to read (never written)")
    parser.add_argument("--skip-report", action="store_true")
    parser.add_argument("--skip-review", action="store_true")
    parser.add_argument("--baseline-models", type=int, default=1000)
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "review.json")
    parser.add_argument("--naive-report", metavar="KEY", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive_report:
        from lineage.settings import Settings
        with Graph.connect(Settings.from_env()) as graph:
            naive_flags(graph, args.naive_report, default_rules())
        return
    work = Path(tempfile.mkdtemp(prefix="lineage-bench-review-"))
    # The naive baseline's variable-length matches may be slow on a big family.
    os.environ.setdefault("LINEAGE_QUERY_TIMEOUT", "300")
    settings = bench_settings(args.home or work / "home")
    if args.home:
        settings = settings.replace(password=os.environ.get("NEO4J_PASSWORD"))
    server = LocalServer(settings)
    results: dict = {"home": str(args.home) if args.home else None,
                     "load_average_before": os.getloadavg()}
    try:
        env = env_for(server.settings)
        if not args.home:
            path = work / "eco.parquet"
            subprocess.run([LINEAGE, "generate", "--models", str(args.models), "--seed",
                            str(args.seed), "-o", str(path)], check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run([LINEAGE, "db", "import", "--yes", str(path)], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server.start()
        SERVER_PID[:] = [server.status().pid]
        env = env_for(server.settings)
        if not args.home:
            subprocess.run([LINEAGE, "compute"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with Graph.connect(server.settings) as graph:
            results["models"] = graph.run("stats/graph")[0]["models"]
            if not args.skip_report:
                bench_reports(graph, env, work, results)
            if not args.skip_review:
                bench_review(graph, env, work, results, args)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    results["load_average_after"] = os.getloadavg()
    print_results(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str))


SERVER_PID: list[int] = []


def server_cpu() -> float:
    """The CPU seconds the Neo4j server has used so far (0 when unknown)."""
    if not SERVER_PID:
        return 0.0
    fields = Path(f"/proc/{SERVER_PID[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_timed(command: list[str], env: dict) -> dict:
    """Run a command; its wall seconds, its CPU seconds (user + system) and the server's during
    it, and its peak resident MiB. On a shared machine the wall time grows with the load; the
    CPU times much less, and their sum is about what the command takes on a quiet one."""
    server_before = server_cpu()
    seconds, usage, code, tail = run_with_usage(command, env)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{tail}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "server_cpu_seconds": round(server_cpu() - server_before, 2),
            "peak_mib": round(usage.ru_maxrss / 1024)}


def bench_reports(graph: Graph, env: dict, work: Path, results: dict) -> None:
    results.update(deep_model(graph))
    for name in ("deep_model", "root"):
        key = results[name]
        out = work / f"{name}.json"
        # The first report after the server starts pays for its cold caches and query plans.
        cold = run_timed([LINEAGE, "report", key, "-o", str(out)], env)
        warm = run_timed([LINEAGE, "report", key, "-o", str(out)], env)
        report = json.loads(out.read_text())
        results[f"report_{name}"] = {
            "key": key, "cold": cold, "warm": warm,
            "ancestors": len(report["ancestry"]["steps"]) - 1,
            "descendants_within_down": report["descendants"]["total"],
            "baseline": timed_baseline(env, key)}
        print(f"report of {key}: {cold} cold, {warm} warm", file=sys.stderr)


def bench_review(graph: Graph, env: dict, work: Path, results: dict, args) -> None:
    # The CSV and the CycloneDX review alternate, twice each, so that neither alone gains
    # from caches the other warmed; the faster run of each is kept.
    runs: dict[str, list[dict]] = {"csv": [], "cdx": []}
    for _ in range(2):
        for kind, name in (("csv", "flags.csv"), ("cdx", "all.cdx.json")):
            runs[kind].append(run_timed([LINEAGE, "review", "--all", "-o", str(work / name)],
                                        env))
    run, cdx = (min(runs[kind], key=lambda r: r["seconds"]) for kind in ("csv", "cdx"))
    results.update(review_cdx=cdx, review_cdx_runs=runs["cdx"], review_csv_runs=runs["csv"],
                   review_cdx_mib=round((work / "all.cdx.json").stat().st_size / 2**20),
                   cdx_ratio=cdx["seconds"] / run["seconds"])
    results.update(review_seconds=run["seconds"], review_cpu_seconds=run["cpu_seconds"],
                   review_server_cpu_seconds=run["server_cpu_seconds"],
                   review_peak_mib=run["peak_mib"],
                   review_flag_rows=sum(1 for _ in (work / "flags.csv").open()) - 1)
    print(f"review --all of {results['models']:,} models: {run}", file=sys.stderr)
    children = sorted(set(row["child"] for row in graph.stream(
        "frames/edges", types=Relation.types(), timeout=600)))
    sample = random.Random(args.seed).sample(children, min(args.baseline_models, len(children)))
    rules = default_rules()
    started = time.perf_counter()
    for model in sample:
        naive_flags(graph, model, rules)
    results.update(baseline_models=len(sample), baseline_seconds=time.perf_counter() - started)


def print_results(results: dict) -> None:
    print(f"models in the graph          {results['models']:>12,}")
    for name in ("deep_model", "root"):
        report = results.get(f"report_{name}")
        if not report:
            continue
        base, warm, cold = report["baseline"], report["warm"], report["cold"]
        print(f"report, {name}: {report['key']} ({report['ancestors']:,} ancestors, "
              f"{report['descendants_within_down']:,} descendants within 2 generations; family "
              f"of {results['family_size']:,})")
        print(f"  lineage report, warm        {warm['seconds']:>12.2f} s with start-up, "
              f"{warm['cpu_seconds']:.2f} s CPU + {warm['server_cpu_seconds']:.2f} s the "
              f"server's, {warm['peak_mib']:,} MiB; cold (first after the server starts) "
              f"{cold['seconds']:.2f} s, {cold['cpu_seconds']:.2f} s CPU + "
              f"{cold['server_cpu_seconds']:.2f} s the server's")
        if isinstance(base, dict):
            print(f"  one-query baseline          {base['seconds']:>12.2f} s with start-up, "
                  f"{base['cpu_seconds']:.2f} s CPU + {base['server_cpu_seconds']:.2f} s the "
                  f"server's (ancestry and flags only); ratio "
                  f"{base['seconds'] / warm['seconds']:.2f}x")
        else:
            print(f"  one-query baseline          {base}")
    if "review_seconds" in results:
        rate = results["models"] / results["review_seconds"]
        base_rate = results["baseline_models"] / results["baseline_seconds"]
        results.update(review_rate=rate, baseline_rate=base_rate, ratio=rate / base_rate)
        print(f"review --all                 {results['review_seconds']:>12.1f} s "
              f"({results['review_cpu_seconds']:.1f} s CPU in the client, "
              f"{results['review_server_cpu_seconds']:.1f} s in the server), "
              f"{results['review_peak_mib']:,.0f} MiB peak, {rate:,.0f} models/s "
              f"({results['review_flag_rows']:,} flags)")
        print(f"naive per-model walk         {base_rate:>12,.0f} models/s "
              f"({results['baseline_models']:,} lineage models in "
              f"{results['baseline_seconds']:.1f} s); whole graph "
              f"~{results['models'] / base_rate:,.0f} s")
        print(f"ratio                        {rate / base_rate:>12.1f}x")
        cdx = results["review_cdx"]
        print(f"review --all -o all.cdx.json {cdx['seconds']:>12.1f} s "
              f"({cdx['cpu_seconds']:.1f} s CPU in the client, {cdx['server_cpu_seconds']:.1f} s "
              f"in the server), {cdx['peak_mib']:,.0f} MiB peak, "
              f"{results['review_cdx_mib']:,} MiB written; {results['cdx_ratio']:.2f}x the CSV "
              f"review's time")
    print(f"load average before / after  {results['load_average_before']} / "
          f"{results['load_average_after']}")


if __name__ == "__main__":
    main()
