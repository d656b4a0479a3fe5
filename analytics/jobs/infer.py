"""The inference job: suggested parents for the models that declare none, written apart from
declared lineage as ``SUGGESTED_PARENT`` (its command is :mod:`lineage.ui.cli.infer`).

It reads every model's facts and the declared edges once (:mod:`lineage.analytics.inference`
does the rest in memory), trains the scorer on the declared edges, scores the candidates of the
models asked about, replaces their previous suggestions and records the run as an
``Inference`` node. :func:`evaluate` runs the same steps with a share of the declared edges
hidden and writes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from lineage.analytics.inference import DEFAULT_MIN_CONFIDENCE, evaluation
from lineage.analytics.inference.candidates import CandidateIndex
from lineage.analytics.inference.features import Profiles
from lineage.analytics.inference.population import FACTS, Population, PopulationBuilder
from lineage.analytics.inference.scorer import (
    TRAINING_CHILDREN,
    Signals,
    describe,
    learn,
    pick,
    score,
)
from lineage.analytics.reads import frames
from lineage.analytics.reads.walk import family_walk
from lineage.cypher.client import Graph
from lineage.errors import UsageError

__all__ = ["DEFAULT_MIN_CONFIDENCE", "InferenceSummary", "infer", "evaluate",
           "read_population"]

WRITE_BATCH = 5_000
#: Models scored at once (their candidate pairs and features are held together).
SCORE_CHUNK = 50_000
_CLEAR_BATCH = 20_000

Bar = Callable[[str, int], contextlib.AbstractContextManager[Callable[[int], None]]]


@dataclasses.dataclass
class InferenceSummary:
    """What one run of :func:`infer` did (also stored as its ``Inference`` node)."""

    id: str
    min_confidence: float
    models: int = 0
    asked: int = 0  # models whose parents were inferred
    trained_on: int = 0  # models with declared parents the scorer learned from
    candidates: int = 0
    with_candidates: int = 0
    suggestions: int = 0
    children_suggested: int = 0
    removed: int = 0
    by_relation: dict[str, int] = dataclasses.field(default_factory=dict)
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)

    def props(self) -> dict[str, Any]:
        flat = {k: v for k, v in dataclasses.asdict(self).items()
                if k not in ("by_relation", "seconds")}
        flat.update({f"suggestions_{k}": v for k, v in self.by_relation.items()})
        flat.update({f"seconds_{k}": round(v, 3) for k, v in self.seconds.items()})
        return flat


def read_population(graph: Graph, bar: Bar | None = None) -> Population:
    """Every model's facts and the declared edges, read once."""
    builder = PopulationBuilder()
    total = graph.run("stats/graph")[0]["models"]
    with bar("Reading models", total) if bar else contextlib.nullcontext() as advance:
        for frame in frames.model_column_batches(graph, FACTS):
            builder.add(frame)
            if advance:
                advance(len(frame))
    edges = frames.edge_frame(graph)
    return builder.finish(edges["parent"].tolist(), edges["child"].tolist(),
                          edges["relation"].tolist())


def _asked(graph: Graph, pop: Population, family_of: str | None, every: bool) -> np.ndarray:
    wanted = ~pop.placeholder if every else ~pop.placeholder & ~pop.declared
    if family_of is not None:
        members, _ = family_walk(graph, family_of)
        chosen = np.zeros(len(pop), dtype=bool)
        chosen[[pop.index[k] for k in members if k in pop.index]] = True
        wanted &= chosen
    return np.flatnonzero(wanted)


