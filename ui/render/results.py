"""Query results rendered: parameters typed as JSON, rows as table cells (Arrow for the app),
CSV and JSON files, and the graph a result holds (the Query page draws it).

Pure functions over what :meth:`lineage.cypher.client.Graph.adhoc` returns (its rows are
``plain()`` values: a node is a map with ``labels``, a relationship a map with ``type``,
``start`` and ``end`` (the end nodes' ids), a path a map of ``nodes`` and ``relationships``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from lineage.cypher import queries
from lineage.errors import UsageError


def parse_parameters(text: str) -> dict[str, Any]:
    """The query parameters typed as a JSON object (empty text: none).

    >>> parse_parameters('{"text": "llama", "limit": 5}')
    {'text': 'llama', 'limit': 5}
    """
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise UsageError(f"the parameters are not valid JSON ({err.msg} at line {err.lineno}, "
                         f"column {err.colno}): write an object such as "
                         '{"id": "org/name", "limit": 10}') from None
    if not isinstance(value, dict):
        raise UsageError('the parameters must be a JSON object such as {"limit": 10}, not '
                         f"a {type(value).__name__}")
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def to_json(value: Any) -> str:
    """``value`` (rows, a report ...) as JSON text, dates as ISO text."""
    return json.dumps(value, default=_json_default, ensure_ascii=False, indent=1)


def cell(value: Any) -> Any:
    """A value as one table cell: numbers, text and booleans stay; the rest as JSON text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def table(columns: list[str], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with every value a table cell (see :func:`cell`)."""
    return [{column: cell(row.get(column)) for column in columns} for row in rows]


def arrow_table(columns: list[str], rows: list[dict[str, Any]]) -> pa.Table:
    """The rows as an Arrow table of cells (see :func:`table`), ready for ``st.dataframe``.

    The app's pages hand these to Streamlit, which then sends them without building a pandas
    frame first. A column whose cells mix kinds (numbers and text) becomes text.
    """
    arrays = {}
    for column in columns:
        cells = [cell(row.get(column)) for row in rows]
        try:
            arrays[column] = pa.array(cells)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays[column] = pa.array([None if value is None else str(value)
                                       for value in cells])
    return pa.table(arrays) if arrays else pa.table({})


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """The rows as CSV with a header; lists, maps, nodes and paths as JSON text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table(columns, rows))
    return out.getvalue()


def _is_node(value: Mapping) -> bool:
    return isinstance(value.get("labels"), list)


def _is_relationship(value: Mapping) -> bool:
    return {"type", "start", "end"} <= value.keys() and isinstance(value.get("type"), str)


def _is_path(value: Mapping) -> bool:
    return set(value) == {"nodes", "relationships"}


def graph_of(rows: Iterable[Mapping[str, Any]]
             ) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str]]]:
    """The nodes (by ``id``) and relationships (start id, end id, type) anywhere in ``rows``.

    Nodes without an ``id`` property cannot be told apart once returned and are left out.

    >>> a = {"labels": ["Model"], "id": "org/a"}
    >>> b = {"labels": ["Model"], "id": "org/b"}
    >>> nodes, edges = graph_of([{"p": {"nodes": [a, b], "relationships": [
    ...     {"type": "FINETUNE", "start": "org/a", "end": "org/b"}]}}])
    >>> sorted(nodes), edges
    (['org/a', 'org/b'], [('org/a', 'org/b', 'FINETUNE')])
    """
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], None] = {}

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, Mapping):
            if _is_path(value):
                visit(value["nodes"])
                visit(value["relationships"])
            elif _is_relationship(value):
                if value["start"] is not None and value["end"] is not None:
                    edges[(str(value["start"]), str(value["end"]), value["type"])] = None
            elif _is_node(value):
                if value.get("id") is not None:
                    nodes.setdefault(str(value["id"]), dict(value))
            else:
                for item in value.values():
                    visit(item)

    for row in rows:
        visit(dict(row))
    return nodes, list(edges)


def example_parameters(query: queries.NamedQuery) -> str:
    """A JSON object naming each parameter of ``query`` (null values to fill in)."""
    return json.dumps({name: None for name in query.parameters}) if query.parameters else ""
