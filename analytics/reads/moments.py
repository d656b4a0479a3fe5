"""Points in the graph's history, as a user names them: a load (its snapshot id) or a date.

``lineage load hub --since`` and ``lineage changes --since/--until`` both take one; a load is
its start, a date without a time its midnight (UTC).
"""

from __future__ import annotations

import datetime as dt

from lineage.cypher.client import Graph
from lineage.errors import UsageError


def moment(graph: Graph, text: str | None, *, default_kind: str | None = None) -> dt.datetime:
    """The moment ``text`` names: a snapshot id or an ISO date (``2026-11-28``) or date and
    time. Without ``text``, the start of the newest complete load of ``default_kind``.

    Raises :class:`UsageError` saying what was expected, or that no such load exists yet.

    The moment is in UTC as a fixed offset (``datetime.timezone.utc``), as loads write their
    times. A stored time read back carries the zone *name* UTC, and Neo4j does not hold two
    datetimes of one instant equal when one has a zone name and the other an offset, so a
    load's start read back would leave out the changes that load recorded at that very
    instant: it is converted. A load's id is looked up first: some ids
    (``20261205T114029-12345678``) read as dates.
    """
    if text is None or not text.strip():
        if default_kind is None:
            raise UsageError("name a snapshot id or a date")
        rows = graph.run("load/snapshot_moment", id=None, kind=default_kind)
        if not rows:
            raise UsageError(f"no complete {default_kind} load yet to start from: give "
                             "--since SNAPSHOT|DATE, or load the whole source once")
        return _utc(rows[0]["started_at"])
    text = text.strip()
    rows = graph.run("load/snapshot_moment", id=text, kind=None)
    if rows:
        return _utc(rows[0]["started_at"])
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{text!r} is neither a date (2026-11-28, 2026-11-28T09:00) nor "
                         "the id of a load: `lineage changes --summary` names the loads"
                         ) from None
    return _utc(value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc))


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc)
