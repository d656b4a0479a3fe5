"""How much hidden lineage comes back: hide a share of the declared edges, infer, compare.

A share of the declared edges is drawn at random; each drawn edge's child loses all its
declarations (as if its author had declared nothing), the scorer learns from the edges left,
and the hidden children are inferred like any undeclared model. Nothing is written.

Counted per hidden child: **top-1** (its best candidate is one of its hidden parents),
**top-5**, and **relation** (the relation named for a right best candidate is the hidden
edge's). Counted per suggestion (what ``lineage infer`` would store at each threshold):
**precision**; per hidden edge: **recall**; both for all hidden children and for the real
and the synthetic ones apart. The **calibration** table bins the best
candidates by confidence and gives the share of each bin that is right.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from lineage.analytics.inference.candidates import CandidateIndex
from lineage.analytics.inference.features import Profiles
from lineage.analytics.inference.population import Population
from lineage.analytics.inference.scorer import Signals, learn, pick, score
from lineage.errors import UsageError
from lineage.relations import RELATIONS

__all__ = ["Evaluation", "evaluate", "hide", "THRESHOLDS"]

THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
_BINS = np.linspace(0.0, 1.0, 11)


def hide(pop: Population, fraction: float, seed: int) -> np.ndarray:
    """The children whose declarations are hidden: those of a random ``fraction`` of the
    declared edges (model numbers, sorted)."""
    if not 0.0 < fraction < 1.0:
        raise UsageError(f"--hide must be between 0 and 1 (exclusive), not {fraction}")
    child = np.repeat(np.arange(len(pop)), np.diff(pop.parent_ptr))
    eligible = np.flatnonzero(~pop.placeholder[child])
    if not len(eligible):
        raise UsageError("the graph has no declared edges to hide")
    rng = np.random.default_rng(seed)
    drawn = rng.choice(eligible, max(1, round(fraction * len(eligible))), replace=False)
    return np.unique(child[drawn])


@dataclasses.dataclass
class Evaluation:
    """Per hidden child: the truth and what came back (``children``); suggestions by
    threshold; the calibration table."""

    children: pd.DataFrame
    thresholds: pd.DataFrame
    calibration: pd.DataFrame
    hidden_edges: int
    min_confidence: float
    #: Every scored pair (model numbers into ``keys``), for checking the figures from scratch.
    pairs: pd.DataFrame
    keys: np.ndarray

    def summary(self, by: str | None = None) -> pd.DataFrame:
        """Top-1, top-5 and relation accuracy, overall or per value of a ``children`` column
        (``world``, ``relation``, ``group``)."""
        frame = self.children
        groups = [("all", frame)] if by is None else list(frame.groupby(by, sort=True))
        rows = []
        for name, part in groups:
            hits = part[part["top1"]]
            typed = hits[hits["relation"] != "unstated"]
            rows.append({"group": name, "children": len(part),
                         "edges": int(part["edges"].sum()),
                         "with_candidates": int(part["candidates"].gt(0).sum()),
                         "top1": part["top1"].mean(), "top5": part["top5"].mean(),
                         "relation": (typed["relation_right"].mean() if len(typed)
                                      else float("nan"))})
        return pd.DataFrame(rows)


def evaluate(pop: Population, fraction: float, seed: int, *, min_confidence: float,
             group: np.ndarray | None = None, signals: Signals = Signals(),
             progress=None) -> Evaluation:
    """Hide, learn, infer, compare. ``group`` labels each model (its family, say) for the
    per-group figures."""
    hidden = hide(pop, fraction, seed)
    truth = {int(i): dict(zip(pop.parents_of(i).tolist(),
                              (RELATIONS[r] for r in
                               pop.parent_relation[pop.parent_ptr[i]:pop.parent_ptr[i + 1]]),
                              strict=True))
             for i in hidden}
    visible = pop.without_edges(hidden)
    index, profiles = CandidateIndex(visible), Profiles(visible)
    scorer = learn(visible, index, profiles, seed=seed, signals=signals, progress=progress)
    scored = score(visible, index, profiles, scorer, hidden, signals, progress)
    found = scored.found
    right = np.fromiter((int(p) in truth[int(c)] for c, p in zip(found.child, found.parent,
                                                                 strict=True)),
                        dtype=bool, count=len(found))
    best = scored.rank == 0
    first: dict[int, int] = {int(c): k for k, c in zip(np.flatnonzero(best), found.child[best],
                                                        strict=True)}
    rows = []
    for i in hidden:
        i = int(i)
        # Pairs are sorted by child: a child's candidates are one slice.
        mine = np.arange(np.searchsorted(found.child, i, "left"),
                         np.searchsorted(found.child, i, "right"))
        top = first.get(i)
        hit = top is not None and bool(right[top])
        edges = truth[i]
        relation = next(iter(edges.values()))
        rows.append({
            "child": pop.keys[i], "world": "synthetic" if pop.synthetic[i] else "real",
            "group": group[i] if group is not None else "all", "edges": len(edges),
            "relation": relation, "candidates": len(mine),
            "top1": hit, "top5": bool(right[mine[scored.rank[mine] < 5]].any()),
            "confidence": float(scored.confidence[top]) if top is not None else float("nan"),
            "suggested_relation": str(scored.relation[top]) if top is not None else None,
            "relation_right": hit and str(scored.relation[top]) == edges[int(found.parent[top])],
        })
    children = pd.DataFrame(rows)
    hidden_edges = sum(len(e) for e in truth.values())
    thresholds = []
    world_of_pair = pop.synthetic[found.child]
    edges_by_world = {w: sum(len(truth[int(i)]) for i in hidden if pop.synthetic[i] == w)
                      for w in (False, True)}
    for world, name in ((None, "all"), (False, "real"), (True, "synthetic")):
        edges = hidden_edges if world is None else edges_by_world[world]
        if not edges:
            continue
        for t in sorted({*THRESHOLDS, min_confidence}):
            chosen = pick(scored, t)
            if world is not None:
                chosen = chosen[world_of_pair[chosen] == world]
            correct = int(right[chosen].sum())
            thresholds.append({"world": name, "min_confidence": t, "suggestions": len(chosen),
                               "right": correct,
                               "precision": correct / len(chosen) if len(chosen)
                               else float("nan"),
                               "recall": correct / edges})
    bins = np.clip(np.digitize(scored.confidence[best], _BINS[1:-1]), 0, len(_BINS) - 2)
    calibration = []
    for b in range(len(_BINS) - 1):
        inside = bins == b
        calibration.append({"confidence": f"{_BINS[b]:.1f}-{_BINS[b + 1]:.1f}",
                            "suggestions": int(inside.sum()),
                            "mean_confidence": (float(scored.confidence[best][inside].mean())
                                                if inside.any() else float("nan")),
                            "right": (float(right[best][inside].mean()) if inside.any()
                                      else float("nan"))})
    pairs = pd.DataFrame({"child": found.child, "parent": found.parent,
                          "confidence": scored.confidence, "relation": scored.relation,
                          "rank": scored.rank})
    return Evaluation(children, pd.DataFrame(thresholds), pd.DataFrame(calibration),
                      hidden_edges, min_confidence, pairs, pop.keys)
