"""Load files of any supported format, recognised from their content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from collections.abc import Callable, Sequence

from lineage.cypher.client import Graph
from lineage.errors import InputError
from lineage.loader.formats import crawl
from lineage.loader.ingest import DEFAULT_BATCH_SIZE, Edge, Ingest, LoadSummary
from lineage.loader.records import ModelRecord, Reject

FORMATS = ("crawl-csv", "crawl-json")


def detect_format(path: Path) -> str:
    """The format of ``path``, read from its first bytes (not its name)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    if not head.strip():
        raise InputError(f"{path} is empty: nothing to load")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        try:
            json.loads(head) if len(head) < 64 * 1024 else None
        except json.JSONDecodeError:
            pass
        if '"models"' in text[:200]:
            return "crawl-json"
    first_line = text.splitlines()[0] if text else ""
    columns = {c.strip().strip('"') for c in first_line.split(",")}
    if crawl.CSV_COLUMNS <= columns:
        return "crawl-csv"
    raise InputError(f"{path}: format not recognised (known formats: {', '.join(FORMATS)}); "
                     "name one with --format")


def read_file(path: Path, fmt: str | None = None) -> Iterator[ModelRecord | Edge | Reject]:
    """The records of one file, in file order."""
    fmt = fmt or detect_format(path)
    if fmt == "crawl-csv":
        return crawl.read_crawl_csv(path)
    if fmt == "crawl-json":
        return crawl.read_crawl_json(path)
    raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def load_files(graph: Graph, paths: Sequence[Path], *, rejects_path: Path,
               fmt: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
               on_rows: Callable[[int], None] | None = None, kind: str | None = None,
               synthetic: bool = False, source: str | None = None) -> LoadSummary:
    """Load ``paths`` as one snapshot. Every file's format is checked before anything is
    written, so a file that is not what it should be stops the load with nothing written.

    ``kind`` names the snapshot's kind (default: from the formats); ``synthetic`` marks every
    model loaded as synthetic; ``source`` describes the source (default: the paths).
    """
    formats = [fmt or detect_format(path) for path in paths]
    kind = kind or ("crawl" if all(f.startswith("crawl") for f in formats) else "file")
    source = source or ", ".join(str(p) for p in paths)
    with Ingest(graph, source=source, kind=kind, rejects_path=rejects_path,
                batch_size=batch_size, on_rows=on_rows, synthetic=synthetic) as ingest:
        for path, file_format in zip(paths, formats):
            ingest.add_all(read_file(path, file_format))
    return ingest.summary
