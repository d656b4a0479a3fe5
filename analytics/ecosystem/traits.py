"""Traits in long form: one row per model and value, read from the model frame.

A trait is one of the four the paper follows: ``license`` (the ``licenses`` property),
``language`` (``languages``, ISO codes), ``task`` (``pipeline_tag``) and ``library``
(``library_name``). Values are stripped and lower-cased (languages keep their code); a value
written as a Python list literal (``"['mit', 'apache-2.0']"``, as the published dataset spells
lists) is split into its items and counted, so that a messy source cannot hide a mutation.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from lineage.errors import UsageError
from lineage.pylist import ListLiteralError, parse_list

__all__ = ["TRAITS", "UNINFORMATIVE", "check_traits", "LongTrait", "long_trait"]

#: Trait name -> the Model property holding it.
TRAITS = {"license": "licenses", "language": "languages", "task": "pipeline_tag",
          "library": "library_name"}
#: Values that say nothing (the notebooks dropped them before ranking values).
UNINFORMATIVE = ("other", "unknown", "none", "", "[]")


def check_traits(names: list[str] | tuple[str, ...] | None) -> list[str]:
    """The trait names asked for (all when None), or a usage error listing the valid ones.

    Examples
    --------
    >>> check_traits(["license"])
    ['license']
    """
    if not names:
        return list(TRAITS)
    unknown = [name for name in names if name not in TRAITS]
    if unknown:
        raise UsageError(f"unknown trait {unknown[0]!r}: use one of {', '.join(TRAITS)}")
    return list(names)


@dataclasses.dataclass(frozen=True)
class LongTrait:
    """A trait in long form (``model``, ``value``) and how many values were list literals
    split into items or were not text at all (dropped)."""

    frame: pd.DataFrame
    list_literals: int
    not_text: int


def long_trait(models: pd.DataFrame, trait: str) -> LongTrait:
    """The trait ``trait`` of the models in ``models`` (columns ``key`` and the trait's
    property) in long form.

    Parameters
    ----------
    models : DataFrame
        The model frame, with column ``key`` and the trait's property.
    trait : str
        One of :data:`TRAITS`.

    Returns
    -------
    LongTrait

    Examples
    --------
    >>> m = pd.DataFrame({"key": ["a", "b", "c"],
    ...                   "licenses": [["MIT"], ["['mit', 'gpl-3.0']"], None]})
    >>> t = long_trait(m, "license")
    >>> t.frame.values.tolist(), t.list_literals
    ([['a', 'mit'], ['b', 'mit'], ['b', 'gpl-3.0']], 1)
    """
    column = TRAITS[check_traits([trait])[0]]
    frame = models[["key", column]].dropna()
    exploded = frame.explode(column).dropna()
    raw = exploded[column].to_numpy(dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in raw), dtype=bool, count=len(raw))
    odd = int((~is_text).sum())
    keys = exploded["key"].to_numpy(dtype=object)[is_text]
    texts = pd.Series(raw[is_text], dtype=object).str.strip()
    cells = texts.tolist()
    literals = 0
    # Few values are list literals: only they are parsed one by one.
    for at in np.flatnonzero(texts.str.startswith("[").to_numpy(dtype=bool)):
        try:
            cells[at] = parse_list(cells[at])
            literals += 1
        except ListLiteralError:
            pass
    items = pd.DataFrame({"model": pd.Series(keys, dtype=object),
                          "value": pd.Series(cells, dtype=object)})
    if literals:
        items = items.explode("value", ignore_index=True).dropna()
        items["value"] = items["value"].astype(str)
    value = items["value"].astype(object).str.strip()
    if trait != "language":
        value = value.str.lower()
    items = items.assign(value=value.astype(object))
    long = items[items["value"].str.len() > 0].drop_duplicates(ignore_index=True)
    return LongTrait(long.astype(object), literals, odd)
