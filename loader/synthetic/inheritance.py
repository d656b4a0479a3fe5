"""Traits passed down the lineage: licence, languages, task, library, datasets and papers.

Base models and models without relatives draw their traits from the published frequencies. A
child inherits its parent's traits generation by generation; a trait that mutates on the way
mostly moves *downstream* of the published drift ordering (:mod:`.vocab`), at the published
rate for the relation that made the child, and between any two values of the ordering moves up
it are held to a share of the moves down it (:class:`_Budget`), so the drift never contradicts
the planted ordering. Siblings mutate together: each child either follows
its parent's shared draw (with probability :attr:`TraitRules.sibling_share`) or draws its own,
so siblings end up more alike than parent and child. Languages narrow on the way down: a child
of a multilingual model usually keeps English (when its parent lists it) and little else.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lineage.analytics.replication import published
from lineage.loader.synthetic import vocab
from lineage.loader.synthetic.growth import Lineage
from lineage.loader.synthetic.recipe import AD, FT, QU, RELATIONS, ROOT, Hub

NONE = -1
#: How much likelier (e to the slope) a language one step further downstream is to be kept
#: when a list narrows. Nearly flat, so that narrowings keep languages from all along the
#: ordering and link each to the languages it loses (the budget keeps the direction).
NARROWING_SLOPE = 0.1
#: Draws of a language list's change before one that keeps within the budget of moves up the
#: drift ordering (:class:`_Budget`) gives way to a clean narrowing.
DRAWS = 4


@dataclasses.dataclass(frozen=True)
class Presence:
    """How often a model carries a trait: a base model of a family, a model without relatives,
    a child of a carrier, a child of a model without the trait."""

    base: float
    lonely: float
    keep: float
    gain: float


@dataclasses.dataclass(frozen=True)
class TraitRules:
    """The knobs of trait inheritance (the published rates are the defaults' source)."""

    license: Presence = Presence(0.66, 0.20, 0.82, 0.20)
    language: Presence = Presence(0.40, 0.115, 0.50, 0.05)
    task: Presence = Presence(0.75, 0.45, 0.85, 0.35)
    library: Presence = Presence(0.80, 0.52, 0.90, 0.40)
    #: Mutation rate on finetune edges (published) and on the others (chosen so that the whole
    #: graph comes out at the published rate, finetune edges being about a third).
    license_rate: tuple[float, float] = (0.17, 0.125)
    task_rate: tuple[float, float] = (0.42, 0.14)
    #: (Languages: lower than the published rate on finetune edges, as lists that narrow child
    #: by child and return to the grandparent's list move further than a single replacement.)
    language_rate: tuple[float, float] = (0.36, 0.035)
    #: Library: how often a child of each relation changes library, and the library adapters
    #: and quantizations usually move to.
    library_rate: tuple[float, ...] = (0.15, 0.80, 0.15, 0.01, 0.10)
    library_attractor: tuple[tuple[int, str, float], ...] = ((AD, "peft", 0.98),
                                                              (QU, "mlx", 0.7))
    #: Share of a child's own mutations drawn downstream in the published ordering, and of the
    #: collective moves of siblings (a move drawn upstream is taken only within ``upstream``).
    #: Licences: 0.3, so that moves up the ordering are as common as the published
    #: "mutations accounted for" says although the budget refuses some.
    forward: dict = dataclasses.field(default_factory=lambda: {
        "license": 0.3, "task": 0.9, "library": 1.0, "language": 0.5})
    collective: dict = dataclasses.field(default_factory=lambda: {
        "license": 1.0, "task": 1.0, "library": 1.0, "language": 1.0})
    #: Mutation targets: popularity raised to ``flatten``, and ``reach`` per step beyond
    #: the next value of the ordering (see :meth:`Vocabulary.drift_weights`).
    flatten: dict = dataclasses.field(default_factory=lambda: {
        "license": 0.6, "task": 0.5, "library": 0.5, "language": 0.5})
    #: Languages reach less far: a one-language model that moves mostly takes the next
    #: language of the ordering, which links the rare languages early in it to their
    #: neighbours (long lists link them only to the languages they keep).
    reach: dict = dataclasses.field(default_factory=lambda: {
        "license": 0.8, "task": 0.8, "library": 0.8, "language": 0.3})
    #: Moves up the ordering between two values are held to this share of the moves down
    #: it between the same two (see :class:`_Budget`), so that the planted ordering is the
    #: direction of the drift between every two values, not only on the whole. Languages
    #: come close to one: their narrowings keep a language upstream of others they drop
    #: about as often as the reverse, and a tighter budget would refuse most of them.
    upstream: dict = dataclasses.field(default_factory=lambda: {
        "license": 0.8, "task": 0.8, "library": 0.8, "language": 0.95})
    #: Probability that a child follows its parent's shared draw instead of its own.
    sibling_share: float = 0.9
    #: Languages: a child of a parent listing this many or more usually narrows the list.
    multilingual: int = 5
    narrowing: float = 0.85
    keep_english: float = 0.55
    #: Share of the children of a model whose language list changed that list their
    #: grandparent's languages again (within the budget of moves up the ordering).
    returning: float = 0.3
    #: Share of a one-language model's own mutations that list several more languages.
    widening: float = 0.55
    #: Share of the base models with children in this range that list a hundred languages
    #: (many middling families rather than a few large ones: the published mean over edges
    #: then holds at any size).
    massive_children: tuple[int, int] = (4, 60)
    massive_share: float = 0.25
    #: Datasets and papers: base models / models without relatives that cite some, children
    #: that keep their parent's, children that cite new ones.
    datasets: Presence = Presence(0.40, 0.18, 0.55, 0.12)
    arxiv: Presence = Presence(0.35, 0.08, 0.45, 0.03)


@dataclasses.dataclass
class Traits:
    """Every node's traits: vocabulary indices (``NONE``: not stated), language-set ids into
    :attr:`language_sets` (0: none), dataset and paper bundle ids (0: none)."""

    license: np.ndarray
    task: np.ndarray
    library: np.ndarray
    language: np.ndarray
    language_sets: list[tuple[int, ...]]
    datasets: np.ndarray
    arxiv: np.ndarray


def inherit(lineage: Lineage, hubs: tuple[Hub, ...], rng: np.random.Generator,
            rules: TraitRules = TraitRules()) -> Traits:
    """Draw the traits of every base model (the hubs' are planted) and pass them down,
    generation by generation."""
    n = lineage.nodes
    hub_bases = np.searchsorted(lineage.family, np.arange(len(hubs)))
    cohorts = lineage.cohorts()
    is_base = lineage.relation == ROOT
    children = lineage.children_counts()
    lonely = is_base & (children == 0)
    by_level = np.argsort(lineage.level, kind="stable")
    level_starts = np.searchsorted(lineage.level[by_level],
                                   np.arange(int(lineage.level.max()) + 2))
    steps = [by_level[level_starts[i]:level_starts[i + 1]]
             for i in range(1, len(level_starts) - 1)]
    traits = Traits(*(np.full(n, NONE, np.int16) for _ in range(3)),
                    np.zeros(n, np.int32), [()], np.zeros(n, np.int32), np.zeros(n, np.int32))
    singles = [(traits.license, vocab.licenses(), rules.license, rules.license_rate),
               (traits.task, vocab.tasks(), rules.task, rules.task_rate),
               (traits.library, vocab.libraries(), rules.library, None)]
    for column, (values, vocabulary, presence, rate) in enumerate(singles):
        _draw_bases(values, vocabulary, presence, is_base, lonely, rng)
        values[hub_bases] = [vocabulary.index(hub.traits[column]) for hub in hubs]
        mutation = _Mutation(vocabulary, rules, rate)
        budget = _Budget(vocabulary, rules.upstream[vocabulary.trait])
        for nodes in steps:
            _pass_single(values, nodes, lineage, cohorts, presence, mutation,
                         rules.sibling_share, budget, rng)
    languages = _Languages(traits.language_sets, rules, rng,
                           _Budget(vocab.languages(), rules.upstream["language"]))
    languages.draw_bases(traits.language, is_base, lonely, children)
    codes = vocab.languages()
    traits.language[hub_bases] = [languages.intern(codes.index(c) for c in hub.traits[3])
                                  for hub in hubs]
    for nodes in steps:
        languages.pass_down(traits.language, nodes, lineage, cohorts)
    for values, presence in ((traits.datasets, rules.datasets), (traits.arxiv, rules.arxiv)):
        _bundles(values, presence, is_base, lonely, steps, lineage.parent, rng)
    return traits


def kind(traits: Traits) -> np.ndarray:
    """A code per node that two nodes share exactly when they hold the same licence, task,
    library and languages."""
    columns = np.column_stack([traits.license, traits.task, traits.library, traits.language])
    return np.unique(columns, axis=0, return_inverse=True)[1].ravel()


def against_drift(traits: Traits, parents: np.ndarray, children: np.ndarray) -> np.ndarray:
    """Whether an edge from each of ``parents`` to each of ``children`` would count a move
    up a planted ordering for some trait (as the drift analysis counts moves: a value the
    child gains comes from each value the parent holds, a value the parent loses goes to each
    value the child holds). Edges added after the traits are drawn (merges' other parents,
    edges closing cycles) must not: the drift would then contradict itself."""
    parents, children = np.asarray(parents, np.int64), np.asarray(children, np.int64)
    against = np.zeros(len(parents), bool)
    for values, vocabulary in ((traits.license, vocab.licenses()), (traits.task, vocab.tasks()),
                               (traits.library, vocab.libraries())):
        position = np.append(vocabulary.position, -1)[values]  # NONE reads the -1 at the end
        before, after = position[parents], position[children]
        against |= (before >= 0) & (after >= 0) & (before > after)
    position = vocab.languages().position
    sets = traits.language_sets
    known: dict[tuple[int, int], bool] = {}
    for i, pair in enumerate(zip(traits.language[parents], traits.language[children])):
        found = known.get(pair)
        if found is None:
            found = known[pair] = _sets_against(sets[pair[0]], sets[pair[1]], position)
        against[i] |= found
    return against


def _sets_against(before: tuple[int, ...], after: tuple[int, ...], position) -> bool:
    if not before or not after or before == after:
        return False
    old = {int(position[m]) for m in before if position[m] >= 0}
    new = {int(position[m]) for m in after if position[m] >= 0}
    gained, lost = new - old, old - new
    return (bool(gained) and bool(old) and max(old) > min(gained)) or (
        bool(lost) and bool(new) and max(lost) > min(new))


class _Budget:
    """The moves made so far between the values of a planted ordering, counted as the drift
    analysis counts them (a value the child gains comes from each value the parent holds, a
    value the parent loses goes to each value the child holds), and a gate on moves up it.

    Mutation targets are drawn by popularity, and languages narrow and widen, so left alone a
    popular value late in the ordering can receive more moves from an earlier, rarer one than
    it sends to it, and the ordering the data carries would contradict the one planted. A
    move whose upstream part would take any pair of values above ``ratio`` times its moves
    downstream is refused instead (the child keeps its parent's value, or, for a language
    list, narrows cleanly). Moves down the ordering are never refused and counts only grow,
    so at the end every pair moved downstream at least ``1 / ratio`` times as often as up.
    """

    def __init__(self, vocabulary: vocab.Vocabulary, ratio: float) -> None:
        self.position = vocabulary.position
        size = int(self.position.max()) + 1
        self.moves = np.zeros((size, size), np.int64)
        self.ratio = ratio
        self._lower = np.tril(np.ones((size, size), bool), -1)

    def add_single(self, before: np.ndarray, after: np.ndarray) -> None:
        """Count the moves of single values ``before`` -> ``after`` (vocabulary indices)."""
        old, new = self.position[before], self.position[after]
        counted = (old >= 0) & (new >= 0) & (old != new)
        np.add.at(self.moves, (old[counted], new[counted]), 1)

    def single(self, before: int, after: int) -> bool:
        """Take the move ``before`` -> ``after`` if it keeps within the budget."""
        old, new = int(self.position[before]), int(self.position[after])
        if old < 0 or new < 0 or old == new:
            return True
        if old > new and self.moves[old, new] + 1 > self.ratio * self.moves[new, old]:
            return False
        self.moves[old, new] += 1
        return True

    def _pairs(self, before: tuple[int, ...], after: tuple[int, ...]) -> list[tuple[int, int]]:
        old = {int(self.position[m]) for m in before if self.position[m] >= 0}
        new = {int(self.position[m]) for m in after if self.position[m] >= 0}
        return ([(source, gained) for gained in new - old for source in old]
                + [(lost, target) for lost in old - new for target in new])

    def upstream(self, before: tuple[int, ...], after: tuple[int, ...]) -> bool:
        """Whether the move of language list ``before`` -> ``after`` has a part up the
        ordering."""
        return any(source > target for source, target in self._pairs(before, after))

    def sets(self, before: tuple[int, ...], after: tuple[int, ...]) -> bool:
        """Take the move of language list ``before`` -> ``after`` if it keeps within."""
        pairs = self._pairs(before, after)
        if not pairs:
            return True
        move = np.zeros_like(self.moves)
        sources, targets = zip(*pairs)
        np.add.at(move, (list(sources), list(targets)), 1)
        total = self.moves + move
        if np.any((total > self.ratio * total.T) & self._lower & (move > 0)):
            return False
        self.moves = total
        return True


# -- single-valued traits: licence, task, library ----------------------------------------------

class _Drift:
    """Mutation targets of a single-valued trait, drawn from :meth:`Vocabulary.drift_weights`;
    ``unordered`` weighs values without a position in the ordering."""

    def __init__(self, vocabulary: vocab.Vocabulary, forward: float,
                 popularity: np.ndarray | None = None, unordered: float = 0.5,
                 rules: TraitRules | None = None) -> None:
        self.vocabulary = vocabulary
        rules = rules or TraitRules()
        weights = vocabulary.drift_weights(forward, popularity, unordered,
                                           rules.flatten[vocabulary.trait],
                                           rules.reach[vocabulary.trait])
        self.pull = weights.sum(axis=1)  # how readily each value mutates at all
        # A value with nowhere to go (the end of a one-way drift) never mutates; its row
        # only has to keep the flat table sorted.
        cumulative = np.cumsum(weights, axis=1) / np.where(self.pull > 0, self.pull, 1)[:, None]
        # Rows offset by their index: one searchsorted draws for every row at once.
        self._flat = (cumulative + np.arange(len(vocabulary))[:, None]).ravel()

    def targets(self, sources: np.ndarray, u: np.ndarray) -> np.ndarray:
        v = len(self.vocabulary)
        rows = sources.astype(np.int64)
        found = np.searchsorted(self._flat, rows + np.minimum(u, 1 - 1e-12), side="right")
        return np.minimum(found - rows * v, v - 1)


class _Mutation:
    """How a trait mutates along an edge. A child that draws on its own moves downstream with
    probability ``rules.forward``; siblings that follow their parent's shared draw move
    together, and a collective move goes downstream with ``rules.collective``, which is what
    makes the drift. The mutation probability grows with how much room a value has to move
    (its pull), scaled to the published rate by relation: ``rate`` is (finetune, others),
    or None for the library, whose rate depends on the relation alone."""

    def __init__(self, vocabulary: vocab.Vocabulary, rules: TraitRules,
                 rate: tuple[float, float] | None,
                 popularity: np.ndarray | None = None) -> None:
        self.vocabulary = vocabulary
        collective = rules.collective[vocabulary.trait]
        self.own = _Drift(vocabulary, rules.forward[vocabulary.trait], popularity, rules=rules)
        self.shared = _Drift(vocabulary, collective, popularity, unordered=1 - collective,
                             rules=rules)
        share = rules.sibling_share
        if rate is None:
            by_relation = np.array(rules.library_rate)[:, None]
            self.rate_own = self.rate_shared = np.tile(by_relation, (1, len(vocabulary)))
        else:
            weights = vocabulary.popularity if popularity is None else popularity
            mean_pull = float(np.dot(weights, share * self.shared.pull
                                     + (1 - share) * self.own.pull))
            by_relation = np.full(len(RELATIONS), rate[1])
            by_relation[FT] = rate[0]
            scale = by_relation[:, None] / mean_pull
            self.rate_own = np.minimum(scale * self.own.pull[None, :], 0.9)
            self.rate_shared = np.minimum(scale * self.shared.pull[None, :], 0.9)
        self.attractors = ({} if rate is not None else
                           {relation: (vocabulary.index(name), strength)
                            for relation, name, strength in rules.library_attractor})

    def mutates(self, relation, source, follows, u) -> np.ndarray:
        rate = np.where(follows, self.rate_shared[relation, source],
                        self.rate_own[relation, source])
        return u < rate

    def targets(self, relation, source, follows, u) -> tuple[np.ndarray, np.ndarray]:
        """The new values, and whether the move is allowed (a relation's attractor forbids
        moving away upstream)."""
        targets = np.where(follows, self.shared.targets(source, u), self.own.targets(source, u))
        allowed = np.ones(len(source), bool)
        position = self.vocabulary.position
        for rel, (attractor, strength) in self.attractors.items():
            # Adapters move to the adapter library when it lies downstream of theirs.
            pulled = (relation == rel) & (u < strength)
            upstream = (position[source] >= 0) & (position[source] < position[attractor])
            targets = np.where(pulled & upstream, attractor, targets)
            allowed &= ~(pulled & ~upstream)
        return targets, allowed


def _draw_bases(values, vocabulary, presence, is_base, lonely, rng) -> None:
    carries = np.where(lonely, rng.random(len(values)) < presence.lonely,
                       rng.random(len(values)) < presence.base) & is_base
    values[carries] = _popular(vocabulary, int(carries.sum()), rng)


def _popular(vocabulary: vocab.Vocabulary, count: int, rng: np.random.Generator) -> np.ndarray:
    cumulative = np.cumsum(vocabulary.popularity)
    return np.minimum(np.searchsorted(cumulative, rng.random(count) * cumulative[-1]),
                      len(vocabulary) - 1)


def _shared(cohorts: np.ndarray, share: float, rng: np.random.Generator):
    """Per child: whether it follows its cohort's shared draw, and the index of its cohort
    among the cohorts given (for per-cohort draws). Cohorts are runs of a few
    siblings (:meth:`Lineage.cohorts`), so a crowd of thousands does not move as one."""
    unique, slot = np.unique(cohorts, return_inverse=True)
    return rng.random(len(cohorts)) < share, slot, len(unique)


def _pass_single(values, nodes, lineage, cohorts, presence, mutation: _Mutation, share,
                 budget: _Budget, rng) -> None:
    parents = lineage.parent[nodes]
    relation = lineage.relation[nodes]
    inherited = values[parents]
    k = len(nodes)
    carries = np.where(inherited >= 0, rng.random(k) < presence.keep,
                       rng.random(k) < presence.gain)
    follows, slot, parent_count = _shared(cohorts[nodes], share, rng)
    u_decide = np.where(follows, rng.random(parent_count)[slot], rng.random(k))
    u_target = np.where(follows, rng.random(parent_count)[slot], rng.random(k))
    source = np.maximum(inherited, 0)
    targets, allowed = mutation.targets(relation, source, follows, u_target)
    mutates = ((inherited >= 0) & allowed
               & mutation.mutates(relation, source, follows, u_decide))
    result = np.where(mutates, targets, inherited)
    moved = mutates & carries & (result != inherited)
    position = mutation.vocabulary.position
    upstream = moved & (position[result] >= 0) & (position[result] < position[source])
    budget.add_single(inherited[moved & ~upstream], result[moved & ~upstream])
    for i in rng.permutation(np.flatnonzero(upstream)):
        if not budget.single(int(inherited[i]), int(result[i])):
            result[i] = inherited[i]
    fresh = carries & (inherited < 0)
    result[fresh] = _popular(mutation.vocabulary, int(fresh.sum()), rng)
    values[nodes] = np.where(carries, result, NONE)


# -- languages -----------------------------------------------------------------------------------

class _Languages:
    """Language lists, each stored once in ``sets`` and referred to by its position."""

    def __init__(self, sets: list[tuple[int, ...]], rules: TraitRules,
                 rng: np.random.Generator, budget: _Budget) -> None:
        self.sets = sets
        self.budget = budget
        self.ids: dict[tuple[int, ...], int] = {(): 0}
        self.rules = rules
        self.rng = rng
        self.vocabulary = vocab.languages()
        self.english = self.vocabulary.index("en")
        # Single languages and short lists favour the common languages more than their
        # published counts, which the hundred-language lists inflate for rare languages.
        weights = self.vocabulary.popularity ** 1.15
        self.common = np.cumsum(weights) / weights.sum()
        self.own = _Drift(self.vocabulary, rules.forward["language"], weights / weights.sum(),
                          rules=rules)
        collective = rules.collective["language"]
        self.shared = _Drift(self.vocabulary, collective, weights / weights.sum(),
                             unordered=1 - collective, rules=rules)
        counts = np.array([c for _, c in published.LANGUAGE_COUNTS], dtype=np.float64)
        # A hundred-language list holds the most common languages up to some length; lengths
        # are drawn so that the rare languages keep their published order of counts.
        tail = counts[49:]
        self.massive_lengths = np.arange(50, len(counts) + 1)
        probabilities = tail - np.append(tail[1:], 0.0)
        self.massive_cumulative = np.cumsum(probabilities) / probabilities.sum()

    def intern(self, members) -> int:
        key = tuple(sorted(set(int(m) for m in members)))
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.sets)
            self.sets.append(key)
        return found

    def _common(self, count: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.common, self.rng.random(count)),
                          len(self.common) - 1)

    def fresh(self, count: int) -> np.ndarray:
        """Language lists of models that start listing languages: mostly English alone."""
        rng = self.rng
        kind = rng.random(count)
        ids = np.empty(count, np.int32)
        first = self._common(count)
        for i in range(count):
            if kind[i] < 0.80:
                ids[i] = self.intern([first[i]])
            else:
                extra = self._common(1 + int(rng.integers(0, 3)))
                base = [self.english] if kind[i] < 0.97 else [first[i]]
                ids[i] = self.intern(base + list(extra))
        return ids

    def massive(self, count: int) -> np.ndarray:
        """Lists of fifty to all languages: the most common ones, up to some length."""
        lengths = self.massive_lengths[np.searchsorted(self.massive_cumulative,
                                                       self.rng.random(count))]
        return np.array([self.intern(range(length)) for length in lengths], np.int32)

    def draw_bases(self, values, is_base, lonely, children) -> None:
        rules, rng = self.rules, self.rng
        p = np.where(lonely, rules.language.lonely, rules.language.base)
        carries = is_base & (rng.random(len(values)) < p)
        low, high = rules.massive_children
        big = carries & (children >= low) & (children <= high)
        massive = big & (rng.random(len(values)) < rules.massive_share)
        ordinary = carries & ~massive
        values[ordinary] = self.fresh(int(ordinary.sum()))
        values[massive] = self.massive(int(massive.sum()))

    def pass_down(self, values, nodes, lineage, cohorts) -> None:
        rules, rng = self.rules, self.rng
        parents = lineage.parent[nodes]
        inherited = values[parents]
        k = len(nodes)
        carries = np.where(inherited > 0, rng.random(k) < rules.language.keep,
                           rng.random(k) < rules.language.gain)
        sizes = np.array([len(s) for s in self.sets])[inherited]
        rate = np.array(rules.language_rate)[(lineage.relation[nodes] != FT).astype(int)]
        rate = np.where(sizes >= rules.multilingual, rules.narrowing, rate)
        follows, slot, parent_count = _shared(cohorts[nodes], rules.sibling_share, rng)
        # Long lists narrow child by child: a cohort narrowing as one would give dozens of
        # siblings the same few languages, and these narrowings carry the drift among
        # languages.
        follows &= sizes < rules.multilingual
        u = np.where(follows, rng.random(parent_count)[slot], rng.random(k))
        mutates = (inherited > 0) & (u < rate)
        result = inherited.copy()
        shared_outcome: dict[int, int] = {}
        changing = np.flatnonzero(mutates & carries)
        for i in changing:
            if follows[i]:
                key = int(slot[i])
                if key not in shared_outcome:
                    shared_outcome[key] = self.mutate(int(inherited[i]), collective=True)
                result[i] = shared_outcome[key]
            else:
                result[i] = self.mutate(int(inherited[i]), collective=False)
        # Back-mutation: a child of a model whose list changed lists its grandparent's again.
        grand = values[np.maximum(lineage.parent[parents], 0)]
        returns = (carries & ~mutates & (inherited > 0) & (lineage.relation[parents] != ROOT)
                   & (grand > 0) & (grand != inherited) & (rng.random(k) < rules.returning))
        result[returns] = grand[returns]
        # The generation's moves down the ordering count first; then those with a part up it
        # are taken, in random order, as far as the budget allows.
        proposed = np.concatenate([changing, np.flatnonzero(returns)])
        upstream = np.array([self.budget.upstream(self.sets[inherited[i]], self.sets[result[i]])
                             for i in proposed], bool)
        for i in proposed[~upstream]:
            self.budget.sets(self.sets[inherited[i]], self.sets[result[i]])
        for i in rng.permutation(proposed[upstream]):
            before = self.sets[inherited[i]]
            for _ in range(DRAWS):
                if self.budget.sets(before, self.sets[result[i]]):
                    break
                result[i] = self.mutate(int(inherited[i]), collective=False)
            else:
                result[i] = self.intern(self._downstream_end(before))
                self.budget.sets(before, self.sets[result[i]])
        fresh = carries & (inherited <= 0)
        result[fresh] = self.fresh(int(fresh.sum()))
        values[nodes] = np.where(carries, result, 0)

    def mutate(self, set_id: int, collective: bool) -> int:
        """A child's language list made from its parent's: narrowed, widened (a multilingual
        derivative of a one-language model), or one language replaced or added. A collective
        move replaces or adds only downstream of a language other than English: English is
        where the drift ends."""
        rng = self.rng
        members = self.sets[set_id]
        if len(members) >= 2 and (len(members) >= self.rules.multilingual or rng.random() < 0.5):
            return self.intern(self._narrow(members))
        if len(members) == 1 and rng.random() < self.rules.widening:
            return self.intern(members + tuple(self._common(int(rng.integers(2, 9)))))
        movable = [m for m in members if m != self.english] if collective else list(members)
        if not movable:
            return set_id
        old = movable[int(rng.integers(len(movable)))]
        drift = self.shared if collective else self.own
        new = int(drift.targets(np.array([old]), rng.random(1))[0])
        if len(members) == 1 and rng.random() < 0.3:
            return self.intern(members + (new,))
        return self.intern([m for m in members if m != old] + [new])

    def _downstream_end(self, members: tuple[int, ...]) -> list[int]:
        """A narrowing that moves nothing up the ordering: the list's languages furthest
        downstream (English, when listed, and the one before it), or the list itself when it
        holds one language."""
        if len(members) < 2:
            return list(members)
        position = self.vocabulary.position
        ordered = sorted((m for m in members if position[m] >= 0), key=lambda m: position[m])
        return ordered[-2:] if ordered else list(members[:1])

    def _narrow(self, members: tuple[int, ...]) -> list[int]:
        """Keep one or two languages, English (when listed) with probability
        ``rules.keep_english``; of the others, the further downstream in the drift ordering a
        language is, the likelier it is kept."""
        rng = self.rng
        if self.english in members and rng.random() < self.rules.keep_english:
            kept, wanted = [self.english], int(rng.random() < 0.5)
        else:
            kept, wanted = [], 1 + int(rng.random() < 0.3)
        others = np.array([m for m in members if m != self.english])
        if wanted and len(others):
            position = self.vocabulary.position[others]
            weight = np.exp(NARROWING_SLOPE * np.maximum(position, 0))
            picks = rng.choice(others, size=min(wanted, len(others)), replace=False,
                               p=weight / weight.sum())
            kept += [int(x) for x in picks]
        return kept or [self.english]


# -- datasets and papers --------------------------------------------------------------------------

def _bundles(values, presence, is_base, lonely, steps, parent, rng) -> None:
    """Dataset or paper bundles (ids from 1): base models cite their own, children keep their
    parent's or cite new ones. Bundle ids are drawn from a long-tailed pool."""
    pool = max(100, len(values) // 8)
    n = len(values)
    p = np.where(lonely, presence.lonely, presence.base)
    carries = is_base & (rng.random(n) < p)
    values[carries] = 1 + (rng.zipf(1.3, int(carries.sum())) - 1) % pool
    for nodes in steps:
        inherited = values[parent[nodes]]
        k = len(nodes)
        keep = (inherited > 0) & (rng.random(k) < presence.keep)
        new = ~keep & (rng.random(k) < presence.gain)
        values[nodes] = np.where(keep, inherited,
                                 np.where(new, 1 + (rng.zipf(1.3, k) - 1) % pool, 0))
