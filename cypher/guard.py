"""What a query typed by a user may do: read the graph, and nothing else.

Neo4j Community has no roles to take ``LOAD CSV``, procedures or administration away from a
user, so the console (the CLI's ``lineage cypher`` and the app's Query page) decides before it
runs a query, from the plan the server makes of it (``EXPLAIN``), never from its text: a
comment, a string or a parameter cannot hide what the plan shows. A query is refused when

* the server would run it as anything but a read (query type other than ``r``: a write, a
  schema change, an administration command);
* its plan loads a file or a URL (``LoadCSV``);
* it calls a procedure other than the schema and label listings of :data:`PROCEDURES`;
* it is a command other than :data:`SHOW` (indexes and constraints): another ``SHOW`` (settings,
  procedures, transactions ...), ``TERMINATE TRANSACTIONS``, or anything that runs on the
  system database (users, roles, databases);
* it runs in transactions of its own (``CALL { ... } IN TRANSACTIONS``).

Functions are the server's built-in ones: the local server loads no plugin
(``dbms.security.procedures.allowlist`` is empty), so none reaches outside the graph. The
server's own configuration refuses ``LOAD CSV`` from a file or a URL as well
(:mod:`lineage.localneo4j.server`), for any query that reaches it some other way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lineage.errors import QueryRefused

__all__ = ["PROCEDURES", "SHOW", "check", "operators"]

#: The procedures the console may call: listings of what the graph holds.
PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})
#: The ``SHOW`` commands the console may run.
SHOW = frozenset({"ShowIndexes", "ShowConstraints"})
#: The beginnings of the plan operators of commands (as opposed to clauses).
_COMMANDS = ("Show", "Terminate")
#: Plan operators that run parts of a query in transactions of their own.
_TRANSACTIONS = ("TransactionApply", "TransactionForeach")
_PROCEDURE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\(")


def operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Every operator of a plan (the driver's ``summary.plan``): its type, the database it
    runs on and its details, the whole tree depth first.

    >>> list(operators({"operatorType": "ProduceResults@neo4j", "args": {"Details": "x"},
    ...                 "children": [{"operatorType": "LoadCSV@neo4j", "children": []}]}))
    [('ProduceResults', 'neo4j', 'x'), ('LoadCSV', 'neo4j', '')]
    """
    stack = [plan]
    while stack:
        node = stack.pop()
        kind, _, database = str(node.get("operatorType", "")).partition("@")
        yield kind, database, str((node.get("args") or {}).get("Details", ""))
        stack.extend(reversed(node.get("children") or []))


def check(query_type: str | None, plan: Mapping[str, Any] | None) -> None:
    """Refuse (:class:`~lineage.errors.QueryRefused`, saying why in one line) a query whose
    plan does more than read the graph.

    Examples
    --------
    >>> load = {"operatorType": "ProduceResults@neo4j", "children": [
    ...     {"operatorType": "LoadCSV@neo4j", "args": {"Details": "row"}}]}
    >>> check("r", load)
    Traceback (most recent call last):
    ...
    lineage.errors.QueryRefused: refused: LOAD CSV reads files and URLs outside the graph; \
the console only reads the graph
    >>> check("r", {"operatorType": "ProcedureCall@neo4j",
    ...             "args": {"Details": "db.labels() :: (label :: STRING)"}})
    """
    if plan is None:
        raise QueryRefused("refused: the server gave no plan for this query, so what it would "
                           "do cannot be checked")
    for kind, database, details in operators(plan):
        if database == "system" or kind == "AdministrationCommand":
            raise QueryRefused("refused: administration commands (users, roles, databases, "
                               "the server) are not for the console")
        if kind == "LoadCSV":
            raise QueryRefused("refused: LOAD CSV reads files and URLs outside the graph; the "
                               "console only reads the graph")
        if kind.startswith(_COMMANDS) and kind not in SHOW:
            raise QueryRefused(f"refused: of the commands, only SHOW INDEXES and SHOW "
                               f"CONSTRAINTS run here, not {_words(kind)}")
        if kind in _TRANSACTIONS:
            raise QueryRefused("refused: CALL { ... } IN TRANSACTIONS commits as it goes; the "
                               "console runs one read transaction")
        if kind.startswith("ProcedureCall"):
            match = _PROCEDURE.match(details)
            name = match.group(1) if match else details.split("(")[0].strip()
            if name not in PROCEDURES:
                raise QueryRefused(f"refused: the procedure {name or '?'} is not one the console "
                                   f"calls (it calls {', '.join(sorted(PROCEDURES))})")
    if query_type != "r":
        what = {"w": "writes", "rw": "writes", "s": "changes the schema"}.get(
            query_type or "", "does more than read")
        raise QueryRefused(f"refused: this query {what}; the console only reads the graph")


def _words(kind: str) -> str:
    """``ShowTransactions`` -> ``SHOW TRANSACTIONS``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", kind).upper()
