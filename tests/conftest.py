"""Shared fixtures.

Integration tests run against a real Neo4j 5.26 (the same local server `lineage db start` runs),
started once per test session on a free port with a throwaway home directory. The fetched jars
are cached where `lineage db start` caches them, so only the first run on a machine downloads.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage.cypher import schema
from lineage.cypher.client import Graph
from lineage.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("LINEAGE_SHARED_DATA", REPO.parent / "shared" / "data"))
CRAWLS = SHARED_DATA / "hf-family-crawls"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_settings(home: Path, port: int, password: str | None = None, **extra: str) -> Settings:
    """Settings for a small server of the tests' own (heap and page cache kept modest)."""
    env = {
        "LINEAGE_HOME": str(home),
        "NEO4J_URI": f"bolt://127.0.0.1:{port}",
        "LINEAGE_NEO4J_HEAP": "768m",
        "LINEAGE_NEO4J_PAGECACHE": "256m",
        "LINEAGE_QUERY_TIMEOUT": "120",
        **({"NEO4J_PASSWORD": password} if password else {}),
        **extra,
    }
    if os.environ.get("LINEAGE_NEO4J_CACHE"):
        env["LINEAGE_NEO4J_CACHE"] = os.environ["LINEAGE_NEO4J_CACHE"]
    return Settings.from_env(env)


test_settings.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def crawls() -> Path:
    """The real crawled families in ../shared/data (skips when they are absent)."""
    if not CRAWLS.is_dir():
        pytest.skip(f"the real crawl files are not here ({CRAWLS}); they live in the "
                    "project's shared data, outside the repository")
    return CRAWLS


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A real Neo4j server for the whole test session; stopped at the end."""
    from lineage.localneo4j.server import LocalServer

    settings = test_settings(tmp_path_factory.mktemp("lineage-home"), free_port(),
                             password=secrets.token_hex(12))
    server = LocalServer(settings)
    server.start()
    try:
        yield settings
    finally:
        server.stop()


@pytest.fixture
def graph(neo4j_settings: Settings) -> Iterator[Graph]:
    """A connection to an empty database with the schema in place."""
    with Graph.connect(neo4j_settings) as connection:
        connection.run("admin/clear")
        schema.apply(connection)
        yield connection


@pytest.fixture
def cli_env(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The process environment pointed at the test server, for CLI and app tests."""
    monkeypatch.setenv("LINEAGE_HOME", str(neo4j_settings.home))
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password or "")
    monkeypatch.setenv("LINEAGE_QUERY_TIMEOUT", "120")
    return neo4j_settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.integration)


def server_rows(graph: Graph, text: str, **params: object) -> list[dict]:
    """Rows of a query the tests run as the server's operator (procedures, SHOW TRANSACTIONS):
    straight through the driver, not through the console, which refuses them."""
    with graph._driver.session(database=graph.settings.database) as session:
        return [record.data() for record in session.run(text, params)]
