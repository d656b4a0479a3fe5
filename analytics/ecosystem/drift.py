"""Drift: the direction trait mutations take across many edges, and the ordering that explains
it best.

Counted as the paper's notebooks count it: on each edge, every value the child adds is a
transition *from* every value of the parent, and every value the parent loses is a transition
*to* every value of the child (so a clean swap A -> B counts twice). The *drift graph* keeps,
for each pair of values, the majority direction weighted by ``|n_ab - n_ba|`` (ties dropped).
The *optimal ordering* is the exact solution of the linear ordering problem on that graph (an
integer programme): the order of the values, upstream first, with the most drift weight
pointing forward.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from lineage.analytics.ecosystem.mutation import trait_frame
from lineage.errors import UsageError

__all__ = ["top_values", "drift_transitions", "drift_graph", "optimal_ordering", "Agreement",
           "ordering_agreement", "order_concordance"]


def top_values(traits: pd.DataFrame, n: int = 20, exclude: Sequence[str] = ()) -> list:
    """The ``n`` values carried by the most models, most common first, ``exclude`` left out
    (the notebooks left the licences ``other`` and ``unknown`` out).

    Parameters
    ----------
    traits : DataFrame
        The trait in long form, columns ``model`` and ``value``.
    n : int
        How many values.
    exclude : sequence
        Values left out.

    Returns
    -------
    list

    Examples
    --------
    >>> t = pd.DataFrame({"model": list("abcd"), "value": ["mit", "mit", "other", "gpl"]})
    >>> top_values(t, 2, exclude=["other"])
    ['mit', 'gpl']
    """
    counts = trait_frame(traits)["value"].value_counts(sort=False)
    counts = counts[~counts.index.isin(list(exclude))]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return [value for value, _ in ranked[:n]]


def drift_transitions(edges: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    """Raw transitions ``source -> target`` with their ``count``, over all edges.

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child``.
    traits : DataFrame
        The trait in long form, columns ``model`` and ``value``.

    Returns
    -------
    DataFrame
        Columns ``source``, ``target``, ``count``.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "b"], "child": ["b", "c"]})
    >>> t = pd.DataFrame({"model": ["a", "b", "c", "c"], "value": ["x", "y", "y", "z"]})
    >>> drift_transitions(e, t).to_dict("records")
    [{'source': 'x', 'target': 'y', 'count': 2}, {'source': 'y', 'target': 'z', 'count': 1}]
    """
    traits = trait_frame(traits)
    if not {"parent", "child"} <= set(edges.columns):
        raise UsageError("edges need columns parent and child")
    frame = edges[["parent", "child"]].reset_index(drop=True).rename_axis("edge").reset_index()
    parent = frame.merge(traits.rename(columns={"model": "parent"}), on="parent")[
        ["edge", "value"]]
    child = frame.merge(traits.rename(columns={"model": "child"}), on="child")[
        ["edge", "value"]]
    keys = ["edge", "value"]
    in_parent = child.merge(parent.assign(inherited=True), on=keys, how="left")
    added = in_parent[in_parent["inherited"].isna()][keys]
    in_child = parent.merge(child.assign(kept=True), on=keys, how="left")
    dropped = in_child[in_child["kept"].isna()][keys]
    from_parent = parent.merge(added, on="edge", suffixes=("_s", "_t"))
    to_child = dropped.merge(child, on="edge", suffixes=("_s", "_t"))
    moves = pd.concat([from_parent, to_child], ignore_index=True)
    if moves.empty:
        return pd.DataFrame({"source": [], "target": [], "count": []}).astype({"count": int})
    counts = moves.groupby(["value_s", "value_t"]).size().rename("count").reset_index()
    counts = counts.rename(columns={"value_s": "source", "value_t": "target"})
    return counts.sort_values(["source", "target"], ignore_index=True)


def drift_graph(transitions: pd.DataFrame, values: Sequence | None = None) -> pd.DataFrame:
    """The oriented drift graph among ``values`` (default: all): one edge per pair of values,
    in the majority direction, weighted by ``|n_ab - n_ba|``; ties are dropped.

    Parameters
    ----------
    transitions : DataFrame
        Raw transitions (:func:`drift_transitions`).
    values : sequence, optional
        Only transitions between these values.

    Returns
    -------
    DataFrame
        Columns ``source``, ``target``, ``weight``.

    Examples
    --------
    >>> t = pd.DataFrame({"source": ["x", "y", "x"], "target": ["y", "x", "z"],
    ...                   "count": [5, 2, 1]})
    >>> drift_graph(t).to_dict("records")
    [{'source': 'x', 'target': 'y', 'weight': 3}, {'source': 'x', 'target': 'z', 'weight': 1}]
    """
    frame = transitions[transitions["source"] != transitions["target"]]
    if values is not None:
        frame = frame[frame["source"].isin(values) & frame["target"].isin(values)]
    forward = frame.set_index(["source", "target"])["count"]
    backward = forward.copy()
    backward.index = backward.index.swaplevel().set_names(["source", "target"])
    net = forward.sub(backward, fill_value=0)
    net = net[net > 0]
    result = net.rename("weight").reset_index()
    result["weight"] = result["weight"].astype(np.int64)
    return result.sort_values(["source", "target"], ignore_index=True)


def optimal_ordering(drift: pd.DataFrame, values: Sequence | None = None, *,
                     weighted: bool = True) -> list:
    """The exact linear ordering of ``values`` (default: every value in the drift graph),
    upstream first, that puts the most drift weight (or, unweighted, the most drift edges)
    forward. Solved as an integer programme with ``scipy.optimize.milp``: one variable per
    pair, ``x_ij = 1`` when ``i`` comes before ``j``, with the transitivity constraints
    ``0 <= x_ij + x_jk - x_ik <= 1``.

    Parameters
    ----------
    drift : DataFrame
        The oriented drift graph (:func:`drift_graph`).
    values : sequence, optional
        The values to order.
    weighted : bool
        Weigh edges by ``weight`` (else each counts one).

    Returns
    -------
    list
        The values, upstream first.

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["b", "a", "a"], "target": ["c", "b", "c"],
    ...                   "weight": [4, 3, 1]})
    >>> optimal_ordering(d)
    ['a', 'b', 'c']
    """
    if values is None:
        values = sorted(set(drift["source"]) | set(drift["target"]), key=str)
    values = list(values)
    n = len(values)
    if n < 2:
        return values
    position = {value: i for i, value in enumerate(values)}
    pair_index = {pair: k for k, pair in enumerate(itertools.combinations(range(n), 2))}
    gain = np.zeros(len(pair_index))
    for source, target, weight in drift[["source", "target", "weight"]].itertuples(
            index=False):
        if source not in position or target not in position:
            continue
        i, j = position[source], position[target]
        w = float(weight) if weighted else 1.0
        # x_ij = 1 means i before j: the edge i -> j points forward; j -> i backward.
        gain[pair_index[(min(i, j), max(i, j))]] += w if i < j else -w
    rows, cols, data = [], [], []
    for r, (i, j, k) in enumerate(itertools.combinations(range(n), 3)):
        for pair, sign in (((i, j), 1), ((j, k), 1), ((i, k), -1)):
            rows.append(r)
            cols.append(pair_index[pair])
            data.append(sign)
    constraints = []
    if rows:
        matrix = coo_matrix((data, (rows, cols)), shape=(rows[-1] + 1, len(pair_index)))
        constraints.append(LinearConstraint(matrix.tocsr(), 0, 1))
    result = milp(-gain, constraints=constraints, integrality=np.ones(len(pair_index)),
                  bounds=Bounds(0, 1))
    if not result.success:
        raise UsageError(f"the ordering problem could not be solved: {result.message}")
    before = np.zeros(n)
    for (i, j), k in pair_index.items():
        if result.x[k] > 0.5:
            before[i] += 1
        else:
            before[j] += 1
    return [values[i] for i in np.argsort(-before, kind="stable")]


@dataclasses.dataclass(frozen=True)
class Agreement:
    """How well an ordering explains drift: oriented edges pointing forward among all oriented
    edges ("drifts explained"), and raw transitions pointing forward among all raw transitions
    ("mutations accounted for"), both among the ordering's values."""

    forward_edges: int
    edges: int
    forward_transitions: int
    transitions: int

    @property
    def explained(self) -> float:
        return self.forward_edges / self.edges if self.edges else float("nan")

    @property
    def accounted_for(self) -> float:
        return self.forward_transitions / self.transitions if self.transitions else float("nan")


