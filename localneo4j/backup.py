"""Backups of the local server's graph: Neo4j's own ``neo4j-admin database dump`` and ``load``,
together with the card text store beside the graph.

A backup is a folder:

* ``<database>.dump`` - the graph, as ``neo4j-admin database dump`` writes it;
* ``cards/`` - the card text stores of ``$LINEAGE_HOME/cards`` (the graph's ``CardStore`` node
  names its own);
* ``backup.json`` - what the backup holds: its format, the Neo4j version, the database, when it
  was made, the models it holds, and the note on credentials: the users and their passwords
  live in Neo4j's ``system`` database, which a backup leaves out, so a restored graph keeps the
  password of the server it is restored into.

The server must be stopped for either (Neo4j Community cannot dump a running database): both
stop it when it runs and start it again afterwards. A backup appears whole or not at all (it is
written beside its place and renamed); a restore replaces the graph only once the dump has
loaded, and refuses, with the fix, to replace a graph that holds models unless told to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from lineage.cypher.client import Graph
from lineage.errors import LocalServerError, UsageError
from lineage.localneo4j.server import NEO4J_VERSION, LocalServer

__all__ = ["MANIFEST", "Backup", "backup", "restore", "read_manifest"]

MANIFEST = "backup.json"
FORMAT = 1
CREDENTIALS_NOTE = ("The users and passwords of the server are not in this backup (they live "
                    "in Neo4j's system database): a restored graph keeps the password of the "
                    "server it is restored into ($LINEAGE_HOME/credentials.env or "
                    "NEO4J_PASSWORD).")


@dataclasses.dataclass(frozen=True)
class Backup:
    """What a backup holds (its ``backup.json``)."""

    path: Path
    database: str
    models: int | None
    made_at: str
    neo4j_version: str
    cards: bool


def _models(server: LocalServer) -> int:
    with Graph.connect(server.settings) as graph:
        return graph.run("stats/graph")[0]["models"]


def _cards(server: LocalServer) -> Path:
    return server.settings.home / "cards"


def backup(server: LocalServer, path: Path, say: Callable[[str], None] = lambda _: None
           ) -> Backup:
    """Write a backup of the server's graph and card texts to the new folder ``path``."""
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(f"{path} already exists: give a new folder for the backup")
    if not path.resolve().parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.resolve().parent} does not "
                         "exist")
    database = server.settings.database
    running = server.status().running
    if not running and not (server.data_dir / "databases" / database).exists():
        raise UsageError(f"there is no database {database!r} under {server.data_dir} to back "
                         "up: start the server and load a graph first")
    models = _models(server) if running else None
    staging = path.with_name(f".{path.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        if running:
            say("Stopping Neo4j for the dump (Neo4j Community dumps a stopped database) ...")
            server.stop()
        say(f"Dumping database {database!r} ...")
        result = server.admin("database", "dump", database, f"--to-path={staging}",
                              "--overwrite-destination=true")
        if result.returncode != 0:
            raise LocalServerError(f"neo4j-admin could not dump {database!r}:\n"
                                   f"{(result.stdout + result.stderr).strip()[-2000:]}")
        cards = _cards(server)
        if cards.is_dir():
            shutil.copytree(cards, staging / "cards")
        made = Backup(path, database, models, dt.datetime.now(dt.UTC).replace(
            microsecond=0).isoformat(), NEO4J_VERSION, cards.is_dir())
        (staging / MANIFEST).write_text(json.dumps({
            "format": FORMAT, "database": database, "models": models, "made_at": made.made_at,
            "neo4j_version": NEO4J_VERSION, "cards": made.cards,
            "credentials": CREDENTIALS_NOTE}, indent=2) + "\n", encoding="utf-8")
        if path.exists():
            path.rmdir()
        staging.rename(path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if running:
            server.start()
    return made


def read_manifest(path: Path) -> Backup:
    """The backup in folder ``path``; a usage error saying what is wrong otherwise."""
    path = Path(path)
    manifest = path / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path} is not a backup: it holds no {MANIFEST} (make one with "
                         "`lineage db backup PATH`)") from None
    except (OSError, json.JSONDecodeError) as err:
        raise UsageError(f"{manifest} cannot be read: {err}") from None
    if data.get("format") != FORMAT:
        raise UsageError(f"{path} is a backup of format {data.get('format')!r}; this version "
                         f"restores format {FORMAT}")
    database = str(data.get("database"))
    if not (path / f"{database}.dump").is_file():
        raise UsageError(f"{path} holds no {database}.dump: the backup is incomplete")
    return Backup(path, database, data.get("models"), str(data.get("made_at")),
                  str(data.get("neo4j_version")), bool(data.get("cards")))


def restore(server: LocalServer, path: Path, replace: bool = False,
            say: Callable[[str], None] = lambda _: None) -> Backup:
    """Replace the server's graph and card texts with the backup in ``path``.

    Refuses when the graph holds models, unless ``replace``. The server runs afterwards when it
    ran before.
    """
    made = read_manifest(path)
    database = server.settings.database
    running = server.status().running
    if not replace and (server.data_dir / "databases" / database).exists():
        if not running:
            server.start()
        try:
            models = _models(server)
        finally:
            if not running:
                server.stop()
        if models:
            raise UsageError(f"database {database!r} at {server.settings.uri} holds {models:,} "
                             f"models that the restore would replace: pass --yes to replace "
                             "them (or `lineage db backup` them first)")
    if server.status().running:
        say("Stopping Neo4j to load the backup ...")
        server.stop()
    try:
        say(f"Loading {made.path / (made.database + '.dump')} into database {database!r} ...")
        # The dump is named after the database it came from; load reads <database>.dump.
        source = Path(path)
        if made.database != database:
            source = Path(path) / ".load"
            source.mkdir(exist_ok=True)
            shutil.copy(Path(path) / f"{made.database}.dump", source / f"{database}.dump")
        result = server.admin("database", "load", database, f"--from-path={source}",
                              "--overwrite-destination=true")
        if source != Path(path):
            shutil.rmtree(source, ignore_errors=True)
        if result.returncode != 0:
            raise LocalServerError(f"neo4j-admin could not load the backup into {database!r}:\n"
                                   f"{(result.stdout + result.stderr).strip()[-2000:]}")
        cards = _cards(server)
        previous = cards.with_name(".cards.replaced")
        shutil.rmtree(previous, ignore_errors=True)
        if cards.exists():
            cards.rename(previous)
        if made.cards and (Path(path) / "cards").is_dir():
            shutil.copytree(Path(path) / "cards", cards)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        if running:
            server.start()
    return made
