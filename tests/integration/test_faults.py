"""Faults: a load, a compute or an import killed midway (``kill -9``, at random points), the
Neo4j process killed under a load, a disk that fills up. Each time the graph a rerun gives is the
graph a clean run gives (a digest of every node and relationship, written apart from the
project's code: :mod:`tests.digest`), or the previous graph is intact, and the graph opens
afterwards.

The commands run as users run them: ``lineage ...`` in a process of its own, killed with its
whole process group (the card index process with it), on a server of this module's own.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lineage.cypher.cardstore import CardStore
from lineage.cypher.client import Graph
from lineage.loader.synthetic import generate
from lineage.localneo4j.server import LocalServer
from tests.conftest import free_port, test_settings
from tests.digest import digest

MODELS = 100_000
KILLS = 3


def environment(server: LocalServer) -> dict[str, str]:
    s = server.settings
    return {**os.environ, "LINEAGE_HOME": str(s.home), "NEO4J_URI": s.uri,
            "NEO4J_PASSWORD": s.password or "", "LINEAGE_NEO4J_HEAP": s.neo4j_heap,
            "LINEAGE_NEO4J_PAGECACHE": s.neo4j_pagecache, "LINEAGE_QUERY_TIMEOUT": "300"}


class Command:
    """``lineage ARGS`` running in a process group of its own; its standard error is read as
    it comes (``lines``)."""

    def __init__(self, server: LocalServer, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "lineage.ui", *args],
                                        env=environment(server), start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def kill(self) -> None:
        """``kill -9`` of the command and every process it started; it must still have been
        running (a kill that comes after the end tests nothing)."""
        assert self.process.poll() is None, "the command ended before it could be killed"
        os.killpg(self.process.pid, signal.SIGKILL)
        assert self.process.wait() == -signal.SIGKILL
        self._reader.join(timeout=10)

    def finish(self, timeout: float = 900) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return code


def run(server: LocalServer, *args: str) -> float:
    """Run ``lineage ARGS`` to the end (it must succeed); its wall time."""
    started = time.perf_counter()
    command = Command(server, *args)
    assert command.finish() == 0, "\n".join(command.lines[-20:])
    return time.perf_counter() - started


def killed_at(server: LocalServer, seconds: float, *args: str) -> Command:
    """``lineage ARGS`` killed ``seconds`` after it starts; again at half the time should it
    end first (a busy machine makes the clean run's length a poor guide)."""
    while True:
        command = Command(server, *args)
        deadline = time.monotonic() + seconds
        while command.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if command.process.poll() is None:
            command.kill()
            return command
        assert command.finish() == 0, command.lines[-5:]
        seconds /= 2


def state(server: LocalServer) -> tuple[str, dict[str, str]]:
    """The graph's digest and every stored card text by model key."""
    s = server.settings
    with Graph.connect(s) as graph:
        keys = [row["key"] for row in graph.adhoc(
            "MATCH (m:Model) WHERE m.has_card RETURN m.key AS key", max_rows=10**6,
            max_bytes=2**30).rows]
        store = CardStore.of(graph)
        texts = store.texts(keys) if store is not None else {}
    return digest(s.uri, s.password), texts


def clear(server: LocalServer) -> None:
    run(server, "db", "clear", "--yes")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LocalServer(test_settings(tmp_path_factory.mktemp("faults"), free_port()))
    server.start()
    yield server
    if server.status().running:
        server.stop()
    staging = server.settings.home / "import-staging"
    if staging.exists():
        leftover = LocalServer(server.settings.replace(home=staging))
        if leftover.status().running:
            leftover.stop()


@pytest.fixture(scope="module")
def ecosystem(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("eco") / "eco.parquet"
    generate(path, MODELS, seed=5)
    return path


@pytest.fixture(scope="module")
def clean(server, ecosystem, tmp_path_factory):
    """A clean load of the ecosystem into an empty graph, its state, and how long it took."""
    rejects = tmp_path_factory.mktemp("rejects")
    clear(server)
    seconds = run(server, "load", "file", str(ecosystem), "--rejects", str(rejects / "c.jsonl"))
    with Graph.connect(server.settings) as graph:
        models = graph.run("stats/graph")[0]["models"]
    return state(server), seconds, models


def test_a_load_killed_three_times_then_rerun_gives_the_clean_graph(server, ecosystem,
                                                                      clean, tmp_path):
    expected, seconds, models = clean
    assert models > MODELS and len(expected[1]) > MODELS / 2  # placeholders; most have cards
    clear(server)
    points = sorted(random.Random(11).uniform(0.1, 0.7) * seconds for _ in range(KILLS))
    for n, point in enumerate(points):
        killed_at(server, point, "load", "file", str(ecosystem), "--rejects",
                  str(tmp_path / f"killed-{n}.jsonl"))
    run(server, "load", "file", str(ecosystem), "--rejects", str(tmp_path / "rerun.jsonl"))
    assert state(server) == expected


def test_neo4j_killed_under_a_load_recovers_and_the_rerun_gives_the_clean_graph(
        server, ecosystem, clean, tmp_path):
    expected, seconds, _ = clean
    clear(server)
    load = Command(server, "load", "file", str(ecosystem), "--rejects",
                   str(tmp_path / "first.jsonl"))
    time.sleep(seconds / 2)
    pid = int((server.run_dir / "neo4j.pid").read_text().strip())
    os.kill(pid, signal.SIGKILL)
    assert load.finish() != 0
    assert any("Neo4j" in line for line in load.lines[-3:]), load.lines[-3:]
    run(server, "db", "start")
    run(server, "load", "file", str(ecosystem), "--rejects", str(tmp_path / "rerun.jsonl"))
    assert state(server) == expected


def test_a_compute_killed_three_times_then_rerun_stores_the_clean_measures(server, clean):
    run(server, "compute")
    expected = state(server)
    with Graph.connect(server.settings) as graph:
        graph.run("admin/remove_measures")
    seconds = run(server, "compute")
    assert state(server) == expected
    with Graph.connect(server.settings) as graph:
        graph.run("admin/remove_measures")
    for point in sorted(random.Random(12).uniform(0.1, 0.7) * seconds for _ in range(KILLS)):
        killed_at(server, point, "compute")
    run(server, "compute")
    assert state(server) == expected


def test_an_import_killed_in_each_phase_leaves_the_previous_database_intact(
        server, ecosystem, clean, tmp_path):
    run(server, "compute")
    previous = state(server)
    server.stop()
    rng = random.Random(13)
    # Killed while converting (before neo4j-admin is said to start), while neo4j-admin writes
    # the store (before the staging server is said to start), while the staged graph is
    # finished (before the finished graph takes the database's place): each time the previous
    # database opens as it was.
    phases = ((None, "with neo4j-admin"), ("with neo4j-admin", "Starting a staging Neo4j"),
              ("Starting a staging Neo4j", "Starting Neo4j ..."))
    for after, before in phases:
        command = Command(server, "db", "import", str(ecosystem), "--yes", "--rejects",
                          str(tmp_path / "import.jsonl"))
        while after and not command.said(after):
            assert command.process.poll() is None, command.lines[-5:]
            time.sleep(0.05)
        time.sleep(rng.uniform(0.5, 3.0))
        assert not command.said(before), (after, command.lines[-5:])
        command.kill()
        server.start()
        assert state(server) == previous, after
        server.stop()
    run(server, "db", "import", str(ecosystem), "--yes", "--rejects",
        str(tmp_path / "import.jsonl"))
    assert server.status().running
    with Graph.connect(server.settings) as graph:
        assert graph.run("stats/graph")[0]["models"] == clean[2]
    assert not (server.settings.home / "import-staging").exists()


def test_a_full_disk_says_so_in_one_line_and_the_graph_opens_afterwards(ecosystem, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=700m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("a small filesystem for LINEAGE_HOME needs `mount -t tmpfs` (root)")
    small = LocalServer(test_settings(mount / "home", free_port()))
    filler = mount / "filler"
    try:
        small.start()
        # Neo4j's transaction logs take most of the disk at the start; what is left fills up
        # with the load's store and card texts, and a file that can be removed later.
        filler.write_bytes(b"\0" * 64 * 2**20)
        load = Command(small, "load", "file", str(ecosystem), "--rejects",
                       str(tmp_path / "rejects.jsonl"))
        assert load.finish() == 1
        errors = [line for line in load.lines if line.startswith("Error:")]
        assert len(errors) == 1 and f"the disk mounted at {mount}" in errors[0], load.lines[-5:]
        assert "Free space there" in errors[0]
        assert not any("Traceback" in line for line in load.lines)
        # Space freed and the server restarted, as the message says: the graph opens, with the
        # models written before the disk filled.
        filler.unlink()
        small.stop()
        small.start()
        with Graph.connect(small.settings) as graph:
            assert graph.run("stats/graph")[0]["models"] > 0
    finally:
        pid = small._pid()
        if pid is not None:
            try:
                small.stop()
            except Exception:
                os.kill(pid, signal.SIGKILL)
                while small._pid() is not None:
                    time.sleep(0.2)
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(mount)], check=False)
