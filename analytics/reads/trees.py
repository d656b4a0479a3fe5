"""Family trees around one model, walked one generation at a time.

The walk follows lineage edges up (to parents) and down (to children) from a focus model, never
visits a model twice (so declared cycles cannot make it loop), and stops at a node budget so a
family of 30,000 members still draws in a browser. The drawing then shows every lineage edge
among the models it holds, and says for each model how many of its parents and children it
leaves out. Asked to, it also holds the suggested parents (``lineage infer``) of the models it
drew, apart from the declared edges, for the drawing to show as suggestions; and, asked for its
history, the ended edges of its models (parents a child no longer declares, the parents of a
removed model), apart from the current ones. Each model says whether it is removed (a
complete listing lost it: ``removed``, ``removed_at``, ``removed_snapshot``).
"""

from __future__ import annotations

import collections
import dataclasses
from typing import Any

from lineage.analytics.reads.lookup import find_model
from lineage.analytics.reads.suggested import DEFAULT_MIN_CONFIDENCE, suggested_parents
from lineage.analytics.reads.walk import Walk
from lineage.cypher.client import Graph
from lineage.errors import UsageError
from lineage.relations import Relation

__all__ = ["FamilyTree", "family_tree", "children_by_relation", "drawing_facts"]


@dataclasses.dataclass
class FamilyTree:
    """A bounded piece of a family around ``focus`` (a model key).

    ``nodes`` maps model keys to their properties; ``edges`` holds every lineage edge among
    them as (parent key, child key, relation type), ``cycles`` those of the edges that lie on a
    declared cycle. ``levels`` gives each model's generation relative to the focus (parents
    negative). ``hidden_parents`` and ``hidden_children`` count, per model, the parents and
    children in the graph that the tree leaves out; ``budget_reached`` says whether the node
    budget (rather than the number of generations) stopped the walk.
    """

    focus: str
    nodes: dict[str, dict[str, Any]]
    edges: list[tuple[str, str, str]]
    levels: dict[str, int]
    hidden_children: dict[str, int] = dataclasses.field(default_factory=dict)
    hidden_parents: dict[str, int] = dataclasses.field(default_factory=dict)
    cycles: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    budget_reached: bool = False
    #: Suggested (inferred, not declared) parents of the tree's models: ``parent``, ``child``
    #: (keys), ``relation``, ``confidence``, ``evidence``; never among ``edges``.
    suggested: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: Ended edges (asked for with ``history``): ``parent``, ``child`` (keys), ``relation``
    #: (the relationship type the edge had), ``ended_at``, ``ended_snapshot``; never among
    #: ``edges``. Empty unless asked for.
    ended: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def model(self) -> dict[str, Any]:
        """The focus model's properties."""
        return self.nodes[self.focus]

    @property
    def parents(self) -> list[dict[str, Any]]:
        """The focus model's parents in the tree, most downloaded first."""
        return _by_downloads(self.nodes[p] for p in {p for p, c, _ in self.edges
                                                     if c == self.focus})

    @property
    def children(self) -> list[dict[str, Any]]:
        """The focus model's children in the tree, most downloaded first."""
        return _by_downloads(self.nodes[c] for c in {c for p, c, _ in self.edges
                                                     if p == self.focus})

    def relations(self, parent: str, child: str) -> list[str]:
        """The relation types of the edges from ``parent`` to ``child`` (model keys)."""
        return sorted(r for p, c, r in self.edges if p == parent and c == child)


def _by_downloads(models: Any) -> list[dict[str, Any]]:
    return sorted(models, key=lambda m: (-(m.get("downloads") or 0), m["key"]))


def family_tree(graph: Graph, model_id: str, *, up: int = 3, down: int = 2,
                max_nodes: int = 150, per_parent: int = 25,
                suggested: bool = False, history: bool = False) -> FamilyTree:
    """The family tree around a model, bounded in depth and size.

    Parameters
    ----------
    graph : Graph
        The connection to read from.
    model_id : str
        The focus model's Hub id, in any case.
    up, down : int
        Generations of ancestors and of descendants to walk (0 or more).
    max_nodes : int
        The node budget: the most models the tree holds, the focus included.
    per_parent : int
        The most children followed per model, the most downloaded first.
    suggested : bool
        Also hold the suggested parents (at or above the default confidence) of the models
        drawn; a suggested parent not drawn yet joins the tree a generation above its child
        while the budget allows (those of the chosen model first).
    history : bool
        Also hold the ended edges (``ENDED``: a parent a child no longer declares, or the
        parents of a removed model) of the models drawn, at most ``per_parent`` per model,
        the most recently ended first; the model at an ended edge's other end joins the tree
        a generation above or below while the budget allows (the chosen model's first).
        Without it the tree is the same as before the graph kept its history.

    Returns
    -------
    FamilyTree
        The models reached, every lineage edge among them, and per model how many parents
        and children it leaves out.

    Raises
    ------
    UsageError
        When a bound is out of range.
    ModelNotFound
        When the model is not in the graph (the message names the closest ids).

    Examples
    --------
    >>> from lineage.settings import Settings
    >>> with Graph.connect(Settings.from_env()) as graph:  # doctest: +SKIP
    ...     tree = family_tree(graph, "deepseek-ai/DeepSeek-R1", up=1, down=1, max_nodes=20)
    >>> [child["id"] for child in tree.children][:2]  # doctest: +SKIP
    ['nvidia/DeepSeek-R1-FP4', 'perplexity-ai/r1-1776']
    """
    if up < 0 or down < 0:
        raise UsageError("generations up and down must be 0 or more")
    if max_nodes < 1 or per_parent < 1:
        raise UsageError("the node budget and the children per model must be 1 or more")
    focus = find_model(graph, model_id)
    key = focus["key"]
    tree = FamilyTree(key, {key: focus}, [], {key: 0})
    types = Relation.types()

    def admit(model: dict[str, Any], level: int, walk: Walk) -> None:
        if model["key"] in tree.nodes:
            return
        if len(tree.nodes) >= max_nodes:
            tree.budget_reached = True
            return
        tree.nodes[model["key"]] = model
        tree.levels[model["key"]] = level
        walk.reach(model["key"])

    ancestors = Walk([key], ordered=False)
    for frontier in ancestors.generations(up):
        for row in graph.run("family/parents", keys=frontier, types=types):
            admit(row["model"], -ancestors.level, ancestors)
    descendants = Walk([key], ordered=False)
    for frontier in descendants.generations(down):
        for row in graph.run("family/children", keys=frontier, types=types,
                             per_parent=per_parent):
            for child in row["children"]:
                admit(child["model"], descendants.level, descendants)

    if suggested:
        # Before the edges are drawn, so a suggested parent brought in gets its declared
        # edges to the tree's models and its left-out relatives counted like any model.
        _add_suggested(graph, tree, max_nodes)
    if history:
        _add_ended(graph, tree, max_nodes, per_parent)
    _draw_edges(graph, tree, types)
    return tree


