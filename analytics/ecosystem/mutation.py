"""Mutation: how often a trait differs between parent and child.

A trait (licence, language, task, library) is given in long form, one row per model and value
(``model``, ``value``), as a set per model: a model with no row does not carry the trait. The
distance between two models' sets is the Jaccard distance, ``1 - |A & B| / |A | B|``; the
published mutation rate of a trait is the mean distance over the edges where parent and child
both carry it.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from lineage.analytics.measures.edgelist import distinct, expand_ranges
from lineage.errors import UsageError
from lineage.relations import RELATIONS

__all__ = ["MutationRate", "trait_frame", "edge_distances", "mutation_rate", "sibling_distance",
           "release_neighbours"]


@dataclasses.dataclass(frozen=True)
class MutationRate:
    """Summed Jaccard distances over the edges where both ends carry the trait, those edges,
    and their ratio (as the paper prints it: ``47,956.42 / 320,065 = 14.98 %``)."""

    distance: float
    edges: int

    @property
    def rate(self) -> float:
        return self.distance / self.edges if self.edges else float("nan")


def _check_trait_frame(traits: pd.DataFrame) -> None:
    if not isinstance(traits, pd.DataFrame) or not {"model", "value"} <= set(traits.columns):
        raise UsageError("a trait must be a DataFrame with columns model and value, one row "
                         "per model and value")


def trait_frame(traits: pd.DataFrame) -> pd.DataFrame:
    """Check a long trait frame (columns ``model``, ``value``) and drop repeated rows."""
    _check_trait_frame(traits)
    return traits[["model", "value"]].dropna().drop_duplicates()


def edge_distances(edges: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    """The Jaccard distance across every edge whose parent and child both carry the trait.

    Returns the edges kept (their other columns too) with ``parent_size``, ``child_size``,
    ``shared`` and ``distance``.

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child`` (others are kept).
    traits : DataFrame
        The trait in long form, columns ``model`` and ``value``.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "a"], "child": ["b", "c"]})
    >>> t = pd.DataFrame({"model": ["a", "a", "b", "c"], "value": ["en", "fr", "en", "de"]})
    >>> edge_distances(e, t)["distance"].round(2).tolist()
    [0.5, 1.0]
    """
    _check_trait_frame(traits)
    if not {"parent", "child"} <= set(edges.columns):
        raise UsageError("edges need columns parent and child")
    traits = traits[["model", "value"]].dropna()
    frame = edges.reset_index(drop=True)
    m = len(frame)
    codes, models = pd.factorize(pd.concat(
        [frame["parent"].astype(object), frame["child"].astype(object),
         traits["model"].astype(object)], ignore_index=True))
    n = len(models)
    value_codes, values = pd.factorize(traits["value"])
    width = np.int64(max(len(values), 1))
    # (model, value) pairs as sorted distinct integers: a model's values are one block.
    keys = distinct(codes[2 * m:].astype(np.int64) * width + value_codes)
    owner = keys // width
    # One more slot, always empty, for ends that are missing (code -1).
    sizes = np.append(np.bincount(owner, minlength=n), 0)
    starts = np.searchsorted(owner, np.arange(n))
    parent, child = codes[:m], codes[m:2 * m]
    parent_size, child_size = sizes[parent], sizes[child]
    kept = np.flatnonzero((parent_size > 0) & (child_size > 0))
    counts = parent_size[kept]
    # Each of the parent's values looked up among the child's.
    edge = np.repeat(np.arange(len(kept)), counts)
    probe = (child[kept][edge].astype(np.int64) * width
             + keys[expand_ranges(starts[parent[kept]], counts)] % width)
    at = np.minimum(np.searchsorted(keys, probe), max(len(keys) - 1, 0))
    hit = keys[at] == probe if len(keys) else np.zeros(0, dtype=bool)
    shared = np.bincount(edge[hit], minlength=len(kept))
    frame = frame.iloc[kept].copy()
    frame["parent_size"] = parent_size[kept].astype(np.int64)
    frame["child_size"] = child_size[kept].astype(np.int64)
    frame["shared"] = shared.astype(np.int64)
    union = frame["parent_size"] + frame["child_size"] - frame["shared"]
    frame["distance"] = 1 - frame["shared"] / union
    return frame


def mutation_rate(edges: pd.DataFrame, traits: pd.DataFrame,
                  relations: tuple[str, ...] | None = None) -> MutationRate:
    """Mean Jaccard distance of a trait across the edges (of ``relations``, default all) where
    parent and child both carry it.

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent``, ``child`` and, with ``relations``, ``relation``.
    traits : DataFrame
        The trait in long form, columns ``model`` and ``value``.
    relations : tuple of str, optional
        Only the edges of these relations.

    Returns
    -------
    MutationRate

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "a", "x"], "child": ["b", "c", "y"]})
    >>> t = pd.DataFrame({"model": ["a", "b", "c"], "value": ["mit", "mit", "gpl-3.0"]})
    >>> r = mutation_rate(e, t)
    >>> r.distance, r.edges, r.rate
    (1.0, 2, 0.5)
    """
    if relations is not None:
        unknown = set(relations) - set(RELATIONS)
        if unknown or "relation" not in edges.columns:
            raise UsageError("choose relations among " + ", ".join(RELATIONS)
                             + " and give edges a relation column")
        edges = edges[edges["relation"].isin(relations)]
    distances = edge_distances(edges, traits)["distance"]
    return MutationRate(float(distances.sum()), int(len(distances)))


def sibling_distance(edges: pd.DataFrame, traits: pd.DataFrame) -> MutationRate:
    """Mean Jaccard distance between siblings that both carry the trait, over the pairs of
    siblings next to each other in the order of the edge frame (one pair per child but the
    first of each parent, so a parent with thousands of children weighs like its edges).

    Parameters
    ----------
    edges : DataFrame
        Lineage edges, columns ``parent`` and ``child``, in the order that makes neighbours.
    traits : DataFrame
        The trait in long form, columns ``model`` and ``value``.

    Returns
    -------
    MutationRate
        Summed distances and the number of sibling pairs where both carry the trait.

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["a", "a", "a"], "child": ["b", "c", "d"]})
    >>> t = pd.DataFrame({"model": ["b", "c", "d"], "value": ["mit", "mit", "gpl-3.0"]})
    >>> sibling_distance(e, t).rate
    0.5
    """
    frame = edges[["parent", "child"]].drop_duplicates()
    neighbour = frame.groupby("parent")["child"].shift(1)
    pairs = pd.DataFrame({"parent": neighbour, "child": frame["child"]}).dropna()
    distances = edge_distances(pairs, traits)["distance"]
    return MutationRate(float(distances.sum()), int(len(distances)))


def release_neighbours(edges: pd.DataFrame, created: pd.Series) -> pd.DataFrame:
    """Edges sorted by parent and the child's creation time, so that siblings released one
    after the other are next to each other (the order :func:`sibling_distance` reads).

    Examples
    --------
    >>> e = pd.DataFrame({"parent": ["p", "p"], "child": ["b", "a"]})
    >>> t = pd.Series(pd.to_datetime(["2024-01-02", "2024-01-01"]), index=["b", "a"])
    >>> release_neighbours(e, t)["child"].tolist()
    ['a', 'b']
    """
    frame = edges.assign(created=edges["child"].map(created))
    return frame.sort_values(["parent", "created", "child"], ignore_index=True)
