"""What the scorer knows about a candidate pair, as numbers, and the same in words.

Every feature compares the child with the candidate using facts a source states; a fact
either side lacks gives 0 ("unknown"), never a guess. Two features describe the candidate's
standing among the declared edges: how many children it has, and how much the child's tags
look like its children's tags (siblings resemble each other more than parent and child). The
standing is read from the population given, so a scorer learning from declared edges passes
one without the learning children's own edges (see :func:`.scorer.learn`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from lineage.analytics.inference.candidates import BY_FINGERPRINT, BY_FREQUENCY, Candidates
from lineage.analytics.inference.names import relation_words
from lineage.analytics.inference.population import Population
from lineage.relations import Relation

__all__ = ["FEATURES", "Profiles", "features", "evidence"]

FEATURES = (
    "name_coverage", "name_prefix", "name_equal", "mentioned", "mention_first",
    "mention_share", "same_architecture", "same_model_type", "same_parameters",
    "same_chat_template", "created_order", "created_gap", "same_author", "same_task",
    "same_library", "parent_quantized", "child_quantized", "child_named_quantization",
    "child_named_adapter", "child_named_merge", "parent_children", "parent_downloads",
    "sibling_likeness", "has_siblings", "parent_placeholder", "by_fingerprint",
    "by_frequency", "candidates", "longest_name", "name_behind", "children_behind",
    "likeness_behind")
_ALPHA = 0.5
MIN_SIBLINGS = 3  # children a candidate needs before its children's tags say anything
_CHUNK = 200_000
_DAY = 86_400_000.0


class Profiles:
    """The tags of each model's declared children, counted, for the sibling likeness."""

    def __init__(self, pop: Population, like: Profiles | None = None) -> None:
        """The profiles of ``pop``'s declared edges; ``like``: profiles of a population with
        the same models and tags (only the edges differ), whose tag matrix is reused."""
        n, tags = len(pop), len(pop.tag_names)
        self.tags = like.tags if like is not None else sp.csr_matrix(
            (np.ones(len(pop.tag_codes), dtype=np.float32), pop.tag_codes, pop.tag_ptr),
            shape=(n, tags))
        counts = np.diff(pop.child_ptr)
        parents = np.flatnonzero(counts >= MIN_SIBLINGS)
        self.row = np.full(n, len(parents), dtype=np.int64)  # a row past the last: no tags
        self.row[parents] = np.arange(len(parents))
        adjacency = sp.csr_matrix(
            (np.ones(int(counts[parents].sum()), dtype=np.float32),
             np.concatenate([pop.children_of(p) for p in parents]) if len(parents)
             else np.zeros(0, dtype=np.int32),
             np.concatenate([[0], np.cumsum(counts[parents])])),
            shape=(len(parents), n))
        counts = (adjacency @ self.tags).tocsr()
        counts.sort_indices()
        # Each (profile row, tag) count under one sorted key: a pair's shared tags are then
        # found by binary search, never by materialising a frequent parent's whole profile
        # once per child.
        rows = np.repeat(np.arange(counts.shape[0], dtype=np.int64), np.diff(counts.indptr))
        self.width = tags
        self.count_keys = rows * tags + counts.indices
        self.count_values = counts.data
        self.pop = pop
        if like is not None:
            self.tag_total, self.log_base_sum = like.tag_total, like.log_base_sum
            return
        frequency = np.asarray(self.tags.sum(axis=0)).ravel() + 1.0
        log_base = np.log(frequency / (n + 1.0))
        self.tag_total = pop.tag_counts.astype(np.float64)
        self.log_base_sum = np.asarray(self.tags @ log_base).ravel()

    def likeness(self, child: np.ndarray, parent: np.ndarray,
                 siblings: np.ndarray) -> np.ndarray:
        """Mean log-ratio over the child's tags of how often the candidate's children carry
        the tag against how often models do (0 when either side has too little)."""
        out = np.zeros(len(child))
        pop = self.pop
        for start in range(0, len(child), _CHUNK):
            c, p = child[start:start + _CHUNK], parent[start:start + _CHUNK]
            # Every (pair, tag of the child) at once, and the candidate's count of that tag.
            first, lengths = pop.tag_ptr[c], pop.tag_counts[c]
            pair = np.repeat(np.arange(len(c)), lengths)
            at = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths,
                                                           lengths) + np.repeat(first, lengths)
            keys = self.row[p][pair] * self.width + pop.tag_codes[at]
            where = np.minimum(np.searchsorted(self.count_keys, keys),
                               max(len(self.count_keys) - 1, 0))
            shared = (np.where(self.count_keys[where] == keys, self.count_values[where], 0.0)
                      if len(self.count_keys) else np.zeros(len(keys)))
            terms = np.log(shared + _ALPHA) - np.log(_ALPHA)
            sums = np.bincount(pair, weights=terms, minlength=len(c))
            k = self.tag_total[c]
            n = siblings[start:start + _CHUNK]
            score = (k * np.log(_ALPHA) + sums - k * np.log(n + 2 * _ALPHA)
                     - self.log_base_sum[c])
            usable = (k > 0) & (n >= MIN_SIBLINGS)
            out[start:start + len(c)] = np.where(usable, score / np.maximum(k, 1), 0.0)
        return out


