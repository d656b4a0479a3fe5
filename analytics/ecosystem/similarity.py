"""Genetic similarity: how alike the texts of kin are, kind of kin by kind of kin.

Kin pairs are drawn so that every pair of a kind is equally likely, as the paper's code draws
them (Laufer et al., "Anatomy of a Machine Learning Ecosystem"): a *random pair* of models; a
*parent-child* edge; *siblings* (a parent drawn with weight ``C(k, 2)`` over its ``k``
children, then two distinct children); a *grandparent-grandchild* path (an edge ``u -> v``
drawn with weight ``k_v``, then a child of ``v``); an *aunt/uncle-niece/nephew* pair (an edge
``u -> v`` drawn with weight ``(k_u - 1) k_v``, then another child of ``u`` and a child of
``v``); a *great-grandparent* chain ``t -> u -> v -> w`` (an edge ``u -> v`` drawn with weight
``in(u) k_v``). A draw whose two ends are the same model (a declared cycle) is drawn again.

Three measures compare two texts: the normalised Levenshtein similarity
``1 - distance / longer length`` (1 when both are empty), and the cosine of bag-of-words and of
TF-IDF vectors (512 features, unigrams and bigrams, lower case, no stop words).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd
from rapidfuzz.distance import Levenshtein
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize

from lineage.analytics.measures.edgelist import edge_list, unique_pairs
from lineage.errors import UsageError

__all__ = ["KINDS", "SIMILARITY_MEASURES", "FEATURES", "KinGraph", "kin_graph", "kin_counts",
           "sample_kin", "levenshtein_similarity", "vectorizers", "TfidfOfCounts",
           "fit_vectorizers", "cosine_similarity", "Interval", "bootstrap_means", "bootstrap_mean",
           "pair_similarities"]

#: The kinds of kin, in the paper's order, with the words reports use.
KINDS = {
    "random": "random pair",
    "parent_child": "parent–child",
    "siblings": "siblings",
    "grandparent": "grandparent–grandchild",
    "aunt_uncle": "aunt/uncle–niece/nephew",
    "great_grandparent": "great-grandparent",
}
SIMILARITY_MEASURES = ("levenshtein", "bag_of_words", "tfidf")
FEATURES = 512


@dataclasses.dataclass(frozen=True)
class KinGraph:
    """Distinct parent -> child pairs over nodes ``0 .. len(ids) - 1``, sorted by parent, with
    the offsets of each parent's children (``starts``) and of each child's parents
    (``parents_of``, ``parent_starts``)."""

    parent: np.ndarray
    child: np.ndarray
    ids: np.ndarray
    starts: np.ndarray
    parents_of: np.ndarray
    parent_starts: np.ndarray

    @property
    def nodes(self) -> int:
        return len(self.ids)

    @property
    def out(self) -> np.ndarray:
        return np.diff(self.starts)

    @property
    def into(self) -> np.ndarray:
        return np.diff(self.parent_starts)


def kin_graph(edges: pd.DataFrame, nodes: Sequence | None = None) -> KinGraph:
    """The kin graph of an edge frame (repeated pairs once, self-loops left out).

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child``.
    nodes : sequence, optional
        Ids of models that may have no edge (they take part in random pairs).

    Returns
    -------
    KinGraph

    Examples
    --------
    >>> g = kin_graph(pd.DataFrame({"parent": ["a", "a", "a"], "child": ["b", "c", "c"]}))
    >>> g.out.tolist(), g.into.tolist()
    ([2, 0, 0], [0, 1, 1])
    """
    graph = edge_list(edges, nodes)
    n = graph.nodes
    parent, child = unique_pairs(graph.parent, graph.child, n)
    starts = np.searchsorted(parent, np.arange(n + 1))
    by_child = np.lexsort((parent, child))
    parent_starts = np.searchsorted(child[by_child], np.arange(n + 1))
    return KinGraph(parent, child, graph.ids, starts, parent[by_child], parent_starts)


def kin_counts(graph: KinGraph) -> dict[str, int]:
    """How many pairs of each kind the graph holds (the weights' totals).

    Examples
    --------
    >>> g = kin_graph(pd.DataFrame({"parent": ["g", "g", "p", "p"], "child": ["p", "u", "c", "d"]}))
    >>> kin_counts(g)["siblings"], kin_counts(g)["aunt_uncle"]
    (2, 2)
    """
    return {kind: int(weights.sum()) for kind, weights in _weights(graph).items()}


def _weights(graph: KinGraph) -> dict[str, np.ndarray]:
    out, into = graph.out, graph.into
    n = graph.nodes
    return {
        "random": np.array([n * (n - 1) // 2], dtype=np.int64),
        "parent_child": np.ones(len(graph.parent), dtype=np.int64),
        "siblings": out * (out - 1) // 2,
        "grandparent": out[graph.child],
        "aunt_uncle": (out[graph.parent] - 1) * out[graph.child],
        "great_grandparent": into[graph.parent] * out[graph.child],
    }


def _pick(weights: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Indices drawn with probability proportional to ``weights``."""
    cumulative = np.cumsum(weights, dtype=np.float64)
    return np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right")


def _other(count: np.ndarray, skip: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A position in ``0 .. count - 1`` other than ``skip``, uniformly."""
    drawn = (rng.random(len(count)) * (count - 1)).astype(np.int64)
    return drawn + (drawn >= skip)


def _uniform(count: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return (rng.random(len(count)) * count).astype(np.int64)


def _draw(graph: KinGraph, kind: str, size: int, rng: np.random.Generator
          ) -> tuple[np.ndarray, np.ndarray]:
    starts, out = graph.starts, graph.out
    weights = _weights(graph)[kind]
    if kind == "random":
        first = _uniform(np.full(size, graph.nodes), rng)
        return first, _other(np.full(size, graph.nodes), first, rng)
    if kind == "siblings":
        parent = _pick(weights, size, rng)
        first = _uniform(out[parent], rng)
        second = _other(out[parent], first, rng)
        return graph.child[starts[parent] + first], graph.child[starts[parent] + second]
    edge = _pick(weights, size, rng)
    u, v = graph.parent[edge], graph.child[edge]
    if kind == "parent_child":
        return u, v
    grandchild = graph.child[starts[v] + _uniform(out[v], rng)]
    if kind == "grandparent":
        return u, grandchild
    if kind == "aunt_uncle":
        uncle = graph.child[starts[u] + _other(out[u], edge - starts[u], rng)]
        return uncle, grandchild
    top = graph.parents_of[graph.parent_starts[u] + _uniform(graph.into[u], rng)]
    return top, grandchild


def sample_kin(graph: KinGraph, kind: str, size: int, rng: np.random.Generator
               ) -> pd.DataFrame:
    """``size`` pairs of kin of one kind, each pair of the kind equally likely (see the module).

    Parameters
    ----------
    graph : KinGraph
        From :func:`kin_graph`.
    kind : str
        One of :data:`KINDS`.
    size : int
        How many pairs (drawn with replacement).
    rng : numpy Generator
        The seeded source of randomness.

    Returns
    -------
    DataFrame
        Columns ``first`` and ``second`` (model ids); empty when the graph holds no pair of
        the kind.

    Examples
    --------
    >>> g = kin_graph(pd.DataFrame({"parent": ["p", "p"], "child": ["a", "b"]}))
    >>> sorted(sample_kin(g, "siblings", 1, np.random.default_rng(0)).iloc[0])
    ['a', 'b']
    """
    if kind not in KINDS:
        raise UsageError(f"unknown kind of kin {kind!r}: use one of {', '.join(KINDS)}")
    empty = pd.DataFrame({"first": pd.Series([], dtype=object),
                          "second": pd.Series([], dtype=object)})
    if size <= 0 or _weights(graph)[kind].sum() <= 0:
        return empty
    firsts, seconds, have = [], [], 0
    for _ in range(100):
        first, second = _draw(graph, kind, size, rng)
        keep = first != second
        firsts.append(first[keep])
        seconds.append(second[keep])
        have += int(keep.sum())
        if have >= size:
            break
    if have == 0:
        return empty
    first = np.concatenate(firsts)[:size]
    second = np.concatenate(seconds)[:size]
    return pd.DataFrame({"first": graph.ids[first], "second": graph.ids[second]})


def levenshtein_similarity(first: Sequence[str], second: Sequence[str]) -> np.ndarray:
    """``1 - distance / longer length`` for each pair of texts (1 when both are empty).

    Examples
    --------
    >>> levenshtein_similarity(["kitten", ""], ["sitting", ""]).round(4).tolist()
    [0.5714, 1.0]
    """
    return np.array([Levenshtein.normalized_similarity(a, b) for a, b in
                     zip(first, second, strict=True)], dtype=np.float64)


def vectorizers() -> dict[str, CountVectorizer]:
    """The two vectorisers, unfitted: bag of words and TF-IDF, 512 features, unigrams and
    bigrams, lower case, no stop words."""
    options = {"max_features": FEATURES, "ngram_range": (1, 2), "lowercase": True}
    return {"bag_of_words": CountVectorizer(**options), "tfidf": TfidfVectorizer(**options)}


class TfidfOfCounts:
    """TF-IDF vectors over a fitted bag of words: what a :class:`TfidfVectorizer` with the same
    options fitted on the same documents gives (the same vocabulary, the same weights), without
    tokenising the documents a second time."""

    def __init__(self, counts: CountVectorizer, weights: TfidfTransformer) -> None:
        self.counts = counts
        self.weights = weights

    def transform(self, texts: Sequence[str]):
        return self.weights.transform(self.counts.transform(list(texts)))


def fit_vectorizers(documents: Sequence[str]) -> dict[str, CountVectorizer | TfidfOfCounts]:
    """The two vectorisers of :func:`vectorizers`, fitted on ``documents`` in one pass: the bag
    of words is fitted, and TF-IDF weighs its counts. Raises ValueError when the documents
    hold no word.

    Examples
    --------
    >>> fitted = fit_vectorizers(["red fox", "red dog"])
    >>> fitted["tfidf"].transform(["red fox"]).toarray().round(2).tolist()
    [[0.0, 0.63, 0.45, 0.0, 0.63]]
    """
    counts = vectorizers()["bag_of_words"]
    matrix = counts.fit_transform(list(documents))
    return {"bag_of_words": counts, "tfidf": TfidfOfCounts(counts, TfidfTransformer().fit(matrix))}


def cosine_similarity(vectorizer: CountVectorizer | TfidfOfCounts, first: Sequence[str],
                      second: Sequence[str]) -> np.ndarray:
    """The cosine of the two texts' vectors under a fitted vectoriser (0 when either has no
    known word).

    Examples
    --------
    >>> v = CountVectorizer().fit(["a cat", "a dog"])
    >>> cosine_similarity(v, ["the cat"], ["cat cat"]).tolist()
    [1.0]
    """
    return _cosine(vectorizer.transform(list(first)), vectorizer.transform(list(second)))


@dataclasses.dataclass(frozen=True)
class Interval:
    """A mean with its percentile bootstrap interval."""

    mean: float
    low: float
    high: float
    n: int


def bootstrap_means(values: np.ndarray, rng: np.random.Generator, resamples: int = 10_000,
                    level: float = 0.95) -> list[Interval]:
    """The mean of each column of ``values`` and its ``level`` percentile bootstrap interval,
    the columns resampled together (one set of resampled rows serves every measure).

    Examples
    --------
    >>> i = bootstrap_means(np.array([[1.0, 0.0], [1.0, 1.0]]), np.random.default_rng(0))
    >>> (i[0].mean, i[0].low, i[0].high), (i[1].mean, i[1].low, i[1].high)
    ((1.0, 1.0, 1.0), (0.5, 0.0, 1.0))
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    n, columns = values.shape
    if n == 0:
        nan = float("nan")
        return [Interval(nan, nan, nan, 0) for _ in range(columns)]
    means = np.empty((resamples, columns))
    chunk = max(1, 2_000_000 // n)
    for start in range(0, resamples, chunk):
        stop = min(resamples, start + chunk)
        rows = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = values[rows].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail], axis=0)
    return [Interval(float(values[:, c].mean()), float(low[c]), float(high[c]), n)
            for c in range(columns)]


