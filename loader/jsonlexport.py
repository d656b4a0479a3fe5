"""Export the graph as a JSONL snapshot (see :mod:`lineage.loader.formats.jsonl`).

Models stream out of Neo4j in batches, walked by key, each batch its own short read
transaction; lines are written as they come, to ``PATH.part``, renamed to ``PATH`` only when
the export is complete. Loading the file into an empty database gives the same graph.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from lineage.cypher.cardstore import CardStore
from lineage.cypher.client import Graph
from lineage.errors import UsageError
from lineage.loader.formats.jsonl import model_object
from lineage.relations import Relation

DEFAULT_EXPORT_BATCH = 5000


@dataclasses.dataclass
class ExportSummary:
    path: Path
    models: int = 0
    placeholders: int = 0
    edges: int = 0
    cards: int = 0
    exact: int = 0  # lines that state properties the Hub keys do not reproduce
    seconds: float = 0.0


def model_count(graph: Graph) -> int:
    return graph.run("export/count")[0]["models"]


def export_jsonl(graph: Graph, path: Path, *, batch_size: int = DEFAULT_EXPORT_BATCH,
                 cards: bool = True, on_rows: Callable[[int], None] | None = None
                 ) -> ExportSummary:
    """Write every model of the graph to ``path``, one Hub model object per line.

    ``cards=False`` leaves card texts out (the card facts on each model still travel).
    """
    summary = ExportSummary(path)
    clock = time.perf_counter()
    partial = path.with_name(path.name + ".part")
    types = Relation.types()
    store = CardStore.of(graph) if cards else None
    try:
        out = partial.open("w", encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror}") from None
    try:
        with out:
            after = ""
            while True:
                rows = graph.run("export/models", after=after, limit=batch_size, types=types)
                if not rows:
                    break
                texts = store.texts([r["key"] for r in rows if r["props"].get("has_card")]
                                    ) if store else {}
                for row in rows:
                    card, truncated = texts.get(row["key"], (None, False))
                    line = model_object(row["props"], row["parents"], card, truncated,
                                        with_card=cards)
                    out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
                    out.write("\n")
                    _count(summary, line, row)
                after = rows[-1]["key"]
                if on_rows:
                    on_rows(len(rows))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary.seconds = time.perf_counter() - clock
    return summary


def _count(summary: ExportSummary, line: dict, row: dict) -> None:
    summary.models += 1
    summary.edges += len(row["parents"])
    extra = line.get("lineage") or {}
    summary.placeholders += extra.get("placeholder") is True
    summary.cards += bool(extra.get("card"))
    summary.exact += "properties" in extra