def _compare(a: np.ndarray, b: np.ndarray, known_a: np.ndarray,
             known_b: np.ndarray) -> np.ndarray:
    both = known_a & known_b
    return np.where(both, np.where(a == b, 1.0, -1.0), 0.0)


def features(pop: Population, found: Candidates, profiles: Profiles) -> np.ndarray:
    """One row of :data:`FEATURES` per candidate pair."""
    c, p = found.child, found.parent
    columns: dict[str, np.ndarray] = {}
    columns["name_coverage"] = found.name_coverage.astype(np.float64)
    columns["name_prefix"] = found.name_prefix.astype(np.float64)
    columns["name_equal"] = (found.name_coverage >= 1.0).astype(np.float64)
    mentioned = found.mention_rank >= 0
    columns["mentioned"] = mentioned.astype(np.float64)
    columns["mention_first"] = (found.mention_rank == 0).astype(np.float64)
    columns["mention_share"] = np.where(
        mentioned, 1.0 / np.maximum(pop.mention_count[c], 1), 0.0)
    for name, fact in (("same_architecture", "architecture"), ("same_model_type", "model_type"),
                       ("same_chat_template", "chat_template_hash"), ("same_task", "pipeline_tag"),
                       ("same_library", "library_name")):
        codes = pop.codes[fact]
        columns[name] = _compare(codes[c], codes[p], codes[c] >= 0, codes[p] >= 0)
    size_c, size_p = pop.parameters[c], pop.parameters[p]
    known = ~np.isnan(size_c) & ~np.isnan(size_p)
    close = np.abs(np.nan_to_num(size_c) - np.nan_to_num(size_p)) <= 0.01 * np.maximum(
        np.nan_to_num(size_p), 1)
    columns["same_parameters"] = np.where(known, np.where(close, 1.0, -1.0), 0.0)
    gap = (pop.created[c] - pop.created[p]) / _DAY
    known = ~np.isnan(gap)
    columns["created_order"] = np.where(known, np.sign(np.nan_to_num(gap)), 0.0)
    columns["created_gap"] = np.where(known, np.sign(np.nan_to_num(gap))
                                      * np.log1p(np.abs(np.nan_to_num(gap))), 0.0)
    author = pop.codes["author"]
    columns["same_author"] = ((author[c] >= 0) & (author[c] == author[p])).astype(np.float64)
    quant_parents = _quantization_children(pop)
    columns["parent_quantized"] = (pop.quantized[p] | quant_parents[p]).astype(np.float64)
    columns["child_quantized"] = pop.quantized[c].astype(np.float64)
    words = _name_words(pop, c)
    columns["child_named_quantization"] = words[:, 0]
    columns["child_named_adapter"] = words[:, 1]
    columns["child_named_merge"] = words[:, 2]
    siblings = pop.child_counts[p]
    columns["parent_children"] = np.log1p(siblings)
    columns["parent_downloads"] = np.log1p(pop.downloads[p])
    columns["sibling_likeness"] = profiles.likeness(c, p, siblings.astype(np.float64))
    columns["has_siblings"] = (siblings >= MIN_SIBLINGS).astype(np.float64)
    columns["parent_placeholder"] = pop.placeholder[p].astype(np.float64)
    columns["by_fingerprint"] = ((found.sources & BY_FINGERPRINT) > 0).astype(np.float64)
    columns["by_frequency"] = ((found.sources & BY_FREQUENCY) > 0).astype(np.float64)
    _, inverse, per_child = np.unique(c, return_inverse=True, return_counts=True)
    columns["candidates"] = np.log1p(per_child[inverse].astype(np.float64))
    # How each candidate stands against the child's best on the same count: the parent of
    # Llama-3-8B-Instruct-GGUF is the candidate named Llama-3-8B-Instruct, not Llama-3-8B.
    for name, column in (("name_behind", "name_coverage"), ("children_behind", "parent_children"),
                         ("likeness_behind", "sibling_likeness")):
        best = np.full(len(per_child), -np.inf)
        np.maximum.at(best, inverse, columns[column])
        columns[name] = best[inverse] - columns[column]
    columns["longest_name"] = ((columns["name_coverage"] > 0)
                               & (columns["name_behind"] == 0)).astype(np.float64)
    return np.column_stack([columns[name] for name in FEATURES]).reshape(len(c), len(FEATURES))


