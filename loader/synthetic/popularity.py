"""Likes, downloads and trending scores, with the race to release planted.

Recognition is heavy-tailed (log-normal), grows with a model's own derivatives, and follows its
parent's: a derivative of a popular model is noticed more. Among the children of one parent,
later releases and releases into a crowded window get less: each step down the release order
and each sibling released in the preceding :data:`WINDOW_DAYS` days lowers the log of the
downloads by the planted slopes (:class:`RaceToRelease`), after "Racing to Release" (Liu, Kang,
Yang, 2026). The slopes act on a latent log; what a file holds is a whole number of downloads,
none below zero, so on the observable scale (``log(1 + downloads)``) the effect is a little
different: flattened where models deep in a crowded release order fall to zero downloads,
steepened by rounding down at small counts. The truth file records both: the slopes planted and
the slopes realised on the observable scale (:func:`realised_slopes`), which a correct analysis
recovers.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lineage.loader.synthetic.growth import Lineage
from lineage.loader.synthetic.recipe import ME
from lineage.loader.synthetic.timeline import DAY, END

WINDOW_DAYS = 30
#: Mean log downloads of a model without derivatives, and the likes' level below it.
LEVEL = 6.5
LIKES_LEVEL = -6.55
#: Models created this many days before the end still trend.
TRENDING_DAYS = 45


@dataclasses.dataclass(frozen=True)
class RaceToRelease:
    """The planted effects on ``log(1 + downloads)``: per unit of ``log(release rank)``
    among siblings (1 = first) and per unit of ``log(1 + siblings released in the window
    before)``."""

    rank_slope: float = -0.3
    crowding_slope: float = -0.2
    window_days: int = WINDOW_DAYS


@dataclasses.dataclass
class Recognition:
    likes: np.ndarray
    downloads: np.ndarray  # in the last 30 days
    trending: np.ndarray
    #: The race slopes realised on ``log(1 + downloads)`` (rank, crowding): see
    #: :func:`realised_slopes`.
    realised: tuple[float, float] = (float("nan"), float("nan"))


def recognise(lineage: Lineage, times: np.ndarray, rng: np.random.Generator,
              race: RaceToRelease = RaceToRelease(),
              tiebreak: np.ndarray | None = None) -> Recognition:
    """Likes, downloads and trending scores; ``tiebreak`` orders siblings released in the same
    second (the analytics read the file and break such ties by model key)."""
    n = lineage.nodes
    # Siblings race among the derivatives that are not merges (a merge has several parents),
    # as the analytics count them.
    racing = np.where(lineage.relation == ME, -1, lineage.parent)
    rank, crowding = release_order(racing, times, race.window_days, tiebreak)
    children = lineage.children_counts()
    quality = rng.standard_normal(n)
    # The level keeps nearly every derivative above zero downloads even deep in a crowded
    # release order: censoring at zero would flatten the planted slopes.
    log_downloads = LEVEL + 0.9 * np.log1p(children) + 1.5 * quality
    # A derivative borrows some of its parent's fame.
    child = lineage.parent >= 0
    log_downloads[child] += 0.35 * quality[lineage.parent[child]]
    log_downloads[child] += (race.rank_slope * np.log(rank[child])
                             + race.crowding_slope * np.log1p(crowding[child]))
    log_downloads += 0.9 * rng.standard_normal(n)
    downloads = _observed(log_downloads)
    # The same models without the race: the difference is the race as the file shows it.
    unraced = log_downloads.copy()
    unraced[child] -= (race.rank_slope * np.log(rank[child])
                       + race.crowding_slope * np.log1p(crowding[child]))
    realised = realised_slopes(
        racing, rank, crowding, children,
        np.log1p(downloads.astype(np.float64)) - np.log1p(_observed(unraced).astype(np.float64)),
        lineage.missing)
    log_likes = LIKES_LEVEL + 0.85 * log_downloads + 0.8 * rng.standard_normal(n)
    likes = np.floor(np.expm1(np.clip(log_likes, 0, 14))).astype(np.int32)
    recent = times > int(END.timestamp()) - TRENDING_DAYS * DAY
    trending = np.where(recent, np.floor(likes * rng.random(n)), 0).astype(np.int32)
    return Recognition(likes, downloads, trending, realised)


def _observed(log_downloads: np.ndarray) -> np.ndarray:
    """Whole downloads, none below zero, none beyond what an int32 holds."""
    return np.floor(np.expm1(np.clip(log_downloads, 0, 20))).astype(np.int32)


def realised_slopes(racing: np.ndarray, rank: np.ndarray, crowding: np.ndarray,
                    children: np.ndarray, effect: np.ndarray, missing: np.ndarray
                    ) -> tuple[float, float]:
    """The race slopes on the observable scale: least squares of ``effect`` (each model's
    ``log(1 + downloads)`` with the race minus without it, all else drawn alike) on
    ``log(rank)``, ``log(1 + crowding)`` and ``log(1 + children)``, within the children of
    each parent that has two or more (the comparison the analytics make). Without rounding and
    the floor at zero downloads, ``effect`` is exactly the planted shift and this gives the
    planted slopes back.

    >>> racing = np.array([-1, -1, 0, 0, 0, 0, 1, 1, 1, 1])
    >>> rank = np.array([1, 1, 1, 2, 3, 4, 1, 2, 3, 4])
    >>> crowding = np.array([0, 0, 0, 1, 1, 2, 0, 0, 2, 1])
    >>> children = np.array([4, 4, 2, 0, 1, 0, 0, 3, 0, 1])
    >>> effect = -0.3 * np.log(rank) - 0.2 * np.log1p(crowding)
    >>> [round(s, 6) for s in realised_slopes(racing, rank, crowding, children, effect,
    ...                                          np.zeros(10, bool))]
    [-0.3, -0.2]
    """
    kids = np.flatnonzero((racing >= 0) & ~missing)
    group = racing[kids]
    sizes = np.bincount(group, minlength=len(racing))
    kids, group = kids[sizes[group] > 1], group[sizes[group] > 1]
    if not len(kids):
        return float("nan"), float("nan")
    design = np.column_stack([np.log(rank[kids]), np.log1p(crowding[kids]),
                              np.log1p(children[kids]), effect[kids]])
    # Each parent's mean taken out: the parent's fixed effect.
    _, slot, count = np.unique(group, return_inverse=True, return_counts=True)
    means = np.zeros((len(count), design.shape[1]))
    np.add.at(means, slot, design)
    design -= (means / count[:, None])[slot]
    slopes = np.linalg.lstsq(design[:, :3], design[:, 3], rcond=None)[0]
    return float(slopes[0]), float(slopes[1])


def release_order(parent: np.ndarray, times: np.ndarray, window_days: int,
                  tiebreak: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For every child: its place in the release order of its parent's children (1 = first)
    and how many of them came out in the ``window_days`` before it. Base models get 1 and 0.
    Siblings released at the same time are ordered by ``tiebreak`` (default: node order).

    >>> release_order(np.array([-1, 0, 0, 0]), np.array([0, 50, 10, 10 + 86_400 * 40]), 30)
    (array([1, 2, 1, 3]), array([0, 1, 0, 0]))
    >>> release_order(np.array([-1, 0, 0]), np.array([0, 10, 10]), 30, np.array([0, 2, 1]))
    (array([1, 2, 1]), array([0, 1, 0]))
    """
    n = len(parent)
    rank = np.ones(n, np.int64)
    crowding = np.zeros(n, np.int64)
    children = np.flatnonzero(parent >= 0)
    if not len(children):
        return rank, crowding
    key = parent[children].astype(np.int64) * (np.int64(1) << 33) + times[children]
    order = (np.argsort(key, kind="stable") if tiebreak is None
             else np.lexsort((tiebreak[children], key)))
    sorted_key = key[order]
    first = np.searchsorted(sorted_key, parent[children][order].astype(np.int64)
                            * (np.int64(1) << 33), side="left")
    position = np.arange(len(order))
    rank[children[order]] = position - first + 1
    window_start = np.searchsorted(sorted_key, sorted_key - window_days * DAY, side="left")
    crowding[children[order]] = position - np.maximum(window_start, first)
    return rank, crowding
