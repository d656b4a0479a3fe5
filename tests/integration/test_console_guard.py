"""The console only reads the graph: refusals decided from the server's plan, the server's own
refusal of LOAD CSV, the byte cap, and a crowd of console queries leaving room for everyone else.
"""

from __future__ import annotations

import http.server
import threading

import pytest
from neo4j.exceptions import ClientError

from lineage.errors import QueryError, QueryRefused
from lineage.ui.cli import main
from lineage.ui.explorer import Explorer
from tests.conftest import free_port
from tests.families import FAMILY, write_crawl


@pytest.fixture
def listener():
    """A web server on loopback that counts the requests it gets: nothing may reach it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"secret,page\n")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    server.shutdown()


@pytest.fixture
def loaded(graph, cli_env, tmp_path):
    from lineage.loader.files import load_files

    load_files(graph, [write_crawl(tmp_path / "family.json", FAMILY)],
               rejects_path=tmp_path / "rejects.jsonl")
    return graph


REFUSED = {
    "LOAD CSV FROM $url AS row RETURN row": "LOAD CSV",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row": "LOAD CSV",
    "MATCH (m:Model) WITH m LIMIT 1 CALL (m) { LOAD CSV FROM $url AS r RETURN r } RETURN m":
        "LOAD CSV",
    "CALL dbms.listConfig()": "dbms.listConfig",
    "CALL dbms.components()": "dbms.components",
    "CALL db.createLabel('Evil')": "db.createLabel",
    "SHOW USERS": "administration",
    "SHOW SETTINGS": "SHOW SETTINGS",
    "SHOW TRANSACTIONS": "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": "TERMINATE TRANSACTIONS",
    "ALTER USER neo4j SET PASSWORD 'taken-over'": "administration",
    "CREATE (n:Model {id: 'x/evil', key: 'x/evil'}) RETURN n": "writes",
    "MATCH (m:Model) SET m.downloads = 0": "writes",
    "MATCH (m:Model) DETACH DELETE m": "writes",
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Model) ON (n.likes)": "schema",
    "CALL { MATCH (m:Model) RETURN m } IN TRANSACTIONS RETURN 1": "IN TRANSACTIONS",
}


@pytest.mark.parametrize("text", list(REFUSED))
def test_the_console_refuses_what_is_not_reading_the_graph(loaded, listener, text):
    url, hits = listener
    with Explorer() as explorer:
        before = explorer.size()
        with pytest.raises(QueryRefused, match=REFUSED[text]) as refused:
            explorer.cypher(text, {"url": url})
        assert "\n" not in str(refused.value) and str(refused.value).startswith("refused:")
        assert explorer.size() == before
    assert hits == []


@pytest.mark.parametrize("text,column", [
    ("CALL db.labels()", "label"),
    ("CALL db.relationshipTypes()", "relationshipType"),
    ("SHOW INDEXES YIELD name RETURN name", "name"),
    ("SHOW CONSTRAINTS YIELD name RETURN name", "name"),
    ("MATCH (m:Model) RETURN m.id AS id ORDER BY id // LOAD CSV in a comment is text", "id"),
    ("MATCH (m:Model) WHERE m.id STARTS WITH 'load csv' RETURN m.id AS id", "id"),
])
def test_the_console_answers_reads_and_the_schema_listings(loaded, text, column):
    with Explorer() as explorer:
        result = explorer.cypher(text)
    assert result.columns == [column] and not result.truncated
    if "STARTS WITH" not in text:
        assert result.rows


def test_the_command_line_says_why_in_one_line_and_exits_2(loaded, listener, capsys):
    url, hits = listener
    with pytest.raises(SystemExit) as stopped:
        main(["cypher", "LOAD CSV FROM $url AS row RETURN row", "-p", f"url={url}"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: refused: LOAD CSV") and "\n" not in err
    assert hits == []


def test_the_server_refuses_load_csv_even_from_a_query_that_skips_the_console(
        graph, listener, tmp_path):
    url, hits = listener
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n")
    driver = graph._driver
    for source in (url, secret.as_uri()):
        with driver.session(database=graph.settings.database) as session:
            with pytest.raises(ClientError, match="ExternalResourceFailed|blocked|file_urls"):
                session.run("LOAD CSV FROM $source AS row RETURN row", source=source).consume()
    assert hits == []


def test_a_result_past_the_byte_cap_is_cut_and_says_so(loaded):
    settings = Explorer().settings.replace(max_bytes=4_000, max_rows=10_000)
    with Explorer(settings) as explorer:
        result = explorer.cypher("UNWIND range(1, 1000) AS i RETURN i, "
                                 "reduce(s = '', x IN range(1, 100) | s + 'x') AS text")
        whole = explorer.cypher("UNWIND range(1, 3) AS i RETURN i")
    assert result.truncated and result.cut_by == "bytes"
    # Each row is about 120 bytes of JSON: 4,000 bytes hold 33 of them, never all 1,000.
    assert 20 < len(result.rows) < 40
    assert not whole.truncated and whole.cut_by is None and len(whole.rows) == 3


def test_a_crowd_of_heavy_console_queries_leaves_room_for_everyone_else(loaded):
    from lineage.ui import explorer as module

    settings = Explorer().settings.replace(query_timeout=4)
    heavy = "UNWIND range(1, 100000000) AS i WITH i WHERE i % 7 = 13 RETURN count(i) AS n"
    outcomes: list[str] = []

    def console() -> None:
        with Explorer(settings) as explorer:
            try:
                explorer.cypher(heavy)
                outcomes.append("answered")
            except QueryError as err:
                outcomes.append(type(err).__name__)

    crowd = [threading.Thread(target=console) for _ in range(10)]
    for thread in crowd:
        thread.start()
    # While the crowd runs (two at a time: the rest wait for a slot), another session's reads
    # are answered.
    with Explorer() as other:
        rows, total = other.kin("org/ft-a", "siblings")
        size = other.size()
    answered_while_crowded = any(thread.is_alive() for thread in crowd)
    for thread in crowd:
        thread.join()
    assert answered_while_crowded
    assert [r["id"] for r in rows] == ["org/ft-b"] and total == 1 and size["models"] > 0
    assert len(outcomes) == 10
    assert module.CONSOLE_SLOTS == 2
