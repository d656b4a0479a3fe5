"""Drift: the direction trait mutations take across many edges, and the ordering that explains
it best.

Counted as the paper's notebooks count it: on each edge, every value the child adds is a
transition *from* every value of the parent, and every value the parent loses is a transition
*to* every value of the child (so a clean swap A -> B counts twice). The *drift graph* keeps,
for each pair of values, the majority direction weighted by ``|n_ab - n_ba|`` (ties dropped).
The *optimal ordering* is the exact solution of the linear ordering problem on that graph (an
integer programme): the order of the values, upstream first, with the most drift weight
pointing forward; its *objective* is the net forward weight (forward minus backward).

Which values are ranked follows the authors' code (:func:`ranked_values`): values of the drift
graph, the ``n + 5`` most common, the uninformative left out, cut to ``n``. A ranked value
with no drift edge to or from another is set apart (:func:`split_unranked`): any place in the
ordering would be as good. How sure an ordering is comes from a bootstrap over edges
(:func:`adjacent_stability`): how often each adjacent pair keeps its order.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from lineage.analytics.ecosystem.mutation import trait_frame
from lineage.errors import UsageError

__all__ = ["ranked_values", "split_unranked", "edge_moves", "drift_transitions",
           "count_transitions",
           "drift_graph", "Solution", "solve_ordering", "optimal_ordering", "ordering_objective",
           "adjacent_stability", "Agreement", "ordering_agreement", "order_concordance"]

#: Values beyond ``n`` the authors' code takes before leaving the uninformative ones out.
SPARE_VALUES = 5


def ranked_values(traits: pd.DataFrame, drift: pd.DataFrame, n: int,
                  exclude: Sequence[str] = ()) -> list:
    """The values an ordering ranks, by the authors' rule: among the values of the drift graph
    (those with a drift edge), the ``n + 5`` carried by the most models, then ``exclude`` left
    out, then the first ``n``. Ties in model count go by value (the authors' code kept their
    graph's insertion order, which depends on their file's row order).

    Parameters
    ----------
    traits : DataFrame
        The trait in long form, columns ``model`` and ``value``.
    drift : DataFrame
        The oriented drift graph over every value (:func:`drift_graph`).
    n : int
        How many values.
    exclude : sequence
        Values left out (uninformative ones such as ``other``).

    Returns
    -------
    list
        Most common first.

    Examples
    --------
    >>> t = pd.DataFrame({"model": list("abcdef"),
    ...                   "value": ["mit", "mit", "other", "gpl", "bsd", "mit"]})
    >>> d = pd.DataFrame({"source": ["other", "gpl"], "target": ["mit", "mit"],
    ...                   "weight": [2, 1]})
    >>> ranked_values(t, d, 2, exclude=["other"])
    ['mit', 'gpl']
    """
    in_graph = set(drift["source"]) | set(drift["target"])
    counts = trait_frame(traits)["value"].value_counts(sort=False)
    counts = counts[counts.index.isin(list(in_graph))]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    candidates = [value for value, _ in ranked[:n + SPARE_VALUES]]
    return [value for value in candidates if value not in set(exclude)][:n]


def split_unranked(drift: pd.DataFrame, values: Sequence) -> tuple[list, list]:
    """``values`` split into those with a drift edge to or from another of them (ranked) and
    the others (unranked: every place in an ordering would be as good), each in the given
    order.

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["a", "c"], "target": ["b", "z"], "weight": [1, 1]})
    >>> split_unranked(d, ["a", "b", "c"])
    (['a', 'b'], ['c'])
    """
    among = set(values)
    linked = drift[drift["source"].isin(among) & drift["target"].isin(among)]
    touched = set(linked["source"]) | set(linked["target"])
    return ([v for v in values if v in touched], [v for v in values if v not in touched])


def edge_moves(edges: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    """The transitions of each edge: ``edge`` (its position in ``edges``), ``source`` and
    ``target`` (one row per transition; :func:`drift_transitions` counts them over edges).

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a"], "child": ["b"]})
    >>> t = pd.DataFrame({"model": ["a", "b"], "value": ["x", "y"]})
    >>> edge_moves(e, t).to_dict("records")
    [{'edge': 0, 'source': 'x', 'target': 'y'}, {'edge': 0, 'source': 'x', 'target': 'y'}]
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
    moves = moves.rename(columns={"value_s": "source", "value_t": "target"})
    return moves[["edge", "source", "target"]]


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
    return count_transitions(edge_moves(edges, traits))


