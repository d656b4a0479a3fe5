"""Family crawl files (CSV and JSON): one row per model with its Hub metadata as JSON.

Columns (CSV) or keys (JSON ``{"models": [...]}``): ``model_id``, ``metadata`` (the Hub's model
object as a JSON string), ``depth``, ``children`` (URLs of finetune children, a list literal in
CSV), and in some files ``card`` (the README text) and ``adapters`` (adapter children).
Children that are not rows of the file still get their edge: they become placeholders.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from lineage.errors import InputError
from lineage.ids import BadReference, check_model_id, normalise_reference
from lineage.loader.hubinfo import record_from_hub
from lineage.loader.ingest import Edge
from lineage.loader.records import ModelRecord, Reject
from lineage.pylist import ListLiteralError, parse_list
from lineage.relations import Relation

CSV_COLUMNS = {"model_id", "metadata"}
_CHILD_LISTS = (("children", Relation.FINETUNE), ("adapters", Relation.ADAPTER))


def read_crawl_csv(path: Path) -> Iterator[ModelRecord | Edge | Reject]:
    """Records of a crawl CSV file, in file order."""
    csv.field_size_limit(sys.maxsize)  # metadata and cards can be megabytes
    with path.open(encoding="utf-8", errors="strict", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = CSV_COLUMNS - set(reader.fieldnames or ())
        if missing:
            raise InputError(f"{path}: not a crawl file (no {', '.join(sorted(missing))} "
                             "column)")
        line = reader.line_num + 1
        for row in _guarded(reader, path):
            if isinstance(row, Reject):
                yield row
            else:
                yield from _row(row, f"{path.name}:{line}")
            line = reader.line_num + 1


def read_crawl_json(path: Path) -> Iterator[ModelRecord | Edge | Reject]:
    """Records of a crawl JSON file (``{"models": [...]}``), in file order."""
    with path.open("rb") as handle:
        document = json.load(handle)
    models = document.get("models") if isinstance(document, Mapping) else None
    if not isinstance(models, list):
        yield Reject(path.name, 'not a crawl file: no "models" list', kind="file")
        return
    for index, row in enumerate(models):
        position = f"{path.name}:models[{index}]"
        if isinstance(row, Mapping):
            yield from _row(row, position)
        else:
            yield Reject(position, "not a model object", row)


def _guarded(reader: csv.DictReader, path: Path) -> Iterator[dict | Reject]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Reject(f"{path.name}:{reader.line_num}", f"malformed CSV: {err}")
            continue
        if None in row or any(v is None for v in row.values()):
            yield Reject(f"{path.name}:{reader.line_num}",
                         "malformed CSV: wrong number of fields", row.get(None) or row)
            continue
        yield row


def _row(row: Mapping[str, Any], position: str) -> Iterator[ModelRecord | Edge | Reject]:
    raw_id = row.get("model_id")
    metadata = row.get("metadata")
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata) if metadata.strip() else {}
        except json.JSONDecodeError as err:
            metadata = None
            yield Reject(position, f"metadata is not valid JSON ({err.msg}); model kept with "
                         "its id only", row.get("metadata"), raw_id if isinstance(raw_id, str)
                         else None, kind="field")
    if not isinstance(metadata, Mapping):
        metadata = {}
    info = dict(metadata)
    info.setdefault("id", raw_id)
    if isinstance(raw_id, str) and raw_id.strip():
        info["id"] = raw_id  # the row's own id wins over a stale metadata id
    card = row.get("card")
    try:
        record = record_from_hub(info, position, card=card if isinstance(card, str) else None,
                                 card_known="card" in row)
    except BadReference as err:
        yield Reject(position, str(err), raw_id)
        return
    yield record
    for column, relation in _CHILD_LISTS:
        yield from _children(record, row.get(column), relation, position)


def _children(parent: ModelRecord, value: Any, relation: Relation, position: str
              ) -> Iterator[Edge | Reject]:
    if value is None or value == "":
        return
    if isinstance(value, str):
        try:
            value = parse_list(value)
        except ListLiteralError as err:
            yield Reject(position, f"children: {err}", value, parent.id, kind="field")
            return
    for child in value if isinstance(value, list) else []:
        try:
            child_id = check_model_id(normalise_reference(child))
        except BadReference as err:
            yield Reject(position, str(err), child, parent.id, kind="edge")
            continue
        if child_id.lower() == parent.key:
            yield Reject(position, "model names itself as its child", child, parent.id,
                         kind="edge")
            continue
        yield Edge(parent.id, child_id, relation, "crawl", position)
