"""Column-wise preparation of Arrow record batches.

Tabular sources (the published dataset) repeat the same values endlessly: ``"[]"``,
``"['apache-2.0']"``, ``"['English']"``. Each batch column is decoded, trimmed and parsed with
Arrow compute kernels, and a list column's values are parsed once per *distinct* value
(dictionary encoding), so per-row work is only assembling what was prepared. A value that cannot
be used becomes a :class:`Bad` holding the raw text and the reason, for the rejects file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from lineage.loader.cardfacts import card_column
from lineage.loader.cardmentions import reference_column
from lineage.loader.hubinfo import parse_number
from lineage.pylist import ListLiteralError, parse_list


class Bad:
    """A value that could not be used: its raw text and why."""

    __slots__ = ("raw", "why")

    def __init__(self, raw: Any, why: str) -> None:
        self.raw = raw
        self.why = why


_NULL_TEXT = pa.scalar(None, pa.string())


def texts(column: pa.Array) -> pa.Array | list[Any]:
    """The column as trimmed UTF-8 text with empty values as nulls.

    Returns an Arrow array, or (when some bytes are not UTF-8) a Python list in which those
    values are :class:`Bad`.
    """
    if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
        try:
            column = pc.cast(column, pa.string())
        except pa.ArrowInvalid:
            return [_decode(v) for v in column.to_pylist()]
    elif pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        # Some Parquet exports hold real lists instead of list literals.
        return [None if v is None else repr([str(x) for x in v]) for v in column.to_pylist()]
    elif not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    trimmed = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(trimmed, ""), _NULL_TEXT, trimmed)


def text_values(column: pa.Array) -> list[Any]:
    """Trimmed text per row (None for empty, :class:`Bad` for undecodable bytes)."""
    values = texts(column)
    return values if isinstance(values, list) else values.to_pylist()


def card_values(column: pa.Array) -> list[Any]:
    """Per row: the untrimmed card text (cards keep their whitespace), its facts and the Hub
    ids it names (:func:`~lineage.loader.cardmentions.card_references`), None for an empty or
    blank card, :class:`Bad` for undecodable bytes."""
    values = None
    if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
        try:
            column = pc.cast(column, pa.string())
        except pa.ArrowInvalid:
            values = [_decode(v, trim=False) for v in column.to_pylist()]
            column = pa.array([None if isinstance(v, Bad) else v for v in values], pa.string())
    elif not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    cards = card_column(column)
    references = reference_column(column, [card[0] if card else None for card in cards])
    good = [(*card, refs) if card else None for card, refs in zip(cards, references)]
    if values is None:
        return good
    return [v if isinstance(v, Bad) else g for v, g in zip(values, good)]


def number_values(column: pa.Array, kind: type) -> list[Any]:
    """Numbers per row (None for empty, :class:`Bad` for what is not a number)."""
    values = texts(column)
    if not isinstance(values, list):
        try:
            return pc.cast(values, pa.int64() if kind is int else pa.float64()).to_pylist()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            values = values.to_pylist()
    out = []
    for value in values:
        if value is None or isinstance(value, Bad):
            out.append(value)
            continue
        try:
            out.append(parse_number(value, kind))
        except ValueError:
            out.append(Bad(value, "not a number"))
    return out


def list_values(column: pa.Array, interpret: Callable[[list[str]], Any] = tuple) -> list[Any]:
    """Per row: ``interpret(items)`` of the list literal, None when empty, :class:`Bad` when it
    is not a list literal. Each distinct value is parsed and interpreted once."""
    values = texts(column)
    if isinstance(values, list):
        return [v if v is None or isinstance(v, Bad) else _interpret(v, interpret)
                for v in values]
    encoded = pc.dictionary_encode(values)
    distinct = [_interpret(v, interpret) for v in encoded.dictionary.to_pylist()]
    return [None if i is None else distinct[i] for i in encoded.indices.to_pylist()]


def _interpret(text: str, interpret: Callable[[list[str]], Any]) -> Any:
    try:
        return interpret(parse_list(text))
    except ListLiteralError as err:
        return Bad(text, str(err))


def _decode(value: bytes | None, trim: bool = True) -> Any:
    if value is None:
        return None
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        return Bad(value.decode("utf-8", errors="backslashreplace"), "not UTF-8 text")
    if trim:
        text = text.strip()
        return text or None
    return text
