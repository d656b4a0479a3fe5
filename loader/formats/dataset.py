"""The published ecosystem dataset (``modelbiome/ai_ecosystem``), as CSV or Parquet.

Columns: ``model_id, likes, trendingScore, private, downloads, tags, pipeline_tag,
library_name, createdAt, regions, licenses, arxiv_papers, datasets, parent_model,
finetune_parent, quantized_parent, adapter_parent, merge_parent, languages`` and, in the card
variant, ``modelCard`` (plus ``ratelimit_retries``, ``exception_raised`` and an unnamed index
column, which are ignored). List columns are Python-list literal strings; ``languages`` holds
language names. Only ``model_id`` is required.

Files are streamed in record batches (pyarrow), so a file of any size loads in bounded memory.
Columns are read as bytes and decoded here, so one value that is not UTF-8 costs one field, not
the file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from lineage.cypher.model import Relation
from lineage.errors import InputError
from lineage.loader.hubinfo import parse_datetime, parse_number
from lineage.loader.ids import BadReference, check_model_id, normalise_reference
from lineage.loader.languages import language_code
from lineage.loader.licenses import normalise_license
from lineage.loader.pylist import ListLiteralError, parse_list
from lineage.loader.records import ModelRecord, Reject

COLUMNS = ("model_id", "likes", "trendingScore", "private", "downloads", "tags",
           "pipeline_tag", "library_name", "createdAt", "regions", "licenses", "arxiv_papers",
           "datasets", "parent_model", "finetune_parent", "quantized_parent", "adapter_parent",
           "merge_parent", "languages", "modelCard")
#: Columns that tell this format apart from other CSV files that have a model_id.
SIGNATURE = {"parent_model", "finetune_parent", "quantized_parent", "adapter_parent",
             "merge_parent", "createdAt", "trendingScore"}
TYPED_PARENTS = (("finetune_parent", Relation.FINETUNE), ("adapter_parent", Relation.ADAPTER),
                 ("quantized_parent", Relation.QUANTIZATION), ("merge_parent", Relation.MERGE))
BATCH_ROWS = 20_000
_CSV_BLOCK = 16 << 20


def is_dataset_header(columns: set[str]) -> bool:
    return "model_id" in columns and len(columns & SIGNATURE) >= 2


def read_dataset_csv(path: Path, on_bytes: Callable[[int], None] | None = None
                     ) -> Iterator[ModelRecord | Reject]:
    """Records of a dataset CSV file, streamed in blocks."""
    with path.open("rb") as raw:
        handle = _CountingReader(raw, on_bytes)
        header = _csv_header(path)
        wanted = [c for c in header if c in COLUMNS]
        if "model_id" not in wanted:
            raise InputError(f"{path}: not a dataset file (no model_id column)")
        bad_rows: list[Any] = []
        counter = {"records": 0}

        def invalid(row: Any) -> str:
            bad_rows.append(row)  # placed once its block's records are known
            return "skip"

        def malformed(first: int, last: int) -> Iterator[Reject]:
            # A multi-line value hides physical line numbers: name the block's records.
            for row in bad_rows:
                yield Reject(f"{path.name}:between records {first} and {last}",
                             f"malformed CSV: {row.actual_columns} fields where the header "
                             f"has {row.expected_columns}", row.text)
            bad_rows.clear()

        try:
            reader = pa_csv.open_csv(
                handle,
                read_options=pa_csv.ReadOptions(block_size=_CSV_BLOCK, use_threads=True),
                parse_options=pa_csv.ParseOptions(newlines_in_values=True,
                                                  invalid_row_handler=invalid),
                convert_options=pa_csv.ConvertOptions(
                    include_columns=wanted, column_types={c: pa.binary() for c in wanted},
                    strings_can_be_null=False, quoted_strings_can_be_null=False),
            )
            for batch in reader:
                first = counter["records"]
                yield from malformed(first, first + batch.num_rows + 1)
                yield from _records(batch, path.name, first)
                counter["records"] += batch.num_rows
            yield from malformed(counter["records"], counter["records"] + 1)
        except pa.ArrowInvalid as err:
            raise InputError(f"{path}: cannot be read as CSV after record "
                             f"{counter['records']:,} ({err})") from None


def read_dataset_parquet(path: Path, on_bytes: Callable[[int], None] | None = None
                         ) -> Iterator[ModelRecord | Reject]:
    """Records of a dataset Parquet file, streamed in record batches."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as err:
        raise InputError(f"{path}: not a readable Parquet file ({err}); is it truncated?") from None
    names = set(parquet.schema_arrow.names)
    wanted = [c for c in COLUMNS if c in names]
    if "model_id" not in wanted:
        raise InputError(f"{path}: not a dataset file (no model_id column)")
    done = 0
    size = path.stat().st_size
    rows_total = max(parquet.metadata.num_rows, 1)
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=wanted):
            yield from _records(batch, path.name, done)
            done += batch.num_rows
            if on_bytes:
                on_bytes(int(size * batch.num_rows / rows_total))
    except (pa.ArrowInvalid, OSError) as err:
        raise InputError(f"{path}: Parquet data unreadable after record {done:,} ({err}); "
                         "is the file truncated?") from None


def count_rows(path: Path) -> int | None:
    """The number of records, when the file says so cheaply (Parquet); else None."""
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (pa.ArrowInvalid, OSError):
        return None


