"""What every page of the app shares: the cached :class:`~lineage.ui.explorer.Explorer` and the
failure message.

The explorer (and its connection) is one cached resource per database. It is closed when the
cache lets it go (``on_release``), when the server process exits, and when the database stops
answering (a :class:`DatabaseUnavailable` drops it, so the next try connects afresh).
"""

from __future__ import annotations

import atexit
import sys
from collections.abc import Callable
from typing import Any

import streamlit as st

from lineage.errors import DatabaseUnavailable, LineageError
from lineage.settings import Settings
from lineage.ui.explorer import Explorer
from lineage.ui.render.facts import escape_markdown

_OPEN: set[Explorer] = set()
KEPT = 3600  # seconds a read keyed by the graph's version (:func:`data_version`) is kept


def _release(explorer: Explorer) -> None:
    _OPEN.discard(explorer)
    explorer.close()
    # Said on the server's console, beside Streamlit's own messages, so that an operator (and
    # a test) can see the connection go.
    sys.stderr.write(f"Closed the connection to Neo4j at {explorer.settings.uri}\n")
    sys.stderr.flush()


@st.cache_resource(show_spinner=False, on_release=_release)
def connect(settings: Settings) -> Explorer:
    explorer = Explorer.connect(settings)
    _OPEN.add(explorer)
    return explorer


@atexit.register
def _close_all() -> None:
    """The server stops: close every connection still open."""
    for explorer in list(_OPEN):
        _release(explorer)


@st.cache_data(ttl=60, show_spinner=False)
def data_version(_lineage: Explorer, where: str) -> tuple:
    """What identifies the graph's content: the newest load, the newest computation and the
    newest inference (the suggested parents the Model page draws).

    Reads whose answer changes only when the graph does are keyed by it and kept long: a
    new load, ``lineage compute`` or ``lineage infer`` shows within a minute, and until then
    every session shares their answers (one short query a minute instead of the reads again).
    """
    fresh = _lineage.freshness()
    return tuple((part or {}).get(name)
                 for part in (fresh["snapshot"], fresh["computation"], fresh.get("inference"))
                 for name in ("id", "started_at", "finished_at"))


@st.cache_data(ttl=15, show_spinner=False)
def changing(_lineage: Explorer, where: str) -> str | None:
    """What is changing the graph now, in words (None: nothing): a load or a ``lineage
    compute`` that started and has not finished. Read at most every 15 seconds."""
    fresh = _lineage.freshness()
    running = []
    if fresh.get("loading"):
        load = fresh["loading"]
        running.append(f"a load of {load.get('source') or load.get('kind') or 'models'} "
                       f"started at {_clock(load.get('started_at'))}")
    if fresh.get("computing"):
        running.append(f"`lineage compute` started at "
                       f"{_clock(fresh['computing'].get('started_at'))}")
    return " and ".join(running) or None


def _clock(value: Any) -> str:
    return value.strftime("%H:%M UTC") if hasattr(value, "strftime") else "?"


def show_changing(lineage: Explorer, where: str) -> None:
    """A banner while a load or a computation runs: what the pages show may be changing."""
    running = changing(lineage, where)
    if running:
        st.info(f"The graph is changing: {escape_markdown(running)} (not finished yet), so "
                "the numbers shown may change from one view to the next.",
                icon=":material/sync:")


def run_page(body: Callable[[Explorer, str], Any]) -> None:
    """Connect and call ``body(explorer, where)``; a failure shows as one clear message, and a
    banner says when the graph is changing under the page.

    ``where`` (the database's URI and name) keys the cached readers; their ``_lineage``
    argument is the explorer, left out of the key by its leading underscore.
    """
    try:
        settings = Settings.from_env()
        explorer = connect(settings)
        where = f"{settings.uri}/{settings.database}"
        show_changing(explorer, where)
        body(explorer, where)
    except LineageError as err:
        if isinstance(err, DatabaseUnavailable):
            connect.clear()
        show_failure(err)


def show_failure(err: LineageError) -> None:
    st.error(str(err), icon=":material/error:")
    if isinstance(err, DatabaseUnavailable):
        st.caption("Once the database answers, try again: the app need not be restarted.")
    st.button("Try again", key="retry")
