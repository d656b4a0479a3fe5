"""Kendall's tau between the ordering the analytics recover from a synthetic file and the
ordering planted in it, computed by scipy (not by the project's own tau)."""

from __future__ import annotations

from scipy.stats import kendalltau

from lineage.analytics.ecosystem import drift
from lineage.analytics.ecosystem.traits import UNINFORMATIVE
from lineage.analytics.jobs.analyses import TOP
from lineage.loader.synthetic.calibration import _published_values

#: Fewer values than this make no ordering worth a tau.
FEWEST = 3


def recovered_ordering(frames, trait: str) -> list:
    """The exact optimal ordering of the trait's ranked values, picked by the rule `lineage
    analyze drift` follows (the authors'), as many as their final code ranks."""
    transitions = drift.drift_transitions(frames.edges, frames.traits[trait])
    values = drift.ranked_values(frames.traits[trait], drift.drift_graph(transitions),
                                 TOP[trait], exclude=UNINFORMATIVE)
    oriented = drift.drift_graph(transitions, values)
    ranked, _ = drift.split_unranked(oriented, values)
    return drift.optimal_ordering(oriented, ranked)


def tau_over(found: list, trait: str, planted_values) -> tuple[float, int]:
    """Kendall's tau (scipy) between ``found`` and the planted order of ``planted_values``,
    over the values both hold, and how many that is."""
    planted = _published_values(trait, tuple(planted_values))
    common = [value for value in found if value in planted]
    if len(common) < 2:
        return float("nan"), len(common)
    return kendalltau(range(len(common)), [planted.index(v) for v in common]).statistic, len(
        common)


def recovered_tau(frames, truth, trait: str) -> float:
    """Kendall's tau (scipy) between the exact optimal ordering of the trait's top values and
    the whole planted ordering, over the values both hold."""
    tau, common = tau_over(recovered_ordering(frames, trait), trait, truth["orderings"][trait])
    assert common >= TOP[trait] * 3 // 4
    return tau


def recoverable_tau(frames, truth, trait: str) -> tuple[float, int]:
    """Kendall's tau (scipy) between the recovered ordering and the stretch of the planted
    ordering the generator's moves carry at the file's size (``drift.<trait>.recoverable``),
    and how many values it is over."""
    return tau_over(recovered_ordering(frames, trait), trait,
                    truth["drift"][trait]["recoverable"])


def decided_tau(frames, truth, trait: str) -> tuple[float, int]:
    """Kendall's tau between the recovered ordering and the whole planted ordering over the
    pairs of values both hold that the truth does not call undecided (ties the generator's
    moves leave, ``drift.<trait>.undecided``), counted pair by pair; and how many pairs."""
    planted = _published_values(trait, tuple(truth["orderings"][trait]))
    spelled = dict(zip(truth["orderings"][trait], planted))
    tied = {frozenset((spelled[a], spelled[b])) for a, b in truth["drift"][trait]["undecided"]}
    common = [value for value in recovered_ordering(frames, trait) if value in planted]
    signs = [1 if planted.index(a) < planted.index(b) else -1
             for k, a in enumerate(common) for b in common[k + 1:]
             if frozenset((a, b)) not in tied]
    return (sum(signs) / len(signs) if signs else float("nan")), len(signs)