# -- rows to records ------------------------------------------------------------------------


def _records(batch: pa.RecordBatch, file_name: str, first: int
             ) -> Iterator[ModelRecord | Reject]:
    columns = {name: _texts(batch.column(i))
               for i, name in enumerate(batch.schema.names) if name in COLUMNS}
    has_card = "modelCard" in columns
    for i in range(batch.num_rows):
        row = {name: values[i] for name, values in columns.items()}
        position = f"{file_name}:record {first + i + 1}"
        yield from record_from_row(row, position, has_card)


def record_from_row(row: dict[str, Any], position: str, has_card: bool
                    ) -> Iterator[ModelRecord | Reject]:
    """One dataset row as a record (and the rejects of its bad fields), or a row reject."""
    raw_id = row.get("model_id")
    if isinstance(raw_id, _Undecodable):
        yield Reject(position, "model_id: not UTF-8 text", raw_id.raw)
        return
    try:
        model_id = check_model_id(raw_id)
    except BadReference as err:
        yield Reject(position, str(err), raw_id)
        return
    record = ModelRecord(id=model_id, position=position, card_known=has_card)
    rejects = record.rejects

    def bad(field: str, value: Any, why: str) -> None:
        rejects.append(Reject(position, f"{field}: {why}", value, model_id, kind="field"))

    def text(field: str) -> str | None:
        value = row.get(field)
        if isinstance(value, _Undecodable):
            bad(field, value.raw, "not UTF-8 text")
            return None
        return value.strip() if isinstance(value, str) and value.strip() else None

    def listed(field: str) -> list[str]:
        value = text(field)
        if value is None:
            return []
        try:
            return parse_list(value)
        except ListLiteralError as err:
            bad(field, value, str(err))
            return []

    record.author = model_id.split("/")[0] if "/" in model_id else None
    for field, attribute, kind in (("likes", "likes", int), ("downloads", "downloads", int),
                                   ("trendingScore", "trending_score", float)):
        value = text(field)
        if value is not None:
            try:
                setattr(record, attribute, parse_number(value, kind))
            except ValueError:
                bad(field, value, "not a number")
    created = text("createdAt")
    if created is not None:
        try:
            record.created_at = parse_datetime(created)
        except ValueError:
            bad("createdAt", created, "not a date and time")
    private = text("private")
    if private is not None:
        if private.lower() in ("true", "false"):
            record.private = private.lower() == "true"
        else:
            bad("private", private, "not True or False")
    record.pipeline_tag = text("pipeline_tag")
    record.library_name = text("library_name")
    if "tags" in row:
        record.tags = listed("tags")
    if "licenses" in row:
        record.licenses = _unique(filter(None, map(normalise_license, listed("licenses"))))
    if "languages" in row:
        codes, unknown = [], []
        for name in listed("languages"):
            code = language_code(name)
            (codes if code else unknown).append(code or name)
        record.languages = _unique(codes)
        if unknown:
            bad("languages", unknown, "not an ISO 639 language, left out of languages")
    if "datasets" in row:
        record.datasets = _unique(listed("datasets"))
    if "arxiv_papers" in row:
        record.arxiv = _unique(p.removeprefix("arxiv:") for p in listed("arxiv_papers"))
    if has_card:
        card = row.get("modelCard")
        if isinstance(card, _Undecodable):
            bad("modelCard", card.raw, "not UTF-8 text")
            record.card_known = False
        else:
            record.card = card if isinstance(card, str) and card.strip() else None

    for field, relation in TYPED_PARENTS:
        for value in listed(field):
            _add_parent(record, value, relation)
    for value in listed("parent_model"):
        _add_parent(record, value, Relation.DERIVATIVE)
    record.settle_untyped()
    yield record


def _add_parent(record: ModelRecord, value: str, relation: Relation) -> None:
    try:
        parent = normalise_reference(value)
    except BadReference as err:
        record.rejects.append(Reject(record.position, str(err), value, record.id, kind="edge"))
        return
    record.add_parent(parent, relation, "dataset")


# -- bytes to text --------------------------------------------------------------------------


class _Undecodable:
    """A value whose bytes are not UTF-8 (kept raw for the rejects file)."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw.decode("utf-8", errors="backslashreplace")


def _texts(column: pa.Array) -> list[Any]:
    """A column as Python values: text, or :class:`_Undecodable` for bad bytes."""
    if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
        try:
            return pc.cast(column, pa.string()).to_pylist()
        except pa.ArrowInvalid:
            return [_decode(v) for v in column.to_pylist()]
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column.to_pylist()
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        # Some Parquet exports hold real lists instead of list literals.
        return [None if v is None else repr([str(x) for x in v]) for v in column.to_pylist()]
    return [None if v is None else str(v) for v in column.to_pylist()]


def _decode(value: bytes | None) -> str | _Undecodable | None:
    if value is None:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return _Undecodable(value)


def _csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return next(csv.reader(handle), [])


class _CountingReader:
    """A read-only binary file that reports how many bytes were read (for progress)."""

    def __init__(self, raw: BinaryIO, on_bytes: Callable[[int], None] | None) -> None:
        self._raw = raw
        self._on_bytes = on_bytes
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if self._on_bytes and data:
            self._on_bytes(len(data))
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


def _unique(values) -> list:
    return list(dict.fromkeys(values))
