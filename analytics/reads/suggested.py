"""Suggested lineage as the readers see it: the parents ``lineage infer`` suggested for models
that declare none, stored apart from declared lineage as ``SUGGESTED_PARENT`` (parent -> child).

Declared lineage never follows a suggestion by itself: every reader here and in :mod:`.kin`,
:mod:`.reports`, :mod:`.trees` and :mod:`.frames` adds suggestions only where it is asked to,
and says which edges are suggested (the relation word ``suggested``, the relation the
suggestion names and its confidence), so a suggestion is never mistaken for a declaration.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd

from lineage.analytics.governance.flags import Link, Step
from lineage.analytics.inference import DEFAULT_MIN_CONFIDENCE
from lineage.cypher.client import Graph
from lineage.relations import LABELS, SUGGESTED_LABEL, SUGGESTED_TYPE

__all__ = ["DEFAULT_MIN_CONFIDENCE", "WORDS", "SUGGESTED_COLUMNS", "followed_types",
           "suggested_parents", "every_suggestion", "every_suggested_pair", "suggested_link",
           "suggested_pairs", "with_suggestions"]

#: Relationship type -> relation word, suggested lineage included (``suggested``).
WORDS: dict[str, str] = {**LABELS, SUGGESTED_TYPE: SUGGESTED_LABEL}


#: The columns an edge frame gains when it holds suggested edges (None on declared ones).
SUGGESTED_COLUMNS = ["suggested_relation", "confidence"]


def followed_types(types: Iterable[str], include_suggested: bool) -> list[str]:
    """The relationship types a walk follows: ``types``, and ``SUGGESTED_PARENT`` when asked.

    Examples
    --------
    >>> followed_types(["FINETUNE"], True)
    ['FINETUNE', 'SUGGESTED_PARENT']
    >>> followed_types(["FINETUNE"], False)
    ['FINETUNE']
    """
    return [*types, SUGGESTED_TYPE] if include_suggested else list(types)


def suggested_parents(graph: Graph, keys: list[str],
                      min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[dict[str, Any]]:
    """The suggested parents of some models (by key) at or above ``min_confidence``, best
    first for each model: ``child``, ``parent`` (keys), ``relation`` (the relation suggested),
    ``confidence``, ``evidence`` (a list of reasons in words), ``run`` and ``model`` (the
    parent's facts, as ``family/parents`` gives them)."""
    if not keys:
        return []
    return graph.run("infer/suggested_parents", keys=keys, min_confidence=min_confidence)


def every_suggestion(graph: Graph, min_confidence: float = 0.0) -> Iterator[dict[str, Any]]:
    """Every suggested parent of the graph at or above ``min_confidence``, streamed by child:
    ``parent``, ``child`` (keys), ``relation``, ``confidence``, ``parent_id``,
    ``parent_licenses``."""
    return graph.stream("frames/suggested_edges", min_confidence=min_confidence)


def every_suggested_pair(graph: Graph, min_confidence: float = DEFAULT_MIN_CONFIDENCE
                         ) -> dict[str, list[tuple[Link, Step]]]:
    """Every suggested parent of the graph at or above ``min_confidence`` as
    :func:`suggested_pairs` gives them (the parent's facts: its id and licences), by child."""
    found: dict[str, list[tuple[Link, Step]]] = {}
    for row in every_suggestion(graph, min_confidence):
        parent = Step(key=row["parent"], id=row["parent_id"],
                      licenses=tuple(row["parent_licenses"] or ()))
        found.setdefault(row["child"], []).append(
            (suggested_link(row["parent"], row["relation"], row["confidence"]), parent))
    return found


def suggested_link(parent: str, relation: str | None, confidence: float) -> Link:
    """The link from a model to a suggested parent: the relation word ``suggested``, the
    suggested relation and the confidence beside it.

    Examples
    --------
    >>> link = suggested_link("meta/llama", "finetune", 0.93)
    >>> link.relation, link.suggested_relation, link.suggested
    ('suggested', 'finetune', True)
    """
    return Link(parent, SUGGESTED_LABEL, False, float(confidence), relation)


def suggested_pairs(rows: Iterable[dict[str, Any]]) -> dict[str, list[tuple[Link, Step]]]:
    """Rows of :func:`suggested_parents` as each child's suggested parents: (link, the
    parent's facts as a governance :class:`Step`), by child key."""
    found: dict[str, list[tuple[Link, Step]]] = {}
    for row in rows:
        model = row["model"]
        parent = Step(key=model["key"], id=model.get("id") or model["key"],
                      placeholder=bool(model.get("placeholder")),
                      licenses=tuple(model.get("licenses") or ()))
        found.setdefault(row["child"], []).append(
            (suggested_link(row["parent"], row["relation"], row["confidence"]), parent))
    return found


def with_suggestions(edges: pd.DataFrame, rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """An edge frame (``parent``, ``child``, ``relation``, ``cycle``) with its declared edges
    first, then the suggested edges of ``rows`` (relation ``suggested``, never on a declared
    cycle), and the :data:`SUGGESTED_COLUMNS`. A ``suggested`` edge already in ``edges`` (a
    walk that crossed it) is replaced by its row, which carries its relation and confidence.

    Examples
    --------
    >>> declared = pd.DataFrame([["a", "b", "finetune", False]],
    ...                         columns=["parent", "child", "relation", "cycle"])
    >>> both = with_suggestions(declared, [{"parent": "a", "child": "c",
    ...                                     "relation": "adapter", "confidence": 0.9}])
    >>> both.values.tolist()
    [['a', 'b', 'finetune', False, None, None], ['a', 'c', 'suggested', False, 'adapter', 0.9]]
    """
    base = ["parent", "child", "relation", "cycle"]
    columns = [*base, *SUGGESTED_COLUMNS]
    declared = edges.loc[edges["relation"] != SUGGESTED_LABEL, base]
    records = [[*row, None, None] for row in declared.itertuples(index=False)]
    records += [[row["parent"], row["child"], SUGGESTED_LABEL, False, row["relation"],
                 float(row["confidence"])] for row in rows]
    return pd.DataFrame({c: pd.Series([r[i] for r in records], dtype=object)
                         for i, c in enumerate(columns)}, columns=columns)
