"""The heads of huge kin sets, stored so that the kin queries answer them from a short list.

The kin queries (``cypher/kin/``) return the most downloaded kin first. For the root of a big
family that means reading the downloads of tens of thousands of children or descendants at
every call. ``lineage compute`` reads every edge and every related model's downloads anyway,
so it also works out, for each model whose children or descendants (over every relation)
number more than a threshold, what the queries need to answer without that scan: one
``(:Kin {key})`` node per such model (the README's graph model lists the properties).

Children split in two: those whose only parent is the model (*alone*: no other parent can make
them anyone else's sibling) and those with another parent (*shared*). Of the first only the
head is kept (the ``top + 1`` most downloaded, by the queries' exact order: downloads
descending, absent as -1, then key) and their number; the second is kept whole, as are the
grandchildren. With these the siblings of any child are exact: the alone children of its big
parents are disjoint from everything else, so the total is their counts plus the distinct
rest, and the most downloaded siblings are among the heads and the rest. A whole list that
would pass ``2 * top`` keys is not stored (those queries stay live).

The lists hold exactly while no load has landed since the run that wrote them (downloads and
edges change only by a load); the queries check that before using them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from lineage.analytics.measures.components import strong_components
from lineage.analytics.measures.edgelist import distinct, expand_ranges

__all__ = ["KIN_THRESHOLD", "KIN_TOP", "kin_order", "kin_sets", "reach_bound"]

#: Kin sets larger than this (children, descendants) get stored heads.
KIN_THRESHOLD = 1000
#: The largest limit the stored heads serve; a larger limit runs the live query.
KIN_TOP = 1000


def kin_order(downloads: np.ndarray) -> np.ndarray:
    """Each model's position in the kin queries' order (most downloaded first, ties by key),
    for models given in key order.

    Examples
    --------
    >>> kin_order(np.array([5, -1, 5, 7])).tolist()
    [1, 3, 2, 0]
    """
    n = len(downloads)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), -np.asarray(downloads, dtype=np.int64)))] = np.arange(n)
    return rank


def kin_sets(keys: np.ndarray, downloads: np.ndarray, parent: np.ndarray, child: np.ndarray,
             threshold: int = KIN_THRESHOLD, top: int = KIN_TOP) -> dict[str, dict[str, Any]]:
    """The stored heads of every huge kin set.

    Parameters
    ----------
    keys : ndarray of str
        The models' keys, sorted as the database sorts them (the order of ``compute/related``).
    downloads : ndarray of int
        Their downloads, -1 when unknown.
    parent, child : ndarray of int
        Every lineage edge of every relation (row positions), cycle edges included.
    threshold : int
        A model gets stored heads when it has more children, or more descendants, than this.
    top : int
        The largest limit served: heads hold ``top + 1`` keys (a sibling query drops the model
        itself), whole lists at most ``2 * top``.

    Returns
    -------
    dict
        Model key -> the :class:`Kin` node's properties: ``children_top``, ``children_alone``,
        ``children_shared``, ``grandchildren`` (lists of keys in kin order, and a count), and
        ``descendants_top``, ``descendants_count``; a part that does not apply is absent.

    Examples
    --------
    >>> keys = np.array(["a", "b", "c", "d", "e"], dtype=object)
    >>> found = kin_sets(keys, np.array([9, 1, 3, 3, -1]), np.array([0, 0, 0, 4, 1]),
    ...                  np.array([1, 2, 3, 3, 4]), threshold=2, top=1)
    >>> found["a"]["children_top"], found["a"]["children_alone"], found["a"]["children_shared"]
    (['c', 'b'], 2, ['d'])
    >>> found["a"]["grandchildren"], found["a"]["descendants_count"]
    (['e'], 4)
    """
    n = len(keys)
    if n == 0:
        return {}
    rank = kin_order(downloads)
    pairs = distinct(np.asarray(parent, dtype=np.int64) * n + np.asarray(child, dtype=np.int64))
    p, c = pairs // n, pairs % n
    out_degree = np.bincount(p, minlength=n)
    in_degree = np.bincount(c, minlength=n)
    starts = np.concatenate(([0], np.cumsum(out_degree)))
    complete = 2 * top

    def ordered(nodes: np.ndarray, most: int | None = None) -> list[str]:
        if most is not None and len(nodes) > most:
            nodes = nodes[np.argpartition(rank[nodes], most - 1)[:most]]
        return keys[nodes[np.argsort(rank[nodes])]].tolist()

    found: dict[str, dict[str, Any]] = {}
    for v in np.flatnonzero(out_degree > threshold).tolist():
        kids = c[starts[v]:starts[v + 1]]
        shared = kids[in_degree[kids] > 1]
        if len(shared) > complete:
            continue
        alone = kids[in_degree[kids] == 1]
        values: dict[str, Any] = {"children_top": ordered(alone, top + 1),
                                  "children_alone": len(alone),
                                  "children_shared": ordered(shared)}
        grand = distinct(c[expand_ranges(starts[kids], out_degree[kids])])
        if len(grand) <= complete:
            values["grandchildren"] = ordered(grand)
        found[str(keys[v])] = values
    graph = csr_matrix((np.ones(len(p), dtype=np.int8), (p, c)), shape=(n, n))
    for v in np.flatnonzero(reach_bound(p, c, n) - 1 > threshold).tolist():
        reached = breadth_first_order(graph, v, directed=True, return_predecessors=False)
        below = reached[reached != v]
        if len(below) > threshold:
            found.setdefault(str(keys[v]), {}).update(
                descendants_top=ordered(below, top), descendants_count=len(below))
    return dict(sorted(found.items()))


def reach_bound(parent: np.ndarray, child: np.ndarray, nodes: int) -> np.ndarray:
    """An upper bound on how many models each node reaches (itself included), exact where the
    graph below the node is a tree: the sizes of the strongly connected sets below it, summed
    along every path, so that only nodes that may have many descendants are walked.

    Examples
    --------
    >>> reach_bound(np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), 5).tolist()
    [5, 2, 2, 1, 1]
    """
    if len(parent) == 0:
        return np.ones(nodes, dtype=np.int64)
    count, strong = strong_components(parent, child, nodes)
    size = np.bincount(strong, minlength=count)
    links = distinct(strong[parent] * np.int64(count) + strong[child])
    up, down = links // count, links % count
    across = up != down
    up, down = up[across], down[across]
    waiting = np.bincount(up, minlength=count)
    below = np.zeros(count, dtype=np.int64)
    bound = np.zeros(count, dtype=np.int64)
    done = np.zeros(count, dtype=bool)
    frontier = np.flatnonzero(waiting == 0)
    while len(frontier):
        done[frontier] = True
        bound[frontier] = np.minimum(size[frontier] + below[frontier], nodes)
        fresh = np.zeros(count, dtype=bool)
        fresh[frontier] = True
        step = fresh[down]
        below += np.bincount(up[step], weights=bound[down[step]], minlength=count).astype(
            np.int64)
        waiting -= np.bincount(up[step], minlength=count)
        frontier = np.flatnonzero((waiting == 0) & ~done)
    return bound[strong]
