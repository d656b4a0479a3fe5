"""The graph (or one family) as files other tools read: GraphML for Gephi and networkx, and
CSV nodes and edges files for pandas.

List properties (licences, languages ...) are written as text joined by ``;``, datetimes as ISO
text; a property a model does not have is left out (GraphML) or empty (CSV).

Edges frames that hold suggested lineage (``--include-suggested``: relation ``suggested``) carry
``suggested_relation`` and ``confidence`` too: two more CSV columns (empty on declared edges),
two more GraphML attributes (on suggested edges only). Without them the files are as before.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pandas as pd

#: The model properties written for every node.
NODE_PROPERTIES = ("id", "author", "created_at", "downloads", "likes", "pipeline_tag",
                   "library_name", "licenses", "languages", "gated", "has_card", "card_length",
                   "generation", "family")
NODE_COLUMNS = ("key", "placeholder", *NODE_PROPERTIES)
EDGE_COLUMNS = ("parent", "child", "relation", "cycle")
#: What a suggested edge carries beside them, when the frame holds suggestions.
SUGGESTED_EDGE_COLUMNS = ("suggested_relation", "confidence")
# Whole-number properties a frame may hold as floats (when some models lack them).
_WHOLE = ("downloads", "likes", "card_length", "generation")


@dataclasses.dataclass(frozen=True)
class Written:
    nodes: int
    edges: int


def cell(value: Any) -> Any:
    """A value GraphML and CSV can hold: lists joined by ';', datetimes as ISO text.

    Examples
    --------
    >>> cell(["en", "fr"]), cell(None), cell(3)
    ('en;fr', None, 3)
    """
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def to_networkx(models: pd.DataFrame, edges: pd.DataFrame) -> nx.MultiDiGraph:
    """A networkx graph of the frames (node = model key; GraphML-ready attributes)."""
    result = nx.MultiDiGraph()
    for record in models.itertuples(index=False):
        attrs = {name: cell(value) for name, value in zip(NODE_COLUMNS, record, strict=True)
                 if name != "key" and value is not None and value == value}
        attrs["placeholder"] = bool(attrs.get("placeholder"))
        for name in _WHOLE:
            if name in attrs:
                attrs[name] = int(attrs[name])
        result.add_node(record.key, **attrs)
    columns = edge_columns(edges)
    for record in edges[list(columns)].itertuples(index=False):
        values = dict(zip(columns, record, strict=True))
        extra = {name: values[name] for name in SUGGESTED_EDGE_COLUMNS
                 if name in values and values[name] is not None and values[name] == values[name]}
        result.add_edge(values["parent"], values["child"], relation=values["relation"],
                        cycle=bool(values["cycle"]), **extra)
    return result


def edge_columns(edges: pd.DataFrame) -> tuple[str, ...]:
    """The edge columns written: the declared four, and the suggested two when the frame has
    them."""
    if all(name in edges.columns for name in SUGGESTED_EDGE_COLUMNS):
        return EDGE_COLUMNS + SUGGESTED_EDGE_COLUMNS
    return EDGE_COLUMNS


def write_graphml(models: pd.DataFrame, edges: pd.DataFrame, path: str | Path,
                  opener=open) -> Written:
    """The models and edges (of the graph or one family) as a GraphML file."""
    network = to_networkx(models, edges)
    with opener(path) as handle:
        for line in nx.generate_graphml(network, named_key_ids=True):
            handle.write(line + "\n")
    return Written(network.number_of_nodes(), network.number_of_edges())


def write_csv(models: pd.DataFrame, edges: pd.DataFrame, folder: str | Path,
              opener=None) -> Written:
    """The graph as ``nodes.csv`` (one row per model) and ``edges.csv`` (one per edge).

    ``opener`` takes the two paths and gives a context manager of the two open text files (CSV
    wants them opened with ``newline=""``); by default both are plainly opened. Pass one that
    writes the pair atomically (``lineage.ui.render.atomic.atomic_writers``) so that a failure
    leaves neither file half written.
    """
    folder = Path(folder)
    with (opener or _open_all)([folder / "nodes.csv", folder / "edges.csv"]) as handles:
        for handle, frame, columns in zip(handles, (models, edges),
                                          (NODE_COLUMNS, edge_columns(edges)), strict=True):
            writer = csv.writer(handle)
            writer.writerow(columns)
            for record in frame[list(columns)].itertuples(index=False):
                writer.writerow(["" if v is None or v != v else
                                 int(v) if c in _WHOLE else cell(v)
                                 for c, v in zip(columns, record, strict=True)])
    return Written(len(models), len(edges))


@contextlib.contextmanager
def _open_all(paths: list[Path]) -> Iterator[list[IO[str]]]:
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(open(path, "w", encoding="utf-8", newline=""))
               for path in paths]
