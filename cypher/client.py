"""The one module that talks to Neo4j.

Everything else in the project goes through :class:`Graph`: named queries by name, batched
writes, and ad-hoc read-only queries a user typed. Every transaction carries the query's name in
its metadata (visible in ``SHOW TRANSACTIONS`` and the query log) and a timeout; ad-hoc queries
also run with read access and a row cap.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j import graph as neo4j_graph
from neo4j import time as neo4j_time

from lineage.cypher import guard, queries
from lineage.errors import (
    AuthenticationFailed,
    DatabaseUnavailable,
    DiskFull,
    QueryError,
    UsageError,
)
from lineage.settings import Settings

APP = "lineage"


@dataclasses.dataclass(frozen=True)
class AdhocResult:
    """Rows of an ad-hoc query; ``truncated`` when a cap cut it short: ``cut_by`` says which,
    ``"rows"`` (the row cap) or ``"bytes"`` (the byte cap)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    cut_by: str | None = None


class Graph:
    """A connection to the configured Neo4j database.

    Use it as a context manager, or call :meth:`close` when done::

        with Graph.connect(settings) as graph:
            rows = graph.run("models/search", text="llama", limit=10)
    """

    def __init__(self, settings: Settings, driver: neo4j.Driver) -> None:
        self.settings = settings
        self._driver = driver

    @classmethod
    def connect(cls, settings: Settings, *, verify: bool = True) -> Graph:
        """Open a driver for ``settings`` and (by default) check that the server answers."""
        if settings.password is None:
            raise AuthenticationFailed(
                f"no password for Neo4j at {settings.uri}: set NEO4J_PASSWORD, or start the "
                "local server with `lineage db start`, which creates one"
            )
        try:
            driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=(settings.username, settings.password),
                user_agent=f"{APP}-explorer",
                connection_timeout=10,
                max_transaction_retry_time=15,
                notifications_min_severity="OFF",
            )
        except (ValueError, neo4j_errors.ConfigurationError) as err:
            raise UsageError(f"cannot use NEO4J_URI={settings.uri!r}: {err}") from None
        graph = cls(settings, driver)
        if verify:
            try:
                graph._translate(driver.verify_connectivity)
            except Exception:
                driver.close()
                raise
        return graph

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    # -- named queries ---------------------------------------------------------------------

    def run(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run the named query ``name`` with ``params``; return its rows as dicts."""
        return list(self.stream(name, **params))

    def run_counted(self, name: str, **params: Any) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """Run a named write query; return its rows and its update counters
        (nodes_created, relationships_created, properties_set, ...)."""
        query = queries.get(name)
        _check_parameters(query, params)

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], dict[str, int]]:
            result = tx.run(query.text, params)
            rows = [plain(dict(r.items())) for r in result]
            return rows, _counters(result.consume().counters)

        with self._session("write") as session:
            return self._translate(session.execute_write, self._tagged(work, name, write=True),
                                   name=name)

    def run_together(self, name: str, work: Callable[[Callable[..., list[dict[str, Any]]]], Any]
                     ) -> Any:
        """Run several named write queries as one transaction, so that all of them or none
        take effect: ``work`` gets a ``run(name, **params)`` that runs one and returns its rows,
        and may choose what to run next from them. ``name`` tags the transaction. The driver
        runs ``work`` again on a transient error (a deadlock), so it must only run queries."""

        def in_transaction(tx: neo4j.ManagedTransaction) -> Any:
            def run(query_name: str, /, **params: Any) -> list[dict[str, Any]]:
                query = queries.get(query_name)
                _check_parameters(query, params)
                return [plain(dict(r.items())) for r in tx.run(query.text, params)]
            return work(run)

        with self._session("write") as session:
            return self._translate(session.execute_write,
                                   self._tagged(in_transaction, name, write=True), name=name)

    def stream(self, name: str, /, *, timeout: float | None = None, **params: Any
               ) -> Iterator[dict[str, Any]]:
        """Yield the rows of the named query one at a time (for results too big to hold)."""
        query = queries.get(name)
        _check_parameters(query, params)
        write = query.access == "write"
        try:
            with self._session(query.access) as session:
                if write and _BATCHED.search(query.text):
                    # CALL ... IN TRANSACTIONS commits as it goes: Neo4j runs it only in an
                    # implicit (auto-commit) transaction.
                    cypher = neo4j.Query(query.text, metadata=self._metadata(name),
                                         timeout=self._timeout(timeout, write=True))
                    yield from (plain(dict(r.items())) for r in list(session.run(cypher, params)))
                    return
                if write:
                    work = self._tagged(lambda tx: [plain(dict(r.items()))
                                                    for r in tx.run(query.text, params)],
                                        name, write=True, timeout=timeout)
                    yield from session.execute_write(work)
                    return
                # A read streams inside an explicit transaction instead of being collected.
                with session.begin_transaction(metadata=self._metadata(name),
                                               timeout=self._timeout(timeout)) as tx:
                    for record in tx.run(query.text, params):
                        yield plain(dict(record.items()))
        except _DRIVER_ERRORS as err:
            raise self._error(err, name) from None

    def run_columns(self, name: str, /, *, timeout: float | None = None, **params: Any
                    ) -> list[dict[str, Any]]:
        """Run a named read query that returns its result column by column (a few rows of long
        lists of numbers, strings and booleans); return its rows as dicts.

        Unlike :meth:`run`, values are not walked one by one to convert driver types: at
        hundreds of thousands of values that walk costs more than the query itself, and
        columnar queries return plain values only.
        """
        query = queries.get(name)
        _check_parameters(query, params)
        if query.access != "read":
            raise UsageError(f"query {name!r} writes; run_columns only reads")

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [dict(record.items()) for record in tx.run(query.text, params)]

        with self._session("read") as session:
            return self._translate(session.execute_read,
                                   self._tagged(work, name, timeout=timeout), name=name)

    def write_batches(self, name: str, rows: Iterable[Mapping[str, Any]], *, batch_size: int,
                      params: Mapping[str, Any] | None = None,
                      on_batch: Callable[[int], None] | None = None,
                      workers: int = 1) -> dict[str, int]:
        """Run the named write query once per batch of ``rows`` (bound to ``$rows``).

        Each batch is one transaction, retried by the driver on transient errors. Returns the
        summed update counters (nodes_created, relationships_created, properties_set, ...).
        ``on_batch`` is called with the size of each batch once it is committed. ``workers``
        above 1 keeps that many transactions in flight at once, each in its own session: only
        for batches that touch disjoint nodes (each row its own model), so that they never wait
        on each other's locks.
        """
        query = queries.get(name)
        extra = dict(params or {})
        _check_parameters(query, {**extra, "rows": []})
        totals: dict[str, int] = {}

        def run_batch(tx: neo4j.ManagedTransaction, batch: list) -> dict[str, int]:
            return _counters(tx.run(query.text, rows=batch, **extra).consume().counters)

        work = self._tagged(run_batch, name, write=True)
        iterator = iter(rows)
        batches = iter(lambda: list(itertools.islice(iterator, batch_size)), [])

        def committed(counters: dict[str, int], size: int) -> None:
            for key, value in counters.items():
                totals[key] = totals.get(key, 0) + value
            if on_batch:
                on_batch(size)

        if workers <= 1:
            with self._session("write") as session:
                for batch in batches:
                    committed(self._translate(session.execute_write, work, batch, name=name),
                              len(batch))
            return totals
        local = threading.local()

        def run_in_own_session(batch: list) -> tuple[dict[str, int], int]:
            if not hasattr(local, "session"):
                local.session = self._session("write")
                opened.append(local.session)
            return self._translate(local.session.execute_write, work, batch, name=name), len(batch)

        opened: list[neo4j.Session] = []
        try:
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                pending: set[concurrent.futures.Future] = set()
                for batch in batches:
                    pending.add(pool.submit(run_in_own_session, batch))
                    if len(pending) >= 2 * workers:
                        done, pending = concurrent.futures.wait(
                            pending, return_when=concurrent.futures.FIRST_COMPLETED)
                        for future in done:
                            committed(*future.result())
                for future in concurrent.futures.as_completed(pending):
                    committed(*future.result())
        finally:
            for session in opened:
                session.close()
        return totals

    def run_statements(self, name: str, statements: Iterable[str]) -> None:
        """Run our own statements together in one transaction: schema changes (which cannot
        share a transaction with data changes) or a test's fixture. Indexes created together
        are populated by one scan of the store, not one scan each."""
        statements = list(statements)

        def work(tx: neo4j.ManagedTransaction) -> None:
            for statement in statements:
                tx.run(statement).consume()

        if statements:
            with self._session("write") as session:
                self._translate(session.execute_write, self._tagged(work, name, write=True),
                                name=name)

    def explain(self, name: str) -> list[str]:
        """Ask the server to plan the named query without running it; return the warnings it
        gives (deprecated syntax, unknown labels ...).

        Raises :class:`QueryError` when the server cannot parse or plan it.
        """
        query = queries.get(name)

        def plan(tx: neo4j.ManagedTransaction) -> list[str]:
            summary = tx.run("EXPLAIN " + query.text,
                             {p: None for p in query.body_parameters}).consume()
            return [f"{status.gql_status}: {status.status_description}"
                    for status in summary.gql_status_objects
                    if status.is_notification and status.severity == "WARNING"
                    and status.gql_status not in _SCHEMA_NOT_YET_SEEN]

        with self._driver.session(database=self.settings.database,
                                  notifications_min_severity="WARNING") as session:
            return self._translate(session.execute_read, self._tagged(plan, name), name=name)

    # -- what a user typed -------------------------------------------------------------------

    def adhoc(self, text: str, params: Mapping[str, Any] | None = None,
              max_rows: int | None = None, max_bytes: int | None = None) -> AdhocResult:
        """Run a query a user typed: only when its plan reads the graph and nothing else
        (:mod:`lineage.cypher.guard`; a :class:`QueryRefused` otherwise), in a read
        transaction, timed out, at most ``max_rows`` rows and about ``max_bytes`` bytes (the
        rows' JSON text)."""
        cap = max_rows or self.settings.max_rows
        most = max_bytes or self.settings.max_bytes
        arguments = dict(params or {})

        def work(tx: neo4j.ManagedTransaction) -> AdhocResult:
            summary = tx.run("EXPLAIN " + text, arguments).consume()
            guard.check(summary.query_type, summary.plan)
            result = tx.run(text, arguments)
            rows: list[dict[str, Any]] = []
            size, cut_by = 0, None
            for record in result:
                if len(rows) == cap:
                    cut_by = "rows"
                    break
                row = plain(dict(record.items()))
                size += len(json.dumps(row, default=str, ensure_ascii=False))
                if size > most:
                    cut_by = "bytes"
                    break
                rows.append(row)
            return AdhocResult(list(result.keys()), rows, cut_by is not None, cut_by)

        with self._session("read") as session:
            # Tagged "adhoc" for the server's logs; messages need not name it to the user.
            return self._translate(session.execute_read, self._tagged(work, "adhoc"))

    # -- plumbing ----------------------------------------------------------------------------

    def _metadata(self, name: str) -> dict[str, str]:
        return {"app": APP, "query": name}

    def _timeout(self, timeout: float | None, write: bool = False) -> float:
        # Writes of a whole batch may legitimately take longer than an interactive read.
        return timeout or self.settings.query_timeout * (10 if write else 1)

    def _tagged(self, work: Callable[..., Any], name: str, write: bool = False,
                timeout: float | None = None) -> Callable[..., Any]:
        """``work`` as a unit of work carrying the query name and a timeout."""
        return neo4j.unit_of_work(metadata=self._metadata(name),
                                  timeout=self._timeout(timeout, write))(work)

    def _session(self, access: str) -> neo4j.Session:
        mode = neo4j.WRITE_ACCESS if access == "write" else neo4j.READ_ACCESS
        return self._driver.session(database=self.settings.database, default_access_mode=mode)

    def _translate(self, fn: Callable[..., Any], *args: Any, name: str = "") -> Any:
        """Call ``fn`` and turn driver errors into :class:`LineageError` with a fix."""
        try:
            return fn(*args)
        except _DRIVER_ERRORS as err:
            raise self._error(err, name) from None

    def _error(self, err: Exception, name: str) -> Exception:
        s = self.settings
        where = f" in query {name!r}" if name else ""
        if isinstance(err, neo4j_errors.AuthError):
            return AuthenticationFailed(
                f"Neo4j at {s.uri} refused user {s.username!r}: the password from "
                f"{s.password_source} is wrong. Set NEO4J_PASSWORD to the right one"
            )
        if isinstance(err, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError)):
            hint = ("start it with `lineage db start`" if s.local_bolt_port
                    else "check NEO4J_URI and that the server is up")
            return DatabaseUnavailable(f"cannot reach Neo4j at {s.uri} — {hint}")
        if DiskFull.said_in(str(err)):
            return (DiskFull.at(s.home, "the database's write") if s.local_bolt_port
                    else DiskFull(f"the disk of the Neo4j server at {s.uri} is full; free "
                                  "space there, then run the command again"))
        if s.local_bolt_port and isinstance(err, neo4j_errors.Neo4jError) and DiskFull.nearly(
                s.home):
            # Neo4j stops writing (and says only "a critical error") when its disk fills.
            return DiskFull.at(s.home, "Neo4j's writes", "restart the server (`lineage db "
                               "stop`, `lineage db start`) and run the command again")
        if isinstance(err, neo4j_errors.Neo4jError):
            code = err.code or ""
            if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
                return QueryError(f"query{where} ran longer than {s.query_timeout:g} s and was "
                                  "stopped; narrow it or raise LINEAGE_QUERY_TIMEOUT")
            if "DatabaseNotFound" in code:
                return QueryError(f"Neo4j at {s.uri} has no database {s.database!r}: "
                                  "check NEO4J_DATABASE")
            if "AccessMode" in code or "ForbiddenDueToTransactionType" in code:
                return QueryError("this query writes to the graph; queries typed by a user may "
                                  "only read")
            return QueryError(f"Neo4j rejected the query{where}: {err.message}")
        return DatabaseUnavailable(f"lost the connection to Neo4j at {s.uri}: {err}")


# "Label / relationship type / property does not exist (yet)": expected on an empty database.
_SCHEMA_NOT_YET_SEEN = {"01N50", "01N51", "01N52"}
_BATCHED = re.compile(r"\bIN\s+(?:\d+\s+CONCURRENT\s+)?TRANSACTIONS\b", re.I)
_DRIVER_ERRORS = (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError)


def _counters(counters: neo4j.SummaryCounters) -> dict[str, int]:
    return {key: value for key, value in vars(counters).items()
            if isinstance(value, int) and not isinstance(value, bool) and value
            and not key.startswith("_")}


def _check_parameters(query: queries.NamedQuery, params: Mapping[str, Any]) -> None:
    missing = query.body_parameters - set(params)
    unknown = set(params) - set(query.parameters)
    if missing or unknown:
        raise UsageError(
            f"query {query.name!r} takes {sorted(query.parameters)}; "
            f"missing {sorted(missing)}, unknown {sorted(unknown)}"
        )


#: Values the driver already gives as plain Python (checked by exact type: the common case of
#: every row, and of long lists, costs one set look-up instead of a chain of isinstance).
_PLAIN = frozenset({str, int, float, bool, type(None), bytes})


def plain(value: Any) -> Any:
    """Turn driver values (nodes, relationships, paths, Neo4j temporals) into plain Python."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _PLAIN else plain(v) for v in value]
    if isinstance(value, neo4j_graph.Node):
        return {"labels": sorted(value.labels), **plain(dict(value))}
    if isinstance(value, neo4j_graph.Relationship):
        return {"type": value.type, "start": value.start_node["id"] if value.start_node else None,
                "end": value.end_node["id"] if value.end_node else None, **plain(dict(value))}
    if isinstance(value, neo4j_graph.Path):
        return {"nodes": plain(list(value.nodes)), "relationships": plain(list(value.relationships))}
    if isinstance(value, (neo4j_time.DateTime, neo4j_time.Date, neo4j_time.Time)):
        return value.to_native()
    if isinstance(value, neo4j_time.Duration):
        return str(value)
    return value

