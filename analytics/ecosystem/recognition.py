"""Recognition of derivatives: the race to release.

"Racing to Release" (Liu, Kang, Yang, 2026) found that among derivatives of the same base
model, later releases and releases into crowded windows get less community recognition. The
estimate here: among the children of each parent (siblings; merge edges left out), regress
``log(1 + downloads)`` on ``log(release rank)`` and ``log(1 + siblings released in the window
before)``, with one fixed effect per parent (which absorbs the parent's own prominence) and the
child's own number of children as a control (its prominence). Siblings share more than their
parent's prominence (a base model's release season, its audience), so their residuals may go
together: the standard errors are clustered by parent (the sandwich estimator with Bell and
McCaffrey's bias reduction, CR2), which does not assume the siblings' residuals independent.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy import stats

from lineage.errors import UsageError

__all__ = ["ReleaseEffect", "release_order", "release_order_effect", "effective_clusters",
           "clustered_errors"]


@dataclasses.dataclass(frozen=True)
class ReleaseEffect:
    """Slopes of ``log(1 + outcome)`` per unit of ``log(rank)`` and of
    ``log(1 + crowding)``, over ``siblings`` children of ``parents`` parents, with their
    standard errors (least squares within parents; errors clustered by parent, CR2)."""

    rank_slope: float
    crowding_slope: float
    siblings: int
    parents: int
    rank_se: float = float("nan")
    crowding_se: float = float("nan")
    #: The effective number of parents behind each slope (:func:`effective_clusters`).
    rank_clusters: float = float("inf")
    crowding_clusters: float = float("inf")

    def interval(self, which: str, level: float = 0.95) -> tuple[float, float]:
        """The interval of the ``rank`` or ``crowding`` slope: Student's t with one fewer
        degrees of freedom than the effective number of parents (a few hubs holding most
        siblings leave few independent comparisons, and the normal quantile would then cover
        too rarely)."""
        slope, se, clusters = ((self.rank_slope, self.rank_se, self.rank_clusters)
                               if which == "rank" else
                               (self.crowding_slope, self.crowding_se, self.crowding_clusters))
        quantile = float(stats.t.ppf(0.5 + level / 2, max(clusters - 1, 1)))
        return slope - quantile * se, slope + quantile * se


def release_order(edges: pd.DataFrame, created: pd.Series, window_days: float = 30
                  ) -> pd.DataFrame:
    """Per (parent, child): the child's place in its parent's release order (1 = first) and
    how many siblings came out in the ``window_days`` before it.

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child``.
    created : Series
        Creation time by model id.
    window_days : float
        How far back a sibling counts as crowding.

    Returns
    -------
    DataFrame
        Columns ``parent``, ``child``, ``time``, ``rank``, ``crowding``.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["p", "p", "p"], "child": ["a", "b", "c"]})
    >>> t = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-10", "2024-03-01"]),
    ...               index=["a", "b", "c"])
    >>> release_order(e, t)[["child", "rank", "crowding"]].values.tolist()
    [['a', 1, 0], ['b', 2, 1], ['c', 3, 0]]
    """
    frame = edges[["parent", "child"]].drop_duplicates().copy()
    frame["time"] = frame["child"].map(created)
    frame = frame.dropna(subset=["time"]).sort_values(["parent", "time", "child"],
                                                      ignore_index=True)
    frame["rank"] = frame.groupby("parent").cumcount() + 1
    if frame.empty:  # no sibling with a known time: nothing is crowded
        frame["crowding"] = frame["rank"]
        return frame
    times = frame["time"].to_numpy(dtype="datetime64[ns]")
    parents = pd.factorize(frame["parent"])[0].astype(np.int64)
    # Sorted by (parent, time): count the earlier siblings at most window_days back.
    key = parents * np.int64(2**33) + (times - times.min()).astype(np.int64) // 10**9
    start = np.searchsorted(key, key - int(window_days * 86_400), side="left")
    first = np.searchsorted(parents, parents, side="left")
    frame["crowding"] = np.arange(len(frame)) - np.maximum(start, first)
    return frame


def release_order_effect(edges: pd.DataFrame, models: pd.DataFrame,
                         window_days: float = 30, outcome: str = "downloads") -> ReleaseEffect:
    """The race-to-release slopes among siblings (see the module).

    ``models`` needs columns ``model``, ``created_at`` and ``outcome``; ``edges`` needs
    ``parent``, ``child`` and ``relation``.

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent``, ``child`` and ``relation``.
    models : DataFrame
        Columns ``model``, ``created_at`` and ``downloads``.
    window_days : float
        How far back a sibling counts as crowding.
    outcome : str
        The recognition column regressed (``downloads`` or ``likes``).

    Returns
    -------
    ReleaseEffect

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> kids = [f"k{i}" for i in range(200)]
    >>> e = pd.DataFrame({"parent": ["p", "q"] * 100, "child": kids, "relation": "finetune"})
    >>> days = pd.to_datetime("2024-01-01") + pd.to_timedelta(np.arange(200) * 3, "D")
    >>> rank = np.arange(200) // 2 + 1
    >>> downloads = np.expm1(5 - 0.5 * np.log(rank) + 0.01 * rng.standard_normal(200))
    >>> m = pd.DataFrame({"model": kids, "created_at": days, "downloads": downloads})
    >>> round(release_order_effect(e, m).rank_slope, 2)
    -0.5
    """
    needed = {"model", "created_at", outcome}
    if not needed <= set(models.columns):
        raise UsageError(f"the model frame needs columns model, created_at and {outcome}")
    if "relation" not in edges.columns:
        raise UsageError("the edge frame needs a relation column (merge edges are left out)")
    models = models.drop_duplicates("model").set_index("model")
    siblings = edges[edges["relation"] != "merge"]
    order = release_order(siblings, pd.to_datetime(models["created_at"], utc=True),
                          window_days)
    order["y"] = np.log1p(order["child"].map(models[outcome]).astype(float))
    children = edges.groupby("parent").size()
    order["own_children"] = np.log1p(order["child"].map(children).fillna(0))
    order["log_rank"] = np.log(order["rank"])
    order["log_crowding"] = np.log1p(order["crowding"])
    order = order.dropna(subset=["y"])
    sizes = order.groupby("parent")["child"].transform("size")
    order = order[sizes > 1]
    if len(order) < 3:
        raise UsageError("fewer than three siblings with downloads: nothing to estimate")
    columns = ["y", "log_rank", "log_crowding", "own_children"]
    within = order[columns] - order.groupby("parent")[columns].transform("mean")
    x = within[["log_rank", "log_crowding", "own_children"]].to_numpy()
    y = within["y"].to_numpy()
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    groups = pd.factorize(order["parent"])[0]
    parents = int(groups.max()) + 1
    se = clustered_errors(x, y - x @ coefficients, groups)[:2]
    clusters = effective_clusters(x, groups)[:2]
    return ReleaseEffect(float(coefficients[0]), float(coefficients[1]), len(order), parents,
                         float(se[0]), float(se[1]), float(clusters[0]), float(clusters[1]))


def effective_clusters(x: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The effective number of clusters behind each least-squares coefficient (Carter,
    Schnepel and Steigerwald, 2017, with residuals uncorrelated within clusters):
    ``G / (1 + var(w) / mean(w)^2)``, where ``w_g`` is cluster ``g``'s share of the
    coefficient's variance, ``[(X'X)^-1 X_g'X_g (X'X)^-1]_kk``. Equal clusters give ``G``;
    one cluster holding all the information gives about 1.

    Examples
    --------
    >>> x = np.array([[1.0], [-1.0], [2.0], [-2.0]])
    >>> effective_clusters(x, np.array([0, 0, 1, 1])).round(2)
    array([1.47])
    """
    n, k = x.shape
    count = int(groups.max()) + 1 if len(groups) else 0
    if count == 0:
        return np.full(k, np.nan)
    cross = np.zeros((count, k, k))
    np.add.at(cross, groups, x[:, :, None] * x[:, None, :])
    bread = np.linalg.pinv(x.T @ x)
    weights = np.einsum("ij,gjk,ki->gi", bread, cross, bread)
    mean = weights.mean(axis=0)
    spread = ((weights - mean) ** 2).mean(axis=0) / np.where(mean > 0, mean, np.nan) ** 2
    return count / (1 + spread)


