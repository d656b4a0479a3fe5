"""Traits in long form: one row per model and value, read from the model frame.

A trait is one of the four the paper follows: ``license`` (the ``licenses`` property),
``language`` (``languages``, ISO codes), ``task`` (``pipeline_tag``) and ``library``
(``library_name``). Values are stripped and lower-cased (languages keep their code); a value
written as a Python list literal (``"['mit', 'apache-2.0']"``, as the published dataset spells
lists) is split into its items and counted, so that a messy source cannot hide a mutation.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from lineage.errors import UsageError
from lineage.loader.pylist import ListLiteralError, parse_list

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
    keys, values = [], []
    literals = odd = 0
    for key, value in zip(exploded["key"], exploded[column], strict=True):
        if not isinstance(value, str):
            odd += 1
            continue
        text = value.strip()
        items = [text]
        if text.startswith("["):
            try:
                items = parse_list(text)
                literals += 1
            except ListLiteralError:
                items = [text]
        for item in items:
            item = item.strip()
            if trait != "language":
                item = item.lower()
            if item:
                keys.append(key)
                values.append(item)
    long = pd.DataFrame({"model": pd.Series(keys, dtype=object),
                         "value": pd.Series(values, dtype=object)}).drop_duplicates(
        ignore_index=True)
    return LongTrait(long, literals, odd)
