"""Family trees around one model, walked one generation at a time.

The walk follows lineage edges up (to parents) and down (to children) from a focus model, never
visits a model twice (so declared cycles cannot make it loop), and stops at a node budget so a
family of 30,000 members still draws in a browser.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from lineage.cypher.client import Graph
from lineage.cypher.model import Relation
from lineage.errors import UsageError


@dataclasses.dataclass
class FamilyTree:
    """A bounded piece of a family: nodes by key, edges (parent key, child key, relation)."""

    focus: str
    nodes: dict[str, dict[str, Any]]
    edges: list[tuple[str, str, str]]
    levels: dict[str, int]  # generations relative to the focus (parents negative)
    hidden_children: dict[str, int]  # model key -> children left out by the budget

    @property
    def parents(self) -> list[dict[str, Any]]:
        return [self.nodes[p] for p, c, _ in self.edges if c == self.focus]

    @property
    def children(self) -> list[dict[str, Any]]:
        return [self.nodes[c] for p, c, _ in self.edges if p == self.focus]


def family_tree(graph: Graph, model_id: str, *, up: int = 3, down: int = 2,
                max_nodes: int = 150, per_parent: int = 25) -> FamilyTree:
    """The family tree around ``model_id``: ``up`` generations of ancestors, ``down`` of
    descendants, at most ``max_nodes`` models and ``per_parent`` children shown per model.

    Raises :class:`UsageError` when the model is not in the graph.
    """
    rows = graph.run("models/get", id=model_id)
    if not rows:
        raise UsageError(f"no model {model_id!r} in the graph: search with `lineage search`")
    focus = rows[0]["model"]
    key = focus["key"]
    tree = FamilyTree(key, {key: focus}, [], {key: 0}, {})
    types = Relation.types()
    seen_edges: set[tuple[str, str, str]] = set()

    def add_edge(parent: str, child: str, relation: str) -> None:
        if (parent, child, relation) not in seen_edges:
            seen_edges.add((parent, child, relation))
            tree.edges.append((parent, child, relation))

    frontier = [key]
    for level in range(1, up + 1):
        if not frontier or len(tree.nodes) >= max_nodes:
            break
        nxt = []
        for row in graph.run("family/parents", keys=frontier, types=types):
            parent = row["parent"]
            if parent not in tree.nodes:
                if len(tree.nodes) >= max_nodes:
                    continue
                tree.nodes[parent] = row["model"]
                tree.levels[parent] = -level
                nxt.append(parent)
            add_edge(parent, row["child"], row["relation"])
        frontier = nxt

    frontier = [key]
    for level in range(1, down + 1):
        if not frontier or len(tree.nodes) >= max_nodes:
            break
        nxt = []
        for row in graph.run("family/children", keys=frontier, types=types,
                             per_parent=per_parent):
            shown = 0
            for child in row["children"]:
                child_key = child["model"]["key"]
                if child_key not in tree.nodes:
                    if len(tree.nodes) >= max_nodes:
                        continue
                    tree.nodes[child_key] = child["model"]
                    tree.levels[child_key] = level
                    nxt.append(child_key)
                add_edge(row["parent"], child_key, child["relation"])
                shown += 1
            if row["total"] > shown:
                tree.hidden_children[row["parent"]] = row["total"] - shown
        frontier = nxt
    return tree
