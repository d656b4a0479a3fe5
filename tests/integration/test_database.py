"""The local server, the schema, the one module that talks to Neo4j, and its clear errors."""

import os
import stat
import subprocess
import sys

import pytest

from lineage.cypher import queries, schema
from lineage.cypher.client import Graph
from lineage.errors import AuthenticationFailed, DatabaseUnavailable, QueryError, QueryRefused
from lineage.localneo4j.server import NEO4J_VERSION, LocalServer
from tests.conftest import free_port, server_rows, test_settings


def test_every_named_query_is_accepted_by_the_server(graph):
    warnings = {}
    for name in queries.catalogue():
        found = graph.explain(name)  # raises QueryError if the server cannot parse or plan it
        if found:
            warnings[name] = found
    assert warnings == {}


def test_schema_is_idempotent_and_versioned(graph):
    before, after = schema.apply(graph)
    assert before == after == schema.latest_version()
    names = {row["name"] for row in graph.adhoc("SHOW CONSTRAINTS YIELD name").rows}
    assert {"model_key", "model_id", "snapshot_id"} <= names


def test_an_index_a_crash_left_under_a_constraint_name_gives_way_to_the_constraint(graph):
    # A server killed while a uniqueness constraint populates keeps the index under the
    # constraint's name, owned by nothing; the next schema run must still create the
    # constraint rather than fail on the name.
    server_rows(graph, "DROP CONSTRAINT model_id IF EXISTS")
    server_rows(graph, "CREATE INDEX model_id FOR (m:Model) ON (m.id)")
    schema.apply(graph)
    assert server_rows(graph, "SHOW CONSTRAINTS YIELD name, type WHERE name = 'model_id' "
                              "RETURN type") == [{"type": "UNIQUENESS"}]


def test_server_reports_the_pinned_version(graph):
    assert graph.run("server/version")[0]["version"] == NEO4J_VERSION


def test_wrong_password_gets_a_clear_error(neo4j_settings):
    wrong = neo4j_settings.replace(password="not-the-password", password_source="NEO4J_PASSWORD")
    with pytest.raises(AuthenticationFailed) as err:
        Graph.connect(wrong)
    assert "refused user 'neo4j'" in str(err.value)
    assert "Set NEO4J_PASSWORD" in str(err.value)


def test_wrong_password_on_the_command_line_exits_1_with_the_fix(neo4j_settings, tmp_path):
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": "wrong-password",
           "LINEAGE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "lineage.ui", "search", "x"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "refused user 'neo4j'" in result.stderr and "NEO4J_PASSWORD" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_server_names_the_command_that_starts_it(tmp_path):
    settings = test_settings(tmp_path, free_port(), password="whatever1")
    with pytest.raises(DatabaseUnavailable) as err:
        Graph.connect(settings)
    assert f"cannot reach Neo4j at {settings.uri}" in str(err.value)
    assert "lineage db start" in str(err.value)


def test_adhoc_queries_may_only_read(graph):
    with pytest.raises(QueryRefused, match="writes; the console only reads the graph"):
        graph.adhoc("CREATE (:Model {key: 'x', id: 'x'})")
    assert graph.adhoc("MATCH (m:Model) RETURN count(m) AS n").rows == [{"n": 0}]


def test_adhoc_queries_are_capped(graph):
    result = graph.adhoc("UNWIND range(1, 50) AS i RETURN i", max_rows=10)
    assert result.truncated and [r["i"] for r in result.rows] == list(range(1, 11))
    whole = graph.adhoc("UNWIND range(1, 5) AS i RETURN i", max_rows=10)
    assert not whole.truncated and len(whole.rows) == 5


def test_adhoc_query_errors_say_what_the_server_said(graph):
    with pytest.raises(QueryError, match="Neo4j rejected the query"):
        graph.adhoc("MATCH (m RETURN m")


def test_transactions_carry_the_query_name(graph):
    import threading
    import time

    slow = threading.Thread(target=graph.adhoc, daemon=True,
                            args=("UNWIND range(1, 200000000) AS i RETURN count(i) AS n",))
    slow.start()
    seen: list = []
    deadline = time.monotonic() + 30
    while slow.is_alive() and time.monotonic() < deadline and not seen:
        seen = [r["metaData"] for r in server_rows(
            graph, "SHOW TRANSACTIONS YIELD metaData RETURN metaData")
            if r["metaData"].get("query") == "adhoc"]
        time.sleep(0.1)
    assert seen == [{"app": "lineage", "query": "adhoc"}]


def test_local_server_survives_stop_and_start_with_its_data(tmp_path):
    """A second server of its own: generated password, second start harmless, data kept."""
    settings = test_settings(tmp_path / "home", free_port())
    server = LocalServer(settings)
    try:
        first = server.start()
        assert first.running and first.version == NEO4J_VERSION
        credentials = settings.home / "credentials.env"
        assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
        again = server.start()  # harmless
        assert again.pid == first.pid
        with Graph.connect(server.settings) as graph:
            schema.apply(graph)
            graph.run("load/snapshot_start", id="kept", source="test", kind="test",
                      started=None)
        assert server.stop().running is False
        assert server.status().running is False
        server.start()
        with Graph.connect(server.settings) as graph:
            assert graph.adhoc("MATCH (s:Snapshot {id: 'kept'}) RETURN count(s) AS n"
                               ).rows == [{"n": 1}]
            assert schema.current_version(graph) == schema.latest_version()
    finally:
        server.stop()