def _add_suggested(graph: Graph, tree: FamilyTree, max_nodes: int) -> None:
    """The suggested parents of the tree's models, the chosen model's first."""
    keys = [tree.focus, *sorted(k for k in tree.nodes if k != tree.focus)]
    rows = suggested_parents(graph, keys, DEFAULT_MIN_CONFIDENCE)
    rows.sort(key=lambda r: (r["child"] != tree.focus, r["child"], -r["confidence"],
                             r["parent"]))
    for row in rows:
        parent = row["parent"]
        if parent not in tree.nodes:
            if len(tree.nodes) >= max_nodes:
                tree.budget_reached = True
                continue
            tree.nodes[parent] = row["model"]
            tree.levels[parent] = tree.levels[row["child"]] - 1
        tree.suggested.append({"parent": parent, "child": row["child"],
                               "relation": row["relation"], "confidence": row["confidence"],
                               "evidence": list(row["evidence"] or ())})


def _add_ended(graph: Graph, tree: FamilyTree, max_nodes: int, per_model: int) -> None:
    """The ended edges of the tree's models, the chosen model's first; the model at the other
    end joins the tree next to its relative while the budget allows."""
    keys = [tree.focus, *sorted(k for k in tree.nodes if k != tree.focus)]
    rows = graph.run("family/ended", keys=keys, per_model=per_model)
    order = {key: n for n, key in enumerate(keys)}
    rows.sort(key=lambda r: order[r["key"]])
    seen = set()
    for row in rows:
        parent, child = row["parent"], row["child"]
        other = child if row["key"] == parent else parent
        if other not in tree.nodes:
            if len(tree.nodes) >= max_nodes:
                tree.budget_reached = True
                continue
            tree.nodes[other] = row["model"]
            tree.levels[other] = (tree.levels[row["key"]] + 1 if other == child
                                  else tree.levels[row["key"]] - 1)
        edge = (parent, child, row["relation"], row["ended_at"], row["ended_snapshot"])
        if edge in seen:  # found from both of its ends
            continue
        seen.add(edge)
        tree.ended.append({"parent": parent, "child": child, "relation": row["relation"],
                           "ended_at": row["ended_at"],
                           "ended_snapshot": row["ended_snapshot"]})


def _draw_edges(graph: Graph, tree: FamilyTree, types: list[str]) -> None:
    """Fill in every edge among the tree's models, what each model leaves out, and which of
    them are removed."""
    totals = {}
    for row in graph.run("family/degrees", keys=list(tree.nodes), types=types):
        totals[row["key"]] = (row["parents"], row["children"])
        if row["removed"]:
            tree.nodes[row["key"]] = {**tree.nodes[row["key"]], "removed": True,
                                      "removed_at": row["removed_at"],
                                      "removed_snapshot": row["removed_snapshot"]}
        for edge in row["edges"]:
            tree.edges.append((edge["parent"], row["key"], edge["relation"]))
            if edge["cycle"]:
                tree.cycles.add((edge["parent"], row["key"]))
    tree.edges.sort(key=lambda e: (tree.levels[e[1]], tree.levels[e[0]], e))
    drawn_parents = collections.Counter(c for _, c, _ in tree.edges)
    drawn_children = collections.Counter(p for p, _, _ in tree.edges)
    for key, (parents, children) in totals.items():
        if parents > drawn_parents[key]:
            tree.hidden_parents[key] = parents - drawn_parents[key]
        if children > drawn_children[key]:
            tree.hidden_children[key] = children - drawn_children[key]


def children_by_relation(graph: Graph, model_id: str) -> dict[str, int]:
    """How many children ``model_id`` has in the graph, by relation type, most common first.

    Examples
    --------
    >>> children_by_relation(graph, "deepseek-ai/DeepSeek-R1")  # doctest: +SKIP
    {'FINETUNE': 297, 'ADAPTER': 121}
    """
    rows = graph.run("family/child_relations", id=model_id, types=Relation.types())
    return {row["relation"]: row["children"] for row in rows}


def drawing_facts(graph: Graph, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Model key -> ``created_at``, ``licenses``, ``generation`` and ``mdi``: what a family
    tree's drawing colours models by and the day it shows the family on."""
    return {row["key"]: row for row in graph.run("family/traits", keys=keys)}
