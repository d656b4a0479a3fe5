"""When each synthetic model was created.

Base models and models without relatives arrive at an exponentially growing rate between
:data:`START` and :data:`END`; models older than the Hub's ``createdAt`` field are back-filled
to :data:`START`, as in the published dataset. A child comes after all of its parents: the
latest parent's time plus a heavy-tailed delay, squeezed so that it still falls before
:data:`END`. (The one exception is the edge that closes a planted cycle: there a model names a
later model, its own descendant, as its parent.)
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lineage.loader.synthetic.growth import Lineage
from lineage.loader.synthetic.recipe import ROOT, Hub

START = dt.datetime(2022, 3, 2, tzinfo=dt.timezone.utc)
END = dt.datetime(2025, 7, 1, tzinfo=dt.timezone.utc)
#: Share of models older than the Hub's creation dates, back-filled to START.
BACKFILLED = 0.03
#: Yearly growth rate of new base models (the Hub grew about thirty-fold in three years).
GROWTH = 1.1
#: Median delay between a parent and its child, and its spread (log-normal, days).
DELAY_DAYS = 21.0
DELAY_SPREAD = 1.4
#: Days over which the models of one cohort (an author's batch) come out.
BATCH_SPREAD = 0.1
DAY = 86_400


def created_at(lineage: Lineage, hubs: tuple[Hub, ...], rng: np.random.Generator
               ) -> np.ndarray:
    """Seconds since the epoch (UTC) of every node's creation."""
    n = lineage.nodes
    start, end = int(START.timestamp()), int(END.timestamp())
    span = (end - start) / (365.25 * DAY)
    times = np.zeros(n, np.int64)
    bases = np.flatnonzero(lineage.relation == ROOT)
    # Inverse of the exponential growth curve on [0, span] years.
    u = rng.random(len(bases))
    years = np.log1p(u * np.expm1(GROWTH * span)) / GROWTH
    times[bases] = start + (years * 365.25 * DAY).astype(np.int64)
    times[bases[rng.random(len(bases)) < BACKFILLED]] = start
    hub_bases = np.searchsorted(lineage.family, np.arange(len(hubs)))
    times[hub_bases] = [int(dt.datetime.fromisoformat(h.released).timestamp()) for h in hubs]
    by_level = np.argsort(lineage.level, kind="stable")
    levels = lineage.level[by_level]
    extra = ~_cycle_closing(lineage)
    extra_child, extra_parent = lineage.extra_child[extra], lineage.extra_parent[extra]
    extra_level = lineage.level[extra_child]
    cohorts = lineage.cohorts()
    unique, slot = np.unique(cohorts, return_inverse=True)
    shared = rng.standard_normal(len(unique))[slot]
    del cohorts, unique
    for level in range(1, int(levels.max(initial=0)) + 1):
        nodes = by_level[np.searchsorted(levels, level):np.searchsorted(levels, level + 1)]
        latest = times[lineage.parent[nodes]]
        here = extra_level == level
        np.maximum.at(latest, np.searchsorted(nodes, extra_child[here]),
                      times[extra_parent[here]])
        room = np.maximum(end - latest, 1)
        # Siblings of one cohort come out together, within a day of each other.
        delay = (DELAY_DAYS * DAY * np.exp(DELAY_SPREAD * shared[nodes])
                 + BATCH_SPREAD * DAY * rng.random(len(nodes)))
        squeezed = room * -np.expm1(-delay / room)
        times[nodes] = latest + np.maximum(squeezed.astype(np.int64), 1)
    return times


def _cycle_closing(lineage: Lineage) -> np.ndarray:
    """Which of the extra edges close planted cycles."""
    n = np.int64(lineage.nodes)
    closing = [cycle[-1] * n + cycle[0] for cycle in lineage.cycles]  # descendant -> ancestor
    return np.isin(lineage.extra_parent * n + lineage.extra_child, closing)


def iso(seconds: np.ndarray) -> pa.Array:
    """``2023-05-01 12:00:00+00:00`` for each time (as the published dataset writes them).

    >>> iso(np.array([1682942400])).to_pylist()
    ['2023-05-01 12:00:00+00:00']
    """
    stamps = pa.array(seconds, pa.timestamp("s", tz="UTC"))
    return pc.strftime(stamps, format="%Y-%m-%d %H:%M:%S+00:00")
