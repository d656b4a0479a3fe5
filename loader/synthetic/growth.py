"""Grow the lineage of a synthetic ecosystem: who is whose parent, and by which relation.

Families grow as a multi-type branching process, one generation at a time for all families
at once (numpy throughout):

* base models (roots): the planted hubs, whose children are sized to reach the published
  family shares, and the other bases, whose number of children follows a power law;
* every child is made by a relation drawn from its parent's mix; a child is *fertile* (has
  children of its own) with the published probability for its relation, and then has a
  heavy-tailed number of children;
* version chains (a model finetuned from its own previous version, again and again) give the
  deepest lineages;
* a merge child takes one to three more parents, most often from its own family;
* the rest of the models have no relatives.

Nodes are numbered family by family and, within a family, generation by generation, so a
family is one contiguous block and every parent comes before its children. The planted defects
(cycles, models naming themselves, parents missing from the file) are added last.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np

from lineage.loader.synthetic.recipe import FT, ME, RELATIONS, ROOT, UN, Recipe

KINDS = len(RELATIONS)
#: Cycles are planted in families of at most this many models.
SMALL_FAMILY = 100
#: Siblings come in cohorts (batches of one author's models) of at most this many.
COHORT = 25
#: Draws for a merge's other parents before giving up on one that fits.
MERGE_DRAWS = 36
#: Candidates sampled for a merge whose draws found no other parent.
MERGE_SAMPLE = 2000


@dataclasses.dataclass
class Lineage:
    """The lineage of every node. ``parent``/``relation``: the primary parent and how the node
    was made from it (``ROOT`` for base models and models without relatives); ``extra_*``: the
    further edges (merge parents, edges closing planted cycles), sorted by child."""

    parent: np.ndarray  # int32
    relation: np.ndarray  # int8, ROOT or a relation index
    family: np.ndarray  # int32
    level: np.ndarray  # int16: generation within the family's own tree
    extra_child: np.ndarray
    extra_parent: np.ndarray
    extra_relation: np.ndarray
    missing: np.ndarray  # bool: a parent left out of the file
    self_reference: np.ndarray  # bool: names itself as its parent
    hubs: list[dict]
    chains: list[dict]
    cycles: list[list[int]]

    @property
    def nodes(self) -> int:
        return len(self.parent)

    def extra_ranges(self) -> tuple[np.ndarray, np.ndarray]:
        """For every node, where its extra edges start in ``extra_*`` and how many there are."""
        starts = np.searchsorted(self.extra_child, np.arange(self.nodes + 1))
        return starts[:-1], np.diff(starts)

    def cohorts(self, size: int = COHORT) -> np.ndarray:
        """A cohort id for every node: runs of up to ``size`` consecutive children of one
        parent (a batch of one author's models) share one; a base model is its own."""
        n = self.nodes
        cohort = np.arange(n, dtype=np.int64)
        children = np.flatnonzero(self.parent >= 0)
        parents = self.parent[children].astype(np.int64)
        order = np.argsort(parents, kind="stable")
        first = np.searchsorted(parents[order], parents[order])
        rank = np.empty(len(children), np.int64)
        rank[order] = np.arange(len(children)) - first
        # Beyond every node id, so that no cohort id is also a base model's.
        cohort[children] = n + parents * (n // size + 1) + rank // size
        return cohort

    def children_counts(self) -> np.ndarray:
        """How many children every node has (over all edges)."""
        counts = np.bincount(self.parent[self.parent >= 0], minlength=self.nodes)
        return counts + np.bincount(self.extra_parent, minlength=self.nodes)


@dataclasses.dataclass
class _Generation:
    parent: np.ndarray
    relation: np.ndarray
    family: np.ndarray
    children: np.ndarray
    mix: np.ndarray  # (nodes, KINDS): relations of their children


def grow(recipe: Recipe, rng: np.random.Generator) -> Lineage:
    """The tree of every family (each model's first parent) for an ecosystem of
    ``recipe.models`` models plus the parents that will be left out of the file. Merges get
    their other parents from :func:`plant_merges`, defects from :func:`plant_defects`."""
    first = _bases(recipe, rng)
    families = len(first.parent)
    hub_second = {i: hub.second for i, hub in enumerate(recipe.hubs) if hub.second}
    generations = [first]
    current, offset = first, 0
    while len(current.parent):
        ids = np.arange(offset, offset + len(current.parent), dtype=np.int64)
        offset += len(ids)
        nxt = _children(recipe, rng, current, ids)
        if len(generations) == 1:
            _calm_crowds(recipe, rng, nxt, first.children)
            _plant_second_hubs(recipe, nxt, hub_second)
        generations.append(nxt)
        current = nxt
    parent = np.concatenate([g.parent for g in generations])
    relation = np.concatenate([g.relation for g in generations])
    family = np.concatenate([g.family for g in generations])
    level = np.concatenate([np.full(len(g.parent), i, dtype=np.int16)
                            for i, g in enumerate(generations)])
    parent, relation, family, level, families, chains = _add_chains(
        recipe, parent, relation, family, level, families)
    missing_count = recipe.planted(recipe.missing_parents_per_million)
    protected = np.zeros(families, bool)
    protected[:len(recipe.hubs)] = True
    protected[[chain["family"] for chain in chains]] = True
    parent, relation, family, level = _fit(recipe.models + missing_count, parent, relation,
                                           family, level, protected)
    lineage = Lineage(parent, relation, family, level, *(np.zeros(0, np.int64),) * 3,
                      np.zeros(len(parent), bool), np.zeros(len(parent), bool),
                      hubs=[], chains=chains, cycles=[])
    _record_hubs(recipe, lineage)
    return lineage


# -- base models --------------------------------------------------------------------------------

def _bases(recipe: Recipe, rng: np.random.Generator) -> _Generation:
    plan = recipe.plan
    hub_children = np.array(plan.hub_degrees, dtype=np.int64)
    degrees, cumulative = recipe.root_degree_table
    # Stratified draws: one per quantile band, so the heavy tail's rare large families are
    # neither missed nor doubled from one seed to the next.
    count = plan.tail_roots
    bands = (np.arange(count) + rng.random(count)) / count
    rng.shuffle(bands)
    tail = degrees[np.minimum(np.searchsorted(cumulative, bands), len(degrees) - 1)]
    children = np.concatenate([hub_children, tail])
    mix = np.vstack([np.array([h.mix for h in recipe.hubs]),
                     np.tile(plan.tail_mix, (len(tail), 1))])
    n = len(children)
    return _Generation(np.full(n, ROOT, np.int64), np.full(n, ROOT, np.int8),
                       np.arange(n, dtype=np.int64), children, mix / mix.sum(1, keepdims=True))


# -- one generation -----------------------------------------------------------------------------

def _children(recipe: Recipe, rng: np.random.Generator, gen: _Generation,
              ids: np.ndarray) -> _Generation:
    counts = rng.multinomial(gen.children, gen.mix)  # (nodes, KINDS)
    total = gen.children.sum()
    relation = np.repeat(np.tile(np.arange(KINDS, dtype=np.int8), len(ids)), counts.ravel())
    parent = np.repeat(ids, gen.children)
    family = np.repeat(gen.family, gen.children)
    fertile = rng.random(total) < recipe.plan.fertility[relation]
    sizes = np.floor(np.exp(recipe.offspring_mu[relation]
                            + recipe.offspring_sigma * rng.standard_normal(total)))
    children = np.where(fertile, 1 + np.minimum(sizes, recipe.offspring_cap()), 0)
    mix = np.array(recipe.child_mix)[relation]
    return _Generation(parent, relation, family, children.astype(np.int64), mix)


def _calm_crowds(recipe: Recipe, rng: np.random.Generator, gen: _Generation,
                 base_children: np.ndarray) -> None:
    """The crowd of children of a popular base is mostly leaves: each keeps its children only
    with probability ``recipe.hub_child_fertility``."""
    popular = base_children >= recipe.crowd_threshold()
    popular[:len(recipe.hubs)] = True
    crowd = np.flatnonzero(popular[gen.parent] & (gen.children > 0))
    gen.children[crowd[rng.random(len(crowd)) >= recipe.hub_child_fertility]] = 0


def _plant_second_hubs(recipe: Recipe, gen: _Generation, second: dict) -> None:
    """Give the first finetune child of each hub that has one its planted crowd of children."""
    for family, (children, mix) in second.items():
        candidates = np.flatnonzero((gen.family == family) & (gen.relation == FT))
        if candidates.size:
            gen.children[candidates[0]] = max(1, round(children * recipe.scale))
            gen.mix[candidates[0]] = np.array(mix) / sum(mix)


# -- chains, and fitting to the number of models ------------------------------------------------

def _add_chains(recipe, parent, relation, family, level, families):
    """Append the version chains: a base and its finetune, finetuned again, ``length`` times."""
    chains = []
    parts = [(parent, relation, family, level)]
    start = len(parent)
    for length in recipe.chain_lengths():
        ids = np.arange(start, start + length + 1, dtype=np.int64)
        chain_parent = np.concatenate([[ROOT], ids[:-1]])
        chain_relation = np.concatenate([[ROOT], np.full(length, FT)]).astype(np.int8)
        parts.append((chain_parent, chain_relation, np.full(length + 1, families, np.int64),
                      np.arange(length + 1, dtype=np.int16)))
        chains.append({"family": families, "length": length})
        families += 1
        start += length + 1
    joined = [np.concatenate([p[i] for p in parts]) for i in range(4)]
    return (*joined, families, chains)


def _fit(total: int, parent, relation, family, level, protected: np.ndarray):
    """Keep whole families so that at least a third of the models are left to be models
    without relatives (ordinary families drop out last first; hubs and chains always stay),
    renumber family by family and generation by generation, and add the models without
    relatives."""
    families = len(protected)
    sizes = np.bincount(family, minlength=families)
    budget = total - total // 3 - int(sizes[protected].sum())
    ordinary = np.flatnonzero(~protected)
    kept = ordinary[:np.searchsorted(np.cumsum(sizes[ordinary]), budget, side="right")]
    keep_family = protected.copy()
    keep_family[kept] = True
    old_ids = np.flatnonzero(keep_family[family])
    old_ids = old_ids[np.lexsort((level[old_ids], family[old_ids]))]
    new_id = np.full(len(parent), ROOT, np.int64)
    new_id[old_ids] = np.arange(len(old_ids))
    lonely = total - len(old_ids)
    old_parent = parent[old_ids]
    parent = np.concatenate([np.where(old_parent >= 0, new_id[np.maximum(old_parent, 0)], ROOT),
                             np.full(lonely, ROOT)]).astype(np.int32)
    relation = np.concatenate([relation[old_ids], np.full(lonely, ROOT, np.int8)])
    family = np.concatenate([family[old_ids], families + np.arange(lonely)]).astype(np.int32)
    level = np.concatenate([level[old_ids], np.zeros(lonely, np.int16)])
    return parent, relation, family, level


# -- merges -------------------------------------------------------------------------------------

def plant_merges(recipe: Recipe, rng: np.random.Generator, lineage: Lineage,
                 kinds: Sequence[np.ndarray] = (),
                 refused: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
                 ) -> None:
    """Give every merge child one to three more parents: a base or finetune of an earlier
    generation that already has children, of the same family (most often) or of any family,
    and of the same kind as the child where one can be found (models merge with models of
    their own architecture). ``kinds``: codes per node, strictest first (say, library and task,
    then library alone); each is tried for a share of the draws, the last draws take any.
    ``refused(parents, children)``: edges never planted, whatever the draws (a merge whose
    draws find no other parent keeps its primary parent alone)."""
    merges = np.flatnonzero(lineage.relation == ME)
    counts, weights = zip(*recipe.merge_parents)
    extra = rng.choice(np.array(counts) - 1, size=len(merges), p=np.array(weights))
    child = np.repeat(merges, extra)
    level = lineage.level.astype(np.int64)
    has_children = np.zeros(lineage.nodes, bool)
    has_children[lineage.parent[lineage.parent >= 0]] = True
    eligible = has_children & ((lineage.relation == ROOT) | (lineage.relation == FT))
    positions = np.flatnonzero(eligible)
    # Same family, earlier generation: the eligible nodes between the family's first node and
    # the first node of the child's generation.
    key = lineage.family.astype(np.int64) * 1024 + level
    first_of_key = np.searchsorted(key, key)  # key is sorted: family blocks, levels ascending
    first_of_family = np.searchsorted(lineage.family, lineage.family)
    low = np.searchsorted(positions, first_of_family[child])
    high = np.searchsorted(positions, first_of_key[child])
    # Any family, earlier generation.
    by_level = positions[np.argsort(level[positions], kind="stable")]
    earlier = np.searchsorted(level[by_level], level[child])
    same = (rng.random(len(child)) >= recipe.merge_cross_family) & (high > low)
    chosen = np.full(len(child), -1, np.int64)
    primary = lineage.parent[child]

    def unsuitable(kind: np.ndarray | None) -> np.ndarray:
        bad = (chosen < 0) | _repeats(child, chosen, primary)
        if kind is not None:
            bad |= kind[np.maximum(chosen, 0)] != kind[child]
        if refused is not None:
            bad[~bad] = refused(chosen[~bad], child[~bad])
        return bad

    phases = [*kinds, None]
    per_phase = MERGE_DRAWS // len(phases)
    for attempt in range(per_phase * len(phases)):
        phase, step = divmod(attempt, per_phase)
        kind = phases[phase]
        todo = np.flatnonzero(unsuitable(kind))
        if not todo.size:
            continue
        # Inside the family first (for the children that merge within it), then anywhere; in
        # the last phase, where any kind will do, inside the family, where kinds mostly agree,
        # and then anywhere, for the merges whose family holds no parent that ``refused``
        # lets in.
        inside = (high[todo] > low[todo]) & (step < per_phase // 2) & (same[todo]
                                                                       | (kind is None))
        if kind is None and refused is None:
            inside = high[todo] > low[todo]
        u = rng.random(len(todo))
        pick = low[todo] + np.floor(u * (high[todo] - low[todo])).astype(np.int64)
        anywhere = np.floor(u * earlier[todo]).astype(np.int64)
        chosen[todo] = np.where(
            inside, positions[np.minimum(pick, len(positions) - 1)],
            np.where(earlier[todo] > 0, by_level[np.minimum(anywhere, len(by_level) - 1)], -1))
    good = ~unsuitable(None)
    if refused is not None:
        # A merge whose draws found no other parent takes the first that ``refused`` lets in
        # from a wider sample of the earlier generations.
        first = np.r_[True, child[1:] != child[:-1]]
        has_one = np.bincount(child[good], minlength=lineage.nodes) > 0
        for slot in np.flatnonzero(first & ~has_one[child]):
            pool = by_level[:earlier[slot]]
            sample = rng.choice(pool, size=min(MERGE_SAMPLE, len(pool)), replace=False)
            sample = sample[sample != primary[slot]]
            fits = ~refused(sample, np.full(len(sample), child[slot]))
            if fits.any():
                chosen[slot] = sample[np.argmax(fits)]
        good = ~unsuitable(None)
    if kinds:
        # A parent of another kind is kept only when the merge would otherwise have none.
        fits = good & ~unsuitable(kinds[-1])
        fitting = np.bincount(child[fits], minlength=lineage.nodes)
        # (the first of its usable parents: slots are sorted by child)
        usable = np.flatnonzero(good)
        first = np.zeros(len(child), bool)
        first[usable[np.unique(child[usable], return_index=True)[1]]] = True
        good &= fits | ((fitting[child] == 0) & first)
    order = np.argsort(child[good], kind="stable")
    lineage.extra_child = child[good][order]
    lineage.extra_parent = chosen[good][order]
    lineage.extra_relation = np.full(len(order), ME, np.int8)


def _repeats(child: np.ndarray, chosen: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """Whether each chosen parent is the child's primary parent or already chosen for it."""
    same_as_primary = chosen == primary
    key = child * np.int64(2**32) + chosen
    order = np.argsort(key, kind="stable")
    seen = np.zeros(len(key), bool)
    seen[order[1:]] = key[order[1:]] == key[order[:-1]]
    return same_as_primary | seen


def _record_hubs(recipe: Recipe, lineage: Lineage) -> None:
    sizes = np.bincount(lineage.family, minlength=len(recipe.hubs))
    for i, hub in enumerate(recipe.hubs):
        lineage.hubs.append({"name": hub.name, "family": i, "models": int(sizes[i]),
                             "published_models": hub.size,
                             "published_share": hub.size / (recipe.models / recipe.scale)})


# -- planted defects ----------------------------------------------------------------------------

def plant_defects(recipe: Recipe, rng: np.random.Generator, lineage: Lineage,
                  kind: np.ndarray | None = None,
                  refused: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
                  ) -> None:
    """Plant what real data has: parents missing from the file, models naming themselves as
    their parent, and lineage cycles. ``kind``: a code per node (its traits); a missing parent
    is then a base model all of whose children share its kind, so leaving it out takes no
    trait move out of the file. ``refused(parents, children)``: edges a cycle may not close
    with."""
    missing_count = recipe.planted(recipe.missing_parents_per_million)
    n = lineage.nodes
    children = np.bincount(lineage.parent[lineage.parent >= 0], minlength=n)
    is_hub_or_chain = lineage.family < len(recipe.hubs)
    for chain in lineage.chains:
        is_hub_or_chain |= lineage.family == chain["family"]
    # Parents missing from the file: base models of ordinary families.
    steady = np.ones(n, bool)
    if kind is not None:
        child = np.flatnonzero(lineage.parent >= 0)
        steady[lineage.parent[child[kind[child] != kind[lineage.parent[child]]]]] = False
    bases = np.flatnonzero((lineage.relation == ROOT) & (children > 0) & ~is_hub_or_chain
                           & steady)
    missing = rng.choice(bases, size=min(missing_count, len(bases)), replace=False)
    lineage.missing[missing] = True
    # Models naming themselves: models without relatives.
    lonely = np.flatnonzero((lineage.relation == ROOT) & (children == 0)
                            & (np.bincount(lineage.extra_parent, minlength=n) == 0))
    count = recipe.planted(recipe.self_references_per_million)
    lineage.self_reference[rng.choice(lonely, size=min(count, len(lonely)),
                                      replace=False)] = True
    _plant_cycles(recipe, rng, lineage, is_hub_or_chain, refused)


def _plant_cycles(recipe: Recipe, rng: np.random.Generator, lineage: Lineage,
                  excluded: np.ndarray,
                  refused: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
                  ) -> None:
    """Close cycles: a model names one of its own descendants (one to four generations down)
    as its parent. One cycle per small family, away from hubs, chains and missing parents."""
    count = recipe.planted(recipe.cycles_per_million)
    lengths = rng.choice([2, 3, 4, 5], size=count, p=[0.6, 0.25, 0.1, 0.05])
    small = np.bincount(lineage.family)[lineage.family] <= SMALL_FAMILY
    open_to_cycles = (~excluded & small & (lineage.relation != ROOT)
                      & (lineage.relation != ME))
    used: set[int] = set()
    edges = []
    for drawn in lengths:
        # A long cycle that finds no place (few deep lineages, or ``refused``) is planted
        # shorter instead.
        for length in range(drawn, 1, -1):
            if _close_cycle(rng, lineage, open_to_cycles, length, used, edges, refused):
                break
    if not edges:
        return
    descendant, ancestor = (np.array(side, dtype=np.int64) for side in zip(*edges))
    relation = rng.choice([FT, UN], size=len(edges)).astype(np.int8)
    child = np.concatenate([lineage.extra_child, ancestor])
    order = np.argsort(child, kind="stable")
    lineage.extra_child = child[order]
    lineage.extra_parent = np.concatenate([lineage.extra_parent, descendant])[order]
    lineage.extra_relation = np.concatenate([lineage.extra_relation, relation])[order]


def _close_cycle(rng, lineage, open_to_cycles, length, used, edges, refused) -> bool:
    candidates = np.flatnonzero(open_to_cycles & (lineage.level >= length - 1))
    for node in rng.choice(candidates, size=min(50, len(candidates)), replace=False):
        path = [int(node)]
        while len(path) < length:
            path.append(int(lineage.parent[path[-1]]))
        family = int(lineage.family[node])
        if (family not in used and not lineage.missing[path].any()
                and (refused is None
                     or not refused(np.array(path[:1]), np.array(path[-1:]))[0])):
            used.add(family)
            edges.append((path[0], path[-1]))  # the descendant becomes the ancestor's parent
            lineage.cycles.append(path[::-1])
            return True
    return False
