"""What changed in the graph: the changes loads recorded (``lineage changes``, the Ecosystem
page's "what changed" panel, a model's history).

Every load compares what it states with what the graph held and records each difference in a
watched fact (see :mod:`lineage.changes`); these are read back here, by time window, kind and
model, never recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from lineage.analytics.reads.lookup import find_model
from lineage.analytics.reads.moments import moment
from lineage.analytics.reads.walk import family_walk
from lineage.changes import KINDS
from lineage.cypher.client import Graph
from lineage.relations import Relation

__all__ = ["COLUMNS", "EPOCH", "FLAGGED_KINDS", "TOP", "changes", "history", "summary"]

#: The columns of a change, in order (``--format json|csv``).
COLUMNS = ("at", "snapshot", "model", "kind", "before", "after", "relation")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
DEFAULT_LIMIT = 1_000_000
#: The kinds of change that can raise a governance flag: a summary reviews the models that
#: had one (a new model, a model back, a new id, a new licence or gate, a parent more or less).
FLAGGED_KINDS = ("added", "returned", "renamed", "license", "gated", "parent_added",
                 "parent_ended")
#: How many families a summary lists, and how many models it names for each flag.
TOP = 10


def changes(graph: Graph, *, since: str | None = None, until: str | None = None,
            family: str | None = None, kinds: Sequence[str] | None = None,
            limit: int = DEFAULT_LIMIT, newest_first: bool = False) -> list[dict[str, Any]]:
    """The changes recorded from ``since`` (a snapshot id or date; default: the beginning) to
    ``until`` (default: now), oldest first (``newest_first``: the newest ``limit``, newest
    first); of the family of ``family`` (its weakly connected
    set of models) when given, of the kinds ``kinds`` when given."""
    start, end = _window(graph, since, until)
    keys = family_walk(graph, family)[0] if family else None
    rows = graph.run("changes/list", since=start or EPOCH, until=end,
                     kinds=list(kinds) if kinds else None, keys=keys, limit=limit,
                     newest_first=newest_first)
    return [{c: row[c] for c in COLUMNS} for row in rows]


def _window(graph: Graph, since: str | None, until: str | None
            ) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The moments ``since`` and ``until`` name (None: open), both checked before any read."""
    return (moment(graph, since) if since else None, moment(graph, until) if until else None)


def history(graph: Graph, model_id: str, limit: int = 1000) -> list[dict[str, Any]]:
    """One model's recorded changes, oldest first (under every id it has had)."""
    key = find_model(graph, model_id)["key"]
    rows = graph.run("changes/list", since=EPOCH, until=None, kinds=None, keys=[key],
                     limit=limit, newest_first=False)
    return [{c: row[c] for c in COLUMNS} for row in rows]


def summary(graph: Graph, *, since: str | None = None, until: str | None = None,
            family: str | None = None, kinds: Sequence[str] | None = None,
            rules: Any = None, top: int = TOP) -> dict[str, Any]:
    """What changed in a window of time, in a few tables (``lineage changes --summary``).

    Parameters
    ----------
    graph : Graph
        The database.
    since, until : str, optional
        The window, each a snapshot id or a date (default: from the beginning, up to now).
    family : str, optional
        Only the changes of this model's family (its weakly connected set of models).
    kinds : sequence of str, optional
        Only changes of these kinds (:data:`lineage.changes.KINDS`); each part of the summary
        that reads one kind is empty when that kind is left out.
    rules : Rules, optional
        The licence knowledge the governance flags follow (default: the built-in rules).
    top : int
        How many of the families that grew most to list, and of the models of each flag.

    Returns
    -------
    dict
        ``window`` (``since``, ``until``: the moments resolved, None when open); ``loads``
        (the loads that started in the window, oldest first, with their counts); ``counts``
        (changes by kind, every kind asked for, zeros included); ``families_grown`` (the
        ``top`` families by models added: ``family``, ``added``; a model's family is the one
        ``lineage compute`` stored, else its parent's, else itself); ``license_changes``
        (``model``, ``before``, ``after``, ``at``, oldest first); ``governance_flags`` (the
        flags now raised on the models that had a change of :data:`FLAGGED_KINDS` in the
        window and are still listed, by flag: ``flag``, ``models`` (how many), ``examples``
        (the first ``top`` ids)), reviewed by the governance review of a list of models
        (:func:`lineage.analytics.reads.review.review_models`).

    Examples
    --------
    >>> summary(graph, since="2026-11-28")["counts"]["added"]  # doctest: +SKIP
    1204
    """
    from lineage.analytics.governance.flags import FLAGS
    from lineage.analytics.governance.rules import default_rules
    from lineage.analytics.reads.review import review_models

    start, end = _window(graph, since, until)
    keys = family_walk(graph, family)[0] if family else None
    window = {"since": start or EPOCH, "until": end, "keys": keys}
    asked = [k for k in KINDS if kinds is None or k in kinds]
    counted = {row["kind"]: row["changes"]
               for row in graph.run("changes/counts", **window, kinds=asked)}
    families = (graph.run("changes/families_grown", **window, types=Relation.types(),
                          limit=top) if "added" in asked else [])
    licenses = (graph.run("changes/list", **window, kinds=["license"], limit=DEFAULT_LIMIT,
                          newest_first=False)
                if "license" in asked else [])
    flagged_kinds = [k for k in FLAGGED_KINDS if k in asked]
    changed = ([row["id"] for row in graph.run("changes/changed_models", **window,
                                                kinds=flagged_kinds)]
               if flagged_kinds else [])
    by_flag: dict[str, list[str]] = {}
    for reviewed in review_models(graph, changed, rules or default_rules()):
        for code in sorted({flag.code for flag in reviewed.flags}):
            by_flag.setdefault(code, []).append(reviewed.model)
    return {
        "window": {"since": start, "until": end},
        "loads": graph.run("changes/loads", since=start or EPOCH, until=end),
        "counts": {kind: counted.get(kind, 0) for kind in asked},
        "families_grown": [{"family": row["family"], "added": row["added"]}
                           for row in families],
        "license_changes": [{"model": row["model"], "before": row["before"],
                             "after": row["after"], "at": row["at"]} for row in licenses],
        "governance_flags": [{"flag": code, "models": len(by_flag[code]),
                              "examples": sorted(by_flag[code])[:top]}
                             for code in FLAGS if code in by_flag],
    }
