"""The app as served (`lineage ui`, a real Streamlit process) against the real Neo4j: its
connection's life, and the queries each run of a page sends.

Sessions speak Streamlit's own websocket protocol (tests/streamlit_client.py), as a browser tab
does. The database itself is the witness: ``dbms.listConnections()`` lists the app's Bolt
connections and the query collector (``db.stats.collect('QUERIES')``) counts every query the
server ran.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from lineage.cypher.client import Graph
from lineage.loader.files import load_files
from tests.browser.test_app_in_chromium import lineage_command, stop, wait_until_serving
from tests.conftest import free_port, server_rows
from tests.families import FAMILY, write_crawl
from tests.streamlit_client import AppSession

AGENT = "lineage-explorer"


@pytest.fixture
def served(graph, cli_env, tmp_path):
    """`lineage ui` serving the literal family; yields (url, server process, its log)."""
    load_files(graph, [write_crawl(tmp_path / "family.json", FAMILY)],
               rejects_path=tmp_path / "rejects.jsonl")
    port = free_port()
    log_path = tmp_path / "ui.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([*lineage_command(), "ui", "--port", str(port)], stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_serving(url, server, log_path)
            yield url, server, log_path
        finally:
            stop(server)


def connections(graph: Graph) -> set[str]:
    """The ids of the Bolt connections the server holds for the app's driver."""
    rows = server_rows(graph, "CALL dbms.listConnections() YIELD connectionId, userAgent "
                       "RETURN connectionId, userAgent")
    return {row["connectionId"] for row in rows if row["userAgent"].startswith(AGENT)}


def own_connections(graph: Graph) -> set[str]:
    """This test's own connections (the ones that listed the connections)."""
    rows = server_rows(graph, "SHOW TRANSACTIONS YIELD connectionId RETURN connectionId")
    return {row["connectionId"] for row in rows}


def app_connections(graph: Graph, before: set[str]) -> set[str]:
    return connections(graph) - before - own_connections(graph)


def eventually(check, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_the_cached_connection_is_closed_when_released_and_when_the_server_stops(served,
                                                                                   graph):
    url, server, log = served
    before = connections(graph)
    with AppSession(url) as session:
        assert "org/base" in session.open("/?model=org/base").headings()
        opened = app_connections(graph, before)
        assert opened, "the app holds no connection to the database while serving"
        # "Clear caches" releases the cached connection: it is closed while the app runs on.
        session.clear_caches()
        assert eventually(lambda: not (app_connections(graph, before) & opened))
        assert server.poll() is None
        # The next run connects afresh.
        assert "org/base" in session.open("/?model=org/base").headings()
        reopened = app_connections(graph, before)
        assert reopened and not reopened & opened
    assert log.read_text().count("Closed the connection to Neo4j at") == 1
    stop(server)  # SIGTERM, as a service manager or Ctrl-C stops it
    assert server.returncode == 0
    assert eventually(lambda: not app_connections(graph, before))
    assert log.read_text().count("Closed the connection to Neo4j at") == 2


class Collector:
    """The server's count of the queries it ran, by query text."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        server_rows(graph, "CALL db.stats.stop('QUERIES')")
        server_rows(graph, "CALL db.stats.clear('QUERIES')")
        server_rows(graph, "CALL db.stats.collect('QUERIES')")

    def counts(self) -> dict[str, int]:
        rows = server_rows(self.graph, "CALL db.stats.retrieve('QUERIES') YIELD data "
                           "RETURN data.query AS query, "
                           "data.invocationSummary.invocationCount AS n")
        return {row["query"]: row["n"] for row in rows
                if not row["query"].lstrip().upper().startswith(("CALL DB.STATS", "CALL DBMS",
                                                                 "SHOW "))}

    def total(self) -> int:
        return sum(self.counts().values())


def test_reruns_do_not_repeat_queries_whose_inputs_did_not_change(served, graph):
    url, _, _ = served
    collector = Collector(graph)
    with AppSession(url) as session:
        first = session.open("/?model=org/base")
        assert "org/base" in first.headings()
        ran = collector.total()
        assert ran > 0
        # The same page again, twice: nothing changed, so nothing is asked again.
        session.rerun()
        session.rerun()
        assert collector.total() == ran
        # A child is a new input: its queries run once ...
        child = session.click("org/ft-a ·")
        assert "org/ft-a" in child.headings()
        after_child = collector.total()
        assert after_child > ran
        # ... and going back to the model asks nothing it asked before.
        assert "org/base" in session.click("org/base ·").headings()
        assert collector.total() == after_child
        # Another page, opened twice: its queries run on the first visit only.
        assert "Ecosystem" in session.open("/ecosystem").headings()
        after_ecosystem = collector.total()
        assert after_ecosystem > after_child
        session.open("/ecosystem")
        assert collector.total() == after_ecosystem
    # A second session (another browser tab) on the same model is served from the cache too.
    with AppSession(url) as other:
        assert "org/base" in other.open("/?model=org/base").headings()
    assert collector.total() == after_ecosystem
    server_rows(graph, "CALL db.stats.stop('QUERIES')")