def _quantization_children(pop: Population) -> np.ndarray:
    """Whether each model was declared a quantization of its parent."""
    code = list(Relation).index(Relation.QUANTIZATION)
    counts = np.diff(pop.parent_ptr)
    child = np.repeat(np.arange(len(pop)), counts)
    flagged = np.zeros(len(pop), dtype=bool)
    flagged[child[pop.parent_relation == code]] = True
    return flagged


def _name_words(pop: Population, children: np.ndarray) -> np.ndarray:
    unique, back = np.unique(children, return_inverse=True)
    table = np.zeros((len(unique), 3))
    order = (Relation.QUANTIZATION, Relation.ADAPTER, Relation.MERGE)
    for row, i in enumerate(unique):
        name = pop.names[i]
        words = relation_words(tuple(name.split("-")) if name else ())
        table[row] = [words[r] for r in order]
    return table[back]


def evidence(row: np.ndarray) -> list[str]:
    """The features of one pair in words, strongest first."""
    f = dict(zip(FEATURES, row, strict=True))
    said = []
    if f["mentioned"]:
        said.append("card links to it" if f["mention_first"] else "card mentions it")
    if f["name_equal"]:
        said.append("same name as the parent's")
    elif f["name_coverage"] > 0:
        said.append("name derived from the parent's")
    if f["same_architecture"] > 0 and f["same_parameters"] > 0:
        said.append("same architecture and parameter count")
    elif f["same_architecture"] > 0:
        said.append("same architecture")
    if f["same_chat_template"] > 0:
        said.append("same chat template")
    if f["created_order"] > 0:
        said.append("created after it")
    elif f["created_order"] < 0:
        said.append("created before it")
    if f["same_author"]:
        said.append("same author")
    if f["sibling_likeness"] > 0.5:
        said.append("tags like its declared children's")
    if f["same_task"] > 0:
        said.append("same task")
    if f["by_frequency"] and not said:
        children = int(round(np.expm1(f["parent_children"])))
        said.append(f"a frequent parent ({children} declared children)")
    return said

