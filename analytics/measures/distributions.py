"""The ecosystem's distributions of the stored measures, kept on each run's ``Computation``.

``lineage stats`` and the app's Ecosystem page show how many models stand at each generation
and how the disruption indices spread (by sign and relation, and in bins of 0.1). Counting them
in the database means reading a property of every model with a parent: seconds at Hub scale,
for figures that change only when ``lineage compute`` runs. So the run counts them from the
arrays it already holds and stores the counts as lists on its ``Computation`` node; the named
queries ``stats/generations``, ``stats/disruption`` and ``stats/disruption_histogram`` read them
back in milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from lineage.relations import TYPES

__all__ = ["VARIANTS", "SIGNS", "ALL", "properties", "generation_counts", "disruption_signs",
           "disruption_bins", "record", "carried"]

#: The disruption variants and the ``Computation`` properties each one's counts live in.
VARIANTS = ("mdi", "mdi_lineage")
SIGNS = ("models", "negative", "zero", "positive")
#: The row of every model with a parent, whatever the relation.
ALL = "ALL"


def properties(measures: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The ``Computation`` properties that hold the distributions of each measure.

    >>> properties(["generation"])
    {'generation': ('generation_models',)}
    """
    owned: dict[str, tuple[str, ...]] = {}
    if "generation" in measures:
        owned["generation"] = ("generation_models",)
    for variant in VARIANTS:
        if variant in measures:
            owned[variant] = (f"{variant}_relations",
                              *(f"{variant}_{sign}" for sign in SIGNS),
                              f"{variant}_bins", f"{variant}_bin_models")
    return owned


def generation_counts(generation: np.ndarray, alone: int) -> list[int]:
    """Models at each generation: ``generation`` of the models with relatives, and ``alone``
    models without relatives (generation 0).

    >>> generation_counts(np.array([0, 1, 1, 3]), alone=5)
    [6, 2, 0, 1]
    """
    counts = np.bincount(np.asarray(generation, dtype=np.int64), minlength=1)
    counts[0] += alone
    return counts.astype(np.int64).tolist()


def disruption_signs(index: np.ndarray, child: np.ndarray, relation: np.ndarray
                     ) -> dict[str, list[Any]]:
    """How many models have a defined index, and how many are negative, zero, positive: over
    the models each relation made (a model made by two relations counts under both) and over
    every model with a parent (:data:`ALL`).

    Parameters
    ----------
    index : ndarray of float
        The index of every model (NaN where undefined).
    child, relation : ndarray
        Each lineage edge's child (row of ``index``) and relationship type.

    Returns
    -------
    dict
        ``relations`` (sorted, as the types spell them) and one list per sign of
        :data:`SIGNS`, aligned with it.

    Examples
    --------
    >>> signs = disruption_signs(np.array([np.nan, -0.5, 1.0]), np.array([1, 2, 2]),
    ...                          np.array(["FINETUNE", "MERGE", "FINETUNE"]))
    >>> signs["relations"], signs["models"], signs["negative"]
    (['ALL', 'FINETUNE', 'MERGE'], [2, 2, 1], [1, 1, 0])
    """
    pairs = pd.DataFrame({"model": np.asarray(child, dtype=np.int64),
                          "relation": np.asarray(relation, dtype=object)}).drop_duplicates()
    made = pd.concat([pairs, pd.DataFrame({"model": pairs["model"].unique(), "relation": ALL})],
                     ignore_index=True)
    value = np.asarray(index, dtype=float)[made["model"].to_numpy()]
    defined = ~np.isnan(value)
    made = made.assign(models=defined, negative=defined & (value < 0),
                       zero=defined & (value == 0), positive=defined & (value > 0))
    counted = made.groupby("relation")[list(SIGNS)].sum().sort_index()
    signs: dict[str, list[Any]] = {"relations": counted.index.astype(str).tolist()}
    for sign in SIGNS:
        signs[sign] = counted[sign].astype(np.int64).tolist()
    return signs


def disruption_bins(index: np.ndarray) -> tuple[list[float], list[int]]:
    """The defined indices in bins of width 0.1 from -1 to 1, each named by its lower edge (an
    index of exactly 1 falls in the last bin); only bins that hold a model.

    >>> disruption_bins(np.array([-1.0, -0.95, 0.0, 0.05, 1.0, np.nan]))
    ([-1.0, 0.0, 0.9], [2, 2, 1])
    """
    value = np.asarray(index, dtype=float)
    value = value[~np.isnan(value)]
    bins = np.clip(np.floor(value * 10).astype(np.int64), -10, 9) + 10
    counts = np.bincount(bins, minlength=20)
    held = np.flatnonzero(counts)
    return [float(edge - 10) / 10 for edge in held.tolist()], counts[held].tolist()


def record(values: Mapping[str, np.ndarray], child: np.ndarray, relation: np.ndarray,
           alone: int) -> dict[str, Any]:
    """The ``Computation`` properties for the measures in ``values``.

    Parameters
    ----------
    values : mapping
        Measure arrays of the models with relatives
        (:func:`lineage.analytics.measures.stored.measure`).
    child : ndarray
        Each lineage edge's child (row of the arrays).
    relation : ndarray
        Each lineage edge's relation word (``finetune`` ...).
    alone : int
        How many models have no relatives.
    """
    relation_types = pd.Series(relation, dtype=object).map(TYPES).to_numpy(dtype=object)
    stored: dict[str, Any] = {}
    if "generation" in values:
        stored["generation_models"] = generation_counts(values["generation"], alone)
    for variant in VARIANTS:
        if variant not in values:
            continue
        signs = disruption_signs(values[variant], child, relation_types)
        for key, column in signs.items():
            stored[f"{variant}_{key}"] = column
        stored[f"{variant}_bins"], stored[f"{variant}_bin_models"] = disruption_bins(
            values[variant])
    return stored


def carried(previous: Mapping[str, Any] | None, measures: Sequence[str]) -> dict[str, Any]:
    """The distributions a run that computed only ``measures`` keeps from the previous run's
    record, so that the latest record always describes every stored measure.

    >>> carried({"generation_models": [3, 1], "mdi_bins": [0.0]}, ["mdi"])
    {'generation_models': [3, 1]}
    """
    if not previous:
        return {}
    kept = properties([name for name in ("generation", *VARIANTS) if name not in measures])
    return {key: previous[key] for keys in kept.values() for key in keys if key in previous}
