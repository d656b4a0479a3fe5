"""Learning from the declared edges: which candidate is the parent, how sure, and how made.

The ranking model is scikit-learn's histogram gradient boosting, trained on the candidate
pairs of models that declare their parents (label: the candidate is a declared parent), with
each child's own edge taken out of the features first. Its scores are then mapped to
confidences by isotonic regression fitted on children the ranker never saw, so that of the
suggestions given confidence 0.9 about nine in ten are right on data like the training data.
A second model of the same kind names the relation of a right pair.

Real and synthetic models are learned apart (:class:`Worlds`): a generator's models are made
another way than the Hub's, and a scorer calibrated on a mix would be sure of one world by the
other's evidence.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression

from lineage.analytics.inference.candidates import (
    BY_FINGERPRINT,
    BY_FREQUENCY,
    BY_MENTION,
    BY_NAME,
    CandidateIndex,
    Candidates,
)
from lineage.analytics.inference.features import FEATURES, Profiles, evidence, features
from lineage.analytics.inference.population import Population
from lineage.errors import UsageError
from lineage.relations import RELATIONS, Relation

__all__ = ["Scorer", "Worlds", "Scored", "describe", "Signals", "SIGNALS", "learn", "score",
           "pick", "TRAINING_CHILDREN"]

#: Children with declared parents the scorer learns from (a random sample beyond this).
TRAINING_CHILDREN = 60_000
CALIBRATION_SHARE = 0.3  # of the training children, kept apart to calibrate on
FOLDS = 5
#: The most parents suggested for one model (a merge's).
MOST = 3
#: Children with declared parents a world needs to be learned on its own.
WORLD_CHILDREN = 100
SUGGESTED = tuple(r.label for r in Relation if r is not Relation.DERIVATIVE)

#: The signals, each as the candidate sources it brings and the features that carry it; an
#: ablation drops both.
SIGNALS: dict[str, tuple[int, tuple[str, ...]]] = {
    "name": (BY_NAME, ("name_coverage", "name_prefix", "name_equal", "child_named_quantization",
                 "child_named_adapter", "child_named_merge", "longest_name", "name_behind")),
    "mention": (BY_MENTION, ("mentioned", "mention_first", "mention_share")),
    "fingerprint": (BY_FINGERPRINT, ("same_architecture", "same_model_type", "same_parameters",
                        "same_chat_template", "by_fingerprint", "parent_quantized",
                        "child_quantized")),
    "time": (0, ("created_order", "created_gap")),
    "author": (0, ("same_author",)),
    "task": (0, ("same_task", "same_library")),
    "siblings": (0, ("sibling_likeness", "has_siblings", "likeness_behind")),
    "frequency": (BY_FREQUENCY, ("parent_children", "parent_downloads", "by_frequency",
                      "children_behind")),
}


@dataclasses.dataclass(frozen=True)
class Signals:
    """Which signals the inference may use (all unless some are left out)."""

    without: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = sorted(self.without - SIGNALS.keys())
        if unknown:
            raise UsageError(f"unknown signal {unknown[0]!r}: use {', '.join(SIGNALS)}")

    def candidates(self, found: Candidates) -> Candidates:
        """The candidates left once the dropped signals' sources are gone."""
        dropped = sum(SIGNALS[s][0] for s in self.without)
        if not dropped:
            return found
        return found.take((found.sources & ~np.uint8(dropped)) > 0)

    def features(self, table: np.ndarray) -> np.ndarray:
        for signal in self.without:
            for name in SIGNALS[signal][1]:
                table[:, FEATURES.index(name)] = 0.0
        return table


