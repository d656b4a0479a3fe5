"""The graph measures the offline import writes with its models.

``lineage db import`` holds every model key and edge before the importer runs, so it can measure
the graph it is about to write (:func:`lineage.analytics.measures.stored.measure`, the default
window) and write the values as columns of the importer's node files. Written there, they cost
the import seconds; written by ``lineage compute`` into a fresh store they cost minutes of
transactional property writes. The first ``lineage compute`` after an import then finds every
model's measures equal and writes only the families, the kin heads and its run record. Until
that run is recorded, ``lineage stats`` and the app report the graph as not computed.
"""

from __future__ import annotations

import datetime as dt
import io
from array import array
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from lineage.analytics.measures.stored import MEASURES, measure
from lineage.relations import LABELS

#: The importer's type of each measure property that is not a count (``long``).
_TYPES = {"family": "string", "mdi": "double", "mdi_lineage": "double"}
#: (property, importer type) of the measure columns, in column order.
COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (prop, _TYPES.get(prop, "long")) for props in MEASURES.values() for prop in props)
HEADER = [f"{prop}:{kind}" for prop, kind in COLUMNS]
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MS = dt.timedelta(milliseconds=1)


class ModelFacts:
    """What measuring needs of each model the import writes, in row order: id, downloads and
    creation time (epoch milliseconds, as Neo4j's ``epochMillis`` reads the stored value)."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.ids: list[str] = []
        self.downloads = array("q")
        self.created = array("d")

    def __contains__(self, key: str) -> bool:
        return key in self.rows

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, key: str, model_id: str, downloads: int | None, created: str | None) -> None:
        """Add a model; ``created`` is the ISO text the node file holds (UTC when it has no
        offset, as the importer reads it)."""
        self.rows[key] = len(self.ids)
        self.ids.append(model_id)
        self.downloads.append(-1 if downloads is None else int(downloads))
        self.created.append(np.nan if created is None else _epoch_millis(created))


def measure_facts(facts: ModelFacts, edges: Iterable[tuple[str, str, str]]
                  ) -> dict[str, np.ndarray]:
    """Every measure of every model, in row order (as :func:`measure` returns them).

    ``edges`` are the lineage edges the import writes, as ``(parent key, child key, type)``.
    Cycle flags are not needed: the walkable graph leaves out every edge inside a strongly
    connected set, which are the edges the import flags as cycles.
    """
    parent, child, relation = [], [], []
    for parent_key, child_key, kind in edges:
        parent.append(facts.rows[parent_key])
        child.append(facts.rows[child_key])
        relation.append(LABELS[kind])
    models = pd.DataFrame({"id": pd.Series(facts.ids, dtype=object),
                           "downloads": np.frombuffer(facts.downloads, dtype=np.int64),
                           "created": np.frombuffer(facts.created, dtype=np.float64)})
    frame = pd.DataFrame({"parent": np.asarray(parent, dtype=np.int64),
                          "child": np.asarray(child, dtype=np.int64),
                          "relation": pd.Series(relation, dtype=object),
                          "cycle": np.zeros(len(parent), dtype=bool)})
    return measure(models, frame).values


def measured_cells(values: dict[str, np.ndarray] | None, models: int,
                   chunk: int = 100_000) -> Iterator[list[str]]:
    """The measure cells of ``models`` models in row order, ``chunk`` at a time: one CSV text
    per model (:data:`COLUMNS`, comma-separated, empty where a value is absent; all empty
    when ``values`` is None).

    >>> import numpy as np
    >>> values = {prop: np.array([-1, 2]) for prop, _ in COLUMNS}
    >>> values["family"] = np.array(["org/a", "org/a"], dtype=object)
    >>> values["mdi"] = np.array([np.nan, 0.5])
    >>> [row.split(",")[:4] for row in next(measured_cells(values, 2))]
    [['', 'org/a', '', ''], ['2', 'org/a', '2', '2']]
    """
    for start in range(0, models, chunk):
        stop = min(start + chunk, models)
        if values is None:
            yield ["," * (len(COLUMNS) - 1)] * (stop - start)
            continue
        columns = {}
        for prop, kind in COLUMNS:
            column = values[prop][start:stop]
            if kind == "long":
                column = pd.array(column, dtype="Int64")
                column[column < 0] = pd.NA
            columns[prop] = column
        text = io.StringIO()
        pd.DataFrame(columns).to_csv(text, header=False, index=False, na_rep="",
                                     lineterminator="\n")
        yield text.getvalue().split("\n")[:-1]


def _epoch_millis(text: str) -> float:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return float((value - _EPOCH) // _MS)
