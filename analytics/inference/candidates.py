"""The few models worth scoring as a model's parent, found through indexes, never all pairs.

A parent is found four ways, each an index built once over the population:

* **name**: the parent's name is a run of the child's name tokens (``Llama-3-8B`` in
  ``Llama-3-8B-Instruct-GGUF``), or the same name under another owner;
* **mention**: the child's card links to it or names it in a merge recipe;
* **fingerprint**: the same architecture and parameter count, or the same chat template;
* **frequent parent**: the models with the most declared children in the child's world
  (synthetic or real) and task, the base a careless uploader most likely started from.

Never a candidate: the model itself, a model of the other world, and the model's own
descendants along declared edges (a suggestion there would close a cycle).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from lineage.analytics.inference.names import runs
from lineage.analytics.inference.population import Population

__all__ = ["Candidates", "CandidateIndex", "Buckets", "BY_NAME", "BY_MENTION", "BY_FINGERPRINT",
           "BY_FREQUENCY"]

#: Where a candidate came from: the bits of :attr:`Candidates.sources`.
BY_NAME, BY_MENTION, BY_FINGERPRINT, BY_FREQUENCY = 1, 2, 4, 8
NAME_CANDIDATES = 12  # per child, longest name runs first
PER_NAME = 6  # models sharing one name (the most-parented first)
MENTIONS = 12  # the first mentions of a card
PER_FINGERPRINT = 5
FREQUENT = 6  # most-parented models of the child's world
FREQUENT_PER_TASK = 4  # most-parented models of the child's world and task
MIN_TOKEN = 3  # a one-token name shorter than this matches too much to be evidence


@dataclasses.dataclass
class Candidates:
    """Candidate pairs, one row each: the child, the candidate, and what found it."""

    child: np.ndarray  # int64 model numbers
    parent: np.ndarray  # int64 model numbers
    sources: np.ndarray  # uint8 bit set of BY_NAME, BY_MENTION, BY_FINGERPRINT, BY_FREQUENCY
    name_coverage: np.ndarray  # share of the child's name tokens the parent's name covers
    name_prefix: np.ndarray  # bool: the child's name starts with the parent's
    mention_rank: np.ndarray  # int16: 0 for the card's first mention, -1 not mentioned

    def __len__(self) -> int:
        return len(self.child)

    def take(self, rows: np.ndarray) -> Candidates:
        """The pairs at ``rows`` (indexes or a mask)."""
        return Candidates(*(getattr(self, f.name)[rows] for f in dataclasses.fields(self)))


class Buckets:
    """Models grouped by a key (a name, a fingerprint), best ``rank`` first, at most
    ``limit`` each. Kept as one array of model numbers cut into runs, and a dict from key to
    run: two and a half million buckets cost two int arrays and a dict, not an array each."""

    def __init__(self, keys: np.ndarray, valid: np.ndarray, rank: np.ndarray,
                 limit: int) -> None:
        models = np.flatnonzero(valid)
        codes, uniques = pd.factorize(keys[models])
        order = np.lexsort((rank[models], codes))
        codes, models = codes[order], models[order]
        starts = np.searchsorted(codes, np.arange(len(uniques)))
        keep = np.arange(len(codes)) - starts[codes] < limit
        self.models = models[keep]
        self.ptr = np.searchsorted(codes[keep], np.arange(len(uniques) + 1))
        self.code = dict(zip(uniques.tolist(), range(len(uniques)), strict=True))

    def get(self, key) -> np.ndarray | None:
        code = self.code.get(key)
        return None if code is None else self.models[self.ptr[code]:self.ptr[code + 1]]


class CandidateIndex:
    """The indexes over one population; :meth:`find` gives the candidates of some children."""

    def __init__(self, population: Population) -> None:
        self.population = pop = population
        # Most declared children first, then most downloads: the likelier parent of a name.
        self.rank = -(pop.child_counts * 1e12 + pop.downloads)
        names = pop.names
        self.by_name = Buckets(names, names != "", self.rank, PER_NAME)
        arch = pop.codes["architecture"]
        size = np.where(np.isnan(pop.parameters), -1,
                        np.round(np.nan_to_num(pop.parameters) / 1e6)).astype(np.int64)
        self.by_shape = Buckets(arch.astype(np.int64) * (1 << 40) + size,
                                (arch >= 0) & (size >= 0), self.rank, PER_FINGERPRINT * 4)
        chat = pop.codes["chat_template_hash"]
        self.by_chat = Buckets(chat, chat >= 0, self.rank, PER_FINGERPRINT * 4)
        self.shape_key = np.where((arch >= 0) & (size >= 0),
                                  arch.astype(np.int64) * (1 << 40) + size, -1)
        self.frequent = self._frequent()

    def _frequent(self) -> dict[tuple[bool, int], np.ndarray]:
        pop = self.population
        parents = np.flatnonzero(pop.child_counts > 0)
        frame = pd.DataFrame({"model": parents, "world": pop.synthetic[parents],
                              "task": pop.codes["pipeline_tag"][parents],
                              "rank": self.rank[parents]}).sort_values("rank", kind="stable")
        found: dict[tuple[bool, int], np.ndarray] = {}
        for world, group in frame.groupby("world"):
            found[(bool(world), -1)] = group["model"].to_numpy()[:FREQUENT]
            for task, by_task in group[group["task"] >= 0].groupby("task"):
                found[(bool(world), int(task))] = by_task["model"].to_numpy()[
                    :FREQUENT_PER_TASK]
        return found

    def find(self, children: np.ndarray, progress=None) -> Candidates:
        """The candidates of each child (model numbers)."""
        pop = self.population
        out: dict[str, list] = {k: [] for k in ("child", "parent", "sources", "coverage",
                                                "prefix", "mention")}
        synthetic, created, chat = pop.synthetic, pop.created, pop.codes["chat_template_hash"]
        task = pop.codes["pipeline_tag"]
        child_counts = pop.child_counts
        for done, i in enumerate(children):
            i = int(i)
            found: dict[int, list] = {}

            def add(j: int, bit: int, coverage: float = 0.0, prefix: bool = False,
                    mention: int = -1) -> None:
                entry = found.get(j)
                if entry is None:
                    found[j] = [bit, coverage, prefix, mention]
                    return
                entry[0] |= bit
                entry[1] = max(entry[1], coverage)
                entry[2] = entry[2] or prefix
                if mention >= 0 and (entry[3] < 0 or mention < entry[3]):
                    entry[3] = mention

            name = pop.names[i]
            sequence = tuple(name.split("-")) if name else ()
            named = 0
            for run in runs(sequence):
                if named >= NAME_CANDIDATES:
                    break
                if len(run) == 1 and len(run[0]) < MIN_TOKEN:
                    continue
                bucket = self.by_name.get("-".join(run))
                if bucket is None:
                    continue
                coverage = len(run) / len(sequence)
                prefix = sequence[:len(run)] == run
                for j in bucket:
                    j = int(j)
                    if j != i and synthetic[j] == synthetic[i]:
                        add(j, BY_NAME, coverage, prefix)
                        named += 1
            for rank, j in enumerate(pop.mentions_of(i)[:MENTIONS]):
                add(int(j), BY_MENTION, mention=rank)
            for bucket in (self.by_shape.get(int(self.shape_key[i])),
                           self.by_chat.get(int(chat[i])) if chat[i] >= 0 else None):
                if bucket is None:
                    continue
                taken = 0
                for j in bucket:
                    j = int(j)
                    # A parent is uploaded before its child (when both times are known).
                    if j == i or synthetic[j] != synthetic[i] or created[j] > created[i]:
                        continue
                    add(j, BY_FINGERPRINT)
                    taken += 1
                    if taken == PER_FINGERPRINT:
                        break
            world = bool(synthetic[i])
            for key in ((world, -1), (world, int(task[i]))):
                for j in self.frequent.get(key, ()):
                    if int(j) != i:
                        add(int(j), BY_FREQUENCY)
            if found and child_counts[i]:
                for j in pop.descendants(i) & found.keys():
                    del found[j]
            for j, (bits, coverage, prefix, mention) in found.items():
                out["child"].append(i)
                out["parent"].append(j)
                out["sources"].append(bits)
                out["coverage"].append(coverage)
                out["prefix"].append(prefix)
                out["mention"].append(mention)
            if progress is not None and done % 10_000 == 9_999:
                progress(10_000)
        if progress is not None:
            progress(len(children) % 10_000)
        return Candidates(
            child=np.array(out["child"], dtype=np.int64),
            parent=np.array(out["parent"], dtype=np.int64),
            sources=np.array(out["sources"], dtype=np.uint8),
            name_coverage=np.array(out["coverage"], dtype=np.float32),
            name_prefix=np.array(out["prefix"], dtype=bool),
            mention_rank=np.array(out["mention"], dtype=np.int16))
