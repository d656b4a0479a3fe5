"""Load files of any supported format, each recognised from its content (not its name)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from lineage.cypher.client import Graph
from lineage.errors import InputError
from lineage.loader.formats import crawl, dataset, jsonl
from lineage.loader.ingest import DEFAULT_BATCH_SIZE, STATEMENTS, Edge, Ingest, LoadSummary
from lineage.loader.records import ModelRecord, Reject

Item = ModelRecord | Edge | Reject
Reader = Callable[[Path, Callable[[int], None] | None], Iterator[Item]]


@dataclasses.dataclass(frozen=True)
class Format:
    name: str
    kind: str  # the Snapshot kind a load of this format records
    description: str
    read: Reader


def _no_progress(reader: Callable[[Path], Iterator[Item]]) -> Reader:
    return lambda path, on_bytes: reader(path)


def _dataset(path: Path, on_bytes: Callable[[int], None] | None) -> Iterator[Item]:
    if _head(path).startswith(b"PAR1"):
        return dataset.read_dataset_parquet(path, on_bytes)
    return dataset.read_dataset_csv(path, on_bytes)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("dataset", "dataset", "the published ecosystem dataset (CSV or Parquet)", _dataset),
    Format("crawl-csv", "crawl", "a family crawl, CSV", _no_progress(crawl.read_crawl_csv)),
    Format("crawl-json", "crawl", "a family crawl, JSON", _no_progress(crawl.read_crawl_json)),
    Format("jsonl", "jsonl", "a snapshot: one Hub model object per line", jsonl.read_jsonl),
)}

# What a file that is no model file at all most often is, by its first bytes.
_MAGIC = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"),
          (b"\x1f\x8b", "a gzip archive (decompress it first)"), (b"BZh", "a bzip2 archive"),
          (b"\x7fELF", "a program"))


def _head(path: Path, size: int = 64 * 1024) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except IsADirectoryError:
        raise InputError(f"{path} is a folder: name the files in it") from None
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None


def detect_format(path: Path) -> str:
    """The format of ``path``, read from its first bytes. Raises :class:`InputError` with what
    the file seems to be when it is none of the known formats."""
    head = _head(path)
    if not head.strip():
        raise InputError(f"{path} is empty: nothing to load")
    if head.startswith(b"PAR1"):
        return _parquet_format(path)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"{path} is {what}, not a file of models ({_known()})")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return _json_format(path, text)
    columns = {c.strip() for c in next(csv.reader(io.StringIO(text)), [])}
    if crawl.CSV_COLUMNS <= columns:
        return "crawl-csv"
    if dataset.is_dataset_header(columns):
        return "dataset"
    raise InputError(f"{path}: format not recognised ({_known()}); name one with --format")


_FIRST_KEY = re.compile(r'\{\s*"([^"\\]*)"\s*:')
_ID_KEYS = {"id", "_id", "modelId", "model_id"}


def _json_format(path: Path, text: str) -> str:
    # A crawl file is one object {"models": [...]}; a snapshot is one model object per line.
    first_key = _FIRST_KEY.match(text)
    first_key = first_key.group(1) if first_key else None
    if first_key == "models":
        return "crawl-json"
    line, newline, _ = text.partition("\n")
    if newline:
        try:
            if isinstance(json.loads(line), dict):
                return "jsonl"
        except json.JSONDecodeError:
            pass
    if first_key in _ID_KEYS:  # a first line longer than the bytes looked at
        return "jsonl"
    if '"models"' in text[:200]:
        return "crawl-json"
    raise InputError(f"{path}: JSON, but neither a crawl file ({{\"models\": [...]}}) nor a "
                     "snapshot (one model object per line); name a format with --format")


def _parquet_format(path: Path) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = set(pq.ParquetFile(path).schema_arrow.names)
    except (pa.ArrowInvalid, OSError) as err:
        raise InputError(f"{path}: not a readable Parquet file ({err}); is it truncated?"
                         ) from None
    if dataset.is_dataset_header(names) or "model_id" in names:
        return "dataset"
    raise InputError(f"{path}: a Parquet file without a model_id column ({_known()})")


def _known() -> str:
    return "known formats: " + ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values())


def read_file(path: Path, fmt: str | None = None,
              on_bytes: Callable[[int], None] | None = None) -> Iterator[Item]:
    """The records of one file, in file order; ``on_bytes`` hears how much has been read."""
    name = fmt or detect_format(path)
    if name not in FORMATS:
        raise InputError(f"unknown format {name!r}: {_known()}")
    size = path.stat().st_size
    reported = 0

    def count(n: int) -> None:
        nonlocal reported
        reported += n
        if on_bytes:
            on_bytes(n)

    yield from FORMATS[name].read(path, count)
    if on_bytes and reported < size:  # readers that cannot tell report the file at its end
        on_bytes(size - reported)


def load_files(graph: Graph, paths: Sequence[Path], *, rejects_path: Path,
               fmt: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
               on_rows: Callable[[int], None] | None = None,
               on_bytes: Callable[[int], None] | None = None,
               on_phase: Callable[[str], None] | None = None, kind: str | None = None,
               synthetic: bool = False, source: str | None = None,
               complete: bool = False) -> LoadSummary:
    """Load ``paths`` as one snapshot.

    Every file's format is checked before anything is written, so a file that is not what it
    should be stops the load with nothing written. A file that turns out unreadable half-way
    (a truncated Parquet file) stops the load with :class:`InputError`; what was written before
    is kept (loads are idempotent: fix the file and load again) and the error says how far it got.

    ``kind`` names the snapshot's kind (default: from the formats); ``synthetic`` marks every
    model loaded as synthetic; ``source`` describes the source (default: the paths);
    ``on_phase`` hears each phase of the load as it begins. ``complete`` states that the
    files hold every model of their world (see :class:`Ingest`): models they lack are marked
    removed.
    """
    formats = [fmt or detect_format(path) for path in paths]
    for name in formats:
        if name not in FORMATS:
            raise InputError(f"unknown format {name!r}: {_known()}")
    kinds = {FORMATS[name].kind for name in formats}
    kind = kind or (kinds.pop() if len(kinds) == 1 else "file")
    source = source or ", ".join(str(p) for p in paths)
    with Ingest(graph, source=source, kind=kind, rejects_path=rejects_path,
                batch_size=batch_size, on_rows=on_rows, on_phase=on_phase,
                synthetic=synthetic, complete=complete) as ingest:
        for path, name in zip(paths, formats):
            ingest.statement = STATEMENTS.get(FORMATS[name].kind)
            try:
                ingest.add_all(read_file(path, name, on_bytes))
            except InputError as err:
                done = ingest.fail(str(err))
                raise InputError(
                    f"{err}. The load stopped there: {done.models_new + done.models_updated:,} "
                    f"models and {done.edges_new:,} new edges were written before (snapshot "
                    f"{done.snapshot}, marked failed; rejects in {done.rejects_path})") from None
    return ingest.summary
