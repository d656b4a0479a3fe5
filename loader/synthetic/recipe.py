"""What the synthetic ecosystem is made of: every knob of the generator, in one place.

The published figures (:mod:`lineage.analytics.replication.published`) fix most of it directly: how
many edges of each relation an ecosystem of N models has, how many children of each relation have
children, how large the largest families are. The rest (how many children a fertile model has, which
relations its children take) are choices, stated here; from them the recipe *solves* what the roots
must do so that the totals come out at the published mix (:attr:`Recipe.plan`).

Relations are indexed in the order of :class:`~lineage.relations.Relation`: finetune,
adapter, quantization, merge, unstated.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
from scipy.special import ndtr

from lineage.analytics.replication import published
from lineage.errors import UsageError
from lineage.relations import Relation

#: Relations by index (FT, AD, QU, ME, UN), in the order of :class:`Relation`.
RELATIONS = tuple(Relation)
FT, AD, QU, ME, UN = range(len(RELATIONS))
ROOT = -1
MIN_MODELS = 1_000
MAX_MODELS = 20_000_000


@dataclasses.dataclass(frozen=True)
class Hub:
    """One of the largest families, planted at its published share of the ecosystem.

    ``mix``: the relations of the base model's children. ``second``: a heavily derived child
    (the way an instruct model of a base gathers its own thousands of derivatives), given as
    its number of children per published model and their relations.
    """

    name: str
    size: int  # published family size in the 1.86M-model dataset
    mix: tuple[float, float, float, float, float]
    #: The base model's licence, task, library and languages (ISO 639-1 codes).
    traits: tuple[str, str, str, tuple[str, ...]]
    released: str  # when the base model was created (ISO 8601)
    second: tuple[int, tuple[float, float, float, float, float]] | None = None


HUBS = (
    Hub("image-generation base with LoRAs", 33_194, (0.11, 0.82, 0.05, 0.01, 0.01),
        ("other", "text-to-image", "diffusers", ()), "2024-08-01T10:00:00+00:00"),
    Hub("small chat base swarmed by finetunes", 32_557, (0.29, 0.40, 0.28, 0.02, 0.01),
        ("apache-2.0", "text-generation", "transformers", ("en",)), "2024-02-04T12:00:00+00:00"),
    Hub("small base, second size", 30_618, (0.17, 0.48, 0.32, 0.02, 0.01),
        ("apache-2.0", "text-generation", "transformers", ("en",)),
        "2024-02-04T12:30:00+00:00"),
    Hub("8B base with an instruct hub", 24_318, (0.18, 0.45, 0.34, 0.02, 0.01),
        ("llama3", "text-generation", "transformers", ("en",)), "2024-04-17T15:00:00+00:00",
        second=(10_700, (0.45, 0.20, 0.31, 0.03, 0.01))),
    Hub("2B base", 23_869, (0.14, 0.53, 0.31, 0.01, 0.01),
        ("gemma", "text-generation", "transformers", ("en",)), "2024-02-21T09:00:00+00:00"),
    Hub("8B base, later release", 11_942, (0.22, 0.39, 0.36, 0.02, 0.01),
        ("llama3.1", "text-generation", "transformers",
         ("en", "de", "fr", "it", "pt", "hi", "es", "th")), "2024-07-23T14:00:00+00:00"),
)


#: Children that make a base model popular, at the published dataset's size.
CROWD = 500


@dataclasses.dataclass(frozen=True)
class Plan:
    """What the recipe solves for (see :attr:`Recipe.plan`)."""

    fertility: np.ndarray  # of ordinary children, by relation
    hub_degrees: list[int]
    tail_mix: np.ndarray  # relations of the children of the other base models
    tail_roots: int  # how many other base models with children


@dataclasses.dataclass(frozen=True)
class Recipe:
    """The generator's parameters for an ecosystem of ``models`` models."""

    models: int
    #: Share of the children made by each relation that have children of their own. Finetune,
    #: adapter and quantization come from the published children-with-children counts.
    fertility: tuple[float, ...] = (
        published.CHILDREN_WITH_CHILDREN["finetune"] / published.EDGES["finetune"],
        published.CHILDREN_WITH_CHILDREN["adapter"] / published.EDGES["adapter"],
        published.CHILDREN_WITH_CHILDREN["quantization"] / published.EDGES["quantization"],
        0.08, 0.05)
    #: Mean number of children of a fertile child, by the relation that made it; heavy-tailed
    #: (one plus a rounded-down log-normal with this spread).
    offspring_mean: tuple[float, ...] = (6.0, 2.0, 6.0, 3.0, 2.5)
    offspring_sigma: float = 1.3
    #: Relations of the children of a fertile child, by the relation that made it (rows), in
    #: relation order (columns). Adapters and quantizations are not merged: mergers merge
    #: full models.
    child_mix: tuple[tuple[float, ...], ...] = (
        (0.44, 0.15, 0.35, 0.04, 0.02),
        (0.41, 0.41, 0.15, 0.00, 0.03),
        (0.31, 0.51, 0.15, 0.00, 0.03),
        (0.31, 0.10, 0.41, 0.15, 0.03),
        (0.30, 0.30, 0.30, 0.05, 0.05),
    )
    #: Parents of a merge and how often; extra parents usually come from the same family.
    merge_parents: tuple[tuple[int, float], ...] = ((2, 0.60), (3, 0.25), (4, 0.15))
    merge_cross_family: float = 0.02
    #: Share of the published "merge + unstated" edges that are merge edges.
    merge_edge_share: float = 34_000 / 40_924
    #: Exponent of the power law of the number of children of the other base models.
    root_degree_exponent: float = 2.1
    hubs: tuple[Hub, ...] = HUBS
    #: The direct children of a hub, or of any base with a crowd of children
    #: (:meth:`crowd_threshold`), are fertile this much less often than other children.
    hub_child_fertility: float = 0.15
    #: The deepest lineage (a model finetuned from its own previous version, again and again),
    #: and shorter ones of that kind per million models.
    longest_chain: int = published.MAX_GENERATION
    chains_per_million: float = 4.0
    #: Planted defects, per million models (at least ``planted_minimum`` each): lineage cycles,
    #: models naming themselves as their parent, parents missing from the file.
    cycles_per_million: float = 20.0
    self_references_per_million: float = 20.0
    missing_parents_per_million: float = 40.0
    planted_minimum: int = 3

    def __post_init__(self) -> None:
        if not MIN_MODELS <= self.models <= MAX_MODELS:
            raise UsageError(f"--models must be between {MIN_MODELS:,} and {MAX_MODELS:,} "
                             f"(got {self.models:,})")

    @property
    def scale(self) -> float:
        """This ecosystem's size relative to the published dataset."""
        return self.models / published.DATASET_MODELS

    def planted(self, per_million: float) -> int:
        return max(self.planted_minimum, round(per_million * self.models / 1e6))

    # -- the relation totals -----------------------------------------------------------------

    def mean_merge_parents(self) -> float:
        return sum(k * p for k, p in self.merge_parents)

    def target_children(self) -> np.ndarray:
        """Models made by each relation (a merge counts once, however many parents)."""
        merge_edges = published.EDGES["merge+unstated"] * self.merge_edge_share
        unstated = published.EDGES["merge+unstated"] - merge_edges
        counts = np.array([published.EDGES["finetune"], published.EDGES["adapter"],
                           published.EDGES["quantization"],
                           merge_edges / self.mean_merge_parents(), unstated])
        return counts * self.scale

    # -- branching -----------------------------------------------------------------------------

    def offspring_cap(self) -> int:
        return max(50, self.models // 50)

    @functools.cached_property
    def offspring_mu(self) -> np.ndarray:
        """Log-normal location giving each relation's mean number of children."""
        return np.array([_lognormal_mu(mean - 1, self.offspring_sigma, self.offspring_cap())
                         for mean in self.offspring_mean])

    def production(self, fertility: np.ndarray | None = None) -> np.ndarray:
        """Expected children of each relation (columns) of one ordinary child of each relation
        (rows)."""
        fertility = self.plan.fertility if fertility is None else fertility
        return (fertility[:, None] * np.array(self.offspring_mean)[:, None]
                * np.array(self.child_mix))

    def crowd_threshold(self) -> int:
        """A base model with this many children or more has a crowd of mostly-leaf children."""
        return max(20, round(CROWD * self.scale))

    def root_degree_cap(self) -> int:
        return max(2, round(min(hub.size for hub in self.hubs) * self.scale / 2))

    @functools.cached_property
    def root_degree_table(self) -> tuple[np.ndarray, np.ndarray]:
        """Possible numbers of children of a base model outside the hubs, and their
        cumulative probabilities (a power law)."""
        k = np.arange(1, self.root_degree_cap() + 1, dtype=np.float64)
        weights = k ** -self.root_degree_exponent
        return k.astype(np.int64), np.cumsum(weights) / weights.sum()

    @functools.cached_property
    def plan(self) -> Plan:
        """What the base models must do for the totals to reach :meth:`target_children`.

        Solves ``roots @ (I - A)^-1 = targets`` for the children of the base models, where
        ``A`` is the expected production of one child (:meth:`production`), after taking out
        the version chains and the planted second hubs, and allowing for the crowds of
        children of popular bases, which are fertile less often; the other children are made
        fertile a little more often so that all of them keep the published shares. The crowd's
        make-up depends on the solution, so the solution is iterated to its fixed point.
        """
        eye = np.eye(len(RELATIONS))
        base = np.array(self.fertility)
        targets = self.target_children()
        targets[FT] -= self.chain_models()
        second = sum((np.array(h.second[1]) * h.second[0] * self.scale
                      for h in self.hubs if h.second), np.zeros(len(RELATIONS)))
        k, cumulative = self.root_degree_table
        p = np.diff(cumulative, prepend=0.0)
        mean_degree = float(np.dot(k, p))
        crowd_share = float(np.dot(k * (k >= self.crowd_threshold()), p)) / mean_degree
        calm = 1 - self.hub_child_fertility
        fertility = base
        for _ in range(12):
            production = self.production(fertility)
            degrees = self._hub_degrees(production)
            hub_children = sum(np.array(h.mix) * d for h, d in zip(self.hubs, degrees))
            roots = targets @ (eye - production) - second
            tail = roots - hub_children
            if (tail <= 0).any():
                raise UsageError("the recipe's hubs take more children of some relation than "
                                 "the published totals allow; lower their shares")
            crowd = hub_children + crowd_share * tail
            roots = roots + calm * crowd @ production
            tail = roots - hub_children
            crowd = hub_children + crowd_share * tail
            fertility = base * targets / (targets - calm * crowd)
        return Plan(fertility=fertility, hub_degrees=degrees, tail_mix=tail / tail.sum(),
                    tail_roots=max(1, round(float(tail.sum()) / mean_degree)))

    def _hub_degrees(self, production: np.ndarray) -> list[int]:
        """Children of each hub's base model, so that its family (merges left out) reaches its
        published share of the ecosystem."""
        without_merges = production.copy()
        without_merges[:, ME] = 0
        sizes = np.linalg.solve(np.eye(len(RELATIONS)) - without_merges,
                                np.ones(len(RELATIONS)))
        sizes[ME] = 0.0
        # A hub's own child: itself, and its descendants if it is among the fertile few.
        child_sizes = 1 + self.hub_child_fertility * (without_merges @ sizes)
        child_sizes[ME] = 0.0
        degrees = []
        for hub in self.hubs:
            target = hub.size * self.scale - 1
            if hub.second:
                extra, mix = hub.second
                # The hub child replaces one finetune child of the crowd.
                target -= extra * self.scale * float(np.dot(mix, sizes)) + 1 - child_sizes[FT]
            degrees.append(max(1, round(target / float(np.dot(hub.mix, child_sizes)))))
        return degrees

    def chain_lengths(self) -> list[int]:
        """Lengths of the planted version chains: the longest first."""
        extra = max(0, round(self.chains_per_million * self.models / 1e6))
        step = (self.longest_chain - 10) / max(1, extra)
        return [self.longest_chain] + [10 + int(i * step) for i in range(extra)]

    def chain_models(self) -> int:
        return sum(self.chain_lengths())


def _lognormal_mu(mean: float, sigma: float, cap: int) -> float:
    """The log-normal location ``mu`` for which ``floor(X)``, capped, has mean ``mean``."""
    k = np.arange(1, cap, dtype=np.float64)
    log_k = np.log(k)

    def floor_mean(mu: float) -> float:
        return float(ndtr((mu - log_k) / sigma).sum())

    low, high = -10.0, math.log(cap)
    for _ in range(80):
        mid = (low + high) / 2
        if floor_mean(mid) < mean:
            low = mid
        else:
            high = mid
    return (low + high) / 2
