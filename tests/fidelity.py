"""Kendall's tau between the ordering the analytics recover from a synthetic file and the
ordering planted in it, computed by scipy (not by the project's own tau)."""

from __future__ import annotations

from scipy.stats import kendalltau

from lineage.analytics import drift
from lineage.analytics.analyses import TOP
from lineage.analytics.traits import UNINFORMATIVE
from lineage.loader.synthetic.calibration import _published_values

def recovered_tau(frames, truth, trait: str) -> float:
    """Kendall's tau (scipy) between the exact optimal ordering of the trait's top values (as
    `lineage analyze drift` picks them) and the planted ordering, over the values both hold."""
    values = drift.top_values(frames.traits[trait], TOP[trait], exclude=UNINFORMATIVE)
    transitions = drift.drift_transitions(frames.edges, frames.traits[trait])
    found = drift.optimal_ordering(drift.drift_graph(transitions, values), values)
    planted = _published_values(trait, tuple(truth["orderings"][trait]))
    common = [value for value in found if value in planted]
    assert len(common) >= TOP[trait] * 3 // 4
    return kendalltau(range(len(common)), [planted.index(v) for v in common]).statistic