def count_transitions(moves: pd.DataFrame) -> pd.DataFrame:
    """The transitions of :func:`edge_moves` counted over edges: ``source``, ``target``,
    ``count`` (what :func:`drift_transitions` returns)."""
    if moves.empty:
        return pd.DataFrame({"source": [], "target": [], "count": []}).astype({"count": int})
    counts = moves.groupby(["source", "target"]).size().rename("count").reset_index()
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


@dataclasses.dataclass(frozen=True)
class Solution:
    """An optimal ordering (upstream first), its objective (the net forward weight: drift
    weight pointing forward minus weight pointing backward; unweighted, edges), and whether it
    is the only ordering that reaches it (None when not checked)."""

    ordering: list
    objective: float
    unique: bool | None = None


def _gains(drift: pd.DataFrame, values: list, weighted: bool) -> np.ndarray:
    """The antisymmetric matrix ``g``: ``g[i, j]`` is what putting ``values[i]`` before
    ``values[j]`` gains (the oriented edge's weight, negative when it points ``j -> i``)."""
    position = {value: i for i, value in enumerate(values)}
    gains = np.zeros((len(values), len(values)))
    for source, target, weight in drift[["source", "target", "weight"]].itertuples(
            index=False):
        if source in position and target in position:
            w = float(weight) if weighted else 1.0
            gains[position[source], position[target]] += w
            gains[position[target], position[source]] -= w
    return gains


def _solve(gains: np.ndarray, check_unique: bool) -> tuple[np.ndarray, float, bool | None]:
    """The linear ordering problem on ``gains`` as an integer programme: one variable per
    pair, ``x_ij = 1`` when ``i`` comes before ``j``, with the transitivity constraints
    ``0 <= x_ij + x_jk - x_ik <= 1``. Returns the positions upstream first, the objective, and
    (when asked) whether a second solve that excludes this ordering falls short of it."""
    n = len(gains)
    pairs = list(itertools.combinations(range(n), 2))
    pair_index = {pair: k for k, pair in enumerate(pairs)}
    gain = np.array([gains[i, j] for i, j in pairs])
    rows, cols, data = [], [], []
    for r, (i, j, k) in enumerate(itertools.combinations(range(n), 3)):
        for pair, sign in (((i, j), 1), ((j, k), 1), ((i, k), -1)):
            rows.append(r)
            cols.append(pair_index[pair])
            data.append(sign)
    constraints = []
    if rows:
        matrix = coo_matrix((data, (rows, cols)), shape=(rows[-1] + 1, len(pairs)))
        constraints.append(LinearConstraint(matrix.tocsr(), 0, 1))

    def solve(extra: list) -> Any:
        return milp(-gain, constraints=constraints + extra, integrality=np.ones(len(pairs)),
                    bounds=Bounds(0, 1))

    result = solve([])
    if not result.success:
        raise UsageError(f"the ordering problem could not be solved: {result.message}")
    chosen = result.x > 0.5
    # x = 1 scores +gain, x = 0 scores -gain: the objective counts backward weight too.
    objective = float(gain[chosen].sum() - gain[~chosen].sum())
    unique = None
    if check_unique:
        # Any other ordering differs in at least one pair: exclude this one and solve again.
        cut = LinearConstraint(np.where(chosen, 1.0, -1.0), -np.inf, chosen.sum() - 1)
        other = solve([cut])
        unique = bool(not other.success or -other.fun < gain[chosen].sum() - 1e-9)
    before = np.zeros(n)
    for (i, j), k in pair_index.items():
        before[i if chosen[k] else j] += 1
    return np.argsort(-before, kind="stable"), objective, unique


