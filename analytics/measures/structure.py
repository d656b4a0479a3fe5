"""The shape of the lineage graph: families, generations, branching and small subgraphs.

Every function takes an edge frame (``parent``, ``child`` and, where named, ``relation``; see
:mod:`lineage.analytics.measures.edgelist`) and, where models without edges matter, the ids of
every model. The words are the glossary's: a *family* is a weakly connected set of models, a
model's *generation* the length of the longest walkable lineage path from a root down to it
(:func:`lineage.analytics.measures.descent.walkable`: a frame states no cycle flags, so an
edge inside a cycle is not walked). Components come from
:mod:`lineage.analytics.measures.components`, the one routine the whole project uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from lineage.analytics.measures import components, descent
from lineage.analytics.measures.edgelist import edge_list, out_degrees, unique_pairs
from lineage.errors import UsageError
from lineage.relations import RELATIONS

__all__ = ["TABLE_ONE", "weak_components", "component_count", "family_sizes", "generations",
           "children_with_children", "table_one", "subgraph_counts"]

#: The structures of the paper's Table 1, in its order, with what each counts.
TABLE_ONE = {
    "pairs": "two arbitrary models: ordered pairs of distinct models, n (n - 1)",
    "edges": "single edge (parent -> child)",
    "sibling_pairs": "two children of one parent: sum of C(k, 2)",
    "sibling_triples": "three children of one parent: sum of C(k, 3)",
    "two_step_paths": "grandparent -> parent -> child paths",
    "edge_child_pairs": "an edge whose child has two children: sum over edges of C(k_child, 2)",
    "uncle_nephew": "an edge and another child of its parent (uncle-nephew): sum over edges "
                    "of (k_parent - 1) k_child",
    "three_step_paths": "great-grandparent -> grandparent -> parent -> child paths",
}


def weak_components(edges: pd.DataFrame, nodes: Iterable | None = None) -> pd.Series:
    """The family (weakly connected component) of every model, numbered from 0.

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child``.
    nodes : iterable, optional
        Ids of models that may have no edge (each is then a family of its own).

    Returns
    -------
    Series
        Family number by model id.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "c"], "child": ["b", "d"]})
    >>> weak_components(e, nodes=["z"]).sort_index().tolist()
    [0, 0, 1, 1, 2]
    """
    graph = edge_list(edges, nodes)
    _, labels = components.weak_components(graph.parent, graph.child, graph.nodes)
    return pd.Series(labels, index=pd.Index(graph.ids, name="model"), name="family")


def component_count(edges: pd.DataFrame, nodes: Iterable | None = None) -> int:
    """How many weakly connected components: families plus models with no relative.

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child``.
    nodes : iterable, optional
        Ids of every model, so that models without relatives count.

    Returns
    -------
    int

    Examples
    --------
    >>> component_count(pd.DataFrame({"parent": ["a"], "child": ["b"]}), nodes=["c", "d"])
    3
    """
    graph = edge_list(edges, nodes)
    return components.weak_components(graph.parent, graph.child, graph.nodes)[0]


def family_sizes(edges: pd.DataFrame, nodes: Iterable | None = None,
                 exclude: Sequence[str] = ("merge",)) -> np.ndarray:
    """Sizes of the families, largest first, once edges of the relations in ``exclude`` are
    left out (the published family sizes leave merges out, so that one merge does not fuse two
    families).

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent``, ``child`` and, when ``exclude`` is not empty,
        ``relation``.
    nodes : iterable, optional
        Ids of every model.
    exclude : sequence of str
        Relations whose edges do not join families.

    Returns
    -------
    ndarray
        Family sizes, largest first.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "a", "x"], "child": ["b", "m", "m"],
    ...                   "relation": ["finetune", "merge", "merge"]})
    >>> family_sizes(e).tolist()
    [2, 1, 1]
    """
    graph = edge_list(edges, nodes, relation=bool(exclude))
    if exclude:
        unknown = set(exclude) - set(RELATIONS)
        if unknown:
            raise UsageError(f"cannot exclude unknown relation {sorted(unknown)[0]!r}: use "
                             f"{', '.join(RELATIONS)}")
        graph = graph.select(~np.isin(graph.relation, list(exclude)))
    count, labels = components.weak_components(graph.parent, graph.child, graph.nodes)
    return np.sort(np.bincount(labels, minlength=count))[::-1]


def generations(edges: pd.DataFrame, nodes: Iterable | None = None) -> pd.Series:
    """Every model's generation: the longest walkable lineage path from a root down to it
    (roots are 0), as ``lineage compute`` stores it.

    A frame flags no cycle, so an edge inside a cycle is not walked (the project's one cycle
    rule, :func:`lineage.analytics.measures.descent.walkable`).

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child``.
    nodes : iterable, optional
        Ids of models that may have no edge (generation 0).

    Returns
    -------
    Series
        Generation by model id.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "b", "a"], "child": ["b", "c", "c"]})
    >>> generations(e).to_dict()
    {'a': 0, 'b': 1, 'c': 2}
    """
    graph = edge_list(edges, nodes)
    walked = descent.walkable(graph.parent, graph.child, np.zeros(len(graph.parent), bool),
                              graph.nodes)
    return pd.Series(descent.generation(walked), index=pd.Index(graph.ids, name="model"),
                     name="generation")


def children_with_children(edges: pd.DataFrame) -> pd.Series:
    """For each relation, how many children made that way have children of their own.

    A child counts once per relation by which it was made (a merge child once, whatever its
    number of parents).

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent``, ``child`` and ``relation``.

    Returns
    -------
    Series
        Count by relation word, every relation present.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "b", "a", "c"], "child": ["b", "x", "c", "y"],
    ...                   "relation": ["finetune", "adapter", "quantization", "finetune"]})
    >>> children_with_children(e).to_dict()["quantization"]
    1
    """
    graph = edge_list(edges, relation=True)
    fertile = out_degrees(graph.parent, graph.nodes) > 0
    frame = pd.DataFrame({"child": graph.child, "relation": graph.relation})
    frame = frame[fertile[graph.child]].drop_duplicates()
    counts = frame.groupby("relation").size()
    return counts.reindex(list(RELATIONS), fill_value=0).astype(int).rename("children")


def table_one(children: np.ndarray, parents: np.ndarray, grandchildren: np.ndarray,
              nodes: int) -> dict[str, int]:
    """The paper's Table 1 from the degrees of the models with children.

    Parameters
    ----------
    children : ndarray of int
        For each model with children, its number of children k (distinct, none itself).
    parents : ndarray of int
        For the same models, their number of parents j.
    grandchildren : ndarray of int
        For the same models, the sum of their children's k: the paths of two edges down.
    nodes : int
        How many models the graph holds (for the pairs of two arbitrary models).

    Returns
    -------
    dict
        Count by structure, in the order of :data:`TABLE_ONE`.

    Examples
    --------
    >>> table_one(np.array([2, 1]), np.array([0, 1]), np.array([1, 0]), nodes=4)["uncle_nephew"]
    1
    """
    k = np.asarray(children, dtype=np.int64)
    j = np.asarray(parents, dtype=np.int64)
    s = np.asarray(grandchildren, dtype=np.int64)
    # Triples of siblings grow as k cubed: whole Python integers, never an overflow.
    big = k.astype(object)
    return {
        "pairs": nodes * (nodes - 1),
        "edges": int(k.sum()),
        "sibling_pairs": int((k * (k - 1) // 2).sum()),
        "sibling_triples": int((big * (big - 1) * (big - 2) // 6).sum()),
        "two_step_paths": int((j * k).sum()),
        "edge_child_pairs": int((j * (k * (k - 1) // 2)).sum()),
        "uncle_nephew": int(((k - 1) * s).sum()),
        "three_step_paths": int((j * s).sum()),
    }


def subgraph_counts(edges: pd.DataFrame, nodes: Iterable | None = None) -> dict[str, int]:
    """Occurrences of the small subgraphs of the paper's Table 1 among lineage edges (the paper
    counts the finetune forest): :func:`table_one` of the frame's models.

    Parameters
    ----------
    edges : DataFrame
        The edges, columns ``parent`` and ``child``; a repeated pair counts once, a self-loop
        never.
    nodes : iterable, optional
        Ids of every model (the edges' ends are counted anyway), for ``pairs``.

    Returns
    -------
    dict
        Count by structure, in the order of :data:`TABLE_ONE`.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["g", "g", "p", "p"], "child": ["p", "u", "c", "d"]})
    >>> c = subgraph_counts(e)
    >>> c["sibling_pairs"], c["two_step_paths"], c["uncle_nephew"]
    (2, 2, 2)
    """
    graph = edge_list(edges, nodes)
    n = graph.nodes
    parent, child = unique_pairs(graph.parent, graph.child, n)
    out = out_degrees(parent, n)
    into = np.bincount(child, minlength=n).astype(np.int64)
    below = np.bincount(parent, weights=out[child], minlength=n).astype(np.int64)
    fertile = np.flatnonzero(out > 0)
    return table_one(out[fertile], into[fertile], below[fertile], n)
