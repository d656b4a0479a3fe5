"""Hub ids for synthetic models: ``synthetic-<owner>/<Family>-<size>[-<variant>-<n>]``.

Every owner is ``synthetic-`` followed by a made-up word, so no synthetic model can be taken for
a real one. A family's models share its made-up name; a derivative adds a word saying how it
was made (``-instruct``, ``-GGUF``, ``-lora``, ``-slerp``) and its own number, which keeps
every id unique (also case-insensitively, as Hub ids match). Ids are computed, never stored:
any node's id comes from its owner, family and number, so the writer can name the parents of
the rows it writes without holding every id.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lineage.loader.synthetic.growth import Lineage
from lineage.loader.synthetic.recipe import AD, FT, ME, QU, ROOT, UN

PREFIX = "synthetic-"
_CONSONANTS = "bdfghklmnprstvz"
_VOWELS = "aeiou"
SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
SIZES = ("0.5B", "1B", "1.5B", "2B", "3B", "7B", "8B", "13B", "14B", "32B", "70B", "base",
         "large", "small", "mini", "tiny")
VARIANTS = {
    FT: ("instruct", "chat", "sft", "dpo", "ft", "finetuned", "orpo", "math", "code", "it"),
    AD: ("lora", "LoRA", "adapter", "qlora", "peft"),
    QU: ("GGUF", "AWQ", "GPTQ", "4bit", "8bit", "Q4_K_M-GGUF", "exl2", "mlx-4bit", "bnb-4bit"),
    ME: ("merge", "slerp", "ties", "dare-ties", "passthrough"),
    UN: ("v2", "distilled", "pruned", "converted", "onnx"),
}


def word(numbers: np.ndarray, syllables: int) -> pa.Array:
    """A pronounceable made-up word for each number; distinct numbers below
    ``len(SYLLABLES) ** syllables`` give distinct words (the numbers are scrambled first, so
    neighbours do not look alike).

    >>> word(np.array([0, 1]), 3).to_pylist()
    ['pafubi', 'gesofa']
    """
    base = len(SYLLABLES)
    space = base ** syllables
    # An affine map with a multiplier prime to the space is a permutation of it.
    scrambled = (numbers.astype(np.int64) * 48_271 + 12_345) % space
    parts = []
    for _ in range(syllables):
        parts.append(pc.take(pa.array(SYLLABLES), pa.array(scrambled % base)))
        scrambled //= base
    return pc.binary_join_element_wise(*parts, "")


def syllables_for(count: int) -> int:
    """Syllables needed for ``count`` distinct words."""
    syllables = 3
    while len(SYLLABLES) ** syllables < count:
        syllables += 1
    return syllables


class Names:
    """The ids of a lineage's nodes."""

    def __init__(self, lineage: Lineage, rng: np.random.Generator) -> None:
        n = lineage.nodes
        self.lineage = lineage
        self.owners = max(200, n // 8)
        self.families = int(lineage.family.max()) + 1
        # Owners: a few prolific accounts and a long tail; a derivative is often made by the
        # parent's own owner.
        owner = ((rng.zipf(1.5, n) - 1) % self.owners).astype(np.int32)
        own_parent = (lineage.parent >= 0) & (rng.random(n) < 0.25)
        owner[own_parent] = owner[lineage.parent[own_parent]]
        self.owner = owner
        self.variant = rng.integers(0, 1 << 15, n, dtype=np.int16)
        self.size = rng.integers(0, len(SIZES), self.families, dtype=np.int8)

    def owner_names(self, nodes: np.ndarray) -> pa.Array:
        words = word(self.owner[nodes], syllables_for(self.owners))
        return pc.binary_join_element_wise(PREFIX, words, "")

    def ids(self, nodes: np.ndarray) -> pa.Array:
        """The Hub id of each node."""
        nodes = np.asarray(nodes, dtype=np.int64)
        lineage = self.lineage
        family = lineage.family[nodes]
        stem = pc.utf8_capitalize(word(family, syllables_for(self.families)))
        size = pc.take(pa.array(SIZES), pa.array(self.size[family]))
        relation = lineage.relation[nodes]
        table = [v for r in sorted(VARIANTS) for v in VARIANTS[r]]
        offsets = np.cumsum([0] + [len(VARIANTS[r]) for r in sorted(VARIANTS)])
        kind = np.maximum(relation, 0)
        pick = offsets[kind] + self.variant[nodes] % (offsets[kind + 1] - offsets[kind])
        variant = pc.take(pa.array(table), pa.array(pick))
        number = pc.cast(pa.array(nodes), pa.string())
        derived = pc.binary_join_element_wise(stem, size, variant, number, "-")
        base = pc.binary_join_element_wise(stem, size, "-")
        name = pc.if_else(pa.array(relation == ROOT), base, derived)
        return pc.binary_join_element_wise(self.owner_names(nodes), name, "/")

    def key_order(self) -> np.ndarray:
        """Every node's place in the order of model keys (lower-cased ids)."""
        keys = pc.utf8_lower(self.ids(np.arange(self.lineage.nodes)))
        place = np.empty(self.lineage.nodes, np.int64)
        place[pc.sort_indices(keys).to_numpy()] = np.arange(self.lineage.nodes)
        return place
