"""The loaded models as the inference reads them: one number per model, facts as arrays.

Two and a half million models must fit in a few hundred megabytes, so nothing is kept per
model as a Python object except what the candidate indexes look up by text (names, and the
card mentions until they are resolved). Text facts become integer codes (-1: unknown), times
epoch milliseconds (NaN: unknown), and the list facts (tags, card mentions, declared edges)
compressed rows (``ptr``/``values`` pairs, as scipy's CSR).

Tags that declare lineage (``base_model:...``) are never read: they are the declaration the
inference must do without.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from lineage.analytics.inference.names import name_of, tokens
from lineage.ids import model_key
from lineage.relations import RELATIONS

__all__ = ["FACTS", "CODED", "Population", "PopulationBuilder", "rows"]

#: The model properties the inference reads.
FACTS = ("id", "author", "created_at", "pipeline_tag", "library_name", "synthetic", "tags",
         "downloads", "architecture", "model_type", "parameters", "chat_template_hash",
         "quant_method", "card_mentions", "card_mention_count")
#: Text facts compared only for equality: stored as codes.
CODED = ("author", "pipeline_tag", "library_name", "architecture", "model_type",
         "chat_template_hash")
_DECLARATION = "base_model:"


def rows(ptr: np.ndarray, values: np.ndarray, i: int) -> np.ndarray:
    """Row ``i`` of a compressed-rows pair."""
    return values[ptr[i]:ptr[i + 1]]


def _compress(owner: np.ndarray, values: np.ndarray, n: int,
              *extra: np.ndarray) -> tuple[np.ndarray, ...]:
    order = np.argsort(owner, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=ptr[1:])
    return (ptr, values[order], *(e[order] for e in extra))


@dataclasses.dataclass
class Population:
    """Every model (index = model number) with the facts and declared edges the inference
    reads. ``codes[fact]`` holds the codes of a :data:`CODED` fact."""

    keys: np.ndarray  # object: model keys
    ids: np.ndarray  # object: Hub ids as spelled
    names: np.ndarray  # object: the lower-case name tokens joined by "-"
    codes: dict[str, np.ndarray]
    created: np.ndarray  # float64 epoch ms, NaN unknown
    parameters: np.ndarray  # float64, NaN unknown
    downloads: np.ndarray  # float64, 0 unknown
    quantized: np.ndarray  # bool: a quantization method is stated
    synthetic: np.ndarray  # bool
    placeholder: np.ndarray  # bool: referenced, never loaded
    tag_ptr: np.ndarray
    tag_codes: np.ndarray  # int32 codes into ``tag_names``
    tag_names: np.ndarray
    mention_ptr: np.ndarray
    mentions: np.ndarray  # int32 model numbers of the loaded models each card mentions
    mention_count: np.ndarray  # int32: ids the card mentions in all (loaded or not)
    # Declared edges, child -> parents and parent -> children, with the relation's index in
    # RELATIONS.
    parent_ptr: np.ndarray
    parents: np.ndarray
    parent_relation: np.ndarray
    child_ptr: np.ndarray
    children: np.ndarray
    index: dict[str, int]

    def __len__(self) -> int:
        return len(self.keys)

    def parents_of(self, i: int) -> np.ndarray:
        return rows(self.parent_ptr, self.parents, i)

    def children_of(self, i: int) -> np.ndarray:
        return rows(self.child_ptr, self.children, i)

    def tags_of(self, i: int) -> np.ndarray:
        return rows(self.tag_ptr, self.tag_codes, i)

    def mentions_of(self, i: int) -> np.ndarray:
        return rows(self.mention_ptr, self.mentions, i)

    # Cached: read once per candidate, a diff over millions of models each time would cost
    # more than the rest of the search.
    @functools.cached_property
    def child_counts(self) -> np.ndarray:
        return np.diff(self.child_ptr)

    @functools.cached_property
    def declared(self) -> np.ndarray:
        """Whether each model declares a parent."""
        return np.diff(self.parent_ptr) > 0

    @functools.cached_property
    def tag_counts(self) -> np.ndarray:
        return np.diff(self.tag_ptr)

    def descendants(self, i: int) -> set[int]:
        """The models below ``i`` along declared edges (a suggestion there makes a cycle)."""
        found: set[int] = set()
        todo = list(self.children_of(i))
        while todo:
            j = int(todo.pop())
            if j not in found:
                found.add(j)
                todo.extend(self.children_of(j))
        return found

    def without_edges(self, hidden: np.ndarray) -> Population:
        """The same models with the declared edges of the children ``hidden`` (model numbers)
        removed: what the graph would look like had they declared nothing."""
        counts = np.diff(self.parent_ptr)
        child = np.repeat(np.arange(len(self), dtype=np.int64), counts)
        keep = ~np.isin(child, hidden)
        return dataclasses.replace(self, **_edges(child[keep], self.parents[keep],
                                                  self.parent_relation[keep], len(self)))


def _strings(parts: list[pa.Array]) -> np.ndarray:
    return (pa.chunked_array(parts, type=pa.string()).to_numpy() if parts
            else np.array([], dtype=object))


def _edges(child: np.ndarray, parent: np.ndarray, relation: np.ndarray,
           n: int) -> dict[str, np.ndarray]:
    parent_ptr, parents, parent_relation = _compress(child, parent, n, relation)
    child_ptr, children = _compress(parent, child, n)
    return {"parent_ptr": parent_ptr, "parents": parents.astype(np.int32),
            "parent_relation": parent_relation.astype(np.int8), "child_ptr": child_ptr,
            "children": children.astype(np.int32)}


class PopulationBuilder:
    """Collects model batches (frames with ``key``, ``placeholder`` and :data:`FACTS`), then
    the declared edges, into a :class:`Population`. Batches are reduced to codes as they come,
    so the frames need not be held."""

    def __init__(self) -> None:
        # Text kept from batch to batch lives in Arrow buffers, not as Python strings: small
        # objects kept for the whole read between each batch's short-lived ones would pin
        # the allocator's arenas, and the process would hold every batch it ever read.
        self._keys: list[pa.Array] = []
        self._ids: list[pa.Array] = []
        self._names: list[pa.Array] = []
        self._vocab: dict[str, dict[str, int]] = {fact: {} for fact in (*CODED, "tag")}
        self._codes: dict[str, list[np.ndarray]] = {fact: [] for fact in CODED}
        self._numbers: dict[str, list[np.ndarray]] = {
            n: [] for n in ("created", "parameters", "downloads", "mention_count")}
        self._flags: dict[str, list[np.ndarray]] = {
            n: [] for n in ("quantized", "synthetic", "placeholder")}
        self._tag_counts: list[np.ndarray] = []
        self._tag_codes: list[np.ndarray] = []
        self._mentions: list[pa.Array] = []  # per batch: each model's mentions (a list)
        self._n = 0

    def _code(self, fact: str, values: Iterable[object]) -> np.ndarray:
        vocab = self._vocab[fact]
        return np.fromiter(
            (-1 if not isinstance(v, str) or not v else vocab.setdefault(v, len(vocab))
             for v in values), dtype=np.int32)

    def add(self, frame: pd.DataFrame) -> None:
        n = len(frame)
        self._keys.append(pa.array(frame["key"].tolist(), type=pa.string()))
        ids = [i if isinstance(i, str) else k for i, k in zip(frame["id"], frame["key"],
                                                              strict=True)]
        self._ids.append(pa.array(ids, type=pa.string()))
        self._names.append(pa.array(["-".join(tokens(name_of(i))) for i in ids],
                                    type=pa.string()))
        for fact in CODED:
            self._codes[fact].append(self._code(fact, frame[fact]))
        created = pd.to_datetime(frame["created_at"], utc=True, errors="coerce")
        millis = created.dt.as_unit("ms").astype("int64").to_numpy(dtype=np.float64)
        millis[created.isna().to_numpy()] = np.nan
        self._numbers["created"].append(millis)
        self._numbers["parameters"].append(
            pd.to_numeric(frame["parameters"], errors="coerce").to_numpy(dtype=np.float64))
        self._numbers["downloads"].append(
            pd.to_numeric(frame["downloads"], errors="coerce").fillna(0)
            .to_numpy(dtype=np.float64))
        self._numbers["mention_count"].append(
            pd.to_numeric(frame["card_mention_count"], errors="coerce").fillna(0)
            .to_numpy(dtype=np.float64))
        self._flags["quantized"].append(frame["quant_method"].map(
            lambda v: isinstance(v, str) and bool(v)).to_numpy(dtype=bool))
        self._flags["synthetic"].append(frame["synthetic"].map(
            lambda v: v is True).to_numpy(dtype=bool))
        self._flags["placeholder"].append(frame["placeholder"].map(bool).to_numpy(dtype=bool))
        counts = np.zeros(n, dtype=np.int64)
        codes: list[int] = []
        tags = self._vocab["tag"]
        for row, values in enumerate(frame["tags"]):
            if isinstance(values, (list, tuple, np.ndarray)):
                kept = [tags.setdefault(t, len(tags)) for t in dict.fromkeys(values)
                        if isinstance(t, str) and not t.startswith(_DECLARATION)]
                counts[row] = len(kept)
                codes.extend(kept)
        self._tag_counts.append(counts)
        self._tag_codes.append(np.array(codes, dtype=np.int32))
        self._mentions.append(pa.array(
            [[str(v) for v in values] if isinstance(values, (list, tuple, np.ndarray))
             else None for values in frame["card_mentions"]], type=pa.list_(pa.string())))
        self._n += n

    def finish(self, parent_keys: Sequence[str], child_keys: Sequence[str],
               relations: Sequence[str]) -> Population:
        """The population, with the declared edges given as parent key, child key and relation
        word (edges whose ends are not among the models are left out)."""
        n = self._n
        keys = _strings(self._keys)
        index = {k: i for i, k in enumerate(keys)}
        relation_index = {r: i for i, r in enumerate(RELATIONS)}
        parent = np.fromiter((index.get(k, -1) for k in parent_keys), dtype=np.int64)
        child = np.fromiter((index.get(k, -1) for k in child_keys), dtype=np.int64)
        relation = np.fromiter((relation_index[r] for r in relations), dtype=np.int8)
        known = (parent >= 0) & (child >= 0) & (parent != child)
        mention_owner, mention_values = [], []
        owner = 0
        for batch in self._mentions:
            for values in batch.to_pylist():
                for value in dict.fromkeys(index.get(model_key(v), -1) for v in values or ()):
                    if value >= 0 and value != owner:
                        mention_owner.append(owner)
                        mention_values.append(value)
                owner += 1
        mention_ptr, mentions = _compress(np.array(mention_owner, dtype=np.int64),
                                          np.array(mention_values, dtype=np.int32), n)
        tag_counts = np.concatenate(self._tag_counts) if self._tag_counts else np.zeros(0, int)
        tag_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(tag_counts, out=tag_ptr[1:])
        joined = (lambda parts, dtype: np.concatenate(parts) if parts
                  else np.array([], dtype=dtype))
        return Population(
            keys=keys, ids=_strings(self._ids), names=_strings(self._names),
            codes={f: joined(self._codes[f], np.int32) for f in CODED},
            created=joined(self._numbers["created"], np.float64),
            parameters=joined(self._numbers["parameters"], np.float64),
            downloads=joined(self._numbers["downloads"], np.float64),
            quantized=joined(self._flags["quantized"], bool),
            synthetic=joined(self._flags["synthetic"], bool),
            placeholder=joined(self._flags["placeholder"], bool),
            tag_ptr=tag_ptr, tag_codes=joined(self._tag_codes, np.int32),
            tag_names=np.array(list(self._vocab["tag"]), dtype=object),
            mention_ptr=mention_ptr, mentions=mentions,
            mention_count=joined(self._numbers["mention_count"], np.float64)
            .astype(np.int32),
            index=index, **_edges(child[known], parent[known], relation[known], n))