def infer(graph: Graph, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
          family_of: str | None = None, every: bool = False, seed: int = 0,
          on_phase: Callable[[str], None] = lambda _: None,
          bar: Bar | None = None) -> InferenceSummary:
    """Infer the parents of the models without declared ones (``every``: of every model),
    of one model's family when ``family_of`` is given, and store those at or above
    ``min_confidence`` in place of their previous suggestions."""
    if not 0.0 <= min_confidence <= 1.0:
        raise UsageError(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    started = dt.datetime.now(dt.timezone.utc)
    summary = InferenceSummary(id=f"infer-{started:%Y%m%dT%H%M%S%f}",
                               min_confidence=min_confidence)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[name] = now - clock
        clock = now

    on_phase("Reading every model's facts and the declared lineage")
    pop = read_population(graph, bar)
    summary.models = len(pop)
    asked = _asked(graph, pop, family_of, every)
    summary.asked = len(asked)
    lap("read")
    on_phase("Building the name, mention and fingerprint indexes")
    index, profiles = CandidateIndex(pop), Profiles(pop)
    lap("index")
    trained = int((pop.declared & ~pop.placeholder).sum())
    summary.trained_on = min(trained, TRAINING_CHILDREN)
    on_phase(f"Learning from {summary.trained_on:,} models with declared parents")
    with _counting(bar, "Learning", summary.trained_on) as advance:
        scorer = learn(pop, index, profiles, seed=seed, progress=advance)
    lap("learn")
    with _counting(bar, "Inferring", len(asked)) as advance:
        # A chunk at a time: the pairs of every model at once would not fit in memory. Each
        # chunk's suggestions are written as it ends; the previous run's go once all are in,
        # so a run that fails leaves the previous suggestions whole.
        for start in range(0, len(asked), SCORE_CHUNK):
            scored = score(pop, index, profiles, scorer, asked[start:start + SCORE_CHUNK],
                           progress=advance)
            chosen = pick(scored, min_confidence)
            # A model keeps the parents it declares: suggest only what it does not declare.
            chosen = chosen[~_declared(pop, scored.found.child[chosen],
                                       scored.found.parent[chosen])]
            rows = describe(pop, scored, chosen)
            summary.candidates += len(scored.found)
            summary.with_candidates += len(np.unique(scored.found.child))
            summary.suggestions += len(rows)
            summary.children_suggested += len({r["child"] for r in rows})
            for row in rows:
                summary.by_relation[row["relation"]] = summary.by_relation.get(
                    row["relation"], 0) + 1
            _write(graph, rows, summary.id)
    lap("infer")
    on_phase("Removing the previous run's suggestions")
    # A run over the whole graph replaces every suggestion; a family's run only its own.
    summary.removed = _clear(graph, summary.id, None if family_of is None
                             else [str(pop.keys[i]) for i in asked])
    graph.run("infer/record_run", props={
        **summary.props(), "started_at": started,
        "finished_at": dt.datetime.now(dt.timezone.utc),
        "family_of": family_of, "every": every})
    return summary


def _declared(pop: Population, child: np.ndarray, parent: np.ndarray) -> np.ndarray:
    return np.fromiter((int(p) in set(pop.parents_of(int(c)).tolist())
                        for c, p in zip(child, parent, strict=True)), dtype=bool,
                       count=len(child))


def _write(graph: Graph, rows: list[dict[str, Any]], run: str) -> None:
    for start in range(0, len(rows), WRITE_BATCH):
        part = [{"child": r["child"], "parent": r["parent"], "relation": r["relation"],
                 "confidence": round(r["confidence"], 4), "evidence": r["evidence"]}
                for r in rows[start:start + WRITE_BATCH]]
        graph.run("infer/write", rows=part, run=run)


def _clear(graph: Graph, run: str, keys: list[str] | None) -> int:
    removed = 0
    while True:
        gone = graph.run("infer/clear", run=run, keys=keys, limit=_CLEAR_BATCH)[0]["removed"]
        removed += gone
        if gone < _CLEAR_BATCH:
            return removed


@contextlib.contextmanager
def _counting(bar: Bar | None, what: str, total: int):
    if bar is None:
        yield lambda _: None
        return
    with bar(what, total) as advance:
        yield advance


def evaluate(graph: Graph, *, fraction: float, seed: int,
             min_confidence: float = DEFAULT_MIN_CONFIDENCE,
             without: frozenset[str] = frozenset(),
             on_phase: Callable[[str], None] = lambda _: None,
             bar: Bar | None = None) -> evaluation.Evaluation:
    """Hide ``fraction`` of the declared edges in memory, infer, and measure what came back
    (per family: the ``family`` measure of ``lineage compute``; nothing is written)."""
    signals = Signals(frozenset(without))
    on_phase("Reading every model's facts and the declared lineage")
    pop = read_population(graph, bar)
    family = frames.model_columns(graph, ["family"])
    by_key = dict(zip(family["key"], family["family"], strict=True))
    # Real models by family; synthetic ones as one group (their families are many and alike).
    group = np.array([("synthetic" if synthetic else by_key.get(k) or "(not computed)")
                      for k, synthetic in zip(pop.keys, pop.synthetic, strict=True)],
                     dtype=object)
    on_phase(f"Hiding {fraction:.0%} of the declared edges, learning and inferring")
    return evaluation.evaluate(pop, fraction, seed, min_confidence=min_confidence,
                               group=group, signals=signals)
