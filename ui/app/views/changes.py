"""What changed: the Ecosystem page's "What changed" panel and the Model page's history.

Every load compares what it states with what the graph held and records each difference in a
watched fact as a change (:mod:`lineage.changes`); both panels ask the
:class:`~lineage.ui.explorer.Explorer` for them (``change_summary``, ``changes``, ``history``)
and lay them out. The reads are keyed by the graph's
version (:func:`~lineage.ui.app.session.data_version`): changes come only with a load, so they
are kept until the next one. The pure helpers at the top turn changes into text.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import streamlit as st

from lineage.changes import KINDS
from lineage.relations import LABELS
from lineage.ui.app.session import KEPT, data_version
from lineage.ui.explorer import Explorer
from lineage.ui.render import results
from lineage.ui.render.facts import escape_markdown

#: The windows the panel offers, the default first: (label, days back, None for no bound).
LAST_LOAD = "since the last load"
WINDOWS: dict[str, int | None] = {LAST_LOAD: None, "last 7 days": 7, "last 30 days": 30,
                                  "all": None}
LATEST = 200          # rows of the latest-changes table
READ_MOST = 100_000   # changes read for a window's table at most
LISTED = 10           # families, licence changes and flags listed
TABLE_COLUMNS = ["model", "kind", "before", "after", "relation", "when"]
HISTORY_COLUMNS = ["when", "what", "before → after", "load"]

EMPTY = ("No change recorded yet: changes appear from the second load of a source (the first "
         "is the baseline). Load a newer snapshot with `lineage load file --complete` or "
         "refresh from the Hub with `lineage load hub --all --since last`.")


# -- text ----------------------------------------------------------------------------------

def when(value: Any) -> str:
    """A moment as the pages show it.

    >>> when(dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc))
    '2026-03-01 09:30 UTC'
    """
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value) if value is not None else "not recorded"


def day(value: Any) -> str:
    """A moment as its day.

    >>> day(dt.datetime(2026, 3, 1, 9, 30))
    '2026-03-01'
    """
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)[:10] if value else "an unrecorded day"


def value_text(value: Any) -> str:
    """A watched fact's value as text: a list joined, nothing as ``''``.

    >>> value_text(["apache-2.0", "mit"]), value_text(None), value_text(1204)
    ('apache-2.0, mit', '', '1204')
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def change_text(row: Mapping[str, Any]) -> str:
    """What one change did, before → after, in words.

    >>> change_text({"kind": "license", "before": ["apache-2.0"], "after": ["mit"]})
    'apache-2.0 → mit'
    >>> change_text({"kind": "parent_ended", "before": "org/b", "relation": "quantization"})
    'no longer declares org/b (quantization)'
    """
    kind, before, after = row["kind"], row.get("before"), row.get("after")
    relation = row.get("relation")
    named = f" ({LABELS.get(relation, relation)})" if relation else ""
    if kind == "added":
        return "loaded for the first time"
    if kind == "removed":
        return "no longer listed by its source; kept with its history"
    if kind == "returned":
        return "listed again"
    if kind == "parent_added":
        return f"now declares {value_text(after)}{named}"
    if kind == "parent_ended":
        return f"no longer declares {value_text(before)}{named}"
    if kind == "card":
        def length(v: Any) -> str:
            return "no card" if v in (None, "") else f"{v:,} characters"
        return f"{length(before)} → {length(after)}"
    return f"{value_text(before) or 'none'} → {value_text(after) or 'none'}"


def window_since(window: str, newest_load: Mapping[str, Any] | None, today: dt.date
                 ) -> str | None:
    """The ``since`` of a window: the newest load (its id: from its start, the moment every
    change it recorded is stamped with), a day, or None (from the beginning).

    >>> window_since("last 7 days", {"id": "s3"}, dt.date(2026, 3, 8))
    '2026-03-01'
    >>> window_since(LAST_LOAD, {"id": "s3"}, dt.date(2026, 3, 8))
    's3'
    >>> window_since("all", {"id": "s3"}, dt.date(2026, 3, 8)) is None
    True
    """
    if window == LAST_LOAD:
        return (newest_load or {}).get("id")
    days = WINDOWS.get(window)
    return None if days is None else (today - dt.timedelta(days=days)).isoformat()


