"""Recognition of derivatives: the race to release.

"Racing to Release" (Liu, Kang, Yang, 2026) found that among derivatives of the same base
model, later releases and releases into crowded windows get less community recognition. The
estimate here: among the children of each parent (siblings; merge edges left out), regress
``log(1 + downloads)`` on ``log(release rank)`` and ``log(1 + siblings released in the window
before)``, with one fixed effect per parent (which absorbs the parent's own prominence) and the
child's own number of children as a control (its prominence).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from lineage.errors import UsageError


@dataclasses.dataclass(frozen=True)
class ReleaseEffect:
    """Slopes of ``log(1 + outcome)`` per unit of ``log(rank)`` and of
    ``log(1 + crowding)``, over ``siblings`` children of ``parents`` parents, with their
    standard errors (ordinary least squares within parents, degrees of freedom net of the
    fixed effects)."""

    rank_slope: float
    crowding_slope: float
    siblings: int
    parents: int
    rank_se: float = float("nan")
    crowding_se: float = float("nan")

    def interval(self, which: str, z: float = 1.959964) -> tuple[float, float]:
        """The 95 % interval of ``rank`` or ``crowding`` slope."""
        slope, se = ((self.rank_slope, self.rank_se) if which == "rank"
                     else (self.crowding_slope, self.crowding_se))
        return slope - z * se, slope + z * se


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
    parents = int(order["parent"].nunique())
    freedom = len(order) - parents - x.shape[1]
    se = [float("nan")] * 2
    if freedom > 0:
        residual = y - x @ coefficients
        variance = residual @ residual / freedom * np.linalg.pinv(x.T @ x)
        se = np.sqrt(np.clip(np.diag(variance)[:2], 0, None)).tolist()
    return ReleaseEffect(float(coefficients[0]), float(coefficients[1]), len(order), parents,
                         float(se[0]), float(se[1]))