class Scorer:
    """The trained ranker, its calibration and the relation model."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.ranker = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.1,
                                                     random_state=seed, early_stopping=False)
        self.calibration = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        self.relation_model: HistGradientBoostingClassifier | None = None
        self.only_relation = SUGGESTED[0]

    def fit(self, table: np.ndarray, right: np.ndarray, child: np.ndarray,
            relation: np.ndarray) -> Scorer:
        """Learn from pairs: ``right`` whether the candidate is a declared parent, ``child``
        the pair's child (children are split, never pairs), ``relation`` the declared
        relation word of a right pair."""
        if not right.any():
            raise UsageError("no declared parent is among the candidates of the models that "
                             "declare one: there is nothing to learn from (load models with "
                             "declared lineage first)")
        rng = np.random.default_rng(self.seed)
        children = np.unique(child)
        apart = rng.random(len(children)) < CALIBRATION_SHARE
        calibrate = np.isin(child, children[apart])
        if right[calibrate].all() or not right[calibrate].any() or right[~calibrate].all() \
                or not right[~calibrate].any():
            calibrate = np.zeros(len(child), dtype=bool)  # too few to keep some apart
        train = ~calibrate
        self.ranker.fit(table[train], right[train])
        held = calibrate if calibrate.any() else train
        self.calibration.fit(self.ranker.predict_proba(table[held])[:, 1], right[held])
        known = right & np.isin(relation, SUGGESTED)
        labels = relation[known]
        if len(np.unique(labels)) > 1:
            self.relation_model = HistGradientBoostingClassifier(
                max_iter=50, random_state=self.seed, early_stopping=False)
            self.relation_model.fit(table[known], labels)
        elif len(labels):
            self.only_relation = str(labels[0])
        return self

    def confidence(self, table: np.ndarray) -> np.ndarray:
        if not len(table):
            return np.zeros(0)
        return self.calibration.predict(self.ranker.predict_proba(table)[:, 1])

    def relations(self, table: np.ndarray) -> np.ndarray:
        if self.relation_model is None or not len(table):
            return np.full(len(table), self.only_relation, dtype=object)
        return self.relation_model.predict(table).astype(object)


class Worlds:
    """One :class:`Scorer` per world (real, synthetic); a world with too few declared edges
    to learn from (:data:`WORLD_CHILDREN`) is scored by one learned from both."""

    def __init__(self, scorers: dict[bool, Scorer]) -> None:
        self.scorers = scorers

    def _each(self, world: np.ndarray):
        for synthetic in (False, True):
            rows = world == synthetic
            if rows.any():
                yield rows, self.scorers[synthetic]

    def confidence(self, table: np.ndarray, world: np.ndarray) -> np.ndarray:
        out = np.zeros(len(table))
        for rows, scorer in self._each(world):
            out[rows] = scorer.confidence(table[rows])
        return out

    def relations(self, table: np.ndarray, world: np.ndarray) -> np.ndarray:
        out = np.full(len(table), "", dtype=object)
        for rows, scorer in self._each(world):
            out[rows] = scorer.relations(table[rows])
        return out


def _declared_pairs(pop: Population) -> np.ndarray:
    child = np.repeat(np.arange(len(pop), dtype=np.int64), np.diff(pop.parent_ptr))
    return child * len(pop) + pop.parents.astype(np.int64)


def learn(pop: Population, index: CandidateIndex, profiles: Profiles, *, seed: int = 0,
          signals: Signals = Signals(), limit: int = TRAINING_CHILDREN,
          progress=None) -> Worlds:
    """A scorer trained on (a sample of) the models that declare their parents.

    A learning child must be scored as an undeclared model would be: from a graph in which
    its own edge does not count towards its parent's standing. Taking out only that one edge
    leaves a trace the ranker finds (the true parent's count is one short); so the children
    are split in :data:`FOLDS` and each fold's features are read from the graph without that
    whole fold's edges, as a query's are read from a graph without the query's.
    """
    declared = np.flatnonzero(pop.declared & ~pop.placeholder)
    rng = np.random.default_rng(seed)
    if len(declared) > limit:
        declared = np.sort(rng.choice(declared, limit, replace=False))
    found = signals.candidates(index.find(declared, progress))
    own = np.isin(found.child * len(pop) + found.parent, _declared_pairs(pop))
    fold_of = rng.integers(0, FOLDS, len(pop))
    table = np.zeros((len(found), len(FEATURES)))
    for fold in range(FOLDS):
        rows = fold_of[found.child] == fold
        if rows.any():
            apart = pop.without_edges(declared[fold_of[declared] == fold])
            table[rows] = features(apart, found.take(rows), Profiles(apart, like=profiles))
    table = signals.features(table)
    relation_of = _relation_words(pop)
    pair_relation = np.full(len(found), "", dtype=object)
    where = np.flatnonzero(own)
    pair_relation[where] = [relation_of.get((int(c), int(p)), "")
                            for c, p in zip(found.child[where], found.parent[where],
                                            strict=True)]
    world = pop.synthetic[found.child]
    scorers: dict[bool, Scorer] = {}
    for synthetic in (False, True):
        rows = world == synthetic
        if own[rows].any() and len(np.unique(found.child[rows])) >= WORLD_CHILDREN:
            scorers[synthetic] = Scorer(seed).fit(table[rows], own[rows], found.child[rows],
                                                  pair_relation[rows])
    if len(scorers) < 2:
        # A world with too few declared edges of its own borrows from both.
        pooled = Scorer(seed).fit(table, own, found.child, pair_relation)
        scorers = {synthetic: scorers.get(synthetic, pooled) for synthetic in (False, True)}
    return Worlds(scorers)


def _relation_words(pop: Population) -> dict[tuple[int, int], str]:
    child = np.repeat(np.arange(len(pop)), np.diff(pop.parent_ptr))
    return {(int(c), int(p)): RELATIONS[r]
            for c, p, r in zip(child, pop.parents, pop.parent_relation, strict=True)}


@dataclasses.dataclass
class Scored:
    """Every candidate pair of some children, ranked within each child (best first)."""

    found: Candidates
    table: np.ndarray
    confidence: np.ndarray
    relation: np.ndarray
    rank: np.ndarray  # 0 for a child's best candidate


def score(pop: Population, index: CandidateIndex, profiles: Profiles, scorer: Worlds,
          children: np.ndarray, signals: Signals = Signals(), progress=None) -> Scored:
    """Score and rank the candidates of ``children``."""
    found = signals.candidates(index.find(children, progress))
    table = signals.features(features(pop, found, profiles))
    world = pop.synthetic[found.child]
    confidence = scorer.confidence(table, world)
    order = np.lexsort((-confidence, found.child))
    found = found.take(order)
    table, confidence = table[order], confidence[order]
    starts = np.flatnonzero(np.r_[True, found.child[1:] != found.child[:-1]]) \
        if len(found) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(found)) - np.repeat(starts, np.diff(np.r_[starts, len(found)]))
    # The relation is named only where a suggestion may be made (see pick): a child's first
    # few candidates, not every pair.
    relation = np.full(len(found), "", dtype=object)
    named = rank < MOST
    relation[named] = scorer.relations(table[named], world[order][named])
    return Scored(found, table, confidence, relation, rank)


def pick(scored: Scored, min_confidence: float, most: int = MOST) -> np.ndarray:
    """The pairs to suggest: each child's best candidate at or above ``min_confidence``, and
    below it further candidates (up to ``most`` in all) only when they too are named merge
    parents above the threshold (a merge has several parents; anything else has one)."""
    above = scored.confidence >= min_confidence
    merge = scored.relation == Relation.MERGE.label
    return np.flatnonzero(above & ((scored.rank == 0) | (merge & (scored.rank < most))))


def describe(pop: Population, scored: Scored, chosen: np.ndarray) -> list[dict]:
    """The chosen pairs as rows: child and parent ids, relation, confidence, evidence."""
    return [{"child": pop.keys[scored.found.child[i]], "parent": pop.keys[scored.found.parent[i]],
             "child_id": pop.ids[scored.found.child[i]],
             "parent_id": pop.ids[scored.found.parent[i]],
             "relation": str(scored.relation[i]), "confidence": float(scored.confidence[i]),
             "evidence": evidence(scored.table[i])}
            for i in chosen]
