"""A digest of a whole graph, written apart from the project's code: the Neo4j driver reads
every node and every relationship with its properties, and the digest hashes them in a
canonical order. Two graphs with the same digest hold the same models, lineage, measures,
families, kin heads and analyses, property for property.

Left out, because they say when and by which load or run something happened rather than what
the graph holds: ``Snapshot`` and ``Computation`` nodes, the nodes' ``first_seen``,
``last_seen``, ``first_snapshot``, ``last_snapshot`` and ``computed_at``, the relationships'
``snapshot`` and ``last_snapshot``, and the ``CardStore`` node's id (each load that writes cards
names a store of its own; the card texts are compared by key instead).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import neo4j

SKIPPED_LABELS = {"Snapshot", "Computation", "SchemaVersion"}
NODE_BOOKKEEPING = {"first_seen", "last_seen", "first_snapshot", "last_snapshot",
                    "computed_at", "applied_at"}
EDGE_BOOKKEEPING = {"snapshot", "last_snapshot"}


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def contents(uri: str, password: str, database: str = "neo4j") -> dict[str, Any]:
    """Every node (by labels and key or id) and relationship with its properties."""
    nodes, edges = [], []
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        with driver.session(database=database) as session:
            for record in session.run("MATCH (n) RETURN labels(n) AS labels, "
                                      "properties(n) AS props"):
                labels = sorted(record["labels"])
                if SKIPPED_LABELS & set(labels):
                    continue
                props = {k: v for k, v in record["props"].items() if k not in NODE_BOOKKEEPING}
                if "CardStore" in labels:
                    props.pop("id", None)
                nodes.append(_canonical({"labels": labels, **props}))
            for record in session.run(
                    "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.key AS parent, "
                    "b.key AS child, properties(r) AS props"):
                props = {k: v for k, v in record["props"].items() if k not in EDGE_BOOKKEEPING}
                edges.append(_canonical({"type": record["type"], "parent": record["parent"],
                                         "child": record["child"], **props}))
            indexes = sorted(r["name"] for r in session.run("SHOW INDEXES YIELD name, state "
                                                              "WHERE state = 'ONLINE' "
                                                              "RETURN name"))
    key = lambda item: json.dumps(item, sort_keys=True, default=str)  # noqa: E731
    return {"nodes": sorted(nodes, key=key), "edges": sorted(edges, key=key),
            "indexes": indexes}


def digest(uri: str, password: str, database: str = "neo4j") -> str:
    """The SHA-256 of :func:`contents`, with the counts in front for a readable mismatch."""
    found = contents(uri, password, database)
    text = json.dumps(found, sort_keys=True, default=str)
    return (f"{len(found['nodes'])} nodes, {len(found['edges'])} edges, "
            f"{len(found['indexes'])} indexes: {hashlib.sha256(text.encode()).hexdigest()}")
