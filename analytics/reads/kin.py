"""Kin of a model: its parents, children, siblings, cousins ... and the lineage between two models
(``lineage kin`` is their command, in :mod:`lineage.ui.cli.kin`).

Every kind of kin is one named query, ``kin/<kind>`` (``cypher/kin/``), over the lineage edges of
the chosen relations; the words are the glossary's (``lineage/__init__.py``). A query returns the
most downloaded kin first, at most ``limit`` of them, and how many there are in all, counted in the
database without holding the set, so the 30,000 siblings of a popular base model's finetune cost no
more memory than a hundred. Walks up and down visit each model once, so a lineage cycle never loops.
The children, siblings, half-siblings, cousins, aunts and uncles, nieces and nephews and descendants
of the biggest models are ranked from the heads ``lineage compute`` stores
(:mod:`lineage.analytics.measures.kinsets`) while no load has landed since, instead of from the
downloads of every member.

Suggested lineage (``lineage infer``'s ``SUGGESTED_PARENT``) is followed only when asked
(``include_suggested``): as one more relationship type, every stored suggestion, its relation
word ``suggested``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from lineage.analytics.reads.lookup import find_model
from lineage.analytics.reads.suggested import WORDS, followed_types
from lineage.cypher.client import Graph
from lineage.errors import UsageError
from lineage.relations import relation_types

__all__ = ["KINDS", "DEFAULT_LIMIT", "MAX_LIMIT", "COLUMNS", "query_name", "kin", "KinPath",
           "kin_path"]

#: The kinds of kin, as the command line spells them.
KINDS = ("parents", "children", "siblings", "half-siblings", "cousins", "aunts-uncles",
         "nieces-nephews", "ancestors", "descendants", "roots")
DEFAULT_LIMIT = 100
MAX_LIMIT = 100_000
COLUMNS = ["id", "relations", "via", "downloads", "likes", "pipeline_tag", "created_at",
           "placeholder"]


def query_name(kind: str) -> str:
    """The named query of a kind of kin (``half-siblings`` and ``half_siblings`` alike).

    Examples
    --------
    >>> query_name("aunts-uncles")
    'kin/aunts_uncles'
    """
    spelled = kind.strip().lower().replace("_", "-")
    if spelled not in KINDS:
        raise UsageError(f"unknown kind of kin {kind!r}: use one of {', '.join(KINDS)}")
    return "kin/" + spelled.replace("-", "_")


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT:,}, not {limit}")


def kin(graph: Graph, model_id: str, kind: str, relations: Iterable[str] | None = None,
        limit: int = DEFAULT_LIMIT, include_suggested: bool = False
        ) -> tuple[list[dict[str, Any]], int]:
    """The kin of one kind of a model, most downloaded first, and how many there are in all.

    Parameters
    ----------
    graph : Graph
        The database.
    model_id : str
        The model's Hub id (any case), or an id it had before a rename.
    kind : str
        One of :data:`KINDS`: ``parents``, ``children``, ``siblings`` (another child of one of
        its parents), ``half-siblings`` (a sibling whose parents are not exactly the model's),
        ``cousins`` (shares a grandparent, no parent), ``aunts-uncles`` (a sibling of a parent
        that is not a parent itself), ``nieces-nephews`` (a child of a sibling that is not the
        model's own child), ``ancestors``, ``descendants``, ``roots`` (the ancestors without a
        parent; the model itself when it has none).
    relations : iterable of str, optional
        Relation words whose edges count (``finetune``, ``adapter``, ``quantization``,
        ``merge``, ``unstated``); all when None.
    limit : int
        Most kin to return.
    include_suggested : bool
        Follow the suggested parents ``lineage infer`` stored as well (relation word
        ``suggested``).

    Returns
    -------
    rows : list of dict
        ``id``, ``relations`` (parents and children: the relations of the edges joining them to
        the model), ``via`` (the shared parents of siblings, shared grandparents of cousins, the
        parents an aunt or uncle is a sibling of, the siblings a niece or nephew is a child of),
        ``downloads``, ``likes``, ``pipeline_tag``, ``created_at``, ``placeholder``.
    total : int
        How many kin of that kind there are in all.

    Raises
    ------
    ModelNotFound
        When the id is not in the graph (the message names the closest ids).

    Examples
    --------
    >>> rows, total = kin(graph, "org/ft-a", "siblings")  # doctest: +SKIP
    >>> [r["id"] for r in rows], total  # doctest: +SKIP
    (['org/ft-b'], 1)
    """
    name = query_name(kind)
    types = followed_types(relation_types(relations), include_suggested)
    _check_limit(limit)
    rows = graph.run(name, id=model_id, types=types, limit=limit)
    if not rows:
        # No kin, no such model (say which), or an id the model had before a rename.
        found = find_model(graph, model_id)
        if found.get("renamed_from"):
            rows = graph.run(name, id=found["id"], types=types, limit=limit)
    total = rows[0]["total"] if rows else 0
    return [{**{c: row[c] for c in COLUMNS},
             "relations": sorted({WORDS[t] for t in row["relations"]})} for row in rows], total


@dataclasses.dataclass(frozen=True)
class KinPath:
    """How two models are related: the shortest lineage paths between them (edges walked
    either way) and their nearest common ancestors.

    ``paths`` holds up to ``limit`` paths, each a dict with ``ids`` (the models from ``source``
    to ``target``), ``placeholders`` (one flag per model) and ``steps`` (one per edge:
    ``parent``, ``child``, ``relation``); ``length`` is their number of edges (None when no
    path joins the two) and ``total_paths`` how many shortest paths there are. ``nearest``
    holds the nearest common ancestors (``id``, ``to_source`` and ``to_target``: the fewest
    parent -> child steps down to either model, ``downloads``, ``placeholder``), and
    ``common`` how many common ancestors there are in all.
    """

    source: str
    target: str
    length: int | None
    total_paths: int
    paths: list[dict[str, Any]]
    nearest: list[dict[str, Any]]
    common: int


def kin_path(graph: Graph, a: str, b: str, relations: Iterable[str] | None = None,
             limit: int = DEFAULT_LIMIT, include_suggested: bool = False) -> KinPath:
    """The shortest lineage paths between two models and their nearest common ancestors.

    A path may walk edges either way (up to a common ancestor and down again, or down to a
    common descendant and up). A common ancestor is a model both descend from, a model counting
    as its own ancestor; it is *nearest* when no other common ancestor lies strictly below it,
    that is descends from it without also being its ancestor (models on one cycle stand or fall
    together). Nearest common ancestors come nearest first: least total distance down to the two
    models, then most downloaded.

    Parameters
    ----------
    graph : Graph
        The database.
    a, b : str
        The two models' Hub ids (any case).
    relations : iterable of str, optional
        Relation words whose edges count; all when None.
    limit : int
        Most paths, and most nearest common ancestors, to return.
    include_suggested : bool
        Walk the stored suggested parents as well (relation word ``suggested``).

    Returns
    -------
    KinPath

    Raises
    ------
    ModelNotFound
        When either id is not in the graph.

    Examples
    --------
    >>> found = kin_path(graph, "org/ft-a", "org/ft-b")  # doctest: +SKIP
    >>> found.paths[0]["ids"], [n["id"] for n in found.nearest]  # doctest: +SKIP
    (['org/ft-a', 'org/base', 'org/ft-b'], ['org/base'])
    """
    types = followed_types(relation_types(relations), include_suggested)
    _check_limit(limit)
    source = find_model(graph, a)["id"]
    target = find_model(graph, b)["id"]
    paths = graph.run("kin/path", id=source, other=target, types=types, limit=limit)
    nearest = graph.run("kin/common_ancestors", id=source, other=target, types=types,
                        limit=limit)
    return KinPath(
        source=source, target=target,
        length=paths[0]["length"] if paths else None,
        total_paths=paths[0]["total"] if paths else 0,
        paths=[{"ids": p["ids"], "placeholders": p["placeholders"],
                "steps": [{**s, "relation": WORDS[s["relation"]]} for s in p["steps"]]}
               for p in paths],
        nearest=[{"id": n["id"], "to_source": n["to_id"], "to_target": n["to_other"],
                  "downloads": n["downloads"], "placeholder": n["placeholder"]}
                 for n in nearest],
        common=nearest[0]["common"] if nearest else 0,
    )
