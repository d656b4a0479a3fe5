"""A real Neo4j 5.26 Community server on this machine, without Docker.

The jars come from Maven Central once (``mvn dependency:copy-dependencies`` on the ``pom.xml``
beside this file) and are cached under ``LINEAGE_NEO4J_CACHE``. The server is run by Neo4j's own
bootloader, ``org.neo4j.server.startup.Neo4jCommand`` (what ``bin/neo4j`` runs in the
distribution), so pid files, background start and clean shutdown are Neo4j's. Everything the
server keeps (config, data, logs, pid) lives under ``$LINEAGE_HOME/neo4j``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from lineage.cypher.client import Graph
from lineage.errors import LineageError, LocalServerError, MissingTool
from lineage.settings import Settings, write_credentials

POM = resources.files(__package__).joinpath("pom.xml")
NEO4J_VERSION = re.search(r"<neo4j\.version>([^<]+)<", POM.read_text()).group(1)
JAVA_MAJOR = 17
BOOTLOADER = "org.neo4j.server.startup.Neo4jCommand"
ADMIN = "org.neo4j.server.startup.Neo4jAdminCommand"

# The JVM flags Neo4j's distribution ships in its default neo4j.conf (server.jvm.additional).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


@dataclasses.dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    uri: str
    version: str | None
    data_dir: Path
    memory_bytes: int | None = None

    def describe(self) -> str:
        if not self.running:
            return f"Neo4j is not running (data directory {self.data_dir})"
        memory = f", {self.memory_bytes / 2**20:.0f} MiB resident" if self.memory_bytes else ""
        return (f"Neo4j {self.version or '?'} is running at {self.uri} (pid {self.pid}{memory}); "
                f"data directory {self.data_dir}")


class LocalServer:
    """The local Neo4j server described by ``settings``."""

    def __init__(self, settings: Settings, say: Callable[[str], None] = lambda _: None) -> None:
        port = settings.local_bolt_port
        if port is None:
            raise LocalServerError(
                f"NEO4J_URI={settings.uri} names another machine; `lineage db` manages only a "
                "server on this one (use bolt://127.0.0.1:<port>)"
            )
        self.settings = settings
        self.port = port
        self.say = say
        self.home = settings.home / "neo4j"
        self.conf_dir = self.home / "conf"
        self.data_dir = self.home / "data"
        self.logs_dir = self.home / "logs"
        self.run_dir = self.home / "run"
        self.lib_dir = settings.neo4j_cache / NEO4J_VERSION / "lib"

    # -- public commands -------------------------------------------------------------------

    def start(self, timeout: float = 180) -> Status:
        """Start the server (fetching it first if needed) and wait until Bolt answers."""
        current = self.status()
        if current.running:
            self.say(f"Neo4j is already running at {self.settings.uri}")
            return current
        java = find_java()
        self.fetch()
        self.write_config()
        settings = self._ensure_password(java)
        self.say(f"Starting Neo4j {NEO4J_VERSION} (heap {settings.neo4j_heap}, page cache "
                 f"{settings.neo4j_pagecache}) ...")
        result = self._bootloader(java, BOOTLOADER, "start")
        if result.returncode != 0:
            raise LocalServerError(f"Neo4j did not start:\n{_tail(result.stdout + result.stderr)}"
                                   f"\n{self._log_tail()}")
        status = self._wait_until_ready(settings, timeout)
        self.say(f"Neo4j is ready at {settings.uri}")
        return status

    def stop(self, timeout: float = 120) -> Status:
        """Stop the server cleanly (Neo4j checkpoints the store before it exits)."""
        pid = self._pid()
        if pid is None:
            self.say("Neo4j is not running")
            return self.status()
        self.say("Stopping Neo4j ...")
        result = self._bootloader(find_java(), BOOTLOADER, "stop", timeout=timeout + 30)
        if result.returncode != 0 or self._pid() is not None:
            raise LocalServerError(f"Neo4j did not stop:\n{_tail(result.stdout + result.stderr)}")
        self.say("Neo4j stopped")
        return self.status()

    def status(self) -> Status:
        """Whether the server runs, with its version and data directory."""
        pid = self._pid()
        if pid is None:
            return Status(False, None, self.settings.uri, None, self.data_dir)
        version = None
        try:
            with Graph.connect(self.settings) as graph:
                version = graph.run("server/version")[0]["version"]
        except LineageError:
            pass
        return Status(True, pid, self.settings.uri, version, self.data_dir, _resident_bytes(pid))

    def fetch(self) -> Path:
        """Fetch the Neo4j jars from Maven Central into the cache (once)."""
        marker = self.lib_dir / ".complete"
        if marker.exists():
            return self.lib_dir
        mvn = shutil.which("mvn")
        if mvn is None:
            raise MissingTool(
                "Maven is needed once to fetch Neo4j from Maven Central: install it "
                "(Debian/Ubuntu: `apt-get install maven`), then run this again"
            )
        self.say(f"Fetching Neo4j {NEO4J_VERSION} from Maven Central (once; cached in "
                 f"{self.lib_dir.parent}) ...")
        self.lib_dir.parent.mkdir(parents=True, exist_ok=True)
        # Copy into a temporary folder and rename, so an interrupted fetch never looks complete.
        staging = Path(tempfile.mkdtemp(prefix="lib-", dir=self.lib_dir.parent))
        with resources.as_file(POM) as pom:
            result = subprocess.run(
                [mvn, "-B", "-q", "-f", str(pom), "dependency:copy-dependencies",
                 f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
                capture_output=True, text=True,
            )
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise LocalServerError(
                "Maven could not fetch Neo4j from Maven Central (is the network or a Maven "
                f"mirror reachable?):\n{_tail(result.stdout + result.stderr)}"
            )
        (staging / ".complete").write_text(NEO4J_VERSION)
        if marker.exists():  # another process finished the same fetch meanwhile
            shutil.rmtree(staging, ignore_errors=True)
            return self.lib_dir
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)
        return self.lib_dir

    def admin(self, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
        """Run ``neo4j-admin`` with ``args`` against this server's home (server stopped)."""
        java = find_java()
        self.fetch()
        self.write_config()
        return self._bootloader(java, ADMIN, *args, timeout=timeout)

    # -- configuration -----------------------------------------------------------------------

    def write_config(self) -> Path:
        """Write ``neo4j.conf`` from the settings (Bolt on loopback only, HTTP off)."""
        for folder in (self.conf_dir, self.data_dir, self.logs_dir, self.run_dir,
                       self.home / "plugins", self.home / "import"):
            folder.mkdir(parents=True, exist_ok=True)
        s = self.settings
        lines = [
            "# Written by `lineage db start` from the LINEAGE_* and NEO4J_URI settings;",
            "# edits here are overwritten at the next start.",
            f"server.directories.lib={self.lib_dir}",
            f"server.directories.data={self.data_dir}",
            f"server.directories.logs={self.logs_dir}",
            f"server.directories.run={self.run_dir}",
            f"server.directories.plugins={self.home / 'plugins'}",
            f"server.directories.import={self.home / 'import'}",
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{self.port}",
            f"server.bolt.advertised_address=127.0.0.1:{self.port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            "dbms.usage_report.enabled=false",
            f"server.memory.heap.initial_size={s.neo4j_heap}",
            f"server.memory.heap.max_size={s.neo4j_heap}",
            f"server.memory.pagecache.size={s.neo4j_pagecache}",
            # Half the heap for one transaction, 70 % for all of them at once (Neo4j's own
            # default for the total): one query (a user's, typed in the console) cannot take the
            # heap from the others, and a batch of a load or a compute still fits at a small
            # heap.
            f"db.memory.transaction.max={_share(s.neo4j_heap, 0.5)}",
            f"dbms.memory.transaction.total.max={_share(s.neo4j_heap, 0.7)}",
            # LOAD CSV reaches neither files nor the network, whatever query gets here; and no
            # plugin procedure is loaded (the console's allow-list is in lineage.cypher.guard).
            "dbms.security.allow_csv_import_from_file_urls=false",
            "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0",
            "dbms.security.procedures.allowlist=",
            "db.tx_log.rotation.retention_policy=1 files",
            *(f"server.jvm.additional={flag}" for flag in JVM_FLAGS),
        ]
        path = self.conf_dir / "neo4j.conf"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    # -- internals ---------------------------------------------------------------------------

    def _ensure_password(self, java: str) -> Settings:
        """Before the very first start, set the initial password (generated if none is set)."""
        settings = self.settings
        first_start = not (self.data_dir / "dbms" / "auth.ini").exists() and not (
            self.data_dir / "databases" / "system").exists()
        if not first_start:
            return settings
        if settings.password is None:
            # Hex, so it can never start with "-" and be read as an option by neo4j-admin.
            password = secrets.token_hex(16)
            path = write_credentials(settings.home, {"NEO4J_PASSWORD": password})
            self.say(f"Generated a Neo4j password, kept in {path} (readable by you only)")
            settings = settings.replace(password=password, password_source=str(path))
            self.settings = settings
        result = self._bootloader(java, ADMIN, "dbms", "set-initial-password", "--",
                                  settings.password)
        if result.returncode != 0:
            raise LocalServerError(f"could not set the initial password:\n"
                                   f"{_tail(result.stdout + result.stderr)}")
        return settings

    def _wait_until_ready(self, settings: Settings, timeout: float) -> Status:
        deadline = time.monotonic() + timeout
        last_error: LineageError | None = None
        while time.monotonic() < deadline:
            if self._pid() is None:
                raise LocalServerError(f"Neo4j exited while starting.\n{self._log_tail()}")
            try:
                with Graph.connect(settings) as graph:
                    version = graph.run("server/version")[0]["version"]
                pid = self._pid()
                return Status(True, pid, settings.uri, version, self.data_dir,
                              _resident_bytes(pid) if pid else None)
            except LineageError as err:
                last_error = err
                if type(err).__name__ == "AuthenticationFailed":
                    raise
                time.sleep(0.5)
        raise LocalServerError(f"Neo4j did not answer on {settings.uri} within {timeout:.0f} s "
                               f"({last_error}).\n{self._log_tail()}")

    def _pid(self) -> int | None:
        """The server's pid when its process is alive (Neo4j writes run/neo4j.pid)."""
        try:
            pid = int((self.run_dir / "neo4j.pid").read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid if _is_java(pid) else None

    def _bootloader(self, java: str, main: str, *args: str, timeout: float | None = 300
                    ) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env.update(NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.conf_dir),
                   JAVA_HOME=str(Path(java).resolve().parent.parent))
        try:
            return subprocess.run(
                [java, "-cp", f"{self.lib_dir}/*", main, *args],
                env=env, capture_output=True, text=True, timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as err:
            raise LocalServerError(f"Neo4j's {' '.join(args)} did not finish within "
                                   f"{err.timeout:.0f} s.\n{self._log_tail()}") from None

    def _log_tail(self) -> str:
        log = self.logs_dir / "neo4j.log"
        if not log.exists():
            return ""
        return f"Last lines of {log}:\n{_tail(log.read_text(errors='replace'), 15)}"


def _share(size: str, share: float) -> str:
    """A share of a memory size (``4g``, ``768m``), in mebibytes.

    >>> _share("4g", 0.5), _share("768m", 0.7)
    ('2048m', '537m')
    """
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    amount = int(size[:-1]) * units[size[-1].lower()]
    return f"{max(int(amount * share) // 2**20, 64)}m"


def find_java() -> str:
    """The ``java`` to run Neo4j with (``JAVA_HOME`` first), checked to be 17 or newer."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    install = "install a Java 17 JRE (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`)"
    if not java or not Path(java).exists():
        raise MissingTool(f"Java {JAVA_MAJOR} or newer is needed to run Neo4j: {install}")
    result = subprocess.run([java, "-version"], capture_output=True, text=True)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    major = int(match.group(1)) if match else 0
    if major == 1 and match and match.group(2):
        major = int(match.group(2))
    if major < JAVA_MAJOR:
        raise MissingTool(f"Neo4j {NEO4J_VERSION} needs Java {JAVA_MAJOR} or newer, but "
                          f"{java} is Java {major or 'of unknown version'}: {install}")
    return java


def _is_java(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc here: trust the pid file
    return b"java" in cmdline


def _resident_bytes(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
