"""Disruption: how far later models build on a model instead of on its own parents.

The CD index of Wu, Wang & Evans (2019) and Funk & Owen-Smith, over the walkable lineage
graph (see :mod:`lineage.analytics.measures.descent`). For a focal model F created at t with parents
R(F) and a window W, only models created in (t, t + W] count (W = 0: every later model):

* ``n_i``: later models that derive from F and from none of R(F);
* ``n_j``: later models that derive from F and from some of R(F);
* ``n_k``: later models that derive from some of R(F) but not from F;

and D = (n_i - n_j) / (n_i + n_j + n_k), from -1 (consolidating: later models keep using
F's parents beside it) to 1 (disruptive: later models use F instead of its parents).

Two variants say what "derives from" means. :func:`direct_disruption` (``mdi``): has it as a
direct parent. :func:`lineage_disruption` (``mdi_lineage``): descends from it; a later model
descending from F also builds on F's predecessors when it descends from one of F's ancestors by
a path that avoids F (``n_j``), and ``n_k`` counts the descendants of F's ancestors that do not
descend from F.

The index is undefined (NaN) for a model without parents, without a creation time, or with
nothing in its window; the counts are kept whenever it has parents and a creation time. A model
without a creation time is never a later model. Times are integers (milliseconds), compared
exactly: a model created at the same instant as F is not later.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lineage.analytics.measures.descent import Walkable, ancestor_pairs, contains
from lineage.analytics.measures.edgelist import distinct, expand_ranges
from lineage.errors import UsageError

__all__ = ["DAY_MS", "Disruption", "direct_disruption", "lineage_disruption"]

DAY_MS = 86_400_000
#: Most (focal, later model) pairs expanded at once when a focal model has several sources.
_CHUNK = 5_000_000


@dataclasses.dataclass(frozen=True)
class Disruption:
    """Per node: the index (NaN where undefined) and its counts (-1 where not kept)."""

    index: np.ndarray
    n_i: np.ndarray
    n_j: np.ndarray
    n_k: np.ndarray


class _Windows:
    """Each node's window as a range of time ranks, so that window counts are searches."""

    def __init__(self, time: np.ndarray, dated: np.ndarray, window_ms: int) -> None:
        if window_ms < 0:
            raise UsageError(f"the window must be 0 (none) or positive, not {window_ms} ms")
        self.dated = np.asarray(dated, dtype=bool)
        time = np.asarray(time, dtype=np.int64)
        instants = distinct(time[self.dated])
        self.width = np.int64(len(instants) + 1)
        self.rank = np.searchsorted(instants, time)
        self.start = np.searchsorted(instants, time, side="right")
        if window_ms:
            self.stop = np.searchsorted(instants, time + np.int64(window_ms), side="right")
        else:
            self.stop = np.full(len(time), len(instants), dtype=np.int64)

    def inside(self, focal: np.ndarray, later: np.ndarray) -> np.ndarray:
        """Whether each ``later`` model is dated and in the window of its ``focal`` model."""
        rank = self.rank[later]
        return self.dated[later] & (rank >= self.start[focal]) & (rank < self.stop[focal])

    def union(self, focal: np.ndarray, source: np.ndarray, owner: np.ndarray,
              member: np.ndarray, nodes: int) -> np.ndarray:
        """For each node F, how many distinct models in F's window are members of any of F's
        sources: ``(focal, source)`` pairs give the sources, ``(owner, member)`` pairs the
        members of each source. Pairs must be distinct."""
        keep = self.dated[member]
        owner, member = owner[keep], member[keep]
        key = owner * self.width + self.rank[member]
        order = np.argsort(key, kind="stable")
        key, owner, member = key[order], owner[order], member[order]
        lo = np.searchsorted(key, source * self.width + self.start[focal])
        hi = np.searchsorted(key, source * self.width + self.stop[focal])
        counts = (hi - lo).astype(np.int64)
        sources = np.bincount(focal, minlength=nodes)
        single = sources[focal] == 1
        result = np.bincount(focal[single], weights=counts[single],
                             minlength=nodes).astype(np.int64)
        # A model with several sources: its largest source is counted by the search above; the
        # later models of the others are listed, and those not among the largest's members
        # are counted once each.
        focal, source = focal[~single], source[~single]
        lo, counts = lo[~single], counts[~single]
        order = np.lexsort((-counts, focal))
        focal, source, lo, counts = focal[order], source[order], lo[order], counts[order]
        largest = np.r_[True, focal[1:] != focal[:-1]] if len(focal) else np.zeros(0, bool)
        result += np.bincount(focal[largest], weights=counts[largest],
                              minlength=nodes).astype(np.int64)
        biggest = np.zeros(nodes, dtype=np.int64)
        biggest[focal[largest]] = source[largest]
        focal, lo, counts = focal[~largest], lo[~largest], counts[~largest]
        membership = np.sort(owner * np.int64(nodes) + member)
        ends = np.cumsum(counts)
        begin = 0
        while begin < len(focal):
            end = int(np.searchsorted(ends, ends[begin] - counts[begin] + _CHUNK, side="right"))
            end = max(end, begin + 1)
            # Never split one focal model's sources over two chunks.
            while end < len(focal) and focal[end] == focal[end - 1]:
                end += 1
            f = np.repeat(focal[begin:end], counts[begin:end])
            x = member[expand_ranges(lo[begin:end], counts[begin:end])]
            fresh = ~contains(membership, biggest[f] * np.int64(nodes) + x)
            pairs = distinct(f[fresh] * np.int64(nodes) + x[fresh])
            result += np.bincount(pairs // nodes, minlength=nodes)
            begin = end
        return result


def _finish(focal: np.ndarray, n_i: np.ndarray, n_j: np.ndarray, n_k: np.ndarray
            ) -> Disruption:
    total = n_i + n_j + n_k
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(focal & (total > 0), (n_i - n_j) / np.maximum(total, 1), np.nan)
    missing = np.int64(-1)
    return Disruption(index, np.where(focal, n_i, missing), np.where(focal, n_j, missing),
                      np.where(focal, n_k, missing))


def direct_disruption(graph: Walkable, time: np.ndarray, dated: np.ndarray,
                      window_days: int = 90) -> Disruption:
    """Disruption where "derives from" means "has as a direct parent" (``mdi``).

    Parameters
    ----------
    graph : Walkable
        The walkable lineage graph.
    time : ndarray of int
        Creation time of each node in milliseconds (any value where ``dated`` is false).
    dated : ndarray of bool
        Which nodes have a creation time.
    window_days : int
        Only models created in (t, t + window] count; 0 means no window.

    Returns
    -------
    Disruption

    Examples
    --------
    A parent P with child F; X (later) uses F only, Y (later) uses P and F, Z (later) uses P:

    >>> from lineage.analytics.measures.descent import walkable
    >>> g = walkable(np.array([0, 1, 1, 0, 0]), np.array([1, 2, 3, 3, 4]),
    ...              np.zeros(5, bool), 5)
    >>> d = direct_disruption(g, np.array([0, 1, 2, 2, 2]) * DAY_MS, np.ones(5, bool))
    >>> d.index[1], d.n_i[1], d.n_j[1], d.n_k[1]
    (np.float64(0.0), np.int64(1), np.int64(1), np.int64(1))
    """
    n = graph.nodes
    windows = _Windows(time, dated, window_days * DAY_MS)
    parent, child = graph.parent, graph.child
    focal = (graph.in_degree > 0) & windows.dated
    subjects = np.flatnonzero(focal)
    derive = windows.union(subjects, subjects, parent, child, n)
    into = focal[child]
    total = windows.union(child[into], parent[into], parent, child, n)
    # Later children of F that share a parent with F: edges F -> X and q -> X with q -> F.
    order = np.argsort(child, kind="stable")
    by_child_parent, by_child = parent[order], child[order]
    starts = np.searchsorted(by_child, np.arange(n + 1))
    first = focal[parent] & windows.inside(parent, child)
    f, x = parent[first], child[first]
    counts = starts[x + 1] - starts[x]
    q = by_child_parent[expand_ranges(starts[x], counts)]
    f, x = np.repeat(f, counts), np.repeat(x, counts)
    edges = distinct(parent * np.int64(n) + child)
    hit = (q != f) & contains(edges, q * np.int64(n) + f)
    both = np.bincount(distinct(f[hit] * np.int64(n) + x[hit]) // n,
                       minlength=n).astype(np.int64)
    # total counts the later children of R(F); those also children of F are the n_j.
    return _finish(focal, derive - both, both, total - both)


def lineage_disruption(graph: Walkable, time: np.ndarray, dated: np.ndarray,
                       window_days: int = 90,
                       pairs: tuple[np.ndarray, np.ndarray] | None = None) -> Disruption:
    """Disruption where "derives from" means "descends from" (``mdi_lineage``).

    A later model descending from F counts in ``n_j`` when it also descends from one of F's
    ancestors by a path that avoids F; such a path enters F's descendants at a merge whose
    other parent is neither F nor its descendant but shares a root with F.

    Parameters
    ----------
    graph : Walkable
    time, dated, window_days
        As for :func:`direct_disruption`.
    pairs : (ndarray, ndarray), optional
        The (ancestor, descendant) pairs of
        :func:`~lineage.analytics.measures.descent.ancestor_pairs`.

    Returns
    -------
    Disruption

    Examples
    --------
    A root P with child F and, later, F's child X and P's other child Z: in a tree nothing
    reaches F's descendants but through F, so n_j is 0.

    >>> from lineage.analytics.measures.descent import walkable
    >>> g = walkable(np.array([0, 1, 0]), np.array([1, 2, 3]), np.zeros(3, bool), 4)
    >>> d = lineage_disruption(g, np.array([0, 1, 2, 2]) * DAY_MS, np.ones(4, bool))
    >>> d.index[1], d.n_i[1], d.n_j[1], d.n_k[1]
    (np.float64(0.5), np.int64(1), np.int64(0), np.int64(1))
    """
    n = graph.nodes
    windows = _Windows(time, dated, window_days * DAY_MS)
    ancestor, descendant = pairs if pairs is not None else ancestor_pairs(graph)
    indegree = graph.in_degree
    roots = indegree == 0
    focal = (indegree > 0) & windows.dated
    subjects = np.flatnonzero(focal)
    derive = windows.union(subjects, subjects, ancestor, descendant, n)
    # Every ancestor of F has a root among F's ancestors, so "descends from an ancestor of F"
    # is "descends from a root ancestor of F".
    rooted = roots[ancestor]
    root_of, rooted_node = ancestor[rooted], descendant[rooted]
    into = focal[rooted_node]
    total = windows.union(rooted_node[into], root_of[into], ancestor, descendant, n)
    # Entry points: merges z below F with a parent y that is neither F nor below F and shares
    # a root with F.
    closure = ancestor * np.int64(n) + descendant  # sorted: ancestor_pairs sorts its pairs
    candidate = focal[ancestor] & (indegree[descendant] >= 2)
    f, z = ancestor[candidate], descendant[candidate]
    order = np.argsort(graph.child, kind="stable")
    by_child_parent, by_child = graph.parent[order], graph.child[order]
    starts = np.searchsorted(by_child, np.arange(n + 1))
    counts = starts[z + 1] - starts[z]
    y = by_child_parent[expand_ranges(starts[z], counts)]
    f, z = np.repeat(f, counts), np.repeat(z, counts)
    outside = (y != f) & ~contains(closure, f * np.int64(n) + y)
    f, z, y = f[outside], z[outside], y[outside]
    # The roots of each candidate F (focal models have parents, so none is a root itself).
    order = np.argsort(rooted_node, kind="stable")
    root_by_node, node_sorted = root_of[order], rooted_node[order]
    rstarts = np.searchsorted(node_sorted, np.arange(n + 1))
    rcounts = rstarts[f + 1] - rstarts[f]
    r = root_by_node[expand_ranges(rstarts[f], rcounts)]
    f, z, y = np.repeat(f, rcounts), np.repeat(z, rcounts), np.repeat(y, rcounts)
    shared = (r == y) | contains(closure, r * np.int64(n) + y)
    entry = distinct(f[shared] * np.int64(n) + z[shared])
    ef, ez = entry // n, entry % n
    # n_j: the later models among the entry points and their descendants.
    gates = distinct(ez)
    below = contains(gates, ancestor)
    owner = np.concatenate([ancestor[below], gates])
    member = np.concatenate([descendant[below], gates])
    both = windows.union(ef, ez, owner, member, n)
    # total counts every later descendant of F's ancestors, F's own descendants among them.
    return _finish(focal, derive - both, both, total - derive)
