"""The race's standard errors and degrees of freedom against brute force: CR2 computed with
every parent's dummy in the design and the full ``n x n`` hat matrix (scipy's eigensolver for
the inverse square roots), and the effective number of clusters from its definition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import linalg

from lineage.analytics.ecosystem.recognition import clustered_errors, effective_clusters


def _brute_force_cr2(x, y, groups):
    """CR2 on the full design (regressors and one dummy per group), each cluster's residuals
    multiplied by the pseudo inverse square root of ``I - H_gg``."""
    dummies = (groups[:, None] == np.arange(groups.max() + 1)[None, :]).astype(float)
    design = np.hstack([x, dummies])
    inverse = np.linalg.pinv(design.T @ design)
    residual = y - design @ (inverse @ design.T @ y)
    hat = design @ inverse @ design.T
    meat = np.zeros((design.shape[1], design.shape[1]))
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        values, vectors = linalg.eigh(np.eye(len(rows)) - hat[np.ix_(rows, rows)])
        root = np.where(values > 1e-9, 1 / np.sqrt(np.clip(values, 1e-9, None)), 0.0)
        adjusted = (vectors * root) @ vectors.T @ residual[rows]
        score = design[rows].T @ adjusted
        meat += np.outer(score, score)
    variance = inverse @ meat @ inverse
    return np.sqrt(np.diag(variance)[: x.shape[1]])


def _within(values, groups):
    sums = np.zeros((groups.max() + 1,) + values.shape[1:])
    np.add.at(sums, groups, values)
    counts = np.bincount(groups).astype(float)
    return values - (sums / (counts if values.ndim == 1 else counts[:, None]))[groups]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(2, 9), min_size=3, max_size=8), st.integers(0, 2**31 - 1))
def test_cr2_equals_the_full_design_with_every_parents_dummy(sizes, seed):
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(len(sizes)), sizes)
    x = rng.standard_normal((len(groups), 2)) * rng.uniform(0.5, 3, len(groups))[:, None]
    y = x @ [0.5, -1] + rng.standard_normal(len(sizes))[groups] + rng.standard_normal(len(groups))
    xw, yw = _within(x, groups), _within(y, groups)
    residual = yw - xw @ np.linalg.lstsq(xw, yw, rcond=None)[0]
    assert clustered_errors(xw, residual, groups) == pytest.approx(
        _brute_force_cr2(x, y, groups), rel=1e-6)


def test_cr2_is_wider_than_the_plain_sandwich_when_one_cluster_pulls_the_fit():
    rng = np.random.default_rng(3)
    groups = np.repeat(np.arange(6), [40, 3, 3, 3, 3, 3])
    x = rng.standard_normal((len(groups), 1))
    residual = rng.standard_normal(len(groups))
    plain = np.zeros(6)
    np.add.at(plain, groups, x[:, 0] * residual)
    sandwich = np.sqrt((plain ** 2).sum()) / (x[:, 0] ** 2).sum()
    assert clustered_errors(x, residual, groups)[0] > sandwich


def test_effective_clusters_from_the_definition():
    # Equal clusters: all of them count.
    x = np.tile([[1.0], [-1.0]], (5, 1))
    assert effective_clusters(x, np.repeat(np.arange(5), 2)) == pytest.approx([5.0])
    # Shares of the variance 1/10, 9/10: G / (1 + var/mean^2) = 2 / (1 + 0.64).
    x = np.array([[1.0], [-1.0], [3.0], [-3.0]])
    assert effective_clusters(x, np.array([0, 0, 1, 1])) == pytest.approx([2 / 1.64])


def test_a_regressor_that_never_varies_leaves_the_others_errors_as_without_it():
    rng = np.random.default_rng(5)
    groups = np.repeat(np.arange(6), [9, 4, 3, 5, 2, 7])
    x = _within(rng.standard_normal((len(groups), 1)), groups)
    y = _within(x[:, 0] + rng.standard_normal(len(groups)), groups)
    residual = y - x[:, 0] * np.linalg.lstsq(x, y, rcond=None)[0][0]
    alone = clustered_errors(x, residual, groups)
    with_constant = clustered_errors(np.hstack([x, np.zeros_like(x)]), residual, groups)
    assert with_constant == pytest.approx([alone[0], 0.0])