def clustered_errors(x: np.ndarray, residual: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Standard errors of least-squares coefficients with errors clustered by ``groups``
    (``0 .. G-1``), with the bias-reduced linearisation of Bell and McCaffrey (CR2):
    ``(X'X)^-1 (sum_g X_g' A_g u_g u_g' A_g X_g) (X'X)^-1`` with
    ``A_g = (I - X_g (X'X)^-1 X_g')^-1/2``. The plain sandwich (CR1) shrinks each cluster's
    residuals by the cluster's pull on the fit, which matters when a few parents hold most
    siblings (a hub's hundreds of children): there it understates the error by a fifth on a
    20,000-model ecosystem; CR2 undoes that shrinking. Fixed effects swept out of ``x`` are
    nested in the clusters and need no further term (Pustejovsky and Tipton, 2018). NaN with
    fewer than two groups or no degrees of freedom left.

    ``A_g`` is ``n_g x n_g`` but differs from the identity only in the ``k`` directions of
    ``X_g``: with ``S = (X'X)^-1/2`` and ``M_g = S X_g'X_g S``,
    ``X_g' A_g u_g = S^-1 (I - M_g)^-1/2 S X_g'u_g``, so every cluster costs a ``k x k``
    eigendecomposition.

    Examples
    --------
    >>> x = np.array([[1.0], [-1.0], [1.0], [-1.0]])
    >>> clustered_errors(x, np.array([0.5, 0.5, -0.5, -0.5]), np.array([0, 0, 1, 1]))
    array([0.])
    """
    n, k = x.shape
    count = int(groups.max()) + 1 if len(groups) else 0
    if count < 2 or n - k <= 0:
        return np.full(k, np.nan)
    scores = np.zeros((count, k))
    np.add.at(scores, groups, x * residual[:, None])
    cross = np.zeros((count, k, k))
    np.add.at(cross, groups, x[:, :, None] * x[:, None, :])
    values, vectors = np.linalg.eigh(x.T @ x)
    # A regressor that never varies has no direction: pseudo-inverses leave it out.
    kept = values > max(values.max(), 0) * 1e-12
    vectors, values = vectors[:, kept], values[kept]
    root = (vectors / np.sqrt(values)) @ vectors.T  # (X'X)^-1/2
    inverse_root = (vectors * np.sqrt(values)) @ vectors.T
    leverage, directions = np.linalg.eigh(root @ cross @ root)
    # A direction a cluster alone fits carries no residual: leave it as it is.
    room = 1 - leverage
    factor = np.where(room > 1e-10, 1 / np.sqrt(np.clip(room, 1e-10, None)), 1.0)
    adjust = np.einsum("gij,gj,glj->gil", directions, factor, directions)
    adjusted = np.einsum("ij,gjk,kl,gl->gi", inverse_root, adjust, root, scores)
    bread = root @ root
    variance = bread @ (adjusted.T @ adjusted) @ bread
    return np.sqrt(np.clip(np.diag(variance), 0, None))
