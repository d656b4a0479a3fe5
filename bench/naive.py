"""The naive baseline loader: one MERGE per model and per edge, one transaction each.

It reads the same records as the real loader (same parsing, same rules) and writes them with the
same named queries, one row per transaction, so the ratio measures the write strategy alone.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from pathlib import Path

from lineage.cypher.client import Graph
from lineage.loader.files import read_file
from lineage.loader.ingest import WATCHED, edge_rows_of, model_row
from lineage.loader.records import ModelRecord
from lineage.relations import LABELS, Relation


def naive_load(graph: Graph, path: Path, rows: int) -> tuple[int, int, float]:
    """Load the first ``rows`` models of ``path`` naively; return (models, edges, seconds)."""
    snapshot, seen = "naive-baseline", dt.datetime.now(dt.timezone.utc)
    models = edges = 0
    started = time.perf_counter()
    records = (r for r in read_file(path) if isinstance(r, ModelRecord))
    for record in itertools.islice(records, rows):
        graph.run("load/models", rows=[model_row(record)], snapshot=snapshot, seen=seen,
                  track=False, watched=WATCHED, types=Relation.types(), labels=LABELS,
                  aliases=False)
        models += 1
        for edge in edge_rows_of(record):
            graph.run("load/edges", rows=[edge], snapshot=snapshot, seen=seen, aliases=False)
            edges += 1
    return models, edges, time.perf_counter() - started
