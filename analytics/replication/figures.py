"""The replication report: each published figure beside the value on the graph in use and, for a
synthetic graph, the planted truth, with the difference and a verdict.

The published figures are those of :mod:`lineage.analytics.replication.published` (the paper's
tables; the mutation rates on finetune edges as its final code prints them). A verdict compares the
graph's value with the planted truth when there is one (the synthetic generator's knobs, read from
its ``.truth.json``), else with the published figure, within the stated tolerance: ``agrees`` or
``differs``; ``n/a`` when the graph has no value. The paper's claim on disruption, "most models
consolidative rather than disruptive", is judged in both readings (:func:`disruption_readings`).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from lineage.analytics.replication import published
from lineage.analytics.replication.tolerance import Tolerance
from lineage.languages import language_code

__all__ = ["SIMILARITY_KEYS", "SIMILARITY_COLUMNS", "MOST", "Figure",
           "kendall_tau", "published_ordering", "disruption_readings", "figures"]

SIMILARITY_KEYS = {"random pair": "random pair", "parent–child": "parent-child",
                   "siblings": "siblings", "grandparent–grandchild": "grandparent-grandchild",
                   "aunt/uncle–niece/nephew": "uncle-nephew",
                   "great-grandparent": "great-grandparent"}
#: (text, measure) -> the column of :data:`~lineage.analytics.replication.published.SIMILARITY`.
SIMILARITY_COLUMNS = {("metadata", "tfidf"): 0, ("metadata", "levenshtein"): 1,
                      ("card", "tfidf"): 2, ("card", "levenshtein"): 3}


#: The paper's "most models": strictly more than half of them.
MOST = Tolerance("more than", 0.5)


@dataclasses.dataclass(frozen=True)
class Figure:
    section: str
    figure: str
    published: float | str | None
    graph: float | None
    planted: float | None
    tolerance: Tolerance
    interval: tuple[float, float] | None = None

    @property
    def reference(self) -> float | str | None:
        return self.planted if self.planted is not None else self.published

    @property
    def difference(self) -> float | None:
        if self.graph is None or not isinstance(self.reference, (int, float)):
            return None
        return self.graph - float(self.reference)

    @property
    def verdict(self) -> str:
        if self.graph is None or (isinstance(self.graph, float) and math.isnan(self.graph)):
            return "n/a"
        if self.interval is not None and self.planted is not None:
            return "agrees" if self.interval[0] <= self.planted <= self.interval[1] else "differs"
        if self.reference is None:
            return "n/a"
        reference = self.reference if isinstance(self.reference, (int, float)) else 0.0
        return "agrees" if self.tolerance.holds(self.graph, reference) else "differs"

    def as_row(self) -> dict[str, Any]:
        return {"section": self.section, "figure": self.figure, "published": self.published,
                "graph": self.graph, "planted": self.planted, "difference": self.difference,
                "tolerance": (f"planted in [{self.interval[0]:.3f}, {self.interval[1]:.3f}]"
                              if self.interval is not None and self.planted is not None
                              else self.tolerance.describe()),
                "verdict": self.verdict}


def kendall_tau(first: list, second: list, tied=()) -> float | None:
    """Kendall's tau between two orderings over the values they share (None with fewer than
    two pairs), leaving out the pairs in ``tied`` (pairs of values either way round).

    Examples
    --------
    >>> kendall_tau(["a", "b", "c"], ["a", "c", "b"])
    0.3333333333333333
    >>> kendall_tau(["a", "b", "c"], ["a", "c", "b"], tied=[("c", "b")])
    1.0
    """
    rank = {value: i for i, value in enumerate(second)}
    common = [value for value in first if value in rank]
    left_out = {frozenset(pair) for pair in tied}
    pairs = [(a, b) for i, a in enumerate(common) for b in common[i + 1:]
             if frozenset((a, b)) not in left_out]
    if not pairs:
        return None
    concordant = sum(rank[a] < rank[b] for a, b in pairs)
    return (2 * concordant - len(pairs)) / len(pairs)


def published_ordering(trait: str, ordering: tuple[str, ...]) -> list[str]:
    """A published ordering as the graph spells its values (languages as ISO codes)."""
    if trait != "language":
        return list(ordering)
    return [language_code(name) or name for name in ordering]


def disruption_readings(negative: float, zero: float, positive: float) -> dict[str, Any]:
    """The shares of a disruption index by sign and the paper's claim read both ways.

    The MDI paper finds most models "consolidative rather than disruptive": read strictly,
    most have D < 0 (``consolidating``); read as the contrary of disruptive, most have
    D <= 0 (``not_disruptive``). Each reading's verdict is ``agrees`` when its share is more
    than half (:data:`MOST`), else ``differs``; None when no model has a defined index.

    Parameters
    ----------
    negative, zero, positive : float
        The shares (or counts) of models with D < 0, D = 0 and D > 0.

    Examples
    --------
    >>> readings = disruption_readings(0, 9, 1)
    >>> readings["not_disruptive"], readings["verdict_negative"], readings[
    ...     "verdict_not_disruptive"]
    (0.9, 'differs', 'agrees')
    """
    total = negative + zero + positive
    shares = {sign: count / total if total else None for sign, count in
              (("negative", negative), ("zero", zero), ("positive", positive),
               ("not_disruptive", negative + zero))}

    def verdict(share: float | None) -> str | None:
        if share is None:
            return None
        return "agrees" if MOST.holds(share, None) else "differs"

    return {**shares, "verdict_negative": verdict(shares["negative"]),
            "verdict_not_disruptive": verdict(shares["not_disruptive"])}


def _table(tables: dict[str, list[dict]], name: str) -> list[dict]:
    return tables.get(name) or []


def figures(tables: dict[str, list[dict]], truth: dict[str, Any] | None = None
            ) -> list[Figure]:
    """The report's rows from the tables of ``lineage analyze all`` and, optionally, the
    planted truth of a synthetic graph."""
    rows: list[Figure] = []
    truth = truth or {}
    planted_mutation = truth.get("mutation", {}).get("planted", {})
    rates = {(r["trait"], r["scope"]): r["rate"] for r in _table(tables, "mutation.mutation")}
    for trait in ("license", "language", "task", "library"):
        planted = planted_mutation.get(trait, {})
        if trait not in published.MUTATION and not planted:
            continue
        for scope, reference in (
                ("all edges", published.MUTATION.get(trait)),
                ("finetune", published.MUTATION_FINETUNE.get(trait))):
            value = planted.get(scope)
            # Against the planted rate the bar is one point; against the published one, the
            # calibration's tolerance.
            name = f"{trait}: {scope.replace('finetune', 'finetune edges')}"
            rows.append(Figure("mutation", name,
                               reference.value if isinstance(reference, published.Rate)
                               else reference, rates.get((trait, scope)), value,
                               Tolerance("absolute", 0.01 if value is not None else 0.03)))
    orderings = {(r["trait"], r["weighted"]): r for r in _table(tables, "drift.orderings")}
    planted_orderings = truth.get("orderings", {})
    planted_drift = truth.get("drift", {})
    # Each published version is compared with the drift counted its way (the preset).
    preset = next((r.get("preset") for r in orderings.values()), None) or "paper"
    version = "the paper" if preset == "paper" else "the final code"
    for trait, reference in published.DRIFT_BY_PRESET[preset].items():
        found = orderings.get((trait, True))
        rows.append(Figure("drift", f"{trait}: drift directions agreeing ({version})",
                           reference.explained, found and found["explained"], None,
                           Tolerance("absolute", 0.12)))
        rows.append(Figure("drift", f"{trait}: mutations accounted for ({version})",
                           reference.accounted_for, found and found["accounted_for"], None,
                           Tolerance("absolute", 0.12)))
        tau = None
        # The whole planted ordering, but for the pairs the generator's moves leave tied
        # (which any optimal ordering may put either way: not a miss); older truth files
        # give the stretch the moves carry, or only the whole ordering.
        carried = planted_drift.get(trait, {})
        tied = carried.get("undecided")
        recoverable = None if tied is not None else carried.get("recoverable")
        if found:
            target = recoverable or planted_orderings.get(trait) or reference.ordering
            spelled = dict(zip(target, published_ordering(trait, tuple(target))))
            tau = kendall_tau(found["ordering"], list(spelled.values()),
                              [(spelled[a], spelled[b]) for a, b in tied or ()])
        against = ("recoverable planted" if recoverable else
                   "planted" if trait in planted_orderings else "published")
        left_out = f" ({len(tied)} pairs the data leaves tied not counted)" if tied else ""
        rows.append(Figure("drift", f"{trait}: Kendall tau with the {against} ordering{left_out}",
                           1.0, tau, 1.0 if trait in planted_orderings else None,
                           Tolerance("at least", 0.9)))
    means = {(r["text"], SIMILARITY_KEYS.get(r["kind"]), r["measure"]): r
             for r in _table(tables, "similarity.similarity")}
    for kind, values in published.SIMILARITY.items():
        for (text, measure), column in SIMILARITY_COLUMNS.items():
            found = means.get((text, kind, measure))
            rows.append(Figure("similarity", f"{text} {measure}: {kind}", values[column],
                               found and found["mean"], None, Tolerance("absolute", 0.1)))
    docs = {r["figure"]: r["value"] for r in _table(tables, "documentation.documentation")}
    for figure, value, tolerance in (
            ("share of models with a card", published.CARD_SHARE, Tolerance("absolute", 0.05)),
            ("mean card length", published.CARD_LENGTH_MEAN, Tolerance("relative", 0.3)),
            ("median card length", published.CARD_LENGTH_MEDIAN, Tolerance("relative", 0.3)),
            ("parent card length", published.CARD_LENGTH_PARENT, Tolerance("relative", 0.3)),
            ("child card length", published.CARD_LENGTH_CHILD, Tolerance("relative", 0.3)),
            ("auto-generated: child minus parent", published.AUTOGENERATED_GAP,
             Tolerance("absolute", 0.06)),
            ("languages listed by the parent", published.LANGUAGES_PARENT,
             Tolerance("relative", 0.35)),
            ("languages listed by the child", published.LANGUAGES_CHILD,
             Tolerance("relative", 0.35))):
        rows.append(Figure("documentation", figure, value, docs.get(figure), None, tolerance))
    race = truth.get("race_to_release", {})
    # The slopes as realised on log(1 + downloads), which the file shows, when the truth has them.
    race = {**race, **race.get("realised", {})}
    for r in _table(tables, "race.race"):
        if r["outcome"] != "log(1 + downloads)":
            continue
        which = "rank_slope" if r["regressor"] == "log(rank)" else "crowding_slope"
        rows.append(Figure("race to release", f"{r['outcome']} per {r['regressor']}",
                           "negative", r["coefficient"], race.get(which),
                           Tolerance("negative"), (r["low"], r["high"])))
    for r in _table(tables, "disruption.distribution"):
        readings = disruption_readings(r["negative"], r["zero"], r["positive"])
        rows.append(Figure("disruption", f"{r['variant']}: share consolidating (negative)",
                           "most models", readings["negative"], None, MOST))
        rows.append(Figure("disruption",
                           f"{r['variant']}: share not disruptive (zero or negative)",
                           "most models", readings["not_disruptive"], None, MOST))
    return rows