def solve_ordering(drift: pd.DataFrame, values: Sequence | None = None, *,
                   weighted: bool = True, check_unique: bool = True) -> Solution:
    """The exact linear ordering of ``values`` (default: every value in the drift graph),
    upstream first, that puts the most drift weight (or, unweighted, the most drift edges)
    forward; with its objective and whether it is the only optimum.

    Parameters
    ----------
    drift : DataFrame
        The oriented drift graph (:func:`drift_graph`).
    values : sequence, optional
        The values to order.
    weighted : bool
        Weigh edges by ``weight`` (else each counts one).
    check_unique : bool
        Solve a second time to tell whether another ordering reaches the same objective.

    Returns
    -------
    Solution

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["b", "a", "a"], "target": ["c", "b", "c"],
    ...                   "weight": [4, 3, 1]})
    >>> solve_ordering(d)
    Solution(ordering=['a', 'b', 'c'], objective=8.0, unique=True)
    >>> solve_ordering(d, ["a", "b", "c", "x"]).unique  # x may go anywhere
    False
    """
    if values is None:
        values = sorted(set(drift["source"]) | set(drift["target"]), key=str)
    values = list(values)
    if len(values) < 2:
        return Solution(values, 0.0, True if check_unique else None)
    order, objective, unique = _solve(_gains(drift, values, weighted), check_unique)
    return Solution([values[i] for i in order], objective, unique)


def optimal_ordering(drift: pd.DataFrame, values: Sequence | None = None, *,
                     weighted: bool = True) -> list:
    """The ordering of :func:`solve_ordering`, alone.

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["b", "a", "a"], "target": ["c", "b", "c"],
    ...                   "weight": [4, 3, 1]})
    >>> optimal_ordering(d)
    ['a', 'b', 'c']
    """
    return solve_ordering(drift, values, weighted=weighted, check_unique=False).ordering


def ordering_objective(drift: pd.DataFrame, ordering: Sequence, *,
                       weighted: bool = True) -> float:
    """The net forward weight of ``ordering`` on the drift graph: the weight of the oriented
    edges among its values that point forward, minus the weight of those pointing backward
    (unweighted: edges).

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["b", "a", "a"], "target": ["c", "b", "c"],
    ...                   "weight": [4, 3, 1]})
    >>> ordering_objective(d, ["b", "a", "c"]), ordering_objective(d, ["b", "a", "c"],
    ...                                                            weighted=False)
    (2.0, 1.0)
    """
    gains = _gains(drift, list(ordering), weighted)
    return float(np.triu(gains, 1).sum())


def adjacent_stability(moves: pd.DataFrame, edges: int, ordering: Sequence, *,
                       weighted: bool = True, resamples: int = 100,
                       seed: int = 0) -> list[float]:
    """How sure each step of ``ordering`` is: resample the lineage edges with replacement
    ``resamples`` times, count the transitions among the ordering's values on each sample,
    find its optimal ordering, and give, for each adjacent pair of ``ordering``, the share of
    samples that keep its order.

    Parameters
    ----------
    moves : DataFrame
        The transitions of each edge (:func:`edge_moves`): ``edge``, ``source``, ``target``.
    edges : int
        How many edges were counted (edges without a transition are drawn too).
    ordering : sequence
        Values, upstream first.
    weighted : bool
        As the ordering was found.
    resamples : int
        Bootstrap samples.
    seed : int
        Seed of the draws.

    Returns
    -------
    list of float
        One share per adjacent pair, in order (``len(ordering) - 1`` of them).

    Examples
    --------
    >>> m = pd.DataFrame({"edge": list(range(40)), "source": ["a"] * 20 + ["b"] * 20,
    ...                   "target": ["b"] * 20 + ["c"] * 20})
    >>> adjacent_stability(m, 40, ["a", "b", "c"], resamples=20)
    [1.0, 1.0]
    """
    values = list(ordering)
    n = len(values)
    if n < 2 or edges == 0 or resamples < 1:
        return [float("nan")] * max(n - 1, 0)
    position = {value: i for i, value in enumerate(values)}
    among = moves[moves["source"].isin(position) & moves["target"].isin(position)
                  & (moves["source"] != moves["target"])]
    cell = (among["source"].map(position).to_numpy() * n
            + among["target"].map(position).to_numpy())
    edge = among["edge"].to_numpy()
    rng = np.random.default_rng(seed)
    kept = np.zeros(n - 1)
    for _ in range(resamples):
        drawn = np.bincount(rng.integers(0, edges, edges), minlength=edges)
        counts = np.bincount(cell, weights=drawn[edge], minlength=n * n).reshape(n, n)
        net = counts - counts.T
        gains = net if weighted else np.sign(net)
        order, _, _ = _solve(gains, check_unique=False)
        rank = np.empty(n, dtype=int)
        rank[order] = np.arange(n)
        kept += rank[:-1] < rank[1:]
    return [float(share) for share in kept / resamples]


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
