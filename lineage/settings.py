"""Settings in one place: a frozen object read from the environment and validated on creation.

The Neo4j connection uses the standard variables every Neo4j tool reads, so the same code talks to
the local server, the docker-compose service or a remote cluster / Aura (``neo4j+s://``):

================================  ===========================================================
``NEO4J_URI``                     Bolt URI (default ``bolt://127.0.0.1:7687``)
``NEO4J_USERNAME``                user (default ``neo4j``)
``NEO4J_PASSWORD``                password; when unset, the one kept in
                                  ``$LINEAGE_HOME/credentials.env`` by ``lineage db start``
``NEO4J_DATABASE``                database name (default ``neo4j``)
``LINEAGE_HOME``                  everything the local server keeps: data, logs, config,
                                  credentials; the card text store (default ``~/.lineage``)
``LINEAGE_NEO4J_CACHE``           where the Neo4j jars fetched from Maven Central are cached
                                  (default ``~/.cache/lineage/neo4j``)
``LINEAGE_NEO4J_HEAP``            local server JVM heap (default ``4g``)
``LINEAGE_NEO4J_PAGECACHE``       local server page cache (default ``4g``)
``LINEAGE_QUERY_TIMEOUT``         seconds before a query is aborted (default ``60``)
``LINEAGE_MAX_ROWS``              row cap for ad-hoc queries a user types (default ``1000``)
``LINEAGE_MAX_BYTES``             cap on the bytes an ad-hoc query returns (default ``16777216``)
``LINEAGE_UI_PORT``               port of the Streamlit app (default ``8501``)
================================  ===========================================================
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from lineage.errors import SettingsError

URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_SIZE = re.compile(r"^[1-9][0-9]*[kmg]$", re.IGNORECASE)
CREDENTIALS_FILE = "credentials.env"

#: Every variable the project reads, with its default (None: no default). Documented above and in
#: the README; a test keeps the three in step.
VARIABLES: dict[str, str | None] = {
    "NEO4J_URI": "bolt://127.0.0.1:7687",
    "NEO4J_USERNAME": "neo4j",
    "NEO4J_PASSWORD": None,
    "NEO4J_DATABASE": "neo4j",
    "LINEAGE_HOME": "~/.lineage",
    "LINEAGE_NEO4J_CACHE": "~/.cache/lineage/neo4j",
    "LINEAGE_NEO4J_HEAP": "4g",
    "LINEAGE_NEO4J_PAGECACHE": "4g",
    "LINEAGE_QUERY_TIMEOUT": "60",
    "LINEAGE_MAX_ROWS": "1000",
    "LINEAGE_MAX_BYTES": "16777216",
    "LINEAGE_UI_PORT": "8501",
}


@dataclasses.dataclass(frozen=True)
class Settings:
    """Validated settings; build one with :meth:`from_env`."""

    uri: str
    username: str
    password: str | None
    database: str
    home: Path
    neo4j_cache: Path
    neo4j_heap: str
    neo4j_pagecache: str
    query_timeout: float
    max_rows: int
    ui_port: int
    password_source: str = "NEO4J_PASSWORD"
    max_bytes: int = 16 * 2**20

    def __post_init__(self) -> None:
        parts = urlsplit(self.uri)
        if parts.scheme not in URI_SCHEMES or not parts.hostname:
            raise SettingsError(
                f"NEO4J_URI={self.uri!r} is not a Neo4j URI: use one of "
                f"{', '.join(s + '://host:port' for s in ('bolt', 'neo4j', 'neo4j+s'))}"
            )
        try:
            parts.port
        except ValueError as err:
            raise SettingsError(f"NEO4J_URI={self.uri!r} has a bad port: {err}") from None
        if not self.username:
            raise SettingsError("NEO4J_USERNAME is empty: set it to a Neo4j user (default neo4j)")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9.\-]*", self.database):
            raise SettingsError(f"NEO4J_DATABASE={self.database!r} is not a valid database name")
        for name, value in (("LINEAGE_NEO4J_HEAP", self.neo4j_heap),
                            ("LINEAGE_NEO4J_PAGECACHE", self.neo4j_pagecache)):
            if not _SIZE.match(value):
                raise SettingsError(f"{name}={value!r} is not a memory size such as 512m or 4g")
        if self.query_timeout <= 0:
            raise SettingsError("LINEAGE_QUERY_TIMEOUT must be a positive number of seconds")
        if self.max_rows <= 0:
            raise SettingsError("LINEAGE_MAX_ROWS must be a positive whole number")
        if self.max_bytes <= 0:
            raise SettingsError("LINEAGE_MAX_BYTES must be a positive whole number of bytes")
        if not 0 < self.ui_port < 65536:
            raise SettingsError("LINEAGE_UI_PORT must be a port number between 1 and 65535")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            value = env.get(name, "").strip()
            return value or (VARIABLES[name] or "")

        home = Path(get("LINEAGE_HOME")).expanduser()
        password, source = env.get("NEO4J_PASSWORD") or None, "NEO4J_PASSWORD"
        if password is None:
            password = read_credentials(home).get("NEO4J_PASSWORD")
            source = str(home / CREDENTIALS_FILE)
        return cls(
            uri=get("NEO4J_URI"),
            username=get("NEO4J_USERNAME"),
            password=password,
            database=get("NEO4J_DATABASE"),
            home=home,
            neo4j_cache=Path(get("LINEAGE_NEO4J_CACHE")).expanduser(),
            neo4j_heap=get("LINEAGE_NEO4J_HEAP").lower(),
            neo4j_pagecache=get("LINEAGE_NEO4J_PAGECACHE").lower(),
            query_timeout=_number("LINEAGE_QUERY_TIMEOUT", get("LINEAGE_QUERY_TIMEOUT"), float),
            max_rows=_number("LINEAGE_MAX_ROWS", get("LINEAGE_MAX_ROWS"), int),
            ui_port=_number("LINEAGE_UI_PORT", get("LINEAGE_UI_PORT"), int),
            password_source=source,
            max_bytes=_number("LINEAGE_MAX_BYTES", get("LINEAGE_MAX_BYTES"), int),
        )

    def replace(self, **changes: object) -> Settings:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    @property
    def local_bolt_port(self) -> int | None:
        """The Bolt port when ``uri`` names this machine (so a local server can serve it)."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        if host == "localhost" or _is_loopback(host):
            return parts.port or 7687
        return None

    @property
    def credentials_file(self) -> Path:
        return self.home / CREDENTIALS_FILE


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _number(name: str, text: str, kind: type) -> float | int:
    try:
        return kind(text)
    except ValueError:
        raise SettingsError(f"{name}={text!r} is not a number") from None


def read_credentials(home: Path) -> dict[str, str]:
    """The ``KEY=value`` lines of ``home/credentials.env`` (empty when the file is absent)."""
    path = home / CREDENTIALS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and not key.lstrip().startswith("#"):
            values[key.strip()] = value.strip()
    return values


def write_credentials(home: Path, values: Mapping[str, str]) -> Path:
    """Write ``values`` to ``home/credentials.env``, readable by the user only (0600)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / CREDENTIALS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("# Written by `lineage db start`; readable by you only.\n")
        for key, value in values.items():
            out.write(f"{key}={value}\n")
    os.chmod(path, 0o600)
    return path