def counts_of(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Changes by kind, in the order of :data:`lineage.changes.KINDS`.

    >>> counts_of([{"kind": "removed"}, {"kind": "added"}, {"kind": "added"}])
    {'added': 2, 'removed': 1}
    """
    found = collections.Counter(row["kind"] for row in rows)
    return {kind: found[kind] for kind in (*KINDS, *sorted(set(found) - set(KINDS)))
            if found[kind]}


def table_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Changes (newest first) as the latest-changes table shows them."""
    return [{"model": row["model"], "kind": row["kind"], "before": value_text(row["before"]),
             "after": value_text(row["after"]),
             "relation": LABELS.get(row["relation"], row["relation"]) or "",
             "when": when(row["at"])} for row in rows]


def history_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One model's changes as its history table shows them, oldest first."""
    return [{"when": when(row["at"]), "what": row["kind"], "before → after": change_text(row),
             "load": row.get("snapshot") or ""} for row in rows]


# -- reads (cached until the next load) ------------------------------------------------------

@st.cache_data(ttl=KEPT, max_entries=64, show_spinner=False)
def any_change(_lineage: Explorer, where: str, version: tuple) -> bool:
    return bool(_lineage.changes(limit=1))


@st.cache_data(ttl=KEPT, max_entries=64, show_spinner="Reading the changes ...")
def window_changes(_lineage: Explorer, where: str, version: tuple, since: str | None
                   ) -> list[dict[str, Any]]:
    """The newest changes of a window (at most :data:`READ_MOST`), newest first."""
    return _lineage.changes(since=since, limit=READ_MOST, newest_first=True)


@st.cache_data(ttl=KEPT, max_entries=64, show_spinner="Summarising the changes ...")
def window_summary(_lineage: Explorer, where: str, version: tuple, since: str | None
                   ) -> dict[str, Any]:
    """The explorer's summary of a window: counts by kind, families grown, licence changes,
    governance flags and loads."""
    return _lineage.change_summary(since=since)


@st.cache_data(ttl=KEPT, max_entries=2048, show_spinner=False)
def found_by(_lineage: Explorer, where: str, version: tuple, model_id: str) -> dict[str, Any]:
    """The model an id finds, saying when it is an id the model had before a rename."""
    return _lineage.model(model_id)


@st.cache_data(ttl=KEPT, max_entries=2048, show_spinner=False)
def history_of(_lineage: Explorer, where: str, version: tuple, model_id: str
               ) -> list[dict[str, Any]]:
    return _lineage.history(model_id)


def arrow(rows: list[dict[str, Any]], columns: list[str]) -> pa.Table:
    return results.arrow_table(columns, rows)


# -- the Ecosystem page's panel ----------------------------------------------------------------

def show_what_changed(lineage: Explorer, where: str, newest_load: Mapping[str, Any] | None,
                      open_model: Callable[[str], None]) -> None:
    """The "What changed" panel: a window, the counts by kind, the families that grew most,
    licence changes, new governance flags and the latest changes (filtered by kind)."""
    st.subheader("What changed", anchor=False)
    version = data_version(lineage, where)
    if not any_change(lineage, where, version):
        st.info(EMPTY, icon=":material/history:")
        return
    window = st.segmented_control("Window", list(WINDOWS), default=LAST_LOAD,
                                  key="changes_window") or LAST_LOAD
    load_id = (newest_load or {}).get("id")
    since = window_since(window, newest_load, dt.datetime.now(dt.timezone.utc).date())
    summary = window_summary(lineage, where, version, since)
    rows = window_changes(lineage, where, version, since)
    loads = len(summary.get("loads") or ())
    if window == LAST_LOAD:
        st.caption(f"The changes the newest load ({escape_markdown(str(load_id))}, "
                   f"{escape_markdown(str((newest_load or {}).get('source') or '?'))}, "
                   f"{when((newest_load or {}).get('started_at'))}) recorded.")
    elif since:
        st.caption(f"The changes loads recorded since {since} (UTC): "
                   f"{loads:,} load{'s' if loads != 1 else ''}.")
    else:
        st.caption(f"Every change loads recorded: {loads:,} load{'s' if loads != 1 else ''}.")
    counts = {kind: n for kind, n in summary["counts"].items() if n}
    if not counts:
        st.caption("No change recorded in this window.")
        return
    st.dataframe(arrow([{"kind": kind, "changes": n, "meaning": KINDS.get(kind, "")}
                        for kind, n in counts.items()], ["kind", "changes", "meaning"]),
                 hide_index=True, key="change-counts")
    left, middle, right = st.columns(3)
    with left:
        st.markdown("**Families that grew most**")
        grown = summary.get("families_grown") or []
        if grown:
            st.dataframe(arrow([dict(r) for r in grown[:LISTED]], ["family", "added"]),
                         hide_index=True, key="families-grown")
        else:
            st.caption("No family gained a model.")
    with middle:
        st.markdown("**Licence changes**")
        licences = list(reversed(summary.get("license_changes") or []))  # newest first
        if licences:
            st.dataframe(arrow([{"model": r["model"], "before": value_text(r["before"]),
                                 "after": value_text(r["after"]), "when": when(r["at"])}
                                for r in licences[:LISTED]],
                               ["model", "before", "after", "when"]),
                         hide_index=True, key="licence-changes")
        else:
            st.caption("No licence changed.")
    with right:
        st.markdown("**Governance flags on the models that changed**")
        flags = summary.get("governance_flags") or []
        if flags:
            st.dataframe(arrow([{"flag": f["flag"], "models": f["models"],
                                 "examples": value_text(f.get("examples"))}
                                for f in flags[:LISTED]], ["flag", "models", "examples"]),
                         hide_index=True, key="governance-flags")
            st.caption("Raised now on the models whose licence, parents or other watched "
                       "facts changed in the window (`lineage review` explains each flag).")
        else:
            st.caption("No flag on the models that changed.")
    latest_changes(rows, open_model)


def latest_changes(rows: list[dict[str, Any]], open_model: Callable[[str], None]) -> None:
    """The latest changes of the window, newest first, filtered by kind; a row opens its
    model."""
    st.markdown("**Latest changes**")
    present = list(counts_of(rows))
    kinds = st.multiselect("Kinds", present, key="changes_kinds",
                           placeholder="every kind (pick some to filter)")
    kept = [row for row in rows if not kinds or row["kind"] in kinds]
    shown = table_rows(kept[:LATEST])
    picked = st.dataframe(arrow(shown, TABLE_COLUMNS), hide_index=True, key="changes-latest",
                          on_select="rerun", selection_mode="single-row")
    cut = (f" (read: the newest {READ_MOST:,} of the window; choose a shorter one)"
           if len(rows) >= READ_MOST else "")
    st.caption(f"The latest {min(len(kept), LATEST):,} of {len(kept):,} "
               f"change{'s' if len(kept) != 1 else ''}{cut}: pick one to open its model; "
               "`lineage changes` lists them all.")
    chosen = picked.selection.rows if picked else []
    if chosen:
        open_model(shown[chosen[0]]["model"])


# -- the Model page's history --------------------------------------------------------------

def show_banners(lineage: Explorer, where: str, version: tuple, model: Mapping[str, Any],
                 asked: str | None) -> None:
    """A removed model, and a model found by the id it had before a rename (``asked``: the id
    the page was asked for), say so."""
    if asked and asked.strip().lower() != model["key"]:
        # Only then can it be an old id: a model shown by its own id costs no read.
        old = found_by(lineage, where, version, asked).get("renamed_from")
        if old:
            st.info(escape_markdown(f"{old} was renamed to {model['id']}: the old id still "
                                    "finds it."), icon=":material/edit:")
    if model.get("removed"):
        st.warning(escape_markdown(
            f"Removed from the Hub on {day(model.get('removed_at'))} (load "
            f"{model.get('removed_snapshot') or 'not recorded'}); kept with its history."),
            icon=":material/delete:")


def show_history(lineage: Explorer, where: str, version: tuple, model_id: str) -> None:
    """The model's recorded changes: when, what, before → after, and the load."""
    st.subheader("History", anchor=False)
    rows = history_of(lineage, where, version, model_id)
    if not rows:
        st.caption("No change recorded for this model. Changes appear from the second load "
                   "of a source: `lineage load file --complete` or `lineage load hub --all "
                   "--since last`.")
        return
    st.dataframe(arrow(history_rows(rows), HISTORY_COLUMNS), hide_index=True, key="history")
