"""The published ecosystem dataset (``modelbiome/ai_ecosystem``), as CSV or Parquet.

Columns: ``model_id, likes, trendingScore, private, downloads, tags, pipeline_tag,
library_name, createdAt, regions, licenses, arxiv_papers, datasets, parent_model,
finetune_parent, quantized_parent, adapter_parent, merge_parent, languages`` and, in the card
variant, ``modelCard`` (plus ``ratelimit_retries``, ``exception_raised`` and an unnamed index
column, which are ignored). List columns are Python-list literal strings; ``languages`` holds
language names. Only ``model_id`` is required.

Lineage is read from the parent columns and from the ``base_model`` tags in ``tags``, as the
Hub-shaped readers read them (:func:`lineage.loader.hubinfo.add_tag_parent`): the published
columns were derived from the tags, so their union loses nothing a row declares, and the usual
rule settles the rest (an untyped parent is dropped when a typed edge joins the same pair).

Of what a model is, the tags give only its quantization (``gguf``, ``gptq``, ``awq``, ``exl2``,
``bitsandbytes``; ``4-bit``, ``8-bit``: :func:`lineage.loader.modelfacts.tag_quantization`),
and ``modelCard`` the models the card names (:mod:`lineage.loader.cardmentions`).

Files written by the synthetic-ecosystem generator carry one more column, ``synthetic``
(``True`` in every row): its models are marked synthetic whatever the file is called and
whichever loader reads it. A file without that column (every real one) marks nothing.

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
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from lineage.errors import InputError
from lineage.ids import BadReference, check_model_id, normalise_reference
from lineage.languages import language_code
from lineage.licenses import normalise_license
from lineage.loader.cardmentions import mentions
from lineage.loader.formats import columns
from lineage.loader.formats.columns import Bad
from lineage.loader.hubinfo import add_tag_parent, parse_datetime
from lineage.loader.modelfacts import tag_quantization
from lineage.loader.records import ModelRecord, Reject
from lineage.relations import Relation

COLUMNS = ("model_id", "likes", "trendingScore", "private", "downloads", "tags",
           "pipeline_tag", "library_name", "createdAt", "regions", "licenses", "arxiv_papers",
           "datasets", "parent_model", "finetune_parent", "quantized_parent", "adapter_parent",
           "merge_parent", "languages", "modelCard")
#: The column generated files add: true in a row made by the synthetic-ecosystem generator.
MARKER = "synthetic"
_READ = (*COLUMNS, MARKER)
#: Columns that tell this format apart from other CSV files that have a model_id.
SIGNATURE = {"parent_model", "finetune_parent", "quantized_parent", "adapter_parent",
             "merge_parent", "createdAt", "trendingScore"}
TYPED_PARENTS = (("finetune_parent", Relation.FINETUNE), ("adapter_parent", Relation.ADAPTER),
                 ("quantized_parent", Relation.QUANTIZATION), ("merge_parent", Relation.MERGE))
_BASE_MODEL = "base_model:"
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
        wanted = [c for c in header if c in _READ]
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
        # Without pre_buffer=False the reader keeps every column chunk it has read until the
        # file is closed: 430 MiB more by the end of the 1.86M-row file with cards.
        parquet = pq.ParquetFile(path, pre_buffer=False)
    except (pa.ArrowInvalid, OSError) as err:
        raise InputError(f"{path}: not a readable Parquet file ({err}); is it truncated?") from None
    names = set(parquet.schema_arrow.names)
    wanted = [c for c in _READ if c in names]
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


# -- rows to records ------------------------------------------------------------------------


def _licences(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(filter(None, map(normalise_license, items))))


def _languages(items: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    codes = [language_code(name) for name in items]
    return (tuple(dict.fromkeys(c for c in codes if c)),
            tuple(name for name, code in zip(items, codes) if not code))


def _parents(items: list[str]) -> tuple[str | Bad, ...]:
    out: list[str | Bad] = []
    for item in items:
        try:
            out.append(normalise_reference(item))
        except BadReference as err:
            out.append(Bad(item, str(err)))
    return tuple(out)


def _arxiv(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.removeprefix("arxiv:") for item in items))


def _tags(items: list[str]) -> tuple[tuple[str, ...], tuple[str | None, int | None]]:
    return tuple(items), tag_quantization(items)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _listed(interpret: Callable[[list[str]], Any]) -> Callable[[pa.Array], list[Any]]:
    return lambda column: columns.list_values(column, interpret)


#: How each column of a batch is prepared before rows are assembled.
_PREPARE: dict[str, Callable[[pa.Array], list[Any]]] = {
    "model_id": columns.text_values,
    "pipeline_tag": columns.text_values,
    "library_name": columns.text_values,
    "private": columns.text_values,
    MARKER: columns.text_values,
    "createdAt": columns.text_values,
    "likes": lambda column: columns.number_values(column, int),
    "downloads": lambda column: columns.number_values(column, int),
    "trendingScore": lambda column: columns.number_values(column, float),
    "tags": _listed(_tags),
    "licenses": _listed(_licences),
    "languages": _listed(_languages),
    "datasets": _listed(_unique),
    "arxiv_papers": _listed(_arxiv),
    "parent_model": _listed(_parents),
    **{name: _listed(_parents) for name, _ in TYPED_PARENTS},
    "modelCard": columns.card_values,
}
# Typed columns first: an untyped parent_model entry is then dropped for a parent a typed
# column already names (see ModelRecord.settle_untyped).
_PARENT_COLUMNS = (*TYPED_PARENTS, ("parent_model", Relation.DERIVATIVE))


def _records(batch: pa.RecordBatch, file_name: str, first: int
             ) -> Iterator[ModelRecord | Reject]:
    prepared = {name: _PREPARE[name](batch.column(i))
                for i, name in enumerate(batch.schema.names) if name in _PREPARE}
    missing = [None] * batch.num_rows
    row_values = {name: prepared.get(name, missing) for name in _PREPARE}
    present = set(prepared)
    for i in range(batch.num_rows):
        yield from _record(i, row_values, present, f"{file_name}:record {first + i + 1}")


def _record(i: int, col: dict[str, list[Any]], present: set[str], position: str
            ) -> Iterator[ModelRecord | Reject]:
    """Row ``i`` of a prepared batch as a record (its bad fields become its rejects)."""
    raw_id = col["model_id"][i]
    if isinstance(raw_id, Bad):
        yield Reject(position, f"model_id: {raw_id.why}", raw_id.raw)
        return
    try:
        model_id = check_model_id(raw_id)
    except BadReference as err:
        yield Reject(position, str(err), raw_id)
        return
    has_card = "modelCard" in present
    record = ModelRecord(id=model_id, position=position, card_known=has_card)
    rejects = record.rejects

    def bad(field: str, raw: Any, why: str, kind: str = "field") -> None:
        rejects.append(Reject(position, f"{field}: {why}", raw, model_id, kind=kind))

    def good(field: str) -> Any:
        value = col[field][i]
        if isinstance(value, Bad):
            bad(field, value.raw, value.why)
            return None
        return value

    def flag(field: str) -> bool | None:
        value = good(field)
        if value is None:
            return None
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        bad(field, value, "not True or False")
        return None

    record.author = model_id.split("/")[0] if "/" in model_id else None
    record.likes = good("likes")
    record.downloads = good("downloads")
    record.trending_score = good("trendingScore")
    created = good("createdAt")
    if created is not None:
        try:
            record.created_at = parse_datetime(created)
        except ValueError:
            bad("createdAt", created, "not a date and time")
    record.private = flag("private")
    if flag(MARKER):
        record.properties[MARKER] = True
    record.pipeline_tag = good("pipeline_tag")
    record.library_name = good("library_name")
    # A list column that is present states its value, even when that value is empty.
    if "tags" in present:
        record.tags, quantization = good("tags") or ((), (None, None))
        record.quant_method, record.quant_bits = quantization
    if "licenses" in present:
        record.licenses = good("licenses") or ()
    if "languages" in present:
        codes, unknown = good("languages") or ((), ())
        record.languages = codes
        if unknown:
            bad("languages", list(unknown), "not an ISO 639 language, left out of languages")
    if "datasets" in present:
        record.datasets = good("datasets") or ()
    if "arxiv_papers" in present:
        record.arxiv = good("arxiv_papers") or ()
    if has_card:
        card = col["modelCard"][i]
        if isinstance(card, Bad):
            bad("modelCard", card.raw, card.why)
            record.card_known = False
        elif card is not None:
            record.card, record.card_facts, references = card
            record.card_mentions, record.card_mention_count = mentions(model_id, references)
    for field, relation in _PARENT_COLUMNS:
        for parent in good(field) or ():
            if isinstance(parent, Bad):
                bad(field, parent.raw, parent.why, kind="edge")
            else:
                record.add_parent(parent, relation, "dataset")
    if record.tags:
        _add_tag_parents(record)
    if len(record.parents) > 1:
        record.settle_untyped()
    yield record


def _add_tag_parents(record: ModelRecord) -> None:
    """Add the parents the row's ``base_model`` tags declare. A parent the columns already
    declare with the same relation stays as the columns say it, and a reference the columns
    already rejected (a model naming itself, an unreadable id) is not rejected twice."""
    declared = [tag[len(_BASE_MODEL):] for tag in record.tags if tag.startswith(_BASE_MODEL)]
    if not declared:
        return
    said = ModelRecord(id=record.id, position=record.position)
    for rest in declared:
        add_tag_parent(said, rest)
    for parent in said.parents:
        record.add_parent(parent.id, parent.relation, parent.source, parent.word)
    rejected = {str(r.value) for r in record.rejects if r.kind == "edge"}
    record.rejects.extend(r for r in said.rejects if str(r.value) not in rejected)


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

