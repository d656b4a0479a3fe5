"""The shape of the lineage graph: families, generations, branching and small subgraphs.

Every function takes an edge frame (``parent``, ``child`` and, where named, ``relation``; see
:mod:`lineage.analytics.measures.edgelist`) and, where models without edges matter, the ids of every
model. The words are the glossary's: a *family* is a weakly connected set of models, a model's
*generation* the length of the longest lineage path from a root down to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from lineage.analytics.measures.edgelist import (
    EdgeList,
    edge_list,
    expand_ranges,
    out_degrees,
    unique_pairs,
)
from lineage.errors import UsageError
from lineage.relations import RELATIONS


def _components(graph: EdgeList, connection: str) -> tuple[int, np.ndarray]:
    n = graph.nodes
    matrix = coo_matrix((np.ones(len(graph.parent), dtype=np.int8),
                         (graph.parent, graph.child)), shape=(n, n))
    return connected_components(matrix, directed=True, connection=connection)


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
    _, labels = _components(graph, "weak")
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
    return _components(edge_list(edges, nodes), "weak")[0]


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
    count, labels = _components(graph, "weak")
    return np.sort(np.bincount(labels, minlength=count))[::-1]


def generations(edges: pd.DataFrame, nodes: Iterable | None = None) -> pd.Series:
    """Every model's generation: the longest lineage path from a root down to it (roots are 0).

    Models on a declared cycle share one generation: a cycle is walked as one model, so that
    no path is infinite.

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
    n = graph.nodes
    _, strong = _components(graph, "strong")
    # Walk the condensation: one node per strongly connected set, edges between sets only.
    parent, child = unique_pairs(strong[graph.parent], strong[graph.child], n)
    present = np.zeros(n, dtype=bool)
    present[strong] = True
    depth = longest_paths(parent, child, n, present)
    return pd.Series(depth[strong], index=pd.Index(graph.ids, name="model"), name="generation")


def longest_paths(parent: np.ndarray, child: np.ndarray, nodes: int,
                  present: np.ndarray | None = None) -> np.ndarray:
    """The length of the longest path from a source down to every node of a DAG.

    Parameters
    ----------
    parent, child : ndarray
        Distinct edges of a directed acyclic graph over nodes ``0 .. nodes - 1``.
    nodes : int
        How many nodes.
    present : ndarray of bool, optional
        Which nodes exist (all when None); absent nodes are left at 0.

    Returns
    -------
    ndarray
        Longest path length (in edges) by node; sources are 0.

    Examples
    --------
    >>> longest_paths(np.array([0, 1, 0]), np.array([1, 2, 2]), 3).tolist()
    [0, 1, 2]
    """
    order = np.argsort(parent, kind="stable")
    parent, child = parent[order], child[order]
    starts = np.searchsorted(parent, np.arange(nodes + 1))
    waiting = np.bincount(child, minlength=nodes)
    depth = np.zeros(nodes, dtype=np.int64)
    if present is None:
        present = np.ones(nodes, dtype=bool)
    frontier = np.flatnonzero(present & (waiting == 0))
    while frontier.size:
        out = expand_ranges(starts[frontier], starts[frontier + 1] - starts[frontier])
        np.maximum.at(depth, child[out], depth[parent[out]] + 1)
        done = np.bincount(child[out], minlength=nodes)
        waiting -= done
        frontier = np.flatnonzero((done > 0) & (waiting == 0))
    return depth


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


def subgraph_counts(edges: pd.DataFrame) -> dict[str, int]:
    """Occurrences of the small subgraphs of the paper's Table 1 in a lineage forest.

    Pass the edges of one relation (the paper uses the finetune forest). Counts:
    ``edges``; ``sibling pairs`` (two children of one parent); ``grandparent paths`` (an edge
    whose child has a child); ``sibling triples``; ``edges whose child has several children``
    (an edge and two children of its child); ``uncle-nephew pairs`` (an edge p -> c and another
    child of p's parent); ``great-grandparent paths`` (paths of three edges).

    Parameters
    ----------
    edges : DataFrame
        The forest's edges, columns ``parent`` and ``child``; a repeated pair counts once, a
        self-loop never.

    Returns
    -------
    dict
        Count by subgraph name.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["g", "g", "p", "p"], "child": ["p", "u", "c", "d"]})
    >>> c = subgraph_counts(e)
    >>> c["sibling pairs"], c["grandparent paths"], c["uncle-nephew pairs"]
    (2, 2, 2)
    """
    graph = edge_list(edges)
    n = graph.nodes
    parent, child = unique_pairs(graph.parent, graph.child, n)
    out = out_degrees(parent, n)
    into = np.bincount(child, minlength=n).astype(np.int64)

    def choose(k: np.ndarray, r: int) -> int:
        k = k.astype(object) if r > 2 else k
        value = k * (k - 1) // 2 if r == 2 else k * (k - 1) * (k - 2) // 6
        return int(np.sum(value))

    return {
        "edges": int(len(parent)),
        "sibling pairs": choose(out, 2),
        "grandparent paths": int(out[child].sum()),
        "sibling triples": choose(out, 3),
        "edges whose child has several children": choose(out[child], 2),
        "uncle-nephew pairs": int(((out[parent] - 1) * out[child]).sum()),
        "great-grandparent paths": int((into[parent] * out[child]).sum()),
    }