def ordering_agreement(transitions: pd.DataFrame, ordering: Sequence) -> Agreement:
    """How well ``ordering`` (upstream first) explains the drift of ``transitions``.

    Parameters
    ----------
    transitions : DataFrame
        Raw transitions (:func:`drift_transitions`).
    ordering : sequence
        Values, upstream first; only transitions among them count.

    Returns
    -------
    Agreement

    Examples
    --------
    >>> t = pd.DataFrame({"source": ["x", "y", "y"], "target": ["y", "x", "z"],
    ...                   "count": [5, 2, 1]})
    >>> a = ordering_agreement(t, ["x", "y", "z"])
    >>> a.forward_edges, a.edges, a.forward_transitions, a.transitions
    (2, 2, 6, 8)
    """
    rank = {value: i for i, value in enumerate(ordering)}
    graph = drift_graph(transitions, list(ordering))
    forward = graph["source"].map(rank) < graph["target"].map(rank)
    raw = transitions[transitions["source"].isin(rank) & transitions["target"].isin(rank)
                      & (transitions["source"] != transitions["target"])]
    raw_forward = raw["source"].map(rank) < raw["target"].map(rank)
    return Agreement(int(forward.sum()), int(len(graph)),
                     int(raw.loc[raw_forward, "count"].sum()), int(raw["count"].sum()))


def order_concordance(first: Sequence, second: Sequence) -> float:
    """Share of the pairs of values (those in both orderings) that the two orderings put in
    the same order: 1 for the same ordering, 0 for the reverse.

    Parameters
    ----------
    first, second : sequence
        Two orderings of (mostly) the same values.

    Returns
    -------
    float

    Examples
    --------
    >>> order_concordance(["a", "b", "c"], ["a", "c", "b"])
    0.6666666666666666
    """
    rank = {value: i for i, value in enumerate(second)}
    common = [value for value in first if value in rank]
    pairs = list(itertools.combinations(common, 2))
    if not pairs:
        raise UsageError("the orderings share fewer than two values: nothing to compare")
    return sum(rank[a] < rank[b] for a, b in pairs) / len(pairs)