def bootstrap_mean(values: np.ndarray, rng: np.random.Generator, resamples: int = 10_000,
                   level: float = 0.95) -> Interval:
    """The mean of ``values`` and its ``level`` percentile bootstrap interval.

    Examples
    --------
    >>> i = bootstrap_mean(np.array([1.0, 1.0, 1.0]), np.random.default_rng(0))
    >>> i.mean, i.low, i.high, i.n
    (1.0, 1.0, 1.0, 3)
    """
    return bootstrap_means(np.asarray(values, dtype=np.float64), rng, resamples, level)[0]


def pair_similarities(pairs: pd.DataFrame, texts: pd.Series,
                      fitted: dict[str, CountVectorizer | TfidfOfCounts]) -> pd.DataFrame:
    """The three measures for each pair (``first``, ``second`` model ids) of ``texts`` (text
    by model id), the vectorisers already fitted.

    Examples
    --------
    >>> t = pd.Series({"a": "red fox", "b": "red fox", "c": "blue"})
    >>> v = {k: x.fit(t) for k, x in vectorizers().items()}
    >>> p = pd.DataFrame({"first": ["a", "a"], "second": ["b", "c"]})
    >>> pair_similarities(p, t, v).round(2).values.tolist()
    [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]
    """
    first = pairs["first"].map(texts).fillna("").astype(str).tolist()
    second = pairs["second"].map(texts).fillna("").astype(str).tolist()
    measures = {"levenshtein": levenshtein_similarity(first, second)}
    counts = fitted.get("bag_of_words")
    tfidf = fitted.get("tfidf")
    if isinstance(tfidf, TfidfOfCounts) and tfidf.counts is counts:
        # Both measures weigh the same counts: each text is tokenised once.
        a, b = counts.transform(first), counts.transform(second)
        measures["bag_of_words"] = _cosine(a, b)
        measures["tfidf"] = _cosine(tfidf.weights.transform(a), tfidf.weights.transform(b))
    else:
        for name, vectorizer in fitted.items():
            measures[name] = cosine_similarity(vectorizer, first, second)
    return pd.DataFrame(measures, columns=list(SIMILARITY_MEASURES))


def _cosine(first, second) -> np.ndarray:
    """Row by row cosine of two sparse matrices (0 where a row is empty)."""
    return np.asarray(normalize(first).multiply(normalize(second)).sum(axis=1)).ravel()
