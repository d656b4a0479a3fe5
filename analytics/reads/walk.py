"""Walking the lineage outward from some models, one generation at a time.

Every walk through the graph from a model (a family tree up and down, a lineage report's
ancestry and descendants, a family for the review and the GraphML export) reads one generation
per named query, for all models of that generation at once, and visits each model once, so a
declared cycle never makes it loop. :class:`Walk` keeps that loop and what it reached; each
caller reads its own query per generation and says which models it reached.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator

from lineage.analytics.reads.lookup import find_model
from lineage.analytics.reads.suggested import WORDS, followed_types
from lineage.cypher.client import Graph
from lineage.relations import Relation

__all__ = ["Walk", "family_walk"]


class Walk:
    """A walk outward from ``start``: :meth:`generations` yields each generation's models to
    read from, and :meth:`reach` records the models found from them, which make the next.

    ``reached`` maps every model reached to the generation it was first reached at (the start
    at 0). ``frontier`` holds the models reached last and not yet walked from: empty when the
    walk ran out of models, not when it stopped at its generations or when the caller left the
    loop. Each generation is walked in sorted order, or, with ``ordered=False``, in the order
    its models were reached.

    Examples
    --------
    >>> children = {"a": ["b", "c"], "b": ["d"], "c": ["d", "a"]}
    >>> walk = Walk(["a"])
    >>> for frontier in walk.generations():
    ...     for key in frontier:
    ...         for child in children.get(key, []):
    ...             _ = walk.reach(child)
    >>> walk.reached
    {'a': 0, 'b': 1, 'c': 1, 'd': 2}
    """

    def __init__(self, start: Iterable[Hashable], *, ordered: bool = True) -> None:
        self.frontier: list = list(start)
        self.reached: dict = {key: 0 for key in self.frontier}
        self.level = 0
        self._ordered = ordered
        self._next: list = []

    def __len__(self) -> int:
        return len(self.reached)

    def generations(self, levels: int | None = None) -> Iterator[list]:
        """The models to read from, one generation after another, until no model is left or
        ``levels`` generations were walked (every one when None). Within the loop,
        :attr:`level` is the generation being reached."""
        while self.frontier and (levels is None or self.level < levels):
            frontier = self.frontier
            self._next = []
            self.level += 1
            yield frontier
            self.frontier = sorted(self._next) if self._ordered else self._next

    def reach(self, key: Hashable) -> bool:
        """Record ``key`` as reached at this generation; False when it was reached before."""
        if key in self.reached:
            return False
        self.reached[key] = self.level
        self._next.append(key)
        return True


def family_walk(graph: Graph, model_id: str, include_suggested: bool = False
                ) -> tuple[list[str], list[tuple]]:
    """The keys of a model's family (its weakly connected set of models, walked from it one
    step at a time) and its edges (parent, child, relation word, cycle), sorted; with
    ``include_suggested`` the walk crosses suggested edges too (relation word ``suggested``).
    """
    start = find_model(graph, model_id)["key"]
    types = followed_types(Relation.types(), include_suggested)
    walk, edges = Walk([start]), set()
    for frontier in walk.generations():
        for row in graph.run("family/neighbours", keys=frontier, types=types):
            edges.add((row["parent"], row["child"], WORDS[row["relation"]], row["cycle"]))
            walk.reach(row["parent"])
            walk.reach(row["child"])
    return sorted(walk.reached), sorted(edges)
