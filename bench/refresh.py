"""The refresh benchmark: loading a 1 % delta onto the full graph beside loading the full file.

    .venv/bin/python bench/refresh.py --file eco-2.5m.parquet      # 2.5M models, ~10 minutes

* baseline: ``lineage load file FULL --complete`` into an empty local Neo4j (the first load
  of a store: the whole file, no changes to record);
* contender: ``lineage load file DELTA`` onto that graph, a file of 1 % as many rows (by
  default): models of the full file changed (likes, licences, task, a new parent) and new
  models that are children of old ones. The load compares each with the graph, records the
  changes, ends the edges a changed parent replaces and writes the rest.

Prints both wall times, the ratio (the issue's bar: under 5 %) and what the delta changed.
Both loads are the real command in a subprocess; the benchmark runs its own Neo4j (memory from
LINEAGE_NEO4J_HEAP and LINEAGE_NEO4J_PAGECACHE, defaults 4g/4g) in a temporary home, and stops
it and removes the home at the end.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from scale import env_for, home_settings, run_measured  # noqa: E402

from lineage.analytics.reads.changes import changes  # noqa: E402
from lineage.cypher.client import Graph  # noqa: E402
from lineage.localneo4j.server import LocalServer  # noqa: E402


def write_delta(full: Path, delta: Path, fraction: float, seed: int = 7) -> dict[str, int]:
    """A delta file of ``fraction`` as many rows as ``full``: three fifths changed models of
    it, two fifths new children of its models. Returns what was changed, by kind."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(full)
    rng = random.Random(seed)
    size = max(int(table.num_rows * fraction), 5)
    rows = rng.sample(range(table.num_rows), size)
    changed = table.take(rows[: size * 3 // 5]).to_pylist()
    donors = table.take(rows[size * 3 // 5:]).to_pylist()
    ids = table.column("model_id")
    made = {"licence": 0, "task": 0, "parent": 0, "likes": 0, "new": 0}
    for n, row in enumerate(changed):
        row["likes"] = (row["likes"] or 0) + 1
        made["likes"] += 1
        if n % 3 == 0:
            row["licenses"] = "['mit']" if row["licenses"] != "['mit']" else "['apache-2.0']"
            made["licence"] += 1
        elif n % 3 == 1:
            row["pipeline_tag"] = "text-classification" if row["pipeline_tag"] != \
                "text-classification" else "text-generation"
            made["task"] += 1
        else:
            row["finetune_parent"] = str([ids[rng.randrange(len(ids))].as_py()])
            for other in ("parent_model", "quantized_parent", "adapter_parent", "merge_parent"):
                row[other] = "[]"
            # The old parents go from the tags too: the new statement names one parent only.
            row["tags"] = str([tag for tag in ast.literal_eval(row["tags"] or "[]")
                               if not tag.startswith("base_model:")])
            made["parent"] += 1
    for n, row in enumerate(donors):
        parent = row["model_id"]
        row.update(model_id=f"synthetic-delta/new-{n}-7B", finetune_parent=str([parent]),
                   parent_model="[]", quantized_parent="[]", adapter_parent="[]",
                   merge_parent="[]", tags=str([tag for tag in ast.literal_eval(
                       row["tags"] or "[]") if not tag.startswith("base_model:")]))
        made["new"] += 1
    pq.write_table(pa.Table.from_pylist(changed + donors, schema=table.schema), delta)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, required=True,
                        help="the full file (published dataset schema, e.g. from "
                             "`lineage generate --models 2500000`)")
    parser.add_argument("--fraction", type=float, default=0.01,
                        help="rows in the delta, as a fraction of the full file's")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "refresh.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lineage-bench-refresh-"))
    os.environ.setdefault("LINEAGE_QUERY_TIMEOUT", "600")
    _, settings = home_settings(work / "home")
    server = LocalServer(settings)
    lineage = str(Path(sys.executable).with_name("lineage"))
    delta = work / "delta.parquet"
    # In a process of its own: the loads below are forked from this one, and would otherwise
    # count the full table it reads in their peak memory.
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(
            "spawn")) as pool:
        made = pool.submit(write_delta, args.file, delta, args.fraction).result()
    try:
        server.start()
        env = env_for(settings)
        full_s, full_peak, code, err = run_measured(
            [lineage, "load", "file", str(args.file), "--complete"], env)
        if code != 0:
            raise SystemExit(f"the full load failed:\n{err}")
        delta_s, delta_peak, code, err = run_measured(
            [lineage, "load", "file", str(delta)], env)
        if code != 0:
            raise SystemExit(f"the delta load failed:\n{err}")
        print(f"full load {full_s:.1f} s, delta load {delta_s:.1f} s", file=sys.stderr)
        with Graph.connect(settings) as graph:
            recorded: dict[str, int] = {}
            for change in changes(graph):
                recorded[change["kind"]] = recorded.get(change["kind"], 0) + 1
        rows = sum(made.values()) - made["likes"]
        print(f"{'':44} {'seconds':>9} {'peak MiB':>9}")
        print(f"{'lineage load file FULL --complete (baseline)':44} {full_s:>9.1f} "
              f"{full_peak:>9,.0f}")
        print(f"{'lineage load file DELTA (contender)':44} {delta_s:>9.1f} {delta_peak:>9,.0f}")
        print(f"  delta / full: {delta_s / full_s:.1%} (bar: under 5 %); delta rows "
              f"{rows:,} ({made})")
        print(f"  changes recorded: {recorded}")
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "full_seconds": full_s, "full_peak_mib": full_peak, "delta_seconds": delta_s,
            "delta_peak_mib": delta_peak, "ratio": delta_s / full_s, "delta": made,
            "changes": recorded}, indent=1) + "\n")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)  # a 2.5M-model store: about 4 GB


if __name__ == "__main__":
    main()
